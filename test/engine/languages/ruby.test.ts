/**
 * The Ruby adapter: the SourceModel it builds from Rails, Sinatra and Rack code, its fix idioms,
 * and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, buildModel, runRules } from '../../../server/src/engine/analyze';
import { languageFor, prepareLanguage } from '../../../server/src/engine/languages';
import type { CallSite, SourceModel, StringLiteral, Value } from '../../../server/src/engine/model';
import { parse, prepareGrammar } from '../../../server/src/engine/parser';
import type { Rule, TextEdit } from '../../../server/src/engine/types';
import { fixedPathFor, languageCorpus, listFixtures, parseAnnotations } from '../../support/annotations';

async function model(text: string, path = 'app.rb'): Promise<SourceModel> {
  const spec = languageFor(path);
  assert.ok(spec, `a language for ${path}`);
  assert.equal(spec.id, 'ruby');
  await prepareLanguage(spec);
  const built = buildModel(spec, text);
  assert.ok(built, 'the parser produced a tree');
  built.tree.delete();
  return built.model;
}

function str(m: SourceModel, value: string, nth = 0): StringLiteral {
  const found = m.strings.filter((s) => s.value === value);
  assert.ok(found[nth], `string ${JSON.stringify(value)} #${nth} in ${JSON.stringify(m.strings.map((s) => s.value))}`);
  return found[nth];
}

function call(m: SourceModel, callee: string, nth = 0): CallSite {
  const found = m.calls.filter((c) => c.callee === callee);
  assert.ok(found[nth], `call ${callee} #${nth} in ${JSON.stringify(m.calls.map((c) => c.callee))}`);
  return found[nth];
}

function kwarg(c: CallSite, key: string): Value {
  const p = c.kwargs?.find((k) => k.key === key);
  assert.ok(p, `keyword argument ${key} of ${c.callee}`);
  return p.value;
}

/** Drops spans so values compare by content. */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === 'span' || k === 'keySpan' || k === 'declaration' || k === 'argsSpan' ? undefined : x)));
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

