/**
 * no-fixed-port (Factor VII, Port binding)
 *
 * A server that listens on a port written in the code cannot be told where to bind by the platform
 * that runs it (Heroku, Cloud Run, Kubernetes, a PaaS router all hand the port in `PORT`).
 * A port written in a local constant is followed to the constant, and the fix rewrites it there.
 *
 * What it knows, per language (the call tables are in no-fixed-port.apis.ts):
 * - JavaScript/TypeScript: `app.listen(3000)` (Express, Koa, NestJS, Fastify `listen({ port })`),
 *   `http.createServer(app).listen(8080)`, `app.set('port', 3000)`, `Bun.serve({ port })`,
 *   `Deno.serve`, Hono `serve({ port })`, hapi `Hapi.server({ port })`.
 * - Python: Flask / Sanic `app.run(port=5000)`, `uvicorn.run(app, port=8000)`, `uvicorn.Config`,
 *   aiohttp `web.run_app` / `web.TCPSite`, waitress `serve(port=…, listen=…)`, Tornado
 *   `app.listen(8888)`, `HTTPServer(("", 8000), …)`, socketserver, `asyncio.start_server`,
 *   `sock.bind((host, port))`, Django `call_command("runserver", …)`, and the module-level `bind`
 *   of gunicorn and hypercorn config files.
 * - Go: `http.ListenAndServe(":8080", …)`, `&http.Server{Addr: ":8080"}`, `srv.Addr = …` before
 *   `srv.ListenAndServe()`, gin `r.Run`, echo `e.Start`, fiber / iris `app.Listen`,
 *   `net.Listen("tcp", …)`, fasthttp, and addresses built with `fmt.Sprintf(":%d", port)` or
 *   `strconv.Itoa`.
 * - Java: `new ServerSocket(8080)`, `HttpServer.create(new InetSocketAddress(8000), 0)`, Netty and
 *   NIO `bind`, Undertow, Jetty, Spark, Helidon, gRPC `ServerBuilder.forPort`, Tomcat and Spring
 *   Boot `setPort`, Vert.x `listen`, Javalin `start`, and Spring's `server.port` set in code
 *   (`System.setProperty`, `setDefaultProperties`, `SpringApplicationBuilder.properties`).
 * - Ruby: Sinatra `set :port` / `run! port:`, Puma `port` / `bind`, Unicorn `listen`, WEBrick,
 *   Rack handlers and `Rack::Server.start`, Thin, EventMachine, `TCPServer.new`, Falcon endpoints.
 * - C#: `UseUrls`, Kestrel `Listen` / `ListenAnyIP` / `ListenLocalhost`, `UseSetting(ServerUrlsKey)`,
 *   `app.Urls.Add`, `app.Run(url)`, `ASPNETCORE_URLS` set in code, `HttpListener` prefixes,
 *   `TcpListener`, `Socket.Bind(new IPEndPoint(…))`, Nancy and OWIN hosts.
 * - PHP: Swoole / OpenSwoole servers and listeners, Workerman, ReactPHP sockets, Ratchet, Amp,
 *   `stream_socket_server`, `socket_bind`, `Artisan::call('serve', …)`, and the `port` of a server
 *   in a config file that returns an array (Hyperf `servers`).
 * - App config: Spring `server.port` in application.properties / application.yml (fix:
 *   `${PORT:8080}`), ASP.NET `Urls` and `Kestrel:Endpoints:*:Url` in appsettings.json.
 * - Deploy files: the port flags of a Dockerfile `CMD` / `ENTRYPOINT` and of a Procfile `web`
 *   process (`--port 8000`, `-p 5000`, `--bind 0.0.0.0:8000`, `-addr :8080`, `--urls`, `-S`,
 *   `-Dserver.port=`). `EXPOSE`, compose `ports:` and Kubernetes `containerPort` are ordinary
 *   configuration and stay quiet.
 *
 * Quiet: a port read from the environment with a default in each language's idiom, port 0 (an
 * ephemeral port, as tests use), Unix socket paths, clients that connect to a port (databases,
 * caches, HTTP clients), and values the rule cannot know (`config.port`, a function parameter).
 */
