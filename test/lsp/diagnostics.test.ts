/**
 * Diagnostics over real LSP, with and without pull-diagnostic support: content, updates while
 * typing (newest version wins), close, hover, and settings changes.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, DocumentDiagnosticRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, ensureServerBuilt, fileUri } from '../support/lsp-client';

const APP = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
const DOCS = 'https://github.com/twelve-factor-guide/twelve-factor-guide/blob/main/docs/rules/no-fixed-port.md';

let root: string;
before(() => {
  ensureServerBuilt();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-diag-'));
  fs.mkdirSync(path.join(root, 'src'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

function messageOf(d: Diagnostic | undefined): string {
  if (!d) return '';
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function assertPortFinding(d: Diagnostic | undefined, line: number, port: number): void {
  assert.ok(d, 'a diagnostic');
  assert.equal(d.source, 'twelve-factor');
  assert.equal(d.code, 'no-fixed-port');
  assert.equal(d.codeDescription?.href, DOCS);
  assert.equal(d.severity, 2, 'warning by default');
  assert.match(messageOf(d), new RegExp(`Fixed port ${port}\\b`));
  assert.match(messageOf(d), /Factor VII \(Port binding\)/);
  assert.equal(d.range.start.line, line);
}

for (const pull of [true, false]) {
  describe(`diagnostics (${pull ? 'pull' : 'push'})`, () => {
    let client: LspTestClient;
    before(async () => {
      client = await LspTestClient.start({ pull, workspaceFolder: root });
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0, 'clean exit after shutdown');
    });

    it(`chooses ${pull ? 'pull' : 'push'} from the client capabilities`, () => {
      assert.equal(!!client.initializeResult.capabilities.diagnosticProvider, pull);
    });

    it('reports app.listen(3000) with code, range, source, docs link and factor', async () => {
      const uri = fileUri(path.join(root, 'src', `open-${pull}.ts`));
      await client.open(uri, APP);
      const diags = await client.diagnostics(uri);
      assert.equal(diags.length, 1);
      assertPortFinding(diags[0], 2, 3000);
      assert.deepEqual(diags[0].range, { start: { line: 2, character: 11 }, end: { line: 2, character: 15 } });
      // The fixes travel with the diagnostic, for the code actions.
      const data = diags[0].data as { ruleId: string; version: number; fixes: { title: string; preferred: boolean; envVars: string[] }[] };
      assert.equal(data.ruleId, 'no-fixed-port');
      assert.equal(data.version, 1);
      assert.equal(data.fixes[0].preferred, true);
      assert.deepEqual(data.fixes[0].envVars, ['PORT']);
      await client.close(uri);
    });

    it('updates on didChange and drops the finding when fixed by hand', async () => {
      const uri = fileUri(path.join(root, 'src', `change-${pull}.ts`));
      await client.open(uri, APP);
      assert.equal((await client.diagnostics(uri)).length, 1);
      // Insert a second listen above, then replace 3000 with an environment lookup.
      await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'app.listen(8080);\n' }]);
      const two = await client.diagnostics(uri);
      assert.deepEqual(
        two.map((d) => d.range.start.line),
        [2, 3],
      );
      assertPortFinding(two[0], 2, 8080);
      await client.change(uri, [{ range: { start: { line: 3, character: 11 }, end: { line: 3, character: 15 } }, text: 'process.env.PORT || 3000' }]);
      const one = await client.diagnostics(uri);
      assert.equal(one.length, 1);
      assertPortFinding(one[0], 2, 8080);
      await client.close(uri);
    });

    it('newest version wins under rapid changes', async () => {
      const uri = fileUri(path.join(root, 'src', `rapid-${pull}.js`));
      const fast = await LspTestClient.start({ pull, workspaceFolder: root, initializationOptions: { debounceMs: 400 } });
      try {
        await fast.open(uri, "const app = require('express')();\napp.listen(3000);\n");
        await fast.diagnostics(uri);
        const publishedBefore = fast.published.length;
        // 20 changes in one go, each rewriting the port; in pull mode a pull follows every change.
        const pulls: Promise<unknown>[] = [];
        for (let i = 1; i <= 20; i++) {
          const old = String(3000 + i - 1);
          void fast.change(uri, [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 + old.length } }, text: String(3000 + i) }]);
          if (pull) pulls.push(fast.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }));
        }
        const final = await fast.diagnostics(uri);
        assert.equal(final.length, 1);
        assertPortFinding(final[0], 1, 3020);
        if (pull) {
          const reports = await Promise.allSettled(pulls);
          for (const r of reports) {
            if (r.status !== 'fulfilled') continue;
            const report = r.value as { kind: string; items?: Diagnostic[] };
            assert.equal(report.kind, 'full');
            // Every pull answered after the burst describes the newest text, never an older version.
            assert.match(messageOf(report.items?.[0]), /Fixed port 3020\b/);
          }
        } else {
          const later = fast.published.slice(publishedBefore).filter((p) => p.uri === uri);
          const versions = later.map((p) => p.version ?? 0);
          assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only increase');
          assert.equal(versions[versions.length - 1], 21);
          assert.ok(later.length < 20, `the debounce merges the burst (${later.length} publishes for 20 changes)`);
          for (const p of later) {
            const port = 3000 + (p.version ?? 1) - 1;
            assert.match(messageOf(p.diagnostics[0]), new RegExp(`Fixed port ${port}\\b`), 'each publish matches its version');
          }
        }
      } finally {
        await fast.shutdown();
      }
    });

    if (pull) {
      it('answers a cancelled pull with RequestCancelled', async () => {
        const uri = fileUri(path.join(root, 'src', 'cancel.ts'));
        const slow = await LspTestClient.start({ pull, workspaceFolder: root, initializationOptions: { debounceMs: 5000 } });
        try {
          await slow.open(uri, APP);
          await slow.change(uri, [{ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 15 } }, text: '4000' }]);
          const source = new CancellationTokenSource();
          const pending = slow.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }, source.token);
          source.cancel();
          await assert.rejects(slow.within(pending, 'the cancelled pull', 4000), (e: { code?: number }) => e.code === -32800);
        } finally {
          await slow.shutdown();
        }
      });

      it('reports unchanged for the same result id and nothing for a closed document', async () => {
        const uri = fileUri(path.join(root, 'src', 'unchanged.ts'));
        await client.open(uri, APP);
        const first = await client.pullDiagnostics(uri);
        assert.equal(first.kind, 'full');
        const again = await client.pullDiagnostics(uri, first.resultId);
        assert.equal(again.kind, 'unchanged');
        await client.close(uri);
        const closed = await client.pullDiagnostics(uri);
        assert.deepEqual(closed, { kind: 'full', items: [] });
      });
    } else {
      it('clears the diagnostics of a closed document', async () => {
        const uri = fileUri(path.join(root, 'src', 'closing.ts'));
        await client.open(uri, APP);
        assert.equal((await client.diagnostics(uri)).length, 1);
        await client.close(uri);
        const cleared = await client.waitFor(() => {
          const p = client.lastPublished(uri);
          return p && p.diagnostics.length === 0 ? p : undefined;
        }, 'empty diagnostics after close');
        assert.deepEqual(cleared.diagnostics, []);
      });
    }

    it('still reports the parts of a file with broken syntax', async () => {
      const uri = fileUri(path.join(root, 'src', `broken-${pull}.ts`));
      await client.open(uri, "const app = express();\nfunction broken( {\n  if (x\n}\napp.listen(3000);\n");
      const diags = await client.diagnostics(uri);
      assert.equal(diags.length, 1);
      assertPortFinding(diags[0], 4, 3000);
      await client.close(uri);
    });

    it('checks untitled JavaScript documents by their language id', async () => {
      const uri = `untitled:Untitled-${pull ? 1 : 2}`;
      await client.open(uri, 'server.listen(8080);\n', 'javascript');
      const diags = await client.diagnostics(uri);
      assert.equal(diags.length, 1);
      assertPortFinding(diags[0], 0, 8080);
      await client.close(uri);
    });

    it('shows the factor, why, what to do and the docs link on hover', async () => {
      const uri = fileUri(path.join(root, 'src', `hover-${pull}.ts`));
      await client.open(uri, APP);
      const [d] = await client.diagnostics(uri);
      const hover = await client.hover(uri, { line: 2, character: 12 });
      assert.ok(hover, 'a hover on the finding');
      const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      assert.match(value, /\[Factor VII: Port binding\]\(https:\/\/12factor\.net\/port-binding\)/);
      assert.match(value, /assigns the port at run time/, 'why it matters');
      assert.match(value, /Read the port from the environment/, 'what to do');
      assert.ok(value.includes(DOCS), 'the docs link');
      assert.deepEqual(hover.range, d.range);
      assert.equal(await client.hover(uri, { line: 0, character: 3 }), null, 'no hover away from findings');
      await client.close(uri);
    });
  });
}

for (const pull of [true, false]) {
  describe(`settings changes (${pull ? 'pull' : 'push'})`, () => {
    let client: LspTestClient;
    let settings: Record<string, unknown> = {};
    before(async () => {
      client = await LspTestClient.start({ pull, workspaceFolder: root, settings: () => settings });
    });
    after(async () => {
      await client.shutdown();
    });

    /** Sends didChangeConfiguration and returns the diagnostics computed with the new settings. */
    async function reconfigure(uri: string, next: Record<string, unknown>): Promise<Diagnostic[]> {
      settings = next;
      const refreshes = client.refreshes;
      const published = client.published.length;
      await client.changeConfiguration();
      if (pull) {
        await client.waitFor(() => client.refreshes > refreshes, 'workspace/diagnostic/refresh');
        return client.diagnostics(uri);
      }
      const p = await client.waitFor(() => client.published.slice(published).find((x) => x.uri === uri), 'diagnostics published after the settings change');
      return p.diagnostics;
    }

    it('asks the settings per document, and applies severity and off without a reload', async () => {
      const uri = fileUri(path.join(root, 'src', `settings-${pull}.ts`));
      await client.open(uri, APP);
      assert.equal((await client.diagnostics(uri))[0].severity, 2);
      assert.ok(client.configurationRequests.some((r) => r.items.some((i) => i.scopeUri === uri && i.section === 'twelveFactor')), 'workspace/configuration scoped to the document');

      const asError = await reconfigure(uri, { rules: { 'no-fixed-port': 'error' } });
      assert.equal(asError.length, 1);
      assert.equal(asError[0].severity, 1);

      assert.deepEqual(await reconfigure(uri, { rules: { 'no-fixed-port': 'off' } }), []);
      assert.equal((await reconfigure(uri, {}))[0].severity, 2);
      assert.deepEqual(await reconfigure(uri, { enable: false }), []);
      assert.deepEqual(await reconfigure(uri, { exclude: ['src/**'] }), []);
      assert.deepEqual(await reconfigure(uri, { exclude: [`settings-${pull}.ts`] }), [], 'a bare file name matches at any depth');
      assert.equal((await reconfigure(uri, { exclude: ['lib/**'] })).length, 1);
      await client.close(uri);
    });

    it('skips test files unless includeTests is on', async () => {
      settings = {};
      await client.changeConfiguration();
      const uri = fileUri(path.join(root, 'src', `server-${pull}.test.ts`));
      await client.open(uri, APP);
      assert.deepEqual(await client.diagnostics(uri), []);
      assert.equal((await reconfigure(uri, { includeTests: true })).length, 1);
      await client.close(uri);
    });
  });
}
