// Starting and stopping code-server (the VS Code server and web workbench) for the tests: on a
// free loopback port, in its own process group so that stopping it also stops its VS Code server,
// extension hosts and language servers, with its config and data kept inside the run folder.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, ROOT } from './paths.mjs';

/** User settings for test runs: no welcome page, chat, telemetry or built-in TS checks; quiet and fast. */
export const TEST_USER_SETTINGS = path.join(ROOT, 'scripts', 'vscode', 'user-settings.json');

/** A loopback port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** The environment of code-server: ours, minus what a surrounding VS Code terminal would leak in. */
function codeServerEnv(runDir) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(VSCODE_|ELECTRON_)/.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  }
  // code-server writes a config.yaml and its data under these on the first start.
  env.XDG_CONFIG_HOME = path.join(runDir, 'xdg-config');
  env.XDG_DATA_HOME = path.join(runDir, 'xdg-data');
  return env;
}

const running = new Set();

/** Stops every code-server started by this process; safe to call from an 'exit' handler (synchronous). */
export function killAllNow() {
  for (const cs of running) {
    try {
      process.kill(-cs.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/**
 * Starts code-server and waits until /healthz answers.
 * @param {{ runDir: string, userDataDir: string, extensionsDir: string, folder?: string, args?: string[], timeoutMs?: number }} options
 * @returns {Promise<{ port: number, url: string, pid: number, logFile: string, exited: Promise<number | string | null>, log(): string, stop(): Promise<void> }>}
 */
export async function startCodeServer(options) {
  const { runDir, userDataDir, extensionsDir, folder, args = [], timeoutMs = 60_000 } = options;
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settings)) fs.copyFileSync(TEST_USER_SETTINGS, settings);
  let lastError = '';
  // The port is free when chosen but another process may take it before code-server binds it.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const logFile = path.join(runDir, `code-server-${port}.log`);
    const out = fs.openSync(logFile, 'w');
    const child = spawn(
      NODE24,
      [
        CODE_SERVER_ENTRY,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        ...args,
        ...(folder ? [folder] : []),
      ],
      // detached: its own process group (setsid), stopped as a whole.
      { detached: true, stdio: ['ignore', out, out], env: codeServerEnv(runDir) },
    );
    fs.closeSync(out);
    const exitedPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    const cs = {
      /** Settles with the exit code (or signal) when the code-server process ends. */
      exited: exitedPromise,
      port,
      pid: child.pid,
      url: `http://127.0.0.1:${port}`,
      logFile,
      log: () => fs.readFileSync(logFile, 'utf8'),
      stop: async () => {
        running.delete(cs);
        if (!groupAlive(child.pid)) return;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          return;
        }
        const deadline = Date.now() + 5000;
        while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (groupAlive(child.pid)) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }
      },
    };
    running.add(cs);
    let exited = false;
    child.on('exit', () => (exited = true));
    const deadline = Date.now() + timeoutMs;
    while (!exited && Date.now() < deadline) {
      if (await healthy(port)) return cs;
      await new Promise((r) => setTimeout(r, 200));
    }
    await cs.stop();
    lastError = cs.log().split('\n').slice(-30).join('\n');
    if (!/EADDRINUSE/.test(lastError)) break;
  }
  throw new Error(`code-server did not come up; the end of its log:\n${lastError}`);
}

/**
 * Installs a .vsix into an extensions folder with code-server's CLI (what a user's
 * "Install from VSIX…" does); throws with the CLI's output when it fails.
 * @param {{ runDir: string, userDataDir: string, extensionsDir: string, vsix: string }} options
 */
export function installExtension({ runDir, userDataDir, extensionsDir, vsix }) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const r = spawnSync(
    NODE24,
    [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--force', '--install-extension', vsix],
    { encoding: 'utf8', env: codeServerEnv(runDir), timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}
