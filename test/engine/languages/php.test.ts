/**
 * The PHP adapter: the SourceModel it builds from Laravel config files and controllers, plain PHP
 * pages, Slim and Symfony code, its fix idioms, and suppression comments through the engine.
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

async function model(text: string, path = 'public/index.php'): Promise<SourceModel> {
  const spec = languageFor(path);
  assert.ok(spec, `a language for ${path}`);
  assert.equal(spec.id, 'php');
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

function prop(v: Value | undefined, ...path: string[]): Value | undefined {
  let cur = v;
  for (const k of path) cur = cur?.kind === 'object' ? cur.props.find((p) => p.key === k)?.value : undefined;
  return cur;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

async function parsesCleanly(text: string): Promise<boolean> {
  await prepareGrammar('php');
  const tree = parse('php', text);
  assert.ok(tree);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

const DATABASE_PHP = `<?php

use Illuminate\\Support\\Str;

return [
    'default' => env('DB_CONNECTION', 'mysql'),
    'connections' => [
        'mysql' => [
            'driver' => 'mysql',
            'host' => env('DB_HOST', '127.0.0.1'),
            'port' => env('DB_PORT', '3306'),
            'username' => env('DB_USERNAME', 'forge'),
            'password' => 'Sup3rS3cret!',
        ],
    ],
    'redis' => [
        'client' => env('REDIS_CLIENT', 'phpredis'),
        'default' => [
            'url' => env('REDIS_URL'),
            'host' => 'redis.internal',
            'prefix' => Str::slug(env('APP_NAME', 'laravel'), '_') . '_database_',
        ],
    ],
];
`;

describe('php adapter: Laravel config files', () => {
  it('reads string-keyed arrays as objects with key paths', async () => {
    const m = await model(DATABASE_PHP, 'config/database.php');
    assert.equal(m.language, 'php');
    assert.equal(m.hasErrors, false);
    const pw = str(m, 'Sup3rS3cret!');
    assert.equal(pw.context.key, 'password');
    assert.deepEqual(pw.context.keyPath, ['connections', 'mysql', 'password']);
    assert.equal(pw.context.topLevel, true, 'the array a config file returns');
    assert.deepEqual(str(m, 'redis.internal').context.keyPath, ['redis', 'default', 'host']);
    assert.equal(str(m, 'connections').context.nonValue, true, 'array keys are not values');
    const host = str(m, '127.0.0.1');
    assert.equal(host.context.envFallback, true);
    assert.equal(host.context.key, 'host');
    assert.deepEqual(host.context.keyPath, ['connections', 'mysql', 'host']);
    assert.equal(str(m, 'DB_HOST').context.nonValue, true);
    assert.equal(str(m, '_database_').context.inExpression, true);
    assert.deepEqual(m.envReads.map((e) => e.name), ['DB_CONNECTION', 'DB_HOST', 'DB_PORT', 'DB_USERNAME', 'REDIS_CLIENT', 'REDIS_URL', 'APP_NAME']);
    assert.deepEqual(m.imports.map((i) => [i.module, i.bindings]), [['Illuminate\\Support\\Str', [{ local: 'Str', imported: 'Str' }]]]);
  });

  it('gives calls that are array values the keys above them', async () => {
    const m = await model(
      `<?php\nreturn [\n  'channels' => [\n    'single' => ['driver' => 'single', 'path' => storage_path('logs/laravel.log')],\n    'tap' => ['with' => [(base_path('x.log'))], 7 => app_path('y')],\n  ],\n  'other' => strtolower(env('X')),\n];\nlog_it(storage_path('z.log'));\n`,
      'config/logging.php',
    );
    const byArg = (v: string) => m.calls.find((c) => c.args[0]?.kind === 'string' && c.args[0].value === v);
    assert.deepEqual(byArg('logs/laravel.log')?.keyPath, ['channels', 'single', 'path']);
    // a list entry has no key of its own: the path stops above it
    assert.equal(byArg('x.log')?.keyPath, undefined);
    assert.deepEqual(byArg('y')?.keyPath, ['channels', 'tap', '7']);
    assert.deepEqual(m.calls.find((c) => c.callee === 'strtolower')?.keyPath, ['other']);
    assert.equal(m.calls.find((c) => c.callee === 'env')?.keyPath, undefined, 'an argument of a call is not an array value');
    assert.equal(byArg('z.log')?.keyPath, undefined);
  });

  it('writes Laravel env() in files that use it', async () => {
    const m = await model(DATABASE_PHP, 'config/database.php');
    assert.equal(m.idioms.envString('DB_PASSWORD'), "env('DB_PASSWORD')");
    assert.equal(m.idioms.envNumber('PORT', '8000'), "(int) env('PORT', 8000)");
    const edited = DATABASE_PHP.replace("'Sup3rS3cret!'", m.idioms.envString('DB_PASSWORD')).replace("'redis.internal'", m.idioms.envStringOr!('REDIS_HOST', "'redis.internal'"));
    assert.ok(await parsesCleanly(edited), edited);
  });
});

const PLAIN_PHP = `<?php
require __DIR__ . '/vendor/autoload.php';

use Monolog\\Logger;
use Monolog\\Handler\\StreamHandler;

const DB_PASSWORD = 'r00t-pa55';
define('API_TOKEN', 'tok_live_0123456789abcdef');

session_start();
ini_set('session.save_handler', 'files');

$log = new Logger('shop');
$log->pushHandler(new StreamHandler('/var/log/shop.log', Logger::WARNING));
$log->pushHandler(new \\Monolog\\Handler\\StreamHandler('php://stdout'));

$pdo = new PDO("mysql:host=db.internal;dbname=shop", "root", DB_PASSWORD);
$port = (int) (getenv('PORT') ?: 8000);
$secret = $_ENV['APP_SECRET'] ?? 'dev-secret';
$uri = $_SERVER['REQUEST_URI'];

# cart of the visitor
$_SESSION['cart'][] = $_POST['item'];
error_log("cart updated", 3, '/var/log/cart.log');
?>
<html><body><?= htmlspecialchars($uri) ?></body></html>
`;

describe('php adapter: plain PHP', () => {
  it('reads calls, constructors and constants', async () => {
    const m = await model(PLAIN_PHP);
    assert.equal(m.hasErrors, false, 'HTML after the closing tag is text');
    const pdo = call(m, 'PDO');
    assert.equal(pdo.isNew, true);
    assert.equal(pdo.assignedTo, 'pdo');
    assert.deepEqual(plain(pdo.args), [
      { kind: 'string', value: 'mysql:host=db.internal;dbname=shop' },
      { kind: 'string', value: 'root' },
      { kind: 'identifier', name: 'DB_PASSWORD', resolved: { kind: 'string', value: 'r00t-pa55' } },
    ]);
    const handlers = m.calls.filter((c) => c.name === 'StreamHandler');
    assert.deepEqual(handlers.map((c) => [c.callee, c.receiver, c.isNew]), [
      ['StreamHandler', undefined, true],
      ['Monolog\\Handler\\StreamHandler', 'Monolog\\Handler', true],
    ]);
    assert.deepEqual(plain(handlers[1].args), [{ kind: 'string', value: 'php://stdout' }]);
    assert.deepEqual(plain(call(m, 'error_log').args[2]), { kind: 'string', value: '/var/log/cart.log' });
    assert.equal(call(m, '$log->pushHandler').topLevel, true);
    assert.deepEqual(m.imports.map((i) => i.module), ['Monolog\\Logger', 'Monolog\\Handler\\StreamHandler'], 'the autoload path is an expression, not a module name');
  });

  it('gives strings their names, settings and env defaults', async () => {
    const m = await model(PLAIN_PHP);
    assert.deepEqual([str(m, 'r00t-pa55').context.key, str(m, 'r00t-pa55').context.topLevel], ['DB_PASSWORD', true]);
    const token = str(m, 'tok_live_0123456789abcdef');
    assert.deepEqual([token.context.key, token.context.topLevel], ['API_TOKEN', true]);
    assert.equal(str(m, 'API_TOKEN').context.nonValue, true);
    const handler = str(m, 'files');
    assert.equal(handler.context.key, 'session.save_handler');
    assert.equal(str(m, 'session.save_handler').context.nonValue, true);
    assert.equal(str(m, 'dev-secret').context.envFallback, true);
    assert.equal(str(m, 'dev-secret').context.key, 'secret');
    assert.equal(str(m, 'cart updated').context.nonValue, true, 'a log message');
    assert.equal(str(m, 'shop').context.call?.site.callee, 'Logger');
    assert.deepEqual(m.envReads.map((e) => e.name), ['PORT', 'APP_SECRET'], 'REQUEST_URI describes the request, not the environment');
    const port = m.calls.find((c) => c.callee === 'getenv');
    assert.ok(port);
  });

  it('lists $_SESSION writes as session state', async () => {
    const m = await model(PLAIN_PHP);
    const session = m.collections.find((c) => c.name === '$_SESSION');
    assert.ok(session);
    assert.deepEqual(session.mutations.map((x) => [x.keyText, x.inHandler]), [["'cart'", true]]);
    assert.equal(m.text.slice(session.nameSpan.start, session.nameSpan.end), '$_SESSION');
    assert.deepEqual(m.comments.map((c) => [c.text, c.line, c.ownLine]), [['cart of the visitor', 21, true]]);
  });

  it('writes getenv() elsewhere, and the result parses', async () => {
    const m = await model(PLAIN_PHP);
    const { idioms } = m;
    assert.equal(idioms.envString('DB_PASSWORD'), "getenv('DB_PASSWORD')");
    assert.equal(idioms.envNumber('PORT', '8000'), "(int) (getenv('PORT') ?: 8000)");
    assert.equal(idioms.envStringOr?.('PORT', '8000'), "getenv('PORT') ?: '8000'");
    assert.equal(idioms.envAddress?.('PORT', '0.0.0.0', '8080'), "'0.0.0.0:' . (getenv('PORT') ?: '8080')");
    assert.deepEqual(idioms.envImportEdits(), []);
    assert.equal(idioms.lineComment, '//');
    const edited = PLAIN_PHP.replace("'r00t-pa55'", idioms.envString('DB_PASSWORD'))
      .replace("'files'", idioms.envStringOr!('SESSION_HANDLER', "'files'"))
      .replace('"mysql:host=db.internal;dbname=shop"', idioms.envString('DATABASE_DSN'))
      .replace("'/var/log/cart.log'", idioms.envAddress!('PORT', 'tcp://0.0.0.0', '9000'))
      .replace('8000', idioms.envNumber('PORT', '8000'));
    assert.notEqual(edited, PLAIN_PHP);
    assert.ok(await parsesCleanly(edited), edited);
  });
});

describe('php adapter: controllers and routes', () => {
  it('knows controller actions and the static state they change', async () => {
    const m = await model(`<?php

namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\Log;

class CartController extends Controller
{
    private static array $carts = [];
    private const MAX_ITEMS = 50;

    public function store(Request $request, string $id)
    {
        self::$carts[$id][] = $request->input('item');
        Log::info('cart updated', ['id' => $id]);
        if ($request->input('coupon') === 'FREESHIP') {
            return response()->json(['free' => true]);
        }
        return response()->json(['count' => count(self::$carts[$id]), 'max' => self::MAX_ITEMS]);
    }

    public static function reset(): void
    {
        unset(self::$carts['demo']);
    }
}
`, 'app/Http/Controllers/CartController.php');
    const carts = m.collections.find((c) => c.name === '$carts');
    assert.ok(carts);
    assert.equal(carts.kind, 'map');
    assert.deepEqual(carts.mutations.map((x) => [x.keyText, x.inHandler]), [['$id', true], ["'demo'", false]]);
    assert.equal(str(m, 'FREESHIP').context.comparison, true);
    assert.equal(str(m, 'cart updated').context.nonValue, true);
    assert.equal(call(m, 'Log::info').inHandler, true);
    assert.equal(call(m, 'Log::info').functionName, 'store');
    const json = call(m, 'response()->json', 1);
    assert.deepEqual(plain(prop(json.args[0], 'max')), { kind: 'identifier', name: 'self::MAX_ITEMS', resolved: { kind: 'number', value: 50 } });
    assert.equal(json.receiverCall?.callee, 'response');
  });

  it('knows route closures, Symfony routes and function static variables', async () => {
    const m = await model(`<?php
use Symfony\\Component\\Routing\\Attribute\\Route;

$app = AppFactory::create();
$app->get('/hello/{name}', function (Request $request, Response $response, array $args) {
    static $greeted = [];
    $greeted[$args['name']] = true;
    $response->getBody()->write("Hello");
    return $response;
});
Route::post('/cart', fn (Request $r) => Cache::put('cart:' . $r->user()->id, $r->all()));

function memo(string $k) {
    static $cache = [];
    $cache[$k] = strtoupper($k);
    return $cache[$k];
}

final class HealthController
{
    private static $hits = [];

    #[Route('/health', name: 'health')]
    public function __invoke(): Response
    {
        self::$hits[] = time();
        return new Response(status: 200);
    }
}
$app->run();
`, 'public/index.php');
    const byName = Object.fromEntries(m.collections.map((c) => [c.name, c.mutations.map((x) => [x.keyText, x.inHandler])]));
    assert.deepEqual(byName, {
      $greeted: [["$args['name']", true]],
      $cache: [['$k', false]],
      $hits: [[undefined, true]],
    });
    assert.equal(call(m, 'Cache::put').inHandler, true, 'an arrow function given to a route');
    assert.equal(call(m, '$app->run').inHandler, false);
    const response = call(m, 'Response');
    assert.deepEqual(plain(response.kwargs), [{ key: 'status', value: { kind: 'number', value: 200 } }]);
    assert.equal(str(m, '/health').context.nonValue, true, 'an attribute');
    assert.equal(str(m, 'health').context.nonValue, true);
  });
});

describe('php adapter: values and scopes', () => {
  it('turns every lookup style into an env value with its default', async () => {
    const m = await model(`<?php
$a = getenv('DATABASE_URL');
$b = getenv('REDIS_HOST') ?: 'localhost';
$c = $_ENV['QUEUE'] ?? 'jobs';
$d = $_SERVER['APP_ENV'] ?? 'production';
$e = env('MAIL_PORT', 587);
$f = intval(getenv('WORKERS'));
$g = (int) ($_ENV['PORT'] ?? 8080);
use_all($a, $b, $c, $d, $e, $f, $g);
`);
    assert.deepEqual(plain(call(m, 'use_all').args.map((v) => (v.kind === 'identifier' ? v.resolved : v))), [
      { kind: 'env', name: 'DATABASE_URL' },
      { kind: 'env', name: 'REDIS_HOST', fallback: { kind: 'string', value: 'localhost' } },
      { kind: 'env', name: 'QUEUE', fallback: { kind: 'string', value: 'jobs' } },
      { kind: 'env', name: 'APP_ENV', fallback: { kind: 'string', value: 'production' } },
      { kind: 'env', name: 'MAIL_PORT', fallback: { kind: 'number', value: 587 } },
      { kind: 'env', name: 'WORKERS' },
      { kind: 'env', name: 'PORT', fallback: { kind: 'number', value: 8080 } },
    ]);
    for (const v of ['localhost', 'jobs', 'production']) assert.equal(str(m, v).context.envFallback, true, v);
  });

  it('resolves constants and variables assigned once in their scope', async () => {
    const m = await model(`<?php
const PORT = 8080;
define('HOST', '0.0.0.0');
class Server { const ADMIN = 9090; }
$mode = 'dev';
$mode = 'prod';
$workers = 4;
serve(PORT, HOST, Server::ADMIN, $mode, $workers);
`);
    assert.deepEqual(plain(call(m, 'serve').args), [
      { kind: 'identifier', name: 'PORT', resolved: { kind: 'number', value: 8080 } },
      { kind: 'identifier', name: 'HOST', resolved: { kind: 'string', value: '0.0.0.0' } },
      { kind: 'identifier', name: 'Server::ADMIN', resolved: { kind: 'number', value: 9090 } },
      { kind: 'identifier', name: '$mode' },
      { kind: 'identifier', name: '$workers', resolved: { kind: 'number', value: 4 } },
    ]);
  });

  it('unescapes each kind of string and keeps interpolation out of the literals', async () => {
    const m = await model(`<?php
$a = 'it\\'s \\n raw';
$b = "tab\\t caf\\u{e9} \\$x";
$c = "hello $name";
$d = <<<'PEM'
    -----BEGIN PRIVATE KEY-----
    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
    PEM;
$e = <<<SQL
    SELECT * FROM carts
      WHERE id = 1
    SQL;
`);
    assert.equal(str(m, "it's \\n raw").context.key, 'a');
    assert.equal(str(m, 'tab\t café $x').context.key, 'b');
    assert.equal(m.strings.some((s) => s.value.startsWith('hello')), false);
    assert.equal(str(m, '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC').context.key, 'd');
    assert.equal(str(m, 'SELECT * FROM carts\n  WHERE id = 1').context.key, 'e');
  });

  it('stays linear and bounded on pathologically deep code, and keeps its facts', async () => {
    const chain = '$b' + Array.from({ length: 2500 }, (_, i) => `\n            ->m${i}('a${i}')`).join('');
    const concat = Array.from({ length: 2500 }, (_, i) => `'p${i}'`).join(' .\n        ');
    const text = `<?php
final class DeepController extends Controller
{
    private static array $sessions = [];
    private const SQL = ${concat};

    public function login(Request $request)
    {
        self::$sessions[$request->input('user')] = 'in';
        ${chain};
    }
}
`;
    const started = Date.now();
    const m = await model(text);
    assert.ok(Date.now() - started < 20_000, 'built in bounded time');
    assert.equal(m.hasErrors, false);
    assert.equal(m.calls.filter((c) => /^m\d+$/.test(c.name)).length, 2500);
    assert.deepEqual(m.collections.find((c) => c.name === '$sessions')?.mutations.map((x) => [x.keyText, x.inHandler]), [["$request->input('user')", true]]);
    assert.equal(str(m, 'p2499').context.inExpression, true);
    assert.equal(str(m, 'a0').context.call?.site.name, 'm0');
  });

  it('measures spans in UTF-16 code units, as the editor does', async () => {
    const text = `<p>Ünïcödé ☕ 😀</p>\n<?php\n// naïve café ☕\n$greeting = "héllo 😀 wörld";\n$token = 'tok_😀_x';\n`;
    const m = await model(text);
    const g = str(m, 'héllo 😀 wörld');
    assert.equal(text.slice(g.span.start, g.span.end), '"héllo 😀 wörld"');
    assert.equal(text.slice(g.innerSpan.start, g.innerSpan.end), 'héllo 😀 wörld');
    const t = str(m, 'tok_😀_x');
    assert.equal(text.slice(t.innerSpan.start, t.innerSpan.end), 'tok_😀_x');
    assert.equal(m.comments[0].text, 'naïve café ☕');
  });

  it('builds a model from broken code without throwing', async () => {
    const m = await model(`<?php
const PASSWORD = 'hunter2hunter2';
function f( {
    new PDO("mysql:host=db", "root"
`);
    assert.equal(m.hasErrors, true);
    assert.equal(str(m, 'hunter2hunter2').context.key, 'PASSWORD');
    const html = await model('<html><body>no php at all</body></html>\n');
    assert.equal(html.strings.length, 0);
    assert.equal(html.hasErrors, false);
  });
});

describe('php adapter: through the engine', () => {
  const rule: Rule = {
    meta: { id: 'test-rule', factor: 3, description: 'Reports every top-level string bound to a name.', defaultSeverity: 'warning', fixable: true },
    create(ctx) {
      for (const s of ctx.model.strings) {
        if (s.context.topLevel && s.context.key && !s.context.nonValue) ctx.report({ span: s.span, message: s.context.key, fixes: [replaceFix(ctx.model, 'Read from the environment', s.span, ctx.model.idioms.envString(s.context.key))] });
      }
    },
  };

  it('honours suppression comments in each comment style, and the fix parses', async () => {
    const text = `<?php
const API_KEY = 'sk_live_0123456789abcdef'; // twelve-factor-ignore-line test-rule
$token = 'tok_0123456789abcdef';
# twelve-factor-ignore-next-line test-rule -- rotated weekly
const PASSWORD = 'hunter2hunter2';
/* twelve-factor-ignore-next-line test-rule */
const SECRET = 's3cr3t-s3cr3t';
`;
    const m = await model(text, 'config/keys.php');
    const findings = runRules(m, 'config/keys.php', {}, [rule]);
    assert.deepEqual(findings.map((f) => f.message), ['token']);
    const fixed = applyEdits(text, findings[0].fixes[0].edits);
    assert.ok(fixed.includes("$token = getenv('token');"), fixed);
    assert.ok(await parsesCleanly(fixed));
  });
});

describe('php adapter: pending fixture corpus', () => {
  const root = path.join(__dirname, '..', '..', 'fixtures', 'pending', 'php');
  const files = listFixtures(root);
  const RULES = ['no-hardcoded-secret', 'no-hardcoded-backing-service', 'no-fixed-port', 'no-file-logging', 'no-in-memory-session'];

  it('annotates every rule with findings and tricky negatives', () => {
    for (const rule of RULES) {
      const inFolder = languageCorpus(path.join(__dirname, '..', '..', 'fixtures'), 'php', rule);
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

describe('php adapter: constants that must hold a call', () => {
  it('turns a top-level `const` into `define()`, keeping the namespace, and leaves class constants alone', async () => {
    const plainFile = `<?php

