/**
 * Go adapter: builds the SourceModel from a tree-sitter-go tree.
 *
 * What it knows of Go's idioms:
 * - environment lookups: `os.Getenv("X")`, `os.LookupEnv("X")`, `syscall.Getenv("X")`, a default
 *   with `cmp.Or(os.Getenv("X"), "d")`, and the guarded defaults `v := os.Getenv("X")` +
 *   `if v == "" { v = "d" }` and `v, ok := os.LookupEnv("X")` + `if !ok { v = "d" }`;
 * - composite literals are objects with the literal's type (`&redis.Options{Addr: …}`,
 *   `gin.H{"k": v}`, `map[string]string{…}`); a string inside one has the type as `objectType`;
 * - request handlers: functions, methods and function literals with a parameter of a handler type
 *   of net/http (`http.ResponseWriter`, `*http.Request`), gin (`*gin.Context`), echo
 *   (`echo.Context`), fiber (`*fiber.Ctx`), fasthttp (`*fasthttp.RequestCtx`) or iris
 *   (`iris.Context`), and everything nested in them;
 * - package-level collections: `map[…]…{}` / `make(map…)` / slices / `sync.Map`, mutated by index
 *   assignment, `delete`, `clear`, `append` or the `sync.Map` methods (with the name of the function
 *   declaration an assignment sits in, so that rules can tell whether handlers call it);
 * - imports bind the name the package has in the file (its alias, or the last element of its path);
 * - constants: package-level and local `const`, and variables never assigned again; the first name
 *   of `v, err := f()` stands for the call's result.
 */
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { Query } from '@vscode/tree-sitter-wasm';
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
import type { Span, TextEdit } from '../types';
import { computeLineStarts } from '../text';
import { constantRewriteEdits, type ConstantRewrite, spanOf, ValueMemo } from './adapter-kit';
import { EnvBranches } from './env-branch';

const QUERY_SOURCE = `
(interpreted_string_literal) @string
(raw_string_literal) @string
(call_expression) @call
(comment) @comment
(import_spec) @import
(const_spec) @const
(var_spec) @var
(short_var_declaration) @short
(assignment_statement) @assign
(inc_statement) @incdec
(dec_statement) @incdec
(parameter_declaration) @param
(variadic_parameter_declaration) @param
(range_clause) @range
`;

const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const SCOPES = new Set([
  'source_file',
  'block',
  'function_declaration',
  'method_declaration',
  'func_literal',
  'if_statement',
  'for_statement',
  'expression_switch_statement',
  'type_switch_statement',
  'select_statement',
  'expression_case',
  'default_case',
  'type_case',
  'communication_case',
]);
const HANDLER_TYPES = new Set(['http.ResponseWriter', 'http.Request', 'gin.Context', 'echo.Context', 'fiber.Ctx', 'fasthttp.RequestCtx', 'iris.Context']);
const SYNC_MAP_MUTATORS = new Set(['Store', 'LoadOrStore', 'Delete', 'LoadAndDelete', 'Swap', 'CompareAndSwap', 'CompareAndDelete', 'Clear']);
const LOG_METHODS = new Set([
  'Print', 'Printf', 'Println', 'Fatal', 'Fatalf', 'Fatalln', 'Panic', 'Panicf', 'Panicln',
  'Debug', 'Debugf', 'Debugw', 'Info', 'Infof', 'Infow', 'Warn', 'Warnf', 'Warnw', 'Warning', 'Warningf',
  'Error', 'Errorf', 'Errorw', 'DPanic', 'DPanicf', 'Trace', 'Tracef', 'Msg', 'Msgf', 'Log', 'Logf',
]);
const LOGGERS = /(^|\.)(log|logger|slog|logrus|zap|zerolog|sugar|l|lg)$/i;

const queries = new WeakMap<object, Query>();

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function named(n: Node | null | undefined): Node[] {
  return n ? n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
}

