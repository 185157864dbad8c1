/**
 * PHP adapter: builds the SourceModel from a tree-sitter-php tree (the `php` grammar, so HTML around
 * `<?php … ?>` is text and does not break the parse).
 *
 * What PHP code means for the model:
 * - Environment lookups: `getenv('X')`, `$_ENV['X']`, `$_SERVER['X']` (not the request's own entries
 *   such as `REQUEST_URI` or `HTTP_*`), Laravel's `env('X', d)`; `?:` and `??` give their fallback, and
 *   `(int)`/`intval()` keep them lookups.
 * - Arrays with string keys are objects (Laravel config files: `return ['key' => env(…), …]`), lists are
 *   arrays. Named arguments (PHP 8: `new Response(status: 200)`) are kwargs.
 * - Constants: `const X = …` (top level and class), `define('X', …)`, followed through `self::X`,
 *   `static::X` and `ClassName::X`; variables assigned once in their function resolve to their value.
 * - Calls keep PHP's operators: callee `$this->logger->info`, `Log::info`, `Monolog\Handler\StreamHandler`
 *   for `new \Monolog\Handler\StreamHandler(…)` (name `StreamHandler`).
 * - Request handlers: methods of controllers (`…Controller`, `extends Controller`/`AbstractController`),
 *   methods with a `#[Route]` attribute, functions and closures taking a `Request`/`ServerRequestInterface`,
 *   middleware `handle($request, $next)`, and closures given to routes (`Route::get('/x', fn …)`,
 *   Slim/Lumen `$app->get('/x', function …)`).
 * - Process-local collections: static class properties and `static $x` function variables holding arrays
 *   (they outlive the request in long-running servers: Swoole, RoadRunner, Octane, ReactPHP), top-level
 *   arrays that a closure captures by reference (`function (…) use (&$sessions)`); and
 *   `$_SESSION`, listed as a collection when the file writes to it. Session writes always run while
 *   a request is handled, so they count as in a handler.
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
import { Ancestry, brief, CompactText, MAX_CONTEXT_WALK, cachedQuery, commentOf, compact, constantRewriteEdits, cStyleCommentBody, indexAmong, namedKids, parseNumberText, spanOf, type ConstantRewrite, ValueMemo } from './adapter-kit';

const QUERY_SOURCE = `
(string) @string
(encapsed_string) @string
(heredoc) @string
(nowdoc) @string
(function_call_expression) @call
(member_call_expression) @call
(nullsafe_member_call_expression) @call
(scoped_call_expression) @call
(object_creation_expression) @call
(comment) @comment
(namespace_use_clause) @import
(assignment_expression) @assignment
(augmented_assignment_expression) @assignment
(const_element) @const
(property_element) @property
(static_variable_declaration) @static
(unset_statement) @unset
`;

const FUNCTIONS = new Set(['function_definition', 'method_declaration', 'anonymous_function', 'arrow_function', 'anonymous_function_creation_expression']);
const CLASS_TYPES = new Set(['class_declaration', 'trait_declaration', 'enum_declaration', 'interface_declaration']);
const CALLS = new Set(['function_call_expression', 'member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'object_creation_expression']);
const ROUTE_METHODS = /^(get|post|put|patch|delete|options|any|map|match|group|addRoute|middleware)$/;
const REQUEST_TYPES = /^(Request|ServerRequestInterface|RequestInterface|ServerRequest|ResponseInterface)$/;
const CONTROLLER_BASES = /^(Controller|AbstractController|BaseController|ApiController|ResourceController)$/;
const LOG_METHODS = /^(debug|info|notice|warning|error|critical|alert|emergency|log)$/;
const LOG_RECEIVER = /(^|->|::)(\$?_?logger|\$?log|Log|logger\(\))$/;
const LOG_FUNCTIONS = /^(printf|trigger_error|user_error|syslog|error_log|var_dump|print_r|sprintf)$/;
const KEYED_FUNCTIONS = /^(getenv|env|ini_get|ini_set|define|defined|config|putenv|apache_getenv|constant)$/;
const SETTER_FUNCTIONS = /^(ini_set|define)$/;
const SETTER_METHODS = /^(set|setParameter|put)$/;
const TRANSFORMS = /^(base64_decode|trim|intval|strval|hex2bin|urldecode)$/;
const MUTATOR_FUNCTIONS = /^(array_push|array_unshift|array_splice|array_pop|array_shift)$/;
/** `$_SERVER` entries that describe the request or the script, not the environment. */
const REQUEST_SERVER_KEYS = /^(HTTP_\w+|REQUEST_\w+|SCRIPT_\w+|SERVER_(NAME|ADDR|PORT|PROTOCOL|SOFTWARE|SIGNATURE|ADMIN)|REMOTE_\w+|QUERY_STRING|DOCUMENT_ROOT|DOCUMENT_URI|PHP_SELF|PHP_AUTH_\w+|AUTH_TYPE|PATH_INFO|PATH_TRANSLATED|ORIG_PATH_INFO|CONTENT_TYPE|CONTENT_LENGTH|HTTPS|GATEWAY_INTERFACE|argv|argc|REDIRECT_\w+)$/;

interface Declaration {
  name: string;
  valueNode: Node | null;
  span: Span;
  nameSpan: Span;
  scope: Span;
  /** Class name for class constants and static properties. */
  className?: string;
  kind: 'const' | 'variable' | 'static-property' | 'static-variable';
}

