/**
 * The extension-host test entry point (`extensionTestsPath`): VS Code loads this module in the
 * extension host and awaits `run()`. It runs the compiled `*.test.js` files beside it with mocha
 * (tdd UI). `TWELVE_FACTOR_VSCODE_TESTS` (comma-separated file names without `.test.js`) picks the
 * files that belong to the workspace the runner opened, in that order; without it every file runs.
 * `TWELVE_FACTOR_VSCODE_GREP` runs only the tests whose title matches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Runs the selected suites; rejects when a test fails or no test file matched. */
export function run(): Promise<void> {
  const grep = process.env.TWELVE_FACTOR_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const wanted = (process.env.TWELVE_FACTOR_VSCODE_TESTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const present = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  const files = wanted.length === 0 ? present : wanted.map((name) => `${name}.test.js`);
  const missing = files.filter((f) => !present.includes(f));
  if (missing.length > 0) return Promise.reject(new Error(`test files not found in ${__dirname}: ${missing.join(', ')}`));
  if (files.length === 0) return Promise.reject(new Error(`no test files in ${__dirname}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed.`)) : resolve()));
      // Say why at once: the summary comes only at the end, and a hung run never gets there.
      runner.on('fail', (t, err: unknown) => console.error(`FAILED: ${t.fullTitle()}\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
