/**
 * Activation on a JavaScript or TypeScript file, in a folder without project files (run twice by
 * the runner: app.js and app.ts): the extension stays inactive until the file is opened, then
 * starts the language server, which reports the fixed port.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOCS_BASE, EXTENSION_ID, linkOf, openFile, rangeOf, waitFor, waitForDiagnostic } from './helpers';

const file = process.env.TWELVE_FACTOR_TEST_FILE ?? 'app.js';

suite(`activation on ${file}`, () => {
  test('the extension is not active before a JS/TS file is opened', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded as the development extension`);
    assert.equal(ext.isActive, false, 'nothing in this folder but the file may activate the extension');
  });

  test(`opening ${file} activates the extension and the server reports the fixed port`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const doc = await openFile(file);
    assert.equal(doc.languageId, file.endsWith('.ts') ? 'typescript' : 'javascript');
    await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive);
    const d = await waitForDiagnostic(doc.uri, 'no-fixed-port', rangeOf(doc, '8080'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /^Fixed port 8080 in .*listen\(\): .*PORT.*\[Factor VII \(Port binding\)\]$/);
    assert.equal(linkOf(d), `${DOCS_BASE}no-fixed-port.md`);
  });
});
