/**
 * The Go adapter: the SourceModel it builds from net/http, gin, echo, fiber, database and logging
 * code, its fix idioms, and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel, runRules } from '../../../server/src/engine/analyze';
import { languageFor, prepareLanguage } from '../../../server/src/engine/languages';
import type { CallSite, SourceModel, StringLiteral } from '../../../server/src/engine/model';
import { parse, prepareGrammar } from '../../../server/src/engine/parser';
import { replaceFix } from '../../../server/src/engine/rules/util';
import type { Rule, TextEdit } from '../../../server/src/engine/types';
import { fixedPathFor, languageCorpus, listFixtures, parseAnnotations } from '../../support/annotations';

async function model(text: string, path = 'main.go'): Promise<SourceModel> {
  const spec = languageFor(path);
  assert.ok(spec, `a language for ${path}`);
  await prepareLanguage(spec);
  const built = buildModel(spec, text);
  assert.ok(built, 'the parser produced a tree');
  // the model must stand on its own once the tree is released
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
  await prepareGrammar('go');
  const tree = parse('go', text);
  assert.ok(tree);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

const NET_HTTP = `// Command sessions serves the login API.
package main

import (
	"database/sql"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"sync"

	_ "github.com/lib/pq"
)

type Session struct {
	User string \`json:"user"\`
}

var (
	sessions = map[string]*Session{}
	mu       sync.Mutex
	visits   sync.Map
	recent   []string
)

func login(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	mu.Lock()
	sessions[id] = &Session{User: r.FormValue("user")} // per-process state
	mu.Unlock()
	visits.Store(id, 1)
	recent = append(recent, id)
	json.NewEncoder(w).Encode(sessions[id])
}

func expire(id string) {
	/* called by the janitor */
	delete(sessions, id)
}

