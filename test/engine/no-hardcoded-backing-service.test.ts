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

describe('backing services: locators of the other languages', () => {
  it('parses JDBC, SQLAlchemy, libpq keyword, Go MySQL, PDO and ADO.NET forms', () => {
    const sqla = parseLocator('postgresql+psycopg2://orders@orders-db.internal:5432/orders');
    assert.equal(sqla?.service?.label, 'PostgreSQL');
    assert.equal(sqla?.locality, 'internal');
    const sqlserver = parseLocator('jdbc:sqlserver://10.0.7.5:1433;databaseName=billing;password=pw1');
    assert.deepEqual(sqlserver?.hosts, ['10.0.7.5']);
    assert.equal(sqlserver?.hasPassword, true);
    assert.deepEqual(parseLocator('jdbc:oracle:thin:@erp-db.corp.internal:1521:ERP')?.hosts, ['erp-db.corp.internal']);
    const keyword = parseLocator('host=orders-db.internal port=5432 user=orders password=s3cr3t dbname=orders');
    assert.equal(keyword?.kind, 'connection-string');
    assert.equal(keyword?.hasPassword, true);
    assert.equal(keyword?.convention, undefined);
    const goMysql = parseLocator('reports:r3p0rts@tcp(10.0.0.5:3306)/reports?parseTime=true');
    assert.deepEqual([goMysql?.hosts, goMysql?.locality, goMysql?.convention, goMysql?.hasPassword], [['10.0.0.5'], 'private', 'dsn', true]);
    const pdo = parseLocator('mysql:host=db.internal;port=3306;dbname=shop');
    assert.deepEqual([pdo?.hosts, pdo?.service?.label, pdo?.convention], [['db.internal'], 'MySQL', 'dsn']);
    const npgsql = parseLocator('Host=192.168.10.42;Database=reporting;Username=report');
    assert.deepEqual([npgsql?.service?.label, npgsql?.convention], ['PostgreSQL', 'connection-string']);
    const predis = parseLocator('tcp://10.0.1.5:6379');
    assert.deepEqual([predis?.kind, predis?.scheme, predis?.hosts], ['host', 'tcp', ['10.0.1.5']]);
  });
  it('leaves file databases and prose alone', () => {
    for (const v of ['sqlite:///:memory:', 'sqlite:///orders.db', 'sqlite::memory:', 'Data Source=shop.db', 'jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1', 'file::memory:?cache=shared', 'Server=(localdb)\\MSSQLLocalDB;Database=shop', 'host=%s port=%d']) {
      assert.equal(parseLocator(v), undefined, v);
    }
  });
  it('tells stand-ins from real values', () => {
    assert.equal(parseLocator('postgres://user:password@localhost:5432/app')?.sample, true);
    assert.equal(parseLocator('postgres://user:password@db.prod.internal:5432/app')?.sample, undefined);
    assert.equal(parseLocator('db.example.com')?.placeholder, true);
    // a deeper name keeps the shape of a real deployment's host
    assert.equal(parseLocator('postgres://app@db.prod.example.net:5432/app')?.placeholder, false);
    assert.equal(parseLocator('mysql:host=host;dbname=database')?.placeholder, true);
    for (const v of ['postgres://app:${DB_PASSWORD}@db/app', 'amqp://orders:$(AMQP_PASSWORD)@rabbitmq:5672', 'postgres://app:%s@db.internal/app']) {
      assert.equal(parseLocator(v)?.hasPassword, false, v);
    }
  });
  it('masks the passwords of keyword strings and Go DSNs', () => {
    assert.equal(maskLocator('host=db.internal password=s3cr3t dbname=x'), 'host=db.internal password=**** dbname=x');
    assert.equal(maskLocator('app:pa55word@tcp(10.0.0.5:3306)/db'), 'app:****@tcp(10.0.0.5:3306)/db');
  });
});

