/**
 * The YAML adapter: compose files, Kubernetes manifests, Spring application.yml and Rails
 * database.yml — values with keys, key paths and spans, scalar types, env placeholders, broken and
 * large input, which YAML files are checked at all, and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { languageFor } from '../../../server/src/engine/languages';
import { assertLiteral, byPath, findingLines, formatModel, keyRule, plain, repeatLines, str, textAt, valueAt } from '../../support/formats';

const COMPOSE = `services:
  db:
    image: "postgres:16"
    environment:
      POSTGRES_PASSWORD: example   # a trailing comment
      POSTGRES_USER: \${PGUSER:-app}
      FROM_HOST:
    ports: ["5432:5432"]
  web:
    build: .
    environment:
      - API_KEY=sk_test_51HqLyjWDarjtT1zdp7dcABC
      - "GREETING=hello world"
      - FROM_SHELL
      - PRICE=$$5
    command: node server.js
`;

describe('yaml adapter: compose', () => {
  it('is a deploy file; environment maps and lists are keyed by the variable name', async () => {
    const m = await formatModel('docker-compose.yml', COMPOSE, 'compose');
    assert.equal(m.language, 'yaml');
    assert.equal(m.fileKind, 'deploy');
    assert.equal(m.hasErrors, false);
    const pw = byPath(m, 'services.db.environment.POSTGRES_PASSWORD');
    assert.equal(pw.value, 'example');
    assert.equal(pw.context.key, 'POSTGRES_PASSWORD');
    assertLiteral(m, pw, 'example');
    const key = byPath(m, 'services.web.environment.API_KEY');
    assert.equal(key.value, 'sk_test_51HqLyjWDarjtT1zdp7dcABC');
    assert.equal(key.context.key, 'API_KEY');
    assertLiteral(m, key, 'sk_test_51HqLyjWDarjtT1zdp7dcABC');
    // inside a quoted list item, the span is the value after `=`
    assertLiteral(m, byPath(m, 'services.web.environment.GREETING'), 'hello world');
    const image = byPath(m, 'services.db.image');
    assertLiteral(m, image, 'postgres:16', '"postgres:16"');
    assert.equal(byPath(m, 'services.db.ports').value, '5432:5432');
  });

  it('reads ${VAR:-default} and pass-through names as env values', async () => {
    const m = await formatModel('compose.yaml', COMPOSE, 'compose');
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'services', 'db', 'environment', 'POSTGRES_USER')), { kind: 'env', name: 'PGUSER', fallback: { kind: 'string', value: 'app' } });
    assert.deepEqual(plain(valueAt(doc, 'services', 'db', 'environment', 'FROM_HOST')), { kind: 'env', name: 'FROM_HOST' });
    assert.deepEqual(plain(valueAt(doc, 'services', 'web', 'environment', 'FROM_SHELL')), { kind: 'env', name: 'FROM_SHELL' });
    const fallback = str(m, 'app');
    assert.equal(fallback.context.envFallback, true);
    assert.equal(fallback.context.key, 'POSTGRES_USER');
    assertLiteral(m, fallback, 'app');
    // `$$` is compose's literal dollar
    assert.equal(byPath(m, 'services.web.environment.PRICE').value, '$5');
    assert.ok(!m.strings.some((s) => s.value.startsWith('${')), 'placeholders are not literals');
    assert.deepEqual(m.envReads, [], 'a deploy file passes variables, the app does not read them here');
  });

  it('keeps comments with their lines', async () => {
    const m = await formatModel('docker-compose.yml', COMPOSE);
    assert.deepEqual(m.comments.map((c) => [c.text, c.line, c.ownLine]), [['a trailing comment', 4, false]]);
    assert.equal(m.idioms.envNumber('PORT', '8080'), '${PORT:-8080}');
  });
});

const K8S = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.4.2
          env:
            - name: DB_PASSWORD
              value: "s3cr3t-Pa55"
            - name: STRIPE_KEY
              valueFrom:
                secretKeyRef:
                  name: api-secrets
                  key: stripe-key
            - name: PORT
              value: "8080"
            - name: DATABASE_URL
              value: postgres://app:$(DB_PASSWORD)@db/app
            - name: LITERAL
              value: "$$(NOT_EXPANDED)"
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Secret
metadata:
  name: api-secrets
type: Opaque
data:
  stripe-key: c2tfbGl2ZV9hYmNkZWZnaGlqa2xtbm9w
  binary: //79
stringData:
  db-password: plain-text-password
`;

describe('yaml adapter: kubernetes', () => {
  it('is recognised by apiVersion and kind, not by name', async () => {
    assert.equal(languageFor('deploy/api.yaml', undefined, K8S)?.id, 'kubernetes');
    assert.equal(languageFor('deploy/api.yaml')?.id, undefined, 'without the text it cannot tell');
    assert.equal(languageFor('config/settings.yml', undefined, 'debug: true\nitems: [1, 2]\n'), undefined);
    assert.equal(languageFor('chart/Chart.yaml', undefined, 'apiVersion: v2\nname: api\nversion: 1.0.0\n'), undefined);
    assert.equal(languageFor('.github/workflows/ci.yml', undefined, 'apiVersion: v1\nkind: Pod\n'), undefined);
    assert.equal(languageFor('chart/templates/deploy.yaml', undefined, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n'), undefined, 'Helm templates are not YAML yet');
  });

  it('keys a container env value by the env name; references are not values', async () => {
    const m = await formatModel('k8s/api.yaml', K8S, 'kubernetes');
    assert.equal(m.fileKind, 'deploy');
    assert.equal(m.documents!.length, 2);
    const pw = str(m, 's3cr3t-Pa55');
    assert.equal(pw.context.key, 'DB_PASSWORD');
    assert.deepEqual(pw.context.keyPath, ['spec', 'template', 'spec', 'containers', 'env', 'DB_PASSWORD']);
    assert.ok(!pw.context.nonValue);
    assertLiteral(m, pw, 's3cr3t-Pa55', '"s3cr3t-Pa55"');
    assert.equal(str(m, 'DB_PASSWORD').context.nonValue, true, 'the env name is a name');
    assert.equal(str(m, 'stripe-key').context.nonValue, true, 'secretKeyRef parts are references');
    assert.equal(str(m, 'api-secrets', 0).context.nonValue, true);
    const port = str(m, '8080', 0);
    assert.equal(port.context.key, 'PORT');
    assert.equal(port.scalar, 'string');
    const env = valueAt(m.documents![0], 'spec', 'template', 'spec', 'containers', 0, 'env');
    assert.deepEqual(plain(valueAt(env, 3, 'value')), { kind: 'template', parts: ['postgres://app:', '@db/app'] }, 'Kubernetes expands $(VAR) in env values');
    assert.equal(str(m, '$(NOT_EXPANDED)').context.key, 'LITERAL', '$$( is a literal $(');
    const containerPort = m.strings.find((s) => s.context.key === 'containerPort')!;
    assert.equal(containerPort.scalar, 'number');
  });

  it('lists Secret data decoded (base64) and stringData as written', async () => {
    const m = await formatModel('k8s/api.yaml', K8S);
    const decoded = str(m, 'sk_live_abcdefghijklmnop');
    assert.equal(decoded.encoding, 'base64');
    assert.equal(decoded.context.key, 'stripe-key');
    assert.deepEqual(decoded.context.keyPath, ['data', 'stripe-key']);
    assert.equal(textAt(m, decoded.innerSpan), 'c2tfbGl2ZV9hYmNkZWZnaGlqa2xtbm9w');
    const bin = m.strings.find((s) => s.context.key === 'binary')!;
    assert.equal(bin.value, '//79', 'bytes that are not text stay as written');
    assert.equal(bin.encoding, undefined);
    const plainPw = str(m, 'plain-text-password');
    assert.equal(plainPw.context.key, 'db-password');
    assert.equal(plainPw.encoding, undefined);
  });

  it('treats SealedSecret ciphertext as safe to commit', async () => {
    const text = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA==\n';
    const m = await formatModel('sealed.yaml', text, 'kubernetes');
    assert.equal(str(m, 'AgBy3i4OJSWK+PiTySYZZA==').context.nonValue, true);
  });
});

describe('yaml adapter: spring application.yml', () => {
  const SPRING = `server:
  port: 8080
spring.datasource:
  url: jdbc:postgresql://\${DB_HOST:localhost}:5432/app
  password: \${DB_PASSWORD}
  hikari.maximum-pool-size: 10
logging:
  file:
    name: logs/app.log
management.server.port: \${MGMT_PORT:9090}
---
spring.config.activate.on-profile: prod
server:
  port: 80
`;

  it('splits dotted keys like nested ones, types scalars, and reads placeholders', async () => {
    const m = await formatModel('src/main/resources/application.yml', SPRING, 'spring-yaml');
    assert.equal(m.fileKind, 'app-config');
    assert.equal(m.documents!.length, 2);
    const port = byPath(m, 'server.port');
    assert.equal(port.scalar, 'number');
    assert.equal(port.context.key, 'port');
    assertLiteral(m, port, '8080');
    assert.equal(byPath(m, 'spring.datasource.hikari.maximum-pool-size').scalar, 'number');
    assert.equal(byPath(m, 'logging.file.name').value, 'logs/app.log');
    assert.equal(byPath(m, 'server.port', 1).value, '80');
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'spring.datasource', 'password')), { kind: 'env', name: 'DB_PASSWORD' });
    assert.deepEqual(plain(valueAt(doc, 'management.server.port')), { kind: 'env', name: 'MGMT_PORT', fallback: { kind: 'number', value: 9090 } });
    assert.deepEqual(plain(valueAt(doc, 'spring.datasource', 'url')), { kind: 'template', parts: ['jdbc:postgresql://', ':5432/app'] });
    const fallback = str(m, '9090');
    assert.equal(fallback.context.envFallback, true);
    assert.deepEqual(fallback.context.keyPath, ['management', 'server', 'port']);
    assertLiteral(m, fallback, '9090');
    // app-config files are read by the app: their placeholders are reads of the app
    assert.deepEqual(m.envReads.map((r) => [r.name, textAt(m, r.span)]), [
      ['DB_HOST', '${DB_HOST:localhost}'],
      ['DB_PASSWORD', '${DB_PASSWORD}'],
      ['MGMT_PORT', '${MGMT_PORT:9090}'],
    ]);
    assert.equal(m.idioms.envNumber('PORT', '8080'), '${PORT:8080}');
  });

  it('gives the inner span of quoted and block scalars', async () => {
    const m = await formatModel('application-dev.yaml', 'a:\n  single: \'it\'\'s\'\n  double: "tab\\there"\n  block: |\n    line one\n    line two\n  plain: 😀 then text\n');
    assertLiteral(m, str(m, "it's"), "it''s", "'it''s'");
    assertLiteral(m, str(m, 'tab\there'), 'tab\\there', '"tab\\there"');
    assert.equal(textAt(m, str(m, 'line one\nline two\n').innerSpan), '    line one\n    line two');
    assertLiteral(m, str(m, '😀 then text'), '😀 then text');
  });
});

describe('yaml adapter: rails database.yml', () => {
  const DATABASE = `default: &default
  adapter: postgresql
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>
  host: <%= ENV.fetch('DB_HOST', 'localhost') %>

<% if ENV['CI'] %>
test:
  <<: *default
  database: app_test
<% end %>

production:
  <<: *default
  password: <%= ENV['DATABASE_PASSWORD'] %>
  username: <%= ENV["DB_USER"] || "app" %>
  url: postgres://app:<%= ENV['DB_PASS'] %>@db/app
  other: <%= Rails.application.credentials.db_password %>
  literal: hunter2
`;

  it('reads ERB ENV lookups as env values with fallbacks, and blanks ERB control lines', async () => {
    const m = await formatModel('config/database.yml', DATABASE, 'rails-database');
    assert.equal(m.fileKind, 'app-config');
    assert.equal(m.hasErrors, false);
    const doc = m.documents![0];
    assert.deepEqual(plain(valueAt(doc, 'default', 'pool')), { kind: 'env', name: 'RAILS_MAX_THREADS', fallback: { kind: 'number', value: 5 } });
    assert.deepEqual(plain(valueAt(doc, 'default', 'host')), { kind: 'env', name: 'DB_HOST', fallback: { kind: 'string', value: 'localhost' } });
    assert.deepEqual(plain(valueAt(doc, 'production', 'password')), { kind: 'env', name: 'DATABASE_PASSWORD' });
    assert.deepEqual(plain(valueAt(doc, 'production', 'username')), { kind: 'env', name: 'DB_USER', fallback: { kind: 'string', value: 'app' } });
    assert.deepEqual(plain(valueAt(doc, 'production', 'url')), { kind: 'template', parts: ['postgres://app:', '@db/app'] });
    assert.equal(valueAt(doc, 'production', 'other')?.kind, 'other', 'unknown Ruby stays unknown');
    assert.equal(byPath(m, 'test.database').value, 'app_test');
    assert.equal(byPath(m, 'production.literal').value, 'hunter2');
    const fallback = str(m, 'localhost');
    assert.equal(fallback.context.envFallback, true);
    assertLiteral(m, fallback, 'localhost', "'localhost'");
    assertLiteral(m, str(m, '5'), '5');
    assert.deepEqual(m.envReads.map((r) => r.name), ['RAILS_MAX_THREADS', 'DB_HOST', 'DATABASE_PASSWORD', 'DB_USER', 'DB_PASS']);
    assert.equal(textAt(m, m.envReads[2].span), "<%= ENV['DATABASE_PASSWORD'] %>");
    assert.ok(!m.strings.some((s) => s.value.includes('<%')), 'ERB is not a literal');
  });
});

describe('yaml adapter: bad and large input', () => {
  it('marks broken YAML and keeps what it could read', async () => {
    const text = 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: example\n      - broken\n    image: [unclosed\n';
    const m = await formatModel('docker-compose.yml', text);
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'example').context.key, 'POSTGRES_PASSWORD');
  });

  it('survives odd input: tabs, aliases, CRLF, empty documents, deep flow nesting', async () => {
    for (const text of ['', '---\n---\n', '\tkey: value\n', 'a: &x 1\nb: *x\n', 'a:\r\n  b: "c"\r\n', '['.repeat(5000) + ']'.repeat(5000), 'key: "unterminated\n']) {
      const m = await formatModel('docker-compose.yml', text);
      assert.equal(m.text, text);
    }
    const crlf = await formatModel('application.yml', 'a:\r\n  b: "c"\r\n  d: 1\r\n');
    assertLiteral(crlf, str(crlf, 'c'), 'c', '"c"');
    assert.equal(crlf.lineStarts.length, 4);
  });

  it('reads a large multi-document manifest', async () => {
    const text = repeatLines(900_000, (i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  KEY_${i}: "value-${i}"`);
    const started = Date.now();
    const m = await formatModel('big.yaml', text, 'kubernetes');
    assert.ok(m.documents!.length > 9_000, `${m.documents!.length} documents`);
    assert.equal(m.hasErrors, false);
    console.log(`  yaml: ${(text.length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);
  });
});

describe('yaml adapter: suppression comments through the engine', () => {
  it('honours # twelve-factor-ignore comments', async () => {
    const text = [
      'services:',
      '  db:',
      '    environment:',
      '      POSTGRES_PASSWORD: one',
      '      # twelve-factor-ignore-next-line test-config-key -- local database only',
      '      DB_PASSWORD: two',
      '      API_PASSWORD: three # twelve-factor-ignore-line',
      '',
    ].join('\n');
    assert.deepEqual(await findingLines('docker-compose.yml', text, [keyRule(/PASSWORD$/)]), [4]);
  });
});

describe('yaml adapter: compose placeholder defaults', () => {
  it('gives a `${X:-d}` default the reference without it', async () => {
    const m = await formatModel('docker-compose.yml', 'services:\n  api:\n    environment:\n      JWT_SECRET: ${JWT_SECRET:-d-1}\n', 'compose');
    const d = m.strings.find((s) => s.value === 'd-1')!;
    assert.equal(d.context.envLookup?.required, '${JWT_SECRET}');
    assert.equal(m.text.slice(d.context.envLookup!.expression.start, d.context.envLookup!.expression.end), '${JWT_SECRET:-d-1}');
  });
});