func main() {
	db, err := sql.Open("postgres", "postgres://orders:s3cr3t@db.internal:5432/orders?sslmode=disable")
	if err != nil {
		log.Fatalf("open database: %v", err)
	}
	defer db.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/login", login)
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`;

describe('go adapter: net/http', () => {
  it('reads calls, string contexts and comments', async () => {
    const m = await model(NET_HTTP);
    assert.equal(m.language, 'go');
    assert.equal(m.hasErrors, false);
    const listen = call(m, 'http.ListenAndServe');
    assert.deepEqual(plain(listen.args[0]), { kind: 'string', value: ':8080' });
    assert.equal(listen.receiver, 'http');
    assert.equal(listen.name, 'ListenAndServe');
    assert.equal(listen.topLevel, false);
    assert.equal(listen.inHandler, false);
    assert.equal(str(m, ':8080').context.call?.site.callee, 'http.ListenAndServe');
    const dsn = str(m, 'postgres://orders:s3cr3t@db.internal:5432/orders?sslmode=disable');
    assert.equal(dsn.context.call?.site.callee, 'sql.Open');
    assert.equal(dsn.context.call?.argIndex, 1);
    assert.equal(str(m, 'open database: %v').context.nonValue, true, 'log message');
    assert.equal(str(m, 'json:"user"').context.nonValue, true, 'struct tag');
    assert.equal(str(m, 'github.com/lib/pq').context.nonValue, true, 'import path');
    assert.deepEqual(m.comments.map((c) => [c.text, c.line, c.ownLine]), [
      ['Command sessions serves the login API.', 0, true],
      ['per-process state', 28, false],
      ['called by the janitor', 36, true],
    ]);
    assert.deepEqual(m.imports.map((i) => i.module), ['database/sql', 'encoding/json', 'log', 'net/http', 'os', 'sync', 'github.com/lib/pq']);
  });

  it('knows handlers and the package-level collections they mutate', async () => {
    const m = await model(NET_HTTP);
    assert.equal(call(m, 'r.FormValue').inHandler, true);
    assert.equal(call(m, 'delete').inHandler, false);
    const byName = new Map(m.collections.map((c) => [c.name, c]));
    assert.deepEqual([...byName.keys()].sort(), ['recent', 'sessions', 'visits']);
    assert.equal(byName.get('sessions')?.kind, 'map');
    assert.deepEqual(byName.get('sessions')?.mutations.map((x) => [x.keyText, x.inHandler]), [
      ['id', false],
      ['id', true],
    ]);
    assert.deepEqual(byName.get('visits')?.mutations.map((x) => [x.keyText, x.inHandler]), [['id', true]]);
    assert.equal(byName.get('recent')?.kind, 'array');
    assert.deepEqual(byName.get('recent')?.mutations.map((x) => [x.keyText, x.inHandler]), [['id', true]]);
  });
});

describe('go adapter: frameworks', () => {
  it('detects gin, echo and fiber handlers and reads composite literals as objects', async () => {
    const m = await model(`package main

import (
	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"
)

var rdb = redis.NewClient(&redis.Options{
	Addr:     "cache.internal:6379",
	Password: "r3d1s-pa55",
	DB:       0,
})

var carts sync.Map

func main() {
	r := gin.Default()
	r.POST("/cart", func(c *gin.Context) {
		carts.Store(c.Param("id"), c.PostForm("item"))
		c.JSON(200, gin.H{"status": "ok"})
	})
	go r.Run(":8080")

	e := echo.New()
	e.GET("/", func(c echo.Context) error { return c.String(200, "hello") })
	go e.Start(":1323")

	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("hi") })
	app.Listen(":3000")
}
`);
    const client = call(m, 'redis.NewClient');
    assert.equal(client.topLevel, true);
    assert.deepEqual(plain(client.args[0]), {
      kind: 'object',
      type: 'redis.Options',
      props: [
        { key: 'Addr', value: { kind: 'string', value: 'cache.internal:6379' } },
        { key: 'Password', value: { kind: 'string', value: 'r3d1s-pa55' } },
        { key: 'DB', value: { kind: 'number', value: 0 } },
      ],
    });
    const pw = str(m, 'r3d1s-pa55');
    assert.equal(pw.context.key, 'Password');
    assert.deepEqual(pw.context.keyPath, ['Password']);
    assert.equal(pw.context.objectType, 'redis.Options');
    assert.equal(pw.context.call?.site.callee, 'redis.NewClient');
    assert.equal(pw.context.topLevel, undefined, 'an argument, not the constant itself');
    assert.equal(str(m, 'status').context.nonValue, true, 'a map key');
    assert.equal(str(m, 'ok').context.objectType, 'gin.H');
    assert.equal(call(m, 'carts.Store').inHandler, true);
    assert.equal(call(m, 'c.String').inHandler, true);
    assert.equal(call(m, 'c.SendString').inHandler, true);
    assert.equal(call(m, 'r.Run').inHandler, false);
    for (const [callee, addr] of [['r.Run', ':8080'], ['e.Start', ':1323'], ['app.Listen', ':3000']]) {
      assert.deepEqual(plain(call(m, callee).args[0]), { kind: 'string', value: addr }, callee);
    }
    assert.deepEqual(m.collections.map((c) => [c.name, c.kind, c.mutations.length]), [['carts', 'map', 1]]);
  });

  it('follows a log file into log.SetOutput and reads http.Server literals', async () => {
    const m = await model(`package main

import (
	"log"
	"net/http"
	"os"

	"go.uber.org/zap"
)

