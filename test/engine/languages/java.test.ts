/**
 * The Java adapter: the SourceModel it builds from Spring Boot, servlet, Javalin and JDBC code, its
 * fix idioms, and suppression comments through the engine.
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

async function model(text: string, path = 'src/main/java/com/example/App.java'): Promise<SourceModel> {
  const spec = languageFor(path);
  assert.ok(spec, `a language for ${path}`);
  assert.equal(spec.id, 'java');
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
  await prepareGrammar('java');
  const tree = parse('java', text);
  assert.ok(tree);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

const SPRING_APP = `package com.example.shop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.*;
import jakarta.servlet.http.HttpSession;

/** Cart service. */
@SpringBootApplication
@RestController
@RequestMapping("/api/cart")
public class CartController {
    private static final Logger LOG = Logger.getLogger(CartController.class.getName());
    private static final String STRIPE_KEY = "sk_live_51H8xYzAbCdEfGhIjKlMnOp";
    private static final int DEFAULT_PORT = 8080;
    // cart id -> items, shared by every request
    private static final Map<String, List<String>> CARTS = new ConcurrentHashMap<>();
    private final Map<String, Integer> views = new HashMap<>();

    @Value("\${DB_PASSWORD:changeme}")
    private String dbPassword;

    @Value("\${server.port:8080}")
    private int port;

    public static void main(String[] args) throws Exception {
        LOG.addHandler(new FileHandler("logs/app.log", true));
        System.setProperty("server.port", "8080");
        SpringApplication app = new SpringApplication(CartController.class);
        app.setDefaultProperties(Map.of("server.port", String.valueOf(DEFAULT_PORT), "spring.datasource.url", "jdbc:postgresql://db.internal:5432/shop"));
        app.run(args);
    }

    @PostMapping("/{id}/items")
    public Map<String, Object> add(@PathVariable String id, @RequestBody String item, HttpSession session) {
        CARTS.computeIfAbsent(id, k -> new ArrayList<>()).add(item);
        views.merge(id, 1, Integer::sum);
        session.setAttribute("lastItem", item);
        if ("admin".equals(id)) {
            LOG.info("admin cart " + id);
        }
        return Map.of("ok", true);
    }

    DataSource dataSource() {
        return DataSourceBuilder.create()
            .url("jdbc:mysql://db.internal:3306/shop")
            .username("shop")
            .password("s3cr3t-pa55")
            .build();
    }

