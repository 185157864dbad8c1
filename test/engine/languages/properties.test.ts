/**
 * The Java properties adapter and its parser (java.util.Properties rules): separators, comments,
 * continuation lines, escapes, Spring placeholders, key paths, broken and large input, and
 * suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { languageFor } from '../../../server/src/engine/languages';
import { assertLiteral, byPath, findingLines, formatModel, keyRule, plain, repeatLines, str, textAt, valueAt } from '../../support/formats';

const PROPS = `# Server
server.port=8080
spring.datasource.url = jdbc:postgresql://db.internal:5432/app
spring.datasource.password: hunter2-Pr0d
spring.datasource.username app
! another comment style
logging.file.name=logs/app.log
app.greeting=caf\\u00e9 \\t tab
app.path=C:\\\\logs\\\\app
app.long=first part, \\
         second part
spring.redis.password=\${REDIS_PASSWORD}
server.shutdown.port=\${PORT:8080}
app.url=http://\${HOST:localhost}:\${PORT:8080}/x
app.ref=\${app.name}
key\\=with\\:escapes=value
empty=
`;

describe('properties adapter', () => {
  it('is app-config; keys are split at dots into the key path', async () => {
    const m = await formatModel('src/main/resources/application.properties', PROPS, 'properties');
    assert.equal(m.language, 'properties');
    assert.equal(m.fileKind, 'app-config');
    assert.equal(m.hasErrors, false);
    const port = byPath(m, 'server.port');
    assert.equal(port.context.key, 'port');
    assert.equal(port.scalar, 'number');
    assertLiteral(m, port, '8080');
    assertLiteral(m, byPath(m, 'spring.datasource.url'), 'jdbc:postgresql://db.internal:5432/app');
    assertLiteral(m, byPath(m, 'spring.datasource.password'), 'hunter2-Pr0d');
    assertLiteral(m, byPath(m, 'spring.datasource.username'), 'app');
    assert.equal(byPath(m, 'logging.file.name').value, 'logs/app.log');
    assert.equal(str(m, 'value').context.key, 'key=with:escapes');
    assert.equal(str(m, '').context.key, 'empty');
  });

  it('decodes escapes and joins continuation lines; spans cover the text as written', async () => {
    const m = await formatModel('application-prod.properties', PROPS, 'properties');
    assertLiteral(m, str(m, 'café \t tab'), 'caf\\u00e9 \\t tab');
    assert.equal(str(m, 'C:\\logs\\app').context.key, 'path');
    const long = str(m, 'first part, second part');
    assert.equal(textAt(m, long.innerSpan), 'first part, \\\n         second part');
    assert.deepEqual(m.comments.map((c) => [c.text, c.line]), [['Server', 0], ['another comment style', 5]]);
  });

  it('reads Spring placeholders as env lookups with fallback', async () => {
    const m = await formatModel('application.properties', PROPS);
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'spring.redis.password')), { kind: 'env', name: 'REDIS_PASSWORD' });
    assert.deepEqual(plain(valueAt(doc, 'server.shutdown.port')), { kind: 'env', name: 'PORT', fallback: { kind: 'number', value: 8080 } });
    assert.deepEqual(plain(valueAt(doc, 'app.url')), { kind: 'template', parts: ['http://', ':', '/x'] });
    assert.deepEqual(plain(valueAt(doc, 'app.ref')), { kind: 'other', text: '${app.name}' }, 'a reference to another property is not the environment');
    const fallback = m.strings.find((s) => s.context.envFallback)!;
    assert.equal(fallback.value, '8080');
    assert.deepEqual(fallback.context.keyPath, ['server', 'shutdown', 'port']);
    assertLiteral(m, fallback, '8080');
    assert.deepEqual(m.envReads.map((r) => [r.name, textAt(m, r.span)]), [
      ['REDIS_PASSWORD', '${REDIS_PASSWORD}'],
      ['PORT', '${PORT:8080}'],
      ['HOST', '${HOST:localhost}'],
      ['PORT', '${PORT:8080}'],
    ]);
    assert.equal(m.idioms.envNumber('PORT', '8080'), '${PORT:8080}');
  });

  it('checks application*.properties only', () => {
    assert.equal(languageFor('application-dev.properties')?.id, 'properties');
    for (const p of ['messages.properties', 'gradle.properties', 'src/main/resources/i18n/labels_fr.properties']) assert.equal(languageFor(p, 'properties'), undefined, p);
  });

  it('marks a malformed \\u escape and keeps reading', async () => {
    const m = await formatModel('application.properties', 'bad=\\uZZZZ\nnext=ok\ntrailing=backslash at end\\');
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'ok').context.key, 'next');
    assert.equal(str(m, 'backslash at end').context.key, 'trailing');
    for (const text of ['', '=', ':', '\\', '   \\\n', 'k\\', '#\n!\n', 'a=b\r\nc=d\re=f']) {
      const odd = await formatModel('application.properties', text);
      assert.equal(odd.text, text);
    }
    const mixed = await formatModel('application.properties', 'a=b\r\nc=d\re=f');
    assert.deepEqual(mixed.strings.map((s) => [s.value, textAt(mixed, s.innerSpan)]), [['b', 'b'], ['d', 'd'], ['f', 'f']]);
  });

  it('reads a large file', async () => {
    const text = repeatLines(950_000, (i) => (i % 5 === 0 ? `# group ${i}` : `app.group${i}.value=item-${i} \\\n    continued \${ENV_${i}:x}`));
    const started = Date.now();
    const m = await formatModel('application.properties', text);
    assert.equal(m.hasErrors, false);
    const props = m.documents![0].kind === 'object' ? m.documents![0].props : [];
    assert.ok(props.length > 10_000, `${props.length}`);
    assert.ok(props.every((p) => p.value.kind === 'template'), 'every value joins its continuation line and keeps its placeholder');
    console.log(`  properties: ${(text.length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);
  });

  it('honours # and ! suppression comments through the engine', async () => {
    const text = ['spring.datasource.password=one', '# twelve-factor-ignore-next-line test-config-key', 'spring.datasource.password=two', '! twelve-factor-ignore-next-line', 'app.password=three', 'other.password=four', ''].join('\n');
    assert.deepEqual(await findingLines('application.properties', text, [keyRule(/^password$/)]), [1, 6]);
  });
});

describe('properties adapter: placeholder defaults', () => {
  it('gives a default its reference and the reference without the default', async () => {
    const m = await formatModel('src/main/resources/application.properties', 'app.jwt.secret=${JWT_SECRET:d-1}\napp.x=caf\\u00e9 ${X:d-2}\n', 'properties');
    const d = m.strings.find((s) => s.value === 'd-1')!;
    assert.equal(d.context.envFallback, true);
    assert.equal(d.context.envLookup?.name, 'JWT_SECRET');
    assert.equal(d.context.envLookup?.required, '${JWT_SECRET}');
    assert.equal(m.text.slice(d.context.envLookup!.expression.start, d.context.envLookup!.expression.end), '${JWT_SECRET:d-1}');
  });
});
