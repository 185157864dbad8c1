/**
 * Running the real CLI bundle (`node bin/twelve-factor.js`) on temporary folders. The bundle is
 * rebuilt first when a source file is newer than it, once across concurrent test processes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');
/** The CLI's launcher, as `npx twelve-factor` runs it. */
export const BIN = path.join(ROOT, 'bin', 'twelve-factor.js');
const BUNDLE = path.join(ROOT, 'dist', 'cli.js');
const SOURCES = ['server/src', 'shared', 'package.json', 'esbuild.mjs'].map((p) => path.join(ROOT, p));
const LOCK = path.join(os.tmpdir(), 'twelve-factor-cli-build.lock');

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

function bundleIsFresh(): boolean {
  if (!fs.existsSync(BUNDLE)) return false;
  const built = fs.statSync(BUNDLE).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist/ with `node esbuild.mjs` unless dist/cli.js is newer than every source file. */
export function ensureBuilt(): void {
  const deadline = Date.now() + 120_000;
  while (!bundleIsFresh()) {
    try {
      fs.mkdirSync(LOCK);
    } catch {
      // Another test process is building: wait for it (a lock older than two minutes is abandoned).
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another build of dist/cli.js');
      sleep(200);
      continue;
    }
    try {
      const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      if (!bundleIsFresh()) throw new Error(`node esbuild.mjs did not produce a fresh dist/cli.js (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/** A finished CLI run. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/twelve-factor.js …args` in `cwd`, colors left to the CLI (stdout is a pipe). */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): CliResult {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Files of a temporary tree: text (written as UTF-8) or raw bytes. */
export type Tree = Record<string, string | Uint8Array>;

/** Creates a temporary folder holding `files`; remove it with `removeTree`. */
export function makeTree(files: Tree, prefix = 'tf-cli-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  writeTree(dir, files);
  return dir;
}

/** Writes (or overwrites) files in an existing folder. */
export function writeTree(dir: string, files: Tree): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** Removes a temporary folder. */
export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The JSON format's findings, parsed. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  factor: number;
  severity: string;
  message: string;
}

/** Parses the JSON format's output. */
export function parseJson(stdout: string): { version: number; findings: JsonFinding[] } {
  return JSON.parse(stdout) as { version: number; findings: JsonFinding[] };
}

/** The distinct files with findings, sorted. */
export function filesWithFindings(stdout: string): string[] {
  return [...new Set(parseJson(stdout).findings.map((f) => f.file))].sort();
}

/** A server that binds to a fixed port: one no-fixed-port finding on line 3, column 12. */
export const FIXED_PORT = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
/** The same server, reading PORT: no finding. */
export const ENV_PORT = "import express from 'express';\nconst app = express();\napp.listen(Number(process.env.PORT ?? 3000));\n";