const HTTP_PORT = 9501;
const API_TOKEN = 'tok_live_0123456789abcdef', API_HEADER = 'X-Token', API_REGION = 'eu';

class Client
{
    const SECRET = 'sk_live_0123456789abcdef';
}
`;
    const m = await model(plainFile, 'bootstrap.php');
    const at = (text: string) => ({ start: plainFile.indexOf(text), end: plainFile.indexOf(text) + text.length });
    const port = applyEdits(plainFile, replaceFix(m, 'PORT', at('9501'), m.idioms.envNumber('PORT', '9501')).edits);
    assert.ok(port.includes("\ndefine('HTTP_PORT', (int) (getenv('PORT') ?: 9501));\n"), port);
    assert.ok(await parsesCleanly(port), port);

    const first = applyEdits(plainFile, replaceFix(m, 'API_TOKEN', str(m, 'tok_live_0123456789abcdef').span, m.idioms.envString('API_TOKEN')).edits);
    assert.ok(first.includes("define('API_TOKEN', getenv('API_TOKEN')); const API_HEADER = 'X-Token', API_REGION = 'eu';"), first);
    assert.ok(await parsesCleanly(first), first);
    const middle = applyEdits(plainFile, replaceFix(m, 'API_HEADER', str(m, 'X-Token').span, m.idioms.envString('API_HEADER')).edits);
    assert.ok(middle.includes("const API_TOKEN = 'tok_live_0123456789abcdef'; define('API_HEADER', getenv('API_HEADER')); const API_REGION = 'eu';"), middle);
    assert.ok(await parsesCleanly(middle), middle);
    const last = applyEdits(plainFile, replaceFix(m, 'API_REGION', str(m, 'eu').span, m.idioms.envString('API_REGION')).edits);
    assert.ok(last.includes("const API_TOKEN = 'tok_live_0123456789abcdef', API_HEADER = 'X-Token'; define('API_REGION', getenv('API_REGION'));"), last);
    assert.ok(await parsesCleanly(last), last);

    assert.deepEqual(m.idioms.declarationEdits?.(str(m, 'sk_live_0123456789abcdef').span), [], 'a class constant would need a static property');

    const namespaced = `<?php

