/**
 * no-in-memory-session (Factor VI, Processes)
 *
 * Twelve-factor processes are stateless and share nothing: anything that must outlive a request
 * lives in a backing service. State kept in one process is lost on restart and deploy, and is
 * missing when the next request reaches another instance.
 *
 * Reported in JavaScript/TypeScript:
 * - express-session with no `store` (its default is the in-process MemoryStore), @fastify/session and
 *   fastify-session without a store (their default is in memory), koa-generic-session without a store
 *   (MemoryStore); an explicit `new session.MemoryStore()`, or the `memorystore` package's store.
 *   koa-session is quiet: its default keeps the session in a signed cookie, on the client.
 * - Module-level Maps, Sets, objects and arrays that request handlers change to keep per-user or
 *   per-client data (sessions, carts, users, tokens, login attempts, rate limits per IP…), known by
 *   their name or by keys taken from the request (`req.*`, `ctx.*`). Caches, metrics and connection
 *   registries are quiet: losing them loses nothing.
 * - multer disk storage (`dest`, `diskStorage`) into a local folder that later requests read back
 *   (static serving, `res.sendFile`, `fs.readFile` in another handler).
 *
 * Reported in the other languages (the same collections, changed by handlers, by functions that
 * handlers call, or by a singleton service's methods outside its constructor and start-up hooks):
 * - Python: Django `SESSION_ENGINE` file backend, the cache backend over a LocMem/file/dummy cache
 *   defined in the same file, Flask-Session `SESSION_TYPE = "filesystem"`; module-level dicts, lists
 *   and sets (and class attributes) changed by Flask/Django/FastAPI/aiohttp/Tornado handlers.
 * - Go: package-level maps, slices, `sync.Map`s and structs of maps (a mutex does not share them
 *   across processes); gin-contrib memstore, gorilla `NewFilesystemStore`, scs `New()` without a shared
 *   store package, scs memstore, Fiber `session.New()` without `Storage`.
 * - Java: static collections and singleton beans' instance fields; `HttpSession.setAttribute` unless the
 *   file enables Spring Session over Redis/JDBC/MongoDB/Hazelcast; Javalin `ctx.sessionAttribute(k, v)`;
 *   Spring Session's `MapSessionRepository`.
 * - Ruby: constants, globals, class variables and class-level instance variables holding hashes, arrays
 *   and sets; `use Rack::Session::Pool`; Rails `session_store :cache_store` over a memory/file/null
 *   cache store set in the same file (outside the development and test environments).
 * - C#: static collections and thread-safe collections in services' instance fields;
 *   `AddDistributedMemoryCache()` with `AddSession()` and no shared distributed cache.
 * - PHP: static properties and variables, top-level arrays captured by reference in closures, written
 *   `Swoole\Table`s; the `files` save handler, local `session.save_path`, `$_SESSION` on them; Laravel
 *   session config with the `file`, `array` or `apc` driver.
 * - web.config: `<sessionState>` InProc (also by default) or a StateServer on the same machine.
 *
 * Fixes (never preferred: each adds a service, some a package): express-session "Store sessions in
 * Redis (REDIS_URL)" (the `redis` and `connect-redis` packages); Django file engine → `backends.db`;
 * Rails cache store → `:redis_cache_store` from REDIS_URL; ASP.NET `AddDistributedMemoryCache()` →
 * `AddStackExchangeRedisCache` from REDIS_CONNECTION; Laravel driver → `env('SESSION_DRIVER', 'redis')`.
 * The other findings say in their message which backing service to use.
 */
import type { CallSite, CollectionMutation, ModuleCollection, SourceModel, Value } from '../../model';
import type { Fix, Rule, Span, TextEdit } from '../../types';
import { eolOf, indentationAt, positionAt } from '../../text';
import { message, resolve, textOf } from '../util';
import {
  ASPNET_SHARED_CACHES,
  DJANGO_CACHE_ENGINE,
  DJANGO_FILE_ENGINE,
  DJANGO_LOCAL_CACHES,
  FLASK_LOCAL_TYPES,
  GO_FIBER_SESSION,
  GO_LOCAL_STORES,
  GO_SCS,
  GO_SCS_STORE,
  LARAVEL_LOCAL_DRIVERS,
  PHP_REMOTE_SAVE_PATH,
  RAILS_LOCAL_CACHE_STORES,
  SERVLET_SESSION,
  SPRING_MAP_REPOSITORIES,
  SPRING_SESSION_SHARED,
  WEB_CONFIG_LOCAL_MODES,
} from './no-in-memory-session.apis';
import {
  bindingOf,
  callOrigin,
  identifierWords,
  lastName,
  literalPieces,
  localNameOf,
  memberPath,
  moduleOfValue,
  pathSegments,
  propOf,
  sameSpan,
  stringOf,
} from '../_origins';

const FACTOR = 6;
const WHY_SESSION = 'each process keeps its own copy in memory, so users are logged out on every restart and deploy, and a request that reaches another instance finds no session.';

/** Session middlewares whose default store is the process's memory (checked against each package's documentation). */
const MEMORY_DEFAULT: Record<string, string> = {
  'express-session': 'express-session',
  '@fastify/session': '@fastify/session',
  'fastify-session': 'fastify-session',
  'koa-generic-session': 'koa-generic-session',
};

type ObjectValue = Extract<Value, { kind: 'object' }>;

function asObject(v: Value | undefined): ObjectValue | undefined {
  const r = resolve(v);
  return r?.kind === 'object' ? r : undefined;
}

// ---- session middleware ------------------------------------------------------------------------

