/**
 * Settings take effect without a reload: turning a rule off removes its diagnostics, changing its
 * severity changes theirs, and removing the setting brings the default back.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, diagnosticsOf, openFile, rangeOf, waitFor, waitForDiagnostic } from './helpers';

const RULE = 'no-fixed-port';

async function setRules(value: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('twelveFactor').update('rules', value, vscode.ConfigurationTarget.Workspace);
}

suite('settings', () => {
  suiteTeardown(() => setRules(undefined));

  test(`twelveFactor.rules: ${RULE} to error, off, then back to the default`, async () => {
    const server = await openFile('src/server.ts');
    const config = await openFile('src/config.ts');
    const range = rangeOf(server, '3000');
    const d = await waitForDiagnostic(server.uri, RULE, range);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, 'default severity');
    const others = await waitFor('the findings of other rules in config.ts', () => diagnosticsOf(config.uri).length || undefined, () => describeDiagnostics(config.uri));

    await setRules({ [RULE]: 'error' });
    await waitFor(`${RULE} to become an error`, () => diagnosticsOf(server.uri, RULE).find((x) => x.range.isEqual(range) && x.severity === vscode.DiagnosticSeverity.Error), () => describeDiagnostics(server.uri));

    await setRules({ [RULE]: 'off' });
    await waitFor(`${RULE} to disappear`, () => diagnosticsOf(server.uri, RULE).length === 0, () => describeDiagnostics(server.uri));
    assert.equal(diagnosticsOf(config.uri).length, others, 'the other rules still report');

    await setRules(undefined);
    await waitFor(`${RULE} to come back as a warning`, () => diagnosticsOf(server.uri, RULE).find((x) => x.range.isEqual(range) && x.severity === vscode.DiagnosticSeverity.Warning), () => describeDiagnostics(server.uri));
  });
});