async function parsesCleanly(text: string): Promise<boolean> {
  await prepareGrammar('ruby');
  const tree = parse('ruby', text);
  assert.ok(tree);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

const PRODUCTION_RB = `require "active_support/core_ext/integer/time"

Rails.application.configure do
  # Settings specified here will take precedence over those in config/application.rb.
  config.cache_classes = true
  config.logger = Logger.new('log/production.log')
  config.cache_store = :memory_store, { size: 64.megabytes }
  config.session_store :cookie_store, key: '_shop_session', expire_after: 2.weeks
  config.action_mailer.smtp_settings = {
    address: "smtp.mailgun.org",
    port: 587,
    user_name: ENV.fetch("SMTP_USER", "postmaster@example.org"),
    password: "mg-s3cr3t-key-0123456789"
  }
  config.log_level = ENV.fetch("RAILS_LOG_LEVEL") { "info" } # quiet by default
end
`;

describe('ruby adapter: Rails configuration', () => {
  it('lists attribute assignments as setter calls with their values', async () => {
    const m = await model(PRODUCTION_RB, 'config/environments/production.rb');
    assert.equal(m.hasErrors, false);
    const logger = call(m, 'config.logger=');
    assert.equal(logger.name, 'logger=');
    assert.equal(logger.topLevel, true, 'a configure block runs at boot');
    const created = logger.args[0];
    assert.equal(created.kind, 'call');
    assert.deepEqual(created.kind === 'call' && [created.call.callee, created.call.name, created.call.isNew], ['Logger', 'Logger', true]);
    assert.deepEqual(plain(call(m, 'config.cache_store=').args[0]), { kind: 'string', value: 'memory_store' }, 'a symbol is a string value');
    const store = call(m, 'config.session_store');
    assert.deepEqual(plain(store.args), [{ kind: 'string', value: 'cookie_store' }]);
    assert.deepEqual(plain(kwarg(store, 'key')), { kind: 'string', value: '_shop_session' });
    assert.equal(m.calls.some((c) => c.callee === 'config.logger'), false, 'the target of an assignment is not a read');
  });

  it('gives string literals their keys, settings and env defaults', async () => {
    const m = await model(PRODUCTION_RB, 'config/environments/production.rb');
    const file = str(m, 'log/production.log');
    assert.deepEqual([file.context.call?.site.callee, file.context.call?.argIndex], ['Logger', 0]);
    const key = str(m, '_shop_session');
    assert.equal(key.context.key, 'key');
    assert.deepEqual([key.context.call?.site.callee, key.context.call?.argIndex], ['config.session_store', -1]);
    const pw = str(m, 'mg-s3cr3t-key-0123456789');
    assert.equal(pw.context.key, 'password');
    assert.deepEqual(pw.context.keyPath, ['password']);
    assert.equal(pw.context.call?.site.callee, 'config.action_mailer.smtp_settings=');
    const user = str(m, 'postmaster@example.org');
    assert.equal(user.context.envFallback, true);
    assert.equal(user.context.key, 'user_name');
    const level = str(m, 'info');
    assert.equal(level.context.envFallback, true, 'the block of ENV.fetch gives the default');
    assert.equal(level.context.key, 'log_level');
    assert.equal(str(m, 'SMTP_USER').context.nonValue, true);
    assert.equal(str(m, 'active_support/core_ext/integer/time').context.nonValue, true);
    assert.deepEqual(m.imports.map((i) => i.module), ['active_support/core_ext/integer/time']);
    assert.deepEqual(m.envReads.map((e) => e.name), ['SMTP_USER', 'RAILS_LOG_LEVEL']);
    const settings = call(m, 'config.action_mailer.smtp_settings=').args[0];
    assert.equal(settings.kind, 'object');
    assert.deepEqual(plain(settings.kind === 'object' && settings.props.find((p) => p.key === 'user_name')?.value), {
      kind: 'env',
      name: 'SMTP_USER',
      fallback: { kind: 'string', value: 'postmaster@example.org' },
    });
  });

  it('reads comments with their position', async () => {
    const m = await model(PRODUCTION_RB);
    assert.deepEqual(m.comments.map((c) => [c.text, c.line, c.ownLine]), [
      ['Settings specified here will take precedence over those in config/application.rb.', 3, true],
      ['quiet by default', 14, false],
    ]);
  });
});

describe('ruby adapter: controllers, Sinatra, Rack', () => {
  it('knows controller actions and the shared state they change', async () => {
    const m = await model(`class CartsController < ApplicationController
  CARTS = Hash.new { |hash, key| hash[key] = [] }
  LIMITS = { free: 3 }.freeze
  @@views = {}

  before_action :authenticate

  def create
    CARTS[session[:user_id]] << params[:item]
    @@views[params[:id]] ||= 0
    redis = Redis.new(url: ENV["REDIS_URL"] || "redis://localhost:6379/0")
    render json: { ok: true }
  end

  private

  def authenticate
    head :unauthorized unless request.headers["X-Token"] == "letmein"
  end
end
`, 'app/controllers/carts_controller.rb');
    const carts = m.collections.find((c) => c.name === 'CARTS');
    assert.ok(carts);
    assert.equal(carts.kind, 'map');
    assert.deepEqual(carts.mutations.map((x) => [x.keyText, x.inHandler]), [['session[:user_id]', true]]);
    assert.deepEqual(m.collections.find((c) => c.name === '@@views')?.mutations.map((x) => [x.keyText, x.inHandler]), [['params[:id]', true]]);
    assert.equal(m.collections.some((c) => c.name === 'LIMITS'), false, 'a frozen hash is not state');
    const redis = call(m, 'Redis');
    assert.equal(redis.isNew, true);
    assert.equal(redis.inHandler, true);
    assert.equal(redis.assignedTo, 'redis');
    assert.equal(redis.functionName, 'create');
    assert.deepEqual(plain(kwarg(redis, 'url')), { kind: 'env', name: 'REDIS_URL', fallback: { kind: 'string', value: 'redis://localhost:6379/0' } });
    const fallback = str(m, 'redis://localhost:6379/0');
    assert.equal(fallback.context.envFallback, true);
    assert.equal(fallback.context.key, 'url');
    assert.equal(str(m, 'letmein').context.comparison, true);
    assert.equal(str(m, 'X-Token').context.nonValue, true);
    assert.equal(call(m, 'head').inHandler, true, 'private callbacks of a controller run per request');
  });

  it('knows Sinatra routes, settings and constants', async () => {
    const m = await model(`require 'sinatra'
require 'pg'

PORT = 4567
set :port, PORT
set :session_secret, "super-secret-session-key-0123456789"
enable :sessions

DB = PG.connect(host: "db.internal", password: "pg-pa55w0rd", dbname: "shop")
LOGGER = Logger.new('log/app.log')
VISITS = Hash.new(0)

get '/hello/:name' do
  VISITS[params[:name]] += 1
  LOGGER.info("hello #{params[:name]}")
  "Hello #{params[:name]}!"
end

configure :development do
  VISITS.clear
end
`);
    assert.deepEqual(m.imports.map((i) => i.module), ['sinatra', 'pg']);
    assert.deepEqual(plain(call(m, 'set').args), [{ kind: 'string', value: 'port' }, { kind: 'identifier', name: 'PORT', resolved: { kind: 'number', value: 4567 } }]);
    assert.equal(str(m, 'super-secret-session-key-0123456789').context.key, 'session_secret');
    const pg = call(m, 'PG.connect');
    assert.equal(pg.assignedTo, 'DB');
    assert.equal(pg.topLevel, true);
    assert.deepEqual(plain(kwarg(pg, 'password')), { kind: 'string', value: 'pg-pa55w0rd' });
    const pw = str(m, 'pg-pa55w0rd');
    assert.deepEqual([pw.context.key, pw.context.call?.site.callee, pw.context.call?.argIndex], ['password', 'PG.connect', -1]);
    assert.equal(call(m, 'Logger').topLevel, true);
    assert.equal(call(m, 'LOGGER.info').inHandler, true, 'a route block handles requests');
    assert.equal(m.strings.some((s) => s.value.startsWith('hello')), false, 'interpolated strings are templates, not literals');
    assert.deepEqual(plain(call(m, 'LOGGER.info').args), [{ kind: 'template', parts: ['hello '] }]);
    const visits = m.collections.find((c) => c.name === 'VISITS');
    assert.deepEqual(visits?.mutations.map((x) => [x.keyText, x.inHandler]), [['params[:name]', true]], 'the configure block runs at boot, not per request');
  });

  it('knows Rack apps', async () => {
    const m = await model(`require_relative "config/environment"
STATS = {}
app = ->(env) { STATS[env["PATH_INFO"]] = Time.now; [200, {}, ["ok"]] }
class Health
  def call(env)
    STATS[:health] = true
    [200, {}, ["up"]]
  end
end
run app
`, 'config.ru');
    assert.deepEqual(m.collections.find((c) => c.name === 'STATS')?.mutations.map((x) => [x.keyText, x.inHandler]), [['env["PATH_INFO"]', true], [':health', true]]);
    assert.equal(str(m, 'PATH_INFO').context.nonValue, true);
  });
});

describe('ruby adapter: values and scopes', () => {
  it('turns every lookup style into an env value with its default', async () => {
    const m = await model(`a = ENV["DATABASE_URL"]
b = ENV.fetch("REDIS_URL")
c = ENV.fetch("PORT", 3000).to_i
d = ENV.fetch("QUEUE") { "default" }
e = ENV["REGION"] || "eu-west-1"
f = Integer(ENV.fetch("WORKERS", "2"))
g = ENV.fetch("CACHE", nil)
h = ENV["HOST"].presence || "0.0.0.0"
use(a, b, c, d, e, f, g, h)
`);
    assert.deepEqual(plain(call(m, 'use').args.map((v) => (v.kind === 'identifier' ? v.resolved : v))), [
      { kind: 'env', name: 'DATABASE_URL' },
      { kind: 'env', name: 'REDIS_URL' },
      { kind: 'env', name: 'PORT', fallback: { kind: 'number', value: 3000 } },
      { kind: 'env', name: 'QUEUE', fallback: { kind: 'string', value: 'default' } },
      { kind: 'env', name: 'REGION', fallback: { kind: 'string', value: 'eu-west-1' } },
      { kind: 'env', name: 'WORKERS', fallback: { kind: 'string', value: '2' } },
      { kind: 'env', name: 'CACHE' },
      { kind: 'env', name: 'HOST', fallback: { kind: 'string', value: '0.0.0.0' } },
    ]);
    for (const v of ['default', 'eu-west-1', '2', '0.0.0.0']) assert.equal(str(m, v).context.envFallback, true, v);
    assert.deepEqual(m.envReads.map((e) => e.name), ['DATABASE_URL', 'REDIS_URL', 'PORT', 'QUEUE', 'REGION', 'WORKERS', 'CACHE', 'HOST']);
  });

  it('resolves constants and single assignments, not reassigned locals', async () => {
    const m = await model(`module Shop
  DEFAULT_PORT = 9292
end
port = 8080
mode = "dev"
mode = "prod"
host = "0.0.0.0"
serve(Shop::DEFAULT_PORT, port, mode, host)
`);
    assert.deepEqual(plain(call(m, 'serve').args), [
      { kind: 'identifier', name: 'Shop::DEFAULT_PORT', resolved: { kind: 'number', value: 9292 } },
      { kind: 'identifier', name: 'port', resolved: { kind: 'number', value: 8080 } },
      { kind: 'identifier', name: 'mode' },
      { kind: 'identifier', name: 'host', resolved: { kind: 'string', value: '0.0.0.0' } },
    ]);
  });

  it('unescapes each kind of string and reads heredocs', async () => {
    const m = await model(`A = 'it\\'s \\n raw'
B = "tab\\t caf\\u00e9"
C = %q(single 'quoted')
D = %w[alpha beta]
KEY = <<~PEM
  -----BEGIN PRIVATE KEY-----
  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
  -----END PRIVATE KEY-----
PEM
E = :"sym bol"
`);
    assert.equal(str(m, "it's \\n raw").context.key, 'A');
    assert.equal(str(m, 'tab\t café').context.key, 'B');
    assert.equal(str(m, "single 'quoted'").context.key, 'C');
    assert.equal(str(m, 'alpha').context.key, 'D');
    const pem = str(m, '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n');
    assert.equal(pem.context.key, 'KEY');
    assert.equal(pem.context.topLevel, true);
    assert.equal(m.text.slice(pem.span.start, pem.span.end), '<<~PEM\n  -----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n  -----END PRIVATE KEY-----\nPEM');
    assert.equal(m.strings.some((s) => s.value === 'sym bol'), false, 'symbols are not string literals');
  });

  it('stays linear and bounded on pathologically deep code, and keeps its facts', async () => {
    const chain = 'b' + Array.from({ length: 2500 }, (_, i) => `\n    .m${i}("a${i}")`).join('');
    const concat = Array.from({ length: 2500 }, (_, i) => `"p${i}"`).join(' +\n  ');
    const fallbacks = Array.from({ length: 100 }, (_, i) => `ENV["E${i}"]`).join(' ||\n  ');
    const text = `SESSIONS = {}
SQL = ${concat}
HOST = ${fallbacks} || "localhost"
HOSTS = ${Array.from({ length: 3000 }, (_, i) => `ENV["F${i}"]`).join(' || ')} || "0.0.0.0"
post "/login" do
  SESSIONS[params[:user]] = "in"
  ${chain}
end
`;
    const started = Date.now();
    const m = await model(text);
    assert.ok(Date.now() - started < 20_000, 'built in bounded time');
    assert.equal(m.hasErrors, false);
    assert.equal(m.calls.filter((c) => /^m\d+$/.test(c.name)).length, 2500);
    assert.deepEqual(m.collections.find((c) => c.name === 'SESSIONS')?.mutations.map((x) => [x.keyText, x.inHandler]), [['params[:user]', true]]);
    assert.equal(str(m, 'p2499').context.inExpression, true);
    assert.equal(str(m, 'a0').context.call?.site.name, 'm0');
    assert.equal(str(m, 'localhost').context.envFallback, true);
  });

  it('measures spans in UTF-16 code units, as the editor does', async () => {
    const text = `# naïve café ☕\nGREETING = "héllo 😀 wörld"\nTOKEN = 'tok_😀_x'\n`;
    const m = await model(text);
    const g = str(m, 'héllo 😀 wörld');
    assert.equal(text.slice(g.span.start, g.span.end), '"héllo 😀 wörld"');
    assert.equal(text.slice(g.innerSpan.start, g.innerSpan.end), 'héllo 😀 wörld');
    const t = str(m, 'tok_😀_x');
    assert.equal(text.slice(t.innerSpan.start, t.innerSpan.end), 'tok_😀_x');
    assert.equal(m.comments[0].text, 'naïve café ☕');
  });

  it('builds a model from broken code without throwing', async () => {
    const m = await model(`class Broken
  PASSWORD = "hunter2hunter2"
  def f(
    Redis.new(url: "redis://cache:6379"
end end end
`);
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'hunter2hunter2').context.key, 'PASSWORD');
  });
});