    Connection connect() throws Exception {
        String url = System.getenv().getOrDefault("DATABASE_URL", "jdbc:postgresql://localhost:5432/shop");
        return DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"));
    }
}
`;

describe('java adapter: Spring Boot', () => {
  it('gives string literals their names, calls, settings and comparisons', async () => {
    const m = await model(SPRING_APP);
    assert.equal(m.language, 'java');
    assert.equal(m.hasErrors, false);
    const stripe = str(m, 'sk_live_51H8xYzAbCdEfGhIjKlMnOp');
    assert.equal(stripe.context.key, 'STRIPE_KEY');
    assert.equal(stripe.context.topLevel, true);
    assert.equal(m.text.slice(stripe.innerSpan.start, stripe.innerSpan.end), stripe.value);
    assert.equal(str(m, '/api/cart').context.nonValue, true, 'an annotation that is not configuration');
    const log = str(m, 'logs/app.log');
    assert.equal(log.context.call?.site.callee, 'FileHandler');
    assert.equal(log.context.call?.argIndex, 0);
    // System.setProperty("server.port", "8080"): the setting name is a key, the value is bound to it
    assert.equal(str(m, 'server.port', 0).context.nonValue, true);
    const prop = m.strings.find((s) => s.value === '8080' && s.context.call?.site.callee === 'System.setProperty');
    assert.ok(prop);
    assert.equal(prop.context.key, 'server.port');
    assert.deepEqual([prop.context.call?.site.callee, prop.context.call?.argIndex], ['System.setProperty', 1]);
    // Map.of is Java's dictionary literal: keys are not values, values are bound to their key
    assert.equal(str(m, 'spring.datasource.url').context.nonValue, true);
    const url = str(m, 'jdbc:postgresql://db.internal:5432/shop');
    assert.equal(url.context.key, 'spring.datasource.url');
    assert.deepEqual(url.context.keyPath, ['spring.datasource.url']);
    assert.equal(url.context.call?.site.callee, 'app.setDefaultProperties');
    const pw = str(m, 's3cr3t-pa55');
    assert.equal(pw.context.call?.site.name, 'password');
    assert.equal(pw.context.call?.site.receiverCall?.name, 'username');
    const admin = str(m, 'admin');
    assert.equal(admin.context.comparison, true);
    const logMessage = str(m, 'admin cart ');
    assert.equal(logMessage.context.nonValue, true, 'a log message');
    assert.equal(logMessage.context.inExpression, true);
    assert.equal(str(m, 'lastItem').context.nonValue, true, 'a session attribute name');
    const jdbcUser = str(m, 'app');
    assert.deepEqual([jdbcUser.context.call?.site.callee, jdbcUser.context.call?.argIndex], ['DriverManager.getConnection', 1]);
  });

  it('reads @Value placeholders and environment lookups with their defaults', async () => {
    const m = await model(SPRING_APP);
    const placeholder = str(m, '${DB_PASSWORD:changeme}');
    assert.equal(placeholder.context.nonValue, true);
    assert.equal(placeholder.context.key, 'dbPassword');
    const dflt = str(m, 'changeme');
    assert.equal(dflt.context.envFallback, true);
    assert.equal(dflt.context.key, 'dbPassword');
    assert.equal(m.text.slice(dflt.span.start, dflt.span.end), 'changeme', 'the default is spanned inside the placeholder');
    const fallback = str(m, 'jdbc:postgresql://localhost:5432/shop');
    assert.equal(fallback.context.envFallback, true);
    assert.equal(fallback.context.key, 'url');
    const conn = call(m, 'DriverManager.getConnection');
    assert.deepEqual(plain(conn.args), [
      { kind: 'identifier', name: 'url', resolved: { kind: 'env', name: 'DATABASE_URL', fallback: { kind: 'string', value: 'jdbc:postgresql://localhost:5432/shop' } } },
      { kind: 'string', value: 'app' },
      { kind: 'env', name: 'DB_PASSWORD' },
    ]);
    assert.deepEqual(m.envReads.map((e) => e.name).sort(), ['DATABASE_URL', 'DB_PASSWORD', 'DB_PASSWORD', 'SERVER_PORT']);
    const props = call(m, 'app.setDefaultProperties').args[0];
    assert.equal(props.kind, 'object');
    assert.deepEqual(plain(props.kind === 'object' ? props.props.find((p) => p.key === 'server.port')?.value : undefined), { kind: 'string', value: '8080' }, 'String.valueOf of a constant');
  });

  it('knows handlers, class-level calls and the shared maps they mutate', async () => {
    const m = await model(SPRING_APP);
    const handler = call(m, 'FileHandler');
    assert.equal(handler.isNew, true);
    assert.deepEqual(plain(handler.args), [{ kind: 'string', value: 'logs/app.log' }, { kind: 'boolean', value: true }]);
    assert.equal(handler.topLevel, false);
    assert.equal(handler.functionName, 'main');
    assert.equal(call(m, 'Logger.getLogger').topLevel, true, 'a static field initialiser runs at class level');
    assert.equal(call(m, 'session.setAttribute').inHandler, true);
    assert.equal(call(m, 'System.setProperty').inHandler, false);
    assert.equal(m.calls.find((c) => c.name === 'password')?.inHandler, false);
    const carts = m.collections.find((c) => c.name === 'CARTS');
    assert.ok(carts);
    assert.equal(carts.kind, 'map');
    assert.deepEqual(carts.mutations.map((x) => [x.keyText, x.inHandler]), [['id', true], ['id', true]]);
    const views = m.collections.find((c) => c.name === 'views');
    assert.ok(views, 'an instance map of a singleton controller is shared too');
    assert.deepEqual(views.mutations.map((x) => [x.keyText, x.inHandler]), [['id', true]]);
    assert.equal(m.collections.some((c) => c.name === 'LOG'), false);
  });

  it('reads comments and imports', async () => {
    const m = await model(SPRING_APP);
    const c = m.comments.find((x) => x.text.startsWith('cart id'));
    assert.ok(c);
    assert.equal(c.ownLine, true);
    assert.equal(c.line, 22);
    assert.ok(m.comments.some((x) => x.text === 'Cart service.'));
    const modules = m.imports.map((i) => i.module);
    assert.ok(modules.includes('java.util.logging.FileHandler'));
    assert.ok(modules.includes('java.util.*'));
    assert.deepEqual(m.imports.find((i) => i.module === 'java.sql.DriverManager')?.bindings, [{ local: 'DriverManager', imported: 'DriverManager' }]);
  });
});

describe('java adapter: servlets, Javalin, JAX-RS', () => {
  it('detects handlers in each framework', async () => {
    const m = await model(`import io.javalin.Javalin;
