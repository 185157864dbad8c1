/**
 * Python adapter: builds the SourceModel from a tree-sitter-python tree.
 *
 * What it knows of Python's idioms:
 * - environment lookups: `os.environ["X"]`, `os.environ.get("X", d)`, `os.getenv("X", d)`,
 *   `os.environ.setdefault("X", d)`, the same through `from os import environ/getenv` or an aliased
 *   `import os`, `os.getenv("X") or d`, django-environ (`env("X", default=d)`, `env.int(…)`, `env.db(…)`
 *   on an `environ.Env(…)` instance) and python-decouple (`config("X", default=d)`), plus the guarded
 *   default `x = os.getenv("X")` / `if not x: x = d`; fields of a pydantic `BaseSettings` class are
 *   defaults of environment variables;
 * - request handlers: functions decorated as routes (`@app.route`, `@app.get`, `@router.post`,
 *   `@bp.route`, `@api_view`, `@require_http_methods`, `@login_required`…), functions whose first
 *   parameter is `request`/`req` (Django, aiohttp, DRF), HTTP-verb methods of view classes
 *   (`View`, `MethodView`, `APIView`, `ViewSet`, `Resource`, Tornado `RequestHandler`, Starlette
 *   `HTTPEndpoint`), and functions registered by name (`add_url_rule(view_func=f)`, `add_api_route`,
 *   `router.add_get`, `path("…", f)`);
 * - module-level collections: dicts, lists, sets and their factories (`dict()`, `defaultdict(…)`,
 *   `OrderedDict()`, `TTLCache(…)`…) bound at module level or as class attributes of module-level
 *   classes, mutated by subscript assignment, `del`, or mutating methods.
 *
 * Calls of CapWords names (`RotatingFileHandler(…)`, `redis.Redis(…)`) are constructor calls
 * (`isNew`), following PEP 8's naming of classes. Keyword arguments are `kwargs`; a string that is a
 * keyword argument has the keyword as `key` and `argIndex` -1.
 */
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { Query } from '@vscode/tree-sitter-wasm';
import type {
  CallSite,
  Comment,
  ImportBinding,
  ImportInfo,
  LanguageIdioms,
  ModuleCollection,
  Property,
  SourceModel,
  StringContext,
  StringLiteral,
  Value,
} from '../model';
import type { Span, TextEdit } from '../types';
import { computeLineStarts } from '../text';
import { spanOf, ValueMemo } from './adapter-kit';
import { EnvBranches } from './env-branch';

const QUERY_SOURCE = `
(string) @string
(concatenated_string) @concat
(call) @call
(comment) @comment
(assignment) @assignment
(augmented_assignment) @augmented
(delete_statement) @delete
(named_expression) @walrus
(for_statement) @for
(as_pattern_target) @astarget
(function_definition) @function
(class_definition) @class
(import_statement) @import
(import_from_statement) @import
(future_import_statement) @future
(global_statement) @global
`;

const FUNCTIONS = new Set(['function_definition', 'lambda']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace']);
const VIEW_METHODS = new Set([...HTTP_VERBS, 'dispatch', 'list', 'create', 'retrieve', 'update', 'partial_update', 'destroy', 'websocket']);
const ROUTE_DECORATORS = new Set(['route', ...HTTP_VERBS, 'websocket', 'api_route', 'websocket_route']);
const VIEW_DECORATORS = new Set(['api_view', 'require_http_methods', 'require_GET', 'require_POST', 'require_safe', 'csrf_exempt', 'login_required', 'permission_required', 'view_config', 'action']);
const VIEW_BASES = /(View|ViewSet|Resource|RequestHandler|Handler|HTTPEndpoint|WebSocketEndpoint)$/;
const VIEW_REGISTRATIONS = new Set(['add_url_rule', 'add_api_route', 'add_api_websocket_route', 'add_route', 'add_get', 'add_post', 'add_put', 'add_patch', 'add_delete', 'add_view', 'path', 're_path', 'url', 'Route']);
const VIEW_KWARGS = new Set(['view_func', 'endpoint', 'view', 'handler']);
const HANDLER_PARAMS = new Set(['request', 'req']);

/** Calls whose value is the value of their argument (for following a literal or an env lookup). */
const TRANSPARENT_CALLS = new Set(['str', 'int', 'float', 'bytes', 'bytearray', 'SecretStr', 'pydantic.SecretStr']);
/** Conversions that keep an environment lookup an environment lookup. */
const ENV_CONVERSIONS = new Set(['int', 'float', 'str', 'bool']);

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);
const LOG_RECEIVERS = /(^|\.)(logging|logger|log|_logger|_log|LOGGER|LOG)$/;

const COLLECTION_FACTORIES: Record<string, ModuleCollection['kind']> = {
  dict: 'map',
  defaultdict: 'map',
  OrderedDict: 'map',
  Counter: 'map',
  ChainMap: 'map',
  WeakValueDictionary: 'map',
  WeakKeyDictionary: 'map',
  TTLCache: 'map',
  LRUCache: 'map',
  LFUCache: 'map',
  Cache: 'map',
  list: 'array',
  deque: 'array',
  set: 'set',
  WeakSet: 'set',
};
const MUTATING_METHODS = new Set(['update', 'setdefault', 'pop', 'popitem', 'clear', 'append', 'extend', 'insert', 'remove', 'add', 'discard', 'appendleft', 'extendleft', 'popleft', '__setitem__', '__delitem__']);

const queries = new WeakMap<object, Query>();

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function named(n: Node | null | undefined): Node[] {
  return n ? n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
}

