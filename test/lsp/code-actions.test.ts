/**
 * Code actions over real LSP, applied by the test client as an editor would: the engine's fix with
 * `.env.example`, ignore comments, the documentation command, and fix-all.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, actionsOnly, ensureServerBuilt, fileUri } from '../support/lsp-client';

let root: string;
let client: LspTestClient;
let counter = 0;

before(async () => {
  ensureServerBuilt();
  client = await LspTestClient.start({ pull: true, workspaceFolder: (root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-actions-'))) });
  fs.mkdirSync(path.join(root, 'src'));
});
after(async () => {
  await client.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => fs.rmSync(path.join(root, '.env.example'), { force: true }));

const envExample = () => path.join(root, '.env.example');

/** Opens a new document and returns its uri and diagnostics. */
async function openDoc(text: string, name = `file${++counter}.ts`): Promise<{ uri: string; diags: Diagnostic[] }> {
  const uri = fileUri(path.join(root, 'src', name));
  await client.open(uri, text);
  return { uri, diags: await client.diagnostics(uri) };
}

async function actionsFor(uri: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return actionsOnly(await client.codeActions(uri, d.range, [d], only));
}

function byTitle(actions: CodeAction[], title: string | RegExp): CodeAction {
  const a = actions.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
  assert.ok(a, `an action "${title}" among: ${actions.map((x) => x.title).join(' | ')}`);
  return a;
}