import type { CallSite, CommandLine, LanguageId, SourceModel, StringLiteral, Value } from '../../model';
import type { Fix, Rule, Span } from '../../types';
import { message, replaceFix, resolve, textOf } from '../util';
import {
  ADDRESS_APIS,
  COMMAND_PORT_FLAGS,
  CONVERSIONS,
  GO_ITOA,
  GO_SERVE_METHODS,
  GO_SERVER_TYPES,
  GO_SPRINTF,
  LISTEN_APIS,
  PHP_SERVER_KEYS,
  PHP_SERVER_SIBLINGS,
  PYTHON_BIND_SETTINGS,
  type ListenApi,
  type PortSlot,
  type SlotKind,
} from './no-fixed-port.apis';

/** The variable the platform passes the port in. */
const ENV = 'PORT';

/** `host:port`, `:port`, `scheme://host:port` with an optional path; IPv6 hosts in brackets. */
const ADDRESS = /^((?:[a-z][a-z0-9+.-]*:\/\/)?(?:\[[0-9a-fA-F:.]*\]|[\w.*+-]*)):(\d{1,5})(\/\S*)?$/i;
const DIGITS = /^\d{1,5}$/;
/** Go `fmt.Sprintf` formats that make an address from a port: `":%d"`, `"0.0.0.0:%v"`. */
const SPRINTF_ADDRESS = /^[\w.*\[\]-]*:%[dsv]$/;
/** A word of an exec-form command that can be written into a shell line as it is. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;
const MAX_DEPTH = 6;

/** A fixed port found in the code. */
interface Found {
  port: number;
  /** Where to report: the argument as written at the call, or the literal. */
  at: Span;
  /** The literal written in the code: the edit target. */
  literal: Span;
  /** `number`: `8080`; `digits`: `"8080"`; `address`: `":8080"` / `"http://*:8080"`; `setting`: `"server.port=8080"`. */
  shape: 'number' | 'digits' | 'address' | 'setting';
  /** For an address: the text before `:port` (scheme and host). */
  host?: string;
  /** For an address: the text after the port (a path), or a second address (`;`-separated URLs). */
  rest?: string;
  /** For a setting: the key written before `=`. */
  setting?: string;
  /** The name of the constant the value came from. */
  via?: string;
  /** The literal sits in an expression the fix cannot rewrite alone (`fmt.Sprintf(":%d", port)`). */
  noFix?: boolean;
}

/** A finding before it is reported: where it was found and how to fix it. */
interface Hit {
  found: Found;
  /** `in http.ListenAndServe()`, `in server.port`, `in the web process`. */
  where: string;
  /** The fix writes the port as a string (`System.setProperty("server.port", …)`). */
  stringPort?: boolean;
  /** Config and deploy formats: how to write the fix there. */
  format?: 'placeholder' | 'shell' | 'exec' | 'json-urls';
  command?: CommandLine;
}

function validPort(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= 65535;
}

/** Parses a listen address; several `;`-separated URLs (ASP.NET) give the first fixed one. */
function parseAddress(s: string): { host: string; port: number; rest: string } | undefined {
  if (s.includes(';')) {
    const parts = s.split(';');
    for (let i = 0; i < parts.length; i++) {
      const a = parseAddress(parts[i].trim());
      if (a) return { ...a, rest: a.rest + ';' + parts.slice(i + 1).join(';') };
    }
    return undefined;
  }
  const m = ADDRESS.exec(s);
  if (!m) return undefined;
  const port = Number(m[2]);
  return validPort(port) ? { host: m[1], port, rest: m[3] ?? '' } : undefined;
}

/** What the rule needs to know of the file besides a value: imports, who made a receiver. */
class FileFacts {
  private readonly importModules: string[];
  private readonly aliases = new Map<string, string>();
  /** Calls by the variable their result is bound to, in source order; built on first use. */
  private boundCalls: Map<string, CallSite[]> | undefined;

  constructor(private readonly model: SourceModel) {
    this.importModules = model.imports.map((i) => i.module);
    for (const imp of model.imports) {
      for (const b of imp.bindings ?? []) {
        if (b.imported === '*' || b.imported === 'default') continue;
        const last = imp.module.split(/[.\\/]|::/).pop();
        this.aliases.set(b.local, last === b.imported ? imp.module : `${imp.module}.${b.imported}`);
      }
    }
  }

  imports(re: RegExp): boolean {
    return this.importModules.some((m) => re.test(m));
  }

  /** The callee with its first name replaced by what the file imports under that name. */
  qualified(callee: string): string {
    const first = /^[\w$]+/.exec(callee)?.[0];
    const full = first ? this.aliases.get(first) : undefined;
    return full ? full + callee.slice(first!.length) : callee;
  }