func main() {
	f, err := os.OpenFile("/var/log/app.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0644)
	if err != nil {
		log.Fatal(err)
	}
	log.SetOutput(f)
	cfg := zap.NewProductionConfig()
	cfg.OutputPaths = []string{"stdout", "/var/log/app.json"}
	srv := &http.Server{Addr: ":8443", Handler: nil}
	log.Fatal(srv.ListenAndServe())
}
`);
    const out = call(m, 'log.SetOutput').args[0];
    assert.equal(out.kind, 'identifier');
    assert.equal(out.kind === 'identifier' && out.resolved?.kind === 'call' && out.resolved.call.callee, 'os.OpenFile');
    const open = call(m, 'os.OpenFile');
    assert.deepEqual(plain(open.args[2]), { kind: 'number', value: 0o644 });
    assert.equal(str(m, '/var/log/app.json').context.key, 'OutputPaths');
    const addr = str(m, ':8443');
    assert.equal(addr.context.objectType, 'http.Server');
    assert.equal(addr.context.key, 'Addr');
    assert.equal(addr.context.call, undefined);
  });
});

describe('go adapter: environment, constants and scopes', () => {
  it('turns env lookups, cmp.Or and guarded defaults into env values', async () => {
    const m = await model(`package main

import (
	"cmp"
	"fmt"
	"os"
)

const defaultPort = "8080"

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = defaultPort
	}
	addr, ok := os.LookupEnv("LISTEN_ADDR")
	if !ok {
		addr = "127.0.0.1:9000"
	}
	dsn := cmp.Or(os.Getenv("DATABASE_URL"), "postgres://localhost:5432/dev")
	key := os.Getenv("API_KEY")
	fmt.Println(port, addr, dsn, key)
}
`);
    const args = call(m, 'fmt.Println').args.map((a) => (a.kind === 'identifier' ? plain(a.resolved) : a.kind));
    assert.deepEqual(args, [
      { kind: 'env', name: 'PORT', fallback: { kind: 'identifier', name: 'defaultPort', resolved: { kind: 'string', value: '8080' } } },
      { kind: 'env', name: 'LISTEN_ADDR', fallback: { kind: 'string', value: '127.0.0.1:9000' } },
      { kind: 'env', name: 'DATABASE_URL', fallback: { kind: 'string', value: 'postgres://localhost:5432/dev' } },
      { kind: 'env', name: 'API_KEY' },
    ]);
    assert.equal(str(m, '127.0.0.1:9000').context.envFallback, true);
    assert.equal(str(m, 'postgres://localhost:5432/dev').context.envFallback, true);
    const lookup = str(m, 'postgres://localhost:5432/dev').context.envLookup;
    assert.ok(lookup);
    assert.equal(lookup.name, 'DATABASE_URL');
    assert.equal(m.text.slice(lookup.span.start, lookup.span.end), 'os.Getenv("DATABASE_URL")');
    assert.equal(m.text.slice(lookup.expression.start, lookup.expression.end), 'cmp.Or(os.Getenv("DATABASE_URL"), "postgres://localhost:5432/dev")');
    assert.equal(str(m, 'PORT').context.nonValue, true);
    assert.equal(str(m, '').context.comparison, true);
    assert.deepEqual(m.envReads.map((e) => e.name), ['PORT', 'LISTEN_ADDR', 'DATABASE_URL', 'API_KEY']);
  });

  it('resolves constants, not variables that change or names that are shadowed', async () => {
    const m = await model(`package main

const (
	host, port = "db.internal", 5432
	timeout    = 30
)

var retries = 3
var attempts = 1

func connect(host string) {
	dial(host, port)
	const local = "cache:6379"
	dial(local, retries)
	attempts++
	dial(attempts)
}
`);
    assert.deepEqual(plain(call(m, 'dial', 0).args), [
      { kind: 'identifier', name: 'host' },
      { kind: 'identifier', name: 'port', resolved: { kind: 'number', value: 5432 } },
    ]);
    assert.deepEqual(plain(call(m, 'dial', 1).args), [
      { kind: 'identifier', name: 'local', resolved: { kind: 'string', value: 'cache:6379' } },
      { kind: 'identifier', name: 'retries', resolved: { kind: 'number', value: 3 } },
    ]);
    assert.deepEqual(plain(call(m, 'dial', 2).args), [{ kind: 'identifier', name: 'attempts' }]);
    assert.equal(str(m, 'db.internal').context.key, 'host');
    assert.equal(str(m, 'db.internal').context.topLevel, true);
  });

  it('unescapes strings, marks comparisons, and measures spans in UTF-16 code units', async () => {
    const text = `package main

