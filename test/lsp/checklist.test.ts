/**
 * The workspace checklist over real LSP: the server scans the workspace folder in the background
 * with work-done progress, answers twelveFactor/checklist and /report, follows edits in the editor
 * and on disk one file at a time, and reads the committed project file (.twelve-factor.json) for
 * the checklist and the diagnostics alike.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { ChecklistRequest, RescanRequest, ReportRequest, type FolderChecklist } from '../../shared/protocol';
import { ensureServerBuilt, fileUri, LspTestClient } from '../support/lsp-client';

const PROJECTS = path.join(__dirname, '..', 'fixtures', 'projects');

/** A copy of a fixture project in a temporary folder; a git work tree (`.git` present) when its expect.json says so. */
function copyProject(name: string): string {
  const git = (JSON.parse(fs.readFileSync(path.join(PROJECTS, name, 'expect.json'), 'utf8')) as { git?: boolean }).git;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `tf-lsp-${name}-`));
  fs.cpSync(path.join(PROJECTS, name), root, { recursive: true });
  for (const f of fs.readdirSync(root, { recursive: true }).map(String)) {
    if (path.basename(f) === '_gitignore') fs.renameSync(path.join(root, f), path.join(root, path.dirname(f), '.gitignore'));
  }
  fs.rmSync(path.join(root, 'expect.json'));
  if (git) fs.mkdirSync(path.join(root, '.git'));
  return root;
}

function expected(name: string): Record<string, { status: string; reason?: string }> {
  return (JSON.parse(fs.readFileSync(path.join(PROJECTS, name, 'expect.json'), 'utf8')) as { factors: Record<string, { status: string; reason?: string }> }).factors;
}

/** The newest published checklist of the folder once its scan has finished and `check` holds. */
function settled(client: LspTestClient, what: string, check: (f: FolderChecklist) => boolean = () => true): Promise<FolderChecklist> {
  return client.waitFor(() => {
    const last = client.checklists[client.checklists.length - 1];
    const f = last?.[0];
    return f && !f.scanning && f.entries.length === 12 && check(f) ? f : undefined;
  }, what);
}

const statusOf = (f: FolderChecklist, factor: number) => f.entries[factor - 1].status;