/** The session middleware a call configures, with its options argument. */
function sessionCall(model: SourceModel, call: CallSite): { module: string; options: Value | undefined } | undefined {
  if (call.isNew) return undefined;
  const o = callOrigin(model, call);
  if (o && MEMORY_DEFAULT[o.module] && memberPath(o).length === 0 && (o.module === 'express-session' || o.module === 'koa-generic-session')) {
    return { module: o.module, options: call.args[0] };
  }
  if (call.name === 'register' && call.receiver) {
    const plugin = moduleOfValue(model, call.args[0]);
    if (plugin && (plugin.module === '@fastify/session' || plugin.module === 'fastify-session') && memberPath(plugin).length === 0) {
      return { module: plugin.module, options: call.args[1] };
    }
  }
  return undefined;
}

/** What the rule looks up more than once per file: top-level calls by the name they are bound to, `require` calls by start. */
interface CallIndex {
  byName: Map<string, CallSite>;
  requireAt: Map<number, CallSite>;
  bySpan: Map<string, CallSite>;
  /** Names of the functions and methods that request handlers call (`limiterFor(ip)`, `service.add(…)`). */
  handlerCalls: Set<string>;
}

function indexCalls(model: SourceModel): CallIndex {
  const index: CallIndex = { byName: new Map(), requireAt: new Map(), bySpan: new Map(), handlerCalls: new Set() };
  // `carts.add(x)` in a handler changes the collection; it does not call a function named `add`
  const collections = new Set(model.collections.map((c) => lastName(c.name)));
  for (const c of model.calls) {
    if (c.assignedTo && c.topLevel && !index.byName.has(c.assignedTo)) index.byName.set(c.assignedTo, c);
    if (c.callee === 'require') index.requireAt.set(c.span.start, c);
    index.bySpan.set(`${c.span.start}:${c.span.end}`, c);
    if (c.inHandler && !(c.receiver && collections.has(lastName(c.receiver)))) index.handlerCalls.add(c.name);
  }
  return index;
}

/** `new session.MemoryStore()`, `new MemoryStore()` from express-session, or the `memorystore` package's store. */
function isMemoryStore(model: SourceModel, call: CallSite, index: CallIndex): string | undefined {
  if (!call.isNew) return undefined;
  const o = callOrigin(model, call);
  if (o && MEMORY_DEFAULT[o.module] && memberPath(o).join('.') === 'MemoryStore') return o.module;
  // const MemoryStore = require('memorystore')(session)  /  createMemoryStore(session)
  const factory = index.byName.get(call.callee);
  if (!factory) return undefined;
  const fo = callOrigin(model, factory);
  if (fo?.module === 'memorystore') return 'memorystore';
  const inner = index.requireAt.get(factory.span.start);
  return inner && inner.span.end < factory.span.end && inner.args[0]?.kind === 'string' && inner.args[0].value === 'memorystore' ? 'memorystore' : undefined;
}

/** A name for `wanted` that does not clash with a name the file already binds to something else. */
function freeName(model: SourceModel, wanted: string, alternative: string): string {
  return bindingOf(model, wanted) || model.calls.some((c) => c.assignedTo === wanted) ? alternative : wanted;
}

/** The "Store sessions in Redis" fix for an express-session call with no store (connect-redis ≥ 8, redis ≥ 4). */
function redisFix(model: SourceModel, call: CallSite): Fix | undefined {
  const imp = model.imports.find((i) => i.module === 'express-session' && i.statement && i.bindings?.length);
  if (!imp?.statement) return undefined;
  const text = model.text;
  const eol = eolOf(text);
  const esm = text.startsWith('import', imp.statement.start);
  const q = text[imp.span.start] === '"' ? '"' : "'";
  const semi = textOf(model, imp.statement).trimEnd().endsWith(';') ? ';' : '';
  const edits: TextEdit[] = [];

  // Where the options object is, and the statement before which the client is created.
  const arg = call.args[0];
  let obj: ObjectValue | undefined;
  let statement: Span | undefined = call.statement;
  if (arg?.kind === 'object') obj = arg;
  else if (arg?.kind === 'identifier' && arg.resolved?.kind === 'object' && arg.declaration) {
    obj = arg.resolved;
    statement = arg.declaration;
  } else if (arg) return undefined;
  if (!statement) return undefined;

  // Reuse a Redis client the module already creates before this statement.
  const existing = model.calls.find((c) => {
    if (!c.assignedTo || !c.topLevel || c.span.end > statement.start) return false;
    const o = callOrigin(model, c);
    return (o?.module === 'redis' && memberPath(o).join('.') === 'createClient') || (o?.module === 'ioredis' && c.isNew);
  });
  const lines: string[] = [];
  let clientName = existing?.assignedTo;
  let storeName = localNameOf(model, 'connect-redis', 'RedisStore');
  if (!storeName) {
    storeName = freeName(model, 'RedisStore', 'RedisSessionStore');
    const spec = storeName === 'RedisStore' ? 'RedisStore' : esm ? `RedisStore as ${storeName}` : `RedisStore: ${storeName}`;
    lines.push(esm ? `import { ${spec} } from ${q}connect-redis${q}${semi}` : `const { ${spec} } = require(${q}connect-redis${q})${semi}`);
  }
  if (!clientName) {
    let create = localNameOf(model, 'redis', 'createClient');
    if (!create) {
      create = freeName(model, 'createClient', 'createRedisClient');
      const spec = create === 'createClient' ? 'createClient' : esm ? `createClient as ${create}` : `createClient: ${create}`;
      lines.unshift(esm ? `import { ${spec} } from ${q}redis${q}${semi}` : `const { ${spec} } = require(${q}redis${q})${semi}`);
    }
    clientName = freeName(model, 'redisClient', 'sessionRedisClient');
    const indent = indentationAt(text, statement.start);
    edits.push({
      start: statement.start,
      end: statement.start,
      newText: `const ${clientName} = ${create}({ url: process.env.REDIS_URL })${semi}${eol}${indent}${clientName}.connect().catch(console.error)${semi}${eol}${eol}${indent}`,
    });
  }
  if (lines.length) edits.push({ start: imp.statement.end, end: imp.statement.end, newText: lines.map((l) => eol + l).join('') });

  const store = `store: new ${storeName}({ client: ${clientName} })`;
  if (!obj) {
    const inner = text.slice(call.argsSpan.start + 1, call.argsSpan.end - 1);
    if (inner.trim() !== '') return undefined;
    edits.push({ start: call.argsSpan.start + 1, end: call.argsSpan.end - 1, newText: `{ ${store} }` });
  } else if (obj.props.length === 0) {
    if (obj.incomplete) return undefined;
    edits.push({ ...obj.span, newText: `{ ${store} }` });
  } else {
    const first = obj.props.reduce((a, b) => (b.span.start < a.span.start ? b : a));
    const multiline = text.slice(obj.span.start, first.span.start).includes('\n');
    const sep = multiline ? `${eol}${indentationAt(text, first.span.start)}` : ' ';
    edits.push({ start: first.span.start, end: first.span.start, newText: `${store},${sep}` });
  }
  return { title: 'Store sessions in Redis (REDIS_URL)', edits, preferred: false, envVars: ['REDIS_URL'] };
}

