/**
 * The C# adapter: the SourceModel it builds from ASP.NET Core code (minimal APIs, controllers,
 * Razor Pages, middleware), its fix idioms, and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel, runRules } from '../../../server/src/engine/analyze';
import { languageFor, prepareLanguage } from '../../../server/src/engine/languages';
import type { CallSite, SourceModel, StringLiteral, Value } from '../../../server/src/engine/model';
import { parse, prepareGrammar } from '../../../server/src/engine/parser';
import { replaceFix } from '../../../server/src/engine/rules/util';
import type { Rule, TextEdit } from '../../../server/src/engine/types';
import { fixedPathFor, languageCorpus, listFixtures, parseAnnotations } from '../../support/annotations';

async function model(text: string, path = 'Program.cs'): Promise<SourceModel> {
  const spec = languageFor(path);
  assert.ok(spec, `a language for ${path}`);
  assert.equal(spec.id, 'csharp');
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
  assert.ok(p, `named argument ${key} of ${c.callee}`);
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
  await prepareGrammar('c-sharp');
  const tree = parse('c-sharp', text);
  assert.ok(tree);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

const PROGRAM_CS = `using System.Collections.Concurrent;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Kestrel listens on a fixed address
builder.WebHost.UseUrls("http://*:5000");
builder.WebHost.ConfigureKestrel(options => options.ListenAnyIP(5001));
builder.Services.AddDistributedMemoryCache();
builder.Services.AddSession(options =>
{
    options.Cookie.Name = ".Shop.Session";
    options.IdleTimeout = TimeSpan.FromMinutes(20);
});
builder.Services.AddStackExchangeRedisCache(options => options.Configuration = builder.Configuration["Redis:Configuration"] ?? "localhost:6379");

Log.Logger = new LoggerConfiguration()
    .WriteTo.Console()
    .WriteTo.File("logs/app.txt", rollingInterval: RollingInterval.Day)
    .CreateLogger();

var connectionString = builder.Configuration.GetConnectionString("Shop") ?? "Server=db.internal;Database=shop;User Id=sa;Password=Pa55w0rd!";
var apiKey = Environment.GetEnvironmentVariable("PAYMENT_API_KEY");
var port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "8080");

var app = builder.Build();
app.UseSession();

app.MapPost("/cart/{id}", (string id, CartItem item, HttpContext ctx) =>
{
    Carts.Items[id] = item;
    ctx.Session.SetString("lastItem", item.Sku);
    return Results.Ok(new { Id = id, Count = 1 });
});

app.Run("http://0.0.0.0:5000");

static class Carts
{
    public static readonly ConcurrentDictionary<string, CartItem> Items = new();
}
`;

describe('csharp adapter: minimal API Program.cs', () => {
  it('reads top-level statements: calls, named arguments, lambdas', async () => {
    const m = await model(PROGRAM_CS);
    assert.equal(m.language, 'csharp');
    assert.equal(m.hasErrors, false);
    const urls = call(m, 'builder.WebHost.UseUrls');
    assert.equal(urls.topLevel, true);
    assert.deepEqual(plain(urls.args), [{ kind: 'string', value: 'http://*:5000' }]);
    const listen = call(m, 'options.ListenAnyIP');
    assert.deepEqual(plain(listen.args), [{ kind: 'number', value: 5001 }]);
    assert.equal(listen.topLevel, false);
    assert.equal(listen.inHandler, false, 'Kestrel options are not a request handler');
    assert.equal(call(m, 'builder.Services.AddDistributedMemoryCache').topLevel, true);
    const file = m.calls.find((c) => c.name === 'File');
    assert.ok(file);
    assert.equal(file.receiver, 'new LoggerConfiguration().WriteTo.Console().WriteTo');
    assert.deepEqual(plain(kwarg(file, 'rollingInterval')), { kind: 'other', text: 'RollingInterval.Day' });
    assert.equal(call(m, 'LoggerConfiguration').isNew, true);
    assert.equal(m.calls.find((c) => c.name === 'CreateLogger')?.assignedTo, 'Logger');
    const run = call(m, 'app.Run');
    assert.deepEqual(plain(run.args), [{ kind: 'string', value: 'http://0.0.0.0:5000' }]);
  });

  it('gives strings their names and reads configuration lookups as environment reads', async () => {
    const m = await model(PROGRAM_CS);
    assert.equal(str(m, '.Shop.Session').context.key, 'Name');
    const redis = str(m, 'localhost:6379');
    assert.equal(redis.context.envFallback, true);
    assert.equal(redis.context.key, 'Configuration');
    const cs = str(m, 'Server=db.internal;Database=shop;User Id=sa;Password=Pa55w0rd!');
    assert.equal(cs.context.envFallback, true);
    assert.equal(cs.context.key, 'connectionString');
    assert.equal(cs.context.topLevel, true);
    assert.equal(str(m, 'Redis:Configuration').context.nonValue, true);
    assert.equal(str(m, 'PAYMENT_API_KEY').context.nonValue, true);
    assert.equal(str(m, 'lastItem').context.nonValue, true, 'a session key');
    const file = str(m, 'logs/app.txt');
    assert.deepEqual([file.context.call?.site.name, file.context.call?.argIndex], ['File', 0]);
    assert.deepEqual(m.envReads.map((e) => e.name), ['Redis__Configuration', 'ConnectionStrings__Shop', 'PAYMENT_API_KEY', 'PORT']);
    const parsed = call(m, 'int.Parse');
    assert.equal(parsed.assignedTo, 'port');
    assert.deepEqual(plain(parsed.args[0]), { kind: 'env', name: 'PORT', fallback: { kind: 'string', value: '8080' } });
  });

  it('knows minimal API handlers and the static state they change', async () => {
    const m = await model(PROGRAM_CS);
    assert.equal(call(m, 'ctx.Session.SetString').inHandler, true);
    const items = m.collections.find((c) => c.name === 'Items');
    assert.ok(items);
    assert.equal(items.kind, 'map');
    assert.deepEqual(items.mutations.map((x) => [x.keyText, x.inHandler]), [['id', true]]);
    const ok = call(m, 'Results.Ok');
    assert.deepEqual(plain(ok.args[0]), { kind: 'object', props: [{ key: 'Id', value: { kind: 'identifier', name: 'id' } }, { key: 'Count', value: { kind: 'number', value: 1 } }] });
    assert.deepEqual(m.imports.map((i) => i.module), ['System.Collections.Concurrent', 'Serilog']);
    assert.deepEqual(m.comments.map((c) => [c.text, c.line, c.ownLine]), [['Kestrel listens on a fixed address', 5, true]]);
  });
});

describe('csharp adapter: controllers, Razor Pages, middleware', () => {
  it('knows controller actions and what they read', async () => {
    const m = await model(`using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;

namespace Shop.Controllers;

[ApiController]
[Route("api/[controller]")]
public class OrdersController : ControllerBase
{
    private const string DefaultRegion = "eu-west-1";
    private static readonly ConcurrentDictionary<string, int> Views = new();
    private static readonly Dictionary<string, string> Sessions = new Dictionary<string, string>();
    private readonly IConfiguration _configuration;
    private readonly ILogger<OrdersController> _logger;

    public OrdersController(IConfiguration configuration, ILogger<OrdersController> logger)
    {
        _configuration = configuration;
        _logger = logger;
    }

    [HttpGet("{id}")]
    public IActionResult Get(string id)
    {
        Views.AddOrUpdate(id, 1, (_, n) => n + 1);
        Sessions[id] = HttpContext.Session.Id;
        _logger.LogInformation("Order {Id} viewed", id);
        using var conn = new SqlConnection("Server=db.internal;Database=orders;User Id=app;Password=Or4ers!2024");
        var timeout = _configuration.GetValue<int>("Orders:TimeoutSeconds", 30);
        var region = _configuration["Orders:Region"] ?? DefaultRegion;
        if (id == "health") return Ok();
        return Ok(new { id, region, timeout });
    }

    private static string Describe(int n) => $"{n} orders";
}
`, 'Controllers/OrdersController.cs');
    assert.deepEqual(m.collections.map((c) => [c.name, c.kind, c.mutations.map((x) => [x.keyText, x.inHandler])]), [
      ['Views', 'map', [['id', true]]],
      ['Sessions', 'map', [['id', true]]],
    ]);
    const sql = str(m, 'Server=db.internal;Database=orders;User Id=app;Password=Or4ers!2024');
    assert.deepEqual([sql.context.call?.site.callee, sql.context.call?.argIndex, sql.context.call?.site.inHandler], ['SqlConnection', 0, true]);
    const ok = m.calls.filter((c) => c.callee === 'Ok').pop();
    assert.ok(ok);
    assert.deepEqual(plain(ok.args[0]), {
      kind: 'object',
      props: [
        { key: 'id', value: { kind: 'identifier', name: 'id' } },
        { key: 'region', value: { kind: 'identifier', name: 'region', resolved: { kind: 'env', name: 'Orders__Region', fallback: { kind: 'identifier', name: 'DefaultRegion', resolved: { kind: 'string', value: 'eu-west-1' } } } } },
        { key: 'timeout', value: { kind: 'identifier', name: 'timeout', resolved: { kind: 'env', name: 'Orders__TimeoutSeconds', fallback: { kind: 'number', value: 30 } } } },
      ],
    });
    assert.equal(str(m, 'health').context.comparison, true);
    assert.equal(str(m, 'Order {Id} viewed').context.nonValue, true);
    assert.equal(str(m, 'api/[controller]').context.nonValue, true);
    assert.equal(str(m, '{id}').context.nonValue, true);
    assert.equal(str(m, 'eu-west-1').context.key, 'DefaultRegion');
    assert.equal(str(m, 'eu-west-1').context.topLevel, true);
    assert.equal(m.strings.some((s) => s.value.includes('orders') && s.value.includes('{')), false, 'interpolated strings are templates');
  });

  it('knows Razor Pages handlers, middleware and the rest', async () => {
    const m = await model(`public class IndexModel : PageModel
{
    private static readonly List<string> Visitors = new List<string>();
    public void OnGet() { Visitors.Add(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"); }
    public void Helper() { Visitors.Clear(); }
}

public class TenantMiddleware
{
    private static readonly HashSet<string> Tenants = new();
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        Tenants.Add(context.Request.Host.Host);
        await next(context);
    }
}

public static class Warmup
{
    private static readonly Queue<string> Jobs = new();
    public static void Run() { Jobs.Enqueue("warm"); }
}
`, 'Pages/Index.cshtml.cs');
    const byName = Object.fromEntries(m.collections.map((c) => [c.name, c.mutations.map((x) => x.inHandler)]));
    assert.deepEqual(byName, { Visitors: [true, false], Tenants: [true], Jobs: [false] });
    assert.equal(m.collections.find((c) => c.name === 'Tenants')?.kind, 'set');
  });
});

describe('csharp adapter: values and scopes', () => {
  it('reads object initializers, collection initializers and anonymous objects', async () => {
    const m = await model(`var csb = new SqlConnectionStringBuilder { DataSource = "db.internal", Password = "Sq1-s3cr3t", Encrypt = true };
var redis = new ConfigurationOptions { EndPoints = { "cache.internal:6379" }, Password = "r3d1s-pw" };
var headers = new Dictionary<string, string> { ["X-Api-Key"] = "k-0123456789", { "X-Tenant", "shop" } };
var hosts = new List<string> { "a.internal", "b.internal" };
use(csb, headers, hosts);
`);
    const pw = str(m, 'Sq1-s3cr3t');
    assert.deepEqual([pw.context.key, pw.context.objectType, pw.context.keyPath], ['Password', 'SqlConnectionStringBuilder', ['Password']]);
    assert.deepEqual([str(m, 'r3d1s-pw').context.key, str(m, 'r3d1s-pw').context.objectType], ['Password', 'ConfigurationOptions']);
    assert.equal(str(m, 'cache.internal:6379').context.key, 'EndPoints');
    assert.equal(str(m, 'X-Api-Key').context.nonValue, true);
    assert.equal(str(m, 'k-0123456789').context.key, 'X-Api-Key');
    assert.equal(str(m, 'X-Tenant').context.nonValue, true);
    assert.equal(str(m, 'shop').context.key, 'X-Tenant');
    const [csb, headers, hosts] = call(m, 'use').args.map((a) => (a.kind === 'identifier' ? a.resolved : a));
    assert.equal(csb?.kind === 'object' && csb.type, 'SqlConnectionStringBuilder');
    assert.deepEqual(plain(csb?.kind === 'object' && csb.props.map((p) => [p.key, p.value])), [
      ['DataSource', { kind: 'string', value: 'db.internal' }],
      ['Password', { kind: 'string', value: 'Sq1-s3cr3t' }],
      ['Encrypt', { kind: 'boolean', value: true }],
    ]);
    assert.deepEqual(plain(headers?.kind === 'object' && headers.props.map((p) => p.key)), ['X-Api-Key', 'X-Tenant']);
    assert.equal(hosts?.kind, 'array');
  });

  it('resolves const, static readonly and single-assignment locals, not reassigned ones', async () => {
    const m = await model(`class Server
{
    const int Port = 5000;
    static readonly string Host = "0.0.0.0";
    static string mode = "dev";
    void Start(int fallback)
    {
        var admin = 9090;
        var count = 1;
        count++;
        mode = "prod";
        Listen(Port, Server.Port, Host, admin, count, mode, fallback);
    }
}
`, 'Server.cs');
    assert.deepEqual(plain(call(m, 'Listen').args), [
      { kind: 'identifier', name: 'Port', resolved: { kind: 'number', value: 5000 } },
      { kind: 'identifier', name: 'Server.Port', resolved: { kind: 'number', value: 5000 } },
      { kind: 'identifier', name: 'Host', resolved: { kind: 'string', value: '0.0.0.0' } },
      { kind: 'identifier', name: 'admin', resolved: { kind: 'number', value: 9090 } },
      { kind: 'identifier', name: 'count' },
      { kind: 'identifier', name: 'mode' },
      { kind: 'identifier', name: 'fallback' },
    ]);
  });

  it('unescapes regular, verbatim and raw strings', async () => {
    const m = await model(`var a = "tab\\t caf\\u00e9";
var b = @"C:\\logs\\app.log ""quoted""";
var c = """
    line one
      line two
    """;
var d = $"no holes";
var e = $"{a} with a hole";
`);
    assert.equal(str(m, 'tab\t café').context.key, 'a');
    assert.equal(str(m, 'C:\\logs\\app.log "quoted"').context.key, 'b');
    assert.equal(str(m, 'line one\n  line two').context.key, 'c');
    assert.equal(str(m, 'no holes').context.key, 'd');
    assert.equal(m.strings.some((s) => s.value.includes('with a hole')), false);
  });

  it('stays linear and bounded on pathologically deep code, and keeps its facts', async () => {
    const chain = 'b' + Array.from({ length: 2500 }, (_, i) => `\n            .M${i}("a${i}")`).join('');
    const concat = Array.from({ length: 2500 }, (_, i) => `"p${i}"`).join(' +\n        ');
    const text = `public class DeepController : ControllerBase
{
    private static readonly Dictionary<string, string> Sessions = new();
    private static readonly string Sql = ${concat};

    [HttpPost("login")]
    public void Login(string user)
    {
        Sessions[user] = "in";
        ${chain};
    }
}
`;
    const started = Date.now();
    const m = await model(text, 'DeepController.cs');
    assert.ok(Date.now() - started < 20_000, 'built in bounded time');
    assert.equal(m.hasErrors, false);
    assert.equal(m.calls.filter((c) => /^M\d+$/.test(c.name)).length, 2500);
    assert.deepEqual(m.collections.find((c) => c.name === 'Sessions')?.mutations.map((x) => [x.keyText, x.inHandler]), [['user', true]]);
    assert.equal(str(m, 'p2499').context.inExpression, true);
    assert.equal(str(m, 'a0').context.call?.site.name, 'M0');
  });

  it('measures spans in UTF-16 code units, as the editor does', async () => {
    const text = `// naïve café ☕\nvar greeting = "héllo 😀 wörld";\nvar token = @"tok_😀_x";\n`;
    const m = await model(text);
    const g = str(m, 'héllo 😀 wörld');
    assert.equal(text.slice(g.span.start, g.span.end), '"héllo 😀 wörld"');
    assert.equal(text.slice(g.innerSpan.start, g.innerSpan.end), 'héllo 😀 wörld');
    const t = str(m, 'tok_😀_x');
    assert.equal(text.slice(t.innerSpan.start, t.innerSpan.end), 'tok_😀_x');
    assert.equal(m.comments[0].text, 'naïve café ☕');
  });

  it('builds a model from broken code without throwing', async () => {
    const m = await model(`public class Broken {
    private const string Password = "hunter2hunter2";
    public void F( {
        app.Run("http://*:5000"
}
`, 'Broken.cs');
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'hunter2hunter2').context.key, 'Password');
  });
});

describe('csharp adapter: idioms', () => {
  it('writes lookups that compile where they are inserted', async () => {
    const m = await model(PROGRAM_CS);
    const { idioms } = m;
    assert.equal(idioms.envString('STRIPE_KEY'), 'Environment.GetEnvironmentVariable("STRIPE_KEY")');
    assert.equal(idioms.envNumber('PORT', '5000'), 'int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "5000")');
    assert.equal(idioms.envStringOr?.('PORT', '"5000"'), 'Environment.GetEnvironmentVariable("PORT") ?? "5000"');
    assert.equal(idioms.envAddress?.('PORT', 'http://0.0.0.0', '5000'), '$"http://0.0.0.0:{Environment.GetEnvironmentVariable("PORT") ?? "5000"}"');
    assert.deepEqual(idioms.envImportEdits(), [], 'top-level statements come with implicit usings');
    assert.equal(idioms.lineComment, '//');
    const edited = PROGRAM_CS.replace('"http://*:5000"', idioms.envAddress!('PORT', 'http://*', '5000'))
      .replace('5001', idioms.envNumber('PORT', '5001'))
      .replace('"localhost:6379"', idioms.envStringOr!('REDIS', '"localhost:6379"'))
      .replace('"http://0.0.0.0:5000"', idioms.envString('ASPNETCORE_URLS'));
    assert.notEqual(edited, PROGRAM_CS);
    assert.ok(await parsesCleanly(edited), edited);
  });

  it('adds `using System;` only where it is missing and not implied', async () => {
    const classic = `using Microsoft.AspNetCore.Mvc;

namespace Shop
{
    public class Startup
    {
        public int Port = 5000;
    }
}
`;
    const m = await model(classic, 'Startup.cs');
    const edits = m.idioms.envImportEdits();
    assert.equal(edits.length, 1);
    const fixedText = applyEdits(classic.replace('5000', m.idioms.envNumber('PORT', '5000')), edits);
    assert.ok(fixedText.startsWith('using System;\nusing Microsoft.AspNetCore.Mvc;\n'), fixedText);
    assert.ok(await parsesCleanly(fixedText));
    assert.deepEqual(m.idioms.envImportEdits('"plain"'), [], 'only when the inserted code needs it');
    const bare = `namespace Shop { class A { string Key = "x"; } }\n`;
    const b = await model(bare, 'A.cs');
    const bareFixed = applyEdits(bare, b.idioms.envImportEdits());
    assert.ok(bareFixed.startsWith('using System;\n\nnamespace Shop'), bareFixed);
    assert.ok(await parsesCleanly(bareFixed));
    assert.deepEqual((await model(`using System;\nclass A {}\n`, 'A.cs')).idioms.envImportEdits(), []);
    assert.deepEqual((await model(`namespace Shop;\nclass A {}\n`, 'A.cs')).idioms.envImportEdits(), [], 'a file-scoped namespace comes from an SDK with implicit usings');
  });
});

describe('csharp adapter: through the engine', () => {
  const listenRule: Rule = {
    meta: { id: 'test-listen', factor: 7, description: 'Reports Kestrel ListenAnyIP calls with a literal port.', defaultSeverity: 'warning', fixable: true },
    create(ctx) {
      for (const c of ctx.model.calls) {
        const a = c.args[0];
        if (c.name === 'ListenAnyIP' && a?.kind === 'number') {
          ctx.report({ span: a.span, message: 'fixed port', fixes: [replaceFix(ctx.model, 'Read PORT', a.span, ctx.model.idioms.envNumber('PORT', String(a.value)))] });
        }
      }
    },
  };

  it('applies a fix with its using directive, and honours the suppression comments', async () => {
    const text = `using Microsoft.AspNetCore.Hosting;

namespace Shop
{
    public static class Kestrel
    {
        public static void Configure(IWebHostBuilder web)
        {
            web.ConfigureKestrel(o => o.ListenAnyIP(5000));
            // twelve-factor-ignore-next-line test-listen -- health probe port of the sidecar
            web.ConfigureKestrel(o => o.ListenAnyIP(5001));
            web.ConfigureKestrel(o => o.ListenAnyIP(5002)); /* twelve-factor-ignore-line test-listen */
        }
    }
}
`;
    const m = await model(text, 'Kestrel.cs');
    const findings = runRules(m, 'Kestrel.cs', {}, [listenRule]);
    assert.deepEqual(findings.map((f) => f.range.start.line), [8]);
    const fixed = applyEdits(text, findings[0].fixes[0].edits);
    assert.ok(fixed.includes('o.ListenAnyIP(int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "5000"))'), fixed);
    assert.ok(fixed.startsWith('using System;\n'), fixed);
    assert.ok(await parsesCleanly(fixed));
  });
});

describe('csharp adapter: pending fixture corpus', () => {
  const root = path.join(__dirname, '..', '..', 'fixtures', 'pending', 'csharp');
  const files = listFixtures(root);
  const RULES = ['no-hardcoded-secret', 'no-hardcoded-backing-service', 'no-fixed-port', 'no-file-logging', 'no-in-memory-session'];

  it('annotates every rule with findings and tricky negatives', () => {
    for (const rule of RULES) {
      const inFolder = languageCorpus(path.join(__dirname, '..', '..', 'fixtures'), 'csharp', rule);
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

describe('csharp adapter: constants that must hold a call', () => {
  it('turns a `const` field into `static readonly` and a local `const` into a plain local', async () => {
    const text = `namespace Shop
{
    public class Settings
    {
        private const int DefaultPort = 8080;
        public const string ApiKey = "sk_live_0123456789abcdef", Header = "X-Api-Key";
        private static readonly string Region = "eu-west-1";

        public int Local()
        {
            const int probe = 9090;
            return probe;
        }
    }
}
`;
    const m = await model(text, 'Settings.cs');
    const number = (v: number) => ({ start: text.indexOf(String(v)), end: text.indexOf(String(v)) + String(v).length });
    const port = applyEdits(text, replaceFix(m, 'PORT', number(8080), m.idioms.envNumber('PORT', '8080')).edits);
    assert.ok(port.includes('private static readonly int DefaultPort = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "8080");'), port);
    assert.ok(port.startsWith('using System;'), port);
    assert.ok(await parsesCleanly(port), port);

    const key = applyEdits(text, replaceFix(m, 'API_KEY', str(m, 'sk_live_0123456789abcdef').span, m.idioms.envString('API_KEY')).edits);
    assert.ok(key.includes('public static readonly string ApiKey = Environment.GetEnvironmentVariable("API_KEY"), Header = "X-Api-Key";'), key);
    assert.ok(await parsesCleanly(key), key);

    const local = applyEdits(text, replaceFix(m, 'PORT', number(9090), m.idioms.envNumber('PORT', '9090')).edits);
    assert.ok(local.includes('            int probe = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "9090");'), local);
    assert.ok(await parsesCleanly(local), local);

    assert.deepEqual(m.idioms.declarationEdits?.(str(m, 'eu-west-1').span), [], 'a static readonly field can hold a call already');
  });
});

describe('csharp adapter: what no-in-memory-session reads', () => {
  it('lists thread-safe instance fields as service collections, with constructor changes as start-up', async () => {
    const m = await model(`public class Tracker
{
    private readonly ConcurrentDictionary<string, DateTime> _seen = new();
    private readonly Dictionary<string, string> _parts = new();

    public Tracker() { _seen["boot"] = DateTime.UtcNow; }

    public void Touch(string user) => _seen[user] = DateTime.UtcNow;
}
`, 'Tracker.cs');
    const seen = m.collections.find((c) => c.name === '_seen');
    assert.equal(seen?.service, true);
    assert.deepEqual(seen?.mutations.map((x) => [x.keyText, x.functionName, x.startup ?? false]), [
      ['"boot"', 'Tracker', true],
      ['user', 'Touch', false],
    ]);
    assert.equal(m.collections.some((c) => c.name === '_parts'), false, 'a plain instance dictionary is per object');
  });

  it('takes gRPC service methods for request handlers', async () => {
    const m = await model(`public class GreeterService : Greeter.GreeterBase
{
    private static readonly ConcurrentDictionary<string, int> Greeted = new();

    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context)
    {
        Greeted.AddOrUpdate(request.Name, 1, (_, n) => n + 1);
        return Task.FromResult(new HelloReply());
    }
}
`, 'GreeterService.cs');
    assert.deepEqual(m.collections.find((c) => c.name === 'Greeted')?.mutations.map((x) => [x.keyText, x.inHandler]), [['request.Name', true]]);
  });
});

describe('csharp adapter: environment lookups with a default, keyed calls', () => {
  it('X ?? "d": the lookup is the left operand', async () => {
    const m = await model(`var k = System.Environment.GetEnvironmentVariable("SENDGRID_API_KEY") ?? "d-1";\n`);
    const s = str(m, 'd-1');
    assert.equal(s.context.envFallback, true);
    assert.equal(s.context.envLookup?.name, 'SENDGRID_API_KEY');
    assert.equal(m.text.slice(s.context.envLookup!.span.start, s.context.envLookup!.span.end), 'System.Environment.GetEnvironmentVariable("SENDGRID_API_KEY")');
  });
  it('a dictionary passed to a configuration method holds values, only a direct first argument is a key', async () => {
    const m = await model(`builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Stripe:SecretKey"] = "v-1" });\nvar x = builder.Configuration.GetValue<string>("Jwt:Key");\n`);
    assert.equal(str(m, 'v-1').context.nonValue, undefined);
    assert.equal(str(m, 'v-1').context.key, 'Stripe:SecretKey');
    assert.equal(str(m, 'Jwt:Key').context.nonValue, true);
  });
});

