/**
 * The checklist in the real CLI: the JSON `checklist` on copies of the fixture projects (statuses of
 * their expect.json), the Markdown report, the project file (`.twelve-factor.json`: rule levels,
 * excludes, includeTests, sign-offs, where it is found, what a broken one does) and
 * `--fail-on-checklist`.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FACTORS } from '../../server/src/engine/factors';
import { markdownReport } from '../../server/src/engine/project/report';
import { RULES } from '../../server/src/engine/rules';
import { ProjectScanner } from '../../server/src/workspace/project-scanner';
import { ENV_PORT, FIXED_PORT, ROOT, ensureBuilt, filesWithFindings, makeTree, parseJson, removeTree, runCli, writeTree, type CliResult, type JsonFinding } from '../support/cli';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'projects');

interface Expect {
  git: boolean;
  factors: Record<string, { status: string; reason?: string }>;
  evidence?: { factor: number; file: string; line?: number; note: string }[];
}

interface JsonEvidence {
  file: string;
  line?: number;
  note: string;
  kind: string;
}

interface JsonEntry {
  factor: number;
  title: string;
  status: string;
  reason: string;
  evidence: JsonEvidence[];
}

/** The JSON format with its checklist. */
function parseReport(r: CliResult): { version: number; findings: JsonFinding[]; checklist: JsonEntry[] } {
  try {
    return JSON.parse(r.stdout) as { version: number; findings: JsonFinding[]; checklist: JsonEntry[] };
  } catch {
    throw new Error(`not JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

const OFF_ALL = RULES.flatMap((r) => ['--rule', `${r.meta.id}=off`]);

/** Made-up secrets in real formats, on lines the engine reports. */
const STRIPE = 'sk_live_51QzT8uGq7LmN3vRx9KpW2yHd';
const DB_PASSWORD = 'pG-7vQ2xLm9TzR4w';
const BILLING = [
  `const stripeKey = '${STRIPE}';`,
  `const db = 'postgres://billing:${DB_PASSWORD}@billing-db.internal:5432/billing';`,
  'module.exports = { stripeKey, db };',
  '',
].join('\n');

describe('cli checklist', () => {
  const dirs: string[] = [];
  before(() => ensureBuilt());
  after(() => dirs.forEach(removeTree));
  const tree = (files: Parameters<typeof makeTree>[0]) => {
    const d = makeTree(files);
    dirs.push(d);
    return d;
  };
  /** A copy of a fixture project as it would be checked out: `_gitignore` as `.gitignore`, `.git` when its expect.json says so. */
  const copyFixture = (name: string): { dir: string; expect: Expect } => {
    const expect = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expect.json'), 'utf8')) as Expect;
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `tf-cli-${name}-`)));
    dirs.push(dir);
    fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
      if (path.basename(f) === '_gitignore') fs.renameSync(path.join(dir, f), path.join(dir, path.dirname(f), '.gitignore'));
    }
    fs.rmSync(path.join(dir, 'expect.json'));
    if (expect.git) fs.mkdirSync(path.join(dir, '.git'));
    return { dir, expect };
  };

  for (const name of fs.readdirSync(FIXTURES).sort()) {
    it(`json: twelve entries in order with the statuses of ${name}/expect.json`, () => {
      const { dir, expect } = copyFixture(name);
      const r = runCli(['check', '--format', 'json'], dir);
      assert.notEqual(r.status, 2, r.stderr);
      const { checklist } = parseReport(r);
      assert.deepEqual(checklist.map((e) => e.factor), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      assert.deepEqual(checklist.map((e) => e.title), FACTORS.map((f) => f.title));
      for (const e of checklist) {
        assert.deepEqual(Object.keys(e), ['factor', 'title', 'status', 'reason', 'evidence']);
        assert.ok(['pass', 'attention', 'fail', 'unchecked', 'n/a'].includes(e.status), e.status);
        for (const x of e.evidence) {
          assert.deepEqual(Object.keys(x), x.line === undefined ? ['file', 'note', 'kind'] : ['file', 'line', 'note', 'kind']);
          assert.ok(['finding', 'support', 'info'].includes(x.kind));
        }
      }
      for (const [factor, want] of Object.entries(expect.factors)) {
        const e = checklist[Number(factor) - 1];
        assert.equal(e.status, want.status, `factor ${factor} (${e.title}): ${e.reason}\n${JSON.stringify(e.evidence, null, 1)}`);
        if (want.reason) assert.ok(e.reason.includes(want.reason), `factor ${factor} reason "${e.reason}" should include "${want.reason}"`);
      }
      for (const ev of expect.evidence ?? []) {
        const e = checklist[ev.factor - 1];
        assert.ok(
          e.evidence.some((x) => x.file === ev.file && x.note.includes(ev.note) && (ev.line === undefined || x.line === ev.line)),
          `factor ${ev.factor} lists ${ev.file}${ev.line ? ':' + ev.line : ''} "${ev.note}"; has ${JSON.stringify(e.evidence)}`,
        );
      }
    });
  }

  it('json: evidence files are relative to the current directory; the checklist is for the project root', () => {
    const { dir, expect } = copyFixture('troubled-app');
    const fromRoot = parseReport(runCli(['check', '--format', 'json'], dir));
    const fromSrc = parseReport(runCli(['check', '..', '--format', 'json'], path.join(dir, 'src')));
    assert.deepEqual(fromSrc.checklist.map((e) => e.status), fromRoot.checklist.map((e) => e.status));
    const port = fromSrc.checklist[6].evidence.find((x) => x.kind === 'finding');
    assert.deepEqual([port?.file, port?.line], ['server.js', 27]);
    assert.ok(fromSrc.checklist[2].evidence.some((x) => x.file === '../.env'), JSON.stringify(fromSrc.checklist[2].evidence));
    assert.ok(fromSrc.checklist[7].evidence.some((x) => x.file === '../Procfile'), JSON.stringify(fromSrc.checklist[7].evidence));

    // A single file: its findings only, and the checklist of the whole project it belongs to.
    const single = runCli(['check', 'src/db.js', '--format', 'json'], dir);
    const report = parseReport(single);
    assert.deepEqual(report.findings.map((f) => f.file), []);
    assert.deepEqual(report.checklist.map((e) => e.status), Object.values(expect.factors).map((f) => f.status));
    assert.equal(single.status, 0, 'the file has no findings, and a failing checklist alone does not fail the run');
  });

  it('markdown: the report of the editor, every factor, secrets masked', async () => {
    const { dir } = copyFixture('troubled-app');
    writeTree(dir, { 'src/billing.js': BILLING });
    const r = runCli(['check', '--format', 'markdown'], dir);
    assert.equal(r.status, 1, r.stderr);
    for (const f of FACTORS) assert.ok(r.stdout.includes(`| [${f.roman}. ${f.title}](${f.url}) |`), `row of factor ${f.roman}`);
    assert.match(r.stdout, /^# Twelve-Factor report: tf-cli-troubled-app-/);
    assert.ok(r.stdout.includes('- `src/server.js:27` (no-fixed-port): Fixed port 8080'), r.stdout);
    assert.ok(r.stdout.includes(`- \`src/billing.js:1\` (no-hardcoded-secret): Hardcoded Stripe secret key "sk_l…Hd" (${STRIPE.length} chars)`), 'the key, masked');
    assert.ok(r.stdout.includes('"postgres://billing:****@billing-db.internal:5432/billing"'), 'the password, masked');
    const env = fs.readFileSync(path.join(dir, '.env'), 'utf8');
    const envSecrets = [/SESSION_SECRET=(\S+)/, /:(\w+)@db\.prod/].map((re) => re.exec(env)![1]);
    const json = runCli(['check', '--format', 'json'], dir);
    for (const secret of [STRIPE, DB_PASSWORD, ...envSecrets]) {
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `markdown holds ${secret.slice(0, 4)}…`);
      assert.ok(!json.stdout.includes(secret) && !json.stderr.includes(secret), `json holds ${secret.slice(0, 4)}…`);
    }

    // The same report as the editor's "Export Report": the workspace scanner over the same folder,
    // written for the day the CLI wrote it (today, or yesterday across midnight).
    const date = r.stdout.match(/^Generated (\d{4}-\d{2}-\d{2})\.$/m)?.[1];
    const today = Date.now();
    assert.ok(date && [today, today - 86_400_000].map((t) => new Date(t).toISOString().slice(0, 10)).includes(date), `dated ${date}`);
    const scanner = new ProjectScanner(dir, { analyzeOptions: () => ({}) });
    assert.equal(await scanner.scan(), true);
    assert.equal(r.stdout, markdownReport(scanner.checklist(), { project: path.basename(dir), date }));
  });

  it('project file: rule levels and sign-offs apply; --rule wins over the file', () => {
    const { dir } = copyFixture('signed-off');
    writeTree(dir, { 'src/admin.js': FIXED_PORT });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const report = parseReport(r);
    assert.deepEqual(report.findings.map((f) => [f.file, f.rule, f.severity]), [['src/admin.js', 'no-fixed-port', 'error']]);
    assert.equal(report.checklist[9].reason, 'Reviewed: Staging and production both run Postgres 16 on RDS (ops, 2026-11-02)');
    assert.equal(report.checklist[11].reason, 'Reviewed: No migrations: the app has no database');
    assert.equal(report.checklist[8].status, 'fail', 'a sign-off does not hide findings');
    assert.match(report.checklist[8].reason, /signed off as "The platform drains connections"/);

    const overridden = runCli(['check', '--format', 'json', '--rule', 'no-fixed-port=warning'], dir);
    assert.deepEqual(parseReport(overridden).findings.map((f) => f.severity), ['warning']);
    const off = runCli(['check', '--rule', 'no-fixed-port=off'], dir);
    assert.equal(off.status, 0, off.stdout);
    const text = runCli(['check'], dir);
    assert.match(text.stdout, /^ {2}3:12 {2}error {2}Fixed port 3000/m, 'the text format uses the file too');
  });

  it('project file: excludes and includeTests apply to findings and to the checklist', () => {
    const dir = tree({
      '.twelve-factor.json': '{\n  // generated and throwaway code\n  "exclude": ["scripts/**", "*.gen.ts"],\n  "includeTests": true,\n}\n',
      'src/server.ts': ENV_PORT,
      'src/api.gen.ts': FIXED_PORT,
      'scripts/dev.js': FIXED_PORT,
      'src/server.test.ts': FIXED_PORT,
    });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const report = parseReport(r);
    assert.deepEqual(filesWithFindings(r.stdout), ['src/server.test.ts']);
    const portEvidence = report.checklist[6].evidence.map((x) => x.file);
    assert.ok(!portEvidence.includes('scripts/dev.js') && !portEvidence.includes('src/api.gen.ts'), JSON.stringify(portEvidence));
    const named = runCli(['check', 'scripts/dev.js'], dir);
    assert.equal(named.status, 0);
    assert.match(named.stderr, /scripts\/dev\.js: Not checked: the file matches an exclude pattern\./);

    writeTree(dir, { '.twelve-factor.json': '{ "includeTests": false }' });
    assert.deepEqual(parseReport(runCli(['check', '--format', 'json'], dir)).findings.map((f) => f.file).sort(), ['scripts/dev.js', 'src/api.gen.ts']);
    assert.deepEqual(filesWithFindings(runCli(['check', '--format', 'json', '--include-tests'], dir).stdout), ['scripts/dev.js', 'src/api.gen.ts', 'src/server.test.ts']);
  });

  it('project file: the nearest one at or above each path, never above the git work tree', () => {
    const dir = tree({
      '.twelve-factor.json': '{ "rules": { "no-fixed-port": "error" } }',
      'packages/web/server.js': FIXED_PORT,
      'packages/api/.twelve-factor.json': '{ "rules": { "no-fixed-port": "info" } }',
      'packages/api/server.js': FIXED_PORT,
    });
    const severities = (r: CliResult) => parseReport(r).findings.map((f) => `${f.file} ${f.severity}`);
    assert.deepEqual(severities(runCli(['check', '--format', 'json'], path.join(dir, 'packages', 'web'))), ['server.js error']);
    assert.deepEqual(severities(runCli(['check', 'packages/api', 'packages/web', '--format', 'json'], dir)), ['packages/api/server.js info', 'packages/web/server.js error']);
    const mixed = runCli(['check', 'packages/api', 'packages/web', '--format', 'json'], dir);
    assert.equal(mixed.stderr, 'twelve-factor: the checklist is for the project in packages/api; paths in other projects are checked for findings only.\n');

    const outer = tree({ '.twelve-factor.json': '{ "rules": { "no-fixed-port": "off" } }', 'repo/server.js': FIXED_PORT });
    fs.mkdirSync(path.join(outer, 'repo', '.git'));
    assert.deepEqual(severities(runCli(['check', '--format', 'json'], path.join(outer, 'repo'))), ['server.js warning']);
  });

  it('a broken project file: one line on stderr, the defaults, the same exit code', () => {
    const dir = tree({ '.twelve-factor.json': '{ "rules": { "no-fixed-port": "off" ', 'src/server.ts': FIXED_PORT });
    for (const format of ['json', 'text', 'markdown', 'sarif']) {
      const r = runCli(['check', '--format', format, '--quiet'], dir);
      assert.equal(r.status, 1, `${format}: ${r.stderr}`);
      assert.match(r.stderr, /^twelve-factor: \.twelve-factor\.json: [A-Za-z]+ at line 1; using the defaults\.\n$/, format);
      assert.ok(r.stdout.length > 0);
    }
    const report = parseReport(runCli(['check', '--format', 'json'], dir));
    assert.deepEqual(report.findings.map((f) => f.severity), ['warning'], 'the defaults, not the broken file');
    assert.equal(report.checklist.length, 12);

    writeTree(dir, { 'src/server.ts': ENV_PORT });
    assert.equal(runCli(['check'], dir).status, 0, 'a broken project file alone does not fail the run');

    writeTree(dir, { 'app/.twelve-factor.json': '{ "rules": { "no-fixed-port": "loud" }, "signOff": { "XIII": "done" } }', 'app/server.js': FIXED_PORT });
    const wrong = runCli(['check', 'app'], dir);
    assert.equal(wrong.status, 1);
    assert.equal(
      wrong.stderr.split('\n').filter((l) => l.includes('.twelve-factor.json')).join('\n'),
      'twelve-factor: app/.twelve-factor.json: rules.no-fixed-port must be one of error, warning, info, hint, off.\n' +
        'twelve-factor: app/.twelve-factor.json: signOff key "XIII" is not a factor (use 1-12, I-XII or the factor\'s title).',
    );

    fs.rmSync(path.join(dir, '.twelve-factor.json'));
    fs.mkdirSync(path.join(dir, 'app2'));
    fs.writeFileSync(path.join(dir, 'app2', '.twelve-factor.json'), Buffer.from([0x7b, 0x00, 0xff, 0x7d]));
    writeTree(dir, { 'app2/server.js': FIXED_PORT });
    const binary = runCli(['check', 'app2'], dir);
    assert.equal(binary.status, 1);
    assert.equal(binary.stderr, 'twelve-factor: app2/.twelve-factor.json: the file looks binary; using the defaults.\n');
  });

  it('--fail-on-checklist: exit 1 when a factor fails, whatever the findings', () => {
    const troubled = copyFixture('troubled-app').dir;
    const quiet = runCli(['check', ...OFF_ALL], troubled);
    assert.equal(quiet.status, 0, 'no findings, and a failing checklist alone does not fail the run');
    const strict = runCli(['check', ...OFF_ALL, '--fail-on-checklist'], troubled);
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /^twelve-factor: the checklist of tf-cli-troubled-app-\w+ has \d+ failing factors: II \(Dependencies\), III \(Config\), .*VIII \(Concurrency\)/m);
    assert.equal(runCli(['check', '--format', 'json', '--fail-on-checklist'], troubled).status, 1);

    const healthy = copyFixture('healthy-app').dir;
    const ok = runCli(['check', '--fail-on-checklist'], healthy);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stderr, '');
    writeTree(healthy, { 'src/server.ts': fs.readFileSync(path.join(healthy, 'src', 'server.ts'), 'utf8').replace('Number(process.env.PORT ?? 3000)', '8080') });
    assert.equal(runCli(['check', '--max-warnings', '5'], healthy).status, 0);
    const failing = runCli(['check', '--fail-on-checklist', '--max-warnings', '5'], healthy);
    assert.equal(failing.status, 1, 'within --max-warnings, but Port binding fails');
    assert.match(failing.stderr, /^twelve-factor: the checklist of tf-cli-healthy-app-\w+ has (a failing factor|\d+ failing factors): (.+, )?VII \(Port binding\)/m);
  });

  it('--output takes the checklist formats too; a bad --format still exits 2', () => {
    const dir = tree({ 'src/server.ts': FIXED_PORT });
    const r = runCli(['check', '--format', 'html'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--format must be one of text, json, sarif, markdown; got "html"/);
    const json = runCli(['check', '--format', 'json', '--output', 'out/tf.json'], dir);
    assert.deepEqual([json.status, json.stdout], [1, '']);
    const written = parseJson(fs.readFileSync(path.join(dir, 'out', 'tf.json'), 'utf8')) as ReturnType<typeof parseJson> & { checklist: JsonEntry[] };
    assert.equal(written.checklist.length, 12);
    const md = runCli(['check', '--format', 'markdown', '-o', 'out/report.md'], dir);
    assert.deepEqual([md.status, md.stdout], [1, '']);
    assert.match(fs.readFileSync(path.join(dir, 'out', 'report.md'), 'utf8'), /^# Twelve-Factor report: tf-cli-/);
  });
});
