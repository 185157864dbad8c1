/**
 * Realistic Python and Go code for the benchmark, built from the annotated fixture corpora
 * (test/fixtures/rules/<rule>/<language>/ and test/fixtures/pending/<language>/<rule>/): framework
 * code as its developers write it, with the annotations removed. Deterministic: files are taken in
 * path order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTestPath } from '../server/src/engine/files';

export type FixtureLanguage = 'python' | 'go';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const EXTENSION: Record<FixtureLanguage, string> = { python: '.py', go: '.go' };
const ANNOTATION_LINE = /^\s*(#|\/\/)\s*(ruleid|ok|todoruleid|todook):/;

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** The fixture sources of a language (no expected-fix files, no test files), in path order. */
export function fixtureSources(lang: FixtureLanguage): { path: string; text: string }[] {
  const files: string[] = [];
  walk(path.join(FIXTURES, 'pending', lang), files);
  const rules = path.join(FIXTURES, 'rules');
  if (fs.existsSync(rules)) for (const r of fs.readdirSync(rules)) walk(path.join(rules, r, lang), files);
  return files
    .filter((f) => f.endsWith(EXTENSION[lang]) && !/\.fixed\.[^.]+$/.test(f))
    .map((f) => path.relative(FIXTURES, f).split(path.sep).join('/'))
    // The engine path, not the fixture path: `fixtures/` itself would make every file a test file.
    .filter((rel) => !isTestPath(rel.split('/').slice(3).join('/')))
    .sort()
    .map((rel) => ({
      path: rel,
      text: fs
        .readFileSync(path.join(FIXTURES, rel), 'utf8')
        .split('\n')
        .filter((l) => !ANNOTATION_LINE.test(l))
        .join('\n'),
    }));
}

/**
 * One file of about `bytes` bytes: the fixture sources one after the other (again from the first
 * when they run out). Go keeps one `package` clause; later files' imports stay where they are,
 * which the grammar accepts.
 */
export function fixtureFile(lang: FixtureLanguage, bytes: number): string {
  const sources = fixtureSources(lang);
  if (sources.length === 0) throw new Error(`no ${lang} fixtures under test/fixtures`);
  let text = '';
  for (let i = 0; text.length < bytes; i++) {
    let t = sources[i % sources.length].text;
    if (lang === 'go' && text) t = t.replace(/^package \w+\s*\n/m, '');
    text += (text && !text.endsWith('\n\n') ? '\n' : '') + t;
  }
  return text;
}
