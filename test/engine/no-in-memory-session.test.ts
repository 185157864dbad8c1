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

describe('no-in-memory-session: fixes in the other languages', () => {
  const cases: { name: string; path: string; code: string; output: string; title: string; envVars?: string[] }[] = [
    {
      name: 'Django file engine → database engine, quotes kept',
      path: 'shop/settings.py',
      code: `SESSION_ENGINE = 'django.contrib.sessions.backends.file'\n`,
      output: `SESSION_ENGINE = 'django.contrib.sessions.backends.db'\n`,
      title: 'Keep sessions in the database (backends.db)',
    },
    {
      name: 'Rails memory cache under cache-store sessions → Redis cache store',
      path: 'config/environments/production.rb',
      code: `Rails.application.configure do\n  config.cache_store = :memory_store\n  config.session_store :cache_store\nend\n`,
      output: `Rails.application.configure do\n  config.cache_store = :redis_cache_store, { url: ENV.fetch("REDIS_URL") }\n  config.session_store :cache_store\nend\n`,
      title: 'Keep the cache (and sessions) in Redis (REDIS_URL)',
      envVars: ['REDIS_URL'],
    },
    {
      name: 'ASP.NET memory cache under sessions → Redis, adding `using System;` to a file without implicit usings',
      path: 'Startup.cs',
      code: `using Microsoft.Extensions.DependencyInjection;\n\nnamespace Shop\n{\n    public class Startup\n    {\n        public void ConfigureServices(IServiceCollection services)\n        {\n            services.AddDistributedMemoryCache(o => o.SizeLimit = 1024);\n            services.AddSession();\n        }\n    }\n}\n`,
      output: `using System;\nusing Microsoft.Extensions.DependencyInjection;\n\nnamespace Shop\n{\n    public class Startup\n    {\n        public void ConfigureServices(IServiceCollection services)\n        {\n            services.AddStackExchangeRedisCache(options => options.Configuration = Environment.GetEnvironmentVariable("REDIS_CONNECTION"));\n            services.AddSession();\n        }\n    }\n}\n`,
      title: 'Keep sessions in Redis (REDIS_CONNECTION)',
      envVars: ['REDIS_CONNECTION'],
    },
    {
      name: 'Laravel file driver → SESSION_DRIVER with Redis by default',
      path: 'config/session.php',
      code: `<?php\n\nreturn [\n    'driver' => "file",\n];\n`,
      output: `<?php\n\nreturn [\n    'driver' => env('SESSION_DRIVER', 'redis'),\n];\n`,
      title: 'Read the driver from SESSION_DRIVER, Redis by default',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { fix, output } = await fixOnce(ID, c.code, c.path);
      assert.equal(output, c.output);
      assert.equal(fix.title, c.title);
      assert.equal(fix.preferred, false);
      assert.deepEqual(fix.envVars, c.envVars);
      assert.deepEqual(await findingsOf(ID, output, c.path), [], 'the fixed code is quiet');
    });
  }
});