/** Unescapes the body of a Go interpreted string literal. */
export function unescapeGo(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\([0-7]{3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (m, e: string) => {
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    if ((e[0] === 'u' || e[0] === 'U') && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '\\': case '"': case '\'': return e;
      default: return m;
    }
  });
}

function parseGoNumber(text: string): number | undefined {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('i')) return undefined;
  let v: number;
  if (/^0x[0-9a-f]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0o[0-7]+$/.test(t)) v = parseInt(t.slice(2), 8);
  else if (/^0b[01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^0[0-7]+$/.test(t)) v = parseInt(t.slice(1), 8);
  else v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

function isStringNode(n: Node | null | undefined): boolean {
  return !!n && (n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal');
}

/** The package name an import path is referred to by, without an explicit name: `github.com/redis/go-redis/v9` -> `redis`. */
function defaultPackageName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/^go-/, '').replace(/[-.]go$/, '').replace(/[^A-Za-z0-9_]/g, '');
}

interface Declaration {
  name: string;
  valueNode: Node | null;
  /** `v, err := f()`: the value is the call's first result. */
  firstResult?: boolean;
  span: Span;
  nameSpan: Span;
  scope: Span;
  isConst: boolean;
  packageLevel: boolean;
  /** The statement that declared it (for `v, ok := os.LookupEnv(…)`). */
  statement: Node;
  /** Later assignments to the same variable: the assignment statement and the assigned value. */
  reassignments: { statement: Node; value: Node | null }[];
  /** The declared type (`var m map[string]int`). */
  typeNode: Node | null;
}

class GoModelBuilder {
  private readonly calls = new Map<number, CallSite>();
  private readonly callNodes = new Map<CallSite, Node>();
  private readonly functionInfo = new Map<number, { handler: boolean }>();
  private readonly declarations = new Map<string, Declaration[]>();
  private readonly values = new ValueMemo((node) => this.computeValue(node));
  private readonly resolving = new Set<number>();
  /** `if os.Getenv("APP_ENV") == "production" { … }`, `switch env { case "production": … }` */
  private readonly envBranches = new EnvBranches(
    { if_statement: ['condition'], expression_switch_statement: ['value'], expression_case: ['value'] },
    FUNCTIONS,
    (n) => (isStringNode(n) ? this.stringValue(n) : undefined),
  );
  /** Local package name -> import path. */
  private readonly packages = new Map<string, string>();

  constructor(private readonly text: string, private readonly tree: Tree) {}

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
    const assignments: Node[] = [];
    for (const { name, node } of captures) {
      switch (name) {
        case 'string':
          stringNodes.push(node);
          break;
        case 'call':
          callNodes.push(node);
          break;
        case 'comment':
          comments.push(this.comment(node));
          break;
        case 'import': {
          const path = node.childForFieldName('path');
          if (!path || !isStringNode(path)) break;
          const module = this.stringValue(path);
          const alias = node.childForFieldName('name');
          const local = alias && alias.type === 'package_identifier' ? alias.text : alias ? '' : defaultPackageName(module);
          // the package's name in this file (`_` and `.` imports bind none)
          imports.push({ module, span: spanOf(path), ...(local ? { bindings: [{ local, imported: '*' }] } : {}) });
          if (local) this.packages.set(local, module);
          break;
        }
        case 'const':
        case 'var':
          this.declareSpec(node, name === 'const');
          break;
        case 'short':
          this.declareShort(node);
          break;
        case 'param':
          this.declareParam(node);
          break;
        case 'range':
          this.declareRange(node);
          break;
        case 'assign':
        case 'incdec':
          assignments.push(node);
          break;
      }
    }
    for (const a of assignments) this.recordAssignment(a);
    const calls = callNodes.map((n) => this.call(n));
    const strings: StringLiteral[] = [];
    for (const n of stringNodes) {
      const lit = this.literal(n);
      if (lit) strings.push(lit);
    }
    const envReads: SourceModel['envReads'] = [];
    for (const c of calls) {
      const env = this.envName(c);
      if (env) envReads.push({ name: env, span: c.span });
    }
    return {
      language: 'go',
      text: this.text,
      strings,
      calls,
      collections: this.collections(calls, assignments),
      comments,
      imports,
      envReads,
      idioms: goIdioms(this.text, root, goConstantRewrites(root)),
      hasErrors: root.hasError,
      lineStarts: computeLineStarts(this.text),
    };
  }

  // ---- comments ---------------------------------------------------------------------------------

  private comment(n: Node): Comment {
    const raw = n.text;
    const body = raw.startsWith('//') ? raw.slice(2) : raw.replace(/^\/\*/, '').replace(/\*\/$/, '');
    let i = n.startIndex - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    const ownLine = i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
    return { text: body.trim(), span: spanOf(n), line: n.startPosition.row, endLine: n.endPosition.row, ownLine };
  }

  // ---- declarations and constant resolution -----------------------------------------------------

  private scopeOf(n: Node): Span {
    let cur = n.parent;
    while (cur && !SCOPES.has(cur.type)) cur = cur.parent;
    return cur ? spanOf(cur) : { start: 0, end: this.text.length };
  }

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

  private addDeclaration(d: Omit<Declaration, 'reassignments'>): void {
    const entry: Declaration = { ...d, reassignments: [] };
    const list = this.declarations.get(d.name);
    if (list) list.push(entry);
    else this.declarations.set(d.name, [entry]);
  }

  private declareSpec(spec: Node, isConst: boolean): void {
    const names = spec.childrenForFieldName('name').filter((c): c is Node => !!c && c.type === 'identifier');
    const values = named(spec.childForFieldName('value'));
    const typeNode = spec.childForFieldName('type');
    const packageLevel = this.enclosingFunction(spec) === null;
    // `var x = 1` spans the declaration; a spec of a grouped `var ( … )` spans itself
    const whole = spec.parent && (spec.parent.type === 'var_declaration' || spec.parent.type === 'const_declaration') && named(spec.parent).length === 1 ? spec.parent : spec;
    names.forEach((nameNode, i) => {
      const value = values.length === names.length ? values[i] : values.length === 1 && i === 0 ? values[0] : null;
      this.addDeclaration({
        name: nameNode.text,
        valueNode: value,
        firstResult: values.length === 1 && names.length > 1 && i === 0,
        span: spanOf(whole),
        nameSpan: spanOf(nameNode),
        scope: this.scopeOf(spec),
        isConst,
        packageLevel,
        statement: spec,
        typeNode,
      });
    });
  }

  private declareShort(n: Node): void {
    const names = named(n.childForFieldName('left'));
    const values = named(n.childForFieldName('right'));
    names.forEach((nameNode, i) => {
      if (nameNode.type !== 'identifier' || nameNode.text === '_') return;
      // `x, err := f()` redeclares `err` when it exists in the same scope: still a new binding for lookups
      const value = values.length === names.length ? values[i] : values.length === 1 && i === 0 ? values[0] : null;
      this.addDeclaration({
        name: nameNode.text,
        valueNode: value,
        firstResult: values.length === 1 && names.length > 1 && i === 0,
        span: spanOf(n),
        nameSpan: spanOf(nameNode),
        scope: this.scopeOf(n),
        isConst: false,
        packageLevel: false,
        statement: n,
        typeNode: null,
      });
    });
  }

  private declareParam(n: Node): void {
    for (const nameNode of n.childrenForFieldName('name')) {
      if (!nameNode || nameNode.type !== 'identifier') continue;
      const fn = n.parent?.parent;
      this.addDeclaration({
        name: nameNode.text,
        valueNode: null,
        span: spanOf(n),
        nameSpan: spanOf(nameNode),
        scope: fn ? spanOf(fn) : this.scopeOf(n),
        isConst: false,
        packageLevel: false,
        statement: n,
        typeNode: n.childForFieldName('type'),
      });
    }
  }

  private declareRange(n: Node): void {
    const left = n.childForFieldName('left');
    const isDefine = n.children.some((c) => c?.type === ':=');
    if (!left || !isDefine) return;
    for (const id of named(left)) {
      if (id.type !== 'identifier') continue;
      this.addDeclaration({
        name: id.text,
        valueNode: null,
        span: spanOf(n),
        nameSpan: spanOf(id),
        scope: this.scopeOf(n),
        isConst: false,
        packageLevel: false,
        statement: n,
        typeNode: null,
      });
    }
  }

  private recordAssignment(a: Node): void {
    const targets = a.type === 'assignment_statement' ? named(a.childForFieldName('left')) : named(a).slice(0, 1);
    const values = a.type === 'assignment_statement' ? named(a.childForFieldName('right')) : [];
    const plain = a.type === 'assignment_statement' && a.childForFieldName('operator')?.text === '=';
    targets.forEach((t, i) => {
      if (t.type !== 'identifier') return;
      const decl = this.lookup(t.text, t.startIndex);
      if (decl) decl.reassignments.push({ statement: a, value: plain && values.length === targets.length ? values[i] : null });
    });
  }

  private lookup(name: string, at: number): Declaration | undefined {
    const list = this.declarations.get(name);
    if (!list) return undefined;
    let best: Declaration | undefined;
    for (const d of list) {
      if (at < d.scope.start || at > d.scope.end) continue;
      // in a function, a name is visible from its declaration on
      if (!d.packageLevel && d.nameSpan.start > at) continue;
      if (!best || d.scope.end - d.scope.start < best.scope.end - best.scope.start || (d.scope.start === best.scope.start && d.scope.end === best.scope.end && d.nameSpan.start > best.nameSpan.start)) best = d;
    }
    return best;
  }

  private identifierValue(n: Node, span: Span): Value {
    const name = n.text;
    const decl = this.lookup(name, n.startIndex);
    if (!decl?.valueNode) return { kind: 'identifier', name, span };
    const valueNode = decl.valueNode;
    if (this.resolving.has(valueNode.id) || (valueNode.startIndex <= n.startIndex && n.endIndex <= valueNode.endIndex)) return { kind: 'identifier', name, span };
    this.resolving.add(valueNode.id);
    try {
      const declared = this.value(valueNode);
      if (decl.reassignments.length === 0) return { kind: 'identifier', name, resolved: declared, declaration: decl.span, span };
      const fallback = this.guardedFallback(decl);
      if (fallback && declared.kind === 'env' && !declared.fallback) {
        return { kind: 'identifier', name, resolved: { ...declared, fallback: this.value(fallback) }, declaration: decl.span, span };
      }
      return { kind: 'identifier', name, span };
    } finally {
      this.resolving.delete(valueNode.id);
    }
  }

  /**
   * For `v := os.Getenv("X")` re-assigned only in `if v == "" { v = "d" }` (or `if !ok` after
   * `v, ok := os.LookupEnv("X")`): the node of the default "d".
   */
  private guardedFallback(decl: Declaration): Node | null {
    if (decl.reassignments.length !== 1 || !decl.valueNode) return null;
    const { statement, value } = decl.reassignments[0];
    if (!value || !this.envCallNode(decl.valueNode)) return null;
    return this.isGuard(statement, decl) ? value : null;
  }

  private envCallNode(n: Node): boolean {
    return n.type === 'call_expression' && this.envName(this.call(n)) !== undefined;
  }

  private isGuard(statement: Node, decl: Declaration): boolean {
    let block = statement.parent;
    if (block?.type === 'statement_list') block = block.parent;
    const ifNode = block?.parent;
    if (block?.type !== 'block' || ifNode?.type !== 'if_statement' || ifNode.childForFieldName('consequence')?.id !== block.id) return false;
    const cond = compact(ifNode.childForFieldName('condition')?.text ?? '');
    const name = decl.name;
    if (cond === `${name}==""` || cond === `""==${name}` || cond === `len(${name})==0`) return true;
    // `v, ok := os.LookupEnv("X")` … `if !ok { v = "d" }`
    const names = decl.statement.type === 'short_var_declaration' ? named(decl.statement.childForFieldName('left')) : [];
    return names.length === 2 && names[0].text === name && cond === `!${names[1].text}`;
  }

  // ---- values -----------------------------------------------------------------------------------

  private stringValue(n: Node): string {
    const t = n.text;
    if (n.type === 'raw_string_literal') return t.slice(1, -1).replace(/\r/g, '');
    return unescapeGo(t.slice(1, -1));
  }

  /** The statically known value of an expression node. */
  value(node: Node): Value {
    return this.values.value(node);
  }

  private computeValue(node: Node): Value {
    let n = node;
    while ((n.type === 'parenthesized_expression' || n.type === 'literal_element') && n.firstNamedChild) n = n.firstNamedChild;
    const span = spanOf(node);
    switch (n.type) {
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return { kind: 'string', value: this.stringValue(n), span };
      case 'int_literal':
      case 'float_literal': {
        const v = parseGoNumber(n.text);
        return v === undefined ? { kind: 'other', text: n.text, span } : { kind: 'number', value: v, span };
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', value: n.type === 'true', span };
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.type;
        const operand = n.childForFieldName('operand');
        if (operand && op === '&') return { ...this.value(operand), span };
        if (operand && (op === '-' || op === '+')) {
          const inner = this.value(operand);
          if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'identifier':
        return this.identifierValue(n, span);
      case 'call_expression': {
        const call = this.call(n);
        const env = this.envName(call);
        if (env !== undefined) return { kind: 'env', name: env || undefined, span };
        if (this.isPackageCall(call, 'cmp', 'Or') && call.args.length >= 2) {
          const first = call.args[0];
          const e = first.kind === 'env' ? first : first.kind === 'identifier' && first.resolved?.kind === 'env' ? first.resolved : undefined;
          if (e) return { kind: 'env', name: e.name, fallback: call.args[1], span };
        }
        if (call.callee === 'string' && call.args.length === 1 && call.args[0].kind === 'string') return { ...call.args[0], span };
        return { kind: 'call', call, span };
      }
      case 'type_conversion_expression': {
        const operand = n.childForFieldName('operand');
        if (operand) {
          const inner = this.value(operand);
          if (inner.kind === 'string' || inner.kind === 'number' || inner.kind === 'env') return { ...inner, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'composite_literal': {
        const type = n.childForFieldName('type');
        const body = n.childForFieldName('body');
        const elements = named(body);
        const keyed = elements.filter((e) => e.type === 'keyed_element');
        const typeText = type ? compact(type.text) : undefined;
        if (keyed.length > 0 || (elements.length === 0 && type && !/^(\[|\.\.\.)/.test(typeText ?? ''))) {
          const props: Property[] = [];
          for (const e of keyed) {
            const k = e.childForFieldName('key');
            const v = e.childForFieldName('value');
            const key = this.keyText(k);
            if (k && v && key !== undefined) props.push({ key, keySpan: spanOf(k), value: this.value(v), span: spanOf(e) });
          }
          return { kind: 'object', props, type: typeText, span };
        }
        return { kind: 'array', items: elements.map((e) => this.value(e)), span };
      }
      case 'selector_expression':
      default:
        return { kind: 'other', text: n.text, span };
    }
  }

  private keyText(k: Node | null): string | undefined {
    if (!k) return undefined;
    const inner = k.type === 'literal_element' && k.firstNamedChild ? k.firstNamedChild : k;
    if (isStringNode(inner)) return this.stringValue(inner);
    if (inner.type === 'identifier' || inner.type === 'field_identifier') return inner.text;
    return compact(inner.text);
  }

  /**
   * True for `pkg.Name(…)` where `pkg` is the local name of the standard package `path`. A snippet
   * without its import block still counts when nothing else in the file takes the name.
   */
  private isPackageCall(call: CallSite, path: string, name: string): boolean {
    if (call.name !== name || !call.receiver) return false;
    const imported = this.packages.get(call.receiver);
    if (imported !== undefined ? imported !== path : call.receiver !== path) return false;
    return !this.lookup(call.receiver, call.span.start);
  }

  /** The variable name of an environment lookup call ('' when not a literal), undefined when the call is not one. */
  private envName(call: CallSite): string | undefined {
    const isEnv = this.isPackageCall(call, 'os', 'Getenv') || this.isPackageCall(call, 'os', 'LookupEnv') || this.isPackageCall(call, 'syscall', 'Getenv');
    if (!isEnv) return undefined;
    const a = call.args[0];
    return a?.kind === 'string' ? a.value : a?.kind === 'identifier' && a.resolved?.kind === 'string' ? a.resolved.value : '';
  }

  // ---- calls ------------------------------------------------------------------------------------

  call(n: Node): CallSite {
    const existing = this.calls.get(n.id);
    if (existing) return existing;
    const fn = n.childForFieldName('function');
    const argsNode = n.childForFieldName('arguments');
    let name = '';
    let receiver: string | undefined;
    let receiverCall: CallSite | undefined;
    if (fn?.type === 'selector_expression') {
      name = fn.childForFieldName('field')?.text ?? '';
      const obj = fn.childForFieldName('operand');
      if (obj) {
        receiver = compact(obj.text);
        if (obj.type === 'call_expression') receiverCall = this.call(obj);
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
      isNew: false,
      args: [],
      span: spanOf(n),
      argsSpan: argsNode ? spanOf(argsNode) : { start: n.endIndex, end: n.endIndex },
      topLevel: fnInfo === null,
      inHandler: fnInfo?.handler ?? false,
    };
    this.calls.set(n.id, site);
    this.callNodes.set(site, n);
    site.args = named(argsNode).map((a) => this.value(a));
    return site;
  }

  // ---- functions and handlers -------------------------------------------------------------------

  /** The innermost enclosing function's facts, or null at package level. A handler anywhere up the chain counts. */
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

  /** The name of the function or method declaration `n` sits in (through function literals); `init` runs at start-up. */
  private declaredFunctionName(n: Node): string | undefined {
    for (let fn = this.enclosingFunction(n); fn; fn = this.enclosingFunction(fn)) {
      if (fn.type !== 'func_literal') return fn.childForFieldName('name')?.text;
    }
    return undefined;
  }

  private looksLikeHandler(fn: Node): boolean {
    for (const p of named(fn.childForFieldName('parameters'))) {
      const type = p.childForFieldName('type');
      if (!type) continue;
      const t = compact(type.text).replace(/^\*/, '');
      const dot = t.indexOf('.');
      // the package may be imported under another name
      const pkg = dot > 0 ? t.slice(0, dot) : '';
      const canonical = pkg && this.packages.has(pkg) ? defaultPackageName(this.packages.get(pkg) as string) + t.slice(dot) : t;
      if (HANDLER_TYPES.has(t) || HANDLER_TYPES.has(canonical)) return true;
    }
    return false;
  }

  // ---- string literals with context -------------------------------------------------------------

  private literal(n: Node): StringLiteral | undefined {
    const value = this.stringValue(n);
    const span = spanOf(n);
    const context: StringContext = { keyPath: [] };
    const keys: string[] = [];
    let child = n;
    let cur = n.parent;
    let direct = true;
    while (cur) {
      const t = cur.type;
      if (t === 'literal_element' || t === 'parenthesized_expression' || t === 'expression_list' || t === 'type_conversion_expression') {
        // transparent
      } else if (t === 'keyed_element') {
        if (cur.childForFieldName('key')?.id === child.id) {
          context.nonValue = true;
          break;
        }
        const key = this.keyText(cur.childForFieldName('key'));
        if (key !== undefined) {
          if (direct && context.key === undefined) context.key = key;
          keys.unshift(key);
        }
      } else if (t === 'literal_value') {
        // container
      } else if (t === 'composite_literal') {
        const type = cur.childForFieldName('type');
        if (type && context.objectType === undefined && /^(type_identifier|qualified_type|generic_type)$/.test(type.type)) context.objectType = compact(type.text);
      } else if (t === 'unary_expression') {
        if (cur.childForFieldName('operator')?.type !== '&') {
          context.inExpression = true;
          direct = false;
        }
      } else if (t === 'const_spec' || t === 'var_spec') {
        const names = cur.childrenForFieldName('name').filter((c): c is Node => !!c && c.type === 'identifier');
        const values = named(cur.childForFieldName('value'));
        const i = values.findIndex((v) => v.startIndex <= n.startIndex && n.endIndex <= v.endIndex);
        if (i < 0) {
          context.nonValue = true; // inside the type
          break;
        }
        if (direct && context.key === undefined && names.length === values.length) context.key = names[i]?.text;
        if (this.enclosingFunction(cur) === null) context.topLevel = true;
        break;
      } else if (t === 'short_var_declaration' || t === 'assignment_statement') {
        const left = cur.childForFieldName('left');
        if (left && left.startIndex <= n.startIndex && n.endIndex <= left.endIndex) {
          context.nonValue = true;
          break;
        }
        const targets = named(left);
        const values = named(cur.childForFieldName('right'));
        const i = values.findIndex((v) => v.startIndex <= n.startIndex && n.endIndex <= v.endIndex);
        const target = values.length === targets.length ? targets[i] : undefined;
        if (direct && context.key === undefined && target) context.key = this.targetName(target);
        if (direct && target?.type === 'selector_expression') {
          const operand = target.childForFieldName('operand');
          if (operand) context.receiver = compact(operand.text);
        }
        if (t === 'assignment_statement' && target?.type === 'identifier' && child.id === cur.childForFieldName('right')?.id) {
          const decl = this.lookup(target.text, target.startIndex);
          if (decl && this.guardedFallback(decl)?.id === values[i].id) context.envFallback = true;
        }
        break;
      } else if (t === 'argument_list') {
        const callNode = cur.parent;
        if (callNode?.type === 'call_expression') {
          const site = this.call(callNode);
          const index = named(cur).findIndex((a) => a.id === child.id);
          if (!context.call) context.call = { site, argIndex: index };
          if (this.envName(site) !== undefined && index === 0) context.nonValue = true;
          if (this.isPackageCall(site, 'cmp', 'Or') && index > 0) {
            const first = site.args[0];
            const env = first?.kind === 'env' ? first : first?.kind === 'identifier' && first.resolved?.kind === 'env' ? first.resolved : undefined;
            if (env) {
              context.envFallback = true;
              // cmp.Or(os.Getenv("X"), "d"): without the fallback, the lookup alone
              context.envLookup ??= { name: env.name, span: first.span, expression: site.span };
            }
          }
          if (this.isMessageArgument(site, index)) context.nonValue = true;
          if (site.callee !== 'string') break;
        }
      } else if (t === 'binary_expression') {
        const op = cur.childForFieldName('operator')?.type ?? '';
        if (/^(==|!=|<|>|<=|>=)$/.test(op)) context.comparison = true;
        else {
          context.inExpression = true;
          direct = false;
        }
      } else if (t === 'expression_case') {
        context.comparison = true;
        break;
      } else if (t === 'index_expression') {
        if (cur.childForFieldName('index')?.id === child.id) {
          context.nonValue = true;
          break;
        }
        context.inExpression = true;
        direct = false;
      } else if (t === 'field_declaration' || t === 'import_spec' || t === 'import_spec_list') {
        // struct tags and import paths
        context.nonValue = true;
        break;
      } else if (t === 'expression_statement') {
        if (child.id === n.id) context.nonValue = true;
        break;
      } else if (FUNCTIONS.has(t) || t === 'block' || t === 'statement_list' || t === 'source_file' || t === 'ERROR' || t.endsWith('_statement') || t.endsWith('_declaration') || t.endsWith('_clause')) {
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
    if (!context.nonValue && !context.comparison && this.envBranches.inBranch(n)) context.envBranch = true;
    return { value, span, innerSpan: { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) }, context };
  }

  /** The name an assignment target binds: `x`, `cfg.Password` -> Password, `m["k"]` -> k. */
  private targetName(target: Node): string | undefined {
    if (target.type === 'identifier') return target.text;
    if (target.type === 'selector_expression') return target.childForFieldName('field')?.text;
    if (target.type === 'index_expression') {
      const idx = target.childForFieldName('index');
      return idx && isStringNode(idx) ? this.stringValue(idx) : undefined;
    }
    return undefined;
  }

  /** The message/format of a log, print or error call: text for people, not configuration. */
  private isMessageArgument(site: CallSite, index: number): boolean {
    const pkg = site.receiver ? this.packages.get(site.receiver) : undefined;
    if (pkg === 'fmt') {
      if (/^(Print|Printf|Println|Errorf|Sprint|Sprintln)$/.test(site.name)) return index === 0 && site.name !== 'Sprint' && site.name !== 'Sprintln';
      if (/^Fprint(f|ln)?$/.test(site.name)) return index === 1;
    }
    if (pkg === 'errors' && site.name === 'New') return index === 0;
    if (pkg === 'net/http' && site.name === 'Error') return index === 1;
    if (index !== 0 || !LOG_METHODS.has(site.name)) return false;
    if (pkg === 'log' || pkg === 'log/slog') return true;
    return !!site.receiver && (LOGGERS.test(site.receiver) || (!!site.receiverCall && LOGGERS.test(site.receiverCall.receiver ?? '')));
  }

  // ---- package-level collections ------------------------------------------------------------------

  private collectionKind(value: Node | null, type: Node | null): ModuleCollection['kind'] | undefined {
    const kindOfType = (t: Node | null): ModuleCollection['kind'] | undefined => {
      if (!t) return undefined;
      if (t.type === 'map_type') return 'map';
      if (t.type === 'slice_type') return 'array';
      if (t.type === 'pointer_type') return kindOfType(t.firstNamedChild);
      const text = compact(t.text);
      if (text === 'sync.Map') return 'map';
      return undefined;
    };
    if (value) {
      let v = value;
      if (v.type === 'unary_expression' && v.childForFieldName('operator')?.type === '&' && v.childForFieldName('operand')) v = v.childForFieldName('operand') as Node;
      if (v.type === 'composite_literal') {
        const type = v.childForFieldName('type');
        const kind = kindOfType(type);
        if (kind) return kind;
        // a struct holding maps or slices: `var hub = &Hub{rooms: map[string][]*Conn{}}`
        const holdsCollection = named(v.childForFieldName('body')).some((e) => {
          const value = e.type === 'keyed_element' ? e.childForFieldName('value')?.firstNamedChild ?? null : null;
          return !!value && this.collectionKind(value, null) !== undefined;
        });
        return holdsCollection && (type?.type === 'type_identifier' || type?.type === 'qualified_type') ? 'object' : undefined;
      }
      if (v.type === 'call_expression') {
        const fn = v.childForFieldName('function')?.text;
        const first = named(v.childForFieldName('arguments'))[0] ?? null;
        if (fn === 'make' || fn === 'new') return kindOfType(first);
      }
      return undefined;
    }
    return kindOfType(type);
  }

  private collections(calls: CallSite[], assignments: Node[]): ModuleCollection[] {
    const result = new Map<Declaration, ModuleCollection>();
    for (const [name, decls] of this.declarations) {
      for (const d of decls) {
        if (!d.packageLevel || d.isConst) continue;
        const kind = this.collectionKind(d.valueNode, d.typeNode);
        if (kind) result.set(d, { name, kind, span: d.span, nameSpan: d.nameSpan, mutations: [] });
      }
    }
    if (result.size === 0) return [];
    const collectionAt = (n: Node | null | undefined): ModuleCollection | undefined => {
      if (!n || n.type !== 'identifier') return undefined;
      const d = this.lookup(n.text, n.startIndex);
      return d ? result.get(d) : undefined;
    };
    for (const c of calls) {
      if (c.topLevel) continue;
      const node = this.callNodes.get(c);
      const argNodes = named(node?.childForFieldName('arguments'));
      if ((c.callee === 'delete' || c.callee === 'clear') && argNodes[0]) {
        const col = collectionAt(argNodes[0]);
        if (col) col.mutations.push({ span: c.span, keyText: argNodes[1]?.text, inHandler: c.inHandler });
        continue;
      }
      if (SYNC_MAP_MUTATORS.has(c.name)) {
        const operand = node?.childForFieldName('function')?.childForFieldName('operand');
        const col = collectionAt(operand);
        if (col) col.mutations.push({ span: c.span, keyText: argNodes[0]?.text, inHandler: c.inHandler });
      }
    }
    for (const a of assignments) {
      const fn = this.functionOf(a);
      if (fn === null) continue;
      const targets = a.type === 'assignment_statement' ? named(a.childForFieldName('left')) : named(a).slice(0, 1);
      const values = a.type === 'assignment_statement' ? named(a.childForFieldName('right')) : [];
      targets.forEach((t, i) => {
        // down to the variable: sessions[id] = s, sessions[id].LastSeen = now, state[user][step] = v, hub.rooms[r] = x
        let base: Node | null = t;
        let index: Node | null = null;
        while (base && (base.type === 'selector_expression' || base.type === 'index_expression')) {
          if (base.type === 'index_expression') index = base.childForFieldName('index');
          base = base.childForFieldName('operand');
        }
        if (base && index) {
          const col = collectionAt(base);
          if (col) col.mutations.push({ span: spanOf(a), keyText: index.text, inHandler: fn.handler, functionName: this.declaredFunctionName(a) });
        } else if (t.type === 'identifier') {
          // list = append(list, x)
          const v = values[i];
          const col = collectionAt(t);
          if (col && v?.type === 'call_expression' && v.childForFieldName('function')?.text === 'append') {
            col.mutations.push({ span: spanOf(a), keyText: named(v.childForFieldName('arguments'))[1]?.text, inHandler: fn.handler, functionName: this.declaredFunctionName(a) });
          }
        }
      });
    }
    return [...result.values()];
  }
}

/** Imports `"os"` and `"cmp"` in the file, and where a new import goes. */
function goImportEdit(text: string, root: Node, path: string): TextEdit | undefined {
  const decls = root.namedChildren.filter((c): c is Node => !!c && c.type === 'import_declaration');
  for (const d of decls) {
    for (const spec of d.descendantsOfType('import_spec')) {
      const p = spec?.childForFieldName('path');
      const alias = spec?.childForFieldName('name');
      if (p && p.text.slice(1, -1) === path && (!alias || alias.text === path)) return undefined;
    }
  }
  const grouped = decls.find((d) => d.namedChildren.some((c) => c?.type === 'import_spec_list'));
  if (grouped) {
    const list = grouped.namedChildren.find((c) => c?.type === 'import_spec_list') as Node;
    const specs = list.namedChildren.filter((c): c is Node => !!c && c.type === 'import_spec');
    const pathOf = (s: Node) => (s.childForFieldName('path')?.text ?? '').slice(1, -1);
    const std = specs.filter((s) => !pathOf(s).split('/')[0].includes('.'));
    const indentOf = (s: Node) => {
      let i = s.startIndex;
      while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
      return { lineStart: i, indent: text.slice(i, s.startIndex) };
    };
    const next = std.find((s) => pathOf(s) > path);
    if (next) {
      const { lineStart, indent } = indentOf(next);
      return { start: lineStart, end: lineStart, newText: `${indent}"${path}"\n` };
    }
    const last = std[std.length - 1];
    if (last) {
      const { indent } = indentOf(last);
      return { start: last.endIndex, end: last.endIndex, newText: `\n${indent}"${path}"` };
    }
    const open = list.firstChild;
    const gap = specs.length ? '\n' : '';
    return open ? { start: open.endIndex, end: open.endIndex, newText: `\n\t"${path}"${gap}` } : undefined;
  }
  const lastDecl = decls[decls.length - 1];
  if (lastDecl) return { start: lastDecl.endIndex, end: lastDecl.endIndex, newText: `\nimport "${path}"` };
  const pkg = root.namedChildren.find((c) => c?.type === 'package_clause');
  if (pkg) return { start: pkg.endIndex, end: pkg.endIndex, newText: `\n\nimport "${path}"` };
  return { start: 0, end: 0, newText: `import "${path}"\n\n` };
}

const IOTA = /\biota\b/;

/**
 * `const` declarations as `var`: Go constants cannot hold a call. A `const ( … )` group changes as
 * a whole, so only one whose every spec has its own value and none uses `iota`.
 */
function goConstantRewrites(root: Node): ConstantRewrite[] {
  const out: ConstantRewrite[] = [];
  for (const decl of root.descendantsOfType('const_declaration')) {
    const keyword = decl?.firstChild;
    if (!decl || keyword?.type !== 'const') continue;
    const specs = named(decl).filter((c) => c.type === 'const_spec');
    const values = specs.map((spec) => spec.childForFieldName('value'));
    if (values.some((v) => !v) || IOTA.test(decl.text)) continue;
    const edits = [{ start: keyword.startIndex, end: keyword.endIndex, newText: 'var' }];
    for (const v of values) if (v) out.push({ value: spanOf(v), edits });
  }
  return out;
}

function goString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Go idioms. `envNumber` is a string expression (Go servers take the port as a string); a
 * `"host:port"` literal as its fallback gives the address form of `envAddress`. Go rejects unused
 * imports, so `envImportEdits()` without `code` adds only what the idioms produced since its
 * previous call need. `declarationEdits` turns a `const` holding the replaced literal into a `var`.
 */
function goIdioms(text: string, root: Node, constants: ConstantRewrite[]): LanguageIdioms {
  // computed now: the tree is released once the file is analysed
  const edits = new Map<string, TextEdit | undefined>(['cmp', 'os'].map((p) => [p, goImportEdit(text, root, p)]));
  const pending = new Set<string>();
  const address = (name: string, host: string, port: string) => {
    pending.add('os');
    pending.add('cmp');
    return `${goString(`${host}:`)} + cmp.Or(os.Getenv(${goString(name)}), ${goString(port)})`;
  };
  return {
    envString: (name) => {
      pending.add('os');
      return `os.Getenv(${goString(name)})`;
    },
    envNumber: (name, fallback) => {
      const f = fallback.trim();
      const lit = /^"((?:[^"\\]|\\.)*)"$|^`([^`]*)`$/.exec(f);
      const str = lit ? (lit[1] !== undefined ? unescapeGo(lit[1]) : lit[2]) : undefined;
      const addr = str !== undefined ? /^(.*):(\d{1,5})$/.exec(str) : null;
      if (addr) return address(name, addr[1], addr[2]);
      pending.add('os');
      pending.add('cmp');
      const def = /^-?\d+$/.test(f) ? goString(f) : f;
      return `cmp.Or(os.Getenv(${goString(name)}), ${def})`;
    },
    envAddress: address,
    declarationEdits: (literal) => constantRewriteEdits(constants, literal),
    envImportEdits: (code) => {
      let needed: string[];
      if (code !== undefined) needed = ['cmp', 'os'].filter((p) => new RegExp(`\\b${p}\\.`).test(code));
      else {
        needed = pending.size ? [...pending].sort() : ['os'];
        pending.clear();
      }
      const out: TextEdit[] = [];
      for (const e of needed.map((p) => edits.get(p))) {
        if (!e) continue;
        // two imports added at one point are one edit: hosts order insertions at one point differently
        const same = out.find((o) => o.start === e.start && o.end === e.end);
        if (same) same.newText = e.newText + same.newText;
        else out.push({ ...e });
      }
      return out;
    },
    lineComment: '//',
  };
}

/** Builds the model for a Go tree. */
export function buildGoModel(text: string, tree: Tree): SourceModel {
  return new GoModelBuilder(text, tree).build();
}