describe('ruby adapter: idioms', () => {
  it('writes lookups that parse where they are inserted', async () => {
    const m = await model('x = 1\n');
    const { idioms } = m;
    assert.equal(idioms.envString('STRIPE_KEY'), 'ENV.fetch("STRIPE_KEY")');
    assert.equal(idioms.envNumber('PORT', '4567'), 'Integer(ENV.fetch("PORT", 4567))');
    assert.equal(idioms.envStringOr?.('PORT', '4567'), 'ENV.fetch("PORT", "4567")');
    assert.equal(idioms.envAddress?.('PORT', 'tcp://0.0.0.0', '3000'), '"tcp://0.0.0.0:#{ENV.fetch("PORT", "3000")}"');
    assert.deepEqual(idioms.envImportEdits(), []);
    assert.equal(idioms.lineComment, '#');
    const sample = `set :port, 4567
Stripe.api_key = "sk_live_x"
bind "tcp://0.0.0.0:3000"
config.hosts << "example.org"
`;
    const edited = sample
      .replace('4567', idioms.envNumber('PORT', '4567'))
      .replace('"sk_live_x"', idioms.envString('STRIPE_API_KEY'))
      .replace('"tcp://0.0.0.0:3000"', idioms.envAddress!('PORT', 'tcp://0.0.0.0', '3000'))
      .replace('"example.org"', idioms.envStringOr!('HOST', '"example.org"'));
    assert.notEqual(edited, sample);
    assert.ok(await parsesCleanly(edited), edited);
  });
});

