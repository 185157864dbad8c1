/** Helpers for rule tests: run one rule on a snippet, apply a fix, re-parse the result. */
import * as assert from 'node:assert/strict';
import { analyze, buildModel } from '../../server/src/engine/analyze';
import { languageFor, prepareLanguage } from '../../server/src/engine/languages';
import type { Fix, LocatedFinding } from '../../server/src/engine/types';
import { applyEdits } from './annotations';

/** The findings of one rule on a snippet (the path decides the language). */
export async function findingsOf(ruleId: string, code: string, path = 'src/app.ts'): Promise<LocatedFinding[]> {
  const r = await analyze({ path, text: code });
  return r.findings.filter((f) => f.ruleId === ruleId);
}

/** The text after applying one fix (import edits that repeat are applied once). */
export function applyFix(code: string, fix: Fix): string {
  const unique = [...new Map(fix.edits.map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()];
  return applyEdits(code, unique);
}

/** Asserts that `code` parses without syntax errors in the language of `path`. */
export async function assertParses(code: string, path: string): Promise<void> {
  // the text decides for YAML (a Kubernetes manifest is known by its apiVersion and kind)
  const spec = languageFor(path, undefined, code);
  assert.ok(spec, `a language for ${path}`);
  await prepareLanguage(spec);
  const built = buildModel(spec, code);
  assert.ok(built, 'the parser finished');
  try {
    assert.equal(built.model.hasErrors, false, `syntax errors after the fix:\n${code}`);
  } finally {
    built.tree.delete();
  }
}

/** The single finding of a rule on a snippet, with its first fix applied and checked to parse. */
export async function fixOnce(ruleId: string, code: string, path = 'src/app.ts'): Promise<{ finding: LocatedFinding; fix: Fix; output: string }> {
  const found = await findingsOf(ruleId, code, path);
  assert.equal(found.length, 1, `one ${ruleId} finding, got ${found.length}: ${found.map((f) => f.message).join(' | ')}`);
  const fix = found[0].fixes[0];
  assert.ok(fix, 'the finding has a fix');
  const output = applyFix(code, fix);
  await assertParses(output, path);
  return { finding: found[0], fix, output };
}