  /** Callees of the calls that made the receiver: the chain below it, or the call its variable was bound to. */
  makers(call: CallSite): string[] {
    const out: string[] = [];
    const chain = (c: CallSite | undefined) => {
      for (let r = c; r; r = r.receiverCall) out.push(r.callee, this.qualified(r.callee));
    };
    chain(call.receiverCall);
    if (call.receiver && /^[\w$]+$/.test(call.receiver)) {
      if (!this.boundCalls) {
        this.boundCalls = new Map();
        for (const c of this.model.calls) {
          if (!c.assignedTo) continue;
          const list = this.boundCalls.get(c.assignedTo);
          if (list) list.push(c);
          else this.boundCalls.set(c.assignedTo, [c]);
        }
      }
      let best: CallSite | undefined;
      for (const c of this.boundCalls.get(call.receiver) ?? []) {
        if (c.span.start >= call.span.start) continue;
        if (c.functionName !== call.functionName && !c.topLevel) continue;
        if (!best || c.span.start > best.span.start) best = c;
      }
      if (best) {
        out.push(best.callee, this.qualified(best.callee));
        chain(best.receiverCall);
      }
    }
    return out;
  }
}

/** The first argument as a word: a string's value, a name, or the source text. */
function wordOf(v: Value | undefined): string {
  if (!v) return '';
  if (v.kind === 'string') return v.value;
  if (v.kind === 'identifier') {
    const r = resolve(v);
    return r?.kind === 'string' ? r.value : v.name;
  }
  if (v.kind === 'other') return v.text;
  if (v.kind === 'number') return String(v.value);
  return '';
}

function matches(api: ListenApi, call: CallSite, facts: FileFacts): boolean {
  if (api.isNew !== undefined && api.isNew !== call.isNew) return false;
  if (api.receiver !== undefined && api.receiver !== !!call.receiver) return false;
  if (api.name && !api.name.test(call.name)) return false;
  if (api.callee && !api.callee.test(call.callee) && !api.callee.test(facts.qualified(call.callee))) return false;
  if (api.receiverNot && call.receiver && api.receiverNot.test(call.receiver)) return false;
  if (api.minArgs !== undefined && call.args.length < api.minArgs) return false;
  if (api.maxArgs !== undefined && call.args.length > api.maxArgs) return false;
  if (api.first && !api.first.test(wordOf(call.args[0]))) return false;
  if (api.imports && !facts.imports(api.imports)) return false;
  if (api.madeBy && !facts.makers(call).some((c) => api.madeBy!.test(c))) return false;
  return true;
}

class Finder {
  private readonly facts: FileFacts;
  private readonly addressApis: readonly ListenApi[];
  /** Go `strconv.Itoa` calls of the file; built on first use. */
  private itoaCalls: CallSite[] | undefined;

  constructor(private readonly model: SourceModel) {
    this.facts = new FileFacts(model);
    this.addressApis = ADDRESS_APIS[model.language] ?? [];
  }

  /** The first fixed port the call binds to, through the first of `apis` that finds one. */
  viaApis(call: CallSite, apis: readonly ListenApi[], depth: number): { found: Found; api: ListenApi } | undefined {
    for (const api of apis) {
      if (!matches(api, call, this.facts)) continue;
      const found = this.inCall(call, api, depth);
      if (found) return { found, api };
    }
    return undefined;
  }

  /** The values a slot of the call holds. */
  slotValues(call: CallSite, slot: PortSlot): (Value | undefined)[] {
    if ('kw' in slot) return [call.kwargs?.find((p) => p.key === slot.kw)?.value];
    if (slot.arg === 'each') return call.args;
    const i = slot.arg < 0 ? call.args.length + slot.arg : slot.arg;
    const v = call.args[i];
    if ('prop' in slot) {
      const o = resolve(v);
      return [o?.kind === 'object' ? o.props.find((p) => p.key === slot.prop)?.value : undefined];
    }
    if ('item' in slot) {
      const a = resolve(v);
      return [a?.kind === 'array' ? a.items[slot.item] : undefined];
    }
    return [v];
  }

  /** The first fixed port the call binds to, through its slots. */
  inCall(call: CallSite, api: ListenApi, depth: number): Found | undefined {
    for (const slot of api.slots) {
      for (const v of this.slotValues(call, slot)) {
        const f = 'setting' in slot ? this.setting(v, slot.setting) : this.evaluate(v, slot.kind, depth);
        if (f) return f;
      }
    }
    return undefined;
  }