describe('ruby adapter: through the engine', () => {
  it('reports a fixed Sinatra port, fixes it, and honours the suppression comment', async () => {
    const text = `require 'sinatra/base'

class App < Sinatra::Base
  get '/' do
    'ok'
  end
end

Sinatra::Application.set :port, 4567
# twelve-factor-ignore-next-line no-fixed-port -- local admin app, never deployed
Sinatra::Application.set :port, 9999
`;
    const r = await analyze({ path: 'app.rb', text });
    const hits = r.findings.filter((f) => f.ruleId === 'no-fixed-port');
    assert.deepEqual(hits.map((f) => f.range.start.line), [8]);
    const fixed = applyEdits(text, hits[0].fixes[0].edits);
    assert.ok(fixed.includes('Sinatra::Application.set :port, Integer(ENV.fetch("PORT", 4567))'), fixed);
    assert.ok(await parsesCleanly(fixed));
  });

  it('honours suppressions for any rule reading the model', async () => {
    const text = `API_KEY = "sk_live_0123456789abcdef" # twelve-factor-ignore-line test-rule
TOKEN = "tok_0123456789abcdef"
# twelve-factor-ignore-next-line test-rule -- rotated weekly
PASSWORD = "hunter2hunter2"
=begin
twelve-factor-ignore-next-line test-rule
=end
SECRET = "s3cr3t-s3cr3t"
`;
    const m = await model(text);
    const rule: Rule = {
      meta: { id: 'test-rule', factor: 3, description: 'Reports every top-level string bound to a name.', defaultSeverity: 'warning', fixable: false },
      create(ctx) {
        for (const s of ctx.model.strings) if (s.context.topLevel && s.context.key) ctx.report({ span: s.span, message: s.context.key });
      },
    };
    const findings = runRules(m, 'config/initializers/keys.rb', {}, [rule]);
    assert.deepEqual(findings.map((f) => f.message), ['TOKEN']);
  });
});