const greeting = "héllo 😀 \\"wörld\\"\\n"
const raw = \`C:\\temp\\new 😀\`

func route(method string) string {
	switch method {
	case "POST":
		return "créé 😀"
	}
	return "tail"
}
`;
    const m = await model(text);
    assert.equal(str(m, 'héllo 😀 "wörld"\n').context.key, 'greeting');
    assert.equal(str(m, 'C:\\temp\\new 😀').context.key, 'raw');
    assert.equal(str(m, 'POST').context.comparison, true);
    for (const s of m.strings) {
      const inner = text.slice(s.innerSpan.start, s.innerSpan.end);
      assert.equal(text.slice(s.span.start, s.span.end), text[s.span.start] + inner + text[s.span.end - 1]);
    }
    const tail = str(m, 'tail');
    assert.equal(tail.span.start, text.indexOf('"tail"'));
    assert.equal(text.slice(str(m, 'créé 😀').innerSpan.start, str(m, 'créé 😀').innerSpan.end), 'créé 😀');
  });

  it('builds a model from broken code without throwing', async () => {
    const m = await model(`package main

func main() {
	password := "hunter2hunter2"
	http.ListenAndServe(":8080",
	if {
`);
    assert.equal(m.hasErrors, true);
    assert.ok(m.strings.some((s) => s.value === 'hunter2hunter2'));
    const garbage = await model('\u0000 func ((( {{ `unterminated \n'.repeat(300));
    assert.equal(garbage.hasErrors, true);
    const empty = await model('');
    assert.deepEqual([empty.strings.length, empty.calls.length], [0, 0]);
  });
});

describe('go adapter: idioms', () => {
  it('writes environment lookups as Go does', async () => {
    const m = await model('package main\n');
    assert.equal(m.idioms.envString('DATABASE_URL'), 'os.Getenv("DATABASE_URL")');
    assert.equal(m.idioms.envNumber('PORT', '8080'), 'cmp.Or(os.Getenv("PORT"), "8080")');
    assert.equal(m.idioms.envNumber('PORT', '"8080"'), 'cmp.Or(os.Getenv("PORT"), "8080")');
    assert.equal(m.idioms.envNumber('PORT', '":8080"'), '":" + cmp.Or(os.Getenv("PORT"), "8080")', 'an address literal keeps its form');
    assert.equal(m.idioms.envAddress?.('PORT', '0.0.0.0', '3000'), '"0.0.0.0:" + cmp.Or(os.Getenv("PORT"), "3000")');
    assert.equal(m.idioms.lineComment, '//');
  });

  it('adds only the imports the inserted code uses, in the import block, and the result parses', async () => {
    const text = `package main

import (
	"database/sql"
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	db, _ := sql.Open("postgres", "postgres://app:pw@db/app")
	_ = db
	r := gin.Default()
	log.Fatal(http.ListenAndServe(":8080", r))
}
`;
    const m = await model(text);
    const dsn = str(m, 'postgres://app:pw@db/app');
    const addr = str(m, ':8080');
    const dsnCode = m.idioms.envString('DATABASE_URL');
    const dsnImports = m.idioms.envImportEdits();
    assert.deepEqual(dsnImports.map((e) => e.newText), ['\n\t"os"'], 'envString needs os only, after the last standard import');
    const addrCode = m.idioms.envNumber('PORT', '":8080"');
    const addrImports = m.idioms.envImportEdits();
    assert.deepEqual(addrImports.map((e) => e.newText), ['\t"cmp"\n', '\n\t"os"'], 'cmp goes before database/sql');
    assert.deepEqual(m.idioms.envImportEdits(dsnCode), dsnImports, 'with the code given, the same answer');
    const unique = [...new Map([...dsnImports, ...addrImports].map((e) => [`${e.start}:${e.newText}`, e])).values()];
    const fixed = applyEdits(text, [
      ...unique,
      { start: dsn.span.start, end: dsn.span.end, newText: dsnCode },
      { start: addr.span.start, end: addr.span.end, newText: addrCode },
    ]);
    assert.equal(
      fixed,
      `package main

import (
	"cmp"
	"database/sql"
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

func main() {
	db, _ := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	_ = db
	r := gin.Default()
	log.Fatal(http.ListenAndServe(":" + cmp.Or(os.Getenv("PORT"), "8080"), r))
}
`,
    );
    assert.ok(await parsesCleanly(fixed));
  });

  it('adds an import declaration where there is no import block, and nothing when already imported', async () => {
    const single = `package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n`;
    const m1 = await model(single);
    const code = m1.idioms.envNumber('PORT', '":8080"');
    const a = str(m1, ':8080');
    const fixed1 = applyEdits(single, [...m1.idioms.envImportEdits(code), { start: a.span.start, end: a.span.end, newText: code }]);
    // two insertions at one place: applied last-first, as every edit list is
    assert.equal(fixed1, `package main\n\nimport "net/http"\nimport "os"\nimport "cmp"\n\nfunc main() { http.ListenAndServe(":" + cmp.Or(os.Getenv("PORT"), "8080"), nil) }\n`);
    assert.ok(await parsesCleanly(fixed1));

    const none = `package main\n\nfunc main() { serve(":8080") }\n`;
    const m2 = await model(none);
    const fixed2 = applyEdits(none, m2.idioms.envImportEdits(m2.idioms.envString('ADDR')));
    assert.equal(fixed2, `package main\n\nimport "os"\n\nfunc main() { serve(":8080") }\n`);
    assert.ok(await parsesCleanly(fixed2));

    const has = await model(`package main\n\nimport (\n\t"cmp"\n\t"os"\n)\n`);
    has.idioms.envNumber('PORT', '8080');
    assert.deepEqual(has.idioms.envImportEdits(), []);
  });
});

