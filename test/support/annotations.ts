/**
 * Annotated fixtures, semgrep style. In any language's comment syntax (`//`, `#`, `/*`, `<!--`, `--`, `;`):
 *
 *   ruleid: <rule-id>      the next code line must have a finding of the rule
 *   ok: <rule-id>          the next code line must have none (tricky code that must stay quiet)
 *   todoruleid: <rule-id>  a known miss (counted against recall, not asserted)
 *   todook: <rule-id>      a known false positive (counted against precision, not asserted)
 *
 * Several ids may be listed, separated by commas.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import type { AnalyzeOptions, LocatedFinding } from '../../server/src/engine/types';

export type Mark = 'ruleid' | 'ok' | 'todoruleid' | 'todook';

export interface Expectation {
  mark: Mark;
  rule: string;
  /** 0-based line the annotation applies to. */
  line: number;
}

const ANNOTATION = /(?:\/\/|#|\/\*|<!--|--|;|\*)\s*(ruleid|ok|todoruleid|todook):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;
const COMMENT_ONLY = /^\s*(\/\/|#|\/\*|\*|<!--|--|;)/;

export function parseAnnotations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (!m) return;
    let target = i + 1;
    while (target < lines.length && (lines[target].trim() === '' || COMMENT_ONLY.test(lines[target]))) target++;
    for (const rule of m[2].split(',').map((s) => s.trim())) out.push({ mark: m[1] as Mark, rule, line: target });
  });
  return out;
}

export interface FixtureFile {
  /** Absolute path. */
  file: string;
  /** Path given to the engine: relative to the fixture root, so `fixtures/` does not make it a test file. */
  enginePath: string;
  text: string;
}

const FIXED = /\.fixed(\.[^.]+)?$/;

/** All fixture files below `root` (expected fix outputs `*.fixed.*` excluded). */
export function listFixtures(root: string): FixtureFile[] {
  const out: FixtureFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!FIXED.test(e.name) && e.name !== 'README.md') out.push({ file: p, enginePath: path.relative(root, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') });
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

/**
 * The annotated corpus of one language (or `deploy`) for one rule: `fixtures/pending/<language>/<rule>/`
 * while the rule does not know the language yet, `fixtures/rules/<rule>/<language>/` once it does.
 * Engine paths are given as in the pending layout (`<rule>/…`), so checks read the same either way.
 */
export function languageCorpus(fixtures: string, language: string, rule: string): FixtureFile[] {
  const pending = path.join(fixtures, 'pending', language, rule);
  const dir = fs.existsSync(pending) ? pending : path.join(fixtures, 'rules', rule, language);
  return listFixtures(dir).map((f) => ({ ...f, enginePath: `${rule}/${f.enginePath}` }));
}

export async function findingsFor(f: FixtureFile, options: AnalyzeOptions = {}): Promise<LocatedFinding[]> {
  // Fixtures are committed files: git does not ignore them (a committed `.env` is what the rules look for).
  return (await analyze({ path: f.enginePath, text: f.text }, { gitIgnored: false, ...options })).findings;
}

/** The expected output of applying each finding's first fix: `name.fixed.ext` beside `name.ext`. */
export function fixedPathFor(file: string): string {
  const ext = path.extname(file);
  return file.slice(0, file.length - ext.length) + '.fixed' + ext;
}

/** Applies non-overlapping edits (later ones first). Overlapping edits are an error. */
export function applyEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}-${e.end}`);
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

export interface RuleScore {
  tp: number;
  fp: number;
  fn: number;
}

/** Scores findings against annotations, per rule: ruleid/todoruleid are expected, anything else is not. */
export function score(expect: Expectation[], findings: LocatedFinding[], scores: Map<string, RuleScore>, rulesOfInterest: string[]): void {
  for (const rule of rulesOfInterest) {
    const s = scores.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
    const expected = new Set(expect.filter((e) => e.rule === rule && (e.mark === 'ruleid' || e.mark === 'todoruleid')).map((e) => e.line));
    const reported = new Set(findings.filter((f) => f.ruleId === rule).map((f) => f.range.start.line));
    for (const l of reported) (expected.has(l) ? s.tp++ : s.fp++);
    for (const l of expected) if (!reported.has(l)) s.fn++;
    scores.set(rule, s);
  }
}
