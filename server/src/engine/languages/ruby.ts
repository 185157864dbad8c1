/**
 * Ruby adapter: builds the SourceModel from a tree-sitter-ruby tree.
 *
 * What Ruby code means for the model:
 * - Every `call` node is a call (Ruby has no property reads apart from method calls). `X.new(…)` is a
 *   constructor call: `isNew`, callee `X`, name the last constant (`ActiveSupport::Logger.new` → callee
 *   `ActiveSupport::Logger`, name `Logger`, receiver `ActiveSupport`), like `new X()` elsewhere. An
 *   attribute assignment `config.logger = Logger.new(…)` is the call it is in Ruby: callee
 *   `config.logger=`, name `logger=`, the assigned value as its argument.
 * - Keyword arguments (`Redis.new(url: "…")`, `key: "…"`) are `kwargs`; hashes with symbol or string
 *   keys are objects. Symbols (`:memory_store`) are string values (never string literals).
 * - Environment lookups: `ENV["X"]`, `ENV.fetch("X")`, `ENV.fetch("X", d)`, `ENV.fetch("X") { d }`,
 *   `ENV["X"] || d`, through `.to_i`, `.presence`, `Integer(…)` and the like.
 * - Constants (`NAME = …`, also `Mod::NAME`) and locals assigned once resolve to their value.
 * - Request handlers: instance methods of controllers (`…Controller`, `ActionController::Base/API`
 *   subclasses), Sinatra/Grape route blocks (`get '/path' do … end`), Rack `call(env)` methods and
 *   `->(env) { … }` apps, Hanami `handle(request, response)`.
 * - Process-local collections: constants, globals (`$x`), class variables (`@@x`) and class-level
 *   instance variables holding a hash, array or set that is not frozen; `self.class.x[k] = v` and
 *   `Api.x[k] = v` (through an `attr_reader`) change the class-level `@x`.
 * - Code in blocks that are not handlers (`configure do`, `Rails.application.configure do`) counts as
 *   top level: it runs once when the app boots.
 * - A heredoc is a string literal when nothing follows its opener on the line (its span then covers the
 *   body, so replacing it keeps the code valid); otherwise its value is known but it is not listed.
 */
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type {
  CallSite,
  Comment,
  ImportInfo,
  LanguageIdioms,
  ModuleCollection,
  Property,
  SourceModel,
  StringContext,
  StringLiteral,
  Value,
} from '../model';
import type { Span } from '../types';
import { computeLineStarts } from '../text';
import { EnvBranches } from './env-branch';
import { Ancestry, brief, CompactText, MAX_CONTEXT_WALK, cachedQuery, commentOf, compact, dedent, indexAmong, namedKids, parseNumberText, spanOf, ValueMemo } from './adapter-kit';

const QUERY_SOURCE = `
(string) @string
(bare_string) @string
(heredoc_beginning) @heredoc
(heredoc_body) @heredocBody
(call) @call
(comment) @comment
(assignment) @assignment
(operator_assignment) @assignment
`;

const FUNCTION_TYPES = new Set(['method', 'singleton_method', 'lambda']);
const BLOCK_TYPES = new Set(['do_block', 'block']);
const METHOD_TYPES = new Set(['method', 'singleton_method']);
const NAMESPACE_TYPES = new Set(['class', 'module']);
const CLASS_TYPES = new Set(['class']);
const SCOPE_TYPES = new Set([...FUNCTION_TYPES, ...BLOCK_TYPES, 'class', 'module', 'program']);
const ROUTE_METHODS = /^(get|post|put|patch|delete|options|head|link|unlink|before|after|route|before_action|after_action|around_action|namespace_route)$/;
const HANDLER_CLASS = /(Controller|ActionController::Base|ActionController::API|ActionController::Metal|Hanami::Action|Grape::API)$/;
const LOG_CALLS = /^(puts|print|p|pp|warn|printf|raise|fail|abort)$/;
const LOG_METHODS = /^(debug|info|warn|error|fatal|unknown|add|log)$/;
const IMPORT_CALLS = /^(require|require_relative|load|require_dependency|gem|autoload)$/;
const TRANSPARENT_METHODS = /^(freeze|dup|b|to_s|to_str|force_encoding|encode|strip|chomp|unpack1|unpack|to_sym)$/;
const COMPARISON_METHODS = /^(eql\?|equal\?|start_with\?|end_with\?|include\?|match\?|casecmp\?|casecmp|===|==)$/;
const TRANSFORM_CALLS = /^(Base64\.decode64|Base64\.strict_decode64|Base64\.urlsafe_decode64|String|URI|URI\.parse|Pathname\.new)$/;
const ENV_PASSTHROUGH = /^(to_i|to_s|to_f|to_sym|to_str|freeze|presence|strip|chomp|downcase|upcase)$/;
const COLLECTION_MUTATORS = /^(store|merge!|update|delete|delete_if|clear|push|append|prepend|concat|add|add\?|insert|unshift|shift|pop|replace|compute_if_absent|compute_if_present|put_if_absent|fetch_or_store|\[\]=|reject!|select!|keep_if|transform_values!|compact!|<<)$/;
const SETTERS = /^(set|enable|disable|configure|setting)$/;

interface Declaration {
  name: string;
  valueNode: Node | null;
  span: Span;
  nameSpan: Span;
  /** The class/module/method/program the name lives in. */
  scope: Span;
  /** Constant, global, class variable, class-level instance variable: may hold process-local state. */
  shared: boolean;
  /** Assigned with `||=` (lazily). */
  lazy: boolean;
  /** Enclosing class/module names, outermost first. */
  namespace: string[];
}

/** Unescapes the body of a double-quoted Ruby string (escape sequences only; no interpolation). */
export function unescapeRubyDouble(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u\{([0-9a-fA-F ]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{1,2})|([0-7]{1,3})|\r?\n|[\s\S])/g, (_m, e: string, cps?: string, u4?: string, x?: string, oct?: string) => {
    if (cps) return cps.trim().split(/\s+/).map((c) => String.fromCodePoint(parseInt(c, 16))).join('');
    if (u4) return String.fromCharCode(parseInt(u4, 16));
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (oct) return String.fromCharCode(parseInt(oct, 8));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 's': return ' ';
      case '0': return '\0';
      case 'e': return '\x1b';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '\n': case '\r\n': return '';
      default: return e;
    }
  });
}

