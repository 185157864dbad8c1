/**
 * Incremental parsing: the units web-tree-sitter uses for JavaScript strings, tree edits with
 * non-ASCII text and CRLF line ends, and a document edited hundreds of times over real LSP whose
 * diagnostics must always equal a fresh full analysis of the same text.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../server/src/engine/analyze';
import { IncrementalTree, pointAt, treeEditFor } from '../../server/src/engine/incremental';
import { languageFor, prepareLanguage } from '../../server/src/engine/languages';
import type { SourceModel } from '../../server/src/engine/model';
import { parse } from '../../server/src/engine/parser';
import { LspTestClient, ensureServerBuilt, fileUri } from '../support/lsp-client';

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NON_ASCII = ['é', 'ß', '中文', '😀', '🚀✨', 'Ω', 'ñ'];

/** Complete statements, one per line, so every text in between parses without errors. */
function statement(rnd: () => number, i: number): string {
  const port = 3000 + Math.floor(rnd() * 6000);
  const word = NON_ASCII[Math.floor(rnd() * NON_ASCII.length)];
  const choices = [
    `app.listen(${port});`,
    `server.listen({ port: ${port} }, () => log("${word} up"));`,
    `const label${i} = "${word}${i}";`,
    `// ${word} comment ${i}`,
    `app.listen(process.env.PORT || ${port});`,
    `const PORT${i} = ${port}; http.createServer(h).listen(PORT${i});`,
    `/* ${word} */ app.set('port', ${port});`,
  ];
  return choices[Math.floor(rnd() * choices.length)];
}

function modelShape(m: SourceModel): unknown {
  const { idioms: _idioms, ...rest } = m;
  return rest;
}

describe('tree-sitter units for JavaScript strings', () => {
  it('indices and columns are UTF-16 code units (as JS strings and LSP positions)', async () => {
    const spec = languageFor('a.js')!;
    await prepareLanguage(spec);
    const text = 'const é = "😀ü";\nlet s = "中文"; z();\n';
    const tree = parse(spec.grammar!, text)!;
    try {
      const call = tree.rootNode.descendantsOfType('call_expression')[0]!;
      assert.equal(call.startIndex, text.indexOf('z()'), 'index in UTF-16 code units (a byte index would be larger)');
      assert.deepEqual(call.startPosition, { row: 1, column: text.indexOf('z()') - text.indexOf('\n') - 1 });
      assert.deepEqual(pointAt(text, text.indexOf('z()')), call.startPosition);
    } finally {
      tree.delete();
    }
  });

  it('treeEditFor computes points with rows split at \\n only', () => {
    const text = 'a\r\nbé😀\rc\nd';
    assert.deepEqual(pointAt(text, text.indexOf('c')), { row: 1, column: 5 }, 'a lone \\r is not a row break for tree-sitter');
    assert.deepEqual(treeEditFor(text, 3, 5, 'x\ny😀'), {
      startIndex: 3,
      oldEndIndex: 5,
      newEndIndex: 3 + 'x\ny😀'.length,
      startPosition: { row: 1, column: 0 },
      oldEndPosition: { row: 1, column: 2 },
      newEndPosition: { row: 2, column: 3 },
    });
  });

  for (const eol of ['\n', '\r\n']) {
    it(`an edited tree gives the same model as a fresh parse (${eol === '\n' ? 'LF' : 'CRLF'}, non-ASCII)`, async () => {
      const spec = languageFor('src/app.ts')!;
      await prepareLanguage(spec);
      const rnd = random(eol.length * 7919);
      let text = ['import express from "express";', 'const app = express();', 'app.listen(3000);'].join(eol) + eol;
      const incremental = new IncrementalTree(spec);
      try {
        incremental.build(text);
        for (let step = 0; step < 150; step++) {
          const lines = text.split(eol);
          // Replace a random span inside one line, or insert/delete whole statements.
          const kind = rnd();
          let start: number;
          let end: number;
          let inserted: string;
          const lineStart = (l: number) => lines.slice(0, l).reduce((n, x) => n + x.length + eol.length, 0);
          if (kind < 0.4 || lines.length < 4) {
            start = end = lineStart(Math.floor(rnd() * lines.length));
            inserted = statement(rnd, step) + eol;
          } else if (kind < 0.7) {
            const l = Math.floor(rnd() * (lines.length - 1));
            start = lineStart(l);
            end = lineStart(l + 1);
            inserted = '';
          } else {
            // Swap a port for another one, or a non-ASCII word inside a string for another.
            const re = /\d{4}|é|ß|中文|😀|🚀✨|Ω|ñ/g;
            re.lastIndex = Math.floor(rnd() * text.length);
            const m = re.exec(text) ?? re.exec(text);
            if (!m) continue;
            start = m.index;
            end = start + m[0].length;
            inserted = /\d/.test(m[0]) ? String(1000 + Math.floor(rnd() * 9000)) : NON_ASCII[Math.floor(rnd() * NON_ASCII.length)];
          }
          incremental.applyChange(text, start, end, inserted);
          text = text.slice(0, start) + inserted + text.slice(end);
          const model = incremental.build(text);
          assert.ok(model);
          const fresh = new IncrementalTree(spec);
          try {
            assert.deepEqual(modelShape(model), modelShape(fresh.build(text)!), `step ${step}: the incremental model differs from a fresh parse`);
          } finally {
            fresh.dispose();
          }
        }
        assert.ok(incremental.stats.incremental >= 140, `parses reused the tree (${JSON.stringify(incremental.stats)})`);
        assert.equal(incremental.stats.full, 1);
      } finally {
        incremental.dispose();
      }
    });
  }
});