describe('ruby adapter: pending fixture corpus', () => {
  const root = path.join(__dirname, '..', '..', 'fixtures', 'pending', 'ruby');
  const files = listFixtures(root);
  const RULES = ['no-hardcoded-secret', 'no-hardcoded-backing-service', 'no-fixed-port', 'no-file-logging', 'no-in-memory-session'];

  it('annotates every rule with findings and tricky negatives', () => {
    for (const rule of RULES) {
      const inFolder = languageCorpus(path.join(__dirname, '..', '..', 'fixtures'), 'ruby', rule);
      const all = inFolder.flatMap((f) => parseAnnotations(f.text));
      // a pending folder annotates its own rule only; once moved under rules/, rules.test asserts every rule's annotations
      if (fs.existsSync(path.join(root, rule))) assert.ok(all.every((m) => m.rule === rule), `${rule}/ annotates only ${rule}`);
      const marks = all.filter((m) => m.rule === rule);
      assert.ok(marks.filter((m) => m.mark === 'ruleid').length >= 15, `${rule}: ruleid annotations`);
      assert.ok(marks.filter((m) => m.mark === 'ok').length >= 15, `${rule}: ok annotations`);
      for (const f of inFolder) {
        const lines = f.text.split(/\r?\n/);
        for (const m of parseAnnotations(f.text)) assert.ok(lines[m.line]?.trim(), `${f.enginePath}:${m.line + 1} is code`);
      }
    }
  });

  for (const f of files) {
    it(`${f.enginePath} is valid code${fs.existsSync(fixedPathFor(f.file)) ? ', and so is its fix output' : ''}`, async () => {
      const m = await model(f.text, f.file);
      assert.equal(m.hasErrors, false);
      const fixed = fixedPathFor(f.file);
      if (fs.existsSync(fixed)) assert.ok(await parsesCleanly(fs.readFileSync(fixed, 'utf8')), `${path.basename(fixed)} parses`);
    });
  }
});

