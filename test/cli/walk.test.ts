/**
 * Which files the real CLI checks: .gitignore files (root, nested, in a parent git work tree),
 * dependency and build folders, binary, minified, huge and non-UTF-8 files, symbolic links, test
 * files, and paths named on the command line.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV_PORT, FIXED_PORT, ensureBuilt, filesWithFindings, makeTree, parseJson, removeTree, runCli } from '../support/cli';

describe('cli folder walk', () => {
  const dirs: string[] = [];
  before(() => ensureBuilt());
  after(() => dirs.forEach(removeTree));
  const tree = (files: Parameters<typeof makeTree>[0]) => {
    const d = makeTree(files);
    dirs.push(d);
    return d;
  };
  const json = (dir: string, ...args: string[]) => runCli(['check', ...args, '--format', 'json'], dir);

  it('respects the root .gitignore and nested ones, with negations', () => {
    const dir = tree({
      '.gitignore': 'generated/\n*.gen.ts\n!keep.gen.ts\n/top-only.js\n',
      'src/app.ts': FIXED_PORT,
      'src/api.gen.ts': FIXED_PORT,
      'src/keep.gen.ts': FIXED_PORT,
      'generated/client.ts': FIXED_PORT,
      'top-only.js': FIXED_PORT,
      'src/top-only.js': FIXED_PORT,
      'packages/web/.gitignore': 'local/\nscratch.js\n',
      'packages/web/local/dev.js': FIXED_PORT,
      'packages/web/scratch.js': FIXED_PORT,
      'packages/web/server.js': FIXED_PORT,
      'packages/api/scratch.js': FIXED_PORT,
    });
    const r = json(dir);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(filesWithFindings(r.stdout), ['packages/api/scratch.js', 'packages/web/server.js', 'src/app.ts', 'src/keep.gen.ts', 'src/top-only.js']);
  });

  it('applies the .gitignore files of the git work tree when checking a subfolder', () => {
    const dir = tree({
      '.git/info/exclude': 'private.js\n',
      '.gitignore': 'tmp/\n',
      'services/api/src/server.js': FIXED_PORT,
      'services/api/tmp/old.js': FIXED_PORT,
      'services/api/private.js': FIXED_PORT,
    });
    const r = json(path.join(dir, 'services', 'api'), '.');
    assert.deepEqual(filesWithFindings(r.stdout), ['src/server.js']);
    const fromRoot = json(dir, 'services/api');
    assert.deepEqual(filesWithFindings(fromRoot.stdout), ['services/api/src/server.js']);
  });

  it('a project below the git work tree root (its own project file) still follows the ignore rules above it', () => {
    const dir = tree({
      '.git/info/exclude': 'local-notes.js\n',
      '.gitignore': 'tmp/\n',
      'packages/.gitignore': 'generated.js\n',
      'packages/api/.twelve-factor.json': '{ "rules": { "no-fixed-port": "error" } }',
      'packages/api/server.js': FIXED_PORT,
      'packages/api/tmp/old.js': FIXED_PORT,
      'packages/api/local-notes.js': FIXED_PORT,
      'packages/api/lib/generated.js': FIXED_PORT,
    });
    const r = json(dir, 'packages/api');
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(parseJson(r.stdout).findings.map((f) => `${f.file} ${f.severity}`), ['packages/api/server.js error']);
    const checklist = (JSON.parse(r.stdout) as { checklist: { evidence: { file: string }[] }[] }).checklist;
    const evidence = checklist.flatMap((e) => e.evidence.map((x) => x.file));
    assert.ok(evidence.includes('packages/api/server.js'), JSON.stringify(evidence));
    for (const f of ['tmp/old.js', 'local-notes.js', 'lib/generated.js']) assert.ok(!evidence.includes(`packages/api/${f}`), `${f} is ignored by git`);
    const named = json(dir, 'packages/api/tmp/old.js');
    assert.match(named.stderr, /packages\/api\/tmp\/old\.js: Not checked: the path is ignored by a \.gitignore file\./);
  });

  it('never enters node_modules, build output or VCS folders, even without a .gitignore', () => {
    const skipped = ['node_modules/express/index.js', 'dist/server.js', 'build/server.js', 'out/main.js', 'coverage/lcov.js', '.next/server.js', 'vendor/lib.js', 'src/node_modules/x/index.js', '.git/hooks/x.js'];
    const dir = tree(Object.fromEntries([...skipped.map((f) => [f, FIXED_PORT]), ['src/server.js', FIXED_PORT]]));
    const r = json(dir);
    assert.deepEqual(filesWithFindings(r.stdout), ['src/server.js']);
    assert.equal(r.stderr, '', 'skipped folders are not worth a notice');
  });

  it('names an explicitly given ignored path on stderr instead of checking it (like ESLint)', () => {
    const dir = tree({ '.gitignore': 'scratch/\n', 'scratch/try.js': FIXED_PORT, 'node_modules/pkg/index.js': FIXED_PORT, 'src/server.js': ENV_PORT });
    const r = json(dir, 'scratch/try.js', 'node_modules/pkg/index.js', 'src/server.js');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(parseJson(r.stdout).findings, []);
    assert.match(r.stderr, /scratch\/try\.js: Not checked: the path is ignored by a \.gitignore file\./);
    assert.match(r.stderr, /node_modules\/pkg\/index\.js: Not checked: "node_modules" folders .* are never checked\./);
  });

  it('skips binary, minified and huge files; a huge file is named on stderr', () => {
    const dir = tree({
      'src/server.js': FIXED_PORT,
      'src/blob.js': Buffer.concat([Buffer.from(FIXED_PORT), Buffer.from([0, 1, 2, 0, 255])]),
      'src/vendor.min.js': FIXED_PORT,
      'src/bundle.js': 'app.listen(3000);' + 'var a=1;'.repeat(2000),
      'src/huge.js': FIXED_PORT + '// padding\n'.repeat(100_000),
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
    });
    const r = json(dir);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(filesWithFindings(r.stdout), ['src/server.js']);
    assert.equal(r.stderr.trim(), 'twelve-factor: src/huge.js: Not checked: the file is 1074 KB, above the 1024 KB limit.');
    const named = json(dir, 'src/blob.js', 'src/vendor.min.js', 'assets/logo.png');
    assert.equal(named.status, 0);
    assert.match(named.stderr, /src\/blob\.js: Not checked: the file looks binary\./);
    assert.match(named.stderr, /src\/vendor\.min\.js: Not checked: the file looks minified or generated\./);
    assert.match(named.stderr, /assets\/logo\.png: Not checked: this file type is not checked/);
  });

  it('reports a file that is not valid UTF-8 as not checked, and checks the rest', () => {
    const dir = tree({
      'src/latin1.js': Buffer.concat([Buffer.from("const name = 'caf"), Buffer.from([0xe9]), Buffer.from("';\napp.listen(3000);\n")]),
      'src/server.js': FIXED_PORT,
    });
    const r = json(dir);
    assert.equal(r.status, 1);
    assert.deepEqual(filesWithFindings(r.stdout), ['src/server.js']);
    assert.match(r.stderr, /^twelve-factor: src\/latin1\.js: Not checked: the file is not valid UTF-8/m);
  });

  it('reads UTF-16 files that carry a byte-order mark', () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FIXED_PORT, 'utf16le')]);
    const utf16be = Buffer.from(utf16le);
    utf16be.swap16();
    const dir = tree({ 'src/le.ts': utf16le, 'src/be.ts': utf16be });
    const findings = parseJson(json(dir).stdout).findings.map((f) => [f.file, f.line, f.column]);
    assert.deepEqual(findings, [['src/be.ts', 3, 12], ['src/le.ts', 3, 12]]);
  });

  it('follows no symbolic link, and a link cycle does not hang', () => {
    const outside = tree({ 'server.js': FIXED_PORT });
    const dir = tree({ 'src/server.js': ENV_PORT });
    fs.symlinkSync(outside, path.join(dir, 'src', 'linked-dir'));
    fs.symlinkSync(path.join(outside, 'server.js'), path.join(dir, 'src', 'linked.js'));
    fs.symlinkSync(dir, path.join(dir, 'src', 'loop'));
    fs.symlinkSync(path.join(dir, 'missing.js'), path.join(dir, 'src', 'dangling.js'));
    const r = json(dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(parseJson(r.stdout).findings, []);
  });

  it('skips test files unless --include-tests', () => {
    const dir = tree({
      'src/server.js': ENV_PORT,
      'src/server.test.js': FIXED_PORT,
      'src/__tests__/app.js': FIXED_PORT,
      'test/helpers.ts': FIXED_PORT,
      'e2e/smoke.spec.ts': FIXED_PORT,
    });
    const without = json(dir);
    assert.equal(without.status, 0, without.stderr);
    assert.deepEqual(parseJson(without.stdout).findings, []);
    const withTests = json(dir, '--include-tests');
    assert.equal(withTests.status, 1);
    assert.deepEqual(filesWithFindings(withTests.stdout), ['e2e/smoke.spec.ts', 'src/__tests__/app.js', 'src/server.test.js', 'test/helpers.ts']);
    const named = json(dir, 'src/server.test.js');
    assert.match(named.stderr, /src\/server\.test\.js: Not checked: test files are checked only with --include-tests\./);
  });

  it('checks each file once when paths overlap, in the order given', () => {
    const dir = tree({ 'b/server.js': FIXED_PORT, 'a/server.js': FIXED_PORT });
    const r = json(dir, 'b', 'a', 'b/server.js', '.');
    assert.deepEqual(parseJson(r.stdout).findings.map((f) => f.file), ['b/server.js', 'a/server.js']);
  });

  it('keeps going when the engine fails on one file', () => {
    // A 5000-long chain of constants is deep enough to exhaust the stack of a recursive resolver.
    const chain = Array.from({ length: 5000 }, (_, i) => (i === 0 ? 'const a0 = 1;' : `const a${i} = a${i - 1};`)).join('\n') + '\napp.listen(a4999);\n';
    const dir = tree({ 'src/chain.js': chain, 'src/server.js': FIXED_PORT });
    const r = json(dir);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(filesWithFindings(r.stdout).includes('src/server.js'));
    const lines = r.stderr.split('\n').filter((l) => l.includes('src/chain.js'));
    for (const l of lines) assert.match(l, /^twelve-factor: src\/chain\.js: (Not checked: internal error \(|the rule [a-z-]+ failed \()/);
  });

  it('says so when a folder holds nothing to check', () => {
    const dir = tree({ 'README.md': '# nothing here\n' });
    const r = runCli(['check'], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), '✔ 0 problems (0 files checked)');
    assert.match(r.stderr, /no files to check in the current directory/);
  });
});
