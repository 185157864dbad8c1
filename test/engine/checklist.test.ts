/**
 * The twelve project checks on fixture projects (test/fixtures/projects/<name>/expect.json gives the
 * expected status and a part of the reason per factor, and evidence that must be listed).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildChecklist, checklistScore } from '../../server/src/engine/project/checklist';
import { markdownReport } from '../../server/src/engine/project/report';
import { parseProjectConfig, parseFactorKey } from '../../server/src/engine/project/config';
import { loadFixtureProject } from '../support/project';

const ROOT = path.join(__dirname, '..', 'fixtures', 'projects');

interface Expect {
  git: boolean;
  factors: Record<string, { status: string; reason?: string }>;
  evidence?: { factor: number; file: string; line?: number; note: string }[];
}

describe('checklist on fixture projects', () => {
  for (const name of fs.readdirSync(ROOT).sort()) {
    const expect: Expect = JSON.parse(fs.readFileSync(path.join(ROOT, name, 'expect.json'), 'utf8'));
    it(name, async () => {
      const { input, problems } = await loadFixtureProject(path.join(ROOT, name), expect.git);
      assert.deepEqual(problems, []);
      const list = buildChecklist(input);
      assert.equal(list.length, 12);
      assert.deepEqual(list.map((e) => e.factor), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      for (const [factor, want] of Object.entries(expect.factors)) {
        const e = list[Number(factor) - 1];
        assert.equal(e.status, want.status, `factor ${factor} (${e.title}): ${e.reason}\n${JSON.stringify(e.evidence, null, 1)}`);
        if (want.reason) assert.ok(e.reason.includes(want.reason), `factor ${factor} reason "${e.reason}" should include "${want.reason}"`);
      }
      for (const ev of expect.evidence ?? []) {
        const e = list[ev.factor - 1];
        const hit = e.evidence.find((x) => x.file === ev.file && x.note.includes(ev.note) && (ev.line === undefined || x.line === ev.line));
        assert.ok(hit, `factor ${ev.factor} lists ${ev.file}${ev.line ? ':' + ev.line : ''} "${ev.note}"; has ${JSON.stringify(e.evidence)}`);
      }
    });
  }
});

describe('project file', () => {
  it('parses rules, excludes and sign-offs keyed by number, numeral or title', () => {
    const { config, problems } = parseProjectConfig('{ "rules": {"no-fixed-port": "off"}, "exclude": ["scripts/**"], "signOff": {"X": {"note": "ok"}, "12": "n/a here", "logs": {"note": "stdout"}} }', ['no-fixed-port']);
    assert.deepEqual(problems, []);
    assert.equal(config.rules['no-fixed-port'], 'off');
    assert.deepEqual(config.exclude, ['scripts/**']);
    assert.equal(config.signOff[10]?.note, 'ok');
    assert.equal(config.signOff[12]?.note, 'n/a here');
    assert.equal(config.signOff[11]?.note, 'stdout');
  });
  it('bad JSON gives a clear message and the defaults, never a throw', () => {
    const { config, problems } = parseProjectConfig('{ "rules": { "no-fixed-port": "off", }\n  "oops" ');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /\.twelve-factor\.json: .* at line \d+; using the defaults/);
    assert.deepEqual(config.rules, {});
  });
  it('wrong types and unknown keys are reported one by one', () => {
    const { config, problems } = parseProjectConfig('{"rules": {"no-fixed-port": "loud", "nope": "off"}, "exclude": "x", "signOff": {"XIII": "x", "3": {}}, "extra": 1}', ['no-fixed-port']);
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.deepEqual(config.rules, {});
    assert.deepEqual(config.signOff, {});
  });
  it('factor keys', () => {
    assert.equal(parseFactorKey('VII'), 7);
    assert.equal(parseFactorKey('port binding'), 7);
    assert.equal(parseFactorKey('13'), undefined);
  });
});

describe('markdown report', () => {
  it('has a row per factor, the score, and findings with locations', async () => {
    const { input } = await loadFixtureProject(path.join(ROOT, 'troubled-app'), false);
    const list = buildChecklist(input);
    const md = markdownReport(list, { project: 'troubled-app' });
    assert.match(md, /^# Twelve-Factor report: troubled-app/);
    const { passing } = checklistScore(list);
    assert.ok(md.includes(`**${passing}/12**`));
    assert.equal(md.split('\n').filter((l) => /^\| \[[IVX]+\. /.test(l)).length, 12);
    assert.ok(md.includes('`src/server.js:27`'));
    // The committed .env holds a password: it must not appear in the report.
    assert.ok(!md.includes('Pr0dPassw0rd'));
    assert.ok(!md.includes('a8f5f167f44f4964e6c998dee827110c'));
  });
});

describe('project file schema', () => {
  it('lists exactly the registered rules', async () => {
    const { RULES } = await import('../../server/src/engine/rules');
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'twelve-factor.schema.json'), 'utf8'));
    assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), RULES.map((r) => r.meta.id).sort());
  });
});

describe('check meta', () => {
  it('one check per factor, each with its docs page', async () => {
    const { CHECKS } = await import('../../server/src/engine/project/checks');
    assert.deepEqual(CHECKS.map((c) => c.meta.factor), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const c of CHECKS) {
      const doc = path.join(__dirname, '..', '..', 'docs', 'checks', `${c.meta.id}.md`);
      assert.ok(fs.existsSync(doc), `docs/checks/${c.meta.id}.md`);
      const text = fs.readFileSync(doc, 'utf8');
      for (const h of ['## What it checks', '## Statuses', '## What to do']) assert.ok(text.includes(h), `${c.meta.id}.md has ${h}`);
      const file = path.join(__dirname, '..', '..', 'server', 'src', 'engine', 'project', 'checks', `${c.meta.id}.ts`);
      assert.ok(fs.existsSync(file), `checks/${c.meta.id}.ts`);
    }
  });
});