/** Unescapes the body of a Python string literal (`raw`: r-prefix, `bytes`: b-prefix). */
export function unescapePython(body: string, raw = false, bytes = false): string {
  if (raw || !body.includes('\\')) return body;
  return body.replace(
    /\\(\r\n|\n|\r|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[\s\S])/g,
    (m, e: string) => {
      if (e === '\n' || e === '\r\n' || e === '\r') return '';
      if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
      if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
      if (!bytes && (e[0] === 'u' || e[0] === 'U') && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
      switch (e) {
        case 'n': return '\n';
        case 't': return '\t';
        case 'r': return '\r';
        case 'a': return '\x07';
        case 'b': return '\b';
        case 'f': return '\f';
        case 'v': return '\v';
        case '\\': case '\'': case '"': return e;
        default: return m; // unknown escapes (and \N{…}) stay as written, as Python keeps them
      }
    },
  );
}

function parseNumber(text: string): number | undefined {
  const t = text.replace(/_/g, '').toLowerCase();
  if (/[jl]$/.test(t)) return undefined;
  let v: number;
  if (/^0o[0-7]+$/.test(t)) v = parseInt(t.slice(2), 8);
  else if (/^0b[01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** The environment lookup a value is, directly or through the constant it names. */
function envOf(v: Value): (Value & { kind: 'env' }) | undefined {
  if (v.kind === 'env') return v;
  return v.kind === 'identifier' && v.resolved?.kind === 'env' ? v.resolved : undefined;
}

function lastName(text: string): string {
  const m = /([A-Za-z_][\w]*)\W*$/.exec(text);
  return m ? m[1] : text;
}

/** Parts of a Python string node: prefix flags, body and inner span. */
interface StringParts {
  raw: boolean;
  bytes: boolean;
  fstring: boolean;
  inner: Span;
  body: string;
}

function stringParts(n: Node, text: string): StringParts | undefined {
  const start = n.children.find((c) => c?.type === 'string_start');
  const end = n.children.find((c) => c?.type === 'string_end');
  if (!start || !end || end.startIndex < start.endIndex) return undefined;
  const prefix = start.text.replace(/["']/g, '').toLowerCase();
  const hasInterpolation = n.namedChildren.some((c) => c?.type === 'interpolation');
  const inner = { start: start.endIndex, end: end.startIndex };
  return {
    raw: prefix.includes('r'),
    bytes: prefix.includes('b'),
    fstring: prefix.includes('f') || prefix.includes('t') || hasInterpolation,
    inner,
    body: text.slice(inner.start, inner.end),
  };
}

interface Binding {
  name: string;
  /** The assigned expression, when the binding is a plain `name = value`. */
  valueNode: Node | null;
  /** Span of the binding statement. */
  span: Span;
  nameSpan: Span;
  /** A plain assignment (otherwise a parameter, loop target, import…). */
  plain: boolean;
  /** The statement node of a plain assignment (for the guarded-default pattern). */
  statement?: Node;
}

class PyModelBuilder {
  private readonly calls = new Map<number, CallSite>();
  private readonly callNodes = new Map<CallSite, Node>();
  private readonly functionInfo = new Map<number, { handler: boolean }>();
  /** Bindings per scope node id (module, function, lambda, class). */
  private readonly scopes = new Map<number, Map<string, Binding[]>>();
  /** Names declared `global` per function node id. */
  private readonly globals = new Map<number, Set<string>>();
  /** Local name -> dotted path it was imported as (`environ` -> `os.environ`). */
  private readonly importAliases = new Map<string, string>();
  private readonly registeredViews = new Set<string>();
  private readonly values = new ValueMemo((node) => this.computeValue(node));
  private readonly resolving = new Set<number>();
  private readonly rootId: number;
  /** `"a" if APP_ENV == "production" else "b"`, `if os.environ.get("APP_ENV") == "production":`, `match ENV: case "prod":` */
  private readonly envBranches = new EnvBranches(
    { conditional_expression: ['#1'], if_statement: ['condition'], elif_clause: ['condition'], match_statement: ['subject'], case_clause: ['#0'] },
    new Set(['function_definition', 'lambda', 'class_definition']),
    (n) => (n.type === 'string' ? this.stringValue(n).value : undefined),
  );

  constructor(private readonly text: string, private readonly tree: Tree) {
    this.rootId = tree.rootNode.id;
  }

  build(): SourceModel {
    const root = this.tree.rootNode;
    let query = queries.get(root.tree.language);
    if (!query) {
      query = new Query(root.tree.language, QUERY_SOURCE);
      queries.set(root.tree.language, query);
    }
    const captures = query.captures(root);
    const stringNodes: Node[] = [];
    const callNodes: Node[] = [];
    const comments: Comment[] = [];
    const imports: ImportInfo[] = [];
    const mutationNodes: Node[] = [];
    const bindingNodes: { name: string; node: Node }[] = [];
    let osImported = false;
    /** Standard modules other than `os` that module-level `import` statements bind (fixes may need them). */
    const boundModules = new Set<string>();
    for (const { name, node } of captures) {
      switch (name) {
        case 'string':
          if (node.parent?.type !== 'concatenated_string') stringNodes.push(node);
          break;
        case 'concat':
          stringNodes.push(node);
          break;
        case 'call':
          callNodes.push(node);
          break;
        case 'comment':
          comments.push(this.comment(node));
          break;
        case 'global':
          this.declareGlobals(node);
          break;
        case 'import':
          for (const info of this.importInfo(node)) imports.push(info);
          if (node.type === 'import_statement' && this.enclosingFunction(node) === null && this.bindsOs(node)) osImported = true;
          if (node.type === 'import_statement' && this.enclosingFunction(node) === null) for (const m of FIX_MODULES) if (this.bindsModule(node, m)) boundModules.add(m);
          bindingNodes.push({ name, node });
          break;
        case 'future':
          imports.push({ module: '__future__', span: spanOf(node) });
          break;
        case 'assignment':
        case 'augmented':
        case 'delete':
          mutationNodes.push(node);
          bindingNodes.push({ name, node });
          break;
        default:
          bindingNodes.push({ name, node });
      }
    }
    // `global` declarations must be known before bindings are placed in their scopes.
    for (const { name, node } of bindingNodes) this.bind(name, node);
    for (const n of callNodes) this.registerViews(n);
    const calls = callNodes.map((n) => this.call(n));
    for (const c of calls) {
      if ((c.callee === '__import__' || c.callee === 'importlib.import_module') && c.args[0]?.kind === 'string') imports.push({ module: c.args[0].value, span: c.args[0].span });
    }
    const strings: StringLiteral[] = [];
    for (const n of stringNodes) {
      const lit = this.literal(n);
      if (lit) strings.push(lit);
    }
    const envReads: SourceModel['envReads'] = [];
    for (const n of root.descendantsOfType(['call', 'subscript'])) {
      if (!n) continue;
      const env = this.envLookup(n);
      if (env?.name) envReads.push({ name: env.name, span: spanOf(n) });
    }
    return {
      language: 'python',
      text: this.text,
      strings,
      calls,
      collections: this.collections(calls, mutationNodes),
      comments,
      imports,
      envReads,
      idioms: pythonIdioms(this.text, root, osImported, boundModules),
      hasErrors: root.hasError,
      lineStarts: computeLineStarts(this.text),
    };
  }

  // ---- comments and imports ---------------------------------------------------------------

  private comment(n: Node): Comment {
    let i = n.startIndex - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    const ownLine = i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
    return { text: n.text.replace(/^#+/, '').trim(), span: spanOf(n), line: n.startPosition.row, endLine: n.endPosition.row, ownLine };
  }

  private importInfo(n: Node): ImportInfo[] {
    if (n.type === 'import_from_statement') {
      const mod = n.childForFieldName('module_name');
      if (!mod) return [];
      const module = compact(mod.text);
      const bindings: ImportBinding[] = [];
      for (const nameNode of n.childrenForFieldName('name')) {
        if (!nameNode) continue;
        const real = nameNode.type === 'aliased_import' ? nameNode.childForFieldName('name') : nameNode;
        const alias = nameNode.type === 'aliased_import' ? nameNode.childForFieldName('alias') : null;
        if (real) {
          this.importAliases.set((alias ?? real).text, `${module}.${compact(real.text)}`);
          bindings.push({ local: (alias ?? real).text, imported: compact(real.text) });
        }
      }
      return [{ module, span: spanOf(mod), bindings }];
    }
    const out: ImportInfo[] = [];
    for (const nameNode of n.childrenForFieldName('name')) {
      if (!nameNode) continue;
      const real = nameNode.type === 'aliased_import' ? nameNode.childForFieldName('name') : nameNode;
      if (!real) continue;
      const module = compact(real.text);
      out.push({ module, span: spanOf(real) });
      const alias = nameNode.type === 'aliased_import' ? nameNode.childForFieldName('alias') : null;
      if (alias) this.importAliases.set(alias.text, module);
    }
    return out;
  }

  /** `import os`, `import os.path` (both bind `os`) or `import os as os`. */
  private bindsOs(n: Node): boolean {
    for (const nameNode of n.childrenForFieldName('name')) {
      if (!nameNode) continue;
      if (nameNode.type === 'dotted_name' && (nameNode.text === 'os' || nameNode.text.startsWith('os.'))) return true;
      if (nameNode.type === 'aliased_import' && nameNode.childForFieldName('alias')?.text === 'os') return true;
    }
    return false;
  }

  /** `import sys`, `import logging.handlers` (binds `logging`) or `import sys as sys`. */
  private bindsModule(n: Node, module: string): boolean {
    for (const nameNode of n.childrenForFieldName('name')) {
      if (!nameNode) continue;
      if (nameNode.type === 'dotted_name' && (nameNode.text === module || nameNode.text.startsWith(`${module}.`))) return true;
      if (nameNode.type === 'aliased_import' && nameNode.childForFieldName('alias')?.text === module) return true;
    }
    return false;
  }

  /** The dotted name a callee/receiver refers to once import aliases are applied: `environ.get` -> `os.environ.get`. */
  private canonical(text: string): string {
    const t = compact(text);
    const dot = t.indexOf('.');
    const head = dot < 0 ? t : t.slice(0, dot);
    const full = this.importAliases.get(head);
    return full ? full + (dot < 0 ? '' : t.slice(dot)) : t;
  }

  // ---- scopes, bindings and constant resolution -----------------------------------------------

  private declareGlobals(n: Node): void {
    const fn = this.enclosingFunction(n);
    if (!fn) return;
    const set = this.globals.get(fn.id) ?? new Set<string>();
    for (const id of named(n)) if (id.type === 'identifier') set.add(id.text);
    this.globals.set(fn.id, set);
  }

  /** The scope a name bound at `n` belongs to: the enclosing function, lambda or class, else the module. */
  private scopeFor(n: Node, name: string): Node {
    let cur = n.parent;
    while (cur) {
      if (FUNCTIONS.has(cur.type)) {
        if (this.globals.get(cur.id)?.has(name)) return this.tree.rootNode;
        return cur;
      }
      if (cur.type === 'class_definition') return cur;
      cur = cur.parent;
    }
    return this.tree.rootNode;
  }

  private addBinding(at: Node, nameNode: Node, b: Omit<Binding, 'name' | 'nameSpan'>, scopeHint?: Node): void {
    const name = nameNode.text;
    const scope = scopeHint ?? this.scopeFor(at, name);
    let map = this.scopes.get(scope.id);
    if (!map) {
      map = new Map();
      this.scopes.set(scope.id, map);
    }
    const list = map.get(name) ?? [];
    list.push({ ...b, name, nameSpan: spanOf(nameNode) });
    map.set(name, list);
  }

  private bindTargets(at: Node, target: Node | null, value: Node | null, plainAllowed: boolean): void {
    if (!target) return;
    if (target.type === 'identifier') {
      this.addBinding(at, target, { valueNode: plainAllowed ? value : null, span: spanOf(at), plain: plainAllowed && !!value, statement: at });
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      const targets = named(target);
      const values = value && (value.type === 'expression_list' || value.type === 'tuple') ? named(value) : [];
      targets.forEach((t, i) => this.bindTargets(at, t, values.length === targets.length ? values[i] : null, plainAllowed && values.length === targets.length));
    }
    // attribute / subscript targets bind no name
  }

  private bind(kind: string, n: Node): void {
    switch (kind) {
      case 'assignment': {
        let right = n.childForFieldName('right');
        while (right?.type === 'assignment') right = right.childForFieldName('right');
        if (!right && n.childForFieldName('type')) return; // `x: int` declares, binds nothing
        this.bindTargets(n, n.childForFieldName('left'), right, true);
        return;
      }
      case 'augmented':
      case 'walrus':
      case 'for':
      case 'delete': {
        const target = kind === 'walrus' ? n.childForFieldName('name') : kind === 'delete' ? n.firstNamedChild : n.childForFieldName('left');
        // only names are rebound: `del x` and `x += 1` do, `del x[k]` and `x[k] += 1` do not
        const ids: Node[] = [];
        const collect = (t: Node | null | undefined) => {
          if (!t) return;
          if (t.type === 'identifier') ids.push(t);
          else if (/^(pattern_list|tuple_pattern|list_pattern|expression_list|tuple|list|parenthesized_expression)$/.test(t.type)) for (const c of named(t)) collect(c);
        };
        collect(target);
        for (const id of ids) this.addBinding(n, id, { valueNode: null, span: spanOf(n), plain: false });
        return;
      }
      case 'astarget': {
        const id = n.firstNamedChild;
        if (id?.type === 'identifier') this.addBinding(n, id, { valueNode: null, span: spanOf(n), plain: false });
        return;
      }
      case 'function':
      case 'class': {
        const nameNode = n.childForFieldName('name');
        if (nameNode) this.addBinding(n, nameNode, { valueNode: null, span: spanOf(n), plain: false });
        if (kind === 'function') {
          for (const p of named(n.childForFieldName('parameters'))) {
            const id = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.firstNamedChild;
            if (id?.type === 'identifier') this.addBinding(p, id, { valueNode: null, span: spanOf(p), plain: false }, n);
          }
        }
        return;
      }
      case 'import': {
        for (const nameNode of n.childrenForFieldName('name')) {
          if (!nameNode) continue;
          const local = nameNode.type === 'aliased_import' ? nameNode.childForFieldName('alias') : nameNode.type === 'dotted_name' ? nameNode.firstNamedChild : nameNode;
          if (local?.type === 'identifier') this.addBinding(n, local, { valueNode: null, span: spanOf(n), plain: false });
        }
        return;
      }
    }
  }

  /** Scopes visible from `n`, innermost first (class scopes are not visible from functions inside them). */
  private scopeChain(n: Node): Node[] {
    const chain: Node[] = [];
    let inFunction = false;
    let cur = n.parent;
    let child: Node = n;
    while (cur) {
      if (FUNCTIONS.has(cur.type)) {
        // a default value or decorator is evaluated outside the function
        if (cur.childForFieldName('body')?.id === child.id) {
          chain.push(cur);
          inFunction = true;
        }
      } else if (cur.type === 'class_definition') {
        const body = cur.childForFieldName('body');
        if (!inFunction && body?.id === child.id) chain.push(cur);
      }
      child = cur;
      cur = cur.parent;
    }
    chain.push(this.tree.rootNode);
    return chain;
  }

  private lookup(name: string, at: Node): { bindings: Binding[]; scope: Node } | undefined {
    for (const scope of this.scopeChain(at)) {
      const list = this.scopes.get(scope.id)?.get(name);
      if (list && list.length) return { bindings: list, scope };
    }
    return undefined;
  }

  private identifierValue(n: Node, span: Span): Value {
    const name = n.text;
    const found = this.lookup(name, n);
    if (!found) return { kind: 'identifier', name, span };
    const { bindings } = found;
    if (bindings.length === 1 && bindings[0].plain && bindings[0].valueNode) {
      const b = bindings[0];
      const valueNode = b.valueNode as Node;
      if (this.resolving.has(valueNode.id) || (valueNode.startIndex <= n.startIndex && n.endIndex <= valueNode.endIndex)) return { kind: 'identifier', name, span };
      this.resolving.add(valueNode.id);
      try {
        return { kind: 'identifier', name, resolved: this.value(valueNode), declaration: b.span, span };
      } finally {
        this.resolving.delete(valueNode.id);
      }
    }
    const guarded = this.guardedDefault(bindings);
    if (guarded) {
      const [first, second] = guarded;
      const env = this.value(first.valueNode as Node);
      if (env.kind === 'env') {
        return { kind: 'identifier', name, resolved: { ...env, fallback: this.value(second.valueNode as Node) }, declaration: first.span, span };
      }
    }
    return { kind: 'identifier', name, span };
  }

  /**
   * `x = os.getenv("X")` followed by `if not x: x = "d"` (or `if x is None` / `if x == ""`):
   * the two bindings of an environment lookup with its default.
   */
  private guardedDefault(bindings: Binding[]): [Binding, Binding] | undefined {
    if (bindings.length !== 2 || !bindings.every((b) => b.plain && b.valueNode && b.statement)) return undefined;
    const [first, second] = bindings;
    const env = this.envLookup(this.unwrapConversion(first.valueNode as Node));
    if (!env || env.fallback) return undefined;
    return this.isGuardFor(second.statement as Node, first.name) ? [first, second] : undefined;
  }

  /** True when `stmt` sits directly in the body of an `if` that tests `name` for emptiness. */
  private isGuardFor(stmt: Node, name: string): boolean {
    let cur = stmt.parent;
    if (cur?.type === 'expression_statement') cur = cur.parent;
    if (cur?.type !== 'block') return false;
    const ifNode = cur.parent;
    if (ifNode?.type !== 'if_statement' || ifNode.childForFieldName('consequence')?.id !== cur.id) return false;
    const cond = compact(ifNode.childForFieldName('condition')?.text ?? '');
    return [`not${name}`, `${name}isNone`, `${name}==""`, `${name}==''`, `${name}==None`, `len(${name})==0`].includes(cond);
  }

  private unwrapConversion(n: Node): Node {
    let cur = n;
    while (cur.type === 'parenthesized_expression' && cur.firstNamedChild) cur = cur.firstNamedChild;
    if (cur.type === 'call' && ENV_CONVERSIONS.has(compact(cur.childForFieldName('function')?.text ?? ''))) {
      const first = named(cur.childForFieldName('arguments'))[0];
      if (first && first.type !== 'keyword_argument') return this.unwrapConversion(first);
    }
    return cur;
  }

  // ---- values ---------------------------------------------------------------------------------

  private stringValue(n: Node): { value?: string; template?: string[] } {
    const parts = n.type === 'concatenated_string' ? named(n).filter((c) => c.type === 'string') : [n];
    let value = '';
    const literal: string[] = [];
    let template = false;
    for (const p of parts) {
      const sp = stringParts(p, this.text);
      if (!sp) return {};
      if (sp.fstring) {
        template = true;
        for (const c of p.namedChildren) if (c?.type === 'string_content') literal.push(unescapePython(c.text, sp.raw, sp.bytes));
      } else {
        const v = unescapePython(sp.body, sp.raw, sp.bytes);
        value += v;
        literal.push(v);
      }
    }
    return template ? { template: literal } : { value };
  }

  /** The statically known value of an expression node. */
  value(node: Node): Value {
    return this.values.value(node);
  }

  private computeValue(node: Node): Value {
    let n = node;
    while ((n.type === 'parenthesized_expression' || n.type === 'await') && n.firstNamedChild) n = n.firstNamedChild;
    const span = spanOf(node);
    switch (n.type) {
      case 'string':
      case 'concatenated_string': {
        const s = this.stringValue(n);
        if (s.template) return { kind: 'template', parts: s.template, span };
        return { kind: 'string', value: s.value ?? '', span };
      }
      case 'integer':
      case 'float': {
        const v = parseNumber(n.text);
        return v === undefined ? { kind: 'other', text: n.text, span } : { kind: 'number', value: v, span };
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', value: n.type === 'true', span };
      case 'unary_operator': {
        const op = n.childForFieldName('operator')?.type;
        const arg = n.childForFieldName('argument');
        if (arg && (op === '-' || op === '+')) {
          const inner = this.value(arg);
          if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'identifier':
        return this.identifierValue(n, span);
      case 'attribute': {
        // `Config.SECRET_KEY` on a module-level class of this file
        const obj = n.childForFieldName('object');
        const attr = n.childForFieldName('attribute');
        if (obj?.type === 'identifier' && attr) {
          const cls = this.lookup(obj.text, n)?.bindings;
          const clsNode = cls?.length === 1 ? this.classNamed(obj.text) : undefined;
          const b = clsNode ? this.scopes.get(clsNode.id)?.get(attr.text) : undefined;
          if (b?.length === 1 && b[0].plain && b[0].valueNode && !this.resolving.has(b[0].valueNode.id)) {
            this.resolving.add(b[0].valueNode.id);
            try {
              return { kind: 'identifier', name: compact(n.text), resolved: this.value(b[0].valueNode), declaration: b[0].span, span };
            } finally {
              this.resolving.delete(b[0].valueNode.id);
            }
          }
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'subscript': {
        const env = this.envLookup(n);
        if (env) return { kind: 'env', name: env.name, span };
        const obj = n.childForFieldName('value');
        const index = n.childForFieldName('subscript');
        if (obj && index) {
          const base = this.value(obj);
          const target = base.kind === 'identifier' ? base.resolved : base;
          const key = this.keyText(index);
          if (target?.kind === 'object' && key !== undefined) {
            const p = target.props.find((x) => x.key === key);
            if (p) return { kind: 'identifier', name: compact(n.text), resolved: p.value, declaration: p.span, span };
          }
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'boolean_operator': {
        const op = n.childForFieldName('operator')?.type;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (op === 'or' && left && right) {
          const l = this.value(left);
          const lEnv = l.kind === 'env' ? l : l.kind === 'identifier' && l.resolved?.kind === 'env' ? l.resolved : undefined;
          if (lEnv) return { kind: 'env', name: lEnv.name, fallback: this.value(right), span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'conditional_expression': {
        // `os.environ["X"] if "X" in os.environ else d`
        const [body, , alternative] = named(n);
        if (body && alternative) {
          const b = this.value(body);
          if (b.kind === 'env' && !b.fallback) return { kind: 'env', name: b.name, fallback: this.value(alternative), span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'call': {
        const call = this.call(n);
        const conv = call.callee;
        if (ENV_CONVERSIONS.has(conv) && call.args.length === 1) {
          const a = call.args[0];
          const inner = a.kind === 'identifier' && a.resolved ? a.resolved : a;
          if (inner.kind === 'env') return { ...inner, span };
          if (inner.kind === 'number' && conv !== 'str' && conv !== 'bool') return { kind: 'number', value: inner.value, span };
          if (inner.kind === 'string' && (conv === 'int' || conv === 'float')) {
            const v = parseNumber(inner.value.trim());
            if (v !== undefined) return { kind: 'number', value: v, span };
          }
        }
        const env = this.envLookup(n);
        if (env) return { kind: 'env', name: env.name, fallback: env.fallback ? this.value(env.fallback) : undefined, span };
        if (conv === 'dict' && call.args.length === 0 && call.kwargs) return { kind: 'object', props: call.kwargs, span };
        return { kind: 'call', call, span };
      }
      case 'dictionary': {
        const props: Property[] = [];
        for (const c of named(n)) {
          if (c.type !== 'pair') continue;
          const k = c.childForFieldName('key');
          const v = c.childForFieldName('value');
          const key = this.keyText(k);
          if (k && v && key !== undefined) props.push({ key, keySpan: spanOf(k), value: this.value(v), span: spanOf(c) });
        }
        return { kind: 'object', props, span };
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return { kind: 'array', items: named(n).map((c) => this.value(c)), span };
      default:
        return { kind: 'other', text: n.text, span };
    }
  }

  private classNamed(name: string): Node | undefined {
    const list = this.scopes.get(this.rootId)?.get(name);
    if (list?.length !== 1) return undefined;
    for (const c of this.tree.rootNode.namedChildren) {
      const cls = c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
      if (cls?.type === 'class_definition' && cls.childForFieldName('name')?.text === name) return cls;
    }
    return undefined;
  }

  private keyText(k: Node | null): string | undefined {
    if (!k) return undefined;
    if (k.type === 'string' || k.type === 'concatenated_string') return this.stringValue(k).value;
    if (k.type === 'identifier') {
      const v = this.value(k);
      if (v.kind === 'identifier' && v.resolved?.kind === 'string') return v.resolved.value;
    }
    return compact(k.text);
  }

  /** First positional argument and the fallback (second positional or `default=`) of a call. */
  private argsOf(n: Node): { first?: Node; second?: Node; kw: Map<string, Node> } {
    const args = n.childForFieldName('arguments');
    const positional: Node[] = [];
    const kw = new Map<string, Node>();
    if (args?.type === 'argument_list') {
      for (const a of named(args)) {
        if (a.type === 'keyword_argument') {
          const k = a.childForFieldName('name');
          const v = a.childForFieldName('value');
          if (k && v) kw.set(k.text, v);
        } else if (a.type !== 'dictionary_splat' && a.type !== 'list_splat') positional.push(a);
      }
    }
    return { first: positional[0], second: positional[1], kw };
  }

  /**
   * The environment lookup a node performs: its variable name (when a literal) and the node of its
   * default. null when the node is not an environment lookup.
   */
  envLookup(n: Node): { name?: string; fallback?: Node } | null {
    if (n.type === 'subscript') {
      const obj = n.childForFieldName('value');
      if (!obj || this.canonical(obj.text) !== 'os.environ') return null;
      const index = n.childForFieldName('subscript');
      return { name: index && (index.type === 'string' || index.type === 'concatenated_string') ? this.stringValue(index).value : undefined };
    }
    if (n.type !== 'call') return null;
    const fn = n.childForFieldName('function');
    if (!fn) return null;
    const callee = this.canonical(fn.text);
    const { first, second, kw } = this.argsOf(n);
    const nameOf = (a?: Node) => (a && (a.type === 'string' || a.type === 'concatenated_string') ? this.stringValue(a).value : undefined);
    if (callee === 'os.environ.get' || callee === 'os.environ.setdefault' || callee === 'os.getenv') {
      return { name: nameOf(first ?? kw.get('key')), fallback: second ?? kw.get('default') };
    }
    if (callee === 'decouple.config') {
      return { name: nameOf(first), fallback: second ?? kw.get('default') };
    }
    // django-environ: `env = environ.Env(…)`, then `env("X", default=…)` (2nd positional is the cast)
    // or `env.str("X", d)` / `env.db("X", default=…)`
    const head = compact(fn.text).split('.');
    if (head.length <= 2 && this.envInstances().has(head[0])) {
      const binding = this.lookup(head[0], n)?.bindings;
      const init = binding?.length === 1 ? binding[0].valueNode : null;
      if (init?.type === 'call' && this.canonical(init.childForFieldName('function')?.text ?? '') === 'environ.Env') {
        return { name: nameOf(first), fallback: kw.get('default') ?? (head.length === 2 ? second : undefined) };
      }
    }
    return null;
  }

  /**
   * An environment lookup without its default argument `arg`: `os.environ["X"]` for the standard
   * lookups (a missing variable then stops the app), the same call without the default for the
   * libraries that raise when a variable without a default is missing (`config("X")`, `env("X")`).
   */
  private requiredLookup(call: Node, arg: Node, name: string | undefined): string | undefined {
    const callee = this.canonical(call.childForFieldName('function')?.text ?? '');
    if (callee === 'os.environ.get' || callee === 'os.getenv' || callee === 'os.environ.setdefault') return name === undefined ? undefined : `os.environ[${pyString(name)}]`;
    const prev = arg.previousNamedSibling;
    if (!prev) return undefined;
    return call.text.slice(0, prev.endIndex - call.startIndex) + call.text.slice(arg.endIndex - call.startIndex);
  }

  private envInstanceNames: Set<string> | undefined;

  /** Names bound anywhere to an `environ.Env(…)` instance (django-environ), so that other calls skip the lookup. */
  private envInstances(): Set<string> {
    if (this.envInstanceNames) return this.envInstanceNames;
    const names = new Set<string>();
    for (const scope of this.scopes.values()) {
      for (const [name, list] of scope) {
        for (const b of list) {
          const fn = b.valueNode?.type === 'call' ? b.valueNode.childForFieldName('function') : null;
          if (fn && this.canonical(fn.text) === 'environ.Env') names.add(name);
        }
      }
    }
    return (this.envInstanceNames = names);
  }

  // ---- calls ----------------------------------------------------------------------------------

  call(n: Node): CallSite {
    const existing = this.calls.get(n.id);
    if (existing) return existing;
    const fn = n.childForFieldName('function');
    const argsNode = n.childForFieldName('arguments');
    let name = '';
    let receiver: string | undefined;
    let receiverCall: CallSite | undefined;
    if (fn?.type === 'attribute') {
      name = fn.childForFieldName('attribute')?.text ?? '';
      const obj = fn.childForFieldName('object');
      if (obj) {
        receiver = compact(obj.text);
        if (obj.type === 'call') receiverCall = this.call(obj);
      }
    } else if (fn) {
      name = compact(fn.text);
    }
    const fnInfo = this.functionOf(n);
    const site: CallSite = {
      callee: fn ? compact(fn.text) : '',
      name,
      receiver,
      receiverCall,
      isNew: /^_*[A-Z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*$/.test(name),
      args: [],
      span: spanOf(n),
      argsSpan: argsNode ? spanOf(argsNode) : { start: n.endIndex, end: n.endIndex },
      topLevel: fnInfo === null,
      inHandler: fnInfo?.handler ?? false,
    };
    this.calls.set(n.id, site);
    this.callNodes.set(site, n);
    if (argsNode?.type === 'argument_list') {
      const kwargs: Property[] = [];
      for (const a of named(argsNode)) {
        if (a.type === 'keyword_argument') {
          const k = a.childForFieldName('name');
          const v = a.childForFieldName('value');
          if (k && v) kwargs.push({ key: k.text, keySpan: spanOf(k), value: this.value(v), span: spanOf(a) });
        } else if (a.type === 'dictionary_splat') {
          // `**options`: unknown keys
        } else {
          site.args.push(this.value(a));
        }
      }
      if (kwargs.length) site.kwargs = kwargs;
    } else if (argsNode) {
      site.args = [{ kind: 'other', text: argsNode.text, span: spanOf(argsNode) }];
    }
    return site;
  }

  /** Functions of this file registered as views by name: `add_url_rule("/", view_func=index)`, `path("", index)`. */
  private registerViews(n: Node): void {
    const fn = n.childForFieldName('function');
    const argsNode = n.childForFieldName('arguments');
    if (!fn || argsNode?.type !== 'argument_list' || !VIEW_REGISTRATIONS.has(lastName(fn.text))) return;
    for (const a of named(argsNode)) {
      const v = a.type === 'keyword_argument' ? (VIEW_KWARGS.has(a.childForFieldName('name')?.text ?? '') ? a.childForFieldName('value') : null) : a;
      if (v?.type === 'identifier') this.registeredViews.add(v.text);
    }
  }

  // ---- functions and handlers -----------------------------------------------------------------

  /** Enclosing function per node id: parents are costly to reach, and many nodes share them. */
  private readonly enclosing = new Map<number, Node | null>();

  private enclosingFunction(n: Node): Node | null {
    const seen: number[] = [];
    let cur = n.parent;
    let found: Node | null | undefined;
    while (cur) {
      if (FUNCTIONS.has(cur.type)) {
        found = cur;
        break;
      }
      const known = this.enclosing.get(cur.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      seen.push(cur.id);
      cur = cur.parent;
    }
    const result = found ?? null;
    for (const id of seen) this.enclosing.set(id, result);
    return result;
  }

  /** The innermost enclosing function's facts, or null at module level. A handler anywhere up the chain counts. */
  private functionOf(n: Node): { handler: boolean } | null {
    const fn = this.enclosingFunction(n);
    if (!fn) return null;
    const known = this.functionInfo.get(fn.id);
    if (known) return known;
    const outer = this.functionOf(fn);
    const info = { handler: (outer?.handler ?? false) || this.looksLikeHandler(fn) };
    this.functionInfo.set(fn.id, info);
    return info;
  }

  private looksLikeHandler(fn: Node): boolean {
    if (fn.type === 'lambda') {
      const call = fn.parent?.type === 'keyword_argument' ? fn.parent.parent?.parent : fn.parent?.parent;
      const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
      return !!callee && VIEW_REGISTRATIONS.has(lastName(callee.text));
    }
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
    for (const d of decorated ? named(decorated).filter((c) => c.type === 'decorator') : []) {
      let expr = d.firstNamedChild;
      if (expr?.type === 'call') expr = expr.childForFieldName('function');
      if (!expr) continue;
      const last = lastName(expr.text);
      if (expr.type === 'attribute' && ROUTE_DECORATORS.has(last)) return true;
      if (VIEW_DECORATORS.has(last)) return true;
    }
    const params = named(fn.childForFieldName('parameters')).map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name') ?? p.firstNamedChild)?.text ?? ''));
    const cls = this.enclosingClass(fn);
    const first = cls && (params[0] === 'self' || params[0] === 'cls') ? params[1] : params[0];
    if (first && HANDLER_PARAMS.has(first)) return true;
    const name = fn.childForFieldName('name')?.text ?? '';
    if (cls && VIEW_METHODS.has(name)) {
      const bases = named(cls.childForFieldName('superclasses')).filter((b) => b.type !== 'keyword_argument').map((b) => lastName(b.text));
      if (bases.some((b) => VIEW_BASES.test(b))) return true;
    }
    if (!cls && this.enclosingFunction(fn) === null && this.registeredViews.has(name)) return true;
    return false;
  }

  /** The class a function is a method of (directly in its body). */
  private enclosingClass(fn: Node): Node | null {
    let cur = fn.parent;
    if (cur?.type === 'decorated_definition') cur = cur.parent;
    if (cur?.type === 'block' && cur.parent?.type === 'class_definition') return cur.parent;
    return null;
  }

  // ---- string literals with context -----------------------------------------------------------

  private literal(n: Node): StringLiteral | undefined {
    const s = this.stringValue(n);
    if (s.value === undefined) return undefined;
    const span = spanOf(n);
    const parts = n.type === 'concatenated_string' ? named(n).filter((c) => c.type === 'string') : [n];
    const first = stringParts(parts[0], this.text);
    const last = stringParts(parts[parts.length - 1], this.text);
    const innerSpan = first && last ? { start: first.inner.start, end: last.inner.end } : { start: span.start, end: span.end };
    const context: StringContext = { keyPath: [] };
    const keys: string[] = [];
    let child = n;
    let cur = n.parent;
    let direct = true;
    while (cur) {
      const t = cur.type;
      if (t === 'parenthesized_expression' || t === 'await' || t === 'with_item' || t === 'as_pattern') {
        // transparent
      } else if (t === 'pair') {
        if (cur.childForFieldName('key')?.id === child.id) {
          context.nonValue = true;
          break;
        }
        const key = this.keyText(cur.childForFieldName('key'));
        if (key !== undefined) {
          if (direct && context.key === undefined) context.key = key;
          keys.unshift(key);
        }
      } else if (t === 'dictionary' || t === 'list' || t === 'tuple' || t === 'set' || t === 'expression_list') {
        // containers keep the literal a configuration value (tuple positions are named at the assignment)
      } else if (t === 'keyword_argument') {
        const kw = cur.childForFieldName('name')?.text;
        const callNode = cur.parent?.parent;
        if (kw && callNode?.type === 'call' && compact(callNode.childForFieldName('function')?.text ?? '') === 'dict') {
          // dict(KEY=value) is a dictionary literal
          if (direct && context.key === undefined) context.key = kw;
          keys.unshift(kw);
          child = callNode;
          cur = callNode.parent;
          continue;
        }
        if (kw && direct && context.key === undefined) context.key = kw;
      } else if (t === 'argument_list') {
        const callNode = cur.parent;
        if (callNode?.type === 'class_definition') {
          context.nonValue = true;
          break;
        }
        if (callNode?.type === 'call') {
          const site = this.call(callNode);
          let index = 0;
          if (child.type === 'keyword_argument') index = -1;
          else {
            for (const a of named(cur)) {
              if (a.id === child.id) break;
              if (a.type !== 'keyword_argument' && a.type !== 'dictionary_splat') index++;
            }
          }
          if (!context.call) context.call = { site, argIndex: index };
          const kwName = child.type === 'keyword_argument' ? child.childForFieldName('name')?.text : undefined;
          const env = this.envLookup(callNode);
          if (env) {
            if (index === 0 || kwName === 'key') context.nonValue = true;
            else if (index === 1 || kwName === 'default') {
              context.envFallback = true;
              context.envLookup ??= { name: env.name, span: spanOf(callNode), expression: spanOf(callNode), required: this.requiredLookup(callNode, child, env.name) };
            }
          }
          if (this.isMessageArgument(site, index, callNode)) context.nonValue = true;
          if (!TRANSPARENT_CALLS.has(site.callee)) break;
        }
      } else if (t === 'assignment') {
        const left = cur.childForFieldName('left');
        if (left && child.id !== cur.childForFieldName('right')?.id && child.id !== cur.childForFieldName('type')?.id) {
          // inside the assignment target: an index such as x["key"] (handled at the subscript)
          context.nonValue = true;
          break;
        }
        if (child.id === cur.childForFieldName('type')?.id) {
          context.nonValue = true;
          break;
        }
        if (left && context.key === undefined && direct) context.key = this.targetName(left, child, n);
        if (left && keys.length > 0 && direct && (left.type === 'identifier' || left.type === 'attribute')) context.container = lastName(left.text);
        if (left?.type === 'identifier' && child.id === cur.childForFieldName('right')?.id) {
          const found = this.lookup(left.text, cur);
          const guarded = found && this.guardedDefault(found.bindings);
          if (guarded && guarded[1].statement?.id === cur.id) context.envFallback = true;
        }
        // `a = b = "x"`: the innermost target names it; the statement is the outermost assignment
        let top = cur;
        while (top.parent?.type === 'assignment') top = top.parent;
        if (this.enclosingFunction(top) === null) {
          context.topLevel = true;
          if (this.inSettingsClass(top)) context.envFallback = true;
        }
        break;
      } else if (t === 'augmented_assignment') {
        if (cur.childForFieldName('left')?.id === child.id) context.nonValue = true;
        else context.inExpression = true;
        break;
      } else if (t === 'boolean_operator') {
        const op = cur.childForFieldName('operator')?.type;
        const left = cur.childForFieldName('left');
        if (op === 'or' && left && left.id !== child.id) {
          const env = envOf(this.value(left));
          if (env) {
            context.envFallback = true;
            context.envLookup ??= { name: env.name, span: spanOf(left), expression: spanOf(cur) };
          }
        } else if (op !== 'or') {
          context.inExpression = true;
          direct = false;
        }
      } else if (t === 'comparison_operator') {
        context.comparison = true;
      } else if (t === 'conditional_expression') {
        const [body, condition, alternative] = named(cur);
        if (condition?.id === child.id) context.comparison = true;
        else if (alternative?.id === child.id && body) {
          // os.environ["X"] if "X" in os.environ else "d"
          const env = envOf(this.value(body));
          if (env) {
            context.envFallback = true;
            context.envLookup ??= { name: env.name, span: spanOf(body), expression: spanOf(cur) };
          }
        }
      } else if (t === 'case_pattern' || t === 'case_clause') {
        context.comparison = true;
        break;
      } else if (t === 'subscript') {
        if (cur.childForFieldName('subscript')?.id === child.id) context.nonValue = true;
        else context.inExpression = true;
        if (context.nonValue) break;
        direct = false;
      } else if (t === 'attribute' || t === 'binary_operator' || t === 'not_operator' || t === 'unary_operator' || t === 'interpolation') {
        context.inExpression = true;
        direct = false;
      } else if (t === 'call') {
        // the literal is (inside) the callee, e.g. "{}".format(x): keep walking as an expression
      } else if (t === 'default_parameter' || t === 'typed_default_parameter') {
        const nameNode = cur.childForFieldName('name');
        if (nameNode && context.key === undefined && direct) context.key = nameNode.text;
        break;
      } else if (t === 'type' || t === 'type_parameter' || t === 'generic_type') {
        context.nonValue = true;
        break;
      } else if (t === 'expression_statement') {
        if (child.id === n.id) context.nonValue = true; // docstring or bare string
        break;
      } else if (t === 'raise_statement' || t === 'assert_statement') {
        context.nonValue = true;
        break;
      } else if (t === 'return_statement' || t === 'block' || t === 'module' || t === 'lambda' || t === 'decorator' || FUNCTIONS.has(t) || t === 'class_definition') {
        break;
      } else if (t === 'ERROR' || t.endsWith('_statement') || t.endsWith('_clause')) {
        // a condition, loop header or other statement part: not bound to a name
        break;
      } else {
        context.inExpression = true;
        direct = false;
      }
      child = cur;
      cur = cur.parent;
    }
    context.keyPath = keys;
    if (context.key === undefined && keys.length && direct) context.key = keys[keys.length - 1];
    if (!context.topLevel && cur?.type === 'module' && this.enclosingFunction(n) === null) context.topLevel = true;
    if (!context.nonValue && !context.comparison && !context.envBranch && this.envBranches.inBranch(n)) context.envBranch = true;
    return { value: s.value, span, innerSpan, context };
  }

  /** The name a value is bound to by an assignment target (`X`, `self.x`, `app.config["X"]`, tuple positions). */
  private targetName(left: Node, valueChild: Node, literal: Node): string | undefined {
    if (left.type === 'identifier') return left.text;
    if (left.type === 'attribute') return left.childForFieldName('attribute')?.text;
    if (left.type === 'subscript') {
      const idx = left.childForFieldName('subscript');
      return idx ? this.keyText(idx) : undefined;
    }
    if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && (valueChild.type === 'expression_list' || valueChild.type === 'tuple')) {
      const values = named(valueChild);
      const targets = named(left);
      if (values.length !== targets.length) return undefined;
      const i = values.findIndex((v) => v.startIndex <= literal.startIndex && literal.endIndex <= v.endIndex);
      const target = targets[i];
      return target ? this.targetName(target, target, literal) : undefined;
    }
    return undefined;
  }

  /** Class-level fields of a pydantic `BaseSettings` class: their values are defaults of environment variables. */
  private inSettingsClass(assignment: Node): boolean {
    let cur = assignment.parent;
    if (cur?.type === 'expression_statement') cur = cur.parent;
    const cls = cur?.type === 'block' ? cur.parent : null;
    if (cls?.type !== 'class_definition') return false;
    return named(cls.childForFieldName('superclasses')).some((b) => /(^|\.)BaseSettings$/.test(compact(b.text)));
  }

  /** The message of a log/print call: text for people, not configuration. */
  private isMessageArgument(site: CallSite, index: number, callNode: Node): boolean {
    if (callNode.parent?.type === 'raise_statement') return true;
    if (index !== 0) return false;
    if (site.callee === 'print' || site.callee === 'warnings.warn') return true;
    return !!site.receiver && LOG_METHODS.has(site.name) && LOG_RECEIVERS.test(site.receiver);
  }

  // ---- module-level collections ---------------------------------------------------------------

  private collectionKind(value: Node | null): ModuleCollection['kind'] | undefined {
    if (!value) return undefined;
    if (value.type === 'dictionary' || value.type === 'dictionary_comprehension') return 'map';
    if (value.type === 'list' || value.type === 'list_comprehension') return 'array';
    if (value.type === 'set' || value.type === 'set_comprehension') return 'set';
    if (value.type === 'call') return COLLECTION_FACTORIES[lastName(value.childForFieldName('function')?.text ?? '')];
    return undefined;
  }

  private collections(calls: CallSite[], mutationNodes: Node[]): ModuleCollection[] {
    const result = new Map<string, ModuleCollection>();
    const add = (qualified: string, b: Binding) => {
      const kind = this.collectionKind(b.valueNode);
      if (kind) result.set(qualified, { name: qualified, kind, span: b.span, nameSpan: b.nameSpan, mutations: [] });
    };
    for (const [name, list] of this.scopes.get(this.rootId) ?? []) {
      const plain = list.filter((b) => b.plain && b.statement && this.enclosingFunction(b.statement) === null);
      if (plain.length === 1) add(name, plain[0]);
    }
    // class attributes of module-level classes: shared by every instance, so by every request
    const classAttrs = new Map<string, string>(); // attribute -> qualified name, for self./cls. access
    for (const c of this.tree.rootNode.namedChildren) {
      const cls = c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
      if (cls?.type !== 'class_definition') continue;
      const className = cls.childForFieldName('name')?.text ?? '';
      const assignedOnSelf = new Set(cls.descendantsOfType('assignment').map((a) => a?.childForFieldName('left')).filter((l): l is Node => l?.type === 'attribute' && l.childForFieldName('object')?.text === 'self').map((l) => l.childForFieldName('attribute')?.text ?? ''));
      for (const [attr, list] of this.scopes.get(cls.id) ?? []) {
        if (list.length !== 1 || !list[0].plain) continue;
        const before = result.size;
        add(`${className}.${attr}`, list[0]);
        if (result.size > before && !assignedOnSelf.has(attr)) classAttrs.set(`${className}.${attr}`, attr);
      }
    }
    if (result.size === 0) return [];
    const target = (obj: Node | null, at: Node): ModuleCollection | undefined => {
      if (!obj) return undefined;
      if (obj.type === 'identifier') {
        const found = this.lookup(obj.text, at);
        return found && found.scope.id === this.rootId ? result.get(obj.text) : undefined;
      }
      if (obj.type === 'attribute') {
        const o = obj.childForFieldName('object')?.text ?? '';
        const attr = obj.childForFieldName('attribute')?.text ?? '';
        const direct = result.get(`${o}.${attr}`);
        if (direct) return direct;
        if (o === 'self' || o === 'cls') {
          const cls = this.enclosingClassOf(at);
          const q = cls ? `${cls}.${attr}` : '';
          return classAttrs.has(q) ? result.get(q) : undefined;
        }
      }
      return undefined;
    };
    for (const c of calls) {
      if (!c.receiver || c.topLevel || !MUTATING_METHODS.has(c.name)) continue;
      const callNode = this.callNodes.get(c);
      const fnNode = callNode?.childForFieldName('function');
      const col = target(fnNode?.childForFieldName('object') ?? null, callNode ?? this.tree.rootNode);
      if (!col) continue;
      const keyArg = c.args[0];
      const keyText = keyArg ? this.text.slice(keyArg.span.start, keyArg.span.end) : c.kwargs?.[0]?.key;
      col.mutations.push({ span: c.span, keyText, inHandler: c.inHandler });
    }
    for (const m of mutationNodes) {
      const fn = this.functionOf(m);
      if (fn === null) continue;
      const targets = m.type === 'delete_statement' ? (m.firstNamedChild?.type === 'expression_list' ? named(m.firstNamedChild) : named(m)) : [m.childForFieldName('left')];
      for (const left of targets) {
        if (!left) continue;
        if (left.type === 'subscript') {
          const col = target(left.childForFieldName('value'), m);
          if (col) col.mutations.push({ span: spanOf(m), keyText: left.childForFieldName('subscript')?.text, inHandler: fn.handler });
        } else if (left.type === 'identifier' && m.type === 'assignment') {
          // rebinding a module-level collection from a function (`global SESSIONS`)
          const found = this.lookup(left.text, m);
          const fnNode = this.enclosingFunction(m);
          if (found?.scope.id === this.rootId && fnNode && this.globals.get(fnNode.id)?.has(left.text)) {
            const col = result.get(left.text);
            if (col) col.mutations.push({ span: spanOf(m), inHandler: fn.handler });
          }
        }
      }
    }
    return [...result.values()];
  }

  private enclosingClassOf(n: Node): string | undefined {
    let cur = n.parent;
    while (cur && cur.type !== 'class_definition') cur = cur.parent;
    return cur?.childForFieldName('name')?.text;
  }
}

/** Where `import os` (or another module) goes: after the module docstring and `from __future__` imports, else before the first statement. */
function osImportEdit(text: string, root: Node, module = 'os'): TextEdit {
  const statements = root.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  let i = 0;
  const first = statements[0];
  if (first?.type === 'expression_statement' && first.namedChildCount === 1 && (first.firstNamedChild?.type === 'string' || first.firstNamedChild?.type === 'concatenated_string')) i++;
  while (statements[i]?.type === 'future_import_statement') i++;
  if (i > 0) {
    const after = statements[i - 1];
    return { start: after.endIndex, end: after.endIndex, newText: `\nimport ${module}` };
  }
  if (first) {
    let start = first.startIndex;
    while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
    return { start, end: start, newText: `import ${module}\n` };
  }
  const eol = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return { start: text.length, end: text.length, newText: `${eol}import ${module}\n` };
}

/** A Python string literal of `value` (double quotes, escaped). */
function pyString(value: string): string {
  return JSON.stringify(value);
}

/** Standard modules besides `os` whose import a fix's code may need (`logging.StreamHandler(sys.stdout)`). */
const FIX_MODULES = ['logging', 'sys'];
const FIX_MODULE_USE = new Map(FIX_MODULES.map((m) => [m, new RegExp(`(?<![\\w.])${m}\\.`)]));

function pythonIdioms(text: string, root: Node, osImported: boolean, boundModules: ReadonlySet<string> = new Set()): LanguageIdioms {
  // computed now: the tree is released once the file is analysed
  const edit = osImported ? undefined : osImportEdit(text, root);
  const others = new Map(FIX_MODULES.filter((m) => !boundModules.has(m)).map((m) => [m, osImportEdit(text, root, m)]));
  const importEdits = (code?: string): TextEdit[] => {
    if (code === undefined) return edit ? [{ ...edit }] : [];
    const out: TextEdit[] = edit && /\bos\./.test(code) ? [{ ...edit }] : [];
    for (const [m, e] of others) if (FIX_MODULE_USE.get(m)?.test(code)) out.push({ ...e });
    return out;
  };
  return {
    envString: (name) => `os.environ[${pyString(name)}]`,
    envNumber: (name, fallback) => {
      const f = fallback.trim();
      const def = /^-?\d+$/.test(f) ? pyString(f) : f;
      return `int(os.environ.get(${pyString(name)}, ${def}))`;
    },
    envAddress: (name, host, fallbackPort) => `${pyString(`${host}:`)} + os.environ.get(${pyString(name)}, ${pyString(fallbackPort)})`,
    envImportEdits: importEdits,
    lineComment: '#',
  };
}

/** Builds the model for a Python tree. */
export function buildPythonModel(text: string, tree: Tree): SourceModel {
  return new PyModelBuilder(text, tree).build();
}
