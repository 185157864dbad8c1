/**
 * The three output formats of the real CLI bundle: text grouped by file with a summary, JSON with
 * exact positions, SARIF 2.1.0, and secrets never printed whole in any of them.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { ruleDocsUrl } from '../../server/src/engine/docs';
import { RULES } from '../../server/src/engine/rules';
import { ENV_PORT, FIXED_PORT, ROOT, ensureBuilt, makeTree, parseJson, removeTree, runCli, writeTree } from '../support/cli';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const ESC = '\x1b[';

/** `'😀'` is two UTF-16 code units, one code point: columns after it tell the two counts apart. */
const EMOJI_LINE = "// café, ☕\nconst greeting = '😀'; app.listen(3000);\n";

describe('cli output formats', () => {
  const dirs: string[] = [];
  before(() => ensureBuilt());
  after(() => dirs.forEach(removeTree));
  const tree = (files: Parameters<typeof makeTree>[0]) => {
    const d = makeTree(files);
    dirs.push(d);
    return d;
  };

  it('text: findings grouped by file, ESLint style, with a summary', () => {
    const dir = tree({
      'src/server.ts': FIXED_PORT,
      'src/admin.js': "const http = require('http');\nhttp.createServer(handler).listen(8080);\nconst PORT = 9000;\nserver.listen(PORT);\n",
      'src/ok.ts': ENV_PORT,
    });
    const r = runCli(['check'], dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n');
    // Files in walk order (sorted), each followed by its findings.
    const admin = lines.indexOf('src/admin.js');
    const server = lines.indexOf('src/server.ts');
    assert.ok(admin >= 0 && server > admin, r.stdout);
    assert.match(lines[admin + 1], /^ {2}2:35 {2}warning {2}Fixed port 8080 in http\.createServer\(handler\)\.listen\(\): .+ {2}no-fixed-port$/);
    assert.match(lines[admin + 2], /^ {2}4:15 {2}warning {2}Fixed port 9000 \(from `PORT`\) in server\.listen\(\): .+ {2}no-fixed-port$/);
    assert.match(lines[server + 1], /^ {2}3:12 {2}warning {2}Fixed port 3000 in app\.listen\(\): .+\[Factor VII \(Port binding\)\] {2}no-fixed-port$/);
    assert.ok(!r.stdout.includes('src/ok.ts'), 'a file without findings is not listed');
    // Columns are aligned within a file: the message starts at the same offset on both lines.
    assert.equal(lines[admin + 1].indexOf('Fixed'), lines[admin + 2].indexOf('Fixed'));
    assert.ok(lines.includes('✖ 3 problems (0 errors, 3 warnings)'), r.stdout);
    assert.ok(!r.stdout.includes(ESC), 'no colors when stdout is not a terminal');
  });

  it('text: a clean run says so, and the summary counts errors and info', () => {
    const dir = tree({ 'src/ok.ts': ENV_PORT, 'src/other.js': 'module.exports = 1;\n' });
    const clean = runCli(['check'], dir);
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout.trim(), '✔ 0 problems (2 files checked)');

    writeTree(dir, { 'src/server.ts': FIXED_PORT });
    const asError = runCli(['check', '--rule', 'no-fixed-port=error'], dir);
    assert.equal(asError.status, 1);
    assert.match(asError.stdout, /^ {2}3:12 {2}error {2}/m);
    assert.ok(asError.stdout.includes('✖ 1 problem (1 error, 0 warnings)'), asError.stdout);
    const asInfo = runCli(['check', '--rule', 'no-fixed-port=info'], dir);
    assert.equal(asInfo.status, 0);
    assert.ok(asInfo.stdout.includes('✖ 1 problem (0 errors, 0 warnings, 1 info)'), asInfo.stdout);
  });

  it('text: colors with FORCE_COLOR, never with NO_COLOR or --no-color', () => {
    const dir = tree({ 'src/server.ts': FIXED_PORT });
    const forced = runCli(['check'], dir, { FORCE_COLOR: '1' });
    assert.ok(forced.stdout.includes(`${ESC}4msrc/server.ts${ESC}0m`), JSON.stringify(forced.stdout));
    assert.ok(forced.stdout.includes(`${ESC}33mwarning${ESC}0m`));
    assert.ok(!runCli(['check'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout.includes(ESC));
    assert.ok(!runCli(['check', '--no-color'], dir, { FORCE_COLOR: '1' }).stdout.includes(ESC));
    // A report written to a file has no colors either.
    runCli(['check', '--output', 'report.txt'], dir, { FORCE_COLOR: '1' });
    assert.ok(!fs.readFileSync(path.join(dir, 'report.txt'), 'utf8').includes(ESC));
  });

  it('json: exactly the documented shape, 1-based positions in UTF-16 code units', async () => {
    const dir = tree({ 'src/emoji.js': EMOJI_LINE, 'src/server.ts': FIXED_PORT });
    const r = runCli(['check', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.endsWith('}\n'));
    const expectedMessage = async (file: string, text: string) => (await analyze({ path: file, text })).findings[0].message;
    // The checklist beside the findings has its own tests (checklist.test.ts); here, its place and size.
    const { checklist, ...rest } = JSON.parse(r.stdout);
    assert.ok(Array.isArray(checklist) && checklist.length === 12, 'a checklist of twelve factors beside the findings');
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)), ['version', 'findings', 'checklist']);
    assert.deepEqual(rest, {
      version: 1,
      findings: [
        {
          file: 'src/emoji.js',
          line: 2,
          column: 35,
          endLine: 2,
          endColumn: 39,
          rule: 'no-fixed-port',
          factor: 7,
          severity: 'warning',
          message: await expectedMessage('src/emoji.js', EMOJI_LINE),
        },
        {
          file: 'src/server.ts',
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 16,
          rule: 'no-fixed-port',
          factor: 7,
          severity: 'warning',
          message: await expectedMessage('src/server.ts', FIXED_PORT),
        },
      ],
    });
  });

  it('json: paths are relative to the current directory with forward slashes; BOM and CRLF do not shift positions', () => {
    const dir = tree({
      'app/src/deep/bom.ts': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FIXED_PORT.replace(/\n/g, '\r\n'))]),
    });
    const fromApp = runCli(['check', 'src', '--format', 'json'], path.join(dir, 'app'));
    const [f] = parseJson(fromApp.stdout).findings;
    assert.deepEqual({ file: f.file, line: f.line, column: f.column, endColumn: f.endColumn }, { file: 'src/deep/bom.ts', line: 3, column: 12, endColumn: 16 });
    const fromSrc = runCli(['check', '..', '--format', 'json'], path.join(dir, 'app', 'src', 'deep'));
    assert.equal(parseJson(fromSrc.stdout).findings[0].file, 'bom.ts');
    const fromOutside = runCli(['check', 'app', '--format', 'json'], dir);
    assert.equal(parseJson(fromOutside.stdout).findings[0].file, 'app/src/deep/bom.ts');
  });

  it('sarif: a valid 2.1.0 log with rules, relative locations and stable fingerprints', () => {
    const dir = tree({ 'src/server.ts': FIXED_PORT, 'src/emoji.js': EMOJI_LINE, 'src/big.js': 'x'.repeat(1024 * 1024 + 10) });
    const r = runCli(['check', '--format', 'sarif'], dir);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'Twelve-Factor Guide');
    assert.equal(driver.version, pkg.version);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((x: { id: string }) => x.id), RULES.map((x) => x.meta.id));
    for (const [i, rule] of RULES.entries()) {
      const d = driver.rules[i];
      assert.equal(d.helpUri, ruleDocsUrl(rule.meta.id));
      assert.equal(d.shortDescription.text, rule.meta.description);
      assert.equal(d.properties.factor, rule.meta.factor);
      assert.ok(d.properties.tags.includes('twelve-factor'));
    }
    assert.deepEqual(driver.rules.find((x: { id: string }) => x.id === 'no-fixed-port').properties.tags, ['twelve-factor', 'factor-VII', 'port-binding']);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${dir}/`);

    assert.equal(run.results.length, 2);
    for (const res of run.results) {
      assert.equal(res.ruleId, 'no-fixed-port');
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.equal(res.level, 'warning');
      assert.ok(res.message.text.length > 0);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.match(loc.artifactLocation.uri, /^src\/[a-z]+\.(js|ts)$/, 'relative URI, no scheme, forward slashes');
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(loc.region[k]) && loc.region[k] >= 1, k);
      assert.match(res.partialFingerprints['twelveFactor/v1'], /^[0-9a-f]{32}:\d+$/);
      assert.equal(res.properties.factor, 7);
    }
    const emoji = run.results.find((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri === 'src/emoji.js');
    assert.deepEqual(emoji.locations[0].physicalLocation.region, { startLine: 2, startColumn: 35, endLine: 2, endColumn: 39 });
    // The file that was not checked is a notification, not a result.
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.equal(notes.length, 1);
    assert.equal(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'src/big.js');
    assert.match(notes[0].message.text, /above the 1024 KB limit/);
    assert.equal(run.invocations[0].executionSuccessful, true);
  });

  it('sarif: fingerprints survive lines moving and differ between findings', () => {
    const dir = tree({ 'src/a.ts': FIXED_PORT + 'app.listen(3000);\n' });
    const first = JSON.parse(runCli(['check', '--format', 'sarif'], dir).stdout).runs[0].results;
    writeTree(dir, { 'src/a.ts': '// moved down\n\n' + FIXED_PORT + 'app.listen(3000);\n' });
    const second = JSON.parse(runCli(['check', '--format', 'sarif'], dir).stdout).runs[0].results;
    const fp = (rs: { partialFingerprints: Record<string, string> }[]) => rs.map((x) => x.partialFingerprints['twelveFactor/v1']);
    assert.equal(second[0].locations[0].physicalLocation.region.startLine, first[0].locations[0].physicalLocation.region.startLine + 2);
    assert.deepEqual(fp(second), fp(first));
    // Two identical lines: same hash, told apart by the occurrence counter.
    assert.equal(fp(first)[0].split(':')[0], fp(first)[1].split(':')[0]);
    assert.deepEqual(fp(first).map((x) => x.split(':')[1]), ['1', '2']);
    writeTree(dir, { 'src/a.ts': FIXED_PORT.replace('app.listen', 'server.listen') });
    const third = JSON.parse(runCli(['check', '--format', 'sarif'], dir).stdout).runs[0].results;
    assert.notEqual(fp(third)[0], fp(first)[0], 'a different line, a different fingerprint');
  });

  it('--output writes the report to a file (folders created) and nothing to stdout', () => {
    const dir = tree({ 'src/server.ts': FIXED_PORT });
    const r = runCli(['check', '--format', 'json', '--output', 'reports/tf.json'], dir);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(parseJson(fs.readFileSync(path.join(dir, 'reports', 'tf.json'), 'utf8')).findings.length, 1);
    const bad = runCli(['check', '--output', 'src/server.ts/x.txt'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /cannot write src\/server\.ts\/x\.txt/);
  });
});

describe('cli never prints a secret', () => {
  // Made-up values in real formats; each sits on a line the engine reports (a fixed port), so the
  // line is analysed, fingerprinted and reported while the secret must stay out of every output.
  const STRIPE = 'sk_test_51QzT8uGq7LmN3vRx9KpW2yHd';
  const DB_PASSWORD = 'pG-7vQ2xLm9TzR4w';
  const SOURCE = [
    "import express from 'express';",
    'const app = express();',
    `app.listen(3000); const stripeKey = '${STRIPE}';`,
    `const db = 'postgres://billing:${DB_PASSWORD}@billing-db.internal:5432/billing'; app.listen(8080);`,
    '',
  ].join('\n');
  const dirs: string[] = [];
  before(() => ensureBuilt());
  after(() => dirs.forEach(removeTree));

  for (const format of ['text', 'json', 'sarif']) {
    it(`${format}: the secrets' full values are absent from stdout and stderr`, () => {
      const dir = makeTree({
        'src/billing.ts': SOURCE,
        // Files that are not checked must not leak either: their notices never quote content.
        'src/huge.ts': SOURCE + '\n'.repeat(1024 * 1024),
        'src/latin1.ts': Buffer.concat([Buffer.from(SOURCE), Buffer.from([0xe9, 0x0a])]),
      });
      dirs.push(dir);
      const r = runCli(['check', '--format', format], dir, { FORCE_COLOR: '1' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /src\/huge\.ts: Not checked/);
      assert.match(r.stderr, /src\/latin1\.ts: Not checked: the file is not valid UTF-8/);
      for (const secret of [STRIPE, DB_PASSWORD]) {
        assert.ok(!r.stdout.includes(secret), `${format} stdout holds ${secret.slice(0, 4)}…`);
        assert.ok(!r.stderr.includes(secret), `${format} stderr holds ${secret.slice(0, 4)}…`);
      }
      if (format === 'json') {
        const lines = new Set(parseJson(r.stdout).findings.filter((f) => f.file === 'src/billing.ts').map((f) => f.line));
        assert.ok(lines.has(3) && lines.has(4), 'the lines holding the secrets were analysed');
        // Rules that report secrets report them masked: when one is registered, it must fire here.
        const secretRules = RULES.filter((x) => /secret|credential/.test(x.meta.id)).map((x) => x.meta.id);
        for (const id of secretRules) assert.ok(parseJson(r.stdout).findings.some((f) => f.rule === id && f.line === 3), `${id} reports the Stripe key`);
      }
    });
  }
});