describe('env-name: locators of the other languages', () => {
  const ctx = (key: string | undefined, keyPath: string[] = key ? [key] : [], container?: string): StringContext => ({ key, keyPath, container });
  const locator = (value: string, context: StringContext) => envNameFor({ value, context, purpose: 'locator' });
  it('names connection strings and DSNs by their convention', () => {
    assert.equal(locator('Host=db.internal;Database=shop', ctx(undefined)), 'DB_CONNECTION_STRING');
    assert.equal(locator('mysql:host=db.internal;dbname=shop', ctx(undefined)), 'DB_DSN');
    assert.equal(locator('host=db.internal dbname=shop', ctx(undefined)), 'DATABASE_URL');
    assert.equal(locator('tcp://10.0.1.5:6379', ctx(undefined)), 'SERVICE_URL');
  });
  it('reads the service from settings blocks and the name they are assigned to', () => {
    assert.equal(locator('10.0.3.17', ctx('HOST', ['analytics', 'HOST'], 'DATABASES')), 'ANALYTICS_DB_HOST');
    assert.equal(locator('db.internal', ctx('HOST', ['default', 'HOST'], 'DATABASES')), 'DB_HOST');
    assert.equal(locator('redis://cache.internal:6379/1', ctx('LOCATION', ['default', 'LOCATION'], 'CACHES')), 'REDIS_URL');
    assert.equal(locator('kafka-1.internal:9092,kafka-2.internal:9092', ctx('bootstrap_servers')), 'KAFKA_BROKERS');
    assert.equal(locator('http://payments.internal:8080', ctx('payments', ['payments'])), 'PAYMENTS_URL');
    assert.equal(locator('smtp.sendgrid.net:587', ctx('smtp', ['smtp'])), 'SMTP_HOST');
    assert.equal(locator('jdbc:postgresql://db.internal/x', ctx('spring.datasource.url', ['spring.datasource.url'])), 'SPRING_DATASOURCE_URL');
  });
});

describe('no-hardcoded-backing-service: fixes in each language', () => {
  it('Python: extracts with os.environ and adds the import after the docstring', async () => {
    const { output } = await fixOnce(ID, `"""Settings."""\nfrom sqlalchemy import create_engine\n\nengine = create_engine("postgresql+psycopg2://orders@orders-db.internal/orders")\n`, 'app/db.py');
    assert.equal(output, `"""Settings."""\nimport os\nfrom sqlalchemy import create_engine\n\nengine = create_engine(os.environ["DATABASE_URL"])\n`);
  });
  it('Python: a fallback loses its default', async () => {
    const { output } = await fixOnce(ID, `import os\nMONGO_URI = os.environ.get("MONGO_URI", "mongodb://mongo.prod.internal:27017/orders")\n`, 'app/settings.py');
    assert.equal(output, `import os\nMONGO_URI = os.environ["MONGO_URI"]\n`);
  });
  it('Go: a const becomes a var, and a cmp.Or fallback drops an import it leaves unused', async () => {
    const { output } = await fixOnce(ID, `package main\n\nconst databaseURL = "postgres://app@db.prod.internal:5432/app"\n`, 'cmd/settings.go');
    assert.equal(output, `package main\n\nimport "os"\n\nvar databaseURL = os.Getenv("DATABASE_URL")\n`);
    const fallback = await fixOnce(ID, `package main\n\nimport (\n\t"cmp"\n\t"os"\n)\n\nvar broker = cmp.Or(os.Getenv("AMQP_URL"), "amqp://rabbitmq.prod.internal:5672/")\n`, 'cmd/broker.go');
    assert.equal(fallback.output, `package main\n\nimport (\n\t"os"\n)\n\nvar broker = os.Getenv("AMQP_URL")\n`);
  });
  it('Java: System.getenv, and a @Value default removed from the placeholder', async () => {
    const { output } = await fixOnce(ID, `class Db {\n    java.sql.Connection open() throws Exception {\n        return java.sql.DriverManager.getConnection("jdbc:postgresql://10.0.0.12:5432/reporting");\n    }\n}\n`, 'src/Db.java');
    assert.match(output, /getConnection\(System\.getenv\("DATABASE_URL"\)\)/);
    const value = await fixOnce(ID, `class S {\n    @org.springframework.beans.factory.annotation.Value("\${search.url:http://solr.search.internal:8983/solr}")\n    private String searchUrl;\n}\n`, 'src/S.java');
    assert.match(value.output, /@org\.springframework\.beans\.factory\.annotation\.Value\("\$\{search\.url\}"\)/);
  });
  it('Ruby: ENV.fetch, and a positional host list as one variable', async () => {
    const { output } = await fixOnce(ID, `MONGO = Mongo::Client.new(["mongo-0.mongo.svc.cluster.local:27017", "mongo-1.mongo.svc.cluster.local:27017"], database: "catalog")\n`, 'config/initializers/mongo.rb');
    assert.equal(output, `MONGO = Mongo::Client.new(ENV.fetch("MONGODB_HOSTS").split(","), database: "catalog")\n`);
  });
  it('C#: a .NET configuration path keeps its binding name', async () => {
    const { output } = await fixOnce(ID, `var builder = WebApplication.CreateBuilder(args);\nbuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>\n{\n    ["ConnectionStrings:Orders"] = "Host=orders-db.prod.internal;Database=orders",\n});\n`, 'src/Program.cs');
    assert.match(output, /\["ConnectionStrings:Orders"\] = Environment\.GetEnvironmentVariable\("ConnectionStrings__Orders"\)/);
  });
  it('PHP: env() in Laravel config files, getenv() elsewhere', async () => {
    const laravel = await fixOnce(ID, `<?php\n\nreturn [\n    'default' => env('DB_CONNECTION', 'mysql'),\n    'connections' => [\n        'mysql' => ['host' => '10.0.0.12'],\n    ],\n];\n`, 'config/database.php');
    assert.match(laravel.output, /'host' => env\('DB_HOST'\)/);
    const plain = await fixOnce(ID, `<?php\n$pdo = new PDO('mysql:host=db.internal;dbname=shop');\n`, 'src/db.php');
    assert.match(plain.output, /new PDO\(getenv\('DB_DSN'\)\)/);
  });
  it('qualifies two databases of one file by the database they name', async () => {
    const code = `class Db {\n    Object a() throws Exception { return java.sql.DriverManager.getConnection("jdbc:mysql://db.internal:3306/shop"); }\n    Object b() throws Exception { return java.sql.DriverManager.getConnection("jdbc:postgresql://10.0.0.12:5432/reporting"); }\n}\n`;
    const found = await findingsOf(ID, code, 'src/Db.java');
    assert.deepEqual(found.map((f) => f.fixes[0]?.envVars?.[0]), ['SHOP_DATABASE_URL', 'REPORTING_DATABASE_URL']);
  });
});