describe('no-in-memory-session: the other languages, case by case', () => {
  const reported: [string, string, string, RegExp][] = [
    ['a Python dict a Flask view fills per user', 'app.py', `from flask import Flask, request\napp = Flask(__name__)\nvisits = {}\n\n@app.get("/")\ndef index():\n    visits[request.remote_addr] = visits.get(request.remote_addr, 0) + 1\n    return ""\n`, /^Module-level dict `visits` holds per-user state that request handlers change \(line 7\)/],
    ['Flask-Session on the filesystem through config.update', 'app.py', `app.config.update(SESSION_TYPE="filesystem")\n`, /Flask-Session keeps sessions in files/],
    ['a Go map changed by a helper the handler calls', 'main.go', `package main\n\nimport "net/http"\n\nvar carts = map[string][]string{}\n\nfunc add(user, sku string) { carts[user] = append(carts[user], sku) }\n\nfunc handle(w http.ResponseWriter, r *http.Request) { add(r.FormValue("u"), r.FormValue("s")) }\n`, /^Package-level map `carts` holds per-user state that is changed while requests are served \(line 7\)/],
    ['gorilla FilesystemStore under an alias', 'main.go', `package main\n\nimport gs "github.com/gorilla/sessions"\n\nvar store = gs.NewFilesystemStore("", nil)\n`, /FilesystemStore keeps sessions in files/],
    ['request.getSession().setAttribute', 'src/main/java/A.java', `class A extends HttpServlet {\n  protected void doPost(HttpServletRequest req, HttpServletResponse res) {\n    req.getSession().setAttribute("cart", req.getParameter("sku"));\n  }\n}\n`, /HttpSession/],
    ['Rack::Session::Pool under Rails middleware', 'config/application.rb', `config.middleware.use Rack::Session::Pool\n`, /Rack::Session::Pool keeps sessions in a hash/],
    ['web.config without a mode', 'Web.config', `<configuration><system.web><sessionState timeout="20" /></system.web></configuration>\n`, /left at its default, InProc/],
    ['a local save path set with ini_set', 'index.php', `<?php\nini_set('session.save_path', '/tmp/sessions');\n`, /saved in a folder on this instance's disk \("\/tmp\/sessions"\)/],
  ];
  for (const [name, path, code, msg] of reported) {
    it(`reports ${name}`, async () => {
      const found = await findingsOf(ID, code, path);
      assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
      assert.match(found[0].message, msg);
      assert.match(found[0].message, /\[Factor VI \(Processes\)\]$/);
    });
  }
  const quiet: [string, string, string][] = [
    ['Flask-Session on Redis', 'app.py', `app.config["SESSION_TYPE"] = "redis"\n`],
    ['a TTLCache a view fills', 'app.py', `from cachetools import TTLCache\nfrom flask import Flask\napp = Flask(__name__)\nrates = TTLCache(maxsize=10, ttl=60)\n\n@app.get("/r/<c>")\ndef rate(c):\n    rates[c] = 1.0\n    return ""\n`],
    ['a `pending…Requests` de-duplication map', 'main.go', `package main\n\nimport "net/http"\n\nvar pendingRequests = map[string]chan struct{}{}\n\nfunc h(w http.ResponseWriter, r *http.Request) { pendingRequests[r.URL.Path] = make(chan struct{}) }\n`],
    ['a Go map filled only in init', 'main.go', `package main\n\nvar users = map[string]string{}\n\nfunc init() { users["admin"] = "root" }\n`],
    ['HttpSession with Spring Session on Redis', 'src/main/java/A.java', `import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;\n@EnableRedisHttpSession\nclass A extends HttpServlet {\n  protected void doPost(HttpServletRequest req, HttpServletResponse res) {\n    req.getSession().setAttribute("cart", req.getParameter("sku"));\n  }\n}\n`],
    ['request attributes (one request long)', 'src/main/java/A.java', `class A extends HttpServlet {\n  protected void doPost(HttpServletRequest req, HttpServletResponse res) {\n    req.setAttribute("user", req.getParameter("u"));\n  }\n}\n`],
    ['AddDistributedMemoryCache without sessions', 'Program.cs', `var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddDistributedMemoryCache();\n`],
    ['Rails cache-store sessions when the cache store is set elsewhere', 'config/initializers/session_store.rb', `Rails.application.config.session_store :cache_store\n`],
    ['a Laravel driver outside a session config file', 'config/queue.php', `<?php\nreturn ['driver' => 'file'];\n`],
    ['a remote StateServer', 'Web.config', `<configuration><system.web><sessionState mode="StateServer" stateConnectionString="tcpip=state:42424" /></system.web></configuration>\n`],
  ];
  for (const [name, path, code] of quiet) {
    it(`stays quiet for ${name}`, async () => assert.deepEqual((await findingsOf(ID, code, path)).map((f) => f.message), []));
  }
});
