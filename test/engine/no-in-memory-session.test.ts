/**
 * no-in-memory-session: the Redis store fix in each file style, the library defaults the rule relies
 * on, and the quiet cases that must stay quiet.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, fixedPathFor, listFixtures } from '../support/annotations';
import { assertParses, findingsOf, fixOnce } from '../support/rule-fixes';

const ID = 'no-in-memory-session';
const CLIENT = `const redisClient = createClient({ url: process.env.REDIS_URL });\nredisClient.connect().catch(console.error);\n\n`;

describe('no-in-memory-session: Store sessions in Redis', () => {
  const cases: { name: string; code: string; path?: string; output: string }[] = [
    {
      name: 'ES modules, inline options on one line',
      code: `import express from 'express';\nimport session from 'express-session';\nconst app = express();\napp.use(session({ secret: process.env.S!, resave: false }));\n`,
      output: `import express from 'express';\nimport session from 'express-session';\nimport { createClient } from 'redis';\nimport { RedisStore } from 'connect-redis';\nconst app = express();\n${CLIENT}app.use(session({ store: new RedisStore({ client: redisClient }), secret: process.env.S!, resave: false }));\n`,
    },
    {
      name: 'CommonJS without semicolons, double quotes',
      code: `const session = require("express-session")\nmodule.exports = (app) => {\n  app.use(session({\n    secret: process.env.S,\n  }))\n}\n`,
      path: 'src/app.js',
      output: `const session = require("express-session")\nconst { createClient } = require("redis")\nconst { RedisStore } = require("connect-redis")\nmodule.exports = (app) => {\n  const redisClient = createClient({ url: process.env.REDIS_URL })\n  redisClient.connect().catch(console.error)\n\n  app.use(session({\n    store: new RedisStore({ client: redisClient }),\n    secret: process.env.S,\n  }))\n}\n`,
    },
    {
      name: 'no options at all',
      code: `import session from 'express-session';\napp.use(session());\n`,
      output: `import session from 'express-session';\nimport { createClient } from 'redis';\nimport { RedisStore } from 'connect-redis';\n${CLIENT}app.use(session({ store: new RedisStore({ client: redisClient }) }));\n`,
    },
    {
      name: 'an empty options object',
      code: `import session from 'express-session';\napp.use(session({}));\n`,
      output: `import session from 'express-session';\nimport { createClient } from 'redis';\nimport { RedisStore } from 'connect-redis';\n${CLIENT}app.use(session({ store: new RedisStore({ client: redisClient }) }));\n`,
    },
    {
      name: 'reuses the Redis client the module already has, and its createClient import',
      code: `import { createClient } from 'redis';\nimport session from 'express-session';\nconst cache = createClient({ url: process.env.REDIS_URL });\napp.use(session({ secret: 's' }));\n`,
      output: `import { createClient } from 'redis';\nimport session from 'express-session';\nimport { RedisStore } from 'connect-redis';\nconst cache = createClient({ url: process.env.REDIS_URL });\napp.use(session({ store: new RedisStore({ client: cache }), secret: 's' }));\n`,
    },
    {
      name: 'avoids names the file already uses for something else',
      code: `import { createClient } from '@supabase/supabase-js';\nimport { RedisStore } from 'rate-limit-redis';\nimport session from 'express-session';\nconst supabase = createClient(url, key);\napp.use(session({ secret: 's' }));\n`,
      output: `import { createClient } from '@supabase/supabase-js';\nimport { RedisStore } from 'rate-limit-redis';\nimport session from 'express-session';\nimport { createClient as createRedisClient } from 'redis';\nimport { RedisStore as RedisSessionStore } from 'connect-redis';\nconst supabase = createClient(url, key);\nconst redisClient = createRedisClient({ url: process.env.REDIS_URL });\nredisClient.connect().catch(console.error);\n\napp.use(session({ store: new RedisSessionStore({ client: redisClient }), secret: 's' }));\n`,
    },
    {
      name: 'options in a constant: the store goes into the object, the client before it',
      code: `const session = require('express-session');\n\nconst opts = {\n  secret: process.env.S,\n};\napp.use(session(opts));\n`,
      path: 'src/app.js',
      output: `const session = require('express-session');\nconst { createClient } = require('redis');\nconst { RedisStore } = require('connect-redis');\n\n${CLIENT}const opts = {\n  store: new RedisStore({ client: redisClient }),\n  secret: process.env.S,\n};\napp.use(session(opts));\n`,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { fix, output } = await fixOnce(ID, c.code, c.path ?? 'src/app.ts');
      assert.equal(output, c.output);
      assert.equal(fix.preferred, false);
      assert.deepEqual(fix.envVars, ['REDIS_URL']);
      assert.equal(fix.title, 'Store sessions in Redis (REDIS_URL)');
    });
  }

  it('never prints the session secret', async () => {
    const [f] = await findingsOf(ID, `import session from 'express-session';\napp.use(session({ secret: 'kX9vQ2pL7mN4rT8w' }));\n`);
    assert.ok(!f.message.includes('kX9vQ2pL7mN4rT8w'));
    assert.match(f.message, /\[Factor VI \(Processes\)\]$/);
  });
});

describe('no-in-memory-session: library defaults', () => {
  const reported: [string, string][] = [
    ['express-session without store', `import session from 'express-session';\napp.use(session({ secret: 's' }));\n`],
    ['@fastify/session without store', `import fastifySession from '@fastify/session';\napp.register(fastifySession, { secret: 's'.repeat(32) });\n`],
    ['fastify-session through require', `app.register(require('fastify-session'), { secret: 's'.repeat(32) });\n`],
    ['koa-generic-session without store', `import session from 'koa-generic-session';\napp.use(session());\n`],
    ['express-session MemoryStore by name', `import session, { MemoryStore } from 'express-session';\nconst store = new MemoryStore();\n`],
  ];
  for (const [name, code] of reported) {
    it(`reports ${name}`, async () => assert.equal((await findingsOf(ID, code)).length, 1));
  }
  const quiet: [string, string][] = [
    ['koa-session (cookie store by default)', `import session from 'koa-session';\napp.use(session({ key: 'k' }, app));\n`],
    ['cookie-session', `import cookieSession from 'cookie-session';\napp.use(cookieSession({ keys: [k] }));\n`],
    ['@fastify/secure-session', `import s from '@fastify/secure-session';\napp.register(s, { key });\n`],
    ['a store from a variable', `import session from 'express-session';\napp.use(session({ store, secret: 's' }));\n`],
    ['options the rule cannot see', `import session from 'express-session';\napp.use(session(loadOptions()));\n`],
    ['spread options that may hold a store', `import session from 'express-session';\napp.use(session({ ...base, secret: 's' }));\n`],
    ['a function called session from elsewhere', `import { session } from './auth';\napp.use(session({ secret: 's' }));\n`],
  ];
  for (const [name, code] of quiet) {
    it(`stays quiet for ${name}`, async () => assert.deepEqual(await findingsOf(ID, code), []));
  }
});

describe('no-in-memory-session: state and uploads', () => {
  it('stays quiet for a collection filled at start-up only', async () => {
    const code = `const users = new Map();\nfor (const u of seed) users.set(u.id, u);\nexport function load(rows) { for (const r of rows) users.set(r.id, r); }\n`;
    assert.deepEqual(await findingsOf(ID, code, 'src/x.js'), []);
  });

  it('stays quiet for per-request data keyed by the request object itself', async () => {
    const code = `const startedAt = new WeakMap();\napp.use((req, res, next) => { startedAt.set(req, Date.now()); next(); });\n`;
    assert.deepEqual(await findingsOf(ID, code, 'src/x.js'), []);
  });

  it('reports per-IP counters changed with ++ in a handler', async () => {
    const code = `const hits = {};\napp.use((req, res, next) => { hits[req.ip]++; next(); });\n`;
    const found = await findingsOf(ID, code, 'src/x.js');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 0);
    assert.match(found[0].message, /`hits`.*\(line 2\)/);
  });

  it('stays quiet for multer disk storage that nothing reads back', async () => {
    const code = `const multer = require('multer');\nconst upload = multer({ dest: 'uploads/' });\napp.post('/f', upload.single('f'), (req, res) => res.json(req.file));\n`;
    assert.deepEqual(await findingsOf(ID, code, 'src/x.js'), []);
  });

  it('reports multer disk storage served statically, on the multer call', async () => {
    const code = `const multer = require('multer');\nconst express = require('express');\nconst upload = multer({ dest: 'public/uploads' });\napp.use(express.static('public'));\n`;
    const found = await findingsOf(ID, code, 'src/x.js');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
    assert.match(found[0].message, /object storage/);
  });
});

describe('no-in-memory-session fixed fixtures', () => {
  const root = path.join(__dirname, '..', 'fixtures', 'rules', ID);
  for (const f of listFixtures(root)) {
    const fixed = fixedPathFor(f.file);
    if (!fs.existsSync(fixed)) continue;
    it(`${path.basename(fixed)} parses and leaves only the findings without a fix`, async () => {
      const text = fs.readFileSync(fixed, 'utf8');
      await assertParses(text, f.file);
      const before = await findingsOf(ID, f.text, f.enginePath);
      const after = await findingsOf(ID, text, f.enginePath);
      assert.equal(after.length, before.filter((x) => x.fixes.length === 0).length, after.map((x) => x.message).join('\n'));
      for (const x of before) for (const fix of x.fixes) await assertParses(applyEdits(f.text, fix.edits), f.file);
    });
  }
});
