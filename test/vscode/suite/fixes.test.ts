/**
 * Quick fixes in the example workspace, applied the way the editor applies them: the actions come
 * from `vscode.executeCodeActionProvider`, their edits go through `workspace.applyEdit`. Each fix
 * must give the expected text and clear its diagnostic; fixes that read an environment variable
 * add `NAME=` (no value) to `.env.example`, once. Every file is put back afterwards.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXAMPLE_CASES } from './cases';
import { applyQuickFix, describeDiagnostics, diagnosticsOf, fileUri, openFile, rangeOf, restore, waitFor, waitForDiagnostic } from './helpers';

const ENV_EXAMPLE = '.env.example';

/** The current text of `.env.example` (the editor's, when it holds unsaved changes), or undefined. */
async function envExampleText(): Promise<string | undefined> {
  try {
    return (await vscode.workspace.openTextDocument(fileUri(ENV_EXAMPLE))).getText();
  } catch {
    return undefined;
  }
}

/** The lines declaring `name`. */
function declarations(text: string | undefined, name: string): string[] {
  return (text ?? '').split(/\r?\n/).filter((l) => l.startsWith(`${name}=`));
}

suite('quick fixes', () => {
  teardown(async () => {
    // A failed test may leave edits behind; the next one starts from saved files.
    await vscode.workspace.saveAll(false);
  });

  for (const c of EXAMPLE_CASES) {
    const fix = c.fix;
    if (!fix) continue;
    test(`${c.rule}: "${fix.title}" in ${c.file}`, async () => {
      const doc = await openFile(c.file);
      const before = doc.getText();
      const d = await waitForDiagnostic(doc.uri, c.rule, rangeOf(doc, c.covers, c.occurrence));
      const countBefore = diagnosticsOf(doc.uri, c.rule).length;
      try {
        const action = await applyQuickFix(doc.uri, d, fix.title);
        assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
        assert.equal(doc.getText(), fix.expected(before), 'the text after the fix');
        await waitFor(`the fixed ${c.rule} diagnostic to clear`, () => diagnosticsOf(doc.uri, c.rule).length === countBefore - 1, () => describeDiagnostics(doc.uri));
        if (fix.envVar) {
          const env = await envExampleText();
          assert.deepEqual(declarations(env, fix.envVar), [`${fix.envVar}=`], `${ENV_EXAMPLE} declares ${fix.envVar} once, without a value:\n${env}`);
        }
      } finally {
        await restore(doc, before);
        await vscode.workspace.saveAll(false);
      }
      await waitForDiagnostic(doc.uri, c.rule, rangeOf(doc, c.covers, c.occurrence));
    });
  }

  test(`${ENV_EXAMPLE} gets a variable once when the fix is applied again`, async () => {
    const c = EXAMPLE_CASES.find((x) => x.rule === 'no-fixed-port');
    assert.ok(c?.fix?.envVar);
    const doc = await openFile(c.file);
    const before = doc.getText();
    try {
      for (let round = 1; round <= 2; round++) {
        const d = await waitForDiagnostic(doc.uri, c.rule, rangeOf(doc, c.covers));
        await applyQuickFix(doc.uri, d, c.fix.title);
        assert.equal(doc.getText(), c.fix.expected(before));
        const env = await envExampleText();
        assert.deepEqual(declarations(env, c.fix.envVar), [`${c.fix.envVar}=`], `round ${round}: ${ENV_EXAMPLE} is\n${env}`);
        await restore(doc, before);
      }
    } finally {
      await restore(doc, before);
      await vscode.workspace.saveAll(false);
    }
  });
});
