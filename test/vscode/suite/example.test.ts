/**
 * The example workspace (a copy of examples/express-app): the extension activates on the folder
 * alone, and each core rule's diagnostics appear on the example files with the right code, range,
 * severity, message (secrets masked) and documentation link.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CORE_RULES, EXAMPLE_CASES } from './cases';
import { DOCS_BASE, EXTENSION_ID, describeDiagnostics, diagnosticsOf, linkOf, openFile, rangeOf, waitFor, waitForDiagnostic } from './helpers';

suite('example workspace', () => {
  test('the extension activates on the workspace before any file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded as the development extension`);
    assert.equal(vscode.window.visibleTextEditors.length, 0, 'no editor is open yet');
    await waitFor(`${EXTENSION_ID} to activate on the folder (workspaceContains:package.json)`, () => ext.isActive);
  });

  for (const rule of CORE_RULES) {
    test(`${rule}: diagnostics on the example files`, async () => {
      const cases = EXAMPLE_CASES.filter((c) => c.rule === rule);
      assert.ok(cases.length > 0, `the example app has a finding for ${rule}`);
      for (const file of new Set(cases.map((c) => c.file))) {
        const doc = await openFile(file);
        const expected = cases.filter((c) => c.file === file);
        for (const c of expected) {
          const d = await waitForDiagnostic(doc.uri, rule, rangeOf(doc, c.covers, c.occurrence));
          assert.equal(d.severity, c.severity, `severity of ${rule} in ${file}`);
          for (const re of c.message) assert.match(d.message, re);
          if (c.secret) assert.ok(!d.message.includes(c.secret), `the message masks the secret: ${d.message}`);
          assert.equal(linkOf(d), `${DOCS_BASE}${rule}.md`, 'codeDescription links to the rule documentation');
        }
        // Exactly the expected findings of this rule: no duplicates, nothing extra.
        assert.equal(diagnosticsOf(doc.uri, rule).length, expected.length, `${rule} diagnostics in ${file}: ${describeDiagnostics(doc.uri)}`);
      }
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext && fs.existsSync(path.join(ext.extensionPath, 'docs', 'rules', `${rule}.md`)), `docs/rules/${rule}.md exists for the link`);
    });
  }
});
