/**
 * The Dockerfile adapter: ENV/ARG values with their keys and spans, EXPOSE, CMD/ENTRYPOINT command
 * lines, broken input, a large file, and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertLiteral, findingLines, formatModel, keyRule, plain, repeatLines, str, textAt, valueAt } from '../../support/formats';

const DOCKERFILE = `# syntax=docker/dockerfile:1
FROM node:20-alpine AS base
ARG NODE_ENV=production
ARG NPM_TOKEN
# the key is baked into the image
ENV API_KEY="sk_live_4eC39HqLyjWDarjtT1zdp7dc" \\
    PORT=8080 NAME='a b'
ENV LEGACY value with spaces
ENV URL=http://\${HOST:-localhost}:\${PORT}/api ONLY=\${PORT:-3000}
EXPOSE 8080 9090/udp
CMD ["node", "server.js", "--port", "$PORT"]
ENTRYPOINT node server.js --port \${PORT:-3000} --name "my app" && echo done
`;

describe('dockerfile adapter', () => {
  it('is a deploy file with # comments and the Dockerfile idioms', async () => {
    const m = await formatModel('Dockerfile', DOCKERFILE, 'dockerfile');
    assert.equal(m.language, 'dockerfile');
    assert.equal(m.fileKind, 'deploy');
    assert.equal(m.hasErrors, false);
    assert.deepEqual(m.comments.map((c) => c.text), ['the key is baked into the image']);
    assert.equal(m.comments[0].line, 4);
    assert.equal(m.idioms.envString('API_KEY'), '${API_KEY}');
    assert.equal(m.idioms.envNumber('PORT', '8080'), '${PORT:-8080}');
    assert.equal(m.idioms.lineComment, '#');
    // references in a deploy file are what it passes to the app, not reads of the app
    assert.deepEqual(m.envReads, []);
  });

  it('lists ENV and ARG values keyed by the variable name, with spans of the value', async () => {
    const m = await formatModel('Dockerfile', DOCKERFILE);
    const key = str(m, 'sk_live_4eC39HqLyjWDarjtT1zdp7dc');
    assert.equal(key.context.key, 'API_KEY');
    assert.deepEqual(key.context.keyPath, ['ENV', 'API_KEY']);
    assert.equal(key.scalar, 'string');
    assertLiteral(m, key, 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', '"sk_live_4eC39HqLyjWDarjtT1zdp7dc"');
    const port = str(m, '8080');
    assert.equal(port.context.key, 'PORT');
    assert.equal(port.scalar, 'number');
    assertLiteral(m, port, '8080');
    const name = str(m, 'a b');
    assertLiteral(m, name, 'a b', "'a b'");
    const legacy = str(m, 'value with spaces');
    assert.equal(legacy.context.key, 'LEGACY');
    const arg = str(m, 'production');
    assert.deepEqual(arg.context.keyPath, ['ARG', 'NODE_ENV']);
    assert.ok(!m.strings.some((s) => s.context.key === 'NPM_TOKEN'), 'an ARG without a default has no value');
  });

  it('reads ${VAR} references as env values, a default as an env fallback', async () => {
    const m = await formatModel('Dockerfile', DOCKERFILE);
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'ONLY')), { kind: 'env', name: 'PORT', fallback: { kind: 'number', value: 3000 } });
    assert.deepEqual(plain(valueAt(doc, 'URL')), { kind: 'template', parts: ['http://', ':', '/api'] });
    const fallback = str(m, '3000');
    assert.equal(fallback.context.envFallback, true);
    assert.equal(fallback.context.key, 'ONLY');
    assertLiteral(m, fallback, '3000');
  });

  it('lists EXPOSE ports', async () => {
    const m = await formatModel('Dockerfile', DOCKERFILE);
    const exposed = m.strings.filter((s) => s.context.key === 'EXPOSE');
    assert.deepEqual(exposed.map((s) => [s.value, s.scalar, textAt(m, s.span)]), [
      ['8080', 'number', '8080'],
      ['9090/udp', 'string', '9090/udp'],
    ]);
  });

  it('gives CMD in exec form as its arguments, without expanding $PORT', async () => {
    const m = await formatModel('Dockerfile', DOCKERFILE);
    const cmd = m.commands!.find((c) => c.label === 'CMD')!;
    assert.equal(cmd.form, 'exec');
    assert.deepEqual(plain(cmd.args), [
      { kind: 'string', value: 'node' },
      { kind: 'string', value: 'server.js' },
      { kind: 'string', value: '--port' },
      { kind: 'string', value: '$PORT' },
    ]);
    assert.equal(textAt(m, cmd.args[1].span), '"server.js"');
    assert.equal(textAt(m, cmd.span), '["node", "server.js", "--port", "$PORT"]');
  });

  it('splits a shell-form ENTRYPOINT into words as the shell does', async () => {
    const m = await formatModel('Dockerfile', DOCKERFILE);
    const ep = m.commands!.find((c) => c.label === 'ENTRYPOINT')!;
    assert.equal(ep.form, 'shell');
    assert.deepEqual(plain(ep.args), [
      { kind: 'string', value: 'node' },
      { kind: 'string', value: 'server.js' },
      { kind: 'string', value: '--port' },
      { kind: 'env', name: 'PORT', fallback: { kind: 'number', value: 3000 } },
      { kind: 'string', value: '--name' },
      { kind: 'string', value: 'my app' },
      { kind: 'other', text: '&&' },
      { kind: 'string', value: 'echo' },
      { kind: 'string', value: 'done' },
    ]);
    assert.equal(textAt(m, ep.args[3].span), '${PORT:-3000}');
    assert.equal(textAt(m, ep.args[5].span), '"my app"');
  });

  it('joins continuation lines of a shell-form CMD, with the escape character of the file', async () => {
    const m = await formatModel('app.dockerfile', '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nCMD dotnet app.dll `\n    --urls http://+:$PORT\n');
    const cmd = m.commands![0];
    assert.deepEqual(plain(cmd.args), [
      { kind: 'string', value: 'dotnet' },
      { kind: 'string', value: 'app.dll' },
      { kind: 'string', value: '--urls' },
      { kind: 'template', parts: ['http://+:'] },
    ]);
    assert.equal(textAt(m, cmd.args[3].span), 'http://+:$PORT');
  });

  it('keeps UTF-16 offsets after characters outside the BMP', async () => {
    const m = await formatModel('Dockerfile', 'FROM scratch\nLABEL note="🚀 fast"\nENV GREETING="héllo 🚀" TOKEN=abc123\n');
    assertLiteral(m, str(m, 'abc123'), 'abc123');
    assertLiteral(m, str(m, 'héllo 🚀'), 'héllo 🚀', '"héllo 🚀"');
  });

  it('marks broken input and still gives what it could read', async () => {
    const m = await formatModel('Dockerfile', 'FROM node\nFORM typo\nENV\nENV A=1 B\nCMD ["node", "unterminated\nENV OK=yes\n');
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'yes').context.key, 'OK');
    assert.equal(str(m, '1').context.key, 'A');
    // Docker runs a bracketed CMD that is not a JSON array with the shell
    assert.equal(m.commands![0].form, 'shell');
  });

  it('handles empty and comment-only files', async () => {
    for (const text of ['', '# only a comment\n', '\n\n\r\n']) {
      const m = await formatModel('Dockerfile', text);
      assert.deepEqual(m.strings, []);
      assert.equal(m.text, text);
    }
  });

  it('reads a large file', async () => {
    const text = 'FROM node:20\n' + repeatLines(900_000, (i) => `ENV VAR_${i}="value-${i}" \\\n    OTHER_${i}=\${X_${i}:-${i}}`).replace(/\\\n$/, '\n');
    const started = Date.now();
    const m = await formatModel('Dockerfile', text);
    assert.ok(m.strings.length > 20_000, `${m.strings.length} values`);
    assert.equal(m.hasErrors, false);
    // no timing assertion: the elapsed time is only reported
    console.log(`  dockerfile: ${(text.length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);
  });

  it('honours suppression comments through the engine', async () => {
    const text = [
      'FROM node:20',
      'ENV API_KEY=one',
      '# twelve-factor-ignore-next-line test-config-key -- local only',
      'ENV API_KEY=two',
      '# twelve-factor-ignore-next-line other-rule',
      'ENV API_KEY=three',
      '',
    ].join('\n');
    assert.deepEqual(await findingLines('Dockerfile', text, [keyRule(/^API_KEY$/)]), [2, 6]);
    assert.deepEqual(await findingLines('Dockerfile', '# twelve-factor-ignore-file\n' + text, [keyRule(/^API_KEY$/)]), []);
  });
});
