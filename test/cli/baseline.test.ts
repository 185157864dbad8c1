/**
 * The baseline of the real CLI: `--write-baseline` records the findings a project has, `--baseline`
 * reports only new ones (exit code and --max-warnings included), matching survives code moving,
 * identical findings count as a multiset, and the baseline file never holds source text or secrets.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, UsageError } from '../../server/src/cli/args';
import { ENV_PORT, FIXED_PORT, ensureBuilt, makeTree, parseJson, removeTree, runCli, writeTree } from '../support/cli';

const RULE_IDS = ['no-fixed-port', 'no-hardcoded-secret'];
const DEFAULT_FILE = '.twelve-factor-baseline.json';

/** Module-level per-user state: its message names another line ("(line 10)"), which moves with the code. */
const SESSION_STATE = [
  "import { Router } from 'express';",
  'export const products = Router();',
  'const recentlyViewed = new Map<string, string[]>();',
  "products.get('/products/:id', (req, res) => {",
  '  const viewed = recentlyViewed.get(req.sessionID) ?? [];',
  '  viewed.push(req.params.id);',
  '  recentlyViewed.set(req.sessionID, viewed.slice(-10));',
  '  res.json(viewed);',
  '});',
  '',
].join('\n');

// Made-up values in real formats, on lines the engine reports.
const STRIPE = 'sk_test_51QzT8uGq7LmN3vRx9KpW2yHd';
const DB_PASSWORD = 'pG-7vQ2xLm9TzR4w';
const SECRETS = [
  "import express from 'express';",
  'const app = express();',
  `const stripeKey = '${STRIPE}';`,
  `const db = 'postgres://billing:${DB_PASSWORD}@billing-db.internal:5432/billing';`,
  'app.listen(3000);',
  '',
].join('\n');

interface BaselineFile {
  version: number;
  findings: { rule: string; file: string; line: number; fingerprint: string }[];
}