import io.javalin.http.Context;

public class Shop {
    private static final Map<String, String> SESSIONS = new HashMap<>();
    private static final Set<String> SEEN = Collections.synchronizedSet(new HashSet<>());

    public static void main(String[] args) throws IOException {
        var app = Javalin.create(config -> config.staticFiles.add("/public")).start(7000);
        app.get("/login/{user}", ctx -> {
            SESSIONS.put(ctx.pathParam("user"), ctx.ip());
            ctx.result("hi");
        });
        app.post("/seen", Shop::seen);
        new ServerSocket(8080);
        SEEN.add("boot");
    }

    static void seen(Context ctx) {
        SEEN.add(ctx.body());
    }
}

class LoginServlet extends HttpServlet {
    private final Map<String, String> tokens = new HashMap<>();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        tokens.put(req.getParameter("user"), UUID.randomUUID().toString());
    }

    void helper() {
        tokens.clear();
    }
}

@Path("/orders")
class OrderResource {
    private static final List<String> ORDERS = new ArrayList<>();

    @GET
    public List<String> list() {
        ORDERS.add("listed");
        return ORDERS;
    }
}
`);
    const start = call(m, 'Javalin.create(config->config.staticFiles.add("/public")).start');
    assert.deepEqual(plain(start.args), [{ kind: 'number', value: 7000 }]);
    assert.equal(start.inHandler, false);
    assert.equal(call(m, 'ctx.result').inHandler, true, 'a lambda given to a route method');
    assert.equal(call(m, 'config.staticFiles.add').inHandler, false);
    assert.equal(call(m, 'ServerSocket').isNew, true);
    const sessions = m.collections.find((c) => c.name === 'SESSIONS');
    assert.deepEqual(sessions?.mutations.map((x) => [x.keyText, x.inHandler]), [['ctx.pathParam("user")', true]]);
    const seen = m.collections.find((c) => c.name === 'SEEN');
    assert.equal(seen?.kind, 'set');
    assert.deepEqual(seen?.mutations.map((x) => [x.keyText, x.inHandler]), [['"boot"', false], ['ctx.body()', true]], 'a method taking a Javalin Context handles requests');
    const tokens = m.collections.find((c) => c.name === 'tokens');
    assert.deepEqual(tokens?.mutations.map((x) => x.inHandler), [true, false], 'doPost handles requests, helper() does not');
    assert.equal(str(m, 'user').context.nonValue, true);
    assert.deepEqual(m.collections.find((c) => c.name === 'ORDERS')?.mutations.map((x) => x.inHandler), [true]);
  });
});

describe('java adapter: values and scopes', () => {
  it('turns every lookup style into an env value with its default', async () => {
    const m = await model(`class Config {
    private final Environment env;
    void read() {
        String a = System.getenv("REDIS_URL");
        String b = System.getenv("REDIS_HOST") != null ? System.getenv("REDIS_HOST") : "localhost";
        String c = Optional.ofNullable(System.getenv("QUEUE")).orElse("jobs");
        String d = Objects.requireNonNullElse(System.getenv("REGION"), "eu-west-1");
        String e = env.getProperty("spring.redis.host", "cache.internal");
        int f = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        int g = env.getProperty("server.port", Integer.class, 9090);
        use(a, b, c, d, e, f, g);
    }
}
`);
    assert.deepEqual(plain(call(m, 'use').args), [
      { kind: 'identifier', name: 'a', resolved: { kind: 'env', name: 'REDIS_URL' } },
      { kind: 'identifier', name: 'b', resolved: { kind: 'env', name: 'REDIS_HOST', fallback: { kind: 'string', value: 'localhost' } } },
      { kind: 'identifier', name: 'c', resolved: { kind: 'env', name: 'QUEUE', fallback: { kind: 'string', value: 'jobs' } } },
      { kind: 'identifier', name: 'd', resolved: { kind: 'env', name: 'REGION', fallback: { kind: 'string', value: 'eu-west-1' } } },
      { kind: 'identifier', name: 'e', resolved: { kind: 'env', name: 'SPRING_REDIS_HOST', fallback: { kind: 'string', value: 'cache.internal' } } },
      { kind: 'identifier', name: 'f', resolved: { kind: 'env', name: 'PORT', fallback: { kind: 'string', value: '8080' } } },
      { kind: 'identifier', name: 'g', resolved: { kind: 'env', name: 'SERVER_PORT', fallback: { kind: 'number', value: 9090 } } },
    ]);
    for (const v of ['localhost', 'jobs', 'eu-west-1', 'cache.internal', '8080']) {
      const s = str(m, v);
      assert.equal(s.context.envFallback, true, v);
      assert.ok(s.context.key, `${v} is bound to its variable`);
    }
    for (const name of ['REDIS_URL', 'QUEUE', 'PORT', 'spring.redis.host']) assert.equal(str(m, name).context.nonValue, true, name);
  });

  it('resolves constants, final fields and effectively final locals, not reassigned ones', async () => {
    const m = await model(`interface Defaults { int PORT = 7000; }
