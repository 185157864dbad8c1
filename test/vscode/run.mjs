// Runs the extension-host tests (test/vscode/suite) inside a real VS Code with
// @vscode/test-electron's runTests(), each time on a fresh copy of its test workspace.
//
// Which VS Code: TWELVE_FACTOR_VSCODE=<path of a desktop VS Code executable> uses that one;
// TWELVE_FACTOR_VSCODE=download lets @vscode/test-electron download VS Code (stable, or
// TWELVE_FACTOR_VSCODE_VERSION); unset, the code-server harness of scripts/vscode is set up
// (cached in .vscode-test/) and its shim stands in for the VS Code executable.
//
// usage: node test/vscode/run.mjs [--no-build] [run names…]   (runs: activation-js, activation-ts, activation-py, activation-go, example)
// TWELVE_FACTOR_VSCODE_KEEP=1 keeps each run's folder (workspace, user data, logs) in .vscode-test/runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { RUNS as RUNS_DIR, ROOT, SHIM } from '../../scripts/vscode/paths.mjs';
import { ensureSetUp } from '../../scripts/vscode/setup.mjs';

const OUT = path.join(ROOT, 'out', 'test', 'vscode');
const SUITE = path.join(ROOT, 'test', 'vscode', 'suite');
const EXAMPLE = path.join(ROOT, 'examples', 'express-app');
const USER_SETTINGS = path.join(ROOT, 'scripts', 'vscode', 'user-settings.json');

/** A folder holding one small server file with a fixed port, and no project marker files. */
function plainWorkspace(file, text) {
  return (dir) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
}

/** Copies the example app, without what its own build or install would add. */
function exampleWorkspace(dir) {
  if (!fs.existsSync(EXAMPLE)) throw new Error(`the example workspace ${path.relative(ROOT, EXAMPLE)} is missing.`);
  fs.cpSync(EXAMPLE, dir, { recursive: true, filter: (p) => !['node_modules', 'dist', 'logs', '.env'].includes(path.basename(p)) });
}

const JS_APP = "const http = require('node:http');\n\nhttp.createServer((req, res) => res.end('ok')).listen(8080);\n";
const TS_APP = "import * as http from 'node:http';\n\nhttp.createServer((req, res) => res.end('ok')).listen(8080);\n";
const PY_APP = 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "ok"\n\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=8080)\n';
const GO_APP = 'package main\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })\n\tlog.Fatal(http.ListenAndServe(":8080", nil))\n}\n';

/**
 * The test runs: each opens its own workspace in a new window and runs the listed suite files.
 * Activation is checked in folders without project files, so that only opening the file can
 * activate the extension.
 */
const RUNS = [
  { name: 'activation-js', tests: ['activation', 'output'], env: { TWELVE_FACTOR_TEST_FILE: 'app.js' }, workspace: plainWorkspace('app.js', JS_APP) },
  { name: 'activation-ts', tests: ['activation', 'output'], env: { TWELVE_FACTOR_TEST_FILE: 'app.ts' }, workspace: plainWorkspace('app.ts', TS_APP) },
  { name: 'activation-py', tests: ['activation', 'output'], env: { TWELVE_FACTOR_TEST_FILE: 'app.py' }, workspace: plainWorkspace('app.py', PY_APP) },
  { name: 'activation-go', tests: ['activation', 'output'], env: { TWELVE_FACTOR_TEST_FILE: 'main.go' }, workspace: plainWorkspace('main.go', GO_APP) },
  { name: 'example', tests: ['example', 'checklist', 'fixes', 'settings', 'ignore', 'output'], env: {}, workspace: exampleWorkspace },
];

function buildExtension() {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the extension failed (node esbuild.mjs).');
  for (const f of ['dist/client.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} was not built.`);
  }
}

/** Compiles the suite to out/test/vscode; mocha stays external and is loaded from node_modules. */
async function buildTests() {
  fs.rmSync(OUT, { recursive: true, force: true });
  const entryPoints = fs.readdirSync(SUITE).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(SUITE, f));
  await esbuild.build({
    entryPoints,
    outdir: OUT,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** The VS Code executable to run, or undefined to let @vscode/test-electron download one. */
function vscodeExecutable() {
  const chosen = process.env.TWELVE_FACTOR_VSCODE;
  if (chosen === 'download') return undefined;
  if (chosen) {
    if (!fs.existsSync(chosen)) throw new Error(`TWELVE_FACTOR_VSCODE=${chosen} does not exist.`);
    return chosen;
  }
  ensureSetUp();
  return SHIM;
}

async function main() {
  const args = process.argv.slice(2);
  const build = !args.includes('--no-build');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !RUNS.some((r) => r.name === n));
  if (unknown.length) throw new Error(`unknown run ${unknown.join(', ')}; the runs are ${RUNS.map((r) => r.name).join(', ')}.`);
  const selected = names.length ? RUNS.filter((r) => names.includes(r.name)) : RUNS;

  const vscodeExecutablePath = vscodeExecutable();
  if (build) {
    buildExtension();
    await buildTests();
  }
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  const results = [];
  for (const run of selected) {
    const t0 = Date.now();
    const runDir = fs.mkdtempSync(path.join(RUNS_DIR, `${run.name}-`));
    const workspace = path.join(runDir, 'workspace');
    run.workspace(workspace);
    const userDataDir = path.join(runDir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.copyFileSync(USER_SETTINGS, path.join(userDataDir, 'User', 'settings.json'));
    console.log(`\n=== ${run.name}: ${run.tests.join(', ')} in ${path.relative(ROOT, workspace)}`);
    let ok = false;
    try {
      await runTests({
        vscodeExecutablePath,
        version: process.env.TWELVE_FACTOR_VSCODE_VERSION,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: path.join(OUT, 'index'),
        launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${userDataDir}`, `--extensions-dir=${path.join(runDir, 'extensions')}`],
        extensionTestsEnv: { ...run.env, TWELVE_FACTOR_VSCODE_TESTS: run.tests.join(','), TWELVE_FACTOR_USER_DATA_DIR: userDataDir, TWELVE_FACTOR_VSCODE_GREP: process.env.TWELVE_FACTOR_VSCODE_GREP ?? '' },
      });
      ok = true;
    } catch (e) {
      console.error(`${run.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const seconds = (Date.now() - t0) / 1000;
    results.push({ name: run.name, ok, seconds });
    if (ok && process.env.TWELVE_FACTOR_VSCODE_KEEP !== '1') fs.rmSync(runDir, { recursive: true, force: true });
    else console.error(`${run.name}: the workspace and logs are kept in ${path.relative(ROOT, runDir)}`);
  }
  console.log('\n=== summary');
  for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  ${r.seconds.toFixed(1)} s`);
  return results.every((r) => r.ok) ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (e) {
  console.error(`test:vscode: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
