/**
 * The .env adapter and its line parser: quotes, `export`, comments, multiline values, expansion,
 * templates (.env.example), broken and large input, which files count as .env, and suppression
 * comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { languageFor } from '../../../server/src/engine/languages';
import { assertLiteral, findingLines, formatModel, keyRule, plain, repeatLines, str, valueAt } from '../../support/formats';

const ENV = `# Production settings
export NODE_ENV=production
PORT=8080
DATABASE_URL=postgres://app:Pr0dPassw0rd@db.prod.internal:5432/app
SESSION_SECRET="a8f5f167f44f4964e6c998dee827110c"   # rotated monthly
SINGLE='no $EXPANSION here'
SPACED = value with spaces   
HASH=abc#def
INLINE=abc # a comment
ESCAPES="line1\\nline2 \\"quoted\\""
MULTI="-----BEGIN KEY-----
abc
-----END KEY-----"
EMPTY=
REDIS_URL=redis://\${REDIS_HOST:-localhost}:6379
ALIAS=\${DATABASE_URL}
PRICE="costs \\$5"
`;

describe('dotenv adapter', () => {
  it('is a deploy file; every value is keyed by its name', async () => {
    const m = await formatModel('.env', ENV, 'dotenv');
    assert.equal(m.language, 'dotenv');
    assert.equal(m.fileKind, 'deploy');
    assert.equal(m.template, undefined);
    assert.equal(m.hasErrors, false);
    const keys = (m.documents![0].kind === 'object' ? m.documents![0].props : []).map((p) => p.key);
    assert.deepEqual(keys, ['NODE_ENV', 'PORT', 'DATABASE_URL', 'SESSION_SECRET', 'SINGLE', 'SPACED', 'HASH', 'INLINE', 'ESCAPES', 'MULTI', 'EMPTY', 'REDIS_URL', 'ALIAS', 'PRICE']);
    const url = str(m, 'postgres://app:Pr0dPassw0rd@db.prod.internal:5432/app');
    assert.deepEqual([url.context.key, url.context.keyPath], ['DATABASE_URL', ['DATABASE_URL']]);
    assertLiteral(m, url, 'postgres://app:Pr0dPassw0rd@db.prod.internal:5432/app');
  });

  it('reads quotes, export, inline comments and escapes as the loaders do', async () => {
    const m = await formatModel('.env.production', ENV, 'dotenv');
    assert.equal(str(m, 'production').context.key, 'NODE_ENV');
    assertLiteral(m, str(m, 'a8f5f167f44f4964e6c998dee827110c'), 'a8f5f167f44f4964e6c998dee827110c', '"a8f5f167f44f4964e6c998dee827110c"');
    assertLiteral(m, str(m, 'no $EXPANSION here'), 'no $EXPANSION here', "'no $EXPANSION here'");
    assertLiteral(m, str(m, 'value with spaces'), 'value with spaces');
    assert.equal(str(m, 'abc#def').context.key, 'HASH', 'a # inside a word is part of the value');
    assert.equal(str(m, 'abc').context.key, 'INLINE');
    assert.equal(str(m, 'line1\nline2 "quoted"').context.key, 'ESCAPES');
    assert.equal(str(m, '-----BEGIN KEY-----\nabc\n-----END KEY-----').context.key, 'MULTI');
    assertLiteral(m, str(m, ''), '');
    assert.equal(str(m, 'costs $5').context.key, 'PRICE');
    assert.equal(str(m, '8080').scalar, 'number');
    assert.equal(str(m, 'a8f5f167f44f4964e6c998dee827110c').scalar, 'string');
    assert.deepEqual(m.comments.map((c) => [c.text, c.line, c.ownLine]), [['Production settings', 0, true], ['rotated monthly', 4, false], ['a comment', 8, false]]);
  });

  it('reads ${VAR} expansion as env values, not as reads of the app', async () => {
    const m = await formatModel('.env', ENV);
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'ALIAS')), { kind: 'env', name: 'DATABASE_URL' });
    assert.deepEqual(plain(valueAt(doc, 'REDIS_URL')), { kind: 'template', parts: ['redis://', ':6379'] });
    assert.deepEqual(m.envReads, []);
    assert.equal(m.idioms.envString('API_KEY'), '${API_KEY}');
  });

  it('handles CRLF line ends', async () => {
    const m = await formatModel('.env', 'A=one\r\nB="two"\r\n# c\r\nC=three\r\n');
    assertLiteral(m, str(m, 'one'), 'one');
    assertLiteral(m, str(m, 'two'), 'two', '"two"');
    assertLiteral(m, str(m, 'three'), 'three');
  });

  it('marks templates (.env.example and kin) so rules stay quiet on them', async () => {
    for (const p of ['.env.example', '.env.sample', '.env.template', '.env.dist', 'api/.env.local.example']) {
      const m = await formatModel(p, 'API_KEY=your-key-here\nDATABASE_URL=\n', 'dotenv-template');
      assert.equal(m.template, true, p);
      assert.equal(m.fileKind, 'deploy');
      assert.equal(str(m, 'your-key-here').context.key, 'API_KEY');
    }
  });

  it('recognises .env files by name, not other files named after them', () => {
    for (const p of ['.env', '.env.local', '.env.production', 'services/api/.env.staging']) assert.equal(languageFor(p)?.id, 'dotenv', p);
    for (const p of ['.envrc', '.env.json', '.env.sh', 'env.ts', 'src/.env.js', 'environment.yml', '.env.yml']) assert.notEqual(languageFor(p)?.id, 'dotenv', p);
    assert.equal(languageFor('untitled-1', 'dotenv')?.id, 'dotenv', 'the dotenv language id selects it');
  });

  it('marks broken lines and unclosed quotes, and keeps reading', async () => {
    const m = await formatModel('.env', 'GOOD=1\nthis is not an assignment\n=novalue\nBAD KEY=3\nTAIL="x" junk\nLAST=4\nOPEN="never closed\nAFTER=5\n');
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'x').context.key, 'TAIL');
    assert.equal(str(m, '4').context.key, 'LAST');
    assert.equal(str(m, 'never closed').context.key, 'OPEN', 'a quote closed nowhere ends at its line');
    assert.equal(str(m, '5').context.key, 'AFTER');
    assert.ok(!m.strings.some((s) => s.context.key === 'BAD'));
    // as the loaders do, a double quote closed on a later line makes a multiline value
    const multi = await formatModel('.env', 'A="first\nB=2\nC="\nD=4\n');
    assert.deepEqual(multi.strings.map((s) => [s.context.key, s.value]), [['A', 'first\nB=2\nC='], ['D', '4']]);
    for (const text of ['', '\n\n', '#', 'A', 'A="', "A='", '\u0000\u0001', 'export', 'export =1']) {
      const odd = await formatModel('.env', text);
      assert.equal(odd.text, text);
    }
  });

  it('reads a large file', async () => {
    const text = repeatLines(950_000, (i) => (i % 3 === 0 ? `# section ${i}` : `KEY_${i}="value ${i} \${OTHER_${i}}"`));
    const started = Date.now();
    const m = await formatModel('.env', text);
    assert.equal(m.hasErrors, false);
    assert.ok(m.documents![0].kind === 'object' && m.documents![0].props.length > 20_000);
    console.log(`  dotenv: ${(text.length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);
  });

  it('honours # suppression comments through the engine', async () => {
    const text = ['API_KEY=one', '# twelve-factor-ignore-next-line test-config-key -- rotated test key', 'API_KEY=two', 'API_KEY=three # twelve-factor-ignore-line', 'API_KEY=four', ''].join('\n');
    assert.deepEqual(await findingLines('.env', text, [keyRule(/^API_KEY$/)]), [1, 5]);
  });
});