describe('no-hardcoded-backing-service: configuration and deploy files', () => {
  it('app config: non-local hosts are reported and fixed with the format placeholder', async () => {
    const { output } = await fixOnce(ID, `spring.datasource.url=jdbc:postgresql://orders-db.prod.internal:5432/orders\nspring.data.redis.host=redis\n`, 'src/main/resources/application.properties');
    assert.equal(output, `spring.datasource.url=\${DATABASE_URL}\nspring.data.redis.host=redis\n`);
  });
  it('appsettings.json: the value moves to the variable configuration binding reads', async () => {
    const { output, fix } = await fixOnce(ID, `{\n  "ConnectionStrings": { "Default": "Server=orders-sql.database.windows.net;Database=orders" }\n}\n`, 'Orders.Api/appsettings.json');
    assert.equal(output, `{\n  "ConnectionStrings": { "Default": "" }\n}\n`);
    assert.deepEqual(fix.envVars, ['ConnectionStrings__Default']);
  });
  it('deploy files: host names are configuration, a password is not', async () => {
    const compose = `services:\n  api:\n    environment:\n      DATABASE_URL: postgres://db:5432/orders\n      MONGO_URL: mongodb://root:example@mongo:27017/orders\n`;
    const { output, finding } = await fixOnce(ID, compose, 'docker-compose.yml');
    assert.equal(output, compose.replace('mongodb://root:example@mongo:27017/orders', '${MONGO_URL}'));
    assert.ok(!finding.message.includes('example@'));
    assert.deepEqual(await findingsOf(ID, `ENV DATABASE_URL=postgres://orders-replica.internal:5432/orders\n`, 'api/Dockerfile'), []);
    const baked = await findingsOf(ID, `ENV DATABASE_URL=postgres://orders:Pr0dPw@orders-db.internal:5432/orders\n`, 'api/Dockerfile');
    assert.equal(baked.length, 1);
    assert.deepEqual(baked[0].fixes, []);
    assert.deepEqual(await findingsOf(ID, `DATABASE_URL=postgres://app:s3cret@db.prod.internal:5432/app\n`, '.env.example'), []);
  });
});
