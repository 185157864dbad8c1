/**
 * Bad input over real LSP: huge, binary and minified files get one notice and no diagnostics;
 * invalid settings get one notice and the defaults; logs never carry document text; the server
 * exits cleanly.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspTestClient, ensureServerBuilt, fileUri } from '../support/lsp-client';

let root: string;
before(() => {
  ensureServerBuilt();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-lsp-robust-'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

for (const pull of [true, false]) {
  describe(`files that are not checked (${pull ? 'pull' : 'push'})`, () => {
    let client: LspTestClient;
    before(async () => {
      client = await LspTestClient.start({ pull, workspaceFolder: root });
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0);
    });

    const noticesFor = (uri: string) => client.statuses.filter((s) => s.uri === uri);

    it('a 5 MB file gets one notice and no diagnostics, also after edits', async () => {
      const uri = fileUri(path.join(root, `big-${pull}.js`));
      const line = 'app.listen(3000); // ' + 'x'.repeat(80) + '\n';
      const text = line.repeat(Math.ceil((5 * 1024 * 1024) / line.length));
      const started = Date.now();
      await client.open(uri, text);
      assert.deepEqual(await client.diagnostics(uri), []);
      const [notice] = await client.waitFor(() => noticesFor(uri).length > 0 && noticesFor(uri), 'the size notice');
      assert.equal(notice.kind, 'skipped');
      assert.match(notice.message, /above the 1024 KB limit/);
      assert.match(notice.message, /twelveFactor\.maxFileSizeKB/);
      for (let i = 0; i < 3; i++) {
        await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'app.listen(4000);\n' }]);
        assert.deepEqual(await client.diagnostics(uri), []);
      }
      assert.equal(noticesFor(uri).length, 1, 'one notice per document');
      assert.ok(client.logs.some((l) => l.message.includes(uri) && l.message.includes('too-large')), 'logged');
      assert.ok(Date.now() - started < 10_000, 'no hang');
      await client.close(uri);
    });

    it('a binary file gets one notice and no diagnostics', async () => {
      const uri = fileUri(path.join(root, `blob-${pull}.js`));
      await client.open(uri, 'app.listen(3000);\n\u0000\u0001\u0002\u0000binary\u0000');
      assert.deepEqual(await client.diagnostics(uri), []);
      const notices = await client.waitFor(() => noticesFor(uri).length > 0 && noticesFor(uri), 'the binary notice');
      assert.equal(notices.length, 1);
      assert.match(notices[0].message, /looks binary/);
      await client.close(uri);
    });

    it('a minified bundle gets one notice and no diagnostics', async () => {
      const uri = fileUri(path.join(root, `vendor-${pull}.min.js`));
      await client.open(uri, 'app.listen(3000);');
      assert.deepEqual(await client.diagnostics(uri), []);
      const notices = await client.waitFor(() => noticesFor(uri).length > 0 && noticesFor(uri), 'the minified notice');
      assert.match(notices[0].message, /minified/);
      await client.close(uri);
    });
  });
}

describe('invalid settings', () => {
  it('get one clear notice and the defaults, never a crash', async () => {
    const client = await LspTestClient.start({
      workspaceFolder: root,
      settings: () => ({ enable: 'yes', rules: { 'no-fixed-port': 'loud', 'no-such-rule': 'error' }, maxFileSizeKB: -3, exclude: 'src' }),
    });
    try {
      const first = fileUri(path.join(root, 'settings-a.ts'));
      const second = fileUri(path.join(root, 'settings-b.ts'));
      await client.open(first, 'app.listen(3000);\n');
      const diags = await client.diagnostics(first);
      assert.equal(diags.length, 1, 'the defaults still check the file');
      assert.equal(diags[0].severity, 2, "the rule's default severity");
      await client.open(second, 'app.listen(3000);\n');
      assert.equal((await client.diagnostics(second)).length, 1);
      const notices = client.statuses.filter((s) => s.kind === 'settings');
      assert.equal(notices.length, 1, 'one notice for the same problems');
      for (const part of ['twelveFactor.enable', 'no-fixed-port', 'loud', 'no-such-rule', 'maxFileSizeKB', 'twelveFactor.exclude']) {
        assert.ok(notices[0].message.includes(part), `the notice names ${part}: ${notices[0].message}`);
      }
      assert.ok(client.logs.some((l) => l.type === 2 && l.message.includes('no-such-rule')), 'a window/logMessage warning');
      // A settings change brings a notice again only if the new values are still wrong.
      client.settings = () => ({ rules: { 'no-fixed-port': 'error' } });
      await client.changeConfiguration();
      await client.waitFor(() => client.refreshes > 0, 'refresh');
      assert.equal((await client.diagnostics(first))[0].severity, 1);
      assert.equal(client.statuses.filter((s) => s.kind === 'settings').length, 1);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('fall back to the defaults when the client answers workspace/configuration with garbage', async () => {
    const client = await LspTestClient.start({ workspaceFolder: root, settings: () => 42 });
    try {
      const uri = fileUri(path.join(root, 'garbage.ts'));
      await client.open(uri, 'app.listen(3000);\n');
      assert.equal((await client.diagnostics(uri)).length, 1);
      assert.match((await client.waitFor(() => client.statuses.find((s) => s.kind === 'settings'), 'settings notice')).message, /must be an object/);
    } finally {
      await client.shutdown();
    }
  });

  it('are taken from initializationOptions when the client has no workspace/configuration', async () => {
    const client = await LspTestClient.start({ workspaceFolder: root, configuration: false, initializationOptions: { settings: { rules: { 'no-fixed-port': 'hint' } } } });
    try {
      const uri = fileUri(path.join(root, 'no-config.ts'));
      await client.open(uri, 'app.listen(3000);\n');
      assert.equal((await client.diagnostics(uri))[0].severity, 4);
      assert.equal(client.configurationRequests.length, 0);
      await client.changeConfiguration({ twelveFactor: { rules: { 'no-fixed-port': 'off' } } });
      await client.waitFor(() => client.refreshes > 0, 'refresh');
      assert.deepEqual(await client.diagnostics(uri), []);
    } finally {
      await client.shutdown();
    }
  });
});

describe('secrets', () => {
  it('are masked in diagnostics, hovers and code actions, and absent from every log line', async () => {
    const secret = 'sk_live_51HxQeVerySecretValue0123456789';
    const client = await LspTestClient.start({ workspaceFolder: root, trace: 'verbose' });
    try {
      const uri = fileUri(path.join(root, 'keys.ts'));
      await client.open(uri, `const stripeKey = "${secret}";\napp.listen(3000);\n`);
      const diags = await client.diagnostics(uri);
      assert.deepEqual(diags.map((d) => d.code).sort(), ['no-fixed-port', 'no-hardcoded-secret']);
      await client.change(uri, [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 15 } }, text: '3001' }]);
      const after = await client.diagnostics(uri);
      const shown: string[] = [];
      for (const d of after) {
        shown.push(JSON.stringify(d.message));
        const hover = await client.hover(uri, d.range.start);
        shown.push(JSON.stringify(hover));
        for (const a of await client.codeActions(uri, d.range, [d])) shown.push(a.title);
      }
      const secretMessage = after.find((d) => d.code === 'no-hardcoded-secret');
      assert.ok(secretMessage && JSON.stringify(secretMessage.message).includes('chars)'), 'the secret is shown masked, with its length');
      await client.waitFor(() => client.traces.some((t) => /analysed .*keys\.ts v2: incremental parse [\d.]+ ms, rules [\d.]+ ms, 2 finding\(s\) \[[a-z, -]+\]/.test(t)), 'a timing trace');
      const logged = [...client.logs.map((l) => l.message), ...client.traces, client.serverStderr];
      for (const text of [...shown, ...logged]) {
        assert.ok(!text.includes(secret) && !text.includes('VerySecret'), `no unmasked secret in: ${text.slice(0, 200)}`);
      }
    } finally {
      await client.shutdown();
    }
  });
});

describe('lifecycle', () => {
  it('exits with 0 after shutdown and exit, with documents still open', async () => {
    const client = await LspTestClient.start({ pull: false, workspaceFolder: root });
    const uri = fileUri(path.join(root, 'open-at-exit.ts'));
    await client.open(uri, 'app.listen(3000);\n');
    await client.diagnostics(uri);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// pending\n' }]);
    assert.equal(await client.shutdown(), 0);
  });
});