  /** `"server.port=9090"`: a `key=value` string whose value is a fixed port. */
  setting(v: Value | undefined, key: string): Found | undefined {
    const r = resolve(v);
    if (r?.kind !== 'string' || !r.value.startsWith(key + '=')) return undefined;
    const digits = r.value.slice(key.length + 1);
    if (!DIGITS.test(digits) || !validPort(Number(digits))) return undefined;
    return { port: Number(digits), at: v!.span, literal: r.span, shape: 'setting', setting: key, via: v!.kind === 'identifier' ? v!.name : undefined };
  }

  /** A fixed port in a value: a literal, a constant, a conversion, an address built from a port. */
  evaluate(v: Value | undefined, kind: SlotKind, depth = 0): Found | undefined {
    if (!v || depth > MAX_DEPTH) return undefined;
    switch (v.kind) {
      case 'identifier': {
        const r = resolve(v);
        if (!r || r.kind === 'identifier') return undefined;
        const f = this.evaluate(r, kind, depth + 1);
        // a constant holding the literal is reported where it is used; a built value where it is built
        return f && (r.kind === 'number' || r.kind === 'string') ? { ...f, at: v.span, via: v.name } : f;
      }
      case 'number':
        return kind !== 'address' && validPort(v.value) ? { port: v.value, at: v.span, literal: v.span, shape: 'number' } : undefined;
      case 'string': {
        if (DIGITS.test(v.value)) {
          const port = Number(v.value);
          return kind !== 'address' && validPort(port) ? { port, at: v.span, literal: v.span, shape: 'digits' } : undefined;
        }
        if (kind === 'port') return undefined;
        const a = parseAddress(v.value);
        return a ? { port: a.port, at: v.span, literal: v.span, shape: 'address', host: a.host, rest: a.rest } : undefined;
      }
      case 'call':
        return this.inValueCall(v.call, kind, depth + 1);
      case 'other':
        return this.model.language === 'go' ? this.goItoaInside(v.span, depth + 1) : undefined;
      default:
        return undefined;
    }
  }

  private inValueCall(call: CallSite, kind: SlotKind, depth: number): Found | undefined {
    if (CONVERSIONS.test(call.callee) && call.args.length >= 1 && call.args.length <= 2) return this.evaluate(call.args[0], kind, depth);
    if (this.model.language === 'go') {
      if (GO_ITOA.test(call.callee)) {
        const f = this.evaluate(call.args[0], 'port', depth);
        return f && { ...f, noFix: true };
      }
      if (GO_SPRINTF.test(call.callee) && kind !== 'port') {
        const format = resolve(call.args[0]);
        if (format?.kind !== 'string' || !SPRINTF_ADDRESS.test(format.value) || call.args.length !== 2) return undefined;
        const f = this.evaluate(call.args[1], 'port', depth);
        return f && { ...f, noFix: true };
      }
    }
    return this.viaApis(call, this.addressApis, depth)?.found;
  }

  /** Go `":" + strconv.Itoa(9000)`: the conversion inside a concatenation. */
  private goItoaInside(span: Span, depth: number): Found | undefined {
    this.itoaCalls ??= this.model.calls.filter((c) => GO_ITOA.test(c.callee));
    for (const c of this.itoaCalls) {
      if (c.span.start < span.start || c.span.end > span.end) continue;
      const f = this.evaluate(c.args[0], 'port', depth);
      if (f) return { ...f, noFix: true };
    }
    return undefined;
  }
}