describe('code actions', () => {
  it('offers the fix (preferred), ignore line, ignore file and documentation', async () => {
    const { uri, diags } = await openDoc("const app = require('express')();\napp.listen(3000);\n");
    const actions = await actionsFor(uri, diags[0]);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Read the port from PORT (default 3000)', 'Ignore no-fixed-port on this line', 'Ignore no-fixed-port in this file', 'Show documentation for no-fixed-port'],
    );
    assert.deepEqual(
      actions.map((a) => a.isPreferred === true),
      [true, false, false, false],
      'only the engine fix marked preferred is preferred',
    );
    for (const a of actions) assert.equal(a.kind, 'quickfix');
    const docs = byTitle(actions, 'Show documentation for no-fixed-port');
    assert.deepEqual(docs.command, {
      title: 'Show documentation for no-fixed-port',
      command: 'twelveFactor.openDocs',
      arguments: ['https://github.com/twelve-factor-guide/twelve-factor-guide/blob/main/docs/rules/no-fixed-port.md'],
    });
    assert.deepEqual(await client.codeActions(uri, diags[0].range, [diags[0]], ['source.fixAll']).then(actionsOnly).then((l) => l.map((a) => a.kind)), ['source.fixAll.twelveFactor'], 'only the fix-all when only source.fixAll is asked');
    await client.close(uri);
  });

  it('applies the fix and adds PORT= to a new .env.example once, even when applied twice', async () => {
    const { uri, diags } = await openDoc("import express from 'express';\nconst app = express();\napp.listen(3000);\n");
    const fix = byTitle(await actionsFor(uri, diags[0]), /^Read the port from PORT/);
    const edit = fix.edit!;
    assert.ok(edit.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'), 'creates .env.example');
    await client.applyWorkspaceEdit(edit);
    assert.equal(client.text(uri), "import express from 'express';\nconst app = express();\napp.listen(Number(process.env.PORT ?? 3000));\n");
    assert.equal(fs.readFileSync(envExample(), 'utf8'), 'PORT=\n');
    assert.deepEqual(await client.diagnostics(uri), [], 'the fixed code is quiet');

    // The same edit again is stale (the document moved on): rejected whole, .env.example untouched.
    await assert.rejects(client.applyWorkspaceEdit(edit), /stale edit/);
    assert.equal(fs.readFileSync(envExample(), 'utf8'), 'PORT=\n');

    // The same fix in another file: PORT is already declared, so .env.example is left alone.
    const other = await openDoc('server.listen(8080, () => {});\n', 'other.js');
    const fix2 = byTitle(await actionsFor(other.uri, other.diags[0]), /^Read the port from PORT/);
    assert.equal(fix2.edit!.documentChanges!.length, 1, 'only the document edit');
    await client.applyWorkspaceEdit(fix2.edit!);
    assert.equal(client.text(other.uri), 'server.listen(Number(process.env.PORT ?? 8080), () => {});\n');
    assert.equal(fs.readFileSync(envExample(), 'utf8'), 'PORT=\n');
    await client.close(uri);
    await client.close(other.uri);
  });

  it('appends to an existing .env.example, keeping a trailing newline', async () => {
    fs.writeFileSync(envExample(), '# services\r\nDATABASE_URL=\r\nexport REDIS_URL=');
    const { uri, diags } = await openDoc('app.listen(3000);\n');
    await client.applyWorkspaceEdit(byTitle(await actionsFor(uri, diags[0]), /^Read the port/).edit!);
    assert.equal(fs.readFileSync(envExample(), 'utf8'), '# services\r\nDATABASE_URL=\r\nexport REDIS_URL=\r\nPORT=\r\n');
    await client.close(uri);
  });

  it('reads .env.example from the open editor when it is open (unsaved text wins)', async () => {
    fs.writeFileSync(envExample(), '');
    const envUri = fileUri(envExample());
    await client.open(envUri, 'PORT=\n', 'dotenv');
    const { uri, diags } = await openDoc('app.listen(3000);\n');
    const fix = byTitle(await actionsFor(uri, diags[0]), /^Read the port/);
    assert.equal(fix.edit!.documentChanges!.length, 1, 'PORT is declared in the open editor');
    await client.close(envUri);
    const again = byTitle(await actionsFor(uri, diags[0]), /^Read the port/);
    await client.applyWorkspaceEdit(again.edit!);
    assert.equal(fs.readFileSync(envExample(), 'utf8'), 'PORT=\n', 'closed: read from disk (empty) and added');
    await client.close(uri);
  });

  it('"ignore on this line" inserts the comment with the line indentation and silences the finding', async () => {
    const { uri, diags } = await openDoc('function start(app) {\n    app.listen(3000);\n}\nstart(app);\n');
    await client.applyWorkspaceEdit(byTitle(await actionsFor(uri, diags[0]), 'Ignore no-fixed-port on this line').edit!);
    assert.equal(client.text(uri), 'function start(app) {\n    // twelve-factor-ignore-next-line no-fixed-port -- reason\n    app.listen(3000);\n}\nstart(app);\n');
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.close(uri);
  });

  it('"ignore in this file" goes after a shebang and "use strict", and silences the rule', async () => {
    const { uri, diags } = await openDoc("#!/usr/bin/env node\n'use strict';\nconst app = require('express')();\napp.listen(3000);\napp.listen(4000);\n", 'cli.js');
    assert.equal(diags.length, 2);
    await client.applyWorkspaceEdit(byTitle(await actionsFor(uri, diags[1]), 'Ignore no-fixed-port in this file').edit!);
    assert.equal(client.text(uri), "#!/usr/bin/env node\n'use strict';\n// twelve-factor-ignore-file no-fixed-port\nconst app = require('express')();\napp.listen(3000);\napp.listen(4000);\n");
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.close(uri);
  });

  it('fix-all applies every preferred fix in one edit', async () => {
    // one port: fixes that would put servers on different ports all on PORT are not preferred
    const { uri, diags } = await openDoc('const PORT = 8080;\napp.listen(8080);\nhttp.createServer(handler).listen(PORT);\n');
    assert.equal(diags.length, 2);
    const all = actionsOnly(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.twelveFactor']));
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.twelveFactor');
    await client.applyWorkspaceEdit(all[0].edit!);
    assert.equal(client.text(uri), 'const PORT = Number(process.env.PORT ?? 8080);\napp.listen(Number(process.env.PORT ?? 8080));\nhttp.createServer(handler).listen(PORT);\n');
    assert.equal(fs.readFileSync(envExample(), 'utf8'), 'PORT=\n');
    assert.deepEqual(await client.diagnostics(uri), []);
    assert.deepEqual(actionsOnly(await client.codeActions(uri, diags[0].range, [], ['source.fixAll'])), [], 'nothing left to fix');
    await client.close(uri);
  });

  it('offers nothing for a diagnostic that no longer matches the document', async () => {
    const { uri, diags } = await openDoc('app.listen(3000);\n');
    const moved: Diagnostic = { ...diags[0], range: { start: { line: 0, character: 2 }, end: { line: 0, character: 6 } }, data: undefined };
    assert.deepEqual(await actionsFor(uri, moved), []);
    assert.deepEqual(await actionsFor(uri, { ...diags[0], source: 'eslint' }), [], 'other sources are not ours');
    await client.close(uri);
  });

  it('leaves .env.example out for documents outside the workspace folder', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-outside-'));
    try {
      const uri = fileUri(path.join(outside, 'app.js'));
      await client.open(uri, 'app.listen(3000);\n');
      const [d] = await client.diagnostics(uri);
      const fix = byTitle(await actionsFor(uri, d), /^Read the port/);
      assert.equal(fix.edit!.documentChanges!.length, 1);
      await client.close(uri);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
