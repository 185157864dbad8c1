/**
 * Scheduling over real LSP: analysing a large document must not hold up the diagnostics of other
 * documents, and the workspace checklist scan gives way to open documents. The tests assert the
 * order in which results arrive and that every piece of work finishes, never how long it took.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureServerBuilt, fileUri, LspTestClient } from '../support/lsp-client';

/** A TypeScript file of about `bytes` (well above the size analysed in phases), with one fixed port at the end. */
function largeFile(bytes: number): string {
  const parts: string[] = ["import express from 'express';", 'const app = express();'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const block = `
export async function loadOrder${i}(id: string, options: { refresh?: boolean } = {}): Promise<unknown> {
  const cached = cache.get(\`order:\${id}\`);
  if (cached && !options.refresh) return cached;
  const response = await fetch(\`\${process.env.ORDERS_API_URL ?? ''}/orders/\${encodeURIComponent(id)}\`, { headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  const body = await response.json();
  cache.set(\`order:\${id}\`, body);
  return [body].filter((x) => x !== null).map((x) => ({ ...x, loadedAt: Date.now(), index: ${i} }));
}
`;
    parts.push(block);
    size += block.length;
  }
  parts.push('app.listen(3000);');
  return parts.join('\n');
}

const SMALL = "import express from 'express';\nconst app = express();\napp.listen(8080);\n";

/** A diagnostic message as text. */
function messageText(m: string | { value: string }): string {
  return typeof m === 'string' ? m : m.value;
}

/** Index of the first publishDiagnostics for `uri` that has diagnostics. */
function firstPublished(client: LspTestClient, uri: string): number {
  return client.published.findIndex((p) => p.uri === uri && p.diagnostics.length > 0);
}

describe('scheduling: a large document does not hold up the others', () => {
  let root: string;
  before(() => {
    ensureServerBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-sched-'));
    fs.mkdirSync(path.join(root, 'src'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('push: the small document opened after a large one gets its diagnostics first', async () => {
    const client = await LspTestClient.start({ pull: false, workspaceFolder: root, trace: 'verbose', initializationOptions: { debounceMs: 0 } });
    try {
      const big = fileUri(path.join(root, 'src', 'big.ts'));
      const small = fileUri(path.join(root, 'src', 'small.ts'));
      const text = largeFile(200 * 1024);
      await client.open(big, text);
      await client.open(small, SMALL);
      await client.waitFor(() => firstPublished(client, big) >= 0 && firstPublished(client, small) >= 0, 'diagnostics of both documents', 60_000);
      assert.ok(firstPublished(client, small) < firstPublished(client, big), `the small document's diagnostics came first (${client.published.map((p) => path.basename(p.uri)).join(', ')})`);
      // Both are complete: the large one's finding at its end, the small one's port.
      assert.deepEqual(client.lastPublished(small)!.diagnostics.map((d) => d.code), ['no-fixed-port']);
      assert.ok(client.lastPublished(big)!.diagnostics.some((d) => d.code === 'no-fixed-port' && d.range.start.line === text.split('\n').length - 1));
      assert.ok(
        client.traces.some((t) => t.includes(`analysed ${big} v1:`) && t.includes('in phases')),
        `the large document was analysed in phases:\n${client.traces.filter((t) => t.startsWith('analysed')).join('\n')}`,
      );
      assert.ok(client.traces.some((t) => t.includes(`analysed ${small} v1:`) && !t.includes('in phases')), 'the small one in one go');
    } finally {
      await client.shutdown();
    }
  });

  it('pull: a request for a small document is answered while a large one is analysed', async () => {
    const client = await LspTestClient.start({ pull: true, workspaceFolder: root, initializationOptions: { debounceMs: 0 } });
    try {
      const big = fileUri(path.join(root, 'src', 'big-pull.ts'));
      const small = fileUri(path.join(root, 'src', 'small-pull.ts'));
      await client.open(big, largeFile(200 * 1024));
      await client.open(small, SMALL);
      const order: string[] = [];
      const bigReport = client.pullDiagnostics(big).then((r) => (order.push('big'), r));
      const smallReport = client.pullDiagnostics(small).then((r) => (order.push('small'), r));
      const [b, s] = await Promise.all([bigReport, smallReport]);
      assert.deepEqual(order, ['small', 'big']);
      assert.equal(s.kind, 'full');
      assert.equal(b.kind, 'full');
      if (s.kind === 'full') assert.deepEqual(s.items.map((d) => d.code), ['no-fixed-port']);
      if (b.kind === 'full') assert.ok(b.items.some((d) => d.code === 'no-fixed-port'));
    } finally {
      await client.shutdown();
    }
  });

  it('a large document changed while it is analysed: the newest version is published, never a stale one', async () => {
    const client = await LspTestClient.start({ pull: false, workspaceFolder: root, trace: 'verbose', initializationOptions: { debounceMs: 0 } });
    try {
      const big = fileUri(path.join(root, 'src', 'typed.ts'));
      const text = largeFile(150 * 1024);
      await client.open(big, text);
      // Type at the end while the first analysis is under way: each keystroke changes the port.
      const portOf = new Map<number, string>([[1, '3000']]);
      let version = 1;
      for (const port of ['3001', '3002', '3003']) {
        const doc = client.document(big);
        const at = text.lastIndexOf('3000');
        version = await client.change(big, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 4) }, text: port }]);
        portOf.set(version, port);
      }
      await client.waitFor(() => client.lastPublished(big, version), `diagnostics of v${version}`, 60_000);
      // Every result published is that of the version it names (an analysis overtaken by a change is dropped or redone).
      const results = client.published.filter((x) => x.uri === big && x.diagnostics.length > 0);
      assert.ok(results.length >= 1);
      for (const p of results) {
        const port = p.diagnostics.find((d) => d.code === 'no-fixed-port');
        assert.ok(port && messageText(port.message).includes(portOf.get(p.version!)!), `v${p.version}: ${port && messageText(port.message)}`);
      }
    } finally {
      await client.shutdown();
    }
  });
});