/** Callees too noisy to quote in a message: a function literal or a comment inside a chain. */
const NOISY_CALLEE = /\s|\/\/|\/\*|=>|->|\{/;

/** A short name of the call for messages: the callee unless it is a long or noisy chain. */
function callName(call: CallSite): string {
  const c = call.callee;
  return c.length <= 60 && !NOISY_CALLEE.test(c) ? `${c}()` : `.${call.name}()`;
}

/** Calls that bind a server. */
function fromCalls(model: SourceModel, finder: Finder, hits: Hit[]): void {
  const apis = LISTEN_APIS[model.language];
  if (!apis) return;
  for (const call of model.calls) {
    const hit = finder.viaApis(call, apis, 0);
    if (!hit) continue;
    // `set :port, 4567`, `System.setProperty("server.port", …)`: name the setting
    const setting = hit.api.first ? wordOf(call.args[0]) : '';
    const where = /port|url/i.test(setting) ? `in the ${setting} setting of ${callName(call)}` : `in ${callName(call)}`;
    hits.push({ found: hit.found, where, stringPort: hit.api.stringPort });
  }
}

/** Go `&http.Server{Addr: ":8080"}` and `srv.Addr = ":8080"` before `srv.ListenAndServe()`. */
function fromGoAddrFields(model: SourceModel, finder: Finder, hits: Hit[]): void {
  for (const s of model.strings) {
    const c = s.context;
    if (c.key !== 'Addr' || c.nonValue || c.inExpression || c.envFallback) continue;
    const typed = c.objectType !== undefined && GO_SERVER_TYPES.test(c.objectType) && c.keyPath.length === 1;
    const assigned = c.receiver !== undefined && c.objectType === undefined && model.calls.some((k) => k.receiver === c.receiver && GO_SERVE_METHODS.test(k.name));
    if (!typed && !assigned) continue;
    const found = finder.evaluate(literalValue(s), 'address');
    if (found) hits.push({ found, where: typed ? `in the Addr of ${c.objectType}` : `in ${c.receiver}.Addr` });
  }
}

/** Python gunicorn / hypercorn config: `bind = "0.0.0.0:8000"`, `bind = ["0.0.0.0:8000"]`. */
function fromPythonBind(model: SourceModel, finder: Finder, hits: Hit[]): void {
  for (const s of model.strings) {
    const c = s.context;
    const key = c.key ?? c.keyPath[c.keyPath.length - 1];
    if (!key || !PYTHON_BIND_SETTINGS.has(key) || c.nonValue || c.inExpression || c.envFallback || c.call || c.comparison) continue;
    const found = finder.evaluate(literalValue(s), 'address');
    if (found) hits.push({ found, where: `in the ${key} setting` });
  }
}

/** PHP config files: the `port` of a server (Hyperf `'servers' => [['port' => 9501, 'callbacks' => …]]`). */
function fromPhpConfig(model: SourceModel, finder: Finder, hits: Hit[]): void {
  const walk = (v: Value | undefined, path: string[], depth: number) => {
    if (!v || depth > 12) return;
    if (v.kind === 'array') for (const item of v.items) walk(item, path, depth + 1);
    if (v.kind !== 'object') return;
    for (const p of v.props) {
      if (p.key === 'port' && (v.props.some((q) => PHP_SERVER_SIBLINGS.has(q.key)) || path.some((k) => PHP_SERVER_KEYS.test(k)))) {
        const found = finder.evaluate(p.value, 'port');
        if (found) hits.push({ found, where: `in the ${path.concat('port').join('.')} setting` });
      } else walk(p.value, path.concat(p.key), depth + 1);
    }
  };
  walk(model.returnValue, [], 0);
}

/** Spring `server.port` in application.properties / .yml; ASP.NET `Urls` and Kestrel endpoints in appsettings.json. */
function fromAppConfig(model: SourceModel, finder: Finder, hits: Hit[]): void {
  for (const s of model.strings) {
    const path = s.context.keyPath;
    if (model.language === 'properties' || model.language === 'yaml') {
      if (path.length !== 2 || path[0] !== 'server' || path[1] !== 'port' || s.context.envFallback) continue;
      const port = Number(s.value);
      if (!DIGITS.test(s.value) || !validPort(port)) continue;
      hits.push({ found: { port, at: s.span, literal: s.innerSpan, shape: 'digits' }, where: 'in server.port', format: 'placeholder' });
    } else if (model.language === 'json') {
      const lower = path.map((k) => k.toLowerCase());
      const urls = lower.length === 1 && lower[0] === 'urls';
      const endpoint = lower.length === 4 && lower[0] === 'kestrel' && lower[1] === 'endpoints' && lower[3] === 'url';
      if (!urls && !endpoint) continue;
      const found = finder.evaluate(literalValue(s), 'address');
      if (found) hits.push({ found, where: urls ? `in ${path[0]}` : `in ${path.join(':')}`, format: urls ? 'json-urls' : undefined });
    }
  }
}

/** Dockerfile CMD / ENTRYPOINT and Procfile `web`: `--port 8000`, `--bind 0.0.0.0:8000`, `-p 5000`. */
function fromCommands(model: SourceModel, hits: Hit[]): void {
  for (const command of model.commands ?? []) {
    if (model.language === 'procfile' ? command.label !== 'web' : command.label !== 'CMD' && command.label !== 'ENTRYPOINT') continue;
    const words = command.args;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w.kind !== 'string') continue;
      let found: Found | undefined;
      const flag = COMMAND_PORT_FLAGS.get(w.value);
      if (flag && words[i + 1]?.kind === 'string') found = wordPort(model, words[i + 1] as Extract<Value, { kind: 'string' }>, 0, flag);
      else if (w.value === 'http.server' && words[i + 1]?.kind === 'string') found = wordPort(model, words[i + 1] as Extract<Value, { kind: 'string' }>, 0, 'port');
      else {
        const eq = w.value.indexOf('=');
        const kind = eq > 0 ? COMMAND_PORT_FLAGS.get(w.value.slice(0, eq)) : undefined;
        if (kind) found = wordPort(model, w, eq + 1, kind);
      }
      if (found) {
        hits.push({ found, where: model.language === 'procfile' ? 'in the web process' : `in ${command.label}`, format: command.form === 'exec' ? 'exec' : 'shell', command });
        break;
      }
    }
  }
}

