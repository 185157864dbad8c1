// UI tests: the packaged .vsix installed into code-server (the VS Code web workbench), driven in
// headless chromium with playwright-core. Each scenario (test/vscode/ui/*.ui.mjs) gets a fresh
// copy of examples/express-app, fresh user data and extensions folders, and its own code-server;
// screenshots of each step go to test-results/ui/<scenario>/.
//
// usage: npm run package && node test/vscode/ui/run.mjs [scenario file names…]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from '../../../scripts/vscode/browser.mjs';
import { installExtension, killAllNow, startCodeServer } from '../../../scripts/vscode/code-server.mjs';
import { ROOT, RUNS } from '../../../scripts/vscode/paths.mjs';
import { ensureSetUp } from '../../../scripts/vscode/setup.mjs';

const UI_DIR = path.join(ROOT, 'test', 'vscode', 'ui');
const RESULTS = path.join(ROOT, 'test-results', 'ui');
const EXAMPLE = path.join(ROOT, 'examples', 'express-app');
const EXTENSION_ID = 'twelve-factor-guide.twelve-factor-guide';

function packagedVsix() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run npm run package first.`);
  // A package older than the bundles would test yesterday's code.
  const newest = Math.max(...['dist/client.js', 'dist/server.js', 'package.json'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs));
  if (fs.statSync(vsix).mtimeMs < newest) throw new Error(`${path.basename(vsix)} is older than the build: run npm run package again.`);
  return vsix;
}

async function runScenario(file, vsix) {
  const scenario = await import(path.join(UI_DIR, file));
  const label = file.replace(/\.ui\.mjs$/, '');
  const shots = path.join(RESULTS, label);
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(RUNS, `ui-${label}-`));
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(EXAMPLE, workspace, { recursive: true, filter: (p) => !['node_modules', 'dist', 'logs', '.env'].includes(path.basename(p)) });
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const t0 = Date.now();
  const step = (msg) => console.log(`  [+${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
  console.log(`\n=== ${scenario.name} (${file})`);
  installExtension({ runDir, userDataDir, extensionsDir, vsix });
  if (!fs.readdirSync(extensionsDir).some((d) => d.startsWith(`${EXTENSION_ID}-`))) throw new Error(`${EXTENSION_ID} is not in ${extensionsDir} after the install.`);
  step(`installed ${path.basename(vsix)}`);
  let shotCount = 0;
  let ok = false;
  const cs = await startCodeServer({ runDir, userDataDir, extensionsDir, folder: workspace });
  const browser = await launchBrowser(runDir).catch(async (e) => {
    await cs.stop();
    throw e;
  });
  const { page } = browser;
  const shot = async (name) => {
    shotCount++;
    await page.screenshot({ path: path.join(shots, `${String(shotCount).padStart(2, '0')}-${name}.png`) });
  };
  page.on('pageerror', (e) => process.env.TWELVE_FACTOR_VSCODE_VERBOSE === '1' && console.error(`[workbench] ${e.message}`));
  try {
    step(`code-server on ${cs.url}`);
    // The workbench's first load compiles a lot of JavaScript; on a busy machine it takes longer than the default 30 s.
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
    await scenario.run({ page, workspace, shot, step });
    ok = true;
  } catch (e) {
    console.error(`  FAILED: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    await page.screenshot({ path: path.join(shots, 'failed.png') }).catch(() => undefined);
    console.error(`  the end of the code-server log:\n${cs.log().split('\n').slice(-15).join('\n')}`);
  } finally {
    await browser.close();
    await cs.stop();
  }
  const seconds = (Date.now() - t0) / 1000;
  if (ok && process.env.TWELVE_FACTOR_VSCODE_KEEP !== '1') fs.rmSync(runDir, { recursive: true, force: true });
  else console.log(`  the run folder is kept in ${path.relative(ROOT, runDir)}`);
  console.log(`  ${ok ? 'PASS' : 'FAIL'} in ${seconds.toFixed(1)} s; screenshots in ${path.relative(ROOT, shots)}`);
  return { file, ok, seconds };
}

async function main() {
  ensureSetUp();
  const vsix = packagedVsix();
  const all = fs.readdirSync(UI_DIR).filter((f) => f.endsWith('.ui.mjs')).sort();
  const wanted = process.argv.slice(2);
  const files = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w))) : all;
  if (files.length === 0) throw new Error(`no UI scenario matches ${wanted.join(' ')}; there are: ${all.join(', ')}`);
  fs.mkdirSync(RUNS, { recursive: true });
  const results = [];
  for (const f of files) results.push(await runScenario(f, vsix));
  console.log('\n=== summary');
  for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.file}  ${r.seconds.toFixed(1)} s`);
  return results.every((r) => r.ok) ? 0 : 1;
}

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));
try {
  process.exitCode = await main();
} catch (e) {
  console.error(`test:ui: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
