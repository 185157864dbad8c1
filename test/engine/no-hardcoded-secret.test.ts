/**
 * no-hardcoded-secret: the shared secret modules (placeholders, provider formats, entropy, names, value
 * shapes), the fixes one by one, masking in every message, and bad input.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { isDeployPlaceholder, isPlaceholder } from '../../server/src/engine/secrets/placeholder';
import { findProviderKey } from '../../server/src/engine/secrets/providers';
import { looksRandom, shannonEntropy } from '../../server/src/engine/secrets/entropy';
import { secretNameKind, splitWords } from '../../server/src/engine/secrets/names';
import { valueShape } from '../../server/src/engine/secrets/shapes';
import * as fs from 'node:fs';
import { findingsFor, fixedPathFor, listFixtures } from '../support/annotations';
import { applyFix, assertParses, findingsOf, fixOnce } from '../support/rule-fixes';

const ID = 'no-hardcoded-secret';

describe('secrets: placeholders', () => {
  for (const v of ['', '   ', 'changeme', 'change-me', '<your-api-key>', '${DB_PASSWORD}', '{{ secret }}', 'xxx', 'XXXXXXXX', '***', '********', 'your_api_key_here', 'YOUR_API_KEY', 'example', 'dummy', 'test', 'test-secret', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'AKIAIOSFODNN7EXAMPLE', 'replace-me', 'n/a', '%API_KEY%', '$DB_PASSWORD']) {
    it(`"${v}" is a placeholder`, () => assert.equal(isPlaceholder(v), true));
  }
  for (const v of ['dev-secret', 'keyboard cat', 'secret', 'root', 'Pa$$w0rd2023', 'sk_live_xpuip2aFXe6j6IMPCJZWrpbr', 'orders_pw_2019', 'hunter2']) {
    it(`"${v}" is not a placeholder`, () => assert.equal(isPlaceholder(v), false));
  }
});

describe('secrets: placeholders in deploy files', () => {
  // there a committed value is what the service runs with: only references, masks and instructions are placeholders
  for (const v of ['', 'changeme', '<your-api-key>', '${DB_PASSWORD}', '$(SESSION_SECRET)', '****', 'your_token_here', 'replace-me']) {
    it(`"${v}" is a placeholder in a deploy file`, () => assert.equal(isDeployPlaceholder(v), true));
  }
  for (const v of ['example', 'secret', 'test', 'dummy', 'postgres', 's3cr3t']) {
    it(`"${v}" is a real value in a deploy file`, () => assert.equal(isDeployPlaceholder(v), false));
  }
});

describe('secrets: provider formats', () => {
  const cases: [string, string][] = [
    ['AKIA6RA0A6NL695X26YO', 'aws-access-key-id'],
    ['ghp_gZRTovB4ggWVnGTstodsJRbXv7HGJDcMDGKR', 'github-token'],
    ['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', 'github-token'],
    ['glpat-84dGfMHdewYMhrjcdPeZ', 'gitlab-token'],
    ['sk_live_xpuip2aFXe6j6IMPCJZWrpbr', 'stripe-secret-key'],
    ['rk_live_8e8mIK2oaYgTHH3m6mTO3hbA', 'stripe-restricted-key'],
    ['whsec_75PCKKq3UVtsBcZxRAyDeDd2pLybVPgk', 'stripe-webhook-secret'],
    ['xoxb-373769358651-2191072988081-3EiseqeKRkDR7ql15pSsE1WU', 'slack-bot-token'],
    ['https://hooks.slack.com/services/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', 'slack-webhook'],
    ['AIzacS5Iq6wDPLUs5QfGvgpHeP73Vko4lPQdVqB', 'google-api-key'],
    ['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', 'google-client-secret'],
    ['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', 'sendgrid-api-key'],
    ['SK3418de2a23d51312aec2bae1875e375d', 'twilio-api-key'],
    ['sk-proj-hFCMC8agLVnItCf8EgD3adnfdmAu_GhGqltdHAKEK-pFBgBr', 'openai-api-key'],
    ['npm_3SN31U68i4JU6kAOeaSVRV6NWERp4Q7KsoUs', 'npm-token'],
    ['-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg3N8pR2kL0jH7xN9pQ2rS5tU8vW1xY4zA6bC9dE2foAoGCCqGSM49\n-----END EC PRIVATE KEY-----', 'private-key'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
  ];
  for (const [value, id] of cases) {
    it(`${id}: ${value.slice(0, 24)}…`, () => assert.equal(findProviderKey(value)?.provider.id, id));
  }
  for (const v of ['pk_live_51Hx2fQK8vYtL3mN0pR7sT9uW1xZ4aB6cD8eF0gH2iJ4kL6mN8oP', 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '-----BEGIN PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----', 'AKIAIOSFODNN7EXAMPLE', '9d8402af00945245dac76e922cd4931f91e5817a']) {
    it(`no provider key in ${v.slice(0, 30)}`, () => assert.equal(findProviderKey(v), undefined));
  }
  it('a huge value with many key headers and no end is checked in linear time', () => {
    const value = '-----BEGIN RSA PRIVATE KEY-----'.repeat(600) + 'A'.repeat(1000);
    const t = Date.now();
    assert.equal(findProviderKey(value), undefined);
    assert.ok(Date.now() - t < 500, 'fast');
  });
});

describe('secrets: entropy', () => {
  it('measures bits per character', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
  });
  it('tells generated values from words', () => {
    assert.equal(looksRandom('L3E0nf2asnFD0KJSj9qITgr1'), true);
    assert.equal(looksRandom('this-is-my-cache-key'), false);
    assert.equal(looksRandom('short1A'), false);
    assert.equal(looksRandom('with spaces in it 123 ABC'), false);
  });
});

describe('secrets: names', () => {
  it('splits identifiers, headers and constants into words', () => {
    assert.deepEqual(splitWords('googleMapsApiKey'), ['google', 'maps', 'api', 'key']);
    assert.deepEqual(splitWords('x-api-key'), ['x', 'api', 'key']);
    assert.deepEqual(splitWords('DB_PASS'), ['db', 'pass']);
    assert.deepEqual(splitWords('apikey'), ['api', 'key']);
  });
  const secret = ['password', 'dbPassword', 'DB_PASS', 'apiKey', 'x-api-key', 'clientSecret', 'SESSION_SECRET', 'accessToken', 'PRIVATE-TOKEN', 'privateKey', 'secretAccessKey', 'accessKeyId', 'jwtSecretHex', 'secretOrKey', 'stripeKey', 'passphrase'];
  const notSecret = ['passwordHash', 'hashedPassword', 'tokenType', 'secretName', 'cacheKey', 'TOKEN_STORAGE_KEY', 'publishableKey', 'PUBLIC_KEY', 'sslKeyPath', 'passwordMinLength', 'tokenUrl', 'API_KEY_HEADER', 'nextPageToken', 'cancelToken', 'primaryKey', 'username', undefined];
  for (const n of secret) it(`${n} holds a secret`, () => assert.equal(secretNameKind(n), 'secret'));
  for (const n of notSecret) it(`${n} does not`, () => assert.equal(secretNameKind(n), undefined));
  it('key, auth and credentials alone are ambiguous; Authorization is a header', () => {
    assert.equal(secretNameKind('key'), 'ambiguous');
    assert.equal(secretNameKind('auth'), 'ambiguous');
    assert.equal(secretNameKind('Authorization'), 'authorization');
  });
});

describe('secrets: value shapes', () => {
  const cases: [string, string | undefined][] = [
    ['9d8402af00945245dac76e922cd4931f91e5817a', 'hex-digest'],
    ['123e4567-e89b-12d3-a456-426614174000', 'uuid'],
    ['sha512-Kq4xzn1h1Hy7bHNtJ6a0BfgK6YQoR0Hj8QnL7p2S1YpCw8xFZQx3kQ0m9h1sJq8vVYf6kq9pS2m8nZ1dQ3aW4A==', 'integrity'],
    ['$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', 'password-hash'],
    ['https://docs.example.com/keys', 'url'],
    ['./certs/client-key.pem', 'path'],
    ['/run/secrets/db_password', 'path'],
    ['DB_PASSWORD', 'env-name'],
    ['ops@example.com', 'email'],
    ['{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', 'password-hash'],
    ['required|min:12|confirmed', 'validation-rules'],
    ['nullable|string|max:255', 'validation-rules'],
    ['k3yb0ard-c4t', undefined],
    ['hunter|two', undefined],
    ['https://user:pw@host/x', undefined],
  ];
  for (const [v, shape] of cases) it(`${v.slice(0, 30)} → ${shape}`, () => assert.equal(valueShape(v), shape));
});

describe('no-hardcoded-secret: fixes', () => {
  it('extracts a TypeScript literal with a non-null assertion and names the variable from the key', async () => {
    const { fix, output } = await fixOnce(ID, `const config = { stripeKey: 'sk_live_xpuip2aFXe6j6IMPCJZWrpbr' };\n`, 'src/config.ts');
    assert.equal(output, `const config = { stripeKey: process.env.STRIPE_KEY! };\n`);
    assert.deepEqual(fix.envVars, ['STRIPE_KEY']);
    assert.equal(fix.preferred, undefined);
  });
  it('names the variable after the API: session({ secret }) → SESSION_SECRET', async () => {
    const { output } = await fixOnce(ID, `app.use(session({ store, secret: 'keyboard cat' }));\n`, 'src/app.js');
    assert.equal(output, `app.use(session({ store, secret: process.env.SESSION_SECRET }));\n`);
  });
  it('follows a constant to jwt.sign and keeps the developer name', async () => {
    const { finding, output } = await fixOnce(ID, `const signingKey = 'q8Jz2mN5vR1xL4';\nexport const sign = (p) => jwt.sign(p, signingKey);\n`, 'src/auth.js');
    assert.equal(finding.range.start.line, 0);
    assert.match(output, /^const signingKey = process\.env\.SIGNING_KEY;/);
  });
  it('jwt.verify with a literal → JWT_SECRET; createHmac → HMAC_SECRET', async () => {
    assert.equal((await fixOnce(ID, `jwt.verify(t, 'secret');\n`, 'src/a.js')).output, `jwt.verify(t, process.env.JWT_SECRET);\n`);
    assert.equal((await fixOnce(ID, `crypto.createHmac('sha256', 'whk-123456');\n`, 'src/a.js')).output, `crypto.createHmac('sha256', process.env.HMAC_SECRET);\n`);
  });
  it('removes a fallback instead of extracting it, and keeps TypeScript types', async () => {
    const { fix, output, finding } = await fixOnce(ID, `export const secret: string = process.env.JWT_SECRET || 'dev-secret';\n`, 'src/a.ts');
    assert.equal(output, `export const secret: string = process.env.JWT_SECRET!;\n`);
    assert.match(finding.message, /fallback/);
    assert.equal(fix.envVars, undefined);
  });
  it('removes a destructured fallback', async () => {
    const { output } = await fixOnce(ID, `const { API_SECRET = 'p4rtn3r-s3cr3t', PORT } = process.env;\n`, 'src/a.js');
    assert.equal(output, `const { API_SECRET, PORT } = process.env;\n`);
  });
  it('keeps the Bearer scheme and moves only the token', async () => {
    const { output } = await fixOnce(ID, `fetch(u, { headers: { Authorization: "Bearer cron_8Hn2kQ7vX4pL9sD3" } });\n`, 'src/a.ts');
    assert.equal(output, `fetch(u, { headers: { Authorization: "Bearer " + process.env.API_TOKEN! } });\n`);
  });
  it('offers no extraction for process.env.X = "…" (reading it back would be circular)', async () => {
    const found = await findingsOf(ID, `process.env.GITHUB_TOKEN = 'ghp_gZRTovB4ggWVnGTstodsJRbXv7HGJDcMDGKR';\n`, 'src/a.js');
    assert.equal(found.length, 1);
    assert.equal(found[0].fixes.length, 0);
  });
  it('stays quiet on a placeholder fallback and on empty values', async () => {
    assert.equal((await findingsOf(ID, `const s = process.env.JWT_SECRET || 'changeme';\nconst p = { password: '' };\n`, 'src/a.js')).length, 0);
  });
  it('leaves a backing-service URL with a password to no-hardcoded-backing-service', async () => {
    const r = await analyze({ path: 'src/db.js', text: `const db = new Pool({ connectionString: 'postgres://app:S3cr3t-pw@db.prod.internal/app' });\n` });
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['no-hardcoded-backing-service']);
    assert.ok(!r.findings[0].message.includes('S3cr3t-pw'));
  });
});

describe('no-hardcoded-secret: masking', () => {
  it('no message of any fixture shows a reported secret whole', async () => {
    const root = path.join(__dirname, '..', 'fixtures', 'rules');
    let checked = 0;
    for (const dir of ['no-hardcoded-secret', 'no-hardcoded-backing-service']) {
      for (const f of listFixtures(path.join(root, dir))) {
        for (const finding of await findingsFor(f)) {
          if (!finding.ruleId.startsWith('no-hardcoded')) continue;
          const literal = f.text.slice(finding.span.start, finding.span.end).replace(/^['"`]|['"`]$/g, '');
          // the password of a URL (`//user:pw@`), a DSN (`user:pw@tcp(`), a connection string (`Password=pw`), a token
          const passwords = literal.match(/(?<=\/\/[^:/@\s]*:)[^@/\s]+(?=@)|(?<=^[^:/@\s]+:)[^@/\s]+(?=@tcp\()|(?<=Password=)[^;"']+|(?<=Bearer )\S+/gi) ?? [];
          // a locator is shown with its password masked; a secret is never shown whole
          const secrets = finding.ruleId === 'no-hardcoded-secret' ? [literal, ...passwords] : passwords;
          for (const s of secrets) {
            assert.ok(s.length < 8 || !finding.message.includes(s), `${f.enginePath}: message shows ${s}: ${finding.message}`);
          }
          checked++;
        }
      }
    }
    assert.ok(checked > 80, `checked ${checked} findings`);
  });
});

describe('no-hardcoded-secret: bad input', () => {
  it('a huge literal, broken syntax and odd characters give findings or nothing, never a crash or a hang', async () => {
    const huge = Array.from({ length: 3000 }, (_, i) => `export const apiKey${i} = 'k${i}_${'aZ9x'.repeat(40)}';`).join('\n') + `\nconst pem = \`${'-----BEGIN PRIVATE KEY-----\n'.repeat(2000)}\`;\n`;
    const broken = `const config = { password: 'Tr0ub4dor&3', \n  apiKey: 'sk_live_xpuip2aFXe6j6IMPCJZWrpbr' \nfunction (( {\n`;
    const odd = `const secret = '\u{1F511}\u0000\uFFFE\u202Eabc\u{10FFFF}';\nconst pw = { password: 'p\\u00e4ss\\x77\\u{1F600}rd' };\n`;
    const t = Date.now();
    for (const text of [huge, broken, odd]) {
      const r = await analyze({ path: 'src/a.ts', text });
      assert.ok(Array.isArray(r.findings));
    }
    const b = await analyze({ path: 'src/a.ts', text: broken });
    assert.ok(b.findings.some((f) => f.ruleId === ID && f.message.includes('sk_l…')), 'findings around the syntax error');
    const h = await analyze({ path: 'src/a.ts', text: huge });
    assert.equal(h.skipped, undefined);
    assert.equal(h.findings.filter((f) => f.ruleId === ID).length, 3000);
    assert.ok(Date.now() - t < 5000, 'fast');
  });
});

describe('no-hardcoded-secret: fixtures are valid code', () => {
  for (const f of listFixtures(path.join(__dirname, '..', 'fixtures', 'rules', 'no-hardcoded-secret'))) {
    const fixed = fixedPathFor(f.file);
    it(`${f.enginePath}${fs.existsSync(fixed) ? ' and its fix output' : ''}`, async () => {
      await assertParses(f.text, f.file);
      if (fs.existsSync(fixed)) await assertParses(fs.readFileSync(fixed, 'utf8'), fixed);
    });
  }
});

describe('no-hardcoded-secret: names in other languages', () => {
  it('knows Rails secret_key_base and salts', () => {
    assert.equal(secretNameKind('secret_key_base'), 'secret');
    assert.equal(secretNameKind('SECURITY_PASSWORD_SALT'), 'secret');
    assert.equal(secretNameKind('SALT'), 'secret');
    assert.equal(secretNameKind('pepper'), 'secret');
    assert.equal(secretNameKind('GPG_KEY'), undefined, 'a GPG key in a Dockerfile is a fingerprint');
    assert.equal(secretNameKind('salt_rounds'), undefined);
  });
});

describe('no-hardcoded-secret: fixes in other languages', () => {
  it('Python: os.environ["NAME"], adding import os; a fallback becomes a required lookup', async () => {
    assert.equal((await fixOnce(ID, `import jwt\n\ndef t(uid):\n    return jwt.encode({"sub": uid}, "jwt-s1gning-k3y-prod-7f3a9c")\n`, 'app/auth.py')).output, `import os\nimport jwt\n\ndef t(uid):\n    return jwt.encode({"sub": uid}, os.environ["JWT_SECRET"])\n`);
    const { output, finding } = await fixOnce(ID, `from os import getenv\n\nSECRET_KEY = getenv("SECRET_KEY", "9c1f7e3b5a2d8f6c4e0a7b9d1f3c5e8a")\n`, 'app/settings.py');
    assert.equal(output, `import os\nfrom os import getenv\n\nSECRET_KEY = os.environ["SECRET_KEY"]\n`);
    assert.match(finding.message, /fallback/);
    assert.equal((await fixOnce(ID, `from decouple import config\nDB_PASSWORD = config("DB_PASSWORD", default="Pg-Pr0d-P4ss!", cast=str)\n`, 'app/settings.py')).output, `from decouple import config\nDB_PASSWORD = config("DB_PASSWORD", cast=str)\n`);
  });
  it('Python: a plain-word default is a development stand-in', async () => {
    assert.equal((await findingsOf(ID, `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev")\nT = os.getenv("T_TOKEN", "changeme")\n`, 'app/settings.py')).length, 0);
  });
  it('Java: builders and setters named after a secret, @Value defaults', async () => {
    const code = `class C {\n  DataSource ds() {\n    return DataSourceBuilder.create().username("app").password("0rd3rs-db-pa55").build();\n  }\n}\n`;
    assert.equal((await fixOnce(ID, code, 'src/C.java')).output, code.replace('"0rd3rs-db-pa55"', 'System.getenv("DB_PASSWORD")'));
    const value = `class C {\n  @Value("\${jwt.secret:x9Kp2mQ7vL4nR8sT1wZ5yB3c}")\n  private String jwtSecret;\n}\n`;
    assert.equal((await fixOnce(ID, value, 'src/C.java')).output, value.replace(':x9Kp2mQ7vL4nR8sT1wZ5yB3c', ''));
    assert.equal((await findingsOf(ID, `class C {\n  void f(User u) {\n    u.setPassword(encoder.encode(raw));\n    u.setPassword("");\n  }\n}\n`, 'src/C.java')).length, 0);
  });
  it('Ruby: ENV.fetch("X") { "…" } loses its block', async () => {
    assert.equal((await fixOnce(ID, `JWT_SECRET = ENV.fetch("JWT_SECRET") { "9f8e7d6c5b4a39281706f5e4d3c2b1a0" }\n`, 'config/initializers/jwt.rb')).output, `JWT_SECRET = ENV.fetch("JWT_SECRET")\n`);
  });
  it("PHP: a Laravel default goes, the env() call stays; a credential inside a string keeps PHP's concatenation", async () => {
    assert.equal((await fixOnce(ID, `<?php\nreturn ['mailgun' => ['secret' => env('MAILGUN_SECRET', 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0')]];\n`, 'config/services.php')).output, `<?php\nreturn ['mailgun' => ['secret' => env('MAILGUN_SECRET')]];\n`);
    const { output } = await fixOnce(ID, `<?php\n$headers = ['Authorization' => 'Bearer ghp_4rT9xQ2mW7nB5vK8pL3sJ6hD1fG0aZ9cX2yE'];\n`, 'src/client.php');
    assert.equal(output, `<?php\n$headers = ['Authorization' => 'Bearer ' . getenv('GITHUB_TOKEN')];\n`);
  });
  it('C#: a configuration fallback is removed, a signing key through Encoding.UTF8.GetBytes is extracted', async () => {
    assert.equal((await fixOnce(ID, `var key = builder.Configuration["Jwt:Key"] ?? "sup3r-s3cret-jwt-signing-key-2024-shop";\n`, 'Program.cs')).output, `var key = builder.Configuration["Jwt:Key"];\n`);
    const { output } = await fixOnce(ID, `var k = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("an0ther-hardc0ded-signing-key"));\n`, 'Program.cs');
    assert.equal(output, `var k = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("JWT_SECRET")));\n`);
  });
  it('Go: a Passwd field of mysql.Config is named for the database', async () => {
    const { fix } = await fixOnce(ID, `package db\n\nimport "github.com/go-sql-driver/mysql"\n\nvar cfg = mysql.Config{User: "orders", Passwd: "0rd3rs-My5ql-2024"}\n`, 'db/db.go');
    assert.deepEqual(fix.envVars, ['DB_PASSWORD']);
  });
});

describe('no-hardcoded-secret: deploy and app-config files', () => {
  const secretFindings = async (path: string, text: string, gitIgnored?: boolean) =>
    (await analyze({ path, text }, gitIgnored === undefined ? {} : { gitIgnored })).findings.filter((f) => f.ruleId === ID);

  it('reports a .env file only when the host says git does not ignore it', async () => {
    const env = `NODE_ENV=production\nSESSION_SECRET=a8f5f167f44f4964e6c998dee827110c\nSMTP_PASSWORD=\n`;
    const committed = await secretFindings('.env', env, false);
    assert.deepEqual(committed.map((f) => f.range.start.line), [1]);
    assert.match(committed[0].message, /git does not ignore this \.env file/);
    assert.ok(!committed[0].message.includes('a8f5f167f44f4964e6c998dee827110c'));
    assert.equal((await secretFindings('.env', env)).length, 0, 'unknown: quiet');
    assert.equal((await secretFindings('.env', env, true)).length, 0, 'ignored: quiet');
    assert.equal((await secretFindings('.env.example', env, false)).length, 0, 'a template: quiet');
  });
  it('compose: a literal becomes ${NAME}, a default is removed; placeholder words are real passwords there', async () => {
    const text = `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: example\n      - "X=1"\n`;
    const compose = `services:\n  api:\n    environment:\n      - "MAILER_PASSWORD=W0rk3r-Ma1l-Pa55"\n      - JWT_SECRET=\${JWT_SECRET:-d3v-jwt-s3cret-2024}\n      - API_KEY=changeme\n`;
    const found = await secretFindings('docker-compose.yml', compose);
    assert.equal(found.length, 2);
    assert.equal(applyFix(compose, found[0].fixes[0]), compose.replace('W0rk3r-Ma1l-Pa55', '${MAILER_PASSWORD}'));
    assert.equal(applyFix(compose, found[1].fixes[0]), compose.replace(':-d3v-jwt-s3cret-2024', ''));
    assert.equal((await secretFindings('docker-compose.yml', text.replace('      - "X=1"\n', ''))).length, 1);
  });
  it('Spring: ${NAME} named after the key path; Rails database.yml: ERB; appsettings.json: an empty value and the variable that overrides it', async () => {
    const props = `spring.datasource.password=Pr0dPassw0rd!\nspring.mail.password=\${MAIL_PASSWORD}\n`;
    const [p] = await secretFindings('src/main/resources/application.properties', props);
    assert.match(p.message, /in spring\.datasource\.password/);
    assert.equal(applyFix(props, p.fixes[0]), props.replace('Pr0dPassw0rd!', '${SPRING_DATASOURCE_PASSWORD}'));
    const db = `production:\n  adapter: postgresql\n  password: Pr0d-Passw0rd-2024\n`;
    const [d] = await secretFindings('config/database.yml', db);
    assert.equal(applyFix(db, d.fixes[0]), db.replace('Pr0d-Passw0rd-2024', "<%= ENV.fetch('DATABASE_PASSWORD') %>"));
    const json = `{\n  "Jwt": { "Key": "b7e1c4a9f2d8e5b3c6a0f9d2e7b4c1a8" }\n}\n`;
    const [j] = await secretFindings('Api/appsettings.json', json);
    assert.match(j.message, /in Jwt:Key/);
    assert.deepEqual(j.fixes[0].envVars, ['Jwt__Key']);
    assert.equal(applyFix(json, j.fixes[0]), json.replace('b7e1c4a9f2d8e5b3c6a0f9d2e7b4c1a8', ''));
  });
  it('Dockerfile and Kubernetes: guidance without an edit, and the value masked', async () => {
    const docker = await secretFindings('Dockerfile', `FROM node:20\nARG NPM_TOKEN=Fh3kQ9xZ2mW8vL5pR7tY1uE4iO6aS0dG3jKq\nENV JWT_SECRET=c9f1e7a2b4d84f6e9a3b5c7d1e0f2a4b\nENV PORT=8080\nENV API_KEY=\${API_KEY}\n`);
    assert.deepEqual(docker.map((f) => f.range.start.line), [1, 2]);
    assert.match(docker[0].message, /BuildKit secret/);
    assert.match(docker[1].message, /docker run -e/);
    assert.ok(docker.every((f) => f.fixes.length === 0 && !f.message.includes('c9f1e7a2b4d84f6e9a3b5c7d1e0f2a4b')));
    const k8s = await secretFindings('k8s/secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  db-password: UHIwZFBhc3N3MHJkIQ==\n`);
    assert.equal(k8s.length, 1);
    assert.match(k8s[0].message, /base64 in `data` is an encoding, not encryption/);
    assert.ok(!k8s[0].message.includes('Pr0dPassw0rd!'));
  });
});
