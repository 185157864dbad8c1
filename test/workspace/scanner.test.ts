/** The folder walk and the incremental project scanner, on real temporary folders. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkProject } from '../../server/src/workspace/walk';
import { ProjectScanner } from '../../server/src/workspace/project-scanner';

function tempProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-scan-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function copyFixture(name: string): string {
  const src = path.join(__dirname, '..', 'fixtures', 'projects', name);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-proj-'));
  fs.cpSync(src, root, { recursive: true });
  for (const f of fs.readdirSync(root, { recursive: true }).map(String)) {
    if (path.basename(f) === '_gitignore') fs.renameSync(path.join(root, f), path.join(root, path.dirname(f), '.gitignore'));
  }
  fs.rmSync(path.join(root, 'expect.json'));
  return root;
}

describe('walkProject', () => {
  it('honours root and nested .gitignore, skips dependency folders and symlinks, applies excludes', async () => {
    const root = tempProject({
      '.gitignore': 'logs/\n*.tmp\n!keep.tmp\n',
      'src/a.ts': '', 'src/b.tmp': '', 'src/keep.tmp': '',
      'logs/x.ts': '', 'node_modules/p/index.js': '', 'dist/out.js': '',
      'pkg/.gitignore': 'generated.ts\n', 'pkg/generated.ts': '', 'pkg/real.ts': '',
      'scripts/tool.ts': '',
    });
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'link'));
    const { files, truncated } = await walkProject(root, { exclude: ['scripts/**'] });
    assert.equal(truncated, false);
    assert.deepEqual(files, ['.gitignore', 'pkg/.gitignore', 'pkg/real.ts', 'src/a.ts', 'src/keep.tmp']);
  });
  it('stops at maxFiles and says so', async () => {
    const root = tempProject(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.js`, ''])));
    const r = await walkProject(root, { maxFiles: 10 });
    assert.equal(r.files.length, 10);
    assert.equal(r.truncated, true);
  });
});

describe('ProjectScanner', () => {
  it('scans a project, then follows single-file changes without a rescan', async () => {
    const root = copyFixture('healthy-app');
    fs.mkdirSync(path.join(root, '.git'));
    const scanner = new ProjectScanner(root, { analyzeOptions: () => ({}) });
    const seen: number[] = [];
    assert.equal(await scanner.scan((done) => seen.push(done)), true);
    // Analyzed: .env.example, Procfile, docker-compose.yml, src/server.ts, src/worker.ts (not package.json or the lockfile).
    assert.deepEqual(seen, [1, 2, 3, 4, 5], `progress reported per analyzed file: ${seen}`);
    let list = scanner.checklist();
    assert.equal(list[6].status, 'pass', list[6].reason);
    assert.equal(list[8].status, 'pass', list[8].reason);

    // A change to one file updates the checklist.
    fs.writeFileSync(path.join(root, 'src/server.ts'), "import express from 'express';\nconst app = express();\napp.listen(3000);\n");
    assert.equal(await scanner.update('src/server.ts'), true);
    list = scanner.checklist();
    assert.equal(list[6].status, 'fail', list[6].reason);
    assert.equal(list[8].status, 'fail', list[8].reason);
    assert.ok(list[6].evidence.some((e) => e.file === 'src/server.ts' && e.line === 3 && e.kind === 'finding'));

    // Deleting it removes its findings.
    fs.rmSync(path.join(root, 'src/server.ts'));
    await scanner.update('src/server.ts');
    assert.ok(!scanner.files.includes('src/server.ts'));
    list = scanner.checklist();
    assert.notEqual(list[6].status, 'fail');

    // The project file is re-read when it changes.
    fs.writeFileSync(path.join(root, '.twelve-factor.json'), '{ "signOff": { "X": "Postgres everywhere" } }');
    await scanner.update('.twelve-factor.json');
    assert.equal(scanner.checklist()[9].reason, 'Reviewed: Postgres everywhere');
  });

  it('an open document wins over the disk, and bad project files give problems, not errors', async () => {
    const root = tempProject({ 'src/app.js': 'require("http").createServer().listen(process.env.PORT);\n', '.twelve-factor.json': '{ nope' });
    const open = new Map<string, string>([['src/app.js', 'require("http").createServer().listen(4000);\n']]);
    const scanner = new ProjectScanner(root, { analyzeOptions: () => ({}), openText: (rel) => open.get(rel) });
    await scanner.scan();
    assert.equal(scanner.configProblems.length, 1);
    assert.equal(scanner.checklist()[6].status, 'fail');
  });
});

describe('ProjectScanner and git-ignored files', () => {
  const ENV = 'SESSION_SECRET=a8f5f167f44f4964e6c998dee827110c\n';
  const secretsIn = (scanner: ProjectScanner, rel: string) => (scanner.results.get(rel)?.findings ?? []).filter((f) => f.ruleId === 'no-hardcoded-secret').length;

  it('tells the rules whether git ignores a file: a committed .env is reported, an ignored one is not', async () => {
    const root = tempProject({ '.gitignore': '.env.local\n', '.env': ENV, 'api/.env': ENV, 'api/.gitignore': '.env\n' });
    fs.mkdirSync(path.join(root, '.git'));
    const scanner = new ProjectScanner(root, { analyzeOptions: () => ({}) });
    await scanner.scan();
    assert.equal(scanner.gitIgnored('.env'), false);
    assert.equal(scanner.gitIgnored('api/.env'), true);
    assert.equal(scanner.gitIgnored('.env.local'), true);
    assert.equal(secretsIn(scanner, '.env'), 1);
    // a file created later that git ignores is not reported either
    fs.writeFileSync(path.join(root, '.env.local'), ENV);
    await scanner.update('.env.local');
    assert.equal(secretsIn(scanner, '.env.local'), 0);
  });
  it('outside a git work tree nothing is committed, and nothing is known', async () => {
    const root = tempProject({ '.env': ENV });
    const scanner = new ProjectScanner(root, { analyzeOptions: () => ({}) });
    await scanner.scan();
    assert.equal(scanner.gitIgnored('.env'), undefined);
    assert.equal(secretsIn(scanner, '.env'), 0);
  });
});
