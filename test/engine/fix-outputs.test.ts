/**
 * Every quick fix of every finding in the annotated fixtures (test/fixtures/rules/**), not only the
 * first: applied alone, it must leave text that parses in the file's own language (tree-sitter
 * through the engine's parser for programs, the format's parser through the model's `hasErrors` for
 * configuration and deploy files) with no more syntax errors than the file had; and a preferred fix,
 * the one applied on save and by fix-all, must not leave the same rule to report the same place.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, buildModel } from '../../server/src/engine/analyze';
import { languageFor, parseWith, prepareLanguage, type LanguageSpec } from '../../server/src/engine/languages';
import type { Span, TextEdit } from '../../server/src/engine/types';
import { fixedPathFor, listFixtures, type FixtureFile } from '../support/annotations';
import { applyFix } from '../support/rule-fixes';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
// Findings in test files have fixes too: check them all.
const OPTIONS = { includeTests: true, gitIgnored: false };

/**
 * Syntax errors in `text`: ERROR and MISSING nodes of the tree for tree-sitter languages; for
 * formats read with their own parser, 1 when the model says the parser recovered from errors.
 */
function syntaxErrors(spec: LanguageSpec, text: string): number {
  if (spec.parseText) return buildModel(spec, text)?.model.hasErrors ? 1 : 0;
  const tree = parseWith(spec, text);
  assert.ok(tree, `the ${spec.id} parser finished`);
  let errors = 0;
  const cursor = tree.rootNode.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) errors++;
      // Subtrees without errors need no visit.
      if (node.hasError && !node.isMissing && cursor.gotoFirstChild()) continue;
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return errors;
      }
    }
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/** Where `[start, end)` of the original text is after the edits: an edited part maps to its replacement. */
function mapSpan(span: Span, edits: readonly TextEdit[]): Span {
  const map = (offset: number, side: 'start' | 'end'): number => {
    let shift = 0;
    for (const e of edits) {
      const delta = e.newText.length - (e.end - e.start);
      if (e.end < offset || (e.end === offset && (side === 'end' || e.start < e.end))) shift += delta;
      else if (e.start < offset && offset < e.end) return side === 'start' ? e.start + shift : e.start + shift + e.newText.length;
    }
    return offset + shift;
  };
  return { start: map(span.start, 'start'), end: map(span.end, 'end') };
}

function overlaps(a: Span, b: Span): boolean {
  if (a.start === a.end || b.start === b.end) return a.start <= b.end && b.start <= a.end;
  return a.start < b.end && b.start < a.end;
}

let fixesChecked = 0;
let preferredChecked = 0;

/** Applies each fix of each finding of `f` alone and returns what went wrong, one line per problem. */
async function fixProblems(f: FixtureFile): Promise<string[]> {
  const spec = languageFor(f.enginePath, undefined, f.text);
  assert.ok(spec, `a language for ${f.enginePath}`);
  await prepareLanguage(spec);
  const { findings } = await analyze({ path: f.enginePath, text: f.text }, OPTIONS);
  const before = syntaxErrors(spec, f.text);
  const problems: string[] = [];
  for (const finding of findings) {
    for (const [k, fix] of finding.fixes.entries()) {
      const where = `${f.enginePath}:${finding.range.start.line + 1} ${finding.ruleId} fix #${k + 1} "${fix.title}"`;
      let output: string;
      try {
        output = applyFix(f.text, fix);
      } catch (e) {
        problems.push(`${where}: the edits cannot be applied: ${(e as Error).message}`);
        continue;
      }
      fixesChecked++;
      const after = syntaxErrors(spec, output);
      if (after > before) problems.push(`${where}: ${after} syntax errors after the fix, ${before} before:\n${excerpt(output, fix.edits)}`);
      if (!fix.preferred) continue;
      preferredChecked++;
      const unique = [...new Map(fix.edits.map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()].sort((a, b) => a.start - b.start);
      const place = mapSpan(finding.span, unique);
      const again = (await analyze({ path: f.enginePath, text: output }, OPTIONS)).findings.filter((x) => x.ruleId === finding.ruleId && overlaps(x.span, place));
      if (again.length) problems.push(`${where}: preferred, yet reported again at the same place: ${again.map((x) => x.message).join(' | ')}\n${excerpt(output, fix.edits)}`);
    }
  }
  return problems;
}

for (const dir of fs.readdirSync(FIXTURES).sort()) {
  describe(`fix outputs: ${dir}`, () => {
    const windows = new Set<string>();
    for (const f of listFixtures(path.join(FIXTURES, dir))) {
      it(f.enginePath, async () => assert.deepEqual(await fixProblems(f), []));
      // A file saved on Windows (BOM, CRLF) must get the same fixes: once per folder and language,
      // on a fixture that has fixes (its expected output file exists).
      const language = `${path.dirname(f.enginePath).split('/')[0]} ${languageFor(f.enginePath, undefined, f.text)?.id}`;
      if (fs.existsSync(fixedPathFor(f.file)) && !windows.has(language)) {
        windows.add(language);
        it(`${f.enginePath} with a BOM and CRLF line ends`, async () => {
          const text = '\uFEFF' + f.text.replace(/\r?\n/g, '\r\n');
          assert.deepEqual(await fixProblems({ ...f, text }), []);
        });
      }
    }
  });
}

/** The lines of `text` around the first edit, for failure messages. */
function excerpt(text: string, edits: readonly TextEdit[]): string {
  const at = Math.min(...edits.map((e) => e.start));
  const lines = text.split('\n');
  const line = text.slice(0, at).split('\n').length - 1;
  return lines.slice(Math.max(0, line - 2), line + 4).map((l) => `    | ${l}`).join('\n');
}

describe('fix outputs: coverage', () => {
  // Runs after the fixture suites (node:test runs suites in order): the corpus holds fixes of every kind.
  it('checked the fixes of the corpus', () => {
    assert.ok(fixesChecked > 300, `checked ${fixesChecked} fixes`);
    assert.ok(preferredChecked > 50, `checked ${preferredChecked} preferred fixes`);
  });
});