describe('scheduling: the workspace scan gives way to open documents', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    ensureServerBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-scan-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'src'));
    // Enough files that the scan is still running when the document below is opened and edited.
    const body = largeFile(6 * 1024);
    for (let i = 0; i < 600; i++) fs.writeFileSync(path.join(root, 'src', `module-${i}.ts`), body);
    client = await LspTestClient.start({ pull: false, workspaceFolder: root, initializationOptions: { debounceMs: 0 } });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('an edited document gets its diagnostics while the scan runs, and the scan still completes', async () => {
    await client.waitFor(() => client.progress.some((p) => p.value.kind === 'report'), 'the scan to report progress');
    const uri = fileUri(path.join(root, 'src', 'edited.ts'));
    await client.open(uri, SMALL);
    const doc = client.document(uri);
    const at = SMALL.indexOf('8080');
    const version = await client.change(uri, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 4) }, text: '9090' }]);
    let scanEndedFirst: boolean | undefined;
    const published = await client.waitFor(() => {
      const p = client.lastPublished(uri, version);
      if (p && scanEndedFirst === undefined) scanEndedFirst = client.progress.some((x) => x.value.kind === 'end');
      return p;
    }, 'the edited document diagnostics');
    assert.equal(scanEndedFirst, false, 'the diagnostics arrived while the scan was still running');
    const found = published.diagnostics.find((d) => d.code === 'no-fixed-port');
    assert.match(found ? messageText(found.message) : '', /9090/);
    await client.waitFor(() => client.progress.some((p) => p.value.kind === 'end'), 'the end of the scan', 120_000);
    const folder = await client.waitFor(() => {
      const f = client.checklists[client.checklists.length - 1]?.[0];
      return f && !f.scanning && f.entries.length === 12 ? f : undefined;
    }, 'the checklist after the scan');
    assert.equal(folder.entries.length, 12);
    // The scan's files were analysed on the server's worker thread, not on the thread that answers the editor.
    const logged = client.logs.map((l) => l.message);
    assert.ok(logged.includes('the workspace scan analyses files on a worker thread'), logged.join('\n'));
    assert.ok(!logged.some((l) => /on the server's thread|scan worker (stopped|error)/.test(l)), logged.join('\n'));
  });
});
