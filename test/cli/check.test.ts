/**
 * The CLI's building blocks in-process: runCheck with its options object (the seam the project file
 * will use), source decoding, and error descriptions that never carry a secret.
 */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultCheckOptions, describeError, runCheck } from '../../server/src/cli/check';
import { decodeSource } from '../../server/src/cli/read';
import { ENV_PORT, FIXED_PORT, makeTree, removeTree } from '../support/cli';

describe('runCheck options', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));

  it('exclude globs (relative to cwd) leave files out; a named excluded file gets a notice', async () => {
    const dir = makeTree({ 'src/server.ts': FIXED_PORT, 'src/generated/api.ts': FIXED_PORT, 'scripts/dev.js': FIXED_PORT, 'src/ok.ts': ENV_PORT });
    dirs.push(dir);
    const all = await runCheck({ ...defaultCheckOptions(dir), paths: [] });
    assert.deepEqual([...new Set(all.findings.map((f) => f.file))].sort(), ['scripts/dev.js', 'src/generated/api.ts', 'src/server.ts']);
    assert.equal(all.filesChecked, 4);

    const some = await runCheck({ ...defaultCheckOptions(dir), exclude: ['src/generated/**', 'scripts/**'] });
    assert.deepEqual(some.findings.map((f) => f.file), ['src/server.ts']);
    assert.equal(some.filesChecked, 2);
    assert.deepEqual(some.notices, []);

    const named = await runCheck({ ...defaultCheckOptions(dir), paths: ['scripts/dev.js'], exclude: ['scripts/**'] });
    assert.deepEqual(named.notices, [{ file: 'scripts/dev.js', kind: 'skipped', message: 'Not checked: the file matches an exclude pattern.' }]);
  });

  it('rule levels, test files and the size cap come from the options', async () => {
    const dir = makeTree({ 'src/server.ts': FIXED_PORT, 'src/server.spec.ts': FIXED_PORT });
    dirs.push(dir);
    const r = await runCheck({ ...defaultCheckOptions(dir), includeTests: true, rules: { 'no-fixed-port': 'error' } });
    assert.deepEqual(r.findings.map((f) => [f.file, f.finding.severity]), [['src/server.spec.ts', 'error'], ['src/server.ts', 'error']]);
    const small = await runCheck({ ...defaultCheckOptions(dir), maxFileSize: 20 });
    assert.equal(small.filesChecked, 0);
    assert.deepEqual(small.notices.map((n) => n.message), ['Not checked: the file is 1 KB, above the 1 KB limit.']);
  });
});

describe('runCheck and the project file', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));

  it('merges the options over the project file: rules per rule, includeTests when set, excludes added', async () => {
    const dir = makeTree({
      '.twelve-factor.json': '{ "rules": { "no-fixed-port": "error", "no-file-logging": "off" }, "exclude": ["legacy/**"], "includeTests": true }',
      'src/server.ts': FIXED_PORT,
      'src/server.test.ts': FIXED_PORT,
      'legacy/old.ts': FIXED_PORT,
      'scripts/dev.ts': FIXED_PORT,
    });
    dirs.push(dir);
    const fromFile = await runCheck(defaultCheckOptions(dir));
    assert.deepEqual(fromFile.findings.map((f) => [f.file, f.finding.severity]), [['scripts/dev.ts', 'error'], ['src/server.test.ts', 'error'], ['src/server.ts', 'error']]);
    assert.deepEqual(fromFile.messages, []);
    const over = await runCheck({ ...defaultCheckOptions(dir), includeTests: false, rules: { 'no-fixed-port': 'info' }, exclude: ['scripts/**'] });
    assert.deepEqual(over.findings.map((f) => [f.file, f.finding.severity]), [['src/server.ts', 'info']]);
  });

  it('builds the checklist only when asked, and says when a walk stops at the file limit', async () => {
    const dir = makeTree(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`src/m${i}.ts`, ENV_PORT])));
    dirs.push(dir);
    assert.equal((await runCheck(defaultCheckOptions(dir))).checklist, undefined);
    const full = await runCheck({ ...defaultCheckOptions(dir), checklist: true });
    assert.equal(full.checklist?.entries.length, 12);
    assert.equal(full.checklist?.name, path.basename(dir));
    const cut = await runCheck({ ...defaultCheckOptions(dir), checklist: true, maxFiles: 3 });
    assert.equal(cut.filesChecked, 3);
    assert.deepEqual(cut.messages, ['the checklist covers only the first 3 files of the project.']);
    const partial = await runCheck({ ...defaultCheckOptions(dir), maxFiles: 3 });
    assert.deepEqual(partial.notices.map((n) => [n.file, n.kind]), [['.', 'skipped']]);
    assert.match(partial.notices[0].message, /^Not checked in full: the walk stopped after 3 files\./);
  });
});

