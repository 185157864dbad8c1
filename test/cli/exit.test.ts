/** Exit codes and arguments of the real CLI: 0 clean, 1 findings at warning or above, 2 usage or internal errors. */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, UsageError } from '../../server/src/cli/args';
import { ENV_PORT, FIXED_PORT, ROOT, ensureBuilt, makeTree, parseJson, removeTree, runCli, writeTree } from '../support/cli';

const RULE_IDS = ['no-fixed-port', 'no-hardcoded-secret'];

describe('argument parsing', () => {
  const ok: [string[], object][] = [
    [['check'], { paths: [], format: 'text', includeTests: false, rules: {}, failOnChecklist: false, quiet: false }],
    [['check', 'src', 'lib/a.ts', '-f', 'json'], { paths: ['src', 'lib/a.ts'], format: 'json' }],
    [['check', '--format=sarif', '--output=out.sarif'], { format: 'sarif', output: 'out.sarif' }],
    [['check', '--rule', 'no-fixed-port=off', '--rule=no-hardcoded-secret=error'], { rules: { 'no-fixed-port': 'off', 'no-hardcoded-secret': 'error' } }],
    [['check', '--max-warnings', '0', '--quiet', '--no-color', '--include-tests'], { maxWarnings: 0, quiet: true, color: false, includeTests: true }],
    [['check', '--fail-on-checklist', '-f', 'markdown'], { failOnChecklist: true, format: 'markdown' }],
    [['check', '--', '--weird-name.js', '-h'], { paths: ['--weird-name.js', '-h'] }],
  ];
  for (const [argv, expected] of ok) {
    it(`accepts ${argv.join(' ')}`, () => {
      const c = parseArgs(argv, RULE_IDS);
      assert.equal(c.kind, 'check');
      for (const [k, v] of Object.entries(expected)) assert.deepEqual((c as Record<string, unknown>)[k], v, k);
    });
  }
  it('help and version win wherever they are', () => {
    assert.equal(parseArgs(['check', 'src', '--help'], RULE_IDS).kind, 'help');
    assert.equal(parseArgs(['-v'], RULE_IDS).kind, 'version');
  });
  const bad: [string[], RegExp][] = [
    [[], /missing command/],
    [['lint'], /unknown command "lint"/],
    [['check', '--fix'], /unknown option --fix/],
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif, markdown; got "xml"/],
    [['check', '--format'], /--format needs a value/],
    [['check', '--rule', 'no-fixed-port'], /--rule must be ID=LEVEL/],
    [['check', '--rule', 'no-such-rule=off'], /unknown rule "no-such-rule" \(known: no-fixed-port, no-hardcoded-secret\)/],
    [['check', '--rule', 'no-fixed-port=loud'], /"loud" is not one of error, warning, info, hint, off/],
    [['check', '--max-warnings', '-1'], /--max-warnings must be a whole number/],
    [['check', '--max-warnings', 'many'], /--max-warnings must be a whole number/],
    [['check', '--quiet=yes'], /--quiet takes no value/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(' ') || '(nothing)'}`, () => {
      assert.throws(() => parseArgs(argv, RULE_IDS), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});

describe('cli exit codes', () => {
  const dirs: string[] = [];
  before(() => ensureBuilt());
  after(() => dirs.forEach(removeTree));
  const tree = (files: Parameters<typeof makeTree>[0]) => {
    const d = makeTree(files);
    dirs.push(d);
    return d;
  };

  it('0 when nothing is at warning or above, 1 when something is', () => {
    const dir = tree({ 'src/server.ts': ENV_PORT });
    assert.equal(runCli(['check'], dir).status, 0);
    writeTree(dir, { 'src/worker.ts': FIXED_PORT });
    assert.equal(runCli(['check'], dir).status, 1);
    assert.equal(runCli(['check', 'src/server.ts'], dir).status, 0, 'only the named file is checked');
  });

  it('2 with the usage on bad arguments, and for paths that do not exist', () => {
    const dir = tree({ 'src/server.ts': FIXED_PORT });
    for (const args of [['check', '--format', 'xml'], ['check', '--bogus'], ['frobnicate'], [], ['check', '--rule', 'nope=off']]) {
      const r = runCli(args, dir);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^twelve-factor: .+\n\nUsage: twelve-factor check/, args.join(' '));
    }
    const missing = runCli(['check', 'src', 'nope', 'lib/gone.ts'], dir);
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '', 'nothing is checked when a path is missing');
    assert.equal(missing.stderr, 'twelve-factor: no such file or directory: nope\ntwelve-factor: no such file or directory: lib/gone.ts\n');
  });

  it('--help and --version exit 0 on stdout', () => {
    const dir = tree({});
    const help = runCli(['--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: twelve-factor check \[paths…\] \[options\]/);
    assert.match(help.stdout, /--max-warnings N/);
    const version = runCli(['--version'], dir);
    assert.equal(version.status, 0);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('--rule changes a severity or turns a rule off', () => {
    const dir = tree({ 'src/server.ts': FIXED_PORT });
    const off = runCli(['check', '--rule', 'no-fixed-port=off', '--format', 'json'], dir);
    assert.equal(off.status, 0);
    assert.deepEqual(parseJson(off.stdout).findings, []);
    const error = runCli(['check', '--rule', 'no-fixed-port=error', '--format', 'json'], dir);
    assert.equal(error.status, 1);
    assert.equal(parseJson(error.stdout).findings[0].severity, 'error');
    const hint = runCli(['check', '--rule', 'no-fixed-port=hint', '--format', 'json'], dir);
    assert.equal(hint.status, 0, 'a hint does not fail the run');
    assert.equal(parseJson(hint.stdout).findings[0].severity, 'hint');
  });

  it('--max-warnings lets a number of warnings pass; errors always fail', () => {
    const dir = tree({ 'src/a.ts': FIXED_PORT, 'src/b.ts': FIXED_PORT });
    assert.equal(runCli(['check', '--max-warnings', '2'], dir).status, 0);
    const over = runCli(['check', '--max-warnings', '1'], dir);
    assert.equal(over.status, 1);
    assert.match(over.stderr, /too many warnings \(2, maximum 1\)/);
    assert.equal(runCli(['check', '--max-warnings', '5', '--rule', 'no-fixed-port=error'], dir).status, 1);
  });

  it('--quiet keeps warnings and errors, drops info, hints and notices', () => {
    const dir = tree({ 'src/a.ts': FIXED_PORT, 'src/huge.ts': FIXED_PORT + '\n'.repeat(1100 * 1024) });
    const loud = runCli(['check', '--format', 'json', '--rule', 'no-fixed-port=info'], dir);
    assert.equal(parseJson(loud.stdout).findings.length, 1);
    assert.match(loud.stderr, /src\/huge\.ts: Not checked/);
    const quiet = runCli(['check', '--format', 'json', '--rule', 'no-fixed-port=info', '--quiet'], dir);
    assert.deepEqual(parseJson(quiet.stdout).findings, []);
    assert.equal(quiet.stderr, '');
    const quietWarnings = runCli(['check', '--format', 'json', '--quiet'], dir);
    assert.equal(quietWarnings.status, 1);
    assert.equal(parseJson(quietWarnings.stdout).findings.length, 1);
  });
});