function checkSessions(model: SourceModel, call: CallSite, index: CallIndex, report: (span: Span, msg: string, fix?: Fix) => void): void {
  const memory = isMemoryStore(model, call, index);
  if (memory) {
    const lib = memory === 'memorystore' ? 'memorystore' : `${memory} MemoryStore`;
    report(call.span, message(FACTOR, `Sessions are kept in ${lib}, in this process's memory`, WHY_SESSION, 'Use a store backed by a shared service, such as connect-redis with a client built from REDIS_URL.'));
    return;
  }
  const s = sessionCall(model, call);
  if (!s) return;
  const opts = s.options;
  if (opts) {
    const obj = asObject(opts);
    if (!obj) return; // options the rule cannot see
    if (obj.props.some((p) => p.key === 'store') || obj.incomplete) return;
  }
  const hint =
    s.module === 'express-session'
      ? 'Pass a store backed by a shared service, e.g. `store: new RedisStore({ client })` from connect-redis, with the client built from REDIS_URL.'
      : s.module === 'koa-generic-session'
        ? 'Pass a store backed by a shared service, e.g. `store: redisStore({ url: process.env.REDIS_URL })` from koa-redis.'
        : 'Pass a store backed by a shared service, e.g. connect-redis\'s RedisStore (it works with this plugin), with the client built from REDIS_URL.';
  const what = `${s.module} has no \`store\`, so sessions are kept in ${s.module === 'express-session' || s.module === 'koa-generic-session' ? 'its MemoryStore' : 'its in-memory store'}, in this process`;
  report(call.span, message(FACTOR, what, WHY_SESSION, hint), s.module === 'express-session' ? redisFix(model, call) : undefined);
}

// ---- module-level collections ---------------------------------------------------------------------

/** Names of state that must survive the request and be shared by every instance. */
const STATE_WORDS = new Set([
  'session', 'sessions', 'sess', 'cart', 'carts', 'basket', 'baskets', 'user', 'users', 'account', 'accounts', 'logged', 'online',
  'token', 'tokens', 'otp', 'otps', 'nonce', 'nonces', 'csrf', 'attempt', 'attempts', 'login', 'logins', 'ratelimit', 'ratelimits',
  'limit', 'limits', 'hits', 'visitors', 'visits', 'ip', 'ips', 'wishlist', 'wishlists', 'favorites', 'favourites', 'preferences',
  'profiles', 'orders', 'todos', 'posts', 'comments', 'messages', 'notes', 'bookings', 'reservations', 'subscriptions', 'votes', 'likes',
  'inventory', 'db', 'database', 'store', 'records', 'uploads', 'files', 'invites', 'codes', 'blocked', 'banned', 'lockouts', 'presence',
  'drafts', 'revoked', 'verifications',
]);

/** Names of collections that may be lost without harm, or that only make sense inside one process. */
const QUIET_WORDS = new Set([
  'cache', 'caches', 'cached', 'memo', 'memoized', 'memoize', 'lru', 'metrics', 'metric', 'stats', 'statistics', 'histogram', 'timings',
  'durations', 'latencies', 'samples', 'gauge', 'gauges', 'registry', 'routes', 'handlers', 'listeners', 'plugins', 'clients', 'connections',
  'sockets', 'subscribers', 'streams', 'inflight', 'timers', 'intervals', 'watchers', 'config', 'settings', 'schemas', 'loaders',
  'buffer', 'batch',
]);

/** `pending…` names in-flight work when its last word is one of these (request de-duplication); `pendingOrders` is state. */
const IN_FLIGHT = new Set(['requests', 'request', 'promises', 'calls', 'fetches', 'jobs', 'tasks', 'queries', 'loads', 'lookups', 'writes', 'flushes', 'renders']);

/** Keys and values that live only as long as a request or connection (the request itself, an open response, a socket). */
const CONNECTION_VALUES = /^(req|request|ctx|context|res|response|reply|socket|ws|client|stream|conn|connection)$/;

/**
 * A key taken from the request (`req.ip`, `ctx.state.user.id`, Go `c.Param("id")` / `r.RemoteAddr`, Ruby
 * `params[:user]`, PHP `$request->user()->id`, C# `HttpContext.Session.Id`) or named for a user or client.
 */