describe('runCheck and committed .env files', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));
  const ENV = 'SESSION_SECRET=a8f5f167f44f4964e6c998dee827110c\n';

  it('reports secrets in a .env that git does not ignore, in a git work tree only', async () => {
    const dir = makeTree({ '.git/HEAD': 'ref: refs/heads/main\n', '.env': ENV, 'api/.env': ENV, '.gitignore': 'api/.env\n' });
    dirs.push(dir);
    const r = await runCheck({ ...defaultCheckOptions(dir), paths: [] });
    assert.deepEqual(r.findings.filter((f) => f.finding.ruleId === 'no-hardcoded-secret').map((f) => f.file), ['.env']);
    const outside = makeTree({ '.env': ENV });
    dirs.push(outside);
    const none = await runCheck({ ...defaultCheckOptions(outside), paths: [] });
    assert.deepEqual(none.findings.filter((f) => f.finding.ruleId === 'no-hardcoded-secret'), [], 'no git: nothing is committed');
  });
});

describe('decodeSource', () => {
  const text = (bytes: number[] | Buffer) => {
    const r = decodeSource(Buffer.from(bytes as number[]));
    return r.ok ? r.text : `!${r.message}`;
  };
  it('drops a UTF-8 byte-order mark and keeps everything else', () => {
    assert.equal(text(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('é😀\r\n')])), 'é😀\r\n');
    assert.equal(text(Buffer.from('\ufeff\ufeffx')), '\ufeffx', 'only the first mark is a byte-order mark');
  });
  it('reads UTF-16 with a byte-order mark, both byte orders', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('port = 3000 😀', 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    assert.equal(text(le), 'port = 3000 😀');
    assert.equal(text(be), 'port = 3000 😀');
    assert.match(text([0xff, 0xfe, 0x41]), /^!Not checked: .* not valid UTF-16/);
  });
  it('refuses binary content and invalid UTF-8 with a reason', () => {
    assert.equal(text([0x61, 0x00, 0x62]), '!Not checked: the file looks binary.');
    assert.match(text([0x63, 0x61, 0x66, 0xe9]), /^!Not checked: the file is not valid UTF-8/);
    assert.match(text([0xc0, 0xaf]), /^!Not checked: the file is not valid UTF-8/, 'overlong encodings are invalid');
  });
});

describe('describeError', () => {
  it('masks key-shaped tokens that an error message may quote', () => {
    const d = describeError(new SyntaxError('Unexpected token in "sk_test_51QzT8uGq7LmN3vRx9KpW2yHd" at position 12\n    at parse'));
    assert.ok(!d.includes('sk_test_51QzT8uGq7LmN3vRx9KpW2yHd'), d);
    assert.equal(d, 'SyntaxError: Unexpected token in ""sk_t…Hd" (33 chars)" at position 12');
  });
  it('keeps ordinary messages as they are, on one line', () => {
    assert.equal(describeError(new RangeError('Maximum call stack size exceeded')), 'RangeError: Maximum call stack size exceeded');
    assert.equal(describeError('plain'), 'plain');
  });
});