class Server {
    static final int PORT = 8080;
    private static String host = "0.0.0.0";
    void start(int port) {
        final int admin = 9090;
        String mode = "dev";
        mode = "prod";
        listen(PORT, Server.PORT, admin, mode, port, host, Defaults.PORT);
    }
    void setHost(String h) { host = h; }
}
`);
    const args = call(m, 'listen').args;
    assert.deepEqual(plain(args), [
      { kind: 'identifier', name: 'PORT', resolved: { kind: 'number', value: 8080 } },
      { kind: 'identifier', name: 'Server.PORT', resolved: { kind: 'number', value: 8080 } },
      { kind: 'identifier', name: 'admin', resolved: { kind: 'number', value: 9090 } },
      { kind: 'identifier', name: 'mode' },
      { kind: 'identifier', name: 'port' },
      { kind: 'identifier', name: 'host' },
      { kind: 'identifier', name: 'Defaults.PORT', resolved: { kind: 'number', value: 7000 } },
    ]);
    assert.equal(args[0].kind === 'identifier' && m.text.slice(args[0].declaration!.start, args[0].declaration!.end), 'static final int PORT = 8080;');
  });

  it('reads text blocks, escapes and exception messages', async () => {
    const m = await model(`class Q {
    static final String SQL = """
        SELECT *
          FROM carts\\tc
        """;
    static final String KEY = "caf\\u00e9\\n";
    void f() { throw new IllegalStateException("missing STRIPE_KEY"); }
}
`);
    assert.equal(str(m, 'SELECT *\n  FROM carts\tc\n').context.key, 'SQL');
    assert.equal(str(m, 'café\n').context.key, 'KEY');
    assert.equal(str(m, 'missing STRIPE_KEY').context.nonValue, true);
  });

  it('stays linear and bounded on pathologically deep code, and keeps its facts', async () => {
    const chain = 'b' + Array.from({ length: 2500 }, (_, i) => `\n            .m${i}("a${i}")`).join('');
    const concat = Array.from({ length: 2500 }, (_, i) => `"p${i}"`).join(' +\n        ');
    const text = `@RestController
class Deep {
    private static final Map<String, String> SESSIONS = new HashMap<>();
    static final String SQL = ${concat};

