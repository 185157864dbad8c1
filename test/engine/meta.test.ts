/** Every rule has its docs page, annotated fixtures (at least one ruleid and one ok), and an index entry. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/engine/rules';
import { listFixtures, parseAnnotations } from '../support/annotations';

const ROOT = path.join(__dirname, '..', '..');

describe('rule meta', () => {
  it('ids are unique kebab-case and equal to the file name', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    const ruleDir = path.join(ROOT, 'server', 'src', 'engine', 'rules');
    const files = fs.readdirSync(ruleDir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && f.includes(path.sep));
    for (const id of ids) {
      assert.match(id, /^[a-z]+(-[a-z0-9]+)+$/);
      assert.ok(files.some((f) => path.basename(f, '.ts') === id), `rules/<factor>/${id}.ts exists`);
    }
    for (const f of files) {
      const base = path.basename(f, '.ts');
      if (base === 'index' || base === 'util' || base.startsWith('_')) continue;
      assert.ok(ids.includes(base) || fs.readFileSync(path.join(ruleDir, f), 'utf8').includes('@helper'), `${f} is registered in rules/index.ts`);
    }
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    it(`${id} has docs with the required sections`, () => {
      const doc = path.join(ROOT, 'docs', 'rules', `${id}.md`);
      assert.ok(fs.existsSync(doc), `docs/rules/${id}.md`);
      const text = fs.readFileSync(doc, 'utf8');
      for (const heading of ['## What it reports', '## Why', '## Incorrect', '## Correct', '## How to fix']) {
        assert.ok(text.includes(heading), `${id}.md has "${heading}"`);
      }
      assert.ok(rule.meta.factor >= 1 && rule.meta.factor <= 12);
      assert.ok(rule.meta.description.length > 20);
    });
    it(`${id} has fixtures with ruleid and ok annotations`, () => {
      const marks = listFixtures(path.join(ROOT, 'test', 'fixtures', 'rules', id)).flatMap((f) => parseAnnotations(f.text)).filter((e) => e.rule === id);
      assert.ok(marks.some((m) => m.mark === 'ruleid'), 'at least one ruleid');
      assert.ok(marks.some((m) => m.mark === 'ok'), 'at least one ok');
    });
  }
});

/** The Incorrect/Correct examples of each rule's docs are run as tests (Biome style). */
describe('docs examples', () => {
  const EXT: Record<string, string> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', tsx: 'tsx', jsx: 'jsx', python: 'py', py: 'py', go: 'go', java: 'java', ruby: 'rb', rb: 'rb', csharp: 'cs', cs: 'cs', php: 'php' };
  for (const rule of RULES) {
    const id = rule.meta.id;
    const doc = path.join(ROOT, 'docs', 'rules', `${id}.md`);
    if (!fs.existsSync(doc)) continue;
    const text = fs.readFileSync(doc, 'utf8');
    for (const section of ['Incorrect', 'Correct'] as const) {
      const body = text.split(`## ${section}\n`)[1]?.split(/\n## /)[0] ?? '';
      const blocks = [...body.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((m) => EXT[m[1]]);
      it(`${id}: ${section} examples (${blocks.length})`, async () => {
        assert.ok(blocks.length > 0, `docs/rules/${id}.md has ${section} code examples`);
        for (const [, lang, code] of blocks) {
          const { analyze } = await import('../../server/src/engine/analyze');
          const r = await analyze({ path: `src/example.${EXT[lang]}`, text: code });
          const hits = r.findings.filter((f) => f.ruleId === id);
          if (section === 'Incorrect') assert.ok(hits.length > 0, `expected ${id} on:\n${code}`);
          else assert.equal(hits.length, 0, `expected no ${id} on:\n${code}\ngot ${hits.map((h) => h.message).join('\n')}`);
        }
      });
    }
  }
});