describe('baseline arguments', () => {
  const ok: [string[], object][] = [
    [['check', '--baseline'], { paths: [], baseline: { file: undefined } }],
    [['check', 'src', '--baseline', 'ci/base.json'], { paths: ['src'], baseline: { file: 'ci/base.json' } }],
    [['check', '--baseline=ci/base.json', 'src'], { paths: ['src'], baseline: { file: 'ci/base.json' } }],
    [['check', '--baseline', '--quiet', 'src'], { paths: ['src'], baseline: { file: undefined }, quiet: true }],
    [['check', '--baseline', '--', 'src'], { paths: ['src'], baseline: { file: undefined } }],
    [['check', '.', '--write-baseline'], { paths: ['.'], writeBaseline: { file: undefined } }],
    [['check', '--write-baseline', 'b.json', '--rule', 'no-fixed-port=off'], { writeBaseline: { file: 'b.json' }, rules: { 'no-fixed-port': 'off' } }],
  ];
  for (const [argv, expected] of ok) {
    it(`accepts ${argv.join(' ')}`, () => {
      const c = parseArgs(argv, RULE_IDS);
      assert.equal(c.kind, 'check');
      for (const [k, v] of Object.entries(expected)) assert.deepEqual((c as Record<string, unknown>)[k], v, k);
    });
  }
  const bad: [string[], RegExp][] = [
    [['check', '--write-baseline', '--baseline'], /--write-baseline and --baseline cannot be used together/],
    [['check', '--baseline=a.json', '--write-baseline=b.json'], /--write-baseline and --baseline cannot be used together/],
    [['check', '--write-baseline', '-f', 'json'], /--write-baseline .*--format does not apply/],
    [['check', '--write-baseline', '--output', 'x'], /--output does not apply/],
    [['check', '--max-warnings', '3', '--write-baseline'], /--max-warnings does not apply/],
    [['check', '--write-baseline', '--fail-on-checklist'], /--fail-on-checklist does not apply/],
    [['check', '--baseline='], /--baseline needs a file name/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(' ')}`, () => {
      assert.throws(() => parseArgs(argv, RULE_IDS), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});

describe('cli baseline', () => {
  const dirs: string[] = [];
  before(() => ensureBuilt());
  after(() => dirs.forEach(removeTree));
  const tree = (files: Parameters<typeof makeTree>[0]) => {
    const d = makeTree(files, 'tf-baseline-');
    dirs.push(d);
    return d;
  };
  const readBaseline = (dir: string, file = DEFAULT_FILE) => fs.readFileSync(path.join(dir, file), 'utf8');

  it('writes the findings, sorted and pretty-printed, and a check against it reports nothing', () => {
    const dir = tree({ 'package.json': '{}', 'src/b.ts': FIXED_PORT, 'src/a.ts': SESSION_STATE + 'app.listen(8080);\n', 'src/ok.ts': ENV_PORT });
    assert.equal(runCli(['check'], dir).status, 1, 'the project has findings');

    const w = runCli(['check', '--write-baseline'], dir);
    assert.equal(w.status, 0, w.stderr);
    assert.equal(w.stdout, `Wrote 3 findings to the baseline ${DEFAULT_FILE}.\n`);
    const text = readBaseline(dir);
    assert.ok(text.endsWith('}\n'), 'a final newline');
    assert.ok(text.includes('\n  "findings": [\n    {\n      "rule": '), 'pretty-printed, two spaces');
    const doc = JSON.parse(text) as BaselineFile;
    assert.equal(doc.version, 1);
    assert.deepEqual(
      doc.findings.map((f) => [f.file, f.line, f.rule]),
      [
        ['src/a.ts', 3, 'no-in-memory-session'],
        ['src/a.ts', 10, 'no-fixed-port'],
        ['src/b.ts', 3, 'no-fixed-port'],
      ],
    );
    for (const f of doc.findings) {
      assert.deepEqual(Object.keys(f), ['rule', 'file', 'line', 'fingerprint']);
      assert.match(f.fingerprint, /^[0-9a-f]{64}:1$/);
    }

    const r = runCli(['check', '--baseline'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `\n✔ 0 problems (3 files checked)\n3 findings in the baseline were not reported (${DEFAULT_FILE})\n`);
    // --max-warnings counts only new warnings.
    assert.equal(runCli(['check', '--baseline', '--max-warnings', '0'], dir).status, 0);
  });

  it('reports only a new finding, and exits 1 for it', () => {
    const dir = tree({ 'package.json': '{}', 'src/server.ts': FIXED_PORT });
    assert.equal(runCli(['check', '--write-baseline'], dir).status, 0);
    writeTree(dir, { 'src/worker.ts': "import http from 'node:http';\nhttp.createServer(() => {}).listen(8081);\n" });
    const r = runCli(['check', '--baseline', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const json = parseJson(r.stdout);
    assert.deepEqual(
      json.findings.map((f) => [f.file, f.line, f.rule]),
      [['src/worker.ts', 2, 'no-fixed-port']],
    );
    const text = runCli(['check', '--baseline'], dir);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /src\/worker\.ts\n {2}2:\d+ +warning +Fixed port 8081/);
    assert.doesNotMatch(text.stdout, /server\.ts/);
    assert.match(text.stdout, /✖ 1 problem \(0 errors, 1 warning\)\n1 finding in the baseline was not reported \(\.twelve-factor-baseline\.json\)\n$/);
    assert.equal(runCli(['check', '--baseline', '--max-warnings', '1'], dir).status, 0, 'one new warning is within --max-warnings 1');
  });

  it('still matches after the code moves down, even a message naming another line', () => {
    const dir = tree({ 'package.json': '{}', 'src/routes.ts': SESSION_STATE + 'app.listen(3000);\n' });
    assert.equal(runCli(['check', '--write-baseline'], dir).status, 0);
    const before = parseJson(runCli(['check', '-f', 'json'], dir).stdout).findings;
    writeTree(dir, { 'src/routes.ts': '// moved\n// down\n\n\n' + SESSION_STATE + '\n\napp.listen(3000);\n' });
    const after = parseJson(runCli(['check', '-f', 'json'], dir).stdout).findings;
    assert.deepEqual(
      after.map((f) => [f.rule, f.line]),
      before.map((f) => [f.rule, f.line + (f.rule === 'no-fixed-port' ? 6 : 4)]),
      'the same findings, further down',
    );
    const session = (fs: typeof after) => fs.find((f) => f.rule === 'no-in-memory-session')!.message;
    assert.notEqual(session(after), session(before), 'the message names a line that moved');
    const r = runCli(['check', '--baseline', '-f', 'json'], dir);
    assert.equal(r.status, 0, r.stdout);
    const json = JSON.parse(r.stdout) as { findings: unknown[]; baseline: unknown };
    assert.deepEqual(json.findings, []);
    assert.deepEqual(json.baseline, { file: DEFAULT_FILE, suppressed: 2 });
  });

  it('counts identical findings as a multiset: two in the baseline, three now, one is new', () => {
    const dir = tree({ 'package.json': '{}', 'src/a.ts': FIXED_PORT + 'app.listen(3000);\n' });
    assert.equal(runCli(['check', '--write-baseline'], dir).status, 0);
    const doc = JSON.parse(readBaseline(dir)) as BaselineFile;
    assert.equal(doc.findings.length, 2);
    const [h1, n1] = doc.findings[0].fingerprint.split(':');
    const [h2, n2] = doc.findings[1].fingerprint.split(':');
    assert.equal(h1, h2, 'identical findings, identical hashes');
    assert.deepEqual([n1, n2], ['1', '2']);

    writeTree(dir, { 'src/a.ts': FIXED_PORT + 'app.listen(3000);\napp.listen(3000);\n' });
    const r = runCli(['check', '--baseline', '-f', 'json'], dir);
    assert.equal(r.status, 1);
    const json = JSON.parse(r.stdout) as { findings: { line: number; rule: string }[]; baseline: unknown };
    assert.deepEqual(json.findings.map((f) => [f.rule, f.line]), [['no-fixed-port', 5]]);
    assert.deepEqual(json.baseline, { file: DEFAULT_FILE, suppressed: 2 });

    // And one fewer than the baseline: nothing new.
    writeTree(dir, { 'src/a.ts': FIXED_PORT });
    const fewer = runCli(['check', '--baseline'], dir);
    assert.equal(fewer.status, 0);
    assert.match(fewer.stdout, /1 finding in the baseline was not reported/);
  });

  it('never writes source text or a secret into the baseline file', () => {
    const dir = tree({ 'package.json': '{}', 'src/billing.ts': SECRETS });
    const plain = parseJson(runCli(['check', '-f', 'json'], dir).stdout).findings;
    assert.deepEqual(plain.map((f) => f.rule).sort(), ['no-fixed-port', 'no-hardcoded-backing-service', 'no-hardcoded-secret']);
    assert.equal(runCli(['check', '--write-baseline'], dir).status, 0);
    const text = readBaseline(dir);
    for (const s of [STRIPE, DB_PASSWORD, STRIPE.slice(0, 4), 'stripeKey', 'billing-db', 'postgres', 'app.listen', '3000']) {
      assert.ok(!text.includes(s), `the baseline holds "${s.slice(0, 4)}…"`);
    }
    assert.deepEqual(
      Object.keys(JSON.parse(text) as object),
      ['version', 'findings'],
    );
    assert.equal(runCli(['check', '--baseline'], dir).status, 0);
  });

  it('a missing or malformed baseline is exit 2 with a message, never a stack trace', () => {
    const dir = tree({ 'package.json': '{}', 'src/server.ts': FIXED_PORT, 'bad.json': '{"version":1,"findings":[', 'v2.json': '{"version":2,"findings":[]}' });
    writeTree(dir, { 'shape.json': JSON.stringify({ version: 1, findings: [{ rule: 'no-fixed-port', file: 'src/server.ts', line: 3, fingerprint: 'abc' }] }) });
    const cases: [string[], RegExp][] = [
      [['check', '--baseline'], /^twelve-factor: the baseline \.twelve-factor-baseline\.json does not exist; create it with `twelve-factor check --write-baseline`\.\n$/],
      [['check', '--baseline', 'bad.json'], /^twelve-factor: the baseline bad\.json is not valid JSON; write it again with --write-baseline\.\n$/],
      [['check', '--baseline=v2.json'], /^twelve-factor: the baseline v2\.json is not a baseline file \("version" is 2, this version reads 1\)/],
      [['check', '--baseline=shape.json'], /^twelve-factor: the baseline shape\.json is not a baseline file \(findings\[0\] has no valid "fingerprint"\)/],
      [['check', '--baseline', 'src'], /^twelve-factor: the baseline src is a folder/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, dir);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    const both = runCli(['check', '--baseline', '--write-baseline'], dir);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /^twelve-factor: --write-baseline and --baseline cannot be used together.*\n\nUsage: /);
    const unwritable = runCli(['check', '--write-baseline=src/server.ts/b.json'], dir);
    assert.equal(unwritable.status, 2);
    assert.match(unwritable.stderr, /^twelve-factor: cannot write the baseline src\/server\.ts\/b\.json \(\w+\)\.\n$/);
  });

  it('a named file, the project root by default, and the JSON and SARIF formats', () => {
    const dir = tree({ 'package.json': '{}', 'src/server.ts': FIXED_PORT, 'src/lib/worker.ts': FIXED_PORT.replace('3000', '4000') });
    // From a subfolder, the default file is in the project root.
    const sub = path.join(dir, 'src', 'lib');
    assert.equal(runCli(['check', '..', '--write-baseline'], sub).stdout, 'Wrote 2 findings to the baseline ../../.twelve-factor-baseline.json.\n');
    const doc = JSON.parse(readBaseline(dir)) as BaselineFile;
    assert.deepEqual(doc.findings.map((f) => f.file), ['src/lib/worker.ts', 'src/server.ts'], 'files relative to the project root');
    assert.equal(runCli(['check', '--baseline'], dir).status, 0, 'the same baseline matches from the root');

    assert.equal(runCli(['check', 'src/server.ts', '--write-baseline', 'ci/tf.json'], dir).stdout, 'Wrote 1 finding to the baseline ci/tf.json.\n');
    const json = JSON.parse(runCli(['check', '--baseline=ci/tf.json', '-f', 'json'], dir).stdout) as {
      version: number;
      findings: { file: string }[];
      checklist: unknown[];
      baseline: unknown;
    };
    assert.equal(json.version, 1);
    assert.deepEqual(json.findings.map((f) => f.file), ['src/lib/worker.ts']);
    assert.deepEqual(json.baseline, { file: 'ci/tf.json', suppressed: 1 });
    const without = JSON.parse(runCli(['check', '-f', 'json'], dir).stdout) as { checklist: unknown[]; baseline?: unknown };
    assert.equal(without.baseline, undefined, 'no baseline field without --baseline');
    assert.deepEqual(json.checklist, without.checklist, 'the checklist reflects all findings');

    const sarif = JSON.parse(runCli(['check', '--baseline=ci/tf.json', '-f', 'sarif'], dir).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    assert.deepEqual(
      sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]),
      [['no-fixed-port', 'src/lib/worker.ts']],
    );
    const allSarif = JSON.parse(runCli(['check', '-f', 'sarif'], dir).stdout) as { runs: { results: unknown[] }[] };
    assert.equal(allSarif.runs[0].results.length, 2);
  });
});