/** Unescapes a single-quoted Ruby string: only `\\` and an escaped delimiter. */
export function unescapeRubySingle(body: string, close = "'"): string {
  return body.replace(/\\([\\'])/g, '$1').replace(new RegExp(`\\\\(${close.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'g'), '$1');
}

/** A double-quoted Ruby string literal of `value`. */
export function rubyQuoted(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/#(?=[{$@])/g, '\\#').replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

function stripSigil(name: string): string {
  return name.replace(/^(@@|@|\$)/, '');
}

/** Opening and closing delimiter lengths of a string node, and whether it interpolates. */
function delimiters(raw: string): { open: number; close: number; single: boolean; closeChar: string } {
  if (raw.startsWith("'")) return { open: 1, close: 1, single: true, closeChar: "'" };
  if (raw.startsWith('"')) return { open: 1, close: 1, single: false, closeChar: '"' };
  const m = /^%([qQwWiI]?)(.)/.exec(raw);
  if (m) {
    const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
    return { open: m[0].length, close: 1, single: m[1] === 'q' || m[1] === 'w' || m[1] === 'i', closeChar: pairs[m[2]] ?? m[2] };
  }
  return { open: 0, close: 0, single: false, closeChar: '' };
}

class RubyModelBuilder {
  private readonly calls = new Map<number, CallSite>();
  private readonly callNodes = new Map<CallSite, Node>();
  private readonly functionInfo = new Map<number, { handler: boolean; node: Node | null }>();
  private readonly declarations = new Map<string, Declaration[]>();
  private readonly assignedCount = new Map<string, number>();
  private readonly values = new ValueMemo((node) => this.computeValue(node));
  private readonly resolving = new Set<number>();
  /** `Rails.env.production? ? a : b`, `if ENV["RACK_ENV"] == "production"`, `case Rails.env when "production"` */
  private readonly envBranches = new EnvBranches(
    { conditional: ['condition'], if: ['condition'], unless: ['condition'], elsif: ['condition'], if_modifier: ['condition'], unless_modifier: ['condition'], case: ['value'], when: ['#0'] },
    new Set([...FUNCTION_TYPES, 'class', 'module']),
    (n) => {
      if (n.type !== 'string') return undefined;
      const v = this.value(n);
      return v.kind === 'string' ? v.value : undefined;
    },
    (n) => this.up.parent(n),
  );
  /** heredoc_beginning id → its body. */
  private readonly heredocBodies = new Map<number, Node>();
  private readonly envReads: SourceModel['envReads'] = [];

  private readonly up: Ancestry;
  private readonly compactText: CompactText;

  constructor(private readonly text: string, private readonly tree: Tree) {
    this.up = new Ancestry(tree.rootNode);
    this.compactText = new CompactText(text, (n) => (n.type === 'call' ? n.childForFieldName('receiver') : null));
  }

  build(): SourceModel {
    const root = this.tree.rootNode;
    const captures = cachedQuery(root.tree.language, QUERY_SOURCE).captures(root);
    const stringNodes: Node[] = [];
    const callNodes: Node[] = [];
    const comments: Comment[] = [];
    const assignments: Node[] = [];
    const heredocs: Node[] = [];
    const bodies: Node[] = [];
    for (const { name, node } of captures) {
      switch (name) {
        case 'string':
          stringNodes.push(node);
          break;
        case 'heredoc':
          heredocs.push(node);
          break;
        case 'heredocBody':
          bodies.push(node);
          break;
        case 'call':
          callNodes.push(node);
          break;
        case 'comment':
          comments.push(commentOf(this.text, node, node.text.startsWith('=begin') ? node.text.replace(/^=begin[^\n]*\n?/, '').replace(/\n?=end[^\n]*$/, '') : node.text.replace(/^#+/, '')));
          break;
        case 'assignment':
          assignments.push(node);
          this.declare(node);
          break;
      }
    }
    heredocs.sort((a, b) => a.startIndex - b.startIndex);
    bodies.sort((a, b) => a.startIndex - b.startIndex);
    heredocs.forEach((h, i) => {
      if (bodies[i]) this.heredocBodies.set(h.id, bodies[i]);
    });
    // The target of `recv.attr = v` is not a read: it is listed once, as the setter call.
    const isAssignmentTarget = (n: Node) => {
      const p = this.up.parent(n);
      return !!p && /^(assignment|operator_assignment)$/.test(p.type) && p.childForFieldName('left')?.id === n.id;
    };
    const calls = callNodes.filter((n) => !isAssignmentTarget(n)).map((n) => this.call(n));
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      if (left?.type === 'call' && a.type === 'assignment') calls.push(this.setterCall(a, left));
    }
    calls.sort((a, b) => a.span.start - b.span.start);
    const imports: ImportInfo[] = [];
    for (const c of calls) {
      if (IMPORT_CALLS.test(brief(c.callee)) && c.name !== 'autoload' && c.args[0]?.kind === 'string') {
        imports.push({ module: c.args[0].value, span: c.args[0].span, bindings: [], statement: c.statement });
      }
    }
    const strings: StringLiteral[] = [];
    for (const n of stringNodes) {
      // Parts of `"a" "b"` are not values on their own: the chained string is one literal.
      if (this.up.parent(n)?.type === 'chained_string') continue;
      const lit = this.literal(n);
      if (lit) strings.push(lit);
    }
    for (const h of heredocs) {
      const lit = this.heredocLiteral(h);
      if (lit) strings.push(lit);
    }
    for (const n of root.descendantsOfType('chained_string')) {
      if (!n) continue;
      const lit = this.literal(n);
      if (lit) strings.push(lit);
    }
    strings.sort((a, b) => a.span.start - b.span.start);
    this.collectEnvReads(root, calls);
    return {
      language: 'ruby',
      text: this.text,
      strings,
      calls,
      collections: this.collections(calls, assignments),
      comments,
      imports,
      envReads: this.envReads.sort((a, b) => a.span.start - b.span.start),
      idioms: rubyIdioms(),
      hasErrors: root.hasError,
      lineStarts: computeLineStarts(this.text),
    };
  }

  // ---- declarations and constant resolution -------------------------------------------

  private namespaceOf(n: Node): string[] {
    const names: string[] = [];
    for (let cur = this.up.closest(n, 'namespace', NAMESPACE_TYPES); cur; cur = this.up.closest(cur, 'namespace', NAMESPACE_TYPES)) {
      const name = cur.childForFieldName('name')?.text;
      if (name) names.unshift(...name.split('::'));
    }
    return names;
  }


  /** The method, class body or program a local variable lives in. */
  private localScope(n: Node): Node {
    return this.up.closest(n, 'scope', SCOPE_TYPES) ?? this.tree.rootNode;
  }


  private declare(a: Node): void {
    const left = a.childForFieldName('left');
    if (!left) return;
    const type = left.type;
    if (type !== 'constant' && type !== 'identifier' && type !== 'global_variable' && type !== 'class_variable' && type !== 'instance_variable') return;
    const name = left.text;
    this.assignedCount.set(name, (this.assignedCount.get(name) ?? 0) + 1);
    const lazy = a.type === 'operator_assignment';
    if (lazy && !/^\|\|=$/.test(this.operatorOf(a))) return;
    let scope: Span;
    let shared = false;
    if (type === 'constant' || type === 'global_variable' || type === 'class_variable') {
      scope = { start: 0, end: this.text.length };
      shared = true;
    } else if (type === 'instance_variable') {
      const owner = this.localScope(a);
      // @x in a class body or a `def self.x` belongs to the class object, shared by every request.
      shared = owner.type === 'class' || owner.type === 'module' || owner.type === 'singleton_method';
      if (!shared) return;
      const cls = this.up.closest(a, 'namespace', NAMESPACE_TYPES);
      scope = cls ? spanOf(cls) : { start: 0, end: this.text.length };
    } else {
      scope = spanOf(this.localScope(a));
    }
    const d: Declaration = { name, valueNode: a.childForFieldName('right'), span: spanOf(a), nameSpan: spanOf(left), scope, shared, lazy, namespace: this.namespaceOf(a) };
    const list = this.declarations.get(name);
    if (list) list.push(d);
    else this.declarations.set(name, [d]);
  }

  private operatorOf(a: Node): string {
    for (const c of a.children) if (c && !c.isNamed) return c.type;
    return '';
  }


  private lookup(name: string, at: number): Declaration | undefined {
    const list = this.declarations.get(name);
    if (!list) return undefined;
    let best: Declaration | undefined;
    for (const d of list) {
      if (at < d.scope.start || at > d.scope.end) continue;
      if (!best || d.scope.end - d.scope.start < best.scope.end - best.scope.start) best = d;
    }
    return best;
  }

  private resolveName(name: string, ref: Node, namespace?: string[]): Value {
    const span = spanOf(ref);
    const shown = compact(ref.text);
    let d: Declaration | undefined;
    if (namespace) d = this.declarations.get(name)?.find((x) => x.namespace.join('::').endsWith(namespace.join('::')));
    else d = this.lookup(name, ref.startIndex);
    if (!d) return { kind: 'identifier', name: shown, span };
    const constant = /^[A-Z]/.test(name) || (this.assignedCount.get(name) ?? 0) === 1;
    const v = d.valueNode;
    if (!v || !constant || d.lazy || this.resolving.has(v.id) || (v.startIndex <= ref.startIndex && ref.endIndex <= v.endIndex)) {
      return { kind: 'identifier', name: shown, declaration: d.span, span };
    }
    this.resolving.add(v.id);
    try {
      return { kind: 'identifier', name: shown, resolved: this.value(v), declaration: d.span, span };
    } finally {
      this.resolving.delete(v.id);
    }
  }

  // ---- values ---------------------------------------------------------------------------

  /** The value of a string-like node: a string, or a template when it interpolates. */
  private stringish(n: Node, span: Span): Value {
    const raw = n.text;
    if (n.type === 'bare_string' || n.type === 'bare_symbol') {
      return this.partsValue(n, false, span);
    }
    const d = delimiters(raw);
    if (d.single) return { kind: 'string', value: unescapeRubySingle(raw.slice(d.open, raw.length - d.close), d.closeChar), span };
    return this.partsValue(n, false, span);
  }

  /** Concatenates content and escapes of a string node; interpolations make it a template. */
  private partsValue(n: Node, raw: boolean, span: Span): Value {
    const parts: string[] = [];
    let current = '';
    let template = false;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content' || c.type === 'heredoc_content') current += c.text;
      else if (c.type === 'escape_sequence') current += raw ? c.text : unescapeRubyDouble(c.text);
      else if (c.type === 'interpolation') {
        template = true;
        parts.push(current);
        current = '';
      }
    }
    parts.push(current);
    if (template) return { kind: 'template', parts: parts.filter((p) => p !== ''), span };
    return { kind: 'string', value: parts.join(''), span };
  }

  private heredocValue(h: Node, span: Span): Value {
    const body = this.heredocBodies.get(h.id);
    if (!body) return { kind: 'other', text: h.text, span };
    const opener = h.text;
    const raw = /^<<[~-]?'/.test(opener);
    const v = this.partsValue(body, raw, span);
    if (v.kind !== 'string') return v;
    let value = v.value.replace(/^\r?\n/, '');
    if (opener.startsWith('<<~')) {
      const lines = value.split('\n');
      const last = lines.pop() ?? '';
      value = dedent(lines).join('\n') + (lines.length ? '\n' : '') + last;
    }
    return { kind: 'string', value, span };
  }

  /** The statically known value of an expression node. */
  value(node: Node): Value {
    return this.values.value(node);
  }

  private computeValue(node: Node): Value {
    let n = node;
    while (n.type === 'parenthesized_statements' && n.namedChildren.length === 1 && n.namedChild(0)) n = n.namedChild(0)!;
    const span = spanOf(node);
    switch (n.type) {
      case 'string':
      case 'bare_string':
        return this.stringish(n, span);
      case 'chained_string': {
        const parts = namedKids(n).map((c) => this.stringish(c, spanOf(c)));
        if (parts.every((p) => p.kind === 'string')) return { kind: 'string', value: parts.map((p) => (p.kind === 'string' ? p.value : '')).join(''), span };
        return { kind: 'template', parts: parts.flatMap((p) => (p.kind === 'string' ? [p.value] : p.kind === 'template' ? p.parts : [])), span };
      }
      case 'heredoc_beginning':
        return this.heredocValue(n, span);
      case 'simple_symbol':
        return { kind: 'string', value: n.text.slice(1), span };
      case 'hash_key_symbol':
        return { kind: 'string', value: n.text, span };
      case 'delimited_symbol': {
        const v = this.partsValue(n, false, span);
        return v.kind === 'string' ? v : { kind: 'other', text: n.text, span };
      }
      case 'integer':
      case 'float': {
        const v = parseNumberText(n.text);
        return v === undefined ? { kind: 'other', text: n.text, span } : { kind: 'number', value: v, span };
      }
      case 'unary': {
        const operand = n.childForFieldName('operand');
        const op = n.firstChild?.type;
        if (operand && (op === '-' || op === '+')) {
          const inner = this.value(operand);
          if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', value: n.type === 'true', span };
      case 'array':
        return { kind: 'array', items: namedKids(n).map((c) => this.value(c)), span };
      case 'string_array':
      case 'symbol_array':
        return { kind: 'array', items: namedKids(n).map((c) => this.partsValue(c, false, spanOf(c))), span };
      case 'hash':
        return this.hashValue(n, span);
      case 'constant':
      case 'identifier':
      case 'global_variable':
      case 'class_variable':
      case 'instance_variable':
        return this.resolveName(n.text, n);
      case 'scope_resolution': {
        const name = n.childForFieldName('name')?.text;
        const scope = n.childForFieldName('scope');
        if (name && scope) return this.resolveName(name, n, compact(scope.text).split('::'));
        return { kind: 'other', text: n.text, span };
      }
      case 'element_reference': {
        const env = this.envIndex(n);
        if (env !== null) return { kind: 'env', name: env || undefined, span };
        return { kind: 'other', text: n.text, span };
      }
      case 'binary': {
        const op = n.childForFieldName('operator')?.type;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if ((op === '||' || op === 'or') && left && right) {
          const env = this.envOf(this.value(left));
          if (env) return { kind: 'env', name: env.name, fallback: this.value(right), span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'call':
        return this.callValue(n, span);
      default:
        return { kind: 'other', text: n.text, span };
    }
  }

  private hashValue(n: Node, span: Span): Value {
    const props: Property[] = [];
    let incomplete = false;
    for (const c of namedKids(n)) {
      if (c.type !== 'pair') {
        incomplete = true;
        continue;
      }
      const prop = this.pairProperty(c);
      if (prop) props.push(prop);
      else incomplete = true;
    }
    return incomplete ? { kind: 'object', props, span, incomplete } : { kind: 'object', props, span };
  }

  private pairKey(k: Node | null): string | undefined {
    if (!k) return undefined;
    if (k.type === 'hash_key_symbol') return k.text;
    if (k.type === 'simple_symbol') return k.text.slice(1);
    if (k.type === 'string' || k.type === 'delimited_symbol') {
      const v = k.type === 'string' ? this.stringish(k, spanOf(k)) : this.partsValue(k, false, spanOf(k));
      return v.kind === 'string' ? v.value : undefined;
    }
    return undefined;
  }

  private pairProperty(pair: Node): Property | undefined {
    const k = pair.childForFieldName('key');
    const v = pair.childForFieldName('value');
    const key = this.pairKey(k);
    if (!k || !v || key === undefined) return undefined;
    return { key, keySpan: spanOf(k), value: this.value(v), span: spanOf(pair) };
  }

  private envOf(v: Value | undefined): (Value & { kind: 'env' }) | undefined {
    if (!v) return undefined;
    if (v.kind === 'env') return v;
    if (v.kind === 'identifier' && v.resolved?.kind === 'env') return v.resolved;
    return undefined;
  }

  /** `ENV["X"]` → X ('' when computed); null when not an environment index. */
  private envIndex(n: Node): string | null {
    const obj = n.childForFieldName('object');
    if (!obj || !/^(::)?ENV$/.test(compact(obj.text))) return null;
    const idx = namedKids(n).filter((c) => c.id !== obj.id);
    if (idx.length !== 1) return '';
    const v = this.value(idx[0]);
    return v.kind === 'string' ? v.value : '';
  }

  private callValue(n: Node, span: Span): Value {
    const call = this.call(n);
    const receiverNode = n.childForFieldName('receiver');
    if (call.receiver && /^(::)?ENV$/.test(brief(call.receiver)) && (call.name === 'fetch' || call.name === '[]')) {
      const name = call.args[0]?.kind === 'string' ? call.args[0].value : undefined;
      let fallback: Value | undefined = call.args[1];
      const block = n.childForFieldName('block');
      if (!fallback && block) {
        const last = this.blockResult(block);
        if (last) fallback = this.value(last);
      }
      if (fallback?.kind === 'other' && fallback.text === 'nil') fallback = undefined;
      return { kind: 'env', name, fallback, span };
    }
    if (receiverNode && ENV_PASSTHROUGH.test(call.name) && call.args.length === 0) {
      const inner = this.value(receiverNode);
      const env = this.envOf(inner);
      if (env) return { ...env, span };
      if (call.name === 'freeze' || call.name === 'to_s') {
        const r = inner.kind === 'identifier' && inner.resolved ? inner.resolved : inner;
        if (r.kind === 'string') return { ...r, span };
      }
      if (call.name === 'to_i') {
        const r = inner.kind === 'identifier' && inner.resolved ? inner.resolved : inner;
        if (r.kind === 'string' && /^\d+$/.test(r.value)) return { kind: 'number', value: Number(r.value), span };
      }
    }
    if (!receiverNode && /^(Integer|Float|String)$/.test(call.name) && call.args[0]) {
      const a = call.args[0];
      const env = this.envOf(a);
      if (env) return { ...env, span };
      const r = a.kind === 'identifier' && a.resolved ? a.resolved : a;
      if (call.name !== 'String' && (r.kind === 'number' || (r.kind === 'string' && /^\d+$/.test(r.value)))) {
        return { kind: 'number', value: r.kind === 'number' ? r.value : Number(r.value), span };
      }
    }
    return { kind: 'call', call, span };
  }

  /** The last expression of a block (its result). */
  private blockResult(block: Node): Node | null {
    const body = block.childForFieldName('body') ?? block.namedChildren.find((c) => c?.type === 'body_statement' || c?.type === 'block_body') ?? null;
    if (!body) return null;
    const kids = namedKids(body);
    return kids.length ? kids[kids.length - 1] : null;
  }

  private collectEnvReads(root: Node, calls: CallSite[]): void {
    for (const n of root.descendantsOfType('element_reference')) {
      if (!n) continue;
      const name = this.envIndex(n);
      if (name) this.envReads.push({ name, span: spanOf(n) });
    }
    for (const c of calls) {
      if (c.receiver && /^(::)?ENV$/.test(brief(c.receiver)) && /^(fetch|key\?|has_key\?|include\?)$/.test(c.name) && c.args[0]?.kind === 'string') {
        this.envReads.push({ name: c.args[0].value, span: c.span });
      }
    }
  }

  // ---- calls ----------------------------------------------------------------------------

  call(n: Node): CallSite {
    const existing = this.calls.get(n.id);
    if (existing) return existing;
      // Past the depth limit (a call chain thousands long) a call is listed without its receiver call and arguments.
    return this.values.deeper((tooDeep) => this.buildCall(n, tooDeep));
  }

  private buildCall(n: Node, shallow: boolean): CallSite {
    const receiverNode = n.childForFieldName('receiver');
    const method = n.childForFieldName('method');
    const argsNode = n.childForFieldName('arguments');
    const methodName = method?.text ?? '';
    let callee: string;
    let name: string;
    let receiver: string | undefined;
    let receiverCall: CallSite | undefined;
    let isNew = false;
    const receiverText = receiverNode ? this.compactText.of(receiverNode) : undefined;
    if (methodName === 'new' && receiverNode && (receiverNode.type === 'constant' || receiverNode.type === 'scope_resolution')) {
      isNew = true;
      callee = receiverText ?? '';
      const sep = callee.lastIndexOf('::');
      name = sep >= 0 ? callee.slice(sep + 2) : callee;
      receiver = sep >= 0 ? callee.slice(0, sep) : undefined;
    } else {
      name = methodName;
      receiver = receiverText;
      callee = receiver ? `${receiver}.${name}` : name;
      if (!shallow && receiverNode?.type === 'call') receiverCall = this.call(receiverNode);
    }
    const fn = this.functionOf(n);
    const site: CallSite = {
      callee,
      name,
      receiver,
      receiverCall,
      isNew,
      args: [],
      span: spanOf(n),
      argsSpan: argsNode ? spanOf(argsNode) : { start: n.endIndex, end: n.endIndex },
      topLevel: fn === null,
      inHandler: fn?.handler ?? false,
      assignedTo: this.assignedTo(n),
      functionName: this.functionName(n),
      statement: this.statementSpan(n),
    };
    this.calls.set(n.id, site);
    this.callNodes.set(site, n);
    if (argsNode && !shallow) {
      const kwargs: Property[] = [];
      for (const a of namedKids(argsNode)) {
        if (a.type === 'pair') {
          const p = this.pairProperty(a);
          if (p) kwargs.push(p);
        } else if (a.type !== 'block_argument' && a.type !== 'hash_splat_argument') site.args.push(this.value(a));
      }
      if (kwargs.length) site.kwargs = kwargs;
    }
    return site;
  }

  /** `recv.attr = value` as the call `recv.attr=(value)`. */
  private setterCall(assignment: Node, left: Node): CallSite {
    const existing = this.calls.get(assignment.id);
    if (existing) return existing;
    const site = this.makeSetterCall(assignment, left);
    this.calls.set(assignment.id, site);
    return site;
  }

  private makeSetterCall(assignment: Node, left: Node): CallSite {
    const receiverNode = left.childForFieldName('receiver');
    const name = `${left.childForFieldName('method')?.text ?? ''}=`;
    const receiver = receiverNode ? this.compactText.of(receiverNode) : undefined;
    const right = assignment.childForFieldName('right');
    const fn = this.functionOf(assignment);
    return {
      callee: receiver ? `${receiver}.${name}` : name,
      name,
      receiver,
      receiverCall: receiverNode?.type === 'call' ? this.call(receiverNode) : undefined,
      isNew: false,
      // `config.cache_store = :memory_store, { size: … }` passes the list as the value
      args: right ? (right.type === 'right_assignment_list' ? namedKids(right).map((c) => this.value(c)) : [this.value(right)]) : [],
      span: spanOf(assignment),
      argsSpan: right ? spanOf(right) : { start: assignment.endIndex, end: assignment.endIndex },
      topLevel: fn === null,
      inHandler: fn?.handler ?? false,
      functionName: this.functionName(assignment),
      statement: this.statementSpan(assignment),
    };
  }

  private assignedTo(n: Node): string | undefined {
    const p = this.up.parent(n);
    if ((p?.type === 'assignment' || p?.type === 'operator_assignment') && p.childForFieldName('right')?.id === n.id) {
      const left = p.childForFieldName('left');
      if (!left) return undefined;
      if (left.type === 'call') return left.childForFieldName('method')?.text;
      return stripSigil(left.text);
    }
    return undefined;
  }

  private functionName(n: Node): string | undefined {
    return this.up.closest(n, 'method', METHOD_TYPES)?.childForFieldName('name')?.text;
  }


  private statementSpan(n: Node): Span | undefined {
    const stmt = this.up.climb(n, 'statement', (_x, p) => !p || /^(program|body_statement|block_body|then|else|begin|ensure|rescue)$/.test(p.type));
    return stmt && this.up.parent(stmt) ? spanOf(stmt) : undefined;
  }

  // ---- functions and handlers -------------------------------------------------------------

  /**
   * The innermost function around `n` (method, lambda, or a block that handles requests), or null
   * at top level. Other blocks are transparent: `configure do … end` runs at boot.
   */
  private functionOf(n: Node): { handler: boolean; node: Node | null } | null {
    const isFunction = (x: Node) => FUNCTION_TYPES.has(x.type) || (BLOCK_TYPES.has(x.type) && this.isRouteBlock(x));
    const next = (x: Node) => this.up.climb(this.up.parent(x), 'function', isFunction);
    // Outermost first, so that a handler anywhere up the chain is known before its nested functions.
    const chain: Node[] = [];
    let fn = next(n);
    while (fn && !this.functionInfo.has(fn.id)) {
      chain.push(fn);
      fn = next(fn);
    }
    let info = fn ? this.functionInfo.get(fn.id) ?? null : null;
    for (let i = chain.length - 1; i >= 0; i--) {
      const known = this.functionInfo.get(chain[i].id);
      info = known ?? { handler: (info?.handler ?? false) || this.looksLikeHandler(chain[i]), node: chain[i] };
      this.functionInfo.set(chain[i].id, info);
    }
    return info;
  }


  /** A block given to a route method: `get '/path' do … end`, `post do … end` (Grape), `before do`. */
  private isRouteBlock(block: Node): boolean {
    const call = this.up.parent(block);
    if (call?.type !== 'call') return false;
    const method = call.childForFieldName('method')?.text ?? '';
    if (method === 'route' && call.childForFieldName('receiver') === null) return true;
    if (!ROUTE_METHODS.test(method)) return false;
    const receiver = call.childForFieldName('receiver');
    if (receiver && !/^(self|app|r|router|api|Sinatra::Application)$/.test(compact(receiver.text))) return false;
    const args = call.childForFieldName('arguments');
    const first = args ? namedKids(args)[0] : undefined;
    if (!first) return true;
    return first.type === 'string' || first.type === 'regex' || first.type === 'simple_symbol' || first.type === 'array';
  }

  private looksLikeHandler(fn: Node): boolean {
    if (BLOCK_TYPES.has(fn.type)) return true;
    if (fn.type === 'lambda') {
      const params = fn.childForFieldName('parameters');
      const names = params ? namedKids(params).map((p) => p.text) : [];
      return names.length === 1 && names[0] === 'env';
    }
    if (fn.type !== 'method') return false;
    const name = fn.childForFieldName('name')?.text ?? '';
    const params = fn.childForFieldName('parameters');
    const paramNames = params ? namedKids(params).map((p) => p.childForFieldName('name')?.text ?? p.text) : [];
    if (name === 'call' && paramNames.length === 1 && paramNames[0] === 'env') return true;
    const cls = this.up.closest(fn, 'class', CLASS_TYPES);
    if (!cls) return false;
    const className = cls.childForFieldName('name')?.text ?? '';
    const superclass = compact(cls.childForFieldName('superclass')?.text ?? '').replace(/^</, '');
    if (/Controller$/.test(className) || HANDLER_CLASS.test(superclass)) return true;
    if (/Hanami::Action$/.test(superclass) && name === 'handle') return true;
    return false;
  }

  /** The top of a chain of `binary` nodes with operators that only build a value (`+`, `.`, `*`…). */
  private concatTop(n: Node): Node {
    const plain = (x: Node) => x.type === 'binary' && !/^(==|!=|===|=~|!~|<|>|<=|>=|<=>|\|\||or|&&|and)$/.test(x.childForFieldName('operator')?.type ?? '');
    return this.up.climb(n, 'concat', (_x, p) => !p || !plain(p)) ?? n;
  }

  // ---- string literals with context -------------------------------------------------------

  private heredocLiteral(h: Node): StringLiteral | undefined {
    const body = this.heredocBodies.get(h.id);
    if (!body || body.startIndex !== h.endIndex) return undefined;
    const v = this.heredocValue(h, spanOf(h));
    if (v.kind !== 'string') return undefined;
    const end = body.namedChildren.find((c) => c?.type === 'heredoc_end');
    const span = { start: h.startIndex, end: body.endIndex };
    const innerStart = Math.min(body.startIndex + (this.text[body.startIndex] === '\r' ? 2 : 1), end?.startIndex ?? body.endIndex);
    return { value: v.value, span, innerSpan: { start: innerStart, end: end?.startIndex ?? body.endIndex }, context: this.context(h) };
  }

  private literal(n: Node): StringLiteral | undefined {
    const v = this.value(n);
    if (v.kind !== 'string') return undefined;
    const span = spanOf(n);
    let innerSpan = span;
    if (n.type === 'string') {
      const d = delimiters(n.text);
      innerSpan = { start: span.start + d.open, end: Math.max(span.start + d.open, span.end - d.close) };
    } else if (n.type === 'chained_string') {
      const kids = namedKids(n);
      innerSpan = { start: (kids[0]?.startIndex ?? span.start) + 1, end: (kids[kids.length - 1]?.endIndex ?? span.end) - 1 };
    }
    return { value: v.value, span, innerSpan, context: this.context(n) };
  }

  private context(n: Node): StringContext {
    const context: StringContext = { keyPath: [] };
    const keys: string[] = [];
    let child = n;
    let cur = this.up.parent(n);
    let direct = true;
    let steps = 0;
    walk: while (cur && steps++ < MAX_CONTEXT_WALK) {
      const t = cur.type;
      switch (t) {
        case 'parenthesized_statements':
        case 'array':
        case 'string_array':
        case 'hash':
        case 'right_assignment_list':
          break;
        case 'pair': {
          if (cur.childForFieldName('key')?.id === child.id) {
            context.nonValue = true;
            break walk;
          }
          const key = this.pairKey(cur.childForFieldName('key'));
          if (key !== undefined) {
            if (direct && context.key === undefined) context.key = key;
            keys.unshift(key);
          }
          const kwargCall = this.up.parent(this.up.parent(cur));
          if (this.up.parent(cur)?.type === 'argument_list' && !context.call && kwargCall?.type === 'call') {
            context.call = { site: this.call(kwargCall), argIndex: -1 };
            break walk;
          }
          break;
        }
        case 'argument_list': {
          const owner = this.up.parent(cur);
          if (owner?.type !== 'call') break walk;
          const site = this.call(owner);
          const index = indexAmong(cur, child, (c) => c.type !== 'pair' && c.type !== 'block_argument' && c.type !== 'hash_splat_argument');
          if (!context.call) context.call = { site, argIndex: index };
          if (IMPORT_CALLS.test(brief(site.callee)) || (!site.receiver && LOG_CALLS.test(site.name)) || (LOG_METHODS.test(site.name) && site.receiver && /(^|\.)(logger|log|Rails\.logger|LOGGER|\$logger|@logger)$/.test(brief(site.receiver)))) {
            context.nonValue = true;
          }
          if (site.receiver && /^(::)?ENV$/.test(brief(site.receiver)) && index === 0) context.nonValue = true;
          if (index === 1 && SETTERS.test(site.name) && site.args[0]?.kind === 'string' && direct && context.key === undefined) context.key = site.args[0].value;
          if (index === 0 && SETTERS.test(site.name) && site.args.length >= 2) context.nonValue = true;
          const env = this.envOf(this.value(owner));
          // The default of an environment lookup belongs to what the lookup is bound to (`url: ENV.fetch("X", "d")`).
          if (env?.fallback && env.fallback.span.start === child.startIndex && env.fallback.span.end === child.endIndex) {
            context.envFallback = true;
            // `ENV.fetch("X", "d")` without its default raises KeyError when X is missing
            const prev = child.previousNamedSibling;
            const required = prev ? owner.text.slice(0, prev.endIndex - owner.startIndex) + owner.text.slice(child.endIndex - owner.startIndex) : undefined;
            context.envLookup ??= { name: env.name, span: spanOf(owner), expression: spanOf(owner), required };
            child = owner;
            cur = this.up.parent(owner);
            continue walk;
          }
          if (!TRANSFORM_CALLS.test(brief(site.callee))) break walk;
          // A call that only converts its argument keeps the literal the value of what it is bound to.
          child = owner;
          cur = this.up.parent(owner);
          continue walk;
        }
        case 'element_reference':
          if (cur.childForFieldName('object')?.id !== child.id) context.nonValue = true;
          break walk;
        case 'assignment':
        case 'operator_assignment': {
          const left = cur.childForFieldName('left');
          if (left?.id === child.id) {
            context.nonValue = true;
            break walk;
          }
          if (left && direct && context.key === undefined) {
            if (left.type === 'call') context.key = left.childForFieldName('method')?.text;
            else if (left.type === 'element_reference') {
              const idx = namedKids(left).filter((c) => c.id !== left.childForFieldName('object')?.id);
              const k = idx.length === 1 ? this.value(idx[0]) : undefined;
              if (k?.kind === 'string') context.key = k.value;
            } else context.key = stripSigil(left.text);
          }
          if (left?.type === 'call') {
            const setter = this.setterCall(cur, left);
            const right = cur.childForFieldName('right');
            const argIndex = right?.type === 'right_assignment_list' ? namedKids(right).findIndex((k) => k.startIndex <= n.startIndex && n.endIndex <= k.endIndex) : 0;
            if (!context.call) context.call = { site: setter, argIndex: Math.max(0, argIndex) };
          }
          if (this.functionOf(cur) === null) context.topLevel = true;
          break walk;
        }
        case 'binary': {
          const op = cur.childForFieldName('operator')?.type ?? '';
          if (/^(==|!=|===|=~|!~|<|>|<=|>=|<=>)$/.test(op)) context.comparison = true;
          else if (op === '||' || op === 'or') {
            const left = cur.childForFieldName('left');
            const env = left && left.id !== child.id ? this.envOf(this.value(left)) : undefined;
            if (left && env) {
              context.envFallback = true;
              context.envLookup ??= { name: env.name, span: spanOf(left), expression: spanOf(cur) };
            }
          } else if (op !== '&&' && op !== 'and') {
            context.inExpression = true;
            direct = false;
            // A long concatenation: its other operands add nothing, go to its top at once.
            child = this.concatTop(cur);
            cur = this.up.parent(child);
            continue walk;
          }
          break;
        }
        case 'conditional':
          if (cur.childForFieldName('condition')?.id === child.id) context.comparison = true;
          break;
        case 'when':
        case 'pattern':
        case 'in_clause':
          context.comparison = true;
          break walk;
        case 'call': {
          if (cur.childForFieldName('receiver')?.id !== child.id) break walk;
          const method = cur.childForFieldName('method')?.text ?? '';
          if (COMPARISON_METHODS.test(method)) {
            context.comparison = true;
            break walk;
          }
          if (TRANSPARENT_METHODS.test(method)) break;
          context.inExpression = true;
          direct = false;
          break;
        }
        case 'block_body':
        case 'body_statement': {
          // ENV.fetch("X") { "default" }: the block's result is the fallback
          const block = this.up.parent(cur);
          const owner = this.up.parent(block);
          if (block && BLOCK_TYPES.has(block.type) && owner?.type === 'call' && this.blockResult(block)?.id === child.id) {
            const env = this.envOf(this.value(owner));
            if (env?.fallback && env.fallback.span.start === child.startIndex) {
              context.envFallback = true;
              // the call without its block: `ENV.fetch("X")`
              const required = this.text.slice(owner.startIndex, block.startIndex).trimEnd();
              context.envLookup ??= { name: env.name, span: spanOf(owner), expression: spanOf(owner), required };
              if (!context.call) context.call = { site: this.call(owner), argIndex: -1 };
              child = owner;
              cur = this.up.parent(owner);
              continue walk;
            }
          }
          break walk;
        }
        case 'optional_parameter':
        case 'keyword_parameter': {
          const name = cur.childForFieldName('name')?.text;
          if (name && direct && context.key === undefined) context.key = name;
          break walk;
        }
        case 'interpolation':
        case 'chained_string':
          context.inExpression = true;
          direct = false;
          break;
        case 'program':
        case 'then':
        case 'else':
        case 'begin':
        case 'return':
        case 'method':
        case 'singleton_method':
        case 'class':
        case 'module':
        case 'do_block':
        case 'block':
        case 'lambda':
        case 'if_modifier':
        case 'unless_modifier':
        case 'if':
        case 'unless':
        case 'elsif':
        case 'while':
        case 'until':
        case 'case':
          break walk;
        default:
          context.inExpression = true;
          direct = false;
      }
      child = cur;
      cur = this.up.parent(cur);
    }
    context.keyPath = keys;
    if (context.key === undefined && keys.length && direct) context.key = keys[keys.length - 1];
    if (!context.nonValue && !context.comparison && this.envBranches.inBranch(n)) context.envBranch = true;
    return context;
  }

  // ---- process-local collections --------------------------------------------------------------

  private collectionKind(v: Node): ModuleCollection['kind'] | undefined {
    if (v.type === 'hash') return 'map';
    if (v.type === 'array') return 'array';
    if (v.type !== 'call') return undefined;
    const call = this.call(v);
    if (call.name === 'freeze') return undefined;
    if (!call.isNew) return undefined;
    if (/^(Hash|Concurrent::Map|Concurrent::Hash|ThreadSafe::Cache|ThreadSafe::Hash)$/.test(brief(call.callee))) return 'map';
    if (/^(Array|Concurrent::Array|ThreadSafe::Array)$/.test(brief(call.callee))) return 'array';
    if (/^(Set|Concurrent::Set)$/.test(brief(call.callee))) return 'set';
    return undefined;
  }

  /** The collection a receiver expression is rooted in: `CARTS`, `CARTS[id]`, `@@store[k][j]`, `Foo::CARTS`. */
  private rootOf(n: Node): { name: string; key?: Node } | undefined {
    let cur = n;
    let key: Node | undefined;
    while (cur.type === 'element_reference') {
      const obj = cur.childForFieldName('object');
      if (!obj) return undefined;
      key = namedKids(cur).find((c) => c.id !== obj.id) ?? key;
      cur = obj;
    }
    if (cur.type === 'scope_resolution') {
      const name = cur.childForFieldName('name')?.text;
      return name ? { name, key } : undefined;
    }
    if (/^(constant|global_variable|class_variable|instance_variable)$/.test(cur.type)) return { name: cur.text, key };
    // `self.class.carts[k] = v` / `Api.carts[k] = v`: a class-level instance variable read through its `attr_reader`
    if (cur.type === 'call' && !cur.childForFieldName('arguments')) {
      const receiver = cur.childForFieldName('receiver');
      const method = cur.childForFieldName('method');
      if (receiver && method?.type === 'identifier' && (receiver.text === 'self.class' || receiver.type === 'constant')) return { name: `@${method.text}`, key };
    }
    return undefined;
  }

  private collections(calls: CallSite[], assignments: Node[]): ModuleCollection[] {
    const result = new Map<string, ModuleCollection>();
    for (const [name, decls] of this.declarations) {
      for (const d of decls) {
        if (!d.shared || !d.valueNode) continue;
        const kind = this.collectionKind(d.valueNode);
        if (kind && !result.has(name)) result.set(name, { name, kind, span: d.span, nameSpan: d.nameSpan, mutations: [] });
      }
    }
    if (result.size === 0) return [];
    const add = (target: Node, span: Span, keyNode: Node | undefined, at: Node) => {
      const root = this.rootOf(target);
      const col = root && result.get(root.name);
      if (!col) return;
      const fn = this.functionOf(at);
      if (fn === null) return;
      const key = keyNode ?? root.key;
      col.mutations.push({ span, keyText: key ? key.text : undefined, inHandler: fn.handler });
    };
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      if (left?.type === 'element_reference') add(left, spanOf(a), undefined, a);
    }
    for (const n of this.tree.rootNode.descendantsOfType('binary')) {
      if (!n || n.childForFieldName('operator')?.type !== '<<') continue;
      const left = n.childForFieldName('left');
      if (left) add(left, spanOf(n), undefined, n);
    }
    for (const c of calls) {
      if (c.topLevel || !COLLECTION_MUTATORS.test(c.name)) continue;
      const callNode = this.callNodes.get(c);
      const receiver = callNode?.childForFieldName('receiver');
      if (!callNode || !receiver) continue;
      const args = callNode.childForFieldName('arguments');
      const first = args ? namedKids(args)[0] : undefined;
      add(receiver, c.span, receiver.type === 'element_reference' ? undefined : first, callNode);
    }
    return [...result.values()];
  }
}

/** Ruby idioms: `ENV.fetch`, converted with `Integer(…)`; nothing to require. */
function rubyIdioms(): LanguageIdioms {
  const literal = (fallback: string) => {
    const t = fallback.trim();
    if (/^-?\d+$/.test(t)) return rubyQuoted(t);
    return t;
  };
  return {
    envString: (name) => `ENV.fetch(${rubyQuoted(name)})`,
    envNumber: (name, fallback) => `Integer(ENV.fetch(${rubyQuoted(name)}, ${fallback.trim()}))`,
    envStringOr: (name, fallback) => `ENV.fetch(${rubyQuoted(name)}, ${literal(fallback)})`,
    envAddress: (name, host, port) => `"${rubyQuoted(host + ':').slice(1, -1)}#{ENV.fetch(${rubyQuoted(name)}, ${rubyQuoted(port)})}"`,
    envImportEdits: () => [],
    lineComment: '#',
  };
}

/** Builds the model for a Ruby tree. */
export function buildRubyModel(text: string, tree: Tree): SourceModel {
  return new RubyModelBuilder(text, tree).build();
}
