/**
 * JavaScript and TypeScript adapter: builds the SourceModel from a tree-sitter tree
 * (grammars tree-sitter-javascript, -typescript and -tsx).
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
import type { Span } from '../types';
import { computeLineStarts } from '../text';
import { spanOf, ValueMemo } from './adapter-kit';

const WRAPPERS = new Set([
  'parenthesized_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'await_expression',
  'type_assertion',
]);

const FUNCTIONS = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'function_declaration',
  'generator_function',
  'generator_function_declaration',
  'method_definition',
]);

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'route', 'handle', 'options', 'head']);
const HANDLER_PARAMS = /^(req|request|ctx|context|res|response|reply)$/;

const QUERY_SOURCE = `
(string) @string
(template_string) @template
(call_expression) @call
(new_expression) @call
(comment) @comment
(variable_declarator) @declarator
(assignment_expression) @assignment
(import_statement source: (string) @import)
(member_expression object: (member_expression property: (property_identifier) @_env (#eq? @_env "env"))) @env_read
(subscript_expression object: (member_expression property: (property_identifier) @_env (#eq? @_env "env"))) @env_read
(update_expression) @mutation
(augmented_assignment_expression) @mutation
(unary_expression operator: "delete") @mutation
`;

const queries = new WeakMap<object, Query>();

/** Deepest nesting of values (arrays in objects in calls…) the model follows; deeper ones are `other`. */
const MAX_VALUE_DEPTH = 200;

/** Environment variables that name the deployment environment, and flags and values derived from them. */
const ENV_SELECTORS = new Set(['NODE_ENV', 'APP_ENV', 'ENV', 'ENVIRONMENT', 'STAGE', 'DEPLOY_ENV', 'DEPLOYMENT_ENV', 'VERCEL_ENV', 'NEXT_PUBLIC_VERCEL_ENV', 'RAILS_ENV', 'MODE', 'PROD', 'DEV']);
const ENV_FLAG = /^(_*(is|IS)_?)?(prod|Prod|PROD|production|Production|PRODUCTION|dev|Dev|DEV|development|Development|DEVELOPMENT|staging|Staging|STAGING)_*$/;
const ENV_NAMES = new Set(['production', 'prod', 'development', 'dev', 'staging', 'stage', 'test', 'local', 'qa', 'uat', 'preview']);

/** Unescapes the body of a JS string literal. */
export function unescapeJs(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|\r\n|[\s\S])/g, (_m, e: string, cp?: string, u4?: string, x2?: string) => {
    if (cp) return String.fromCodePoint(parseInt(cp, 16));
    if (u4) return String.fromCharCode(parseInt(u4, 16));
    if (x2) return String.fromCharCode(parseInt(x2, 16));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '0': return '\0';
      case '\n': case '\r\n': case '\r': return '';
      default: return e;
    }
  });
}

