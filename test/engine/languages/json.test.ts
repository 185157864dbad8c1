/**
 * The JSON-with-comments adapter (appsettings*.json): values with key paths and spans, scalar
 * types, comments, a byte order mark, broken and large input, which JSON files are checked, and
 * suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { languageFor } from '../../../server/src/engine/languages';
import { assertLiteral, byPath, findingLines, formatModel, keyRule, plain, repeatLines, str, textAt, valueAt } from '../../support/formats';

const APPSETTINGS = `{
  // Development settings
  "ConnectionStrings": {
    "Default": "Server=db.internal;Database=app;User Id=app;Password=Pr0d-Secr3t;"
  },
  "Serilog": {
    "WriteTo": [
      { "Name": "Console" },
      { "Name": "File", "Args": { "path": "logs/log-.txt", "rollingInterval": "Day" } }
    ]
  },
  "Kestrel": { "Endpoints": { "Http": { "Url": "http://0.0.0.0:5000" } } },
  /* numbers and booleans */
  "Retries": 3,
  "Features": { "Beta": true, "Ratio": 0.5 },
  "Escaped": "tab\\there \\u00e9",
  "Nothing": null,
}
`;

describe('json adapter (appsettings)', () => {
  it('is app-config; values carry the property path', async () => {
    const m = await formatModel('src/Api/appsettings.json', APPSETTINGS, 'appsettings');
    assert.equal(m.language, 'json');
    assert.equal(m.fileKind, 'app-config');
    assert.equal(m.hasErrors, false, 'comments and a trailing comma are allowed');
    const cs = byPath(m, 'ConnectionStrings.Default');
    assert.equal(cs.context.key, 'Default');
    assertLiteral(m, cs, 'Server=db.internal;Database=app;User Id=app;Password=Pr0d-Secr3t;', '"Server=db.internal;Database=app;User Id=app;Password=Pr0d-Secr3t;"');
    assert.equal(byPath(m, 'Serilog.WriteTo.Args.path').value, 'logs/log-.txt');
    assert.deepEqual(byPath(m, 'Serilog.WriteTo.Name', 1).value, 'File');
    assertLiteral(m, byPath(m, 'Kestrel.Endpoints.Http.Url'), 'http://0.0.0.0:5000', '"http://0.0.0.0:5000"');
  });

  it('types numbers and booleans and decodes escapes', async () => {
    const m = await formatModel('appsettings.Production.json', APPSETTINGS, 'appsettings');
    assert.deepEqual([byPath(m, 'Retries').scalar, byPath(m, 'Features.Beta').scalar, byPath(m, 'Features.Ratio').scalar], ['number', 'boolean', 'number']);
    assertLiteral(m, byPath(m, 'Retries'), '3');
    const escaped = str(m, 'tab\there é');
    assertLiteral(m, escaped, 'tab\\there \\u00e9', '"tab\\there \\u00e9"');
    assert.ok(!m.strings.some((s) => s.context.key === 'Nothing'), 'null is not a value');
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'Serilog', 'WriteTo', 1, 'Args')), {
      kind: 'object',
      props: [
        { key: 'path', value: { kind: 'string', value: 'logs/log-.txt' } },
        { key: 'rollingInterval', value: { kind: 'string', value: 'Day' } },
      ],
    });
  });

  it('keeps comments, and has no placeholder syntax', async () => {
    const m = await formatModel('appsettings.json', APPSETTINGS);
    assert.deepEqual(m.comments.map((c) => [c.text, c.line]), [['Development settings', 1], ['numbers and booleans', 12]]);
    assert.equal(m.idioms.lineComment, '//');
    assert.equal(m.idioms.envString('ConnectionStrings__Default'), '');
    assert.equal(m.idioms.envNumber('PORT', '5000'), '5000');
    assert.deepEqual(m.envReads, []);
  });

  it('keeps offsets when the file starts with a byte order mark', async () => {
    const m = await formatModel('appsettings.json', '\uFEFF{ "Jwt": { "Key": "s3cr3t-signing-key-123" } }');
    assert.equal(m.hasErrors, false);
    assertLiteral(m, str(m, 's3cr3t-signing-key-123'), 's3cr3t-signing-key-123', '"s3cr3t-signing-key-123"');
  });

  it('checks only appsettings files, never other JSON', () => {
    assert.equal(languageFor('appsettings.Development.json')?.id, 'appsettings');
    for (const p of ['package.json', 'data/users.json', 'tsconfig.json', '.vscode/settings.json', 'src/appsettings.json.bak']) assert.equal(languageFor(p, 'json'), undefined, p);
  });

  it('marks broken JSON and keeps what it could read', async () => {
    const m = await formatModel('appsettings.json', '{ "A": "one", "B": , "C": "three" ');
    assert.equal(m.hasErrors, true);
    assert.deepEqual(m.strings.map((s) => s.value), ['one', 'three']);
    for (const text of ['', 'not json at all', '[' .repeat(100_000), '{"a": "\u0000"}']) {
      const odd = await formatModel('appsettings.json', text);
      assert.equal(odd.text, text);
    }
  });

  it('reads a large file', async () => {
    const body = repeatLines(900_000, (i) => `  "Key${i}": { "Value": "v-${i}", "N": ${i} },`);
    const text = `{\n${body}  "Last": 0\n}\n`;
    const started = Date.now();
    const m = await formatModel('appsettings.json', text);
    assert.equal(m.hasErrors, false);
    assert.ok(m.strings.length > 20_000, `${m.strings.length} values`);
    console.log(`  json: ${(text.length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);
  });

  it('honours // suppression comments through the engine', async () => {
    const text = ['{', '  "Jwt": {', '    // twelve-factor-ignore-next-line test-config-key', '    "Key": "one",', '    "Issuer": "two"', '  },', '  "ApiKey": "three" /* twelve-factor-ignore-line */', '}', ''].join('\n');
    assert.deepEqual(await findingLines('appsettings.json', text, [keyRule(/^(Key|Issuer|ApiKey)$/)]), [5]);
    assert.equal(textAt(await formatModel('appsettings.json', text), { start: 0, end: 1 }), '{');
  });
});