/** Unescapes a single-quoted PHP string body: only `\\` and `\'`. */
export function unescapePhpSingle(body: string): string {
  return body.replace(/\\([\\'])/g, '$1');
}

/** Unescapes a double-quoted PHP string part (no variables). */
export function unescapePhpDouble(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u\{([0-9a-fA-F]+)\}|x([0-9a-fA-F]{1,2})|([0-7]{1,3})|[nrtvef\\$"])/g, (m, e: string, cp?: string, x?: string, oct?: string) => {
    if (cp) return String.fromCodePoint(parseInt(cp, 16));
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
    switch (e) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'e': return '\x1b';
      case 'f': return '\f';
      default: return e;
    }
  });
}

/** A single-quoted PHP literal of `value`. */
export function phpQuoted(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function stripDollar(name: string): string {
  return name.replace(/^\$/, '');
}

function nameText(n: Node | null): string {
  return n ? compact(n.text).replace(/^\\/, '') : '';
}

class PhpModelBuilder {
  private readonly calls = new Map<number, CallSite>();
  private readonly callNodes = new Map<CallSite, Node>();
  private readonly functionInfo = new Map<number, { handler: boolean }>();
  private readonly declarations = new Map<string, Declaration[]>();
  private readonly assignedCount = new Map<string, number>();
  private readonly values = new ValueMemo((node) => this.computeValue(node));
  private readonly resolving = new Set<number>();
  private readonly envReads: SourceModel['envReads'] = [];
  /** `app()->environment('production') ? a : b`, `if (getenv('APP_ENV') === 'production')`, `match ($env) { 'production' => … }` */
  private readonly envBranches = new EnvBranches(
    {
      conditional_expression: ['condition'],
      if_statement: ['condition'],
      else_if_clause: ['condition'],
      switch_statement: ['condition'],
      switch_block: [],
      case_statement: ['#0'],
      match_expression: ['condition'],
      match_block: [],
      match_conditional_expression: ['#0'],
    },
    new Set([...FUNCTIONS, 'class_declaration']),
    (n) => {
      if (n.type !== 'string' && n.type !== 'encapsed_string') return undefined;
      const v = this.stringValue(n, spanOf(n));
      return v.kind === 'string' ? v.value : undefined;
    },
    (n) => this.up.parent(n),
  );
  private usesLaravelEnv = false;

  private readonly up: Ancestry;
  private readonly compactText: CompactText;

  constructor(private readonly text: string, private readonly tree: Tree) {
    this.up = new Ancestry(tree.rootNode);
    this.compactText = new CompactText(text, (n) => (/^(member_call_expression|nullsafe_member_call_expression|member_access_expression|nullsafe_member_access_expression)$/.test(n.type) ? n.childForFieldName('object') : n.type === 'scoped_call_expression' ? n.childForFieldName('scope') : null));
  }

  build(): SourceModel {
    const root = this.tree.rootNode;
    const captures = cachedQuery(root.tree.language, QUERY_SOURCE).captures(root);
    const stringNodes: Node[] = [];
    const callNodes: Node[] = [];
    const comments: Comment[] = [];
    const imports: ImportInfo[] = [];
    const assignments: Node[] = [];
    const unsets: Node[] = [];
    for (const { name, node } of captures) {
      switch (name) {
        case 'string':
          stringNodes.push(node);
          break;
        case 'call':
          callNodes.push(node);
          break;
        case 'comment':
          comments.push(commentOf(this.text, node, node.text.startsWith('#') ? node.text.replace(/^#+/, '') : cStyleCommentBody(node.text)));
          break;
        case 'import':
          imports.push(this.useInfo(node));
          break;
        case 'assignment':
          assignments.push(node);
          this.noteAssignment(node);
          break;
        case 'const':
          this.declareConst(node);
          break;
        case 'property':
          this.declareProperty(node);
          break;
        case 'static':
          this.declareStaticVariable(node);
          break;
        case 'unset':
          unsets.push(node);
          break;
      }
    }
    // define('X', v) declares a constant: known before any value is computed
    for (const n of callNodes) {
      if (n.type !== 'function_call_expression' || nameText(n.childForFieldName('function')) !== 'define') continue;
      const [nameArg, valueArg] = namedKids(n.childForFieldName('arguments') ?? n).map((a) => this.argValueNode(a));
      const name = nameArg && this.value(nameArg);
      if (name?.kind === 'string' && valueArg) this.addDeclaration({ name: name.value, valueNode: valueArg, span: spanOf(n), nameSpan: spanOf(nameArg), scope: { start: 0, end: this.text.length }, kind: 'const' });
    }
    const calls = callNodes.map((n) => this.call(n));
    this.usesLaravelEnv = calls.some((c) => c.callee === 'env' && !c.receiver);
    for (const n of root.descendantsOfType(['require_expression', 'require_once_expression', 'include_expression', 'include_once_expression'])) {
      if (!n) continue;
      const target = n.namedChild(0);
      const v = target ? this.value(target) : undefined;
      if (v?.kind === 'string') imports.push({ module: v.value, span: v.span, statement: spanOf(this.up.parent(n) ?? n) });
    }
    const strings: StringLiteral[] = [];
    for (const n of stringNodes) {
      const lit = this.literal(n);
      if (lit) strings.push(lit);
    }
    this.collectEnvReads(root, calls);
    // a config file (Laravel, Hyperf, Symfony) hands back its settings: `return [...];`
    const returned = root.namedChildren.find((c) => c?.type === 'return_statement')?.namedChild(0);
    const returnValue = returned?.type === 'array_creation_expression' ? this.value(returned) : undefined;
    return {
      language: 'php',
      text: this.text,
      strings,
      calls,
      collections: this.collections(calls, assignments, unsets),
      comments,
      imports,
      envReads: this.envReads.sort((a, b) => a.span.start - b.span.start),
      idioms: phpIdioms(this.usesLaravelEnv, phpConstantRewrites(root)),
      hasErrors: root.hasError,
      lineStarts: computeLineStarts(this.text),
      ...(returnValue ? { returnValue } : {}),
    };
  }

  private useInfo(clause: Node): ImportInfo {
    const target = clause.namedChildren.find((c) => c?.type === 'qualified_name' || c?.type === 'name') ?? clause;
    const alias = clause.childForFieldName('alias') ?? clause.namedChildren.filter((c) => c?.type === 'name').find((c) => c?.id !== target.id) ?? null;
    let prefix = '';
    const group = this.up.parent(clause)?.type === 'namespace_use_group' ? this.up.parent(this.up.parent(clause)) : null;
    if (group) {
      const p = group.namedChildren.find((c) => c?.type === 'namespace_name');
      if (p) prefix = nameText(p) + '\\';
    }
    const module = prefix + nameText(target);
    const local = alias?.text ?? module.slice(module.lastIndexOf('\\') + 1);
    const stmt = group ?? this.up.parent(clause);
    return { module, span: spanOf(target), bindings: [{ local, imported: module.slice(module.lastIndexOf('\\') + 1) }], statement: stmt ? spanOf(stmt) : undefined };
  }

  // ---- declarations and constant resolution -------------------------------------------

  private addDeclaration(d: Declaration): void {
    const list = this.declarations.get(d.name);
    if (list) list.push(d);
    else this.declarations.set(d.name, [d]);
  }

  private classNode(n: Node): Node | null {
    return this.up.closest(n, 'class', CLASS_TYPES);
  }

  private declareConst(n: Node): void {
    const nameNode = n.namedChildren.find((c) => c?.type === 'name');
    if (!nameNode) return;
    const valueNode = n.namedChildren.filter((c): c is Node => !!c && c.id !== nameNode.id).pop() ?? null;
    const cls = this.classNode(n);
    this.addDeclaration({ name: nameNode.text, valueNode, span: spanOf(this.up.parent(n) ?? n), nameSpan: spanOf(nameNode), scope: { start: 0, end: this.text.length }, className: cls?.childForFieldName('name')?.text, kind: 'const' });
  }

  private declareProperty(n: Node): void {
    const decl = this.up.parent(n);
    const nameNode = n.childForFieldName('name');
    if (!decl || !nameNode || !decl.namedChildren.some((c) => c?.type === 'static_modifier')) return;
    const cls = this.classNode(n);
    this.addDeclaration({ name: nameNode.text, valueNode: n.childForFieldName('default_value'), span: spanOf(decl), nameSpan: spanOf(nameNode), scope: cls ? spanOf(cls) : { start: 0, end: this.text.length }, className: cls?.childForFieldName('name')?.text, kind: 'static-property' });
  }

  private declareStaticVariable(n: Node): void {
    const nameNode = n.childForFieldName('name');
    if (!nameNode) return;
    const fn = this.enclosingFunction(n);
    this.addDeclaration({ name: nameNode.text, valueNode: n.childForFieldName('value'), span: spanOf(this.up.parent(n) ?? n), nameSpan: spanOf(nameNode), scope: fn ? spanOf(fn) : { start: 0, end: this.text.length }, kind: 'static-variable' });
  }

  private noteAssignment(n: Node): void {
    const left = n.childForFieldName('left');
    if (left?.type !== 'variable_name') return;
    const scope = this.enclosingFunction(n);
    const key = `${scope ? scope.id : 0}:${left.text}`;
    this.assignedCount.set(key, (this.assignedCount.get(key) ?? 0) + (n.type === 'assignment_expression' ? 1 : 2));
    if (n.type !== 'assignment_expression') return;
    this.addDeclaration({ name: left.text, valueNode: n.childForFieldName('right'), span: spanOf(n), nameSpan: spanOf(left), scope: scope ? spanOf(scope) : { start: 0, end: this.text.length }, kind: 'variable' });
  }

  private lookupVariable(name: string, at: Node): Declaration | undefined {
    const fn = this.enclosingFunction(at);
    const scope = fn ? spanOf(fn) : { start: 0, end: this.text.length };
    return this.declarations.get(name)?.find((d) => (d.kind === 'variable' || d.kind === 'static-variable') && d.scope.start === scope.start && d.scope.end === scope.end);
  }

  private resolveDeclaration(d: Declaration | undefined, ref: Node): Value {
    const span = spanOf(ref);
    const name = compact(ref.text);
    if (!d) return { kind: 'identifier', name, span };
    let constant = d.kind === 'const';
    if (d.kind === 'variable') {
      const fn = this.enclosingFunction(ref);
      constant = (this.assignedCount.get(`${fn ? fn.id : 0}:${d.name}`) ?? 0) === 1;
    }
    const v = d.valueNode;
    if (!v || !constant || this.resolving.has(v.id) || (v.startIndex <= ref.startIndex && ref.endIndex <= v.endIndex)) {
      return { kind: 'identifier', name, declaration: d.span, span };
    }
    this.resolving.add(v.id);
    try {
      return { kind: 'identifier', name, resolved: this.value(v), declaration: d.span, span };
    } finally {
      this.resolving.delete(v.id);
    }
  }

  private classConstant(scope: string, name: string, at: Node): Declaration | undefined {
    let cls = scope;
    if (scope === 'self' || scope === 'static') cls = this.classNode(at)?.childForFieldName('name')?.text ?? '';
    cls = cls.slice(cls.lastIndexOf('\\') + 1);
    return this.declarations.get(name)?.find((d) => d.kind === 'const' && d.className === cls);
  }

  // ---- values ---------------------------------------------------------------------------

  /** The value of a heredoc/nowdoc: the body without the closing marker's indentation. */
  private heredocValue(n: Node, span: Span): Value {
    const start = n.childForFieldName('identifier') ?? n.namedChildren.find((c) => c?.type === 'heredoc_start');
    const end = n.childForFieldName('end_tag') ?? n.namedChildren.find((c) => c?.type === 'heredoc_end');
    const body = n.childForFieldName('value') ?? n.namedChildren.find((c) => c?.type === 'heredoc_body' || c?.type === 'nowdoc_body');
    if (!start || !end) return { kind: 'other', text: n.text, span };
    const inner = this.heredocInner(n);
    if (!inner) return { kind: 'other', text: n.text, span };
    const indent = this.text.slice(inner.endLineStart, end.startIndex);
    const raw = this.text.slice(inner.span.start, inner.span.end);
    const lines = raw.split(/\r?\n/).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const interpolates = n.type === 'heredoc' && !!body && body.namedChildren.some((c) => c && c.type !== 'string_content' && c.type !== 'escape_sequence');
    if (interpolates) {
      const parts: string[] = [];
      for (const c of body?.namedChildren ?? []) if (c?.type === 'string_content') parts.push(unescapePhpDouble(c.text));
      return { kind: 'template', parts, span };
    }
    const joined = lines.join('\n');
    return { kind: 'string', value: n.type === 'heredoc' ? unescapePhpDouble(joined) : joined, span };
  }

  /** The span of a heredoc's body lines, and where its closing line starts. */
  private heredocInner(n: Node): { span: Span; endLineStart: number } | undefined {
    const start = n.childForFieldName('identifier') ?? n.namedChildren.find((c) => c?.type === 'heredoc_start');
    const end = n.childForFieldName('end_tag') ?? n.namedChildren.find((c) => c?.type === 'heredoc_end');
    if (!start || !end) return undefined;
    const nl = this.text.indexOf('\n', start.endIndex);
    if (nl < 0 || nl >= end.startIndex) return undefined;
    let endLineStart = end.startIndex;
    while (endLineStart > 0 && this.text[endLineStart - 1] !== '\n') endLineStart--;
    let bodyEnd = endLineStart - 1;
    if (bodyEnd > 0 && this.text[bodyEnd - 1] === '\r') bodyEnd--;
    return { span: { start: nl + 1, end: Math.max(nl + 1, bodyEnd) }, endLineStart };
  }

  private stringValue(n: Node, span: Span): Value {
    switch (n.type) {
      case 'string': {
        const raw = n.text;
        const open = raw.indexOf("'");
        return { kind: 'string', value: unescapePhpSingle(raw.slice(open + 1, -1)), span };
      }
      case 'encapsed_string': {
        const parts: string[] = [];
        let cur = '';
        let template = false;
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'string_content') cur += c.text;
          else if (c.type === 'escape_sequence') cur += unescapePhpDouble(c.text);
          else {
            template = true;
            parts.push(cur);
            cur = '';
          }
        }
        parts.push(cur);
        if (template) return { kind: 'template', parts: parts.filter((p) => p !== ''), span };
        return { kind: 'string', value: parts.join(''), span };
      }
      case 'heredoc':
      case 'nowdoc':
        return this.heredocValue(n, span);
    }
    return { kind: 'other', text: n.text, span };
  }

  /** The statically known value of an expression node. */
  value(node: Node): Value {
    return this.values.value(node);
  }

  private argValueNode(arg: Node): Node {
    if (arg.type !== 'argument') return arg;
    const nameNode = arg.childForFieldName('name');
    return namedKids(arg).filter((c) => c.id !== nameNode?.id).pop() ?? arg;
  }

  private computeValue(node: Node): Value {
    let n = this.argValueNode(node);
    while (n.type === 'parenthesized_expression' && n.namedChild(0)) n = n.namedChild(0)!;
    const span = spanOf(node);
    switch (n.type) {
      case 'string':
      case 'encapsed_string':
      case 'heredoc':
      case 'nowdoc':
        return this.stringValue(n, span);
      case 'integer':
      case 'float': {
        const v = parseNumberText(n.text, true);
        return v === undefined ? { kind: 'other', text: n.text, span } : { kind: 'number', value: v, span };
      }
      case 'boolean':
        return { kind: 'boolean', value: n.text.toLowerCase() === 'true', span };
      case 'unary_op_expression': {
        const op = n.firstChild?.type;
        const operand = n.namedChild(0);
        if (operand && (op === '-' || op === '+')) {
          const inner = this.value(operand);
          if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'cast_expression': {
        const inner = n.childForFieldName('value');
        const v = inner ? this.value(inner) : undefined;
        const env = this.envOf(v);
        if (env) return { ...env, span };
        return { kind: 'other', text: n.text, span };
      }
      case 'name':
      case 'qualified_name': {
        const d = this.declarations.get(nameText(n))?.find((x) => x.kind === 'const' && !x.className);
        return this.resolveDeclaration(d, n);
      }
      case 'class_constant_access_expression': {
        const kids = namedKids(n);
        if (kids.length === 2) return this.resolveDeclaration(this.classConstant(nameText(kids[0]), kids[1].text, n), n);
        return { kind: 'other', text: n.text, span };
      }
      case 'variable_name':
        return this.resolveDeclaration(this.lookupVariable(n.text, n), n);
      case 'subscript_expression': {
        const env = this.envIndex(n);
        if (env !== null) return { kind: 'env', name: env || undefined, span };
        return { kind: 'other', text: n.text, span };
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.type;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if ((op === '??' || op === '?:' || op === '||' || op === 'or') && left && right) {
          const env = this.envOf(this.value(left));
          if (env) return { kind: 'env', name: env.name, fallback: this.value(right), span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'conditional_expression': {
        // getenv('X') ?: 'default'
        const cond = n.childForFieldName('condition');
        const body = n.childForFieldName('body');
        const alt = n.childForFieldName('alternative');
        if (cond && !body && alt) {
          const env = this.envOf(this.value(cond));
          if (env) return { kind: 'env', name: env.name, fallback: this.value(alt), span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'array_creation_expression':
        return this.arrayValue(n, span);
      default:
        if (CALLS.has(n.type)) {
          const call = this.call(n);
          const env = this.envCall(call);
          if (env) return { ...env, span };
          if (/^(intval|floatval|strval|trim)$/.test(brief(call.callee)) && call.args[0]) {
            const inner = this.envOf(call.args[0]);
            if (inner) return { ...inner, span };
          }
          return { kind: 'call', call, span };
        }
        return { kind: 'other', text: n.text, span };
    }
  }

  /** `['key' => v, …]` is an object; `['a', 'b']` an array. */
  private arrayValue(n: Node, span: Span): Value {
    const elements = namedKids(n).filter((c) => c.type === 'array_element_initializer');
    const pairs = elements.filter((e) => namedKids(e).length === 2);
    if (pairs.length === 0) {
      return { kind: 'array', items: elements.map((e) => namedKids(e)[0]).filter((c): c is Node => !!c && c.type !== 'variadic_unpacking').map((c) => this.value(c)), span };
    }
    const props: Property[] = [];
    let incomplete = false;
    for (const e of elements) {
      const kids = namedKids(e);
      if (kids.length !== 2) {
        incomplete = true;
        continue;
      }
      const k = this.value(kids[0]);
      const key = k.kind === 'string' ? k.value : k.kind === 'number' ? String(k.value) : k.kind === 'identifier' && k.resolved?.kind === 'string' ? k.resolved.value : undefined;
      if (key === undefined) {
        incomplete = true;
        continue;
      }
      props.push({ key, keySpan: spanOf(kids[0]), value: this.value(kids[1]), span: spanOf(e) });
    }
    return incomplete ? { kind: 'object', props, span, incomplete } : { kind: 'object', props, span };
  }

  private envOf(v: Value | undefined): (Value & { kind: 'env' }) | undefined {
    if (!v) return undefined;
    if (v.kind === 'env') return v;
    if (v.kind === 'identifier' && v.resolved?.kind === 'env') return v.resolved;
    return undefined;
  }

  /** `$_ENV['X']`, `$_SERVER['X']` → X ('' when computed); null otherwise. */
  private envIndex(n: Node): string | null {
    const kids = namedKids(n);
    const obj = kids[0];
    if (!obj || obj.type !== 'variable_name' || (obj.text !== '$_ENV' && obj.text !== '$_SERVER')) return null;
    const idx = kids[1] ? this.value(kids[1]) : undefined;
    const key = idx?.kind === 'string' ? idx.value : idx?.kind === 'identifier' && idx.resolved?.kind === 'string' ? idx.resolved.value : undefined;
    if (key === undefined) return obj.text === '$_ENV' ? '' : null;
    if (obj.text === '$_SERVER' && REQUEST_SERVER_KEYS.test(key)) return null;
    return key;
  }

  /** `getenv('X')`, Laravel `env('X', d)`. */
  private envCall(call: CallSite): (Value & { kind: 'env' }) | undefined {
    if (call.receiver) return undefined;
    const a0 = call.args[0];
    const name = a0?.kind === 'string' ? a0.value : a0?.kind === 'identifier' && a0.resolved?.kind === 'string' ? a0.resolved.value : undefined;
    if (call.callee === 'getenv' && call.args.length >= 1) return { kind: 'env', name, span: call.span };
    if (call.callee === 'env' && call.args.length >= 1) return { kind: 'env', name, fallback: call.args[1], span: call.span };
    return undefined;
  }

  private collectEnvReads(root: Node, calls: CallSite[]): void {
    for (const n of root.descendantsOfType('subscript_expression')) {
      if (!n) continue;
      const name = this.envIndex(n);
      if (name) this.envReads.push({ name, span: spanOf(n) });
    }
    for (const c of calls) {
      const env = this.envCall(c);
      if (env?.name) this.envReads.push({ name: env.name, span: c.span });
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
    const argsNode = n.childForFieldName('arguments') ?? n.namedChildren.find((c) => c?.type === 'arguments') ?? null;
    let callee = '';
    let name = '';
    let receiver: string | undefined;
    let receiverCall: CallSite | undefined;
    const isNew = n.type === 'object_creation_expression';
    if (isNew) {
      const type = n.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name' || c?.type === 'variable_name');
      callee = type ? nameText(type) : 'class';
      const sep = callee.lastIndexOf('\\');
      name = sep >= 0 ? callee.slice(sep + 1) : callee;
      if (sep >= 0) receiver = callee.slice(0, sep);
    } else if (n.type === 'function_call_expression') {
      const fn = n.childForFieldName('function');
      callee = nameText(fn);
      name = callee.slice(callee.lastIndexOf('\\') + 1);
    } else {
      const obj = n.type === 'scoped_call_expression' ? n.childForFieldName('scope') : n.childForFieldName('object');
      name = n.childForFieldName('name')?.text ?? '';
      receiver = obj ? this.compactText.of(obj).replace(/^\\/, '') : undefined;
      const op = n.type === 'scoped_call_expression' ? '::' : n.type === 'nullsafe_member_call_expression' ? '?->' : '->';
      callee = receiver ? `${receiver}${op}${name}` : name;
      if (!shallow && obj && CALLS.has(obj.type)) receiverCall = this.call(obj);
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
      keyPath: this.keyPathOf(n),
      functionName: this.functionName(n),
      statement: this.statementSpan(n),
    };
    this.calls.set(n.id, site);
    this.callNodes.set(site, n);
    if (argsNode && !shallow) {
      const kwargs: Property[] = [];
      for (const a of namedKids(argsNode)) {
        const nameNode = a.type === 'argument' ? a.childForFieldName('name') : null;
        if (nameNode) kwargs.push({ key: nameNode.text, keySpan: spanOf(nameNode), value: this.value(a), span: spanOf(a) });
        else if (a.type !== 'variadic_placeholder') site.args.push(this.value(a));
      }
      if (kwargs.length) site.kwargs = kwargs;
    }
    return site;
  }

  /** The keys of the array entries the call is the value of (`'path' => storage_path(…)` → `[…, 'path']`). */
  private keyPathOf(n: Node): string[] | undefined {
    const keys: string[] = [];
    let child = n;
    for (let cur = this.up.parent(n), steps = 0; cur && steps < MAX_CONTEXT_WALK; cur = this.up.parent(cur), steps++) {
      if (cur.type === 'array_element_initializer') {
        const kids = namedKids(cur);
        if (kids.length !== 2 || kids[1].id !== child.id) break;
        const k = this.value(kids[0]);
        if (k.kind !== 'string' && k.kind !== 'number') return undefined;
        keys.unshift(String(k.value));
      } else if (cur.type !== 'array_creation_expression' && cur.type !== 'parenthesized_expression') break;
      child = cur;
    }
    return keys.length ? keys : undefined;
  }

  private assignedTo(n: Node): string | undefined {
    let cur = n;
    for (let p = this.up.parent(cur); p?.type === 'parenthesized_expression'; p = this.up.parent(cur)) cur = p;
    const p = this.up.parent(cur);
    if (p?.type !== 'assignment_expression' || p.childForFieldName('right')?.id !== cur.id) return undefined;
    const left = p.childForFieldName('left');
    if (!left) return undefined;
    if (left.type === 'variable_name') return stripDollar(left.text);
    if (left.type === 'member_access_expression') return left.childForFieldName('name')?.text;
    return stripDollar(left.text.replace(/\[.*$/s, '').replace(/^.*(->|::)/, ''));
  }

  private functionName(n: Node): string | undefined {
    for (let fn = this.enclosingFunction(n); fn; fn = this.enclosingFunction(fn)) {
      const own = fn.childForFieldName('name');
      if (own) return own.text;
      const bound = this.assignedTo(fn);
      if (bound) return bound;
    }
    return undefined;
  }

  private statementSpan(n: Node): Span | undefined {
    const stmt = this.up.climb(n, 'statement', (_x, p) => !p || /^(program|compound_statement|declaration_list|case_statement|default_statement|colon_block)$/.test(p.type));
    return stmt && this.up.parent(stmt) ? spanOf(stmt) : undefined;
  }

  // ---- functions and handlers -------------------------------------------------------------

  private enclosingFunction(n: Node): Node | null {
    return this.up.closest(n, 'function', FUNCTIONS);
  }

  private functionOf(n: Node): { handler: boolean } | null {
    // Outermost first, so that a handler anywhere up the chain is known before its nested functions.
    const chain: Node[] = [];
    let fn = this.enclosingFunction(n);
    while (fn && !this.functionInfo.has(fn.id)) {
      chain.push(fn);
      fn = this.enclosingFunction(fn);
    }
    let info = fn ? this.functionInfo.get(fn.id) ?? null : null;
    for (let i = chain.length - 1; i >= 0; i--) {
      const known = this.functionInfo.get(chain[i].id);
      info = known ?? { handler: (info?.handler ?? false) || this.looksLikeHandler(chain[i]) };
      this.functionInfo.set(chain[i].id, info);
    }
    return info;
  }


  private looksLikeHandler(fn: Node): boolean {
    const params = fn.childForFieldName('parameters');
    const paramNodes = params ? namedKids(params) : [];
    const types = paramNodes.map((p) => nameText(p.childForFieldName('type')).replace(/^\?/, '').split('\\').pop() ?? '');
    if (types.some((t) => REQUEST_TYPES.test(t))) return true;
    if (fn.type === 'method_declaration') {
      const name = fn.childForFieldName('name')?.text ?? '';
      const attrs = fn.childForFieldName('attributes')?.text ?? '';
      if (/#\[\s*(\\?[\w\\]*\\)?Route\b/.test(attrs)) return true;
      const cls = this.classNode(fn);
      if (!cls) return false;
      const className = cls.childForFieldName('name')?.text ?? '';
      const base = nameText(cls.namedChildren.find((c) => c?.type === 'base_clause')?.namedChild(0) ?? null).split('\\').pop() ?? '';
      if (/Controller$/.test(className) || CONTROLLER_BASES.test(base)) {
        return !fn.namedChildren.some((c) => c?.type === 'static_modifier') && name !== '__construct';
      }
      const names = paramNodes.map((p) => p.childForFieldName('name')?.text ?? '');
      if (name === 'handle' && names[0] === '$request') return true;
      return false;
    }
    const arg = this.up.parent(fn)?.type === 'argument' ? this.up.parent(this.up.parent(fn)) : this.up.parent(fn);
    const callNode = arg?.type === 'arguments' ? this.up.parent(arg) : null;
    if (!callNode || !CALLS.has(callNode.type)) return false;
    const site = this.call(callNode);
    if (!ROUTE_METHODS.test(site.name) || !site.receiver) return false;
    const first = site.args[0];
    return (first?.kind === 'string' && first.value.startsWith('/')) || site.receiver === 'Route' || /Route$/.test(brief(site.receiver));
  }

  /** The top of a chain of `binary_expression` nodes with operators that only build a value (`+`, `.`, `*`…). */
  private concatTop(n: Node): Node {
    const plain = (x: Node) => x.type === 'binary_expression' && !/^(==|===|!=|!==|<>|<|>|<=|>=|<=>|\?\?|\?:|&&|\|\||and|or|xor)$/.test(x.childForFieldName('operator')?.type ?? '');
    return this.up.climb(n, 'concat', (_x, p) => !p || !plain(p)) ?? n;
  }

  // ---- string literals with context -------------------------------------------------------

  private literal(n: Node): StringLiteral | undefined {
    const v = this.stringValue(n, spanOf(n));
    if (v.kind !== 'string') return undefined;
    const span = spanOf(n);
    let innerSpan: Span;
    if (n.type === 'heredoc' || n.type === 'nowdoc') innerSpan = this.heredocInner(n)?.span ?? span;
    else {
      const open = n.text.indexOf(n.type === 'string' ? "'" : '"') + 1;
      innerSpan = { start: span.start + open, end: Math.max(span.start + open, span.end - 1) };
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
        case 'parenthesized_expression':
        case 'array_creation_expression':
          break;
        case 'array_element_initializer': {
          const kids = namedKids(cur);
          if (kids.length === 2) {
            if (kids[0].id === child.id) {
              context.nonValue = true;
              break walk;
            }
            const k = this.value(kids[0]);
            const key = k.kind === 'string' ? k.value : k.kind === 'number' ? String(k.value) : undefined;
            if (key !== undefined) {
              if (direct && context.key === undefined) context.key = key;
              keys.unshift(key);
            }
          }
          break;
        }
        case 'argument': {
          const nameNode = cur.childForFieldName('name');
          if (nameNode && direct && context.key === undefined) context.key = nameNode.text;
          break;
        }
        case 'arguments': {
          const owner = this.up.parent(cur);
          if (owner?.type === 'attribute') {
            context.nonValue = true;
            break walk;
          }
          if (!owner || !CALLS.has(owner.type)) break walk;
          const site = this.call(owner);
          const named = child.type === 'argument' && child.childForFieldName('name');
          const index = named ? -1 : indexAmong(cur, child, (c) => !(c.type === 'argument' && c.childForFieldName('name')));
          if (!context.call) context.call = { site, argIndex: index };
          const logCall = (LOG_METHODS.test(site.name) && !!site.receiver && LOG_RECEIVER.test(brief(site.receiver))) || (!site.receiver && LOG_FUNCTIONS.test(brief(site.callee)) && index === 0) || (site.isNew && /Exception$/.test(site.name));
          if (logCall) context.nonValue = true;
          if (index === 0 && ((!site.receiver && KEYED_FUNCTIONS.test(brief(site.callee))) || (site.receiver && /^(config|Config|\$config)$/.test(brief(site.receiver))))) context.nonValue = true;
          if (index === 1 && (SETTER_FUNCTIONS.test(brief(site.callee)) || (site.receiver && SETTER_METHODS.test(site.name))) && site.args[0]?.kind === 'string' && direct && context.key === undefined) {
            context.key = site.args[0].value;
            if (site.callee === 'define' && this.enclosingFunction(owner) === null) context.topLevel = true;
          }
          const env = this.envOf(this.value(owner));
          const argNode = child.type === 'argument' ? this.argValueNode(child) : child;
          // The default of an environment lookup belongs to what the lookup is bound to (`'key' => env('X', 'd')`).
          if (env?.fallback && env.fallback.span.start <= argNode.startIndex && argNode.endIndex <= env.fallback.span.end) {
            context.envFallback = true;
            // `env('X', 'd')` without its default: the call up to the argument before the default
            const prev = child.previousNamedSibling;
            const required = prev ? owner.text.slice(0, prev.endIndex - owner.startIndex) + owner.text.slice(child.endIndex - owner.startIndex) : undefined;
            context.envLookup ??= { name: env.name, span: spanOf(owner), expression: spanOf(owner), required };
            child = owner;
            cur = this.up.parent(owner);
            continue walk;
          }
          if (!TRANSFORMS.test(brief(site.callee))) break walk;
          // A call that only converts its argument keeps the literal the value of what it is bound to.
          child = owner;
          cur = this.up.parent(owner);
          continue walk;
        }
        case 'assignment_expression':
        case 'augmented_assignment_expression': {
          const left = cur.childForFieldName('left');
          if (left?.id === child.id) {
            context.nonValue = true;
            break walk;
          }
          if (left && direct && context.key === undefined) {
            if (left.type === 'variable_name') context.key = stripDollar(left.text);
            else if (left.type === 'member_access_expression' || left.type === 'scoped_property_access_expression') context.key = stripDollar(left.childForFieldName('name')?.text ?? '');
            else if (left.type === 'subscript_expression') {
              const idx = namedKids(left)[1];
              const k = idx ? this.value(idx) : undefined;
              if (k?.kind === 'string') context.key = k.value;
            }
          }
          if (t === 'augmented_assignment_expression') {
            context.inExpression = true;
            direct = false;
          }
          if (this.enclosingFunction(cur) === null) context.topLevel = true;
          break walk;
        }
        case 'const_element': {
          const name = cur.namedChildren.find((c) => c?.type === 'name')?.text;
          if (name && direct && context.key === undefined) context.key = name;
          context.topLevel = true;
          break walk;
        }
        case 'property_element': {
          const name = cur.childForFieldName('name')?.text;
          if (name && direct && context.key === undefined) context.key = stripDollar(name);
          if (this.up.parent(cur)?.namedChildren.some((c) => c?.type === 'static_modifier')) context.topLevel = true;
          break walk;
        }
        case 'simple_parameter':
        case 'property_promotion_parameter':
        case 'static_variable_declaration': {
          const name = cur.childForFieldName('name')?.text;
          if (name && direct && context.key === undefined) context.key = stripDollar(name);
          break walk;
        }
        case 'binary_expression': {
          const op = cur.childForFieldName('operator')?.type ?? '';
          if (/^(==|===|!=|!==|<>|<|>|<=|>=|<=>)$/.test(op)) context.comparison = true;
          else if (op === '??' || op === '?:') {
            const left = cur.childForFieldName('left');
            const env = left && left.id !== child.id ? this.envOf(this.value(left)) : undefined;
            if (left && env) {
              context.envFallback = true;
              context.envLookup ??= { name: env.name, span: spanOf(left), expression: spanOf(cur) };
            }
          } else if (!/^(&&|\|\||and|or|xor)$/.test(op)) {
            context.inExpression = true;
            direct = false;
            // A long concatenation: its other operands add nothing, go to its top at once.
            child = this.concatTop(cur);
            cur = this.up.parent(child);
            continue walk;
          }
          break;
        }
        case 'conditional_expression': {
          const cond = cur.childForFieldName('condition');
          if (cond?.id === child.id) context.comparison = true;
          else if (!cur.childForFieldName('body') && cond && this.envOf(this.value(cond))) {
            context.envFallback = true;
            context.envLookup ??= { name: this.envOf(this.value(cond))?.name, span: spanOf(cond), expression: spanOf(cur) };
          }
          break;
        }
        case 'match_condition_list':
        case 'case_statement':
          context.comparison = true;
          break walk;
        case 'match_block':
        case 'match_conditional_expression':
        case 'match_default_expression':
          // an arm's value is what the match gives: bound to what the match is bound to
          break;
        case 'match_expression':
          if (cur.childForFieldName('condition')?.id === child.id) {
            context.comparison = true;
            break walk;
          }
          break;
        case 'subscript_expression':
          if (namedKids(cur)[0]?.id !== child.id) context.nonValue = true;
          break walk;
        case 'echo_statement':
        case 'print_intrinsic':
        case 'exit_statement':
        case 'require_expression':
        case 'require_once_expression':
        case 'include_expression':
        case 'include_once_expression':
        case 'attribute':
          context.nonValue = true;
          break walk;
        case 'cast_expression':
          break;
        case 'return_statement':
          if (this.enclosingFunction(cur) === null) context.topLevel = true;
          break walk;
        case 'expression_statement':
        case 'compound_statement':
        case 'program':
        case 'if_statement':
        case 'while_statement':
        case 'for_statement':
        case 'foreach_statement':
        case 'switch_statement':
        case 'arrow_function':
        case 'declaration_list':
          break walk;
        default:
          if (FUNCTIONS.has(t)) break walk;
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

  /** The collection a target is rooted in: `self::$carts[$id][]` → the static property `carts`, key `$id`. */
  private rootOf(n: Node): { decl?: Declaration; session?: boolean; key?: Node } | undefined {
    let cur = n;
    let key: Node | undefined;
    while (cur.type === 'subscript_expression') {
      const kids = namedKids(cur);
      if (!kids[0]) return undefined;
      key = kids[1] ?? key;
      cur = kids[0];
    }
    if (cur.type === 'scoped_property_access_expression') {
      const scope = nameText(cur.childForFieldName('scope'));
      const name = cur.childForFieldName('name')?.text ?? '';
      let cls = scope;
      if (scope === 'self' || scope === 'static') cls = this.classNode(cur)?.childForFieldName('name')?.text ?? '';
      cls = cls.slice(cls.lastIndexOf('\\') + 1);
      const decl = this.declarations.get(name)?.find((d) => d.kind === 'static-property' && d.className === cls);
      return decl ? { decl, key } : undefined;
    }
    if (cur.type === 'variable_name') {
      if (cur.text === '$_SESSION') return { session: true, key };
      const fn = this.enclosingFunction(cur);
      const decl = this.declarations.get(cur.text)?.find((d) => d.kind === 'static-variable' && fn && d.scope.start === fn.startIndex);
      if (decl) return { decl, key };
      // a top-level variable that a closure captures by reference (`function (…) use (&$sessions)`)
      const shared = fn && this.capturedByReference(fn, cur.text) ? this.topLevelArray(cur.text) : undefined;
      return shared ? { decl: shared, key } : undefined;
    }
    return undefined;
  }

  private capturedByReference(fn: Node, variable: string): boolean {
    const use = fn.type === 'anonymous_function' ? fn.namedChildren.find((c) => c?.type === 'anonymous_function_use_clause') : undefined;
    return !!use?.namedChildren.some((c) => c?.type === 'by_ref' && c.namedChildren.some((v) => v?.type === 'variable_name' && v.text === variable));
  }

  /** The first top-level assignment of `name` to an array literal. */
  private topLevelArray(name: string): Declaration | undefined {
    return this.declarations.get(name)?.find((d) => d.kind === 'variable' && d.scope.start === 0 && d.scope.end === this.text.length && d.valueNode?.type === 'array_creation_expression');
  }

  private collectionKind(v: Node | null): ModuleCollection['kind'] | undefined {
    if (!v) return 'map';
    if (v.type !== 'array_creation_expression') return undefined;
    const elements = namedKids(v).filter((c) => c.type === 'array_element_initializer');
    return elements.length > 0 && elements.every((e) => namedKids(e).length === 1) ? 'array' : 'map';
  }

  private collections(calls: CallSite[], assignments: Node[], unsets: Node[]): ModuleCollection[] {
    const result = new Map<Declaration | 'session', ModuleCollection>();
    for (const list of this.declarations.values()) {
      for (const d of list) {
        if (d.kind !== 'static-property' && d.kind !== 'static-variable') continue;
        const kind = this.collectionKind(d.valueNode);
        if (kind) result.set(d, { name: d.name, kind, span: d.span, nameSpan: d.nameSpan, mutations: [] });
      }
    }
    const add = (target: Node, span: Span, at: Node) => {
      const root = this.rootOf(target);
      if (!root) return;
      let col: ModuleCollection | undefined;
      if (root.session) {
        col = result.get('session');
        if (!col) {
          const nameNode = this.sessionNameNode(target);
          col = { name: '$_SESSION', kind: 'map', span, nameSpan: nameNode ? spanOf(nameNode) : span, mutations: [] };
          result.set('session', col);
        }
      } else {
        col = root.decl && result.get(root.decl);
        if (!col && root.decl?.kind === 'variable') {
          col = { name: root.decl.name, kind: this.collectionKind(root.decl.valueNode) ?? 'map', span: root.decl.span, nameSpan: root.decl.nameSpan, mutations: [] };
          result.set(root.decl, col);
        }
      }
      if (!col) return;
      const fn = this.functionOf(at);
      if (fn === null && !root.session) return;
      col.mutations.push({ span, keyText: root.key?.text, inHandler: root.session ? true : fn?.handler ?? false });
    };
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      if (left?.type === 'subscript_expression') add(left, spanOf(a), a);
    }
    for (const u of unsets) for (const target of namedKids(u)) add(target, spanOf(u), u);
    for (const c of calls) {
      if (c.receiver || !MUTATOR_FUNCTIONS.test(brief(c.callee))) continue;
      const node = this.callNodes.get(c);
      const first = node && namedKids(node.childForFieldName('arguments') ?? node)[0];
      if (first) add(this.argValueNode(first), c.span, node);
    }
    for (const col of result.values()) col.mutations.sort((a, b) => a.span.start - b.span.start);
    return [...result.values()];
  }

  private sessionNameNode(target: Node): Node | undefined {
    let cur = target;
    while (cur.type === 'subscript_expression' && namedKids(cur)[0]) cur = namedKids(cur)[0];
    return cur.type === 'variable_name' ? cur : undefined;
  }
}

/**
 * Top-level `const X = v;` as `define('X', v);`: a constant expression cannot hold a call. In a
 * namespace the name keeps it (`__NAMESPACE__ . '\X'`). In `const A = 1, B = 2;` the element
 * leaves the statement: `const A = 1; define('B', 2);`. Class constants are left alone (they would
 * need a static property).
 */
function phpConstantRewrites(root: Node): ConstantRewrite[] {
  const out: ConstantRewrite[] = [];
  const statements = root.namedChildren.filter((c): c is Node => !!c);
  let namespaced = false;
  const visit = (list: Node[]) => {
    for (const n of list) {
      if (n.type === 'namespace_definition') {
        const body = n.childForFieldName('body');
        if (body) {
          const before = namespaced;
          namespaced = !!n.childForFieldName('name');
          visit(body.namedChildren.filter((c): c is Node => !!c));
          namespaced = before;
        } else namespaced = !!n.childForFieldName('name');
        continue;
      }
      if (n.type !== 'const_declaration') continue;
      const keyword = n.firstChild;
      const elements = n.namedChildren.filter((c): c is Node => c?.type === 'const_element');
      elements.forEach((el, i) => {
        const name = el.namedChildren.find((c) => c?.type === 'name');
        const eq = el.children.find((c) => c?.type === '=');
        const value = eq?.nextNamedSibling;
        if (!keyword || !name || !value) return;
        const quoted = phpQuoted(namespaced ? `\\${name.text}` : name.text);
        const target = namespaced ? `__NAMESPACE__ . ${quoted}` : quoted;
        const last = i === elements.length - 1;
        const comma = last ? null : el.nextSibling;
        const prefixStart = i === 0 ? keyword.startIndex : (el.previousSibling?.startIndex ?? el.startIndex);
        out.push({
          value: spanOf(value),
          edits: [
            { start: prefixStart, end: value.startIndex, newText: `${i === 0 ? '' : '; '}define(${target}, ` },
            comma?.type === ',' ? { start: value.endIndex, end: comma.endIndex, newText: '); const' } : { start: value.endIndex, end: value.endIndex, newText: ')' },
          ],
        });
      });
    }
  };
  visit(statements);
  return out;
}

/** PHP idioms: `getenv()`, or Laravel's `env()` in files that already use it; nothing to import. */
function phpIdioms(laravel: boolean, constants: ConstantRewrite[] = []): LanguageIdioms {
  const read = (name: string) => (laravel ? `env(${phpQuoted(name)})` : `getenv(${phpQuoted(name)})`);
  const literal = (fallback: string) => {
    const t = fallback.trim();
    return /^-?\d+$/.test(t) ? phpQuoted(t) : t;
  };
  return {
    envString: read,
    envNumber: (name, fallback) => (laravel ? `(int) env(${phpQuoted(name)}, ${fallback.trim()})` : `(int) (getenv(${phpQuoted(name)}) ?: ${fallback.trim()})`),
    envStringOr: (name, fallback) => (laravel ? `env(${phpQuoted(name)}, ${literal(fallback)})` : `getenv(${phpQuoted(name)}) ?: ${literal(fallback)}`),
    envAddress: (name, host, port) => (laravel ? `${phpQuoted(host + ':')} . env(${phpQuoted(name)}, ${phpQuoted(port)})` : `${phpQuoted(host + ':')} . (getenv(${phpQuoted(name)}) ?: ${phpQuoted(port)})`),
    envImportEdits: () => [],
    declarationEdits: (literal) => constantRewriteEdits(constants, literal),
    lineComment: '//',
  };
}

/** Builds the model for a PHP tree. */
export function buildPhpModel(text: string, tree: Tree): SourceModel {
  return new PhpModelBuilder(text, tree).build();
}