function parseNumber(text: string): number | undefined {
  const t = text.replace(/_/g, '').replace(/n$/, '');
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

function stripWrappers(n: Node): Node {
  let cur = n;
  while (WRAPPERS.has(cur.type)) {
    const inner = cur.type === 'parenthesized_expression' || cur.type === 'await_expression' ? cur.namedChild(0) : cur.firstNamedChild;
    if (!inner) break;
    cur = inner;
  }
  return cur;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

interface Declaration {
  name: string;
  valueNode: Node | null;
  span: Span;
  nameSpan: Span;
  scope: Span;
  kind: string;
  topLevel: boolean;
}

class JsModelBuilder {
  private readonly calls = new Map<number, CallSite>();
  private readonly functionInfo = new Map<number, { handler: boolean }>();
  private readonly declarations = new Map<string, Declaration[]>();
  private readonly reassigned = new Set<string>();
  // `value` gives up on literals nested MAX_VALUE_DEPTH deep, and leaves their (possibly huge) text out.
  private readonly values = new ValueMemo((node) => this.computeValue(node), MAX_VALUE_DEPTH - 1, () => '');
  private resolving = new Set<number>();
  /** Nearest function at or above a node, by node id (see enclosingFunction). */
  private readonly functionMemo = new Map<number, Node | null>();
  /** The statement holding a node, by node id (see statementSpan). */
  private readonly statementMemo = new Map<number, Span | null>();
  /** `x++`, `x += 1`, `delete x[k]` (the query's `mutation`), in document order. */
  private readonly mutationNodes: Node[] = [];

  constructor(private readonly text: string, private readonly tree: Tree) {}

  build(dialect: SourceModel['dialect']): SourceModel {
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
    const envReadNodes: Node[] = [];
    for (const { name, node } of captures) {
      switch (name) {
        case 'string':
        case 'template':
          stringNodes.push(node);
          break;
        case 'call':
          callNodes.push(node);
          break;
        case 'comment':
          comments.push(this.comment(node));
          break;
        case 'declarator':
          this.declare(node);
          break;
        case 'assignment':
          assignments.push(node);
          break;
        case 'import':
          imports.push({ module: this.stringValue(node) ?? '', span: spanOf(node), ...this.importBindings(node.parent) });
          break;
        case 'env_read':
          envReadNodes.push(node);
          break;
        case 'mutation':
          this.mutationNodes.push(node);
          break;
      }
    }
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      if (left?.type === 'identifier') this.reassigned.add(left.text);
    }
    const calls = callNodes.map((n) => this.call(n));
    calls.forEach((c, i) => {
      if (c.callee === 'require' && c.args[0]?.kind === 'string') imports.push({ module: c.args[0].value, span: c.args[0].span, ...this.requireBindings(callNodes[i]) });
    });
    const strings: StringLiteral[] = [];
    for (const n of stringNodes) {
      const lit = this.literal(n);
      if (lit) strings.push(lit);
    }
    const envReads: SourceModel['envReads'] = [];
    this.collectEnvReads(envReadNodes, envReads);
    const ts = dialect === 'typescript' || dialect === 'tsx';
    return {
      language: ts ? 'typescript' : 'javascript',
      dialect,
      text: this.text,
      strings,
      calls,
      collections: this.collections(calls, assignments),
      comments,
      imports,
      envReads,
      idioms: jsIdioms(ts),
      hasErrors: root.hasError,
      lineStarts: computeLineStarts(this.text),
    };
  }

  // ---- comments -------------------------------------------------------------------------

  private comment(n: Node): Comment {
    const raw = n.text;
    const body = raw.startsWith('//') ? raw.slice(2) : raw.replace(/^\/\*+/, '').replace(/\*+\/$/, '');
    let i = n.startIndex - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    const ownLine = i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
    return { text: body.trim(), span: spanOf(n), line: n.startPosition.row, endLine: n.endPosition.row, ownLine };
  }

  // ---- declarations and constant resolution -------------------------------------------

  private declare(n: Node): void {
    const nameNode = n.childForFieldName('name');
    if (!nameNode || nameNode.type !== 'identifier') return;
    const decl = n.parent;
    const kind = decl?.type === 'variable_declaration' ? 'var' : decl?.firstChild?.type ?? 'const';
    const scopeNode = this.scopeOf(n);
    const name = nameNode.text;
    const entry: Declaration = {
      name,
      valueNode: n.childForFieldName('value'),
      span: spanOf(decl ?? n),
      nameSpan: spanOf(nameNode),
      scope: scopeNode ? spanOf(scopeNode) : { start: 0, end: this.text.length },
      kind,
      topLevel: this.enclosingFunction(n) === null,
    };
    const list = this.declarations.get(name);
    if (list) list.push(entry);
    else this.declarations.set(name, [entry]);
  }

  private scopeOf(n: Node): Node | null {
    let cur = n.parent;
    while (cur && cur.type !== 'statement_block' && cur.type !== 'program' && !FUNCTIONS.has(cur.type) && cur.type !== 'class_body') {
      cur = cur.parent;
    }
    return cur;
  }

  private lookup(name: string, at: number): Declaration | undefined {
    const list = this.declarations.get(name);
    if (!list) return undefined;
    let best: Declaration | undefined;
    for (const d of list) {
      if (at < d.scope.start || at > d.scope.end) continue;
      if (!best || d.scope.end - d.scope.start < best.scope.end - best.scope.start) best = d;
    }
    if (!best) return undefined;
    if (best.kind !== 'const' && this.reassigned.has(name)) return undefined;
    return best;
  }

  // ---- values ---------------------------------------------------------------------------

  private stringValue(n: Node): string | undefined {
    if (n.type === 'string') {
      const t = n.text;
      return unescapeJs(t.slice(1, -1));
    }
    if (n.type === 'template_string') {
      if (n.namedChildren.some((c) => c?.type === 'template_substitution')) return undefined;
      return unescapeJs(n.text.slice(1, -1));
    }
    return undefined;
  }

  /** The statically known value of an expression node. */
  value(node: Node): Value {
    return this.values.value(node);
  }

  private computeValue(node: Node): Value {
    const n = stripWrappers(node);
    const span = spanOf(node);
    switch (n.type) {
      case 'string': {
        return { kind: 'string', value: this.stringValue(n) ?? '', span };
      }
      case 'template_string': {
        const s = this.stringValue(n);
        if (s !== undefined) return { kind: 'string', value: s, span };
        const parts = n.namedChildren.filter((c): c is Node => !!c && c.type === 'string_fragment').map((c) => c.text);
        return { kind: 'template', parts, span };
      }
      case 'number': {
        const v = parseNumber(n.text);
        return v === undefined ? { kind: 'other', text: n.text, span } : { kind: 'number', value: v, span };
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', value: n.type === 'true', span };
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.type;
        const arg = n.childForFieldName('argument');
        if (arg && (op === '+' || op === '-')) {
          const inner = this.value(arg);
          if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
          if (inner.kind === 'env') return { ...inner, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'member_expression':
      case 'subscript_expression': {
        const env = this.envName(n);
        if (env !== null) return { kind: 'env', name: env || undefined, span };
        const obj = n.childForFieldName('object');
        const prop = n.type === 'member_expression' ? n.childForFieldName('property')?.text : this.keyText(n.childForFieldName('index'));
        if (obj && prop) {
          const base = this.value(obj);
          const target = base.kind === 'identifier' ? base.resolved : base;
          if (target?.kind === 'object') {
            const p = target.props.find((x) => x.key === prop);
            if (p) return { kind: 'identifier', name: compact(n.text), resolved: p.value, declaration: p.span, span };
          }
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.type;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if ((op === '||' || op === '??') && left && right) {
          const l = this.value(left);
          const lEnv = l.kind === 'env' ? l : l.kind === 'identifier' && l.resolved?.kind === 'env' ? l.resolved : undefined;
          if (lEnv) return { kind: 'env', name: lEnv.name, fallback: this.value(right), span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'call_expression': {
        const call = this.call(n);
        if (/^(Number|parseInt|parseFloat|String|Number\.parseInt|Number\.parseFloat)$/.test(call.callee) && call.args[0]) {
          const a = call.args[0];
          const inner = a.kind === 'identifier' && a.resolved ? a.resolved : a;
          if (inner.kind === 'env') return { ...inner, span };
          if (inner.kind === 'number') return { kind: 'number', value: inner.value, span };
          if (inner.kind === 'string' && call.callee !== 'String') {
            const v = parseNumber(inner.value);
            if (v !== undefined) return { kind: 'number', value: v, span };
          }
        }
        const env = this.envCall(call);
        if (env) return { kind: 'env', name: env, span };
        return { kind: 'call', call, span };
      }
      case 'new_expression':
        return { kind: 'call', call: this.call(n), span };
      case 'identifier': {
        const name = n.text;
        if (name === 'undefined') return { kind: 'other', text: name, span };
        const decl = this.lookup(name, n.startIndex);
        if (decl?.valueNode && !this.resolving.has(decl.valueNode.id) && !(decl.valueNode.startIndex <= n.startIndex && n.endIndex <= decl.valueNode.endIndex)) {
          this.resolving.add(decl.valueNode.id);
          try {
            return { kind: 'identifier', name, resolved: this.value(decl.valueNode), declaration: decl.span, span };
          } finally {
            this.resolving.delete(decl.valueNode.id);
          }
        }
        return { kind: 'identifier', name, span };
      }
      case 'object': {
        const props: Property[] = [];
        let incomplete = false;
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'pair') {
            const k = c.childForFieldName('key');
            const v = c.childForFieldName('value');
            const key = this.keyText(k);
            if (k && v && key !== undefined) props.push({ key, keySpan: spanOf(k), value: this.value(v), span: spanOf(c) });
            else incomplete = true;
          } else if (c.type === 'shorthand_property_identifier') {
            const id: Value = this.identifierValue(c);
            props.push({ key: c.text, keySpan: spanOf(c), value: id, span: spanOf(c) });
          } else if (c.type !== 'comment') {
            incomplete = true;
          }
        }
        return incomplete ? { kind: 'object', props, span, incomplete } : { kind: 'object', props, span };
      }
      case 'array':
        return { kind: 'array', items: n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => this.value(c)), span };
      default:
        return { kind: 'other', text: n.text, span };
    }
  }

  private identifierValue(n: Node): Value {
    const decl = this.lookup(n.text, n.startIndex);
    const span = spanOf(n);
    if (decl?.valueNode && !this.resolving.has(decl.valueNode.id)) {
      this.resolving.add(decl.valueNode.id);
      try {
        return { kind: 'identifier', name: n.text, resolved: this.value(decl.valueNode), declaration: decl.span, span };
      } finally {
        this.resolving.delete(decl.valueNode.id);
      }
    }
    return { kind: 'identifier', name: n.text, span };
  }

  private keyText(k: Node | null): string | undefined {
    if (!k) return undefined;
    if (k.type === 'string') return this.stringValue(k);
    if (k.type === 'computed_property_name') {
      const inner = k.namedChild(0);
      return inner && inner.type === 'string' ? this.stringValue(inner) : undefined;
    }
    return k.text;
  }

  /**
   * For `process.env.X`, `process.env["X"]`, `import.meta.env.X`, `Bun.env.X`: the name X
   * ('' when computed). null when the node is not an environment lookup.
   */
  private envName(n: Node): string | null {
    const obj = n.childForFieldName('object');
    if (!obj) return null;
    const objText = compact(obj.text);
    if (objText !== 'process.env' && objText !== 'import.meta.env' && objText !== 'Bun.env') return null;
    if (n.type === 'member_expression') return n.childForFieldName('property')?.text ?? '';
    return this.keyText(n.childForFieldName('index')) ?? '';
  }

  /** `Deno.env.get("X")`, `config.get("X")`-style env helpers: only the standard ones. */
  private envCall(call: CallSite): string | undefined {
    if (call.callee === 'Deno.env.get' && call.args[0]?.kind === 'string') return call.args[0].value;
    return undefined;
  }

  /** `candidates`: the member and subscript expressions on an `….env` object (the query's `env_read`). */
  private collectEnvReads(candidates: Node[], out: SourceModel['envReads']): void {
    for (const n of candidates) {
      const name = this.envName(n);
      if (name) out.push({ name, span: spanOf(n) });
    }
  }

  // ---- calls ----------------------------------------------------------------------------

  call(n: Node): CallSite {
    const existing = this.calls.get(n.id);
    if (existing) return existing;
    const isNew = n.type === 'new_expression';
    const fn = isNew ? n.childForFieldName('constructor') : n.childForFieldName('function');
    const argsNode = n.childForFieldName('arguments');
    const fnNode = fn ? stripWrappers(fn) : null;
    let name = '';
    let receiver: string | undefined;
    let receiverCall: CallSite | undefined;
    if (fnNode?.type === 'member_expression') {
      name = fnNode.childForFieldName('property')?.text ?? '';
      const obj = fnNode.childForFieldName('object');
      if (obj) {
        receiver = compact(obj.text);
        const o = stripWrappers(obj);
        if (o.type === 'call_expression' || o.type === 'new_expression') receiverCall = this.call(o);
      }
    } else if (fnNode) {
      name = fnNode.text;
    }
    const fnInfo = this.functionOf(n);
    const enclosing = this.enclosingFunction(n);
    const declarator = this.declaratorOf(n);
    const site: CallSite = {
      callee: fn ? compact(fn.text) : '',
      name,
      receiver,
      receiverCall,
      isNew,
      args: [],
      span: spanOf(n),
      argsSpan: argsNode ? spanOf(argsNode) : { start: n.endIndex, end: n.endIndex },
      topLevel: fnInfo === null,
      inHandler: fnInfo?.handler ?? false,
      assignedTo: declarator?.childForFieldName('name')?.type === 'identifier' ? declarator.childForFieldName('name')?.text : undefined,
      functionName: enclosing ? this.functionName(enclosing) : undefined,
      statement: this.statementSpan(n),
    };
    this.calls.set(n.id, site);
    if (argsNode && argsNode.type === 'arguments') {
      site.args = argsNode.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => this.value(c));
    }
    return site;
  }

  /** The declarator whose value is `n` (through wrappers such as `await` or `as`). */
  private declaratorOf(n: Node): Node | null {
    let cur = n;
    while (cur.parent && WRAPPERS.has(cur.parent.type)) cur = cur.parent;
    const p = cur.parent;
    return p?.type === 'variable_declarator' && p.childForFieldName('value')?.id === cur.id ? p : null;
  }

  /** The statement holding `n`: the ancestor whose parent is a block, the module, or a switch case. */
  private statementSpan(n: Node): Span | undefined {
    const passed: number[] = [];
    let cur: Node | null = n;
    let found: Span | null = null;
    while (cur) {
      const known = this.statementMemo.get(cur.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      passed.push(cur.id);
      const parent: Node | null = cur.parent;
      if (!parent) break;
      if (/^(program|statement_block|switch_case|switch_default|class_body)$/.test(parent.type)) {
        found = spanOf(cur);
        break;
      }
      cur = parent;
    }
    for (const id of passed) this.statementMemo.set(id, found);
    return found ?? undefined;
  }

  /** The name of a function node, or of the variable, property or method it is bound to. */
  private functionName(fn: Node): string | undefined {
    const own = fn.childForFieldName('name');
    if (own) return own.text;
    const p = fn.parent;
    if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text;
    if (p?.type === 'pair') return this.keyText(p.childForFieldName('key'));
    if (p?.type === 'assignment_expression') return lastName(p.childForFieldName('left')?.text ?? '');
    return undefined;
  }

  // ---- imports ----------------------------------------------------------------------------

  /** Bindings and statement span of an ES `import … from` statement. */
  private importBindings(stmt: Node | null): { bindings: ImportBinding[]; statement?: Span } {
    const bindings: ImportBinding[] = [];
    if (!stmt || stmt.type !== 'import_statement') return { bindings };
    const clause = stmt.namedChildren.find((c) => c?.type === 'import_clause');
    for (const c of clause?.namedChildren ?? []) {
      if (!c) continue;
      if (c.type === 'identifier') bindings.push({ local: c.text, imported: 'default' });
      else if (c.type === 'namespace_import') {
        const id = c.namedChildren.find((x) => x?.type === 'identifier');
        if (id) bindings.push({ local: id.text, imported: '*' });
      } else if (c.type === 'named_imports') {
        for (const spec of c.namedChildren) {
          if (spec?.type !== 'import_specifier') continue;
          const name = spec.childForFieldName('name');
          const alias = spec.childForFieldName('alias');
          if (name) bindings.push({ local: (alias ?? name).text, imported: name.text === 'default' ? 'default' : this.keyText(name) ?? name.text });
        }
      }
    }
    return { bindings, statement: stmt.parent?.type === 'program' ? spanOf(stmt) : undefined };
  }

  /** Bindings of `const x = require('m')`, `const { a, b: c } = require('m')`, `const y = require('m').y`. */
  private requireBindings(call: Node): { bindings: ImportBinding[]; statement?: Span } {
    const bindings: ImportBinding[] = [];
    let value: Node = call;
    let member: string | undefined;
    if (value.parent?.type === 'member_expression' && value.parent.childForFieldName('object')?.id === value.id) {
      member = value.parent.childForFieldName('property')?.text;
      value = value.parent;
    }
    const decl = this.declaratorOf(value);
    const pattern = decl?.childForFieldName('name');
    if (!decl || !pattern) return { bindings };
    if (pattern.type === 'identifier') bindings.push({ local: pattern.text, imported: member ?? '*' });
    else if (pattern.type === 'object_pattern' && !member) {
      for (const p of pattern.namedChildren) {
        if (p?.type === 'shorthand_property_identifier_pattern') bindings.push({ local: p.text, imported: p.text });
        else if (p?.type === 'pair_pattern') {
          const key = this.keyText(p.childForFieldName('key'));
          const local = p.childForFieldName('value');
          if (key && local?.type === 'identifier') bindings.push({ local: local.text, imported: key });
        }
      }
    }
    const stmt = decl.parent;
    return { bindings, statement: stmt && stmt.parent?.type === 'program' ? spanOf(stmt) : undefined };
  }

  // ---- functions and handlers -------------------------------------------------------------

  private enclosingFunction(n: Node): Node | null {
    // Walking to a parent is not O(1) in tree-sitter: remember the answer for every node passed, so that
    // deeply nested code (hundreds of nested calls) is not walked again for each of its calls.
    const passed: number[] = [];
    let cur = n.parent;
    let found: Node | null = null;
    while (cur) {
      const known = this.functionMemo.get(cur.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (FUNCTIONS.has(cur.type)) {
        found = cur;
        break;
      }
      passed.push(cur.id);
      cur = cur.parent;
    }
    for (const id of passed) this.functionMemo.set(id, found);
    return found;
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
    const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
    const names: string[] = [];
    if (params) {
      if (params.type === 'identifier') names.push(params.text);
      for (const p of params.namedChildren) {
        if (!p) continue;
        const id = p.type === 'identifier' ? p : p.childForFieldName('pattern') ?? p.firstNamedChild;
        if (id?.type === 'identifier') names.push(id.text);
      }
    }
    if (names.length > 0 && HANDLER_PARAMS.test(names[0]) && (names.length >= 2 || /^(ctx|context)$/.test(names[0]))) return true;
    const parent = fn.parent;
    if (parent?.type === 'arguments') {
      const call = parent.parent;
      const callee = call?.childForFieldName('function');
      if (callee?.type === 'member_expression') {
        const method = callee.childForFieldName('property')?.text ?? '';
        if (ROUTE_METHODS.has(method) && names.length > 0) return true;
      }
    }
    return false;
  }

  // ---- string literals with context -------------------------------------------------------

  private literal(n: Node): StringLiteral | undefined {
    const value = this.stringValue(n);
    if (value === undefined) return undefined;
    const span = spanOf(n);
    const context: StringContext = { keyPath: [] };
    let child = n;
    let cur = n.parent;
    let direct = true; // still the value itself (not yet inside a larger expression)
    const keys: string[] = [];
    while (cur) {
      const t = cur.type;
      if (WRAPPERS.has(t)) {
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
      } else if (t === 'object' || t === 'array') {
        // containers keep the literal a configuration value
      } else if (t === 'object_assignment_pattern') {
        // `const { KEY = 'default' } = process.env`: a default, bound to KEY
        const left = cur.childForFieldName('left');
        if (left?.id === child.id) {
          context.nonValue = true;
          break;
        }
        if (left && context.key === undefined && direct) context.key = left.text;
        if (left) this.envDestructuring(cur, left, left.text, context);
        if (this.enclosingFunction(cur) === null) context.topLevel = true;
        break;
      } else if (t === 'variable_declarator' || t === 'public_field_definition' || t === 'field_definition' || t === 'assignment_pattern' || t === 'required_parameter' || t === 'optional_parameter') {
        const nameNode = cur.childForFieldName('name') ?? cur.childForFieldName('property') ?? cur.childForFieldName('left') ?? cur.childForFieldName('pattern');
        if (nameNode && context.key === undefined && direct) context.key = lastName(nameNode.text);
        if (t === 'assignment_pattern' && nameNode && cur.parent?.type === 'pair_pattern') {
          this.envDestructuring(cur, nameNode, this.keyText(cur.parent.childForFieldName('key')), context);
        }
        if (t === 'variable_declarator' && this.enclosingFunction(cur) === null) context.topLevel = true;
        break;
      } else if (t === 'assignment_expression' || t === 'augmented_assignment_expression') {
        const left = cur.childForFieldName('left');
        if (left?.id === child.id) {
          context.nonValue = true;
          break;
        }
        if (left && context.key === undefined && direct) context.key = lastName(left.text);
        if (this.enclosingFunction(cur) === null) context.topLevel = true;
        break;
      } else if (t === 'binary_expression') {
        const op = cur.childForFieldName('operator')?.type ?? '';
        if (op === '||' || op === '??') {
          const left = cur.childForFieldName('left');
          if (left && left.id !== child.id) {
            const lv = this.value(left);
            const env = lv.kind === 'env' ? lv : lv.kind === 'identifier' && lv.resolved?.kind === 'env' ? lv.resolved : undefined;
            if (env) {
              context.envFallback = true;
              context.envLookup ??= { name: env.name, span: spanOf(left), expression: spanOf(cur) };
            }
          }
        } else if (/^(===|!==|==|!=|<|>|<=|>=|in|instanceof)$/.test(op)) {
          context.comparison = true;
        } else {
          context.inExpression = true;
          direct = false;
        }
      } else if (t === 'ternary_expression') {
        const condition = cur.childForFieldName('condition');
        if (condition?.id === child.id) context.comparison = true;
        else if (condition && this.isEnvCondition(condition)) context.envBranch = true;
      } else if (t === 'switch_case') {
        context.comparison = true;
        break;
      } else if (t === 'arguments') {
        const callNode = cur.parent;
        if (callNode && (callNode.type === 'call_expression' || callNode.type === 'new_expression')) {
          const site = this.call(callNode);
          let index = 0;
          for (const a of cur.namedChildren) {
            if (!a || a.type === 'comment') continue;
            if (a.id === child.id) break;
            index++;
          }
          if (site.callee === 'require' || site.callee === 'import' || site.callee === 'require.resolve') context.nonValue = true;
          if (!context.call) context.call = { site, argIndex: index };
          // A call that only transforms its argument (Buffer.from, String.raw…) keeps the literal a value;
          // other calls end the walk: the literal is an argument, not the value of the enclosing key.
          // Only the first argument is the value: `Buffer.from(key, 'hex')` names an encoding second.
          const transforms = /^(Buffer\.from|String|Number|Symbol|encodeURIComponent|Object\.freeze|atob|btoa)$/.test(site.callee) || (site.name === 'encode' && site.receiverCall?.isNew === true && site.receiverCall.callee === 'TextEncoder');
          if (!transforms || index > 0) {
            break;
          }
          cur = callNode; // the call's value is the literal's, transformed: continue above the call
        }
      } else if (t === 'template_substitution' || t === 'template_string') {
        context.inExpression = true;
        direct = false;
      } else if (t === 'import_statement' || (t === 'export_statement' && cur.childForFieldName('source')?.id === child.id)) {
        context.nonValue = true;
        break;
      } else if (t === 'literal_type' || t === 'type_annotation' || t === 'union_type' || t === 'type_arguments' || t === 'predefined_type' || t === 'index_signature' || t === 'property_signature') {
        context.nonValue = true;
        break;
      } else if (t === 'jsx_attribute') {
        const attr = cur.firstNamedChild;
        if (attr) context.key = attr.text;
        context.nonValue = true;
        break;
      } else if (t === 'subscript_expression') {
        // obj["key"]: an index, not a value
        if (cur.childForFieldName('index')?.id === child.id) context.nonValue = true;
        break;
      } else if (t === 'expression_statement' || t === 'statement_block' || t === 'program' || t === 'return_statement' || FUNCTIONS.has(t) || t === 'class_body') {
        if (t === 'expression_statement' && child.id === n.id) context.nonValue = true; // 'use strict'
        break;
      } else if (t === 'enum_assignment') {
        const nameNode = cur.childForFieldName('name');
        if (nameNode && context.key === undefined) context.key = nameNode.text;
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
    if (!context.topLevel && cur === null) context.topLevel = true;
    return { value, span, innerSpan: { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) }, context };
  }

  /**
   * For a default inside a pattern destructured from the environment (`const { KEY = 'x' } = process.env`):
   * marks the literal as the fallback of the lookup of KEY.
   */
  private envDestructuring(pattern: Node, left: Node, name: string | undefined, context: StringContext): void {
    let cur = pattern.parent;
    while (cur && (cur.type === 'object_pattern' || cur.type === 'pair_pattern')) cur = cur.parent;
    if (cur?.type !== 'variable_declarator' && cur?.type !== 'assignment_expression') return;
    const source = cur.childForFieldName(cur.type === 'variable_declarator' ? 'value' : 'right');
    const objText = source ? compact(stripWrappers(source).text) : '';
    if (objText !== 'process.env' && objText !== 'import.meta.env' && objText !== 'Bun.env') return;
    context.envFallback = true;
    context.envLookup = { name, span: spanOf(left), expression: spanOf(pattern), destructured: true };
  }

  /**
   * True for a condition on the deployment environment: it reads NODE_ENV (or a sibling such as APP_ENV),
   * names a flag like `isProduction`, or compares with an environment name such as 'production'.
   */
  private isEnvCondition(condition: Node): boolean {
    const nodes = [condition, ...condition.descendantsOfType(['member_expression', 'subscript_expression', 'identifier', 'property_identifier', 'string'])];
    for (const n of nodes) {
      if (!n) continue;
      if (n.type === 'member_expression' || n.type === 'subscript_expression') {
        const env = this.envName(n);
        if (env && ENV_SELECTORS.has(env)) return true;
      } else if (n.type === 'identifier' || n.type === 'property_identifier') {
        if (ENV_FLAG.test(n.text)) return true;
      } else if (n.type === 'string') {
        if (ENV_NAMES.has(this.stringValue(n) ?? '')) return true;
      }
    }
    return false;
  }

  // ---- module-level collections -------------------------------------------------------------

  private collections(calls: CallSite[], assignments: Node[]): ModuleCollection[] {
    const result = new Map<string, ModuleCollection>();
    for (const [name, decls] of this.declarations) {
      for (const d of decls) {
        if (!d.topLevel || !d.valueNode) continue;
        const v = stripWrappers(d.valueNode);
        let kind: ModuleCollection['kind'] | undefined;
        if (v.type === 'new_expression') {
          const ctor = v.childForFieldName('constructor')?.text ?? '';
          if (ctor === 'Map' || ctor === 'WeakMap') kind = 'map';
          else if (ctor === 'Set' || ctor === 'WeakSet') kind = 'set';
        } else if (v.type === 'object') kind = 'object';
        else if (v.type === 'array') kind = 'array';
        else if (v.type === 'call_expression' && compact(v.childForFieldName('function')?.text ?? '') === 'Object.create') kind = 'object';
        if (kind) result.set(name, { name, kind, span: d.span, nameSpan: d.nameSpan, mutations: [] });
      }
    }
    if (result.size === 0) return [];
    for (const c of calls) {
      if (!c.receiver || c.topLevel) continue;
      const col = result.get(c.receiver);
      if (!col) continue;
      if (/^(set|add|push|unshift|splice|delete|clear)$/.test(c.name)) {
        const keyArg = c.args[0];
        col.mutations.push({ span: c.span, keyText: keyArg ? this.text.slice(keyArg.span.start, keyArg.span.end) : undefined, inHandler: c.inHandler, via: 'call' });
      }
    }
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      if (!left || (left.type !== 'subscript_expression' && left.type !== 'member_expression')) continue;
      const obj = left.childForFieldName('object');
      if (obj?.type !== 'identifier') continue;
      const col = result.get(obj.text);
      const fn = this.functionOf(a);
      if (!col || fn === null) continue;
      const key = left.type === 'subscript_expression' ? left.childForFieldName('index') : left.childForFieldName('property');
      col.mutations.push({ span: spanOf(a), keyText: key?.text, inHandler: fn.handler, via: left.type === 'subscript_expression' ? 'index' : 'property' });
    }
    // `hits[ip]++`, `attempts[email] += 1`, `delete sessions[id]` change the collection too.
    for (const u of this.mutationNodes) {
      if (u.type === 'unary_expression' && u.childForFieldName('operator')?.type !== 'delete') continue;
      const target = u.type === 'augmented_assignment_expression' ? u.childForFieldName('left') : u.childForFieldName('argument');
      if (!target || (target.type !== 'subscript_expression' && target.type !== 'member_expression')) continue;
      const obj = target.childForFieldName('object');
      const col = obj?.type === 'identifier' ? result.get(obj.text) : undefined;
      const fn = this.functionOf(u);
      if (!col || fn === null) continue;
      const key = target.type === 'subscript_expression' ? target.childForFieldName('index') : target.childForFieldName('property');
      col.mutations.push({ span: spanOf(u), keyText: key?.text, inHandler: fn.handler, via: target.type === 'subscript_expression' ? 'index' : 'property' });
    }
    return [...result.values()];
  }
}

function lastName(text: string): string {
  const m = /([A-Za-z_$][\w$]*)\W*$/.exec(text);
  return m ? m[1] : text;
}

function jsIdioms(typescript: boolean): LanguageIdioms {
  return {
    envString: (name) => (typescript ? `process.env.${name}!` : `process.env.${name}`),
    envNumber: (name, fallback) => `Number(process.env.${name} ?? ${fallback})`,
    envImportEdits: () => [],
    lineComment: '//',
  };
}

/** Builds the model for a JavaScript/TypeScript tree. */
export function buildJavaScriptModel(text: string, tree: Tree, dialect: SourceModel['dialect']): SourceModel {
  return new JsModelBuilder(text, tree).build(dialect);
}
