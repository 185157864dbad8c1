/**
 * Precision and recall per rule (and per language) on the annotated fixture corpus.
 * usage: npm run eval [-- --min-precision 0.95 --min-recall 0.90]   (exits 1 when a rule is below)
 *        npm run eval -- --fixtures <dir>   (another annotated folder instead, e.g. a held-out set)
 */
import * as path from 'node:path';
import { RULES } from '../server/src/engine/rules';
import { languageFor } from '../server/src/engine/languages';
import { findingsFor, listFixtures, parseAnnotations, score, type RuleScore } from '../test/support/annotations';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const minP = opt('--min-precision', 0);
const minR = opt('--min-recall', 0);
const fixturesDir = args.includes('--fixtures') ? path.resolve(args[args.indexOf('--fixtures') + 1] ?? '.') : undefined;

async function main() {
  const root = path.join(__dirname, '..', 'test', 'fixtures');
  const files = fixturesDir ? listFixtures(fixturesDir) : [...listFixtures(path.join(root, 'rules')), ...listFixtures(path.join(root, 'corpus'))];
  const ruleIds = RULES.map((r) => r.meta.id);
  const perRule = new Map<string, RuleScore>();
  const perLang = new Map<string, Map<string, RuleScore>>();
  for (const f of files) {
    const rel = f.enginePath.replace(/^[^/]+\//, '');
    const lang = languageFor(rel)?.id ?? path.extname(rel).slice(1) ?? 'other';
    const findings = await findingsFor({ ...f, enginePath: rel }, { includeTests: rel.startsWith('include-tests/') });
    const marks = parseAnnotations(f.text);
    score(marks, findings, perRule, ruleIds);
    const m = perLang.get(lang) ?? new Map<string, RuleScore>();
    score(marks, findings, m, ruleIds);
    perLang.set(lang, m);
  }
  const fmt = (n: number) => (Number.isNaN(n) ? '  -  ' : n.toFixed(3));
  const p = (s: RuleScore) => (s.tp + s.fp === 0 ? NaN : s.tp / (s.tp + s.fp));
  const r = (s: RuleScore) => (s.tp + s.fn === 0 ? NaN : s.tp / (s.tp + s.fn));
  console.log(`Annotated files: ${files.length}\n`);
  console.log('rule                              TP    FP    FN  precision  recall');
  let failed = false;
  for (const id of ruleIds) {
    const s = perRule.get(id) ?? { tp: 0, fp: 0, fn: 0 };
    console.log(`${id.padEnd(32)} ${String(s.tp).padStart(4)}  ${String(s.fp).padStart(4)}  ${String(s.fn).padStart(4)}  ${fmt(p(s)).padStart(9)}  ${fmt(r(s)).padStart(6)}`);
    if ((!Number.isNaN(p(s)) && p(s) < minP) || (!Number.isNaN(r(s)) && r(s) < minR)) failed = true;
  }
  console.log('\nper language (all rules together)');
  console.log('language        TP    FP    FN  precision  recall');
  for (const [lang, m] of [...perLang].sort()) {
    const s = [...m.values()].reduce((a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn }), { tp: 0, fp: 0, fn: 0 });
    if (s.tp + s.fp + s.fn === 0) continue;
    console.log(`${lang.padEnd(14)} ${String(s.tp).padStart(4)}  ${String(s.fp).padStart(4)}  ${String(s.fn).padStart(4)}  ${fmt(p(s)).padStart(9)}  ${fmt(r(s)).padStart(6)}`);
  }
  if (failed) {
    console.log(`\nBelow the bar (precision ${minP}, recall ${minR}).`);
    process.exit(1);
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(2);
});
