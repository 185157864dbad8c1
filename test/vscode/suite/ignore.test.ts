/**
 * The ignore actions: "Ignore <rule> on this line" adds a comment above the line and silences that
 * finding only; "Ignore <rule> in this file" silences the rule in the file and leaves other rules.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyQuickFix, describeDiagnostics, diagnosticsOf, openFile, rangeOf, restore, waitFor, waitForDiagnostic } from './helpers';
import { replaceOnce } from './cases';

suite('ignore comments', () => {
  test('"Ignore no-fixed-port on this line" silences the finding', async () => {
    const doc = await openFile('src/server.ts');
    const before = doc.getText();
    try {
      const d = await waitForDiagnostic(doc.uri, 'no-fixed-port', rangeOf(doc, '3000'));
      await applyQuickFix(doc.uri, d, 'Ignore no-fixed-port on this line');
      assert.equal(doc.getText(), replaceOnce(before, 'app.listen(3000, ', '// twelve-factor-ignore-next-line no-fixed-port -- reason\napp.listen(3000, '));
      await waitFor('the no-fixed-port diagnostic to clear', () => diagnosticsOf(doc.uri, 'no-fixed-port').length === 0, () => describeDiagnostics(doc.uri));
    } finally {
      await restore(doc, before);
    }
    await waitForDiagnostic(doc.uri, 'no-fixed-port', rangeOf(doc, '3000'));
  });

  test('"Ignore no-hardcoded-secret in this file" silences that rule only', async () => {
    const doc = await openFile('src/session.ts');
    const before = doc.getText();
    try {
      const d = await waitForDiagnostic(doc.uri, 'no-hardcoded-secret', rangeOf(doc, "'b7f3c1e9a4d2f8e6c0b5a9d3e7f1c4a8'"));
      const sessions = diagnosticsOf(doc.uri, 'no-in-memory-session').length;
      assert.equal(sessions, 1);
      await applyQuickFix(doc.uri, d, 'Ignore no-hardcoded-secret in this file');
      assert.equal(doc.getText(), '// twelve-factor-ignore-file no-hardcoded-secret\n' + before);
      await waitFor('the no-hardcoded-secret diagnostic to clear', () => diagnosticsOf(doc.uri, 'no-hardcoded-secret').length === 0, () => describeDiagnostics(doc.uri));
      assert.equal(diagnosticsOf(doc.uri, 'no-in-memory-session').length, sessions, 'the other rule still reports');
    } finally {
      await restore(doc, before);
    }
  });
});
