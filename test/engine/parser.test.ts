/**
 * The parser module's parent lookups (recorded per tree, see parser.ts) and the two phases of an
 * incremental build: recorded parents must be exactly tree-sitter's own, in every grammar, in
 * broken code, and after edits.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { IncrementalTree, treeEditFor } from '../../server/src/engine/incremental';
import { languageFor, parseWith, prepareLanguage, type LanguageSpec } from '../../server/src/engine/languages';
import { uncachedParent } from '../../server/src/engine/parser';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Every node of the tree, in pre-order. */
function allNodes(tree: Tree): Node[] {
  const out: Node[] = [];
  const cursor = tree.rootNode.walk();
  try {
    for (;;) {
      out.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return out;
      }
    }
  } finally {
    cursor.delete();
  }
}

function sameNode(a: Node | null, b: Node | null): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id && a.type === b.type && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}

/** Asserts that every node's `parent` is tree-sitter's, asking in an order that mixes deep and shallow nodes. */
function assertParents(tree: Tree, what: string): number {
  const nodes = allNodes(tree);
  const order = [...nodes.filter((_, i) => i % 2 === 1).reverse(), ...nodes.filter((_, i) => i % 2 === 0)];
  for (const n of order) {
    const got = n.parent;
    const want = uncachedParent(n);
    assert.ok(sameNode(got, want), `${what}: parent of ${n.type} at ${n.startIndex}-${n.endIndex}: ${got?.type} at ${got?.startIndex}, tree-sitter says ${want?.type} at ${want?.startIndex}`);
    // Asked twice: the recorded answer is the same.
    assert.ok(sameNode(n.parent, want));
  }
  return nodes.length;
}

/** A sample file per tree-sitter language from the fixture corpora. */
function samples(): { file: string; spec: LanguageSpec; text: string }[] {
  const out = new Map<string, { file: string; spec: LanguageSpec; text: string }>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const spec = languageFor(p);
        if (!spec || spec.parseText || /\.fixed\./.test(e.name)) continue;
        const text = fs.readFileSync(p, 'utf8');
        const prev = out.get(spec.id);
        if (!prev || text.length > prev.text.length) out.set(spec.id, { file: path.relative(FIXTURES, p), spec, text });
      }
    }
  };
  walk(FIXTURES);
  return [...out.values()];
}

describe('recorded parents', () => {
  const cases = samples();

  it('covers every tree-sitter language', () => {
    assert.deepEqual(cases.map((c) => c.spec.id).sort(), ['csharp', 'go', 'java', 'javascript', 'php', 'python', 'ruby', 'tsx', 'typescript']);
  });

  for (const c of cases) {
    it(`equal tree-sitter's own for every node: ${c.spec.id} (${c.file}), whole and broken`, async () => {
      await prepareLanguage(c.spec);
      const variants = [
        c.text,
        // Cut in the middle of a line, and with stray brackets: error recovery makes odd trees.
        c.text.slice(0, Math.floor(c.text.length * 0.6)),
        c.text.replace(/\n/g, (m, i: number) => (i % 7 === 0 ? '\n)}]( ' : m)),
        '',
        '\n\n',
      ];
      for (const [i, text] of variants.entries()) {
        const tree = parseWith(c.spec, text);
        assert.ok(tree);
        try {
          assertParents(tree, `${c.file} variant ${i}`);
        } finally {
          tree.delete();
        }
      }
    });
  }

  it('are dropped when the tree is edited: parents read afterwards are those of the edited tree', async () => {
    const spec = languageFor('a.ts')!;
    await prepareLanguage(spec);
    const text = 'function a() {\n  app.listen(3000);\n}\nconst b = [1, 2, { c: "x" }];\n';
    const tree = parseWith(spec, text)!;
    try {
      assertParents(tree, 'before the edit');
      const at = text.indexOf('const b');
      tree.edit(treeEditFor(text, at, at, 'let z = 1;\n'));
      const after = allNodes(tree);
      for (const n of after) assert.ok(sameNode(n.parent, uncachedParent(n)), `after the edit: ${n.type} at ${n.startIndex}`);
    } finally {
      tree.delete();
    }
  });
});

describe('incremental build in two phases', () => {
  it('changes received between parse and model wait for the next parse', async () => {
    const spec = languageFor('src/app.ts')!;
    await prepareLanguage(spec);
    const v1 = 'import express from "express";\nconst app = express();\napp.listen(3000);\n';
    const tree = new IncrementalTree(spec);
    try {
      assert.equal(tree.parse(v1), true);
      // A keystroke arrives before the model is built: the model is still that of v1.
      const at = v1.indexOf('3000');
      tree.applyChange(v1, at, at + 4, '4000');
      const v2 = v1.slice(0, at) + '4000' + v1.slice(at + 4);
      const m1 = tree.model()!;
      assert.equal(m1.text, v1);
      assert.deepEqual(m1.calls.find((c) => c.callee === 'app.listen')!.args[0], { kind: 'number', value: 3000, span: { start: at, end: at + 4 } });
      // The next parse applies the change to the kept tree and reuses it.
      const m2 = tree.build(v2)!;
      assert.equal(m2.text, v2);
      assert.equal((m2.calls.find((c) => c.callee === 'app.listen')!.args[0] as { value: number }).value, 4000);
      assert.deepEqual(tree.stats, { incremental: 1, full: 1 });
      const fresh = new IncrementalTree(spec);
      try {
        const { idioms: _a, ...got } = m2;
        const { idioms: _b, ...want } = fresh.build(v2)!;
        assert.deepEqual(got, want);
      } finally {
        fresh.dispose();
      }
    } finally {
      tree.dispose();
    }
  });

  it('model() gives nothing before a parse and after a reset', async () => {
    const spec = languageFor('a.js')!;
    await prepareLanguage(spec);
    const tree = new IncrementalTree(spec);
    assert.equal(tree.model(), undefined);
    tree.parse('app.listen(1);');
    assert.ok(tree.model());
    tree.reset();
    assert.equal(tree.model(), undefined);
    assert.equal(tree.hasTree, false);
    tree.dispose();
  });
});
