/**
 * @helper Where names and values come from, for the rules that recognise libraries by their module
 * (no-file-logging, no-in-memory-session): the module a local name was imported from, the literal
 * pieces of a path expression, and walks over argument values.
 */
import type { CallSite, ImportBinding, SourceModel, Value } from '../model';
import type { Span } from '../types';
import { resolve } from './util';

/** A name traced to a module: `winston.transports.File` with `import winston from 'winston'` is `winston` + `[transports, File]`. */
export interface Origin {
  module: string;
  /** Member path below the module's namespace (`default` and `*` imports both start at the namespace). */
  path: string[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

type ModuleBinding = ImportBinding & { module: string };

const bindingsCache = new WeakMap<SourceModel, Map<string, ModuleBinding>>();

/** The import binding of a local name, with its module. */
export function bindingOf(model: SourceModel, local: string): ModuleBinding | undefined {
  // Asked for every call by several rules: a scan of the imports per question would cost calls × imports.
  let byLocal = bindingsCache.get(model);
  if (!byLocal) {
    byLocal = new Map();
    for (const imp of model.imports) {
      for (const b of imp.bindings ?? []) if (!byLocal.has(b.local)) byLocal.set(b.local, { ...b, module: imp.module });
    }
    bindingsCache.set(model, byLocal);
  }
  const b = byLocal.get(local);
  return b ? { ...b } : undefined;
}

/** The local name bound to `imported` of `module` (`default`/`*` match each other), if the file imports it. */
export function localNameOf(model: SourceModel, module: string, imported: string): string | undefined {
  const whole = imported === 'default' || imported === '*';
  for (const imp of model.imports) {
    if (imp.module !== module) continue;
    const b = imp.bindings?.find((x) => x.imported === imported || (whole && (x.imported === 'default' || x.imported === '*')));
    if (b) return b.local;
  }
  return undefined;
}

/**
 * Traces a dotted name as written (`fs.promises.appendFile`) to its module. `fallback` names the module of
 * a conventional head name (`fs`, `winston`…) used when the file does not bind it (snippets, globals).
 */
export function originOf(model: SourceModel, dotted: string, fallback: Record<string, Origin> = {}): Origin | undefined {
  const parts = dotted.split('.');
  if (parts.length === 0 || !parts.every((p) => IDENTIFIER.test(p))) return undefined;
  const [head, ...rest] = parts;
  const b = bindingOf(model, head);
  if (b) {
    const base = b.imported === 'default' || b.imported === '*' ? [] : [b.imported];
    return { module: normaliseModule(b.module), path: [...base, ...rest] };
  }
  const f = fallback[head];
  return f ? { module: f.module, path: [...f.path, ...rest] } : undefined;
}

/** The origin of a call's callee, including `require('m').name(…)`. */
export function callOrigin(model: SourceModel, call: CallSite, fallback: Record<string, Origin> = {}): Origin | undefined {
  const rc = call.receiverCall;
  if (rc && rc.callee === 'require' && rc.args[0]?.kind === 'string') return { module: normaliseModule(rc.args[0].value), path: [call.name] };
  return originOf(model, call.callee, fallback);
}

/** The module of a value that is a whole module: an imported name (`fastifySession`) or `require('m')`. */
export function moduleOfValue(model: SourceModel, v: Value | undefined): Origin | undefined {
  if (!v) return undefined;
  if (v.kind === 'identifier') {
    const o = originOf(model, v.name);
    if (o) return o;
    return v.resolved ? moduleOfValue(model, v.resolved) : undefined;
  }
  if (v.kind === 'call' && v.call.callee === 'require' && v.call.args[0]?.kind === 'string') return { module: normaliseModule(v.call.args[0].value), path: [] };
  if (v.kind === 'other') return originOf(model, v.text.replace(/\s+/g, ''));
  return undefined;
}

/** `node:fs` → `fs`, `node:fs/promises` → `fs/promises`. */
function normaliseModule(m: string): string {
  return m.startsWith('node:') ? m.slice(5) : m;
}

/** Drops a leading `default` (ESM interop) or the module's own name exported as a member (`import { pino } from 'pino'`). */
export function memberPath(o: Origin, selfNames: string[] = []): string[] {
  let p = o.path;
  while (p.length && (p[0] === 'default' || selfNames.includes(p[0]))) p = p.slice(1);
  return p;
}

/**
 * The literal text pieces of an expression that builds a path or a name: the string itself, the
 * literal parts of a template, the string arguments of `path.join`/`path.resolve`, the strings of a
 * concatenation, the default of an environment lookup, the value of a constant.
 */
export function literalPieces(model: SourceModel, v: Value | undefined, depth = 0): string[] {
  if (!v || depth > 8) return [];
  switch (v.kind) {
    case 'string':
      return [v.value];
    case 'template':
      return v.parts;
    case 'env':
      return literalPieces(model, v.fallback, depth + 1);
    case 'identifier':
      return literalPieces(model, v.resolved, depth + 1);
    case 'call': {
      const c = v.call;
      if (/^(path\.(posix\.|win32\.)?)?(join|resolve)$/.test(c.callee) || (c.isNew && c.callee === 'URL')) {
        return c.args.flatMap((a) => literalPieces(model, a, depth + 1));
      }
      return [];
    }
    case 'other':
      return model.strings.filter((s) => s.span.start >= v.span.start && s.span.end <= v.span.end).map((s) => s.value);
    default:
      return [];
  }
}

/** Path segments of the pieces (`['logs/', 'app.log']` → `['logs', 'app.log']`), without `.` and empty ones. */
export function pathSegments(pieces: string[]): string[] {
  return pieces.flatMap((p) => p.split(/[\\/]+/)).filter((s) => s !== '' && s !== '.' && s !== '..');
}

/** The words of an identifier: `accessLogStream` → access, log, stream; `LOG_FILE` → log, file. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The last name of a dotted name as written: `config.logFile` → `logFile`. */
export function lastName(text: string): string {
  const parts = text.split('.');
  return parts[parts.length - 1] ?? text;
}

/**
 * Visits a value and everything inside it (object properties, array items), following constants.
 * Calls are not entered: their own arguments are visited as calls of their own. Stop by returning true.
 */
export function walkValue(v: Value | undefined, visit: (v: Value, via: Value) => boolean | void, depth = 0): boolean {
  if (!v || depth > 12) return false;
  const r = resolve(v) ?? v;
  if (visit(r, v)) return true;
  if (r.kind === 'object') return r.props.some((p) => walkValue(p.value, visit, depth + 1));
  if (r.kind === 'array') return r.items.some((i) => walkValue(i, visit, depth + 1));
  return false;
}

type ArrayValue = Extract<Value, { kind: 'array' }>;
type ObjectValue = Extract<Value, { kind: 'object' }>;

/** For each value span in the arguments of the file's calls (following constants): the array or object holding it. */
interface Holders {
  arrays: Map<string, ArrayValue>;
  objects: Map<string, ObjectValue>;
}

const holdersCache = new WeakMap<SourceModel, Holders>();

function spanKey(s: Span): string {
  return `${s.start}:${s.end}`;
}

/** Built once per model: rules ask for the holder of many values, and a walk per question would be quadratic. */
function holdersOf(model: SourceModel): Holders {
  let h = holdersCache.get(model);
  if (h) return h;
  const holders: Holders = { arrays: new Map(), objects: new Map() };
  const seen = new Set<string>();
  const visit = (value: Value, depth: number): void => {
    const v = resolve(value) ?? value;
    if ((v.kind !== 'array' && v.kind !== 'object') || depth > 12) return;
    const key = spanKey(v.span);
    if (seen.has(key)) return; // a constant used in many places is walked once
    seen.add(key);
    const children = v.kind === 'array' ? v.items : v.props.map((p) => p.value);
    for (const c of children) {
      for (const k of [spanKey(c.span), spanKey((resolve(c) ?? c).span)]) {
        if (v.kind === 'array' && !holders.arrays.has(k)) holders.arrays.set(k, v);
        if (v.kind === 'object' && !holders.objects.has(k)) holders.objects.set(k, v);
      }
      visit(c, depth + 1);
    }
  };
  for (const c of model.calls) for (const a of c.args) visit(a, 0);
  holdersCache.set(model, holders);
  return (h = holders);
}

/** The array (in any call's arguments, following constants) that holds an item at `span`. */
export function arrayHolding(model: SourceModel, span: Span): ArrayValue | undefined {
  return holdersOf(model).arrays.get(spanKey(span));
}

/** The object (in any call's arguments, following constants) that holds a property whose value is at `span`. */
export function objectHolding(model: SourceModel, span: Span): ObjectValue | undefined {
  return holdersOf(model).objects.get(spanKey(span));
}

/** True when any argument of `call` is, holds, or names (through constants) the value at `span`. */
export function argsReach(call: CallSite, span: Span): boolean {
  return call.args.some((a) => walkValue(a, (v, via) => sameSpan(v.span, span) || sameSpan(via.span, span)));
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The property `key` of an object value (after following constants). */
export function propOf(v: Value | undefined, key: string) {
  const r = resolve(v);
  return r?.kind === 'object' ? r.props.find((p) => p.key === key) : undefined;
}

/** The string value of a value after following constants, if it is one. */
export function stringOf(v: Value | undefined): string | undefined {
  const r = resolve(v);
  return r?.kind === 'string' ? r.value : undefined;
}
