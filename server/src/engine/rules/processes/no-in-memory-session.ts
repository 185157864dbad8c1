/**
 * no-in-memory-session (Factor VI, Processes)
 *
 * Twelve-factor processes are stateless and share nothing: anything that must outlive a request
 * lives in a backing service. State kept in one process is lost on restart and deploy, and is
 * missing when the next request reaches another instance.
 *
 * Reported (JavaScript/TypeScript):
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
 * Fix: for express-session without a store, "Store sessions in Redis (REDIS_URL)" (not preferred:
 * it adds the `redis` and `connect-redis` packages and a Redis service to the deployment).
 */
import type { CallSite, CollectionMutation, ModuleCollection, SourceModel, Value } from '../../model';
import type { Fix, Rule, Span, TextEdit } from '../../types';
import { eolOf, indentationAt, positionAt } from '../../text';
import { message, resolve, textOf } from '../util';
import {
  bindingOf,
  callOrigin,
  identifierWords,
  literalPieces,
  localNameOf,
  memberPath,
  moduleOfValue,
  pathSegments,
  propOf,
  sameSpan,
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
}

function indexCalls(model: SourceModel): CallIndex {
  const index: CallIndex = { byName: new Map(), requireAt: new Map(), bySpan: new Map() };
  for (const c of model.calls) {
    if (c.assignedTo && c.topLevel && !index.byName.has(c.assignedTo)) index.byName.set(c.assignedTo, c);
    if (c.callee === 'require') index.requireAt.set(c.span.start, c);
    index.bySpan.set(`${c.span.start}:${c.span.end}`, c);
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
]);

/** Names of collections that may be lost without harm, or that only make sense inside one process. */
const QUIET_WORDS = new Set([
  'cache', 'caches', 'cached', 'memo', 'memoized', 'memoize', 'lru', 'metrics', 'metric', 'stats', 'statistics', 'histogram', 'timings',
  'durations', 'latencies', 'samples', 'gauge', 'gauges', 'registry', 'routes', 'handlers', 'listeners', 'plugins', 'clients', 'connections',
  'sockets', 'subscribers', 'streams', 'inflight', 'pending', 'timers', 'intervals', 'watchers', 'config', 'settings', 'schemas', 'loaders',
  'buffer', 'batch',
]);

/** Keys and values that live only as long as a request or connection (the request itself, an open response, a socket). */
const CONNECTION_VALUES = /^(req|request|ctx|context|res|response|reply|socket|ws|client|stream|conn|connection)$/;

/** A key taken from the request (`req.ip`, `String(req.headers['x-user-id'])`, `ctx.state.user.id`) or named for a user or client. */
const REQUEST_KEY = /(^|[^\w$.])(req|request|ctx|context)\.[\w$]|^(ip|userId|user_id|sessionId|session_id|sid|token|email|username|clientIp|clientId|accountId|cartId)$/;

function collectionFinding(model: SourceModel, col: ModuleCollection, index: CallIndex): { what: string; todo: string; line: number } | undefined {
  const inHandler = col.mutations.filter((m) => m.inHandler);
  if (inHandler.length === 0) return undefined;
  const words = identifierWords(col.name);
  if (words.some((w) => QUIET_WORDS.has(w))) return undefined;
  if (inHandler.every((m) => m.keyText !== undefined && CONNECTION_VALUES.test(m.keyText))) return undefined;
  const named = words.some((w) => STATE_WORDS.has(w)) || words.join('') === 'loggedin' || words.join('').includes('ratelimit');
  const keyed = inHandler.some((m) => m.keyText !== undefined && REQUEST_KEY.test(m.keyText.replace(/\s+/g, '')));
  // An entry added under a key computed at run time (`x.set(k, v)`, `x[k] = v`, `x.push(v)`) grows per request.
  const dynamic = inHandler.some((m) => isEntryWrite(m, index));
  if (!named && !keyed && !dynamic) return undefined;
  const first = inHandler[0];
  const line = positionAt(model.lineStarts, first.span.start).line + 1;
  const kind = col.kind === 'map' ? 'Map' : col.kind === 'set' ? 'Set' : col.kind === 'array' ? 'array' : 'object';
  const joined = words.join('');
  let todo: string;
  if (/session|token|otp|nonce|csrf|logged|login|online|presence/.test(joined)) todo = 'Keep it in a backing service such as Redis (located by REDIS_URL), or use a session store.';
  else if (/limit|attempt|hit|visit|ip|block|ban|lockout/.test(joined)) todo = 'Count in a shared store such as Redis (e.g. rate-limit-redis), located by an environment variable.';
  else todo = 'Keep this data in a backing service (a database, or Redis) located by an environment variable.';
  const whose = named || keyed ? 'per-user state' : 'state';
  return { what: `Module-level ${kind} \`${col.name}\` holds ${whose} that request handlers change (line ${line})`, todo, line };
}

/** The mutation adds or replaces an entry (a method call such as `set`/`push`, or an index `x[k]`), not a fixed property. */
function isEntryWrite(m: CollectionMutation, index: CallIndex): boolean {
  if (m.via === 'call') return /^(set|add|push|unshift|splice)$/.test(index.bySpan.get(`${m.span.start}:${m.span.end}`)?.name ?? '');
  // `x['fixed']` is a property in disguise; `x[key]` is an entry
  return m.via === 'index' && !!m.keyText && !/^['"`\d]/.test(m.keyText);
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

const rule: Rule = {
  meta: {
    id: 'no-in-memory-session',
    factor: FACTOR,
    description: 'Reports sessions and per-user state kept in the process (memory or local disk) instead of a backing service.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  create(ctx) {
    const { model } = ctx;
    if (model.language !== 'javascript' && model.language !== 'typescript') return;
    const reported = new Set<number>();
    const report = (span: Span, msg: string, fix?: Fix) => {
      if (reported.has(span.start)) return;
      reported.add(span.start);
      ctx.report({ span, message: msg, fixes: fix ? [fix] : [] });
    };
    const index = indexCalls(model);
    for (const call of model.calls) checkSessions(model, call, index, report);
    for (const col of model.collections) {
      const f = collectionFinding(model, col, index);
      if (f) report(col.nameSpan, message(FACTOR, f.what, WHY_STATE, f.todo));
    }
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
