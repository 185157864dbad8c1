/**
 * The XML adapter (logback, log4j2, web.config): values placed by the precise pass over the start
 * tags the parser found, entity and CDATA handling, comments located outside tags, placeholders,
 * broken and large input, and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { languageFor } from '../../../server/src/engine/languages';
import { readStartTag, scanXmlComments } from '../../../server/src/engine/languages/xml';
import { assertLiteral, byPath, findingLines, formatModel, keyRule, plain, repeatLines, str, textAt, valueAt } from '../../support/formats';

const LOGBACK = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<configuration scan="true">',
  '  <!-- writes to a file: the platform never sees these logs -->',
  '  <appender name="FILE" class="ch.qos.logback.core.FileAppender">',
  '    <file>/var/log/app/app.log</file>',
  '    <encoder><pattern><![CDATA[%d <%thread> %msg%n]]></pattern></encoder>',
  '  </appender>',
  "  <appender name = 'ROLL' class = 'ch.qos.logback.core.rolling.RollingFileAppender' >",
  '    <file>${LOG_DIR:-logs}/app.log</file>',
  '  </appender>',
  '  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender"/>',
  '  <property name="note" value="a &amp; b &lt;c&gt;"/>',
  '  <root level="INFO"><appender-ref ref="STDOUT"/></root>',
  '</configuration>',
  '',
].join('\r\n');

describe('xml adapter: logback', () => {
  it('is app-config; attributes and element text have keys, key paths and exact spans', async () => {
    const m = await formatModel('src/main/resources/logback-spring.xml', LOGBACK, 'logback');
    assert.equal(m.language, 'xml');
    assert.equal(m.fileKind, 'app-config');
    assert.equal(m.hasErrors, false);
    const cls = byPath(m, 'configuration.appender.class');
    assertLiteral(m, cls, 'ch.qos.logback.core.FileAppender', '"ch.qos.logback.core.FileAppender"');
    const file = byPath(m, 'configuration.appender.file');
    assert.equal(file.context.key, 'file');
    assertLiteral(m, file, '/var/log/app/app.log');
    const roll = byPath(m, 'configuration.appender.class', 1);
    assertLiteral(m, roll, 'ch.qos.logback.core.rolling.RollingFileAppender', "'ch.qos.logback.core.rolling.RollingFileAppender'");
    const pattern = str(m, '%d <%thread> %msg%n');
    assertLiteral(m, pattern, '%d <%thread> %msg%n', '<![CDATA[%d <%thread> %msg%n]]>');
  });

  it('decodes entities; the span stays the text as written', async () => {
    const m = await formatModel('logback.xml', LOGBACK);
    const v = str(m, 'a & b <c>');
    assert.equal(v.context.key, 'note', 'a name/value pair keys the value by the name');
    assertLiteral(m, v, 'a &amp; b &lt;c&gt;', '"a &amp; b &lt;c&gt;"');
    assert.equal(str(m, 'note').context.nonValue, true);
    const commented = await formatModel('logback.xml', '<configuration><appender><file> <!-- was /tmp --> logs/a.log </file></appender></configuration>');
    const file = str(commented, 'logs/a.log');
    assert.equal(textAt(commented, file.span), '<!-- was /tmp --> logs/a.log', 'text around a comment: the span covers both');
  });

  it('reads logback ${VAR:-default} references as env lookups', async () => {
    const m = await formatModel('logback.xml', LOGBACK);
    const appenders = valueAt(m.documents![0], 'configuration');
    assert.equal(appenders?.kind, 'object');
    const second = appenders!.kind === 'object' ? appenders!.props.filter((p) => p.key === 'appender')[1].value : undefined;
    assert.deepEqual(plain(valueAt(second, 'file', '#text')), { kind: 'template', parts: ['/app.log'] });
    assert.deepEqual(m.envReads.map((r) => [r.name, textAt(m, r.span)]), [['LOG_DIR', '${LOG_DIR:-logs}']]);
    const whole = await formatModel('logback.xml', '<configuration><property name="dir" value="${LOG_DIR:-/var/log}"/></configuration>');
    const fallback = str(whole, '/var/log');
    assert.equal(fallback.context.envFallback, true);
    assert.equal(fallback.context.key, 'dir');
    assertLiteral(whole, fallback, '/var/log');
  });

  it('finds comments outside tags, CDATA and attribute values, the same as the parser keeps', async () => {
    const text = '<a x="<!-- not a comment -->"><!-- one --><b><![CDATA[<!-- not either -->]]></b><?pi <!-- no --> ?><!--two--></a>';
    const found = scanXmlComments(text);
    assert.deepEqual(found.map((c) => c.body), [' one ', 'two']);
    assert.deepEqual(found.map((c) => text.slice(c.span.start, c.span.end)), ['<!-- one -->', '<!--two-->']);
    const parsed = JSON.stringify(new XMLParser({ commentPropName: '#comment', preserveOrder: true }).parse(text));
    assert.equal((parsed.match(/#comment/g) ?? []).length, 2);
    const m = await formatModel('logback.xml', LOGBACK);
    assert.deepEqual(m.comments.map((c) => [c.text, c.line, c.ownLine]), [['writes to a file: the platform never sees these logs', 2, true]]);
    assert.equal(m.idioms.lineComment, '<!--');
    assert.equal(m.idioms.lineCommentEnd, '-->');
  });

  it('reads start tags precisely', () => {
    const text = '<appender  name = "A"\n  class=\'x.Y\' flag/>';
    const tag = readStartTag(text, 0, 'appender')!;
    assert.equal(tag.selfClosing, true);
    assert.equal(tag.end, text.length);
    assert.deepEqual(tag.attrs.map((a) => [a.name, text.slice(a.span.start, a.span.end)]), [['name', '"A"'], ['class', "'x.Y'"]]);
    assert.equal(readStartTag(text, 1, 'appender'), undefined, 'only at a `<`');
    assert.equal(readStartTag('<a b="unclosed>', 0, 'a'), undefined);
  });
});

describe('xml adapter: log4j2 and web.config', () => {
  it('log4j2: file appenders, ${env:X} lookups, <Property> values keyed by name', async () => {
    const text = `<Configuration status="WARN">
  <Properties>
    <Property name="logDir">\${env:LOG_DIR:-/var/log/app}</Property>
    <Property name="db.password">hunter2</Property>
  </Properties>
  <Appenders>
    <File name="File" fileName="logs/app.log"/>
    <RollingFile name="Roll" fileName="\${logDir}/app.log" filePattern="\${sys:user.home}/app-%d.log.gz"/>
    <Console name="Out" target="SYSTEM_OUT"/>
  </Appenders>
</Configuration>`;
    const m = await formatModel('log4j2-prod.xml', text, 'log4j2');
    assertLiteral(m, byPath(m, 'Configuration.Appenders.File.fileName'), 'logs/app.log', '"logs/app.log"');
    assert.equal(str(m, 'hunter2').context.key, 'db.password');
    assert.equal(str(m, 'db.password').context.nonValue, true);
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'Configuration', 'Properties', 'Property', '#text')), { kind: 'env', name: 'LOG_DIR', fallback: { kind: 'string', value: '/var/log/app' } });
    assert.deepEqual(plain(valueAt(doc, 'Configuration', 'Appenders', 'RollingFile', 'filePattern')), { kind: 'template', parts: ['/app-%d.log.gz'] });
    assert.deepEqual(m.envReads.map((r) => r.name), ['LOG_DIR'], '${sys:…} and ${logDir} are not the environment');
    assert.equal(m.idioms.envString('LOG_DIR'), '${env:LOG_DIR}');
  });

  it('web.config: appSettings keyed by key, connection strings, session state', async () => {
    const text = `<?xml version="1.0"?>
<configuration>
  <connectionStrings>
    <add name="Default" connectionString="Server=sql.internal;Database=app;User Id=sa;Password=Pa55w0rd!;" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="StripeSecretKey" value="sk_live_51HqLyjWDarjtT1zdp7dc" />
  </appSettings>
  <system.web><sessionState mode="InProc" timeout="20" /></system.web>
</configuration>`;
    const m = await formatModel('Web.config', text, 'web-config');
    assert.equal(m.fileKind, 'app-config');
    const stripe = str(m, 'sk_live_51HqLyjWDarjtT1zdp7dc');
    assert.equal(stripe.context.key, 'StripeSecretKey');
    assert.deepEqual(stripe.context.keyPath, ['configuration', 'appSettings', 'add', 'StripeSecretKey']);
    assert.equal(str(m, 'StripeSecretKey').context.nonValue, true);
    assertLiteral(m, byPath(m, 'configuration.connectionStrings.add.connectionString'), 'Server=sql.internal;Database=app;User Id=sa;Password=Pa55w0rd!;', '"Server=sql.internal;Database=app;User Id=sa;Password=Pa55w0rd!;"');
    assert.equal(byPath(m, 'configuration.system.web.sessionState.mode').value, 'InProc');
    assert.equal(m.idioms.envString('X'), '');
    assert.equal(languageFor('Web.Release.config')?.id, 'web-config');
  });

  it('checks only logback, log4j2 and web.config XML', () => {
    for (const p of ['pom.xml', 'src/main/resources/beans.xml', 'AndroidManifest.xml', 'log4j.xml']) assert.equal(languageFor(p, 'xml'), undefined, p);
  });
});

describe('xml adapter: bad and large input', () => {
  it('marks broken XML and never throws', async () => {
    const m = await formatModel('logback.xml', '<configuration><appender class="x.FileAppender"><file>a.log</file></configuration>');
    assert.equal(m.hasErrors, true);
    for (const text of ['', '<', '<a b="x></a>', '<!-- open', '<a><![CDATA[x</a>', '\uFEFF<a/>', '<a>' + '<b>'.repeat(5000), 'plain text', '<?xml version="1.0"?>']) {
      const odd = await formatModel('logback.xml', text);
      assert.equal(odd.text, text);
    }
    const bom = await formatModel('logback.xml', '\uFEFF<configuration><property name="k" value="v"/></configuration>');
    assertLiteral(bom, str(bom, 'v'), 'v', '"v"');
  });

  it('reads a large file', async () => {
    const body = repeatLines(900_000, (i) => `  <appender name="A${i}" class="ch.qos.logback.core.ConsoleAppender"><target>System.out</target></appender>`);
    const text = `<configuration>\n${body}</configuration>\n`;
    const started = Date.now();
    const m = await formatModel('logback.xml', text);
    assert.equal(m.hasErrors, false);
    assert.ok(m.strings.length > 15_000, `${m.strings.length}`);
    console.log(`  xml: ${(text.length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);
  });

  it('honours <!-- --> suppression comments through the engine', async () => {
    const text = [
      '<configuration>',
      '  <appender name="A" class="ch.qos.logback.core.FileAppender"/>',
      '  <!-- twelve-factor-ignore-next-line test-config-key -- rotated by the host -->',
      '  <appender name="B" class="ch.qos.logback.core.FileAppender"/>',
      '  <appender name="C" class="ch.qos.logback.core.FileAppender"/> <!-- twelve-factor-ignore-line -->',
      '</configuration>',
      '',
    ].join('\n');
    assert.deepEqual(await findingLines('logback.xml', text, [keyRule(/^class$/)]), [2]);
  });
});
