/**
 * Activation on a source file, in a folder without project files (run by the runner for app.js,
 * app.ts, app.py and main.go): the extension stays inactive until the file is opened, then starts
 * the language server, which reports the fixed port.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOCS_BASE, EXTENSION_ID, linkOf, openFile, rangeOf, waitFor, waitForDiagnostic } from './helpers';

const file = process.env.TWELVE_FACTOR_TEST_FILE ?? 'app.js';

suite(`activation on ${file}`, () => {
  test('the extension is not active before a source file is opened', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded as the development extension`);
    assert.equal(ext.isActive, false, 'nothing in this folder but the file may activate the extension');
  });

  test(`opening ${file} activates the extension and the server reports the fixed port`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const doc = await openFile(file);
    const languageIds: Record<string, string> = { js: 'javascript', ts: 'typescript', py: 'python', go: 'go' };
    assert.equal(doc.languageId, languageIds[file.slice(file.lastIndexOf('.') + 1)]);
    await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive);
    // The finding covers the port argument as written: the number, or Go's ":8080" address string.
    const d = await waitForDiagnostic(doc.uri, 'no-fixed-port', rangeOf(doc, file.endsWith('.go') ? '":8080"' : '8080'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /^Fixed port 8080 in [\w.]+\(\): .*PORT.*\[Factor VII \(Port binding\)\]$/);
    assert.equal(linkOf(d), `${DOCS_BASE}no-fixed-port.md`);
  });
});