describe('csharp adapter: choices by environment name', () => {
  it('marks IsProduction() ternaries, ifs and switch expression arms, and keeps an arm value a value', async () => {
    const m = await model(`var builder = WebApplication.CreateBuilder(args);
var cs = builder.Environment.IsProduction() ? "Host=prod.internal;Database=x" : "Host=localhost;Database=x";
string redis = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") switch
{
    "Production" => "redis.prod.internal:6379",
    _ => "localhost:6379",
};
var other = args.Length > 0 ? "a.internal" : "b.internal";
`);
    for (const v of ['Host=prod.internal;Database=x', 'Host=localhost;Database=x', 'redis.prod.internal:6379', 'localhost:6379']) {
      assert.equal(str(m, v).context.envBranch, true, v);
      assert.equal(str(m, v).context.comparison, undefined, v);
    }
    assert.equal(str(m, 'Production').context.comparison, true);
    for (const v of ['a.internal', 'b.internal']) assert.equal(str(m, v).context.envBranch, undefined, v);
  });
  it('keeps the values of a dictionary passed to a configuration method', async () => {
    const m = await model(`builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Orders"] = "Host=orders-db.internal;Database=orders",
});
`);
    const v = str(m, 'Host=orders-db.internal;Database=orders');
    assert.equal(v.context.nonValue, undefined);
    assert.equal(v.context.key, 'ConnectionStrings:Orders');
    assert.equal(str(m, 'ConnectionStrings:Orders').context.nonValue, true);
  });
});