/** The port in a command word from `offset` on: the digits of `8000` or of `0.0.0.0:8000`, located in the raw text. */
function wordPort(model: SourceModel, w: Extract<Value, { kind: 'string' }>, offset: number, kind: SlotKind): Found | undefined {
  const value = w.value.slice(offset);
  let port: number | undefined;
  if (DIGITS.test(value)) port = kind === 'address' ? undefined : Number(value);
  else if (kind !== 'port') {
    const a = parseAddress(value);
    if (a && !a.rest) port = a.port;
  }
  if (port === undefined || !validPort(port)) return undefined;
  const raw = textOf(model, w.span);
  const digits = String(port);
  const at = raw.lastIndexOf(digits);
  if (at < 0) return undefined;
  const literal = { start: w.span.start + at, end: w.span.start + at + digits.length };
  return { port, at: literal, literal, shape: 'number' };
}

/** A string literal of the model as a value. */
function literalValue(s: StringLiteral): Value {
  if (s.scalar === 'number' && DIGITS.test(s.value)) return { kind: 'number', value: Number(s.value), span: s.innerSpan };
  return { kind: 'string', value: s.value, span: s.span };
}

/** Joins a string literal's text and an expression, in the language's way. */
function concat(language: LanguageId, literal: string, code: string): string | undefined {
  if (language === 'php') return `${literal} . ${code}`;
  if (language === 'ruby') return undefined;
  return `${literal} + ${code}`;
}

/** The edit that reads the port from the environment instead, as the language writes it. */
function fixCode(model: SourceModel, hit: Hit): { span: Span; code: string } | undefined {
  const { found } = hit;
  if (found.noFix) return undefined;
  const idioms = model.idioms;
  const lit = textOf(model, found.literal);
  switch (hit.format) {
    case 'placeholder':
    case 'shell':
      return { span: found.literal, code: idioms.envNumber(ENV, lit) };
    case 'exec':
      return execToShell(model, hit);
    case 'json-urls':
      return { span: { start: found.literal.start + 1, end: found.literal.end - 1 }, code: idioms.envString(ENV) };
  }
  switch (found.shape) {
    case 'number':
    case 'digits': {
      const code = hit.stringPort ? idioms.envStringOr?.(ENV, lit) : idioms.envNumber(ENV, lit);
      return code === undefined ? undefined : { span: found.literal, code };
    }
    case 'address': {
      if (found.rest || !idioms.envAddress) return undefined;
      return { span: found.literal, code: idioms.envAddress(ENV, found.host ?? '', String(found.port)) };
    }
    case 'setting': {
      const quote = lit[0];
      const key = found.setting ?? '';
      if ((quote !== '"' && quote !== "'") || lit !== `${quote}${key}=${found.port}${quote}` || !idioms.envStringOr) return undefined;
      const code = concat(model.language, `${quote}${key}=${quote}`, idioms.envStringOr(ENV, `${quote}${found.port}${quote}`));
      return code === undefined ? undefined : { span: found.literal, code };
    }
  }
}

/**
 * An exec-form command cannot expand `$PORT`: the fix runs it through a shell, `exec` keeping the
 * server as the process that receives signals. Only for words a shell line can hold as they are.
 * Not automatic: the command then depends on a shell in the image.
 */