describe('ruby adapter: what no-in-memory-session reads', () => {
  it('follows `self.class.x[k] = v` to the class-level instance variable', async () => {
    const m = await model(`class Api < Sinatra::Base
  @carts = {}

  class << self
    attr_reader :carts
  end

  post "/api/cart/:user" do
    self.class.carts[params[:user]] = params[:items]
    Api.carts[:last] = params[:user]
  end
end
`);
    assert.deepEqual(m.collections.find((c) => c.name === '@carts')?.mutations.map((x) => [x.keyText, x.inHandler]), [
      ['params[:user]', true],
      [':last', true],
    ]);
  });
});

describe('ruby adapter: environment lookups with a default', () => {
  const text = (m: SourceModel, span: { start: number; end: number }) => m.text.slice(span.start, span.end);
  it('ENV.fetch with a default argument or a block: the call without it is required', async () => {
    const m = await model(`A = ENV.fetch("JWT_SECRET", "d-1")\nB = ENV.fetch("API_KEY") { "d-2" }\n`);
    assert.equal(str(m, 'd-1').context.envLookup?.required, 'ENV.fetch("JWT_SECRET")');
    assert.equal(text(m, str(m, 'd-1').context.envLookup!.expression), 'ENV.fetch("JWT_SECRET", "d-1")');
    assert.equal(str(m, 'd-2').context.envLookup?.required, 'ENV.fetch("API_KEY")');
  });
  it('ENV["X"] || "d": the lookup is the left operand', async () => {
    const m = await model(`A = ENV["SENDGRID_API_KEY"] || "d-3"\n`);
    const s = str(m, 'd-3');
    assert.equal(s.context.envLookup?.name, 'SENDGRID_API_KEY');
    assert.equal(text(m, s.context.envLookup!.span), 'ENV["SENDGRID_API_KEY"]');
    assert.equal(s.context.envLookup?.required, undefined);
  });
});

describe('ruby adapter: choices by environment name', () => {
  it('marks ternaries, if/elsif/else and case/when on Rails.env or RACK_ENV', async () => {
    const m = await model(`URL = Rails.env.production? ? "redis://prod.internal:6379" : "redis://localhost:6379"
if ENV["RACK_ENV"] == "production"
  HOST = "db.prod.internal"
elsif Rails.env.staging?
  HOST = "db.staging.internal"
else
  HOST = "localhost"
end
SEARCH = case Rails.env
         when "production" then "http://es.prod.internal:9200"
         else "http://localhost:9200"
         end
OTHER = ENV["REDIS_URL"] ? "redis://a.internal" : "redis://b.internal"
`);
    for (const v of ['redis://prod.internal:6379', 'redis://localhost:6379', 'db.prod.internal', 'db.staging.internal', 'localhost', 'http://es.prod.internal:9200', 'http://localhost:9200']) {
      assert.equal(str(m, v).context.envBranch, true, v);
    }
    for (const v of ['redis://a.internal', 'redis://b.internal']) assert.equal(str(m, v).context.envBranch, undefined, v);
  });
});
