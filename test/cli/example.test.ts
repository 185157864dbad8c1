/**
 * The example app (examples/express-app), as the README's quick start runs it: every problem its
 * README lists is found, and none of its made-up secrets is printed.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, ensureBuilt, parseJson, runCli } from '../support/cli';

const APP = path.join(ROOT, 'examples', 'express-app');

describe('example app', () => {
  before(() => ensureBuilt());

  it('npx twelve-factor check examples/express-app finds what its README lists', () => {
    const r = runCli(['check', 'examples/express-app', '--format', 'json'], ROOT);
    assert.equal(r.status, 1, r.stderr);
    const found = parseJson(r.stdout).findings.map((f) => `${f.file.replace('examples/express-app/', '')} ${f.rule}`);
    for (const expected of [
      'src/server.ts no-fixed-port',
      'src/config.ts no-hardcoded-secret',
      'src/config.ts no-hardcoded-backing-service',
      'src/logger.ts no-file-logging',
      'src/session.ts no-in-memory-session',
      'src/session.ts no-hardcoded-secret',
      'src/routes/products.ts no-in-memory-session',
    ]) {
      assert.ok(found.includes(expected), `expected ${expected}; found:\n${found.join('\n')}`);
    }
    const readme = fs.readFileSync(path.join(APP, 'README.md'), 'utf8');
    assert.ok(readme.includes('npx twelve-factor check examples/express-app'));
  });

  it('prints none of its secrets in any format', () => {
    const config = fs.readFileSync(path.join(APP, 'src', 'config.ts'), 'utf8') + fs.readFileSync(path.join(APP, 'src', 'session.ts'), 'utf8');
    const secrets = [/'(sk_test_\w+)'/, /:(\w+)@shop-db/, /secret: '(\w+)'/].map((re) => re.exec(config)?.[1]);
    assert.ok(secrets.every((s) => s && s.length >= 12), `the example still holds its secrets: ${secrets.map((s) => s?.slice(0, 3))}`);
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCli(['check', 'examples/express-app', '--format', format], ROOT, { FORCE_COLOR: '1' });
      for (const s of secrets) assert.ok(!r.stdout.includes(s!) && !r.stderr.includes(s!), `${format} prints ${s!.slice(0, 4)}…`);
    }
  });
});
