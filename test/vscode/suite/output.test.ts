/**
 * The "Twelve-Factor" output channel, read from the log file VS Code writes for it under the
 * user-data folder: the server said it started, and nothing was logged as an error during the run.
 * Runs last in each window, after the other suites have exercised the extension.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeExtension, waitFor } from './helpers';

const CHANNEL_FILE = 'Twelve-Factor.log';

/** The channel's log files of this window: `logs/<session>/…/<extension id>/Twelve-Factor.log`. */
function channelLogs(): string[] {
  const userData = process.env.TWELVE_FACTOR_USER_DATA_DIR;
  assert.ok(userData, 'the runner passes TWELVE_FACTOR_USER_DATA_DIR');
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6 || !fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name === CHANNEL_FILE && path.basename(dir) === EXTENSION_ID) found.push(p);
    }
  };
  walk(path.join(userData, 'logs'), 0);
  return found;
}

function channelText(): string {
  return channelLogs()
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

suite('output channel', () => {
  test('the language server started and said so', async () => {
    await activeExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['twelveFactor.showOutput', 'twelveFactor.restartServer', 'twelveFactor.openDocs']) assert.ok(commands.includes(c), `command ${c} is registered`);
    await waitFor('the server\'s "initialized" line in the output channel', () => /\[info\] initialized: /.test(channelText()), () => channelLogs().join(', ') || 'no log file');
  });

  test('the workspace scan ran on the server\'s worker thread', async () => {
    // Every window opens a folder, so the checklist scan runs in each; its worker starts with the first file.
    await waitFor('the scan worker line in the output channel', () => /\[info\] the workspace scan analyses files on a worker thread/.test(channelText()), () => channelText().slice(-2000) || 'no log');
    assert.doesNotMatch(channelText(), /analyses files on the server's thread|scan worker (stopped|error)/);
  });

  test('no errors were logged', () => {
    const errors = channelText()
      .split(/\r?\n/)
      .filter((l) => /\[error\]/.test(l));
    assert.deepEqual(errors, [], 'the output channel has no [error] lines');
  });
});