function execToShell(model: SourceModel, hit: Hit): { span: Span; code: string } | undefined {
  const command = hit.command;
  if (!command) return undefined;
  const words: string[] = [];
  for (const w of command.args) {
    if (w.kind !== 'string' || !PLAIN_WORD.test(w.value)) return undefined;
    if (w.span.start <= hit.found.literal.start && hit.found.literal.end <= w.span.end) {
      const raw = textOf(model, w.span);
      const from = hit.found.literal.start - w.span.start;
      const to = hit.found.literal.end - w.span.start;
      const value = raw.slice(0, from) + model.idioms.envNumber(ENV, String(hit.found.port)) + raw.slice(to);
      words.push(value.replace(/^"|"$/g, ''));
    } else words.push(w.value);
  }
  // an ENTRYPOINT still receives the CMD's words: the shell passes them on as "$@"
  const line = command.label === 'ENTRYPOINT' ? ['sh', '-c', `exec ${words.join(' ')} "$@"`, 'sh'] : ['sh', '-c', `exec ${words.join(' ')}`];
  return { span: command.span, code: JSON.stringify(line).replace(/","/g, '", "') };
}

const rule: Rule = {
  meta: {
    id: 'no-fixed-port',
    factor: 7,
    description: 'Reports servers that bind to a port written in the code instead of the port given by the environment.',
    defaultSeverity: 'warning',
    fixable: true,
    fileKinds: ['app-config', 'deploy'],
  },
  create(ctx) {
    const { model } = ctx;
    const finder = new Finder(model);
    const hits: Hit[] = [];
    const kind = model.fileKind ?? 'source';
    if (kind === 'source') {
      fromCalls(model, finder, hits);
      if (model.language === 'go') fromGoAddrFields(model, finder, hits);
      if (model.language === 'python') fromPythonBind(model, finder, hits);
      if (model.language === 'php') fromPhpConfig(model, finder, hits);
    } else if (kind === 'app-config') fromAppConfig(model, finder, hits);
    else fromCommands(model, hits);

    // one finding per place; a fix that would put several servers of one source file on PORT is not automatic
    const seen = new Set<string>();
    const ports = new Set(hits.map((h) => h.found.port));
    for (const hit of hits) {
      const { found } = hit;
      const key = `${found.at.start}:${found.at.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = found.via ? `${found.port} (from \`${found.via}\`)` : String(found.port);
      const fixes: Fix[] = [];
      const edit = fixCode(model, hit);
      if (edit) {
        // turning a constant into a variable can break its other uses (constant expressions, attributes, case labels)
        const redeclares = (model.idioms.declarationEdits?.(edit.span).length ?? 0) > 0;
        const safe = (kind !== 'source' || ports.size === 1) && !redeclares && hit.format !== 'exec' && hit.format !== 'json-urls';
        const title =
          hit.format === 'json-urls'
            ? 'Leave the URLs empty: bind where the environment says (ASPNETCORE_URLS)'
            : hit.format === 'exec'
              ? `Run the command through a shell that reads ${ENV} (default ${found.port})`
              : `Read the port from ${ENV} (default ${found.port})`;
        fixes.push(replaceFix(model, title, edit.span, edit.code, { preferred: safe, envVars: [ENV] }));
      }
      ctx.report({
        span: found.at,
        message: message(
          7,
          `Fixed port ${where} ${hit.where}`,
          'the platform that runs the app assigns the port at run time and passes it in PORT.',
          todo(model, hit),
        ),
        fixes,
      });
    }
  },
};

/** What to do, in the words of the file's language or format. */
function todo(model: SourceModel, hit: Hit): string {
  const p = hit.found.port;
  if (hit.format === 'json-urls' || (model.language === 'json' && !hit.format)) {
    return `Leave the URL out of the file and let the environment set it (ASPNETCORE_URLS=http://+:$PORT or ASPNETCORE_HTTP_PORTS=$PORT).`;
  }
  if (hit.format === 'placeholder') return `Use a placeholder that reads PORT and keeps ${p} as the local default: \${PORT:${p}}.`;
  if (hit.format === 'shell' || hit.format === 'exec') return `Pass the port from the environment and keep ${p} as the local default: \${PORT:-${p}}.`;
  return `Read the port from the environment and keep ${p} as the local default.`;
}

export default rule;