namespace App\\Config;

const HTTP_PORT = 9501;
`;
    const n = await model(namespaced, 'src/Config/constants.php');
    const i = namespaced.indexOf('9501');
    const fixedNs = applyEdits(namespaced, replaceFix(n, 'PORT', { start: i, end: i + 4 }, n.idioms.envNumber('PORT', '9501')).edits);
    assert.ok(fixedNs.includes("define(__NAMESPACE__ . '\\\\HTTP_PORT', (int) (getenv('PORT') ?: 9501));"), fixedNs);
    assert.ok(await parsesCleanly(fixedNs), fixedNs);
  });
});

describe('php adapter: what no-in-memory-session reads', () => {
  it('lists a top-level array that a closure captures by reference, not one captured by value', async () => {
    const m = await model(`<?php
$sessions = [];
$labels = [];
$http = new React\\Http\\HttpServer(function (Psr\\Http\\Message\\ServerRequestInterface $request) use (&$sessions, $labels) {
    $sid = $request->getCookieParams()['sid'] ?? '';
    $sessions[$sid] = ($sessions[$sid] ?? 0) + 1;
    $labels['x'] = 1;
});
`, 'server.php');
    assert.deepEqual(
      m.collections.map((c) => [c.name, c.mutations.map((x) => [x.keyText, x.inHandler])]),
      [['$sessions', [['$sid', true]]]],
    );
  });
});

describe('php adapter: environment lookups with a default', () => {
  const text = (m: SourceModel, span: { start: number; end: number }) => m.text.slice(span.start, span.end);
  it("env('X', 'd'): the call without its default is required", async () => {
    const m = await model(`<?php\nreturn ['key' => env('APP_KEY', 'd-1')];\n`, 'config/app.php');
    const s = str(m, 'd-1');
    assert.equal(s.context.envFallback, true);
    assert.equal(s.context.envLookup?.name, 'APP_KEY');
    assert.equal(s.context.envLookup?.required, "env('APP_KEY')");
  });
  it("getenv('X') ?: 'd' and $_ENV['X'] ?? 'd': the lookup is the left operand", async () => {
    const m = await model(`<?php\n$a = getenv('JWT_SECRET') ?: 'd-2';\n$b = $_ENV['SENDGRID_API_KEY'] ?? 'd-3';\n`);
    assert.equal(text(m, str(m, 'd-2').context.envLookup!.span), "getenv('JWT_SECRET')");
    assert.equal(text(m, str(m, 'd-2').context.envLookup!.expression), "getenv('JWT_SECRET') ?: 'd-2'");
    assert.equal(text(m, str(m, 'd-3').context.envLookup!.span), "$_ENV['SENDGRID_API_KEY']");
  });
});

describe('php adapter: the array a config file returns', () => {
  it('is the model\'s returnValue, with numbers and env lookups as values', async () => {
    const m = await model(`<?php\n\nreturn [\n    'servers' => [\n        ['name' => 'http', 'port' => 9501, 'callbacks' => []],\n        ['name' => 'rpc', 'port' => (int) env('RPC_PORT', 9504)],\n    ],\n];\n`, 'config/autoload/server.php');
    const servers = prop(m.returnValue, 'servers');
    assert.equal(servers?.kind, 'array');
    const [http, rpc] = servers?.kind === 'array' ? servers.items : [];
    assert.deepEqual(plain(prop(http, 'port')), { kind: 'number', value: 9501 });
    assert.equal(prop(rpc, 'port')?.kind, 'env');
    assert.equal((await model(`<?php\necho 'hi';\n`)).returnValue, undefined, 'no returned array: no value');
  });
});

describe('php adapter: choices by environment name', () => {
  it('marks environment() ternaries, ifs and match arms, and binds a match arm to its target', async () => {
    const m = await model(`<?php
$dsn = app()->environment('production') ? 'pgsql:host=prod.internal;dbname=x' : 'pgsql:host=127.0.0.1;dbname=x';
$host = match (getenv('APP_ENV')) {
    'production' => 'redis.prod.internal',
    default => 'localhost',
};
if (getenv('APP_ENV') === 'staging') {
    $broker = 'amqp://mq.staging.internal';
}
$other = $fast ? 'a.internal' : 'b.internal';
`);
    for (const v of ['pgsql:host=prod.internal;dbname=x', 'pgsql:host=127.0.0.1;dbname=x', 'redis.prod.internal', 'localhost', 'amqp://mq.staging.internal']) {
      assert.equal(str(m, v).context.envBranch, true, v);
    }
    assert.equal(str(m, 'redis.prod.internal').context.key, 'host');
    assert.equal(str(m, 'redis.prod.internal').context.inExpression, undefined);
    for (const v of ['a.internal', 'b.internal']) assert.equal(str(m, v).context.envBranch, undefined, v);
  });
});
