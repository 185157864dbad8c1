/**
 * The server is generic over the engine: for every rule fixture, the diagnostics over LSP equal
 * the engine's findings, each fix becomes a quick fix (preferred exactly when the engine says so),
 * and fix-all applies the preferred fixes only. Read-only: nothing is written to the fixtures.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../server/src/engine/analyze';
import { RULES } from '../../server/src/engine/rules';
import { applyEdits, listFixtures } from '../support/annotations';
import { LspTestClient, actionsOnly, ensureServerBuilt, fileUri } from '../support/lsp-client';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;

describe('every rule fixture over LSP', () => {
  let client: LspTestClient;
  before(async () => {
    ensureServerBuilt();
    client = await LspTestClient.start({
      workspaceFolder: FIXTURES,
      settings: (scopeUri) => ({ includeTests: !!scopeUri?.includes('/include-tests/') }),
    });
  });
  after(async () => {
    await client.shutdown();
  });

  const files = listFixtures(FIXTURES);
  it('has fixtures to check', () => assert.ok(files.length >= RULES.length));

  for (const f of files) {
    it(f.enginePath, async () => {
      const includeTests = f.enginePath.includes('include-tests/');
      const engine = (await analyze({ path: f.enginePath, text: f.text }, { includeTests })).findings;
      const uri = fileUri(f.file);
      await client.open(uri, f.text);
      try {
        const diags = await client.diagnostics(uri);
        assert.deepEqual(
          diags.map((d) => ({ rule: d.code, range: d.range, severity: d.severity, message: d.message, source: d.source })),
          engine.map((x) => ({ rule: x.ruleId, range: x.range, severity: SEVERITY[x.severity], message: x.message, source: 'twelve-factor' })),
        );
        for (const [i, d] of diags.entries()) {
          const actions = actionsOnly(await client.codeActions(uri, d.range, [d], ['quickfix']));
          const fixes = actions.filter((a) => a.edit && !a.title.startsWith('Ignore '));
          assert.deepEqual(
            fixes.map((a) => ({ title: a.title, preferred: a.isPreferred === true })),
            engine[i].fixes.map((x) => ({ title: x.title, preferred: x.preferred === true })),
            `${f.enginePath}:${d.range.start.line + 1}: quick fixes of ${d.code}`,
          );
          assert.ok(actions.some((a) => a.title === `Ignore ${d.code} on this line`));
          assert.ok(actions.some((a) => a.command?.command === 'twelveFactor.openDocs'));
        }
        const preferred = engine.flatMap((x) => x.fixes.filter((fix) => fix.preferred)).flatMap((fix) => fix.edits);
        const unique = [...new Map(preferred.map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()];
        let expected: string | undefined;
        try {
          expected = applyEdits(f.text, unique);
        } catch {
          expected = undefined; // overlapping preferred fixes: fix-all keeps the first, checked elsewhere
        }
        const all = actionsOnly(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']));
        if (unique.length === 0) {
          assert.deepEqual(all, [], 'no fix-all without preferred fixes');
        } else if (expected !== undefined) {
          assert.equal(all.length, 1);
          const docEdit = all[0].edit!.documentChanges!.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri)!;
          const after = TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, f.text), docEdit.edits as { range: never; newText: string }[]);
          assert.equal(after, expected, 'fix-all applies exactly the preferred fixes');
        }
      } finally {
        await client.close(uri);
      }
    });
  }
});