    @PostMapping("/login")
    void login(@RequestParam String user) {
        SESSIONS.put(user, "in");
        ${chain};
    }
}
`;
    const started = Date.now();
    const m = await model(text);
    assert.ok(Date.now() - started < 20_000, 'built in bounded time');
    assert.equal(m.hasErrors, false);
    assert.equal(m.calls.filter((c) => c.name.startsWith('m')).length, 2500);
    assert.deepEqual(m.collections.find((c) => c.name === 'SESSIONS')?.mutations.map((x) => [x.keyText, x.inHandler]), [['user', true]]);
    const last = str(m, 'p2499');
    assert.equal(last.context.inExpression, true);
    assert.equal(str(m, 'a0').context.call?.site.name, 'm0');
    assert.equal(call(m, 'SESSIONS.put').inHandler, true);
  });

  it('measures spans in UTF-16 code units, as the editor does', async () => {
    const text = `class T {\n    // naïve café ☕\n    static final String GREETING = "héllo 😀 wörld";\n    static final String TOKEN = "tok_😀_x";\n}\n`;
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
    private static final String PASSWORD = "hunter2hunter2";
    public void f( {
        server.listen(8080
    }
`);
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'hunter2hunter2').context.key, 'PASSWORD');
    const bin = await model('\u0000\u0001class \uFFFD {');
    assert.equal(bin.hasErrors, true);
  });
});

describe('java adapter: idioms', () => {
  it('writes lookups that compile where they are inserted', async () => {
    const m = await model('class A {}');
    const { idioms } = m;
    assert.equal(idioms.envString('STRIPE_KEY'), 'System.getenv("STRIPE_KEY")');
    assert.equal(idioms.envNumber('PORT', '8080'), 'Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"))');
    assert.equal(idioms.envNumber('PORT', '"8080"'), 'Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"))');
    assert.equal(idioms.envStringOr?.('PORT', '"8080"'), 'System.getenv().getOrDefault("PORT", "8080")');
    assert.equal(idioms.envAddress?.('PORT', '0.0.0.0', '8080'), '"0.0.0.0:" + System.getenv().getOrDefault("PORT", "8080")');
    assert.deepEqual(idioms.envImportEdits(), []);
    assert.equal(idioms.lineComment, '//');
    const sample = `class App {
    static final int PORT = 7000;
    static final String KEY = "sk_live_x";
    void main() {
        System.setProperty("server.port", "8080");
        server.bind(new InetSocketAddress(9000));
        String addr = "0.0.0.0:8081";
    }
}
`;
    const edited = sample
      .replace('7000', idioms.envNumber('PORT', '7000'))
      .replace('"sk_live_x"', idioms.envString('STRIPE_KEY'))
      .replace('"8080"', idioms.envStringOr!('PORT', '"8080"'))
      .replace('9000', idioms.envNumber('PORT', '9000'))
      .replace('"0.0.0.0:8081"', idioms.envAddress!('PORT', '0.0.0.0', '8081'));
    assert.notEqual(edited, sample);
    assert.ok(await parsesCleanly(edited), edited);
  });
});

describe('java adapter: through the engine', () => {
  it('reports a fixed Vert.x port, fixes it, and honours the suppression comment', async () => {
    const text = `package com.example;

import io.vertx.core.AbstractVerticle;

public class Server extends AbstractVerticle {
    @Override
    public void start() {
        vertx.createHttpServer()
            .requestHandler(req -> req.response().end("Hello"))
            .listen(8888);
        // twelve-factor-ignore-next-line no-fixed-port -- metrics, on the pod network only
        vertx.createHttpServer().requestHandler(this::metrics).listen(9100);
    }
}
`;
    const r = await analyze({ path: 'src/main/java/com/example/Server.java', text });
    const hits = r.findings.filter((f) => f.ruleId === 'no-fixed-port');
    assert.deepEqual(hits.map((f) => f.range.start.line), [9]);
    const fixed = applyEdits(text, hits[0].fixes[0].edits);
    assert.ok(fixed.includes('.listen(Integer.parseInt(System.getenv().getOrDefault("PORT", "8888")));'), fixed);
    assert.ok(await parsesCleanly(fixed));
  });

  it('honours suppressions for any rule reading the model', async () => {
    const text = `class Keys {
    static final String API_KEY = "sk_live_0123456789abcdef"; // twelve-factor-ignore-line test-rule
    static final String TOKEN = "tok_0123456789abcdef";
    /* twelve-factor-ignore-next-line test-rule -- rotated weekly */
    static final String PASSWORD = "hunter2hunter2";
}
`;
    const m = await model(text);
    const rule: Rule = {
      meta: { id: 'test-rule', factor: 3, description: 'Reports every top-level string bound to a name.', defaultSeverity: 'warning', fixable: false },
      create(ctx) {
        for (const s of ctx.model.strings) if (s.context.topLevel && s.context.key) ctx.report({ span: s.span, message: s.context.key });
      },
    };
    const findings = runRules(m, 'src/Keys.java', {}, [rule]);
    assert.deepEqual(findings.map((f) => f.message), ['TOKEN']);
  });
});

describe('java adapter: pending fixture corpus', () => {
  const root = path.join(__dirname, '..', '..', 'fixtures', 'pending', 'java');
  const files = listFixtures(root);
  const RULES = ['no-hardcoded-secret', 'no-hardcoded-backing-service', 'no-fixed-port', 'no-file-logging', 'no-in-memory-session'];

  it('annotates every rule with findings and tricky negatives', () => {
    for (const rule of RULES) {
      const inFolder = languageCorpus(path.join(__dirname, '..', '..', 'fixtures'), 'java', rule);
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

describe('java adapter: what no-in-memory-session reads', () => {
  it('marks singleton fields as services and start-up changes as such; request-scoped beans hold no shared state', async () => {
    const m = await model(`package com.example;

@Service
public class Tokens {
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private static final Map<String, String> NAMES = new HashMap<>();

    public Tokens() { tokens.put("boot", "x"); }

    @PostConstruct
    void load() { NAMES.put("a", "b"); }

    public void remember(String token, String user) { tokens.put(token, user); }
}

@RestController
@RequestScope
class PerRequest {
    private final List<String> warnings = new ArrayList<>();

    @GetMapping("/w")
    public List<String> check() { warnings.add("x"); return warnings; }
}
`);
    const tokens = m.collections.find((c) => c.name === 'tokens');
    assert.equal(tokens?.service, true);
    assert.deepEqual(tokens?.mutations.map((x) => [x.keyText, x.functionName, x.startup ?? false]), [
      ['"boot"', 'Tokens', true],
      ['token', 'remember', false],
    ]);
    const names = m.collections.find((c) => c.name === 'NAMES');
    assert.equal(names?.service, undefined, 'a static field belongs to no instance');
    assert.deepEqual(names?.mutations.map((x) => x.startup), [true]);
    assert.equal(m.collections.some((c) => c.name === 'warnings'), false);
  });
});

describe('java adapter: environment lookups with a default', () => {
  it('gives getOrDefault defaults the lookup and the required form System.getenv("X")', async () => {
    const m = await model(`class A {\n  String k = System.getenv().getOrDefault("JWT_SIGNING_KEY", "d-1");\n}\n`);
    const s = str(m, 'd-1');
    assert.equal(s.context.envFallback, true);
    assert.equal(s.context.envLookup?.name, 'JWT_SIGNING_KEY');
    assert.equal(s.context.envLookup?.required, 'System.getenv("JWT_SIGNING_KEY")');
    assert.equal(m.text.slice(s.context.envLookup!.expression.start, s.context.envLookup!.expression.end), 'System.getenv().getOrDefault("JWT_SIGNING_KEY", "d-1")');
  });
  it('gives an @Value default the placeholder without it', async () => {
    const m = await model(`class A {\n  @Value("\${jwt.secret:d-2}")\n  private String jwtSecret;\n}\n`);
    const s = str(m, 'd-2');
    assert.equal(s.context.envLookup?.required, '${jwt.secret}');
    assert.equal(m.text.slice(s.context.envLookup!.expression.start, s.context.envLookup!.expression.end), '${jwt.secret:d-2}');
  });
  it('requires a Spring Environment property with getRequiredProperty', async () => {
    const m = await model(`class A {\n  String f(Environment env) { return env.getProperty("app.token", "d-3"); }\n}\n`);
    assert.equal(str(m, 'd-3').context.envLookup?.required, 'env.getRequiredProperty("app.token")');
  });
});

describe('java adapter: choices by environment name', () => {
  it('marks ternaries, ifs and switch arms on the environment', async () => {
    const m = await model(`class S {
    String a(String env) { return "production".equals(env) ? "jdbc:postgresql://prod.internal/db" : "jdbc:postgresql://localhost/db"; }
    String b(org.springframework.core.env.Environment e) {
        if (e.acceptsProfiles(org.springframework.core.env.Profiles.of("prod"))) { return "redis.prod.internal"; }
        return "localhost";
    }
    String c(String env) {
        return switch (env) {
            case "staging" -> "amqp://mq.staging.internal";
            default -> "amqp://localhost";
        };
    }
    String d(boolean fast) { return fast ? "cache.fast.internal" : "cache.slow.internal"; }
}
`);
    for (const v of ['jdbc:postgresql://prod.internal/db', 'jdbc:postgresql://localhost/db', 'redis.prod.internal', 'localhost', 'amqp://mq.staging.internal', 'amqp://localhost']) {
      assert.equal(str(m, v).context.envBranch, true, v);
    }
    for (const v of ['cache.fast.internal', 'cache.slow.internal']) assert.equal(str(m, v).context.envBranch, undefined, v);
  });
  it('counts Map.of arguments without the comments between them', async () => {
    const m = await model(`import java.util.Map;
class S {
    static void main(String[] args) {
        app.setDefaultProperties(Map.of(
            // a comment before the first key
            "spring.datasource.url", "jdbc:postgresql://db.internal/orders"));
    }
}
`);
    assert.equal(str(m, 'jdbc:postgresql://db.internal/orders').context.key, 'spring.datasource.url');
    assert.equal(str(m, 'spring.datasource.url').context.nonValue, true);
  });
});
