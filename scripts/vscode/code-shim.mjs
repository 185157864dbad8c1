// A stand-in for the VS Code executable that @vscode/test-electron's runTests() spawns
// (`vscodeExecutablePath`), for machines where a desktop VS Code cannot be downloaded. It takes the
// same arguments: --extensionDevelopmentPath=, --extensionTestsPath=, the folder to open,
// --user-data-dir=, --extensions-dir= (other VS Code/Electron flags are ignored), starts code-server
// with the smoke-test driver, opens the workbench in headless chromium with the same request in the
// URL payload, relays the extension host's console and exits with the test result: 0 when the test
// module's run() resolved. Everything it started is stopped before it exits.
//
// The web workbench runs extension tests when code-server has `enable-smoke-test-driver` and the URL
// carries `payload=[["extensionDevelopmentPath", …], ["extensionTestsPath", …]]` with
// `vscode-remote://remote/…` URIs (the remote authority of code-server is literally "remote"). It
// reports through two page functions: codeAutomationLog(type, args) and codeAutomationExit(code).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { launchBrowser } from './browser.mjs';
import { killAllNow, startCodeServer } from './code-server.mjs';
import { RUNS } from './paths.mjs';

const TIMEOUT_MS = Number(process.env.TWELVE_FACTOR_VSCODE_TIMEOUT_MS) || 5 * 60_000;
const verbose = process.env.TWELVE_FACTOR_VSCODE_VERBOSE === '1';
/** Console lines of the offline workbench that say nothing about the tests. */
const NOISE = /open-vsx\.org|AccountPolicyGate|AgentHost|connection token|Creating a socket|grace time|Service Worker|builtin extensions cache|marketplace|github\.com\/login|vscode-unpkg|Failed to fetch|authentication provider/i;

function parseArgs(argv) {
  const a = { devPaths: [], testsPath: undefined, folder: undefined, userDataDir: undefined, extensionsDir: undefined };
  for (const arg of argv) {
    const value = arg.slice(arg.indexOf('=') + 1);
    if (arg.startsWith('--extensionDevelopmentPath=')) a.devPaths.push(path.resolve(value));
    else if (arg.startsWith('--extensionTestsPath=')) a.testsPath = path.resolve(value);
    else if (arg.startsWith('--user-data-dir=')) a.userDataDir = path.resolve(value);
    else if (arg.startsWith('--extensions-dir=')) a.extensionsDir = path.resolve(value);
    else if (arg.startsWith('-')) continue;
    else if (!a.folder) a.folder = fs.realpathSync(arg);
  }
  return a;
}

function workbenchUrl(base, args) {
  const remote = (p) => `vscode-remote://remote${encodeURI(p)}`;
  const payload = [...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(args.testsPath)]];
  const target = !args.folder ? 'ew=true' : args.folder.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(args.folder)}` : `folder=${encodeURIComponent(args.folder)}`;
  return `${base}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath || args.devPaths.length === 0) {
    console.error('code-shim: --extensionTestsPath= and --extensionDevelopmentPath= are required.');
    return 2;
  }
  fs.mkdirSync(RUNS, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(RUNS, 'shim-'));
  const cleanup = [];
  let code = 1;
  const t0 = Date.now();
  try {
    const cs = await startCodeServer({
      runDir,
      userDataDir: args.userDataDir ?? path.join(runDir, 'user-data'),
      extensionsDir: args.extensionsDir ?? path.join(runDir, 'extensions'),
      args: ['--vscode-option', 'enable-smoke-test-driver'],
    });
    cleanup.push(() => cs.stop());
    const browser = await launchBrowser(runDir);
    cleanup.push(() => browser.close());
    const { page } = browser;
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      // The extension host's console: printf-style arguments, as mocha's reporters use them.
      const line = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      if (!verbose && NOISE.test(line)) return;
      (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (exitCode) => finish(exitCode));
    page.on('pageerror', (e) => {
      if (verbose || !NOISE.test(e.message)) console.error(`[workbench] ${e.message}`);
    });
    if (verbose) page.on('console', (m) => console.log(`[browser] ${m.text().slice(0, 400)}`));
    // The workbench's first load compiles a lot of JavaScript; on a busy machine it takes longer than the default 30 s.
    await page.goto(workbenchUrl(cs.url, args), { timeout: 120_000 });
    let timer;
    const result = await Promise.race([
      finished,
      new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS))),
      cs.exited.then((c) => `code-server exited (${c})`),
      new Promise((resolve) => page.on('crash', () => resolve('the browser page crashed'))),
    ]);
    clearTimeout(timer);
    if (typeof result === 'string') {
      const why = result === 'timeout' ? `the tests did not finish within ${TIMEOUT_MS / 1000} s` : result;
      console.error(`code-shim: ${why}; the end of the code-server log:\n${cs.log().split('\n').slice(-30).join('\n')}`);
      code = 1;
    } else {
      code = result === 0 ? 0 : 1;
    }
  } catch (e) {
    console.error(`code-shim: ${e instanceof Error ? e.message : String(e)}`);
    code = 1;
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
    // A failed run keeps the code-server log for the report.
    if (code === 0 && process.env.TWELVE_FACTOR_VSCODE_KEEP !== '1') fs.rmSync(runDir, { recursive: true, force: true });
    else console.log(`code-shim: the code-server log is kept in ${runDir}`);
    console.log(`code-shim: exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return code;
}

// runTests() stops us with SIGINT on Ctrl+C; the 'exit' handler kills what is still running.
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));
process.exit(await main());