const REQUEST_KEY = /(^|[^\w$.>])(req|request|ctx|context|c|r|env|params|session|cookies|HttpContext|\$request|\$args|\$_(?:GET|POST|REQUEST|COOKIE))(\.|\[|->|\()[\w$'":]|^\$?(ip|user|userId|user_id|sessionId|session_id|sid|token|email|username|clientIp|client_ip|clientId|accountId|cartId|remoteAddr|remote_ip)$/;

/** Methods that add or replace an entry, in each language's spelling (compared in lower case). */
const ENTRY_METHODS = new Set([
  'set', 'add', 'push', 'unshift', 'splice', 'append', 'appendleft', 'insert', 'extend', 'setdefault', 'put', 'putifabsent', 'merge',
  'compute', 'computeifabsent', 'computeifpresent', 'tryadd', 'addorupdate', 'getoradd', 'enqueue', 'store', 'loadorstore', 'offer',
  'addall', 'addfirst', 'addlast', 'prepend', 'array_push', 'array_unshift',
]);

/** A literal key (`'rate'`, `"EUR"`, `200`, `:health`): a fixed property, not an entry per user. */
const LITERAL_KEY = /^(['"`\d]|:\w)/;

/** Collections built by a cache type (`TTLCache(…)`, `lru.New(…)`, `Caffeine.newBuilder()`): losing them loses nothing. */
const CACHE_CONSTRUCTOR = /(^|[^A-Za-z])(TTLCache|LRUCache|LFUCache|RRCache|TLRUCache|ExpiringDict|lru|Caffeine|CacheBuilder|MemoryCache)([^A-Za-z]|$)/;

/** Where a collection is changed while requests are served: in a handler, in a function that handlers call, or in a singleton service's methods. */
function requestTimeMutations(col: ModuleCollection, handlerCalls: Set<string>): CollectionMutation[] {
  return col.mutations
    .filter((m) => {
      if (m.inHandler) return true;
      if (m.startup) return false;
      if (col.service) return true;
      return m.functionName !== undefined && handlerCalls.has(m.functionName);
    })
    .sort((a, b) => a.span.start - b.span.start);
}

function collectionFinding(model: SourceModel, col: ModuleCollection, index: CallIndex): { what: string; todo: string; line: number } | undefined {
  const live = requestTimeMutations(col, index.handlerCalls);
  if (live.length === 0) return undefined;
  const words = identifierWords(col.name);
  const last = words[words.length - 1] ?? '';
  if (words.some((w) => QUIET_WORDS.has(w))) return undefined;
  if (words.includes('pending') && IN_FLIGHT.has(last)) return undefined;
  if (live.every((m) => m.keyText !== undefined && CONNECTION_VALUES.test(m.keyText))) return undefined;
  const init = model.calls.find((c) => c.span.start >= col.span.start && c.span.end <= col.span.end);
  if (init && CACHE_CONSTRUCTOR.test(init.callee)) return undefined;
  const named = words.some((w) => STATE_WORDS.has(w)) || words.join('') === 'loggedin' || words.join('').includes('ratelimit');
  const keyed = live.some((m) => m.keyText !== undefined && REQUEST_KEY.test(m.keyText.replace(/\s+/g, '')));
  // An entry added under a key computed at run time (`x.set(k, v)`, `x[k] = v`, `x.push(v)`) grows per request.
  const dynamic = live.some((m) => isEntryWrite(m, index));
  if (!named && !keyed && !dynamic) return undefined;
  const first = live[0];
  const line = positionAt(model.lineStarts, first.span.start).line + 1;
  const joined = words.join('');
  let todo: string;
  if (/session|token|otp|nonce|csrf|logged|login|online|presence/.test(joined)) todo = 'Keep it in a backing service such as Redis (located by REDIS_URL), or use a session store.';
  else if (/limit|attempt|hit|visit|ip|block|ban|lockout/.test(joined)) todo = `Count in a shared store such as Redis (${RATE_LIMIT_HINT[model.language] ?? 'e.g. rate-limit-redis'}), located by an environment variable.`;
  else todo = 'Keep this data in a backing service (a database, or Redis) located by an environment variable.';
  const whose = named || keyed ? 'per-user state' : 'state';
  const changes = first.inHandler ? 'request handlers change' : 'is changed while requests are served';
  return { what: `${collectionNoun(model, col)} \`${col.name}\` holds ${whose} that ${changes} (line ${line})`, todo, line };
}

/** A rate limiter backed by Redis, in the language's ecosystem. */
const RATE_LIMIT_HINT: Partial<Record<SourceModel['language'], string>> = {
  python: 'e.g. Flask-Limiter or django-ratelimit with a Redis storage URI',
  go: 'e.g. go-redis/redis_rate',
  java: 'e.g. Bucket4j with a Redis proxy manager',
  ruby: 'e.g. Rack::Attack with a Redis cache store',
  csharp: 'e.g. a Redis-backed IDistributedCache, or a rate-limiting library with a Redis store',
  php: 'e.g. Laravel\'s RateLimiter on a Redis cache store',
};

/** What the collection is, in the words of its language. */
function collectionNoun(model: SourceModel, col: ModuleCollection): string {
  const js = { map: 'Map', set: 'Set', array: 'array', object: 'object', other: 'object' }[col.kind];
  switch (model.language) {
    case 'javascript':
    case 'typescript':
      return `Module-level ${js}`;
    case 'python':
      return `Module-level ${{ map: 'dict', set: 'set', array: 'list', object: 'object', other: 'object' }[col.kind]}`;
    case 'go':
      return `Package-level ${{ map: 'map', set: 'set', array: 'slice', object: 'struct', other: 'value' }[col.kind]}`;
    case 'ruby':
      return `Process-wide ${{ map: 'Hash', set: 'Set', array: 'Array', object: 'object', other: 'object' }[col.kind]}`;
    case 'php':
      return /\bstatic\b/.test(textOf(model, col.span)) ? 'Static array' : 'Top-level array';
    default:
      return col.service ? `Singleton ${{ map: 'map', set: 'set', array: 'list', object: 'object', other: 'collection' }[col.kind]}` : `Static ${{ map: 'map', set: 'set', array: 'list', object: 'object', other: 'collection' }[col.kind]}`;
  }
}

/** The mutation adds or replaces an entry (a method call such as `set`/`push`, or an index `x[k]`), not a fixed property. */
function isEntryWrite(m: CollectionMutation, index: CallIndex): boolean {
  if (m.via === 'property') return false;
  const call = index.bySpan.get(`${m.span.start}:${m.span.end}`);
  if (call) return ENTRY_METHODS.has(call.name.toLowerCase());
  if (m.via === 'call') return false;
  // `x[key] = v`; an append without a key (`$x[] = v`, `x << v`, `x = append(x, v)`) adds an entry too
  if (m.keyText === undefined || m.keyText.trim() === '') return true;
  // `x['fixed']` is a property in disguise; `x[key]` is an entry
  return !LITERAL_KEY.test(m.keyText.trim());
}

const WHY_STATE = 'every process has its own copy, so the data is lost on restart and deploy, and requests that reach another instance see different data.';

// ---- uploads on local disk ---------------------------------------------------------------------------

interface DiskUpload {
  span: Span;
  segs: string[];
  folder: string;
  /** Spans of the route registrations that use this upload middleware (reads there are the same request). */
  routes: Span[];
}

function destinationPieces(model: SourceModel, v: Value | undefined): string[] {
  if (!v) return [];
  const r = resolve(v) ?? v;
  if (r.kind === 'other') {
    // destination: (req, file, cb) => cb(null, 'uploads/')
    const inner = model.calls.filter((c) => c.span.start >= r.span.start && c.span.end <= r.span.end && c.args.length >= 2 && c.args[0].kind === 'other' && c.args[0].text === 'null');
    return inner.flatMap((c) => literalPieces(model, c.args[1]));
  }
  return literalPieces(model, v);
}

function diskUploads(model: SourceModel): DiskUpload[] {
  const uploads: DiskUpload[] = [];
  const multerCalls: CallSite[] = [];
  for (const call of model.calls) {
    const o = callOrigin(model, call);
    if (o?.module !== 'multer') continue;
    const p = memberPath(o).join('.');
    if (p === 'diskStorage') {
      const pieces = destinationPieces(model, propOf(call.args[0], 'destination')?.value);
      uploads.push({ span: call.span, segs: pathSegments(pieces), folder: pieces.join(''), routes: [] });
    } else if (p === '' && !call.isNew) multerCalls.push(call);
  }
  for (const m of multerCalls) {
    const opts = m.args[0];
    const storage = propOf(opts, 'storage')?.value;
    const storageCall = resolve(storage);
    let upload: DiskUpload | undefined;
    if (storageCall?.kind === 'call') upload = uploads.find((u) => sameSpan(u.span, storageCall.call.span));
    else if (!storage) {
      const dest = propOf(opts, 'dest')?.value;
      if (dest) {
        const pieces = literalPieces(model, dest);
        upload = { span: m.span, segs: pathSegments(pieces), folder: pieces.join(''), routes: [] };
        uploads.push(upload);
      }
    }
    if (upload && m.assignedTo) {
      for (const use of model.calls) {
        if (use.receiver !== m.assignedTo || !/^(single|array|fields|any|none)$/.test(use.name)) continue;
        const route = model.calls.find((r) => r.topLevel && r.argsSpan.start <= use.span.start && use.span.end <= r.argsSpan.end);
        if (route) upload.routes.push(route.span);
      }
    }
  }
  return uploads.filter((u) => u.segs.length > 0);
}

const FS_READS = /^(readFile|readFileSync|createReadStream|readdir|readdirSync|stat|statSync|access|accessSync|existsSync|unlink|unlinkSync|rm|rmSync|copyFile|copyFileSync|rename|renameSync)$/;
const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);

/** Calls that read files back in later requests: static serving, `res.sendFile`, fs reads in handlers. */
function laterReads(model: SourceModel): { call: CallSite; segs: string[] }[] {
  const out: { call: CallSite; segs: string[] }[] = [];
  for (const call of model.calls) {
    const o = callOrigin(model, call);
    const p = o ? memberPath(o).join('.') : '';
    let pieces: string[][] = [];
    if ((o?.module === 'express' && p === 'static') || ((o?.module === 'serve-static' || o?.module === 'koa-static') && p === '')) {
      pieces = [literalPieces(model, call.args[0])];
    } else if (call.name === 'register' && call.receiver && /^(@fastify\/static|fastify-static)$/.test(moduleOfValue(model, call.args[0])?.module ?? '')) {
      pieces = [literalPieces(model, propOf(call.args[1], 'root')?.value)];
    } else if (call.inHandler && (call.name === 'sendFile' || call.name === 'download') && call.receiver) {
      pieces = [call.args.flatMap((a) => (resolve(a)?.kind === 'object' ? literalPieces(model, propOf(a, 'root')?.value) : literalPieces(model, a)))];
    } else if (call.inHandler && o && FS_MODULES.has(o.module) && FS_READS.test(p.split('.').pop() ?? '')) {
      pieces = [literalPieces(model, call.args[0])];
    }
    for (const pc of pieces) {
      const segs = pathSegments(pc);
      if (segs.length) out.push({ call, segs });
    }
  }
  return out;
}

function prefixOf(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

// ---- session stores and settings of the other languages ---------------------------------------------

type Report = (span: Span, msg: string, fix?: Fix) => void;

const WHY_LOCAL_SESSION = 'each instance keeps its own sessions, so users are logged out on every restart and deploy, and a request that reaches another instance finds no session.';

/** A fix that replaces `span` by `newText` and needs nothing else (no import, no environment variable). */
function plainFix(title: string, span: Span, newText: string, extra: TextEdit[] = [], envVars?: string[]): Fix {
  return { title, edits: [{ ...span, newText }, ...extra], preferred: false, ...(envVars ? { envVars } : {}) };
}

/** Django `SESSION_ENGINE`, the cache it uses, and Flask-Session `SESSION_TYPE`. */
function pythonSessions(model: SourceModel, report: Report): void {
  for (const s of model.strings) {
    const key = s.context.key;
    if (!key || s.context.envFallback || s.context.comparison || s.context.nonValue) continue;
    if (key === 'SESSION_ENGINE' && s.value === DJANGO_FILE_ENGINE) {
      report(
        s.span,
        message(FACTOR, 'Django keeps sessions in files on this instance\'s disk (the `file` session engine)', WHY_LOCAL_SESSION, 'Use the database engine (`django.contrib.sessions.backends.db`, Django\'s default) or the cache engine with a Redis or Memcached cache located by an environment variable.'),
        plainFix('Keep sessions in the database (backends.db)', s.innerSpan, 'django.contrib.sessions.backends.db'),
      );
    } else if (key === 'SESSION_ENGINE' && s.value === DJANGO_CACHE_ENGINE) {
      // the cache engine is as shared as the cache it writes to: look at that cache when this file defines CACHES
      const alias = model.strings.find((x) => x.context.key === 'SESSION_CACHE_ALIAS' && !x.context.nonValue)?.value ?? 'default';
      const caches = model.collections.find((c) => c.name === 'CACHES');
      if (!caches) continue;
      const backend = model.strings.find(
        (x) => x.span.start >= caches.span.start && x.span.end <= caches.span.end && x.context.key === 'BACKEND' && x.context.keyPath.length === 2 && x.context.keyPath[0] === alias,
      );
      const local = backend && DJANGO_LOCAL_CACHES[backend.value];
      if (backend && local) {
        const line = positionAt(model.lineStarts, s.span.start).line + 1;
        report(
          backend.span,
          message(FACTOR, `Sessions are kept in the "${alias}" cache (SESSION_ENGINE on line ${line}), and ${local}`, WHY_LOCAL_SESSION, 'Use a shared cache for sessions: `django.core.cache.backends.redis.RedisCache` with `LOCATION` from an environment variable (e.g. REDIS_URL), or the database session engine.'),
        );
      }
    } else if (key === 'SESSION_TYPE' && FLASK_LOCAL_TYPES[s.value]) {
      report(
        s.span,
        message(FACTOR, `Flask-Session keeps sessions in ${FLASK_LOCAL_TYPES[s.value]} (\`SESSION_TYPE = "${s.value}"\`)`, WHY_LOCAL_SESSION, 'Set `SESSION_TYPE = "redis"` with `SESSION_REDIS = redis.from_url(os.environ["REDIS_URL"])`, or use Flask\'s default signed-cookie sessions.'),
      );
    }
  }
}

/** Session stores of gin-contrib, gorilla/sessions, scs and Fiber that keep sessions in the process or on its disk. */
function goSessions(model: SourceModel, report: Report): void {
  const scsShared = model.imports.some((i) => GO_SCS_STORE.test(i.module));
  for (const call of model.calls) {
    const o = callOrigin(model, call);
    if (!o) continue;
    const fn = o.path.join('.');
    const local = GO_LOCAL_STORES[o.module];
    if (local?.names.includes(fn)) {
      report(call.span, message(FACTOR, local.what, WHY_LOCAL_SESSION, local.hint));
    } else if (o.module === GO_SCS && fn === 'New' && !scsShared) {
      report(call.span, message(FACTOR, '`scs.New()` keeps sessions in its default memstore, in this process\'s memory', WHY_LOCAL_SESSION, 'Set the manager\'s `Store` to a shared store (redisstore, postgresstore, pgxstore…) built from an environment variable.'));
    } else if (GO_FIBER_SESSION.test(o.module) && fn === 'New') {
      const cfg = resolve(call.args[0]);
      if (call.args.length === 0 || (cfg?.kind === 'object' && !cfg.incomplete && !cfg.props.some((p) => p.key === 'Storage'))) {
        report(call.span, message(FACTOR, 'Fiber\'s session middleware has no `Storage`, so sessions are kept in its in-memory storage, in this process', WHY_LOCAL_SESSION, 'Pass `Storage:` a shared storage, e.g. `redis.New(redis.Config{URL: os.Getenv("REDIS_URL")})` from github.com/gofiber/storage/redis.'));
      }
    }
  }
}

/** HttpSession attributes, Javalin session attributes and Spring Session's map repositories. */
function javaSessions(model: SourceModel, report: Report): void {
  const shared = model.imports.some((i) => SPRING_SESSION_SHARED.test(i.module));
  const servlet = model.imports.some((i) => SERVLET_SESSION.test(i.module));
  const jettySessions = model.calls.some((c) => c.name === 'sessionHandler');
  for (const call of model.calls) {
    if (call.isNew && SPRING_MAP_REPOSITORIES.test(call.name)) {
      report(call.span, message(FACTOR, `Spring Session's ${call.name} keeps sessions in a map in this process's memory`, WHY_LOCAL_SESSION, 'Use a shared repository: spring-session-data-redis (`@EnableRedisHttpSession`) or spring-session-jdbc, with the connection from environment variables.'));
    } else if (
      !shared &&
      (call.name === 'setAttribute' || call.name === 'putValue') &&
      call.args.length === 2 &&
      (call.receiverCall?.name === 'getSession' || (servlet && !!call.receiver && /session$/i.test(call.receiver)))
    ) {
      report(call.span, message(FACTOR, 'State is kept in the HttpSession, which the servlet container holds in this process\'s memory', WHY_LOCAL_SESSION, 'Store sessions in a shared service with Spring Session (spring-session-data-redis with `@EnableRedisHttpSession`, or spring-session-jdbc), or keep the state in a database.'));
    } else if (call.name === 'sessionAttribute' && call.args.length === 2 && !jettySessions) {
      report(call.span, message(FACTOR, 'Javalin keeps session attributes in Jetty\'s default session store, in this process\'s memory', WHY_LOCAL_SESSION, 'Give Jetty a SessionHandler with a shared SessionDataStore (JDBC, or Redis) through `config.jetty.sessionHandler`, or keep the state in a database.'));
    }
  }
}

/** Rails environments that only run on a developer's machine or in the test suite. */
const RAILS_LOCAL_ENVIRONMENT = /(^|\/)config\/environments\/(development|test)\.rb$/;

/** Rack::Session::Pool, and Rails sessions in a cache store that is local to the process (outside development and test). */
function rubySessions(model: SourceModel, path: string, report: Report): void {
  const cacheStore = RAILS_LOCAL_ENVIRONMENT.test(path) ? undefined : model.calls.find((c) => c.name === 'cache_store=' && c.args.length > 0);
  const cacheKind = cacheStore ? stringOf(cacheStore.args[0]) : undefined;
  for (const call of model.calls) {
    if (call.name === 'use' && call.args[0] && /^(::)?Rack::Session::Pool$/.test(textOf(model, call.args[0].span).replace(/\s+/g, ''))) {
      report(call.span, message(FACTOR, 'Rack::Session::Pool keeps sessions in a hash in this process\'s memory', WHY_LOCAL_SESSION, 'Use `Rack::Session::Cookie` (with the secret from ENV) or a Redis-backed store such as redis-rack located by REDIS_URL.'));
    } else if (call.name === 'session_store' && stringOf(call.args[0]) === 'cache_store' && cacheStore && cacheKind && RAILS_LOCAL_CACHE_STORES[cacheKind]) {
      const line = positionAt(model.lineStarts, cacheStore.span.start).line + 1;
      const first = cacheStore.args[0].span.start;
      const last = cacheStore.args[cacheStore.args.length - 1].span.end;
      report(
        call.span,
        message(FACTOR, `Sessions are kept in the Rails cache, and the cache store is :${cacheKind} (line ${line}), in ${RAILS_LOCAL_CACHE_STORES[cacheKind]}`, WHY_LOCAL_SESSION, 'Point the cache at a shared service (`config.cache_store = :redis_cache_store, { url: ENV.fetch("REDIS_URL") }`), or use the cookie store.'),
        plainFix('Keep the cache (and sessions) in Redis (REDIS_URL)', { start: first, end: last }, ':redis_cache_store, { url: ENV.fetch("REDIS_URL") }', [], ['REDIS_URL']),
      );
    }
  }
}

/** ASP.NET Core sessions over the in-memory distributed cache. */
function csharpSessions(model: SourceModel, report: Report): void {
  if (!model.calls.some((c) => c.name === 'AddSession') || model.calls.some((c) => ASPNET_SHARED_CACHES.test(c.name))) return;
  for (const call of model.calls) {
    if (call.name !== 'AddDistributedMemoryCache' || !call.receiver) continue;
    const nameStart = model.text.lastIndexOf(call.name, call.argsSpan.start);
    const code = `AddStackExchangeRedisCache(options => options.Configuration = ${model.idioms.envString('REDIS_CONNECTION')})`;
    const fix: Fix | undefined =
      nameStart >= call.span.start
        ? { title: 'Keep sessions in Redis (REDIS_CONNECTION)', edits: [{ start: nameStart, end: call.argsSpan.end, newText: code }, ...model.idioms.envImportEdits(code)], preferred: false, envVars: ['REDIS_CONNECTION'] }
        : undefined;
    report(
      call.span,
      message(FACTOR, 'Sessions (`AddSession`) are kept in the distributed memory cache, in this process\'s memory', WHY_LOCAL_SESSION, 'Register a shared IDistributedCache instead: `AddStackExchangeRedisCache` (package Microsoft.Extensions.Caching.StackExchangeRedis) with the connection from configuration or an environment variable.'),
      fix,
    );
  }
}

/** A Laravel session configuration file (`config/session.php`, `config/session_octane.php`). */
const LARAVEL_SESSION_CONFIG = /(^|\/)config\/session[\w.-]*\.php$/i;

/** PHP's files save handler, a local save path, `$_SESSION` on them, Laravel's file/array drivers, Swoole tables. */
function phpSessions(model: SourceModel, path: string, report: Report): void {
  const fnName = (c: CallSite) => (c.receiver ? '' : c.callee.replace(/^\\/, ''));
  let otherHandler = false;
  let local = false;
  for (const call of model.calls) {
    if (fnName(call) !== 'ini_set' || stringOf(call.args[0]) !== 'session.save_handler') continue;
    const handler = stringOf(call.args[1]);
    if (handler === 'files') {
      local = true;
      report(call.span, message(FACTOR, 'PHP keeps sessions in files on this instance\'s disk (`session.save_handler = files`)', WHY_LOCAL_SESSION, 'Use a shared handler: `session.save_handler = redis` (phpredis) with `session.save_path` from an environment variable, or a database-backed SessionHandlerInterface.'));
    } else if (handler !== undefined) otherHandler = true;
  }
  for (const call of model.calls) {
    const fn = fnName(call);
    const arg = fn === 'session_save_path' ? call.args[0] : fn === 'ini_set' && stringOf(call.args[0]) === 'session.save_path' ? call.args[1] : undefined;
    const folder = resolve(arg)?.kind === 'string' ? stringOf(arg) : undefined;
    if (folder === undefined || folder === '' || otherHandler || PHP_REMOTE_SAVE_PATH.test(folder)) continue;
    local = true;
    report(call.span, message(FACTOR, `Sessions are saved in a folder on this instance's disk ("${folder}")`, WHY_LOCAL_SESSION, 'Save them in a shared service instead: `session.save_handler = redis` with `session.save_path` from an environment variable, or a database-backed SessionHandlerInterface.'));
  }
  const session = model.collections.find((c) => c.name === '$_SESSION');
  if (local && session) {
    report(session.nameSpan, message(FACTOR, '`$_SESSION` is saved by the files handler, on this instance\'s disk', WHY_LOCAL_SESSION, 'Configure a shared session handler (Redis or a database) for this data.'));
  }
  if (LARAVEL_SESSION_CONFIG.test(path)) {
    const driver = model.strings.find((s) => s.context.key === 'driver' && s.context.keyPath.length === 1 && !s.context.envFallback && LARAVEL_LOCAL_DRIVERS[s.value] !== undefined);
    if (driver) {
      report(
        driver.span,
        message(FACTOR, `Laravel's \`${driver.value}\` session driver keeps sessions in ${LARAVEL_LOCAL_DRIVERS[driver.value]}`, WHY_LOCAL_SESSION, 'Use a shared driver: `\'driver\' => env(\'SESSION_DRIVER\', \'redis\')` (or `database`), and set SESSION_DRIVER per environment.'),
        plainFix('Read the driver from SESSION_DRIVER, Redis by default', driver.span, "env('SESSION_DRIVER', 'redis')"),
      );
      const files = driver.value === 'file' ? model.strings.find((s) => s.value === 'files' && s.context.key === undefined && /^\s*=>/.test(model.text.slice(s.span.end, s.span.end + 8))) : undefined;
      if (files) report(files.span, message(FACTOR, 'Session files are written to a folder on this instance\'s disk', WHY_LOCAL_SESSION, 'Switch the session driver to a shared one (redis, database); this folder is then unused.'));
    }
  }
  for (const call of model.calls) {
    if (!call.isNew || !/^(Open)?Swoole\\Table$/.test(call.callee.replace(/^\\/, '')) || !call.assignedTo) continue;
    const name = call.assignedTo.replace(/^\$?/, '$');
    if (!model.calls.some((c) => c.receiver === name && /^(set|incr|decr)$/.test(c.name) && !c.topLevel)) continue;
    report(call.span, message(FACTOR, 'A Swoole\\Table holds state that requests write, in this server\'s shared memory', 'it is lost on every restart and deploy, and another instance of the server has its own table.', 'Keep this state in a backing service (Redis, a database) located by an environment variable.'));
  }
}

/** web.config `<sessionState>`: InProc (also when `mode` is left out) is the worker process's memory. */
function webConfigSessions(model: SourceModel, report: Report): void {
  for (const doc of model.documents ?? []) {
    const state = propOf(propOf(propOf(doc, 'configuration')?.value, 'system.web')?.value, 'sessionState');
    if (!state) continue;
    const mode = propOf(state.value, 'mode');
    // while the element is being typed its `mode` may be unreadable: say nothing rather than guess the default
    if (!mode && model.hasErrors) continue;
    const value = stringOf(mode?.value) ?? 'InProc';
    const why = 'each instance keeps its own sessions, so users are logged out when the app pool recycles or the app is deployed, and a request that reaches another server finds no session.';
    if (WEB_CONFIG_LOCAL_MODES.test(value)) {
      report(
        mode ? mode.value.span : state.keySpan,
        message(FACTOR, `Session state is ${mode ? '' : 'left at its default, '}InProc: kept in the worker process's memory`, why, 'Use a shared store: `mode="Custom"` with a Redis provider (Microsoft.Web.RedisSessionStateProvider) or `mode="SQLServer"`, with connection strings set per environment.'),
      );
    } else if (/^stateserver$/i.test(value)) {
      const server = stringOf(propOf(state.value, 'stateConnectionString')?.value) ?? 'tcpip=127.0.0.1:42424';
      if (/tcpip\s*=\s*(127\.|localhost\b|\[?::1\]?)/i.test(server)) {
        report(mode ? mode.value.span : state.keySpan, message(FACTOR, 'Session state is kept by the ASP.NET State Service on this same machine', why, 'Point `stateConnectionString` at a shared state server, or use Redis or SQL Server session state.'));
      }
    }
  }
}

const rule: Rule = {
  meta: {
    id: 'no-in-memory-session',
    factor: FACTOR,
    description: 'Reports sessions and per-user state kept in the process (memory or local disk) instead of a backing service.',
    defaultSeverity: 'warning',
    fixable: true,
    // web.config <sessionState>: the other configuration and deploy files hold no session settings
    fileKinds: ['app-config'],
  },
  create(ctx) {
    const { model } = ctx;
    const reported = new Set<number>();
    const report: Report = (span, msg, fix) => {
      if (reported.has(span.start)) return;
      reported.add(span.start);
      ctx.report({ span, message: msg, fixes: fix ? [fix] : [] });
    };
    if (model.fileKind === 'app-config' || model.fileKind === 'deploy') {
      if (model.language === 'xml') webConfigSessions(model, report);
      return;
    }
    const index = indexCalls(model);
    switch (model.language) {
      case 'python':
        pythonSessions(model, report);
        break;
      case 'go':
        goSessions(model, report);
        break;
      case 'java':
        javaSessions(model, report);
        break;
      case 'ruby':
        rubySessions(model, ctx.file.path, report);
        break;
      case 'csharp':
        csharpSessions(model, report);
        break;
      case 'php':
        phpSessions(model, ctx.file.path, report);
        break;
      default:
        for (const call of model.calls) checkSessions(model, call, index, report);
    }
    for (const col of model.collections) {
      // PHP's session array is reported above, when the file puts it on local disk
      if (model.language === 'php' && col.name === '$_SESSION') continue;
      const f = collectionFinding(model, col, index);
      if (f) report(col.nameSpan, message(FACTOR, f.what, WHY_STATE, f.todo));
    }
    if (model.language !== 'javascript' && model.language !== 'typescript') return;
    const reads = laterReads(model);
    for (const u of diskUploads(model)) {
      const read = reads.find((r) => !u.routes.some((s) => s.start <= r.call.span.start && r.call.span.end <= s.end) && (prefixOf(r.segs, u.segs) || prefixOf(u.segs, r.segs)));
      if (!read) continue;
      const line = positionAt(model.lineStarts, read.call.span.start).line + 1;
      report(
        u.span,
        message(
          FACTOR,
          `Uploads are stored on this instance's disk ("${u.folder}") and read back by later requests (line ${line})`,
          'the next request may reach another instance, and the files vanish when the container is replaced or scaled.',
          'Store uploads in object storage (S3, GCS, Azure Blob; e.g. multer-s3) located by an environment variable, or keep them in memory (memoryStorage) and stream them on.',
        ),
      );
    }
  },
};

export default rule;