describe('checklist over LSP', () => {
  before(() => ensureServerBuilt());

  describe('a troubled project', () => {
    let root: string;
    let client: LspTestClient;
    before(async () => {
      root = copyProject('troubled-app');
      client = await LspTestClient.start({ workspaceFolder: root });
    });
    after(async () => {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('scans the folder in the background with progress and publishes every factor', async () => {
      const folder = await settled(client, 'the first checklist');
      assert.equal(folder.uri, fileUri(root));
      const want = expected('troubled-app');
      for (const [factor, w] of Object.entries(want)) {
        const e = folder.entries[Number(factor) - 1];
        assert.equal(e.factor, Number(factor));
        assert.equal(e.status, w.status, `factor ${factor}: ${e.reason}`);
        if (w.reason) assert.match(e.reason, new RegExp(w.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), `factor ${factor}`);
      }
      const kinds = client.progress.map((p) => p.value.kind);
      assert.equal(kinds[0], 'begin', `progress: ${kinds}`);
      assert.equal(kinds[kinds.length - 1], 'end', `progress: ${kinds}`);
      assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'asks for file events');
      // The request gives the same result as the notification.
      const r = await client.within(client.connection.sendRequest<ChecklistRequest.Result>(ChecklistRequest.method), 'checklist');
      assert.deepEqual(r.folders[0].entries.map((e) => e.status), folder.entries.map((e) => e.status));
      assert.equal(r.folders[0].passing, folder.passing);
    });

    it('masks secrets in the checklist evidence and in the exported report', async () => {
      const folder = await settled(client, 'checklist');
      const env = fs.readFileSync(path.join(root, '.env'), 'utf8');
      const secrets = [...env.matchAll(/=(.{12,})$/gm)].map((m) => m[1].trim());
      assert.ok(secrets.length > 0, 'the fixture .env holds values');
      const report = await client.within(client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, { uri: folder.uri }), 'report');
      assert.equal(report.name, path.basename(root));
      for (const title of ['Codebase', 'Dependencies', 'Config', 'Backing services', 'Build, release, run', 'Processes', 'Port binding', 'Concurrency', 'Disposability', 'Dev/prod parity', 'Logs', 'Admin processes']) {
        assert.ok(report.markdown.includes(title), `report names ${title}`);
      }
      const all = JSON.stringify(folder) + report.markdown;
      for (const s of secrets) assert.ok(!all.includes(s), `secret ${s.slice(0, 3)}… not shown whole`);
    });
  });

  describe('a healthy project, edited', () => {
    let root: string;
    let client: LspTestClient;
    before(async () => {
      root = copyProject('healthy-app');
      client = await LspTestClient.start({ workspaceFolder: root, initializationOptions: { debounceMs: 0 } });
    });
    after(async () => {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('follows an unsaved edit, and the disk copy again once the editor closes it', async () => {
      let folder = await settled(client, 'the first checklist');
      assert.equal(statusOf(folder, 7), 'pass', folder.entries[6].reason);
      const scans = client.progress.filter((p) => p.value.kind === 'begin').length;
      const uri = fileUri(path.join(root, 'src', 'server.ts'));
      const original = fs.readFileSync(path.join(root, 'src', 'server.ts'), 'utf8');
      await client.open(uri, original);
      await client.change(uri, [{ text: original.replace('Number(process.env.PORT ?? 3000)', '3000') }]);
      folder = await settled(client, 'port binding fails after the edit', (f) => statusOf(f, 7) === 'fail');
      assert.ok(folder.entries[6].evidence.some((e) => e.kind === 'finding' && e.file === 'src/server.ts'), JSON.stringify(folder.entries[6].evidence));
      await client.close(uri);
      folder = await settled(client, 'port binding passes again from the disk copy', (f) => statusOf(f, 7) === 'pass');
      assert.equal(client.progress.filter((p) => p.value.kind === 'begin').length, scans, 'no rescan for a single file');
    });

    it('follows a file changed on disk', async () => {
      const file = path.join(root, 'src', 'worker.ts');
      const before = fs.readFileSync(file, 'utf8');
      fs.appendFileSync(file, "\nimport winston from 'winston';\nexport const audit = winston.createLogger({ transports: [new winston.transports.File({ filename: 'logs/audit.log' })] });\n");
      await client.filesChanged([{ uri: fileUri(file), type: FileChangeType.Changed }]);
      let folder = await settled(client, 'logs fail after the disk change', (f) => statusOf(f, 11) === 'fail');
      assert.ok(folder.entries[10].evidence.some((e) => e.file === 'src/worker.ts'));
      fs.writeFileSync(file, before);
      await client.filesChanged([{ uri: fileUri(file), type: FileChangeType.Changed }]);
      folder = await settled(client, 'logs pass again', (f) => statusOf(f, 11) === 'pass');
    });

    it('reads the project file: sign-offs in the checklist, rule levels in the diagnostics', async () => {
      const uri = fileUri(path.join(root, 'src', 'admin.ts'));
      const text = "import express from 'express';\nconst admin = express();\nadmin.listen(9000);\n";
      fs.writeFileSync(path.join(root, 'src', 'admin.ts'), text);
      await client.filesChanged([{ uri, type: FileChangeType.Created }]);
      await client.open(uri, text);
      const before = await client.diagnostics(uri);
      assert.deepEqual(before.map((d) => d.code), ['no-fixed-port']);

      const projectFile = path.join(root, '.twelve-factor.json');
      fs.writeFileSync(projectFile, JSON.stringify({ rules: { 'no-fixed-port': 'off' }, signOff: { '1': { note: 'one repo per app, checked by the team', by: 'ops' } } }, null, 2));
      const refreshes = client.refreshes;
      await client.filesChanged([{ uri: fileUri(projectFile), type: FileChangeType.Created }]);
      const folder = await settled(client, 'the sign-off', (f) => !!f.entries[0].signOff);
      assert.equal(folder.entries[0].signOff?.note, 'one repo per app, checked by the team');
      await client.waitFor(() => client.refreshes > refreshes, 'a diagnostics refresh after the project file changed');
      assert.deepEqual(await client.diagnostics(uri), [], 'the project file turned the rule off');
      // The user's own setting wins over the project file.
      client.settings = () => ({ rules: { 'no-fixed-port': 'error' } });
      await client.changeConfiguration();
      const again = await client.diagnostics(uri);
      assert.deepEqual(again.map((d) => [d.code, d.severity]), [['no-fixed-port', 1]]);
      client.settings = () => ({});
      await client.changeConfiguration();
      await client.close(uri);
    });

    it('reports a broken project file as a problem and keeps the defaults', async () => {
      const projectFile = path.join(root, '.twelve-factor.json');
      fs.writeFileSync(projectFile, '{ "rules": { "no-fixed-port": ');
      await client.filesChanged([{ uri: fileUri(projectFile), type: FileChangeType.Changed }]);
      const folder = await settled(client, 'a project-file problem', (f) => f.problems.length > 0);
      assert.match(folder.problems.join(' '), /\.twelve-factor\.json/);
      assert.equal(folder.entries[0].signOff, undefined);
      assert.equal(client.process.exitCode, null, 'the server is still running');
    });

    it('rescans on request', async () => {
      const begins = client.progress.filter((p) => p.value.kind === 'begin').length;
      await client.within(client.connection.sendRequest(RescanRequest.method), 'rescan');
      assert.equal(client.progress.filter((p) => p.value.kind === 'begin').length, begins + 1);
      await settled(client, 'the checklist after the rescan');
    });
  });
});

describe('.env files and git', () => {
  before(() => ensureServerBuilt());

  for (const ignored of [false, true]) {
    it(`${ignored ? 'stays quiet on a .env that git ignores' : 'reports a secret in a .env that git would commit'}`, async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-env-'));
      fs.mkdirSync(path.join(root, '.git'));
      fs.writeFileSync(path.join(root, '.gitignore'), ignored ? 'node_modules/\n.env\n' : 'node_modules/\n');
      fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "env-app", "scripts": { "start": "node server.js" } }\n');
      const text = 'NODE_ENV=production\nSTRIPE_SECRET_KEY=sk_live_51Hx9Yb2eZvKYlo2C8dQ4rT7uW0pLmNq\n';
      fs.writeFileSync(path.join(root, '.env'), text);
      const client = await LspTestClient.start({ workspaceFolder: root });
      try {
        await settled(client, 'the first scan');
        const uri = fileUri(path.join(root, '.env'));
        await client.open(uri, text, 'dotenv');
        const diagnostics = await client.diagnostics(uri);
        if (ignored) assert.deepEqual(diagnostics, []);
        else {
          assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['no-hardcoded-secret', 1]]);
          const message = JSON.stringify(diagnostics[0].message);
          assert.ok(!message.includes('sk_live_51Hx9Yb2eZvKYlo2C8dQ4rT7uW0pLmNq'), message);
        }
      } finally {
        await client.shutdown();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