describe('a document edited many times over LSP', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    ensureServerBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-incr-'));
    fs.mkdirSync(path.join(root, 'src'));
    client = await LspTestClient.start({ workspaceFolder: root, trace: 'verbose', initializationOptions: { debounceMs: 20 } });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const shape = (d: { code?: unknown; ruleId?: string; range: unknown; message: unknown; severity?: unknown }) => ({
    rule: d.code ?? d.ruleId,
    range: d.range,
    message: d.message,
  });

  async function expected(text: string): Promise<unknown[]> {
    return (await analyze({ path: 'src/edited.ts', text })).findings.map(shape);
  }

  for (const eol of ['\n', '\r\n']) {
    it(`keeps diagnostics equal to a fresh analysis (${eol === '\n' ? 'LF' : 'CRLF'})`, async () => {
      const uri = fileUri(path.join(root, 'src', 'edited.ts'));
      const rnd = random(eol === '\n' ? 42 : 4242);
      await client.open(uri, ['const app = express();', 'app.listen(3000);', 'const name = "héllo 😀";'].join(eol) + eol);
      let compared = 0;
      for (let step = 0; step < 240; step++) {
        const doc = client.document(uri);
        const lineCount = doc.lineCount;
        const changes: TextDocumentContentChangeEvent[] = [];
        const r = rnd();
        if (r < 0.35 || lineCount < 5) {
          const line = Math.floor(rnd() * lineCount);
          changes.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: statement(rnd, step) + eol });
        } else if (r < 0.55) {
          const line = Math.floor(rnd() * (lineCount - 2));
          changes.push({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' });
        } else if (r < 0.8) {
          // Two changes in one notification: the second refers to the text after the first.
          const a = Math.floor(rnd() * (lineCount - 1));
          changes.push({ range: { start: { line: a, character: 0 }, end: { line: a, character: 0 } }, text: statement(rnd, step) + eol });
          changes.push({ range: { start: { line: a, character: 0 }, end: { line: a + 1, character: 0 } }, text: statement(rnd, step + 1000) + eol });
        } else {
          // Type a statement one character at a time (broken syntax in between), then check.
          const line = Math.floor(rnd() * lineCount);
          const stmt = statement(rnd, step) + eol;
          let character = 0;
          for (const ch of stmt.split(/(?=[\s\S])/u)) {
            await client.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text: ch }]);
            character += ch.length;
          }
          continue;
        }
        await client.change(uri, changes);
        if (step % 12 === 0) {
          const got = (await client.diagnostics(uri)).map(shape);
          assert.deepEqual(got, await expected(client.text(uri)), `step ${step}: diagnostics differ from a fresh analysis`);
          compared++;
        }
      }
      const final = client.text(uri);
      const diags: Diagnostic[] = await client.diagnostics(uri);
      assert.deepEqual(diags.map(shape), await expected(final));
      assert.ok(diags.length > 0, 'the edited document has findings to compare');
      // And the server's own fresh parse of the same text agrees.
      const fresh = fileUri(path.join(root, 'src', 'fresh.ts'));
      await client.open(fresh, final);
      assert.deepEqual((await client.diagnostics(fresh)).map(shape), diags.map(shape));
      assert.ok(compared >= 10);
      const parses = client.traces.filter((t) => t.includes(`analysed ${uri} `));
      assert.ok(parses.filter((t) => t.includes('incremental parse')).length >= 10, 'the server reparsed incrementally');
      assert.equal(parses.filter((t) => t.includes('full parse')).length, 1, 'one full parse, when the document was opened');
      await client.close(uri);
      await client.close(fresh);
      client.traces.length = 0;
    });
  }
});