describe('go adapter: through the engine', () => {
  it('honours suppression comments for rules reading the model', async () => {
    const text = `package main

// twelve-factor-ignore-next-line test-rule -- local tooling only
const adminAddr = ":9999"

const publicAddr = ":8080"

var debugAddr = ":6060" // twelve-factor-ignore-line test-rule

/* twelve-factor-ignore-next-line test-rule */
var metricsAddr = ":9100"
`;
    const m = await model(text);
    const rule: Rule = {
      meta: { id: 'test-rule', factor: 7, description: 'Reports every package-level address string.', defaultSeverity: 'warning', fixable: false },
      create(ctx) {
        for (const s of ctx.model.strings) if (s.context.topLevel && s.value.startsWith(':')) ctx.report({ span: s.span, message: s.context.key ?? '' });
      },
    };
    assert.deepEqual(runRules(m, 'main.go', {}, [rule]).map((f) => f.message), ['publicAddr']);
  });
});

describe('go adapter: pending fixture corpus', () => {
  const root = path.join(__dirname, '..', '..', 'fixtures', 'pending', 'go');
  const files = listFixtures(root);
  const RULES = ['no-hardcoded-secret', 'no-hardcoded-backing-service', 'no-fixed-port', 'no-file-logging', 'no-in-memory-session'];

  it('annotates every rule with findings and tricky negatives', () => {
    for (const rule of RULES) {
      const inFolder = languageCorpus(path.join(__dirname, '..', '..', 'fixtures'), 'go', rule);
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

describe('go adapter: constants that must hold a call', () => {
  const fix = (m: SourceModel, lit: StringLiteral | { span: { start: number; end: number } }, code: string) => applyEdits(m.text, replaceFix(m, 'Read from the environment', lit.span, code).edits);

  it('turns the `const` holding a replaced literal into a `var`, alone or in a group', async () => {
    const text = `package main

import "net/http"

const listenAddr = ":8080"

const (
\tapiKey     = "sk_live_0123456789abcdef"
\tbasePath string = "/api"
)

func main() { http.ListenAndServe(listenAddr, nil) }
`;
    const m = await model(text);
    const port = fix(m, str(m, ':8080'), m.idioms.envNumber('PORT', '":8080"'));
    assert.ok(port.includes('var listenAddr = ":" + cmp.Or(os.Getenv("PORT"), "8080")\n'), port);
    assert.ok(port.includes('const (\n'), 'the other declaration stays');
    assert.ok(await parsesCleanly(port), port);
    const key = fix(m, str(m, 'sk_live_0123456789abcdef'), m.idioms.envString('API_KEY'));
    assert.ok(key.includes('var (\n\tapiKey     = os.Getenv("API_KEY")\n\tbasePath string = "/api"\n)'), key);
    assert.ok(key.includes('const listenAddr = ":8080"'), key);
    assert.ok(await parsesCleanly(key), key);
  });

  it('leaves variables, locals that are not constants, and `iota` groups alone', async () => {
    const text = `package main

var addr = ":8080"

const (
\tmodeA = iota
\tsecret = "sk_live_0123456789abcdef"
)

func main() {
\tconst local = ":9090"
\tserve(addr, local)
}
`;
    const m = await model(text);
    assert.deepEqual(m.idioms.declarationEdits?.(str(m, ':8080').span), []);
    assert.deepEqual(m.idioms.declarationEdits?.(str(m, 'sk_live_0123456789abcdef').span), [], 'a group with iota cannot become var as a whole');
    const local = fix(m, str(m, ':9090'), m.idioms.envNumber('PORT', '":9090"'));
    assert.ok(local.includes('\tvar local = ":" + cmp.Or(os.Getenv("PORT"), "9090")\n'), local);
    assert.ok(await parsesCleanly(local), local);
  });
});

describe('go adapter: what no-in-memory-session reads', () => {
  it('binds each import to its package name or alias', async () => {
    const m = await model(`package main

import (
	"net/http"
	ms "github.com/gin-contrib/sessions/memstore"
	"github.com/alexedwards/scs/v2"
	_ "github.com/lib/pq"
)
`);
    assert.deepEqual(
      m.imports.map((i) => [i.module, i.bindings?.map((b) => b.local)]),
      [
        ['net/http', ['http']],
        ['github.com/gin-contrib/sessions/memstore', ['ms']],
        ['github.com/alexedwards/scs/v2', ['scs']],
        ['github.com/lib/pq', undefined],
      ],
    );
  });

  it('names the function a collection is changed in, through function literals', async () => {
    const m = await model(`package main

var visits = map[string]int{}

func count(user string) {
	visits[user]++
}

func init() {
	go func() { visits["boot"] = 1 }()
}
`);
    assert.deepEqual(m.collections.find((c) => c.name === 'visits')?.mutations.map((x) => [x.keyText, x.functionName, x.inHandler]), [
      ['user', 'count', false],
      ['"boot"', 'init', false],
    ]);
  });
});

describe('go adapter: imports added at one point', () => {
  it('come as one edit, so that every host applies them in the same order', async () => {
    const m = await model(`package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n`);
    const edits = m.idioms.envImportEdits(m.idioms.envNumber('PORT', '":8080"'));
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, '\nimport "os"\nimport "cmp"');
  });
});

describe('go adapter: fields assigned after a declaration', () => {
  it('names the object a literal is assigned to a field of', async () => {
    const m = await model(`package main\n\nimport "net/http"\n\nfunc main() {\n\tsrv := &http.Server{}\n\tsrv.Addr = "127.0.0.1:8000"\n\tcfg.db.Host = "db.internal"\n\taddr := ":9000"\n\tsrv.ListenAndServe()\n\t_ = addr\n}\n`);
    assert.equal(str(m, '127.0.0.1:8000').context.receiver, 'srv');
    assert.equal(str(m, '127.0.0.1:8000').context.key, 'Addr');
    assert.equal(str(m, 'db.internal').context.receiver, 'cfg.db');
    assert.equal(str(m, ':9000').context.receiver, undefined, 'a plain variable has no receiver');
  });
});

describe('go adapter: choices by environment name', () => {
  it('marks if and switch branches on the environment, and the value after an early return', async () => {
    const m = await model(`package main

import "os"

func dsn() string {
	if os.Getenv("APP_ENV") == "production" {
		return "postgres://prod.internal/db"
	}
	return "postgres://localhost/db"
}

func addr() string {
	switch os.Getenv("APP_ENV") {
	case "production":
		return "redis.prod.internal:6379"
	default:
		return "localhost:6379"
	}
}

func other(debug bool) string {
	if debug {
		return "db.debug.internal"
	}
	return "db.internal"
}
`);
    for (const v of ['postgres://prod.internal/db', 'postgres://localhost/db', 'redis.prod.internal:6379', 'localhost:6379']) assert.equal(str(m, v).context.envBranch, true, v);
    for (const v of ['db.debug.internal', 'db.internal', 'production']) assert.equal(str(m, v).context.envBranch, undefined, v);
  });
});
