/**
 * no-hardcoded-backing-service: locator parsing and localities, variable names for the fixes (shared by
 * both configuration rules), the fixes one by one, and the quiet cases.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { hostLocality, maskLocator, parseLocator } from '../../server/src/engine/backing/locators';
import { envNameFor, toEnvName } from '../../server/src/engine/fixes/env-name';
import type { CallSite, StringContext } from '../../server/src/engine/model';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixedPathFor, listFixtures } from '../support/annotations';
import { assertParses, findingsOf, fixOnce } from '../support/rule-fixes';

const ID = 'no-hardcoded-backing-service';

describe('backing services: locators', () => {
  it('parses connection URLs, host lists and connection strings', () => {
    const pg = parseLocator('postgres://app:s3cret@db.prod.internal:5432/app');
    assert.equal(pg?.kind, 'url');
    assert.equal(pg?.service?.label, 'PostgreSQL');
    assert.deepEqual(pg?.hosts, ['db.prod.internal']);
    assert.equal(pg?.locality, 'internal');
    assert.equal(pg?.hasPassword, true);
    const mongo = parseLocator('mongodb://a.mongo.svc.cluster.local:27017,b.mongo.svc.cluster.local:27017/?replicaSet=rs0');
    assert.deepEqual(mongo?.hosts, ['a.mongo.svc.cluster.local', 'b.mongo.svc.cluster.local']);
    assert.equal(parseLocator('kafka-1:9092,kafka-2:9092')?.locality, 'compose');
    const ado = parseLocator('Server=tcp:x.database.windows.net,1433;Database=erp;User ID=app;Password=pw;');
    assert.equal(ado?.kind, 'connection-string');
    assert.equal(ado?.locality, 'managed');
    assert.equal(ado?.hasPassword, true);
  });
  it('rejects values that are not locators', () => {
    for (const v of ['postgres://', '14.2.1', 'config.json', 'noreply@acme-corp.com', 'Set DATABASE_URL, e.g. postgres://u:p@h/db', '10.0.0.0/8', '/api/users', 'hello world']) {
      assert.equal(parseLocator(v), undefined, v);
    }
  });
  it('marks placeholders', () => {
    for (const v of ['postgres://user:password@host:5432/db', 'redis://<host>:<port>', 'db.example.com', 'mysql://${DB_HOST}/app']) {
      assert.equal(parseLocator(v)?.placeholder, true, v);
    }
  });
  it('classifies hosts', () => {
    const cases: [string, string][] = [
      ['localhost', 'local'], ['127.0.0.1', 'local'], ['[::1]', 'local'], ['host.docker.internal', 'local'],
      ['redis', 'compose'], ['kafka-1', 'compose'],
      ['10.1.2.3', 'private'], ['172.20.0.5', 'private'], ['192.168.1.10', 'private'], ['172.32.0.1', 'public'],
      ['db.prod.internal', 'internal'], ['orders.svc.cluster.local', 'internal'], ['legacy.corp', 'internal'],
      ['x.abc.eu-west-1.rds.amazonaws.com', 'managed'], ['sqs.eu-west-1.amazonaws.com', 'managed'], ['cluster0.x1.mongodb.net', 'managed'],
      ['169.254.169.254', 'link-local'], ['api.github.com', 'public'],
    ];
    for (const [h, l] of cases) assert.equal(hostLocality(h), l, h);
  });
  it('masks passwords in URLs, connection strings and query parameters', () => {
    assert.equal(maskLocator('rediss://:s3ss10ns@cache:6380'), 'rediss://:****@cache:6380');
    assert.equal(maskLocator('Server=x;User ID=a;Password=Erp!2019pw;Encrypt=True'), 'Server=x;User ID=a;Password=****;Encrypt=True');
    assert.equal(maskLocator('postgres://h/db?sslmode=require&password=hunter22'), 'postgres://h/db?sslmode=require&password=****');
  });
});

describe('env-name: variable names for extracted values', () => {
  const site = (callee: string, assignedTo?: string): CallSite => {
    const dot = callee.lastIndexOf('.');
    return { callee, name: callee.slice(dot + 1), receiver: dot > 0 ? callee.slice(0, dot) : undefined, isNew: false, args: [], span: { start: 0, end: 0 }, argsSpan: { start: 0, end: 0 }, topLevel: true, inHandler: false, assignedTo };
  };
  const ctx = (key: string | undefined, keyPath: string[] = key ? [key] : [], call?: CallSite): StringContext => ({ key, keyPath, call: call ? { site: call, argIndex: 0 } : undefined });
  it('makes valid UPPER_SNAKE identifiers', () => {
    assert.equal(toEnvName('googleMapsApiKey'), 'GOOGLE_MAPS_API_KEY');
    assert.equal(toEnvName('x-api-key'), 'X_API_KEY');
    assert.equal(toEnvName('2faSecret'), 'APP_2FA_SECRET');
    assert.equal(toEnvName('---'), 'APP_CONFIG');
    assert.match(toEnvName('ключ'), /^[A-Z_][A-Z0-9_]*$/);
  });
  it('secrets: the specific name, else service + role', () => {
    const secret = (value: string, context: StringContext, suggested?: string) => envNameFor({ value, context, purpose: 'secret', suggested });
    assert.equal(secret('x9x9x9x9', ctx('stripeKey')), 'STRIPE_KEY');
    assert.equal(secret('x9x9x9x9', ctx('secret', ['session', 'secret'])), 'SESSION_SECRET');
    assert.equal(secret('x9x9x9x9', ctx('pass', ['smtp', 'auth', 'pass'])), 'SMTP_PASSWORD');
    assert.equal(secret('x9x9x9x9', ctx(undefined, [], site('jwt.sign')), 'JWT_SECRET'), 'JWT_SECRET');
    assert.equal(secret('sk_live_xpuip2aFXe6j6IMPCJZWrpbr', ctx('apiKey')), 'STRIPE_SECRET_KEY');
    assert.equal(secret('x9x9x9x9', ctx('password', ['password'], site('Pool'))), 'DB_PASSWORD');
    assert.equal(secret('x9x9x9x9', ctx('password', ['password'], site('mysql.createConnection', 'legacyDb'))), 'LEGACY_DB_PASSWORD');
    assert.equal(secret('x9x9x9x9', ctx('clientSecret', ['clientSecret'], site('GitHubProvider'))), 'GITHUB_CLIENT_SECRET');
    assert.equal(secret('AKIA6RA0A6NL695X26YO', ctx('accessKeyId', ['credentials', 'accessKeyId'])), 'AWS_ACCESS_KEY_ID');
  });
  it('locators: scheme conventions, hosts by service, qualified by the client variable', () => {
    const locator = (value: string, context: StringContext, imports: string[] = []) => envNameFor({ value, context, purpose: 'locator', imports });
    assert.equal(locator('postgres://db.internal/app', ctx('connectionString', ['connectionString'], site('pg.Pool', 'pool'))), 'DATABASE_URL');
    assert.equal(locator('mongodb://m.internal/app', ctx(undefined, [], site('mongoose.connect'))), 'MONGODB_URI');
    assert.equal(locator('redis://r.internal:6379', ctx('url', ['url'], site('createClient', 'sessions')), ['redis']), 'SESSIONS_REDIS_URL');
    assert.equal(locator('amqp://mq.internal', ctx(undefined)), 'AMQP_URL');
    assert.equal(locator('smtp://mail.internal', ctx(undefined)), 'SMTP_URL');
    assert.equal(locator('smtp.corp.com', ctx('host', ['host'], site('nodemailer.createTransport', 'mailer'))), 'SMTP_HOST');
    assert.equal(locator('10.0.0.3', ctx('host', ['production', 'redis', 'host'])), 'REDIS_HOST');
    assert.equal(locator('kafka-1:9092', ctx('brokers', ['brokers'], site('Kafka', 'kafka'))), 'KAFKA_BROKERS');
    assert.equal(locator('https://sqs.eu-west-1.amazonaws.com/1/q', ctx('ORDERS_QUEUE_URL')), 'ORDERS_QUEUE_URL');
  });
});

describe('no-hardcoded-backing-service: fixes', () => {
  it('extracts a database host in TypeScript with a non-null assertion', async () => {
    const { fix, output } = await fixOnce(ID, `import { Pool } from 'pg';\nexport const pool = new Pool({ host: 'db.prod.internal', database: 'app' });\n`, 'src/db.ts');
    assert.equal(output, `import { Pool } from 'pg';\nexport const pool = new Pool({ host: process.env.DB_HOST!, database: 'app' });\n`);
    assert.deepEqual(fix.envVars, ['DB_HOST']);
    assert.equal(fix.preferred, undefined);
  });
  it('turns a broker list into one variable', async () => {
    const { output } = await fixOnce(ID, `const kafka = new Kafka({ clientId: 'x', brokers: ['kafka-1:9092', 'kafka-2:9092'] });\n`, 'src/k.ts');
    assert.equal(output, `const kafka = new Kafka({ clientId: 'x', brokers: process.env.KAFKA_BROKERS!.split(',') });\n`);
  });
  it('removes a non-local fallback', async () => {
    const { output, finding } = await fixOnce(ID, `const url = process.env.REDIS_URL ?? 'redis://cache.prod.internal:6379';\n`, 'src/r.js');
    assert.equal(output, `const url = process.env.REDIS_URL;\n`);
    assert.match(finding.message, /fallback/);
  });
  it('masks the password of a URL in the message', async () => {
    const [f] = await findingsOf(ID, `mongoose.connect('mongodb+srv://app:Sup3r-s3cret@cluster0.x1y2z.mongodb.net/app');\n`, 'src/m.js');
    assert.ok(f);
    assert.ok(!f.message.includes('Sup3r-s3cret'));
    assert.match(f.message, /mongodb\+srv:\/\/app:\*\*\*\*@cluster0/);
    assert.match(f.message, /rotate/);
  });
  it('reports only the non-local branch of an environment conditional', async () => {
    const found = await findingsOf(ID, `const api = process.env.NODE_ENV === 'production'\n  ? 'https://inventory.acme-corp.com'\n  : 'http://localhost:4001';\n`, 'src/u.js');
    assert.deepEqual(found.map((f) => f.range.start.line), [1]);
  });
  it('stays quiet on development defaults, public APIs, bind addresses and comparisons', async () => {
    const code = [
      `const db = process.env.DATABASE_URL || 'postgres://localhost:5432/dev';`,
      `const cache = process.env.REDIS_URL ?? 'redis://redis:6379';`,
      `const gh = axios.create({ baseURL: 'https://api.github.com' });`,
      `server.listen(port, '0.0.0.0');`,
      `app.use(cors({ origin: 'http://localhost:3000' }));`,
      `if (url.startsWith('postgres://')) {}`,
      `const u = new URL(req.url, 'http://localhost');`,
      `import { createClient } from 'redis';`,
      `const sample = 'postgres://user:password@host:5432/database';`,
    ].join('\n');
    assert.deepEqual(await findingsOf(ID, code, 'src/q.js'), []);
  });
});

describe('no-hardcoded-backing-service: fixtures are valid code', () => {
  for (const f of listFixtures(path.join(__dirname, '..', 'fixtures', 'rules', 'no-hardcoded-backing-service'))) {
    const fixed = fixedPathFor(f.file);
    it(`${f.enginePath}${fs.existsSync(fixed) ? ' and its fix output' : ''}`, async () => {
      await assertParses(f.text, f.file);
      if (fs.existsSync(fixed)) await assertParses(fs.readFileSync(fixed, 'utf8'), fixed);
    });
  }
});
