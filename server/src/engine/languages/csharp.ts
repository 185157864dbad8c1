/**
 * C# adapter: builds the SourceModel from a tree-sitter-c-sharp tree.
 *
 * What C# code means for the model:
 * - Environment lookups: `Environment.GetEnvironmentVariable("X")` (`?? d` is its fallback) and the
 *   configuration lookups of ASP.NET Core, which read environment variables too:
 *   `builder.Configuration["X"]`, `configuration["Section:Key"]`, `config.GetValue<int>("X", d)`,
 *   `GetConnectionString("Db")`, `GetSection("A")["B"]`. Their environment name is the one ASP.NET
 *   maps (`Section:Key` → `Section__Key`, connection string `Db` → `ConnectionStrings__Db`).
 * - Named arguments (`File("x", rollingInterval: …)`) are kwargs. Anonymous objects
 *   (`new { Port = 5000 }`) and object/collection initializers (`new ConfigurationOptions { Password = "…" }`,
 *   `new Dictionary<string, string> { ["Key"] = "…" }`) are objects (`type` names the initialised type);
 *   `new List<string> { "a" }` is an array.
 * - Constants: `const` and `static readonly` fields, readonly fields initialised once, locals never
 *   reassigned (including the top-level statements of Program.cs).
 * - Request handlers: methods of controllers (`…Controller`, `: Controller`/`ControllerBase`,
 *   `[ApiController]`), action attributes (`[HttpGet]`, `[HttpPost]`, `[Route]`…), Razor Pages
 *   `OnGet`/`OnPost…`, SignalR hub methods, gRPC service methods (taking a `ServerCallContext`),
 *   middleware `Invoke`/`InvokeAsync`, any method or lambda taking an `HttpContext`/`HttpRequest`, and
 *   minimal API lambdas (`app.MapGet("/", …)`, `app.Use(…)`).
 * - Process-local collections: static fields and properties holding a Dictionary, ConcurrentDictionary,
 *   List, HashSet or a concurrent collection, and concurrent collections in instance fields (a
 *   thread-safe field means the object is shared by concurrent requests: a singleton service).
 *   Changes in constructors run when the object is built.
 * - Top-level statements and field initialisers are top-level code.
 * - Fixes use `Environment` from `System`; `using System;` is added only when the file has none and
 *   shows no sign of implicit usings (top-level statements or a file-scoped namespace come from SDK
 *   templates that enable them).
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
import type { Span, TextEdit } from '../types';
import { computeLineStarts, eolOf } from '../text';
import { EnvBranches } from './env-branch';
import { Ancestry, brief, CompactText, MAX_CONTEXT_WALK, asDoubleQuotedLiteral, cachedQuery, commentOf, compact, constantRewriteEdits, cStyleCommentBody, dedent, doubleQuoted, indexAmong, namedKids, parseNumberText, spanOf, type ConstantRewrite, ValueMemo } from './adapter-kit';

const QUERY_SOURCE = `
(string_literal) @string
(verbatim_string_literal) @string
(raw_string_literal) @string
(interpolated_string_expression) @string
(invocation_expression) @call
(object_creation_expression) @call
(implicit_object_creation_expression) @call
(comment) @comment
(using_directive) @import
(variable_declarator) @declarator
(property_declaration) @property
(parameter) @param
(assignment_expression) @assignment
(postfix_unary_expression) @assignment
(prefix_unary_expression) @assignment
(global_statement) @global
(file_scoped_namespace_declaration) @global
`;

const FUNCTIONS = new Set(['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'accessor_declaration', 'operator_declaration']);
const WRAPPERS = new Set(['parenthesized_expression', 'cast_expression', 'await_expression', 'postfix_unary_expression_bang', 'checked_expression']);
const CALLS = new Set(['invocation_expression', 'object_creation_expression', 'implicit_object_creation_expression']);
const SCOPE_TYPES = new Set(['block', 'compilation_unit', 'switch_section', ...FUNCTIONS]);
const TYPE_DECLARATIONS = new Set(['class_declaration', 'struct_declaration', 'record_declaration', 'interface_declaration']);
const STRINGS = new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression']);

const ACTION_ATTRIBUTES = /^(HttpGet|HttpPost|HttpPut|HttpDelete|HttpPatch|HttpHead|HttpOptions|Route|AcceptVerbs)(Attribute)?$/;
const CONTROLLER_ATTRIBUTES = /^(ApiController|Controller)(Attribute)?$/;
const REQUEST_TYPES = /^(HttpContext|HttpRequest|HttpResponse|ISession)$/;
const MINIMAL_API = /^(MapGet|MapPost|MapPut|MapDelete|MapPatch|Map|MapMethods|MapFallback|Use|UseWhen|MapWhen|Run)$/;
const COLLECTION_TYPES: Record<string, ModuleCollection['kind']> = {
  Dictionary: 'map',
  ConcurrentDictionary: 'map',
  SortedDictionary: 'map',
  SortedList: 'map',
  Hashtable: 'map',
  IDictionary: 'map',
  List: 'array',
  ConcurrentBag: 'array',
  ConcurrentQueue: 'array',
  ConcurrentStack: 'array',
  Queue: 'array',
  Stack: 'array',
  LinkedList: 'array',
  ArrayList: 'array',
  IList: 'array',
  HashSet: 'set',
  SortedSet: 'set',
  ISet: 'set',
};
const MUTATORS = /^(Add|TryAdd|AddOrUpdate|GetOrAdd|Remove|TryRemove|Clear|Enqueue|TryDequeue|Dequeue|Push|TryPop|Pop|Insert|TryUpdate|AddRange|RemoveAll|RemoveAt|UnionWith|Set)$/;
const LOG_RECEIVER = /^(_?logger|_?log|Log|Logger|Console|Debug|Trace|this\._?logger)$/;
const LOG_METHODS = /^(Log\w*|Write|WriteLine|Information|Debug|Warning|Error|Fatal|Verbose|Trace|Critical)$/;
const CONFIG_RECEIVER = /(^|\.)_?(configuration|config|Configuration|Config|cfg|_cfg)$/;
const KEYED_CALLS = /^(GetValue|GetSection|GetConnectionString|GetEnvironmentVariable|SetEnvironmentVariable|GetString|GetInt32|SetString|SetInt32|Append|Add|UseSetting|GetRequiredSection|ContainsKey|TryGetValue)$/;
const SETTERS = /^(UseSetting|SetString|SetInt32|SetEnvironmentVariable|AddOrUpdate|TryAdd)$/;
const TRANSFORMS = /^(int\.Parse|long\.Parse|Int32\.Parse|Convert\.ToInt32|Convert\.FromBase64String|Encoding\.UTF8\.GetBytes|Encoding\.ASCII\.GetBytes|new Uri|Uri)$/;

interface Declaration {
  name: string;
  valueNode: Node | null;
  span: Span;
  nameSpan: Span;
  scope: Span;
  field: boolean;
  isStatic: boolean;
  constant: boolean;
  typeText: string;
  className?: string;
}

/** Unescapes the body of a regular C# string literal. */
export function unescapeCSharp(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{1,4})|[\s\S])/g, (_m, e: string, u4?: string, u8?: string, x?: string) => {
    if (u4) return String.fromCharCode(parseInt(u4, 16));
    if (u8) return String.fromCodePoint(parseInt(u8, 16));
    if (x) return String.fromCharCode(parseInt(x, 16));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'e': return '\x1b';
      default: return e;
    }
  });
}

/** The value of a raw string literal (`"""…"""`): multi-line ones lose the closing line's indentation. */
export function rawStringValue(raw: string): string {
  const q = /^"+/.exec(raw)?.[0].length ?? 3;
  const body = raw.slice(q, raw.length - q);
  if (!/[\r\n]/.test(body)) return body;
  const lines = body.split(/\r\n|\r|\n/);
  const closing = lines.pop() ?? '';
  lines.shift();
  const indent = closing.length;
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(Math.min(indent, /^[ \t]*/.exec(l)?.[0].length ?? 0)))).join('\n');
}

/** ASP.NET maps `Section:Key` to the environment variable `Section__Key`. */
export function aspNetEnvName(key: string): string {
  return key.replace(/:/g, '__');
}

function lastName(text: string): string {
  const m = /([A-Za-z_@][\w]*)\W*$/.exec(text);
  return m ? m[1] : text;
}

function typeName(text: string): string {
  return lastName(compact(text).replace(/<[^]*>$/, '').replace(/\?$/, ''));
}

function modifierWords(n: Node): string[] {
  return n.namedChildren.filter((c): c is Node => c?.type === 'modifier').map((c) => c.text);
}

function attributeNames(n: Node): string[] {
  const out: string[] = [];
  for (const list of n.namedChildren) {
    if (list?.type !== 'attribute_list') continue;
    for (const a of list.namedChildren) if (a?.type === 'attribute') out.push(lastName(a.childForFieldName('name')?.text ?? ''));
  }
  return out;
}

/** The value node of a `variable_declarator` (the grammar gives it no field name). */
function declaratorValue(n: Node): Node | null {
  const name = n.childForFieldName('name');
  for (const c of n.namedChildren) {
    if (!c || c.id === name?.id || c.type === 'bracketed_argument_list' || c.type === 'tuple_pattern') continue;
    return c;
  }
  return null;
}

/**
 * `const` declarations that can hold a call: C# constants cannot. A field becomes `static
 * readonly` (a constant is static already); a local constant becomes a plain local.
 */
function csharpConstantRewrites(root: Node): ConstantRewrite[] {
  const out: ConstantRewrite[] = [];
  for (const holder of root.descendantsOfType(['field_declaration', 'local_declaration_statement'])) {
    const mod = holder?.namedChildren.find((c) => c?.type === 'modifier' && c.text === 'const');
    if (!holder || !mod) continue;
    const declaration = holder.namedChildren.find((c) => c?.type === 'variable_declaration');
    const next = mod.nextSibling;
    const edit =
      holder.type === 'field_declaration'
        ? { start: mod.startIndex, end: mod.endIndex, newText: 'static readonly' }
        : { start: mod.startIndex, end: next ? next.startIndex : mod.endIndex, newText: '' };
    for (const d of declaration?.namedChildren ?? []) {
      const value = d?.type === 'variable_declarator' ? declaratorValue(d) : null;
      if (value) out.push({ value: spanOf(value), edits: [edit] });
    }
  }
  return out;
}

class CSharpModelBuilder {
  private readonly calls = new Map<number, CallSite>();
  private readonly functionInfo = new Map<number, { handler: boolean }>();
  private readonly declarations = new Map<string, Declaration[]>();
  private readonly reassigned = new Set<string>();
  private readonly values = new ValueMemo((node) => this.computeValue(node));
  private readonly resolving = new Set<number>();
  private readonly envReads: SourceModel['envReads'] = [];
  /** `builder.Environment.IsProduction() ? a : b`, `if (env.IsDevelopment())`, `environment switch { "Production" => … }` */
  private readonly envBranches = new EnvBranches(
    {
      conditional_expression: ['condition'],
      if_statement: ['condition'],
      switch_statement: ['value'],
      switch_body: [],
      switch_section: ['#0'],
      switch_expression: ['#0'],
      switch_expression_arm: ['#0'],
    },
    new Set([...FUNCTIONS, 'class_declaration', 'struct_declaration', 'record_declaration']),
    (n) => {
      if (!STRINGS.has(n.type) || n.type === 'interpolated_string_expression') return undefined;
      const v = this.stringValue(n, spanOf(n));
      return v.kind === 'string' ? v.value : undefined;
    },
    (n) => this.up.parent(n),
  );
  private implicitUsings = false;
  private hasUsingSystem = false;
  private firstUsing: number | undefined;

  private readonly up: Ancestry;
  private readonly compactText: CompactText;

  constructor(private readonly text: string, private readonly tree: Tree) {
    this.up = new Ancestry(tree.rootNode);
    this.compactText = new CompactText(text, (n) => (n.type === 'invocation_expression' ? n.childForFieldName('function') : n.type === 'member_access_expression' ? n.childForFieldName('expression') : null));
  }

  build(): SourceModel {
    const root = this.tree.rootNode;
    const captures = cachedQuery(root.tree.language, QUERY_SOURCE).captures(root);
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
          comments.push(commentOf(this.text, node, cStyleCommentBody(node.text).replace(/^\//, '')));
          break;
        case 'import':
          imports.push(this.usingInfo(node));
          break;
        case 'declarator':
          this.declareVariable(node);
          break;
        case 'property':
          this.declareProperty(node);
          break;
        case 'param':
          this.declareParameter(node);
          break;
        case 'assignment':
          assignments.push(node);
          this.noteAssignment(node);
          break;
        case 'global':
          this.implicitUsings = true;
          break;
      }
    }
    const calls = callNodes.map((n) => this.call(n));
    const strings: StringLiteral[] = [];
    for (const n of stringNodes) {
      const lit = this.literal(n);
      if (lit) strings.push(lit);
    }
    this.collectEnvReads(root);
    const firstDeclaration = root.namedChildren.find((c) => c && c.type !== 'comment' && c.type !== 'extern_alias_directive');
    const usingAt = this.firstUsing ?? firstDeclaration?.startIndex ?? 0;
    return {
      language: 'csharp',
      text: this.text,
      strings,
      calls,
      collections: this.collections(calls, assignments),
      comments,
      imports,
      envReads: this.envReads.sort((a, b) => a.span.start - b.span.start),
      idioms: this.idioms(usingAt, this.firstUsing !== undefined, csharpConstantRewrites(root)),
      hasErrors: root.hasError,
      lineStarts: computeLineStarts(this.text),
    };
  }

  private usingInfo(n: Node): ImportInfo {
    const alias = n.childForFieldName('name');
    const target = n.namedChildren.filter((c): c is Node => !!c && c.id !== alias?.id && (c.type === 'qualified_name' || c.type === 'identifier' || c.type === 'generic_name')).pop();
    const module = target ? compact(target.text) : '';
    if (module === 'System' && !alias && !/\bstatic\b/.test(n.text)) this.hasUsingSystem = true;
    if (this.up.parent(n)?.type === 'compilation_unit' && this.firstUsing === undefined) this.firstUsing = n.startIndex;
    const local = alias?.text ?? (/\bstatic\b/.test(n.text) ? undefined : module.slice(module.lastIndexOf('.') + 1));
    return { module, span: spanOf(target ?? n), bindings: local ? [{ local, imported: alias ? module : '*' }] : [], statement: spanOf(n) };
  }

  // ---- declarations and constant resolution -------------------------------------------

  private addDeclaration(d: Declaration): void {
    const list = this.declarations.get(d.name);
    if (list) list.push(d);
    else this.declarations.set(d.name, [d]);
  }

  private classNameOf(n: Node): string | undefined {
    return this.up.closest(n, 'type', TYPE_DECLARATIONS)?.childForFieldName('name')?.text;
  }

  private declareVariable(n: Node): void {
    const nameNode = n.childForFieldName('name');
    if (!nameNode || nameNode.type !== 'identifier') return;
    const vd = this.up.parent(n);
    const holder = this.up.parent(vd);
    if (!vd || !holder) return;
    const field = holder.type === 'field_declaration' || holder.type === 'event_field_declaration';
    const mods = holder.type === 'field_declaration' || holder.type === 'local_declaration_statement' ? modifierWords(holder) : [];
    const scopeNode = field ? this.up.parent(holder) : this.localScope(holder);
    this.addDeclaration({
      name: nameNode.text,
      valueNode: declaratorValue(n),
      span: spanOf(holder),
      nameSpan: spanOf(nameNode),
      scope: scopeNode ? spanOf(scopeNode) : { start: 0, end: this.text.length },
      field,
      isStatic: mods.includes('static') || mods.includes('const'),
      constant: mods.includes('const') || (mods.includes('readonly') && mods.includes('static')) || mods.includes('readonly'),
      typeText: vd.childForFieldName('type')?.text ?? '',
      className: field ? this.classNameOf(holder) : undefined,
    });
  }

  private declareProperty(n: Node): void {
    const nameNode = n.childForFieldName('name');
    const value = n.childForFieldName('value');
    if (!nameNode) return;
    const mods = modifierWords(n);
    const accessors = n.childForFieldName('accessors')?.text ?? '';
    this.addDeclaration({
      name: nameNode.text,
      valueNode: value,
      span: spanOf(n),
      nameSpan: spanOf(nameNode),
      scope: spanOf(this.up.parent(n) ?? n),
      field: true,
      isStatic: mods.includes('static'),
      // `{ get; } = …` has no setter: it keeps its initial value
      constant: !/\bset\b/.test(accessors) && !/\binit\b/.test(accessors),
      typeText: n.childForFieldName('type')?.text ?? '',
      className: this.classNameOf(n),
    });
  }

  private declareParameter(n: Node): void {
    const nameNode = n.childForFieldName('name');
    const owner = this.up.parent(this.up.parent(n));
    if (!nameNode || !owner) return;
    this.addDeclaration({ name: nameNode.text, valueNode: null, span: spanOf(n), nameSpan: spanOf(nameNode), scope: spanOf(owner), field: false, isStatic: false, constant: false, typeText: n.childForFieldName('type')?.text ?? '' });
  }

  private noteAssignment(n: Node): void {
    let target: Node | null;
    if (n.type === 'assignment_expression') {
      if (this.up.parent(n)?.type === 'initializer_expression') return;
      target = n.childForFieldName('left');
    } else target = n.namedChild(0);
    if (!target) return;
    if (target.type === 'identifier') this.reassigned.add(target.text);
    else if (target.type === 'member_access_expression' && /^(this|[A-Z]\w*)$/.test(target.childForFieldName('expression')?.text ?? '')) {
      const name = target.childForFieldName('name');
      if (name) this.reassigned.add(name.text);
    }
  }

  private localScope(n: Node): Node | null {
    return this.up.closest(n, 'scope', SCOPE_TYPES);
  }

  private lookup(name: string, at: number, fieldsOnly = false): Declaration | undefined {
    const list = this.declarations.get(name);
    if (!list) return undefined;
    let best: Declaration | undefined;
    for (const d of list) {
      if (fieldsOnly && !d.field) continue;
      if (at < d.scope.start || at > d.scope.end) continue;
      if (!best || d.scope.end - d.scope.start < best.scope.end - best.scope.start) best = d;
    }
    return best;
  }

  private resolveDeclaration(d: Declaration | undefined, ref: Node): Value {
    const span = spanOf(ref);
    const name = compact(ref.text);
    if (!d) return { kind: 'identifier', name, span };
    const v = d.valueNode;
    const constant = d.constant || !this.reassigned.has(d.name);
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

  // ---- values ---------------------------------------------------------------------------

  /** The value of a string node: a string, or a template when it interpolates. */
  private stringValue(n: Node, span: Span): Value {
    switch (n.type) {
      case 'string_literal': {
        let s = '';
        for (const c of n.namedChildren) {
          if (c?.type === 'string_literal_content') s += c.text;
          else if (c?.type === 'escape_sequence') s += unescapeCSharp(c.text);
        }
        return { kind: 'string', value: s, span };
      }
      case 'verbatim_string_literal':
        return { kind: 'string', value: n.text.slice(2, -1).replace(/""/g, '"'), span };
      case 'raw_string_literal':
        return { kind: 'string', value: rawStringValue(n.text.replace(/u8$/, '')), span };
      case 'interpolated_string_expression': {
        const start = n.namedChildren.find((c) => c?.type === 'interpolation_start')?.text ?? '$';
        const verbatim = start.includes('@');
        const raw = n.namedChildren.some((c) => c?.type === 'interpolation_quote') || /^\$+"""/.test(n.text);
        const parts: string[] = [];
        let cur = '';
        let holes = false;
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'string_content') cur += verbatim ? c.text.replace(/""/g, '"') : raw ? c.text : unescapeCSharp(c.text);
          else if (c.type === 'escape_sequence') cur += unescapeCSharp(c.text);
          else if (c.type === 'interpolation') {
            holes = true;
            parts.push(cur);
            cur = '';
          }
        }
        parts.push(cur);
        const unbrace = (s: string) => (raw ? s : s.replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
        if (!holes) {
          const whole = raw ? rawStringValue(n.text.replace(/^\$+/, '')) : unbrace(parts.join(''));
          return { kind: 'string', value: whole, span };
        }
        return { kind: 'template', parts: parts.filter((p) => p !== '').map(unbrace), span };
      }
    }
    return { kind: 'other', text: n.text, span };
  }

  /** The statically known value of an expression node. */
  value(node: Node): Value {
    return this.values.value(node);
  }

  private unwrap(n: Node): Node {
    let cur = n;
    for (;;) {
      if (cur.type === 'argument') {
        const inner = namedKids(cur).filter((c) => c.id !== cur.childForFieldName('name')?.id).pop();
        if (!inner) break;
        cur = inner;
      } else if (WRAPPERS.has(cur.type)) {
        const inner = cur.type === 'cast_expression' ? cur.childForFieldName('value') : cur.namedChildren.filter((c) => c?.type !== 'modifier').pop();
        if (!inner) break;
        cur = inner;
      } else break;
    }
    return cur;
  }

  private computeValue(node: Node): Value {
    const n = this.unwrap(node);
    const span = spanOf(node);
    if (STRINGS.has(n.type)) return this.stringValue(n, span);
    switch (n.type) {
      case 'integer_literal':
      case 'real_literal': {
        const v = parseNumberText(n.text);
        return v === undefined ? { kind: 'other', text: n.text, span } : { kind: 'number', value: v, span };
      }
      case 'boolean_literal':
        return { kind: 'boolean', value: n.text === 'true', span };
      case 'prefix_unary_expression': {
        const op = n.firstChild?.type;
        const operand = n.namedChild(0);
        if (operand && (op === '-' || op === '+')) {
          const inner = this.value(operand);
          if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'identifier':
        return this.resolveDeclaration(this.lookup(n.text, n.startIndex), n);
      case 'member_access_expression': {
        const obj = n.childForFieldName('expression');
        const name = n.childForFieldName('name');
        if (obj && name) {
          if (obj.type === 'this_expression' || obj.text === 'this') return this.resolveDeclaration(this.lookup(name.text, n.startIndex, true), n);
          if (obj.type === 'identifier' && /^[A-Z]/.test(obj.text)) {
            const d = this.declarations.get(name.text)?.find((x) => x.field && x.isStatic && x.className === obj.text);
            if (d) return this.resolveDeclaration(d, n);
          }
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'element_access_expression': {
        const env = this.configIndex(n);
        if (env !== null) return { kind: 'env', name: env || undefined, span };
        return { kind: 'other', text: n.text, span };
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.type;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (op === '??' && left && right) {
          const env = this.envOf(this.value(left));
          if (env) return { kind: 'env', name: env.name, fallback: this.value(right), span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'invocation_expression': {
        const call = this.call(n);
        const env = this.envCall(call);
        if (env) return { ...env, span };
        if (/^(int\.Parse|long\.Parse|Int32\.Parse|Convert\.ToInt32|Convert\.ToInt64|ushort\.Parse)$/.test(brief(call.callee)) && call.args[0]) {
          const a = call.args[0];
          const inner = this.envOf(a);
          if (inner) return { ...inner, span };
          const r = a.kind === 'identifier' && a.resolved ? a.resolved : a;
          if (r.kind === 'number') return { kind: 'number', value: r.value, span };
          if (r.kind === 'string' && /^-?\d+$/.test(r.value)) return { kind: 'number', value: Number(r.value), span };
        }
        return { kind: 'call', call, span };
      }
      case 'object_creation_expression':
      case 'implicit_object_creation_expression': {
        const init = n.childForFieldName('initializer') ?? n.namedChildren.find((c) => c?.type === 'initializer_expression') ?? null;
        const call = this.call(n);
        if (init) {
          const v = this.initializerValue(init, span, call.callee || undefined);
          if (v) return v;
        }
        return { kind: 'call', call, span };
      }
      case 'anonymous_object_creation_expression':
        return this.anonymousObject(n, span);
      case 'initializer_expression':
      case 'array_creation_expression':
      case 'implicit_array_creation_expression':
      case 'collection_expression': {
        const init = n.type === 'initializer_expression' || n.type === 'collection_expression' ? n : n.namedChildren.find((c) => c?.type === 'initializer_expression');
        if (!init) return { kind: 'other', text: n.text, span };
        return this.initializerValue(init, span, undefined) ?? { kind: 'array', items: [], span };
      }
      default:
        return { kind: 'other', text: n.text, span };
    }
  }

  /** `{ A = 1, ["k"] = v, { "k", v } }` → object; `{ "a", "b" }` → array. */
  private initializerValue(init: Node, span: Span, type: string | undefined): Value | undefined {
    const kids = namedKids(init).map((c) => (c.type === 'expression_element' || c.type === 'spread_element' ? c.namedChild(0) ?? c : c));
    const keyed = kids.filter((c) => c.type === 'assignment_expression' || (c.type === 'initializer_expression' && namedKids(c).length === 2));
    if (kids.length > 0 && keyed.length === 0) return { kind: 'array', items: kids.map((c) => this.value(c)), span };
    const props: Property[] = [];
    let incomplete = false;
    for (const c of kids) {
      let key: string | undefined;
      let keyNode: Node | null = null;
      let valueNode: Node | null = null;
      if (c.type === 'assignment_expression') {
        keyNode = c.childForFieldName('left');
        valueNode = c.childForFieldName('right');
        key = this.initializerKey(keyNode);
      } else if (c.type === 'initializer_expression') {
        const [k, v] = namedKids(c);
        keyNode = k;
        valueNode = v;
        const kv = this.value(k);
        key = kv.kind === 'string' ? kv.value : undefined;
      }
      if (key !== undefined && keyNode && valueNode) props.push({ key, keySpan: spanOf(keyNode), value: this.value(valueNode), span: spanOf(c) });
      else incomplete = true;
    }
    const obj: Value = { kind: 'object', props, span };
    if (type) obj.type = type;
    if (incomplete) obj.incomplete = true;
    return obj;
  }

  /** `Password` or `["Password"]` on the left of an initializer entry. */
  private initializerKey(left: Node | null): string | undefined {
    if (!left) return undefined;
    if (left.type === 'identifier') return left.text;
    if (left.type === 'element_binding_expression' || left.type === 'implicit_element_access') {
      const arg = namedKids(left).flatMap((c) => (c.type === 'bracketed_argument_list' ? namedKids(c) : [c]))[0];
      const v = arg ? this.value(arg) : undefined;
      return v?.kind === 'string' ? v.value : undefined;
    }
    return undefined;
  }

  private anonymousObject(n: Node, span: Span): Value {
    const props: Property[] = [];
    const children = n.children.filter((c): c is Node => !!c);
    let incomplete = false;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (!c.isNamed) continue;
      if (c.type === 'identifier' && children[i + 1]?.type === '=') {
        const valueNode = children.slice(i + 2).find((x) => x.isNamed);
        if (valueNode) {
          props.push({ key: c.text, keySpan: spanOf(c), value: this.value(valueNode), span: { start: c.startIndex, end: valueNode.endIndex } });
          i = children.indexOf(valueNode);
        }
      } else if (c.type === 'member_access_expression' || c.type === 'identifier') {
        props.push({ key: lastName(c.text), keySpan: spanOf(c), value: this.value(c), span: spanOf(c) });
      } else incomplete = true;
    }
    return incomplete ? { kind: 'object', props, span, incomplete } : { kind: 'object', props, span };
  }

  private envOf(v: Value | undefined): (Value & { kind: 'env' }) | undefined {
    if (!v) return undefined;
    if (v.kind === 'env') return v;
    if (v.kind === 'identifier' && v.resolved?.kind === 'env') return v.resolved;
    return undefined;
  }

  private strOf(v: Value | undefined): string | undefined {
    if (v?.kind === 'string') return v.value;
    if (v?.kind === 'identifier' && v.resolved?.kind === 'string') return v.resolved.value;
    return undefined;
  }

  /** `configuration["X"]`, `builder.Configuration["A:B"]`, `config.GetSection("A")["B"]` → the env name; null otherwise. */
  private configIndex(n: Node): string | null {
    const obj = n.childForFieldName('expression');
    const sub = n.childForFieldName('subscript');
    if (!obj || !sub) return null;
    let prefix = '';
    const objText = compact(obj.text);
    const o = this.unwrap(obj);
    if (o.type === 'invocation_expression') {
      const c = this.call(o);
      if (!(c.name === 'GetSection' || c.name === 'GetRequiredSection') || !c.receiver || !CONFIG_RECEIVER.test(brief(c.receiver))) return null;
      prefix = (this.strOf(c.args[0]) ?? '') + ':';
    } else if (!CONFIG_RECEIVER.test(objText)) return null;
    const args = namedKids(sub);
    if (args.length !== 1) return '';
    const key = this.strOf(this.value(args[0]));
    return key === undefined ? '' : aspNetEnvName(prefix + key);
  }

  /** `Environment.GetEnvironmentVariable("X")`, `config.GetValue<T>("X", d)`, `GetConnectionString("Db")`. */
  private envCall(call: CallSite): (Value & { kind: 'env' }) | undefined {
    const key = this.strOf(call.args[0]);
    if (/^((System\.)?Environment\.)?GetEnvironmentVariable$/.test(brief(call.callee))) return { kind: 'env', name: key, span: call.span };
    if (call.receiver && CONFIG_RECEIVER.test(brief(call.receiver))) {
      if (call.name === 'GetValue') return { kind: 'env', name: key === undefined ? undefined : aspNetEnvName(key), fallback: call.args[1], span: call.span };
      if (call.name === 'GetConnectionString') return { kind: 'env', name: key === undefined ? undefined : `ConnectionStrings__${key}`, span: call.span };
    }
    return undefined;
  }

  private collectEnvReads(root: Node): void {
    for (const n of root.descendantsOfType(['element_access_expression', 'invocation_expression'])) {
      if (!n) continue;
      const name = n.type === 'element_access_expression' ? this.configIndex(n) : this.envCall(this.call(n))?.name;
      if (name) this.envReads.push({ name, span: spanOf(n) });
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
    const argsNode = n.childForFieldName('arguments') ?? n.namedChildren.find((c) => c?.type === 'argument_list') ?? null;
    let callee = '';
    let name = '';
    let receiver: string | undefined;
    let receiverCall: CallSite | undefined;
    const isNew = n.type !== 'invocation_expression';
    if (isNew) {
      const type = n.childForFieldName('type');
      callee = type ? compact(type.text).replace(/<[^]*>$/, '') : this.implicitType(n);
      const dot = callee.lastIndexOf('.');
      name = dot >= 0 ? callee.slice(dot + 1) : callee;
      if (dot >= 0) receiver = callee.slice(0, dot);
    } else {
      const fn = n.childForFieldName('function');
      const f = fn ? this.unwrap(fn) : null;
      if (f?.type === 'member_access_expression') {
        const nameNode = f.childForFieldName('name');
        name = nameNode ? (nameNode.type === 'generic_name' ? nameNode.namedChild(0)?.text ?? '' : nameNode.text) : '';
        const obj = f.childForFieldName('expression');
        if (obj) {
          receiver = this.compactText.of(obj);
          const o = this.unwrap(obj);
          if (!shallow && CALLS.has(o.type)) receiverCall = this.call(o);
        }
        callee = receiver ? `${receiver}.${name}` : name;
      } else if (f?.type === 'conditional_access_expression') {
        const cond = f.childForFieldName('condition');
        const binding = f.namedChildren.find((c) => c?.type === 'member_binding_expression');
        name = binding?.childForFieldName('name')?.text.replace(/<[^]*>$/, '') ?? '';
        receiver = cond ? compact(cond.text) : undefined;
        callee = receiver ? `${receiver}?.${name}` : name;
      } else if (f) {
        name = f.type === 'generic_name' ? f.namedChild(0)?.text ?? '' : f.text;
        callee = name;
      }
    }
    const fnInfo = this.functionOf(n);
    const site: CallSite = {
      callee,
      name,
      receiver,
      receiverCall,
      isNew,
      args: [],
      span: spanOf(n),
      argsSpan: argsNode ? spanOf(argsNode) : { start: n.endIndex, end: n.endIndex },
      topLevel: fnInfo === null,
      inHandler: fnInfo?.handler ?? false,
      assignedTo: this.assignedTo(n),
      functionName: this.functionName(n),
      statement: this.statementSpan(n),
    };
    this.calls.set(n.id, site);
    if (argsNode && !shallow) {
      const kwargs: Property[] = [];
      for (const a of namedKids(argsNode)) {
        const nameNode = a.type === 'argument' ? a.childForFieldName('name') : null;
        if (nameNode) kwargs.push({ key: nameNode.text, keySpan: spanOf(nameNode), value: this.value(a), span: spanOf(a) });
        else site.args.push(this.value(a));
      }
      if (kwargs.length) site.kwargs = kwargs;
    }
    return site;
  }

  /** The declared type of `Type x = new(…)`. */
  private implicitType(n: Node): string {
    for (let cur = this.up.parent(n); cur; cur = this.up.parent(cur)) {
      if (cur.type === 'variable_declaration' || cur.type === 'property_declaration') return typeName(cur.childForFieldName('type')?.text ?? '');
      if (cur.type !== 'variable_declarator' && cur.type !== 'equals_value_clause') return '';
    }
    return '';
  }

  private assignedTo(n: Node): string | undefined {
    let cur = n;
    for (let p = this.up.parent(cur); p && WRAPPERS.has(p.type); p = this.up.parent(cur)) cur = p;
    const p = this.up.parent(cur);
    if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text;
    if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.id === cur.id) {
      const left = p.childForFieldName('left');
      const target = left?.type === 'element_access_expression' ? left.childForFieldName('expression') : left;
      return lastName(target?.text ?? '');
    }
    return undefined;
  }

  private functionName(n: Node): string | undefined {
    for (let fn = this.enclosingFunction(n); fn; fn = this.enclosingFunction(fn)) {
      const own = fn.childForFieldName('name');
      if (own && fn.type !== 'lambda_expression') return own.text;
      const bound = this.assignedTo(fn);
      if (bound) return bound;
    }
    return undefined;
  }

  private statementSpan(n: Node): Span | undefined {
    let stmt = this.up.climb(n, 'statement', (_x, p) => !p || /^(compilation_unit|block|declaration_list|switch_section|global_statement)$/.test(p.type));
    if (stmt && this.up.parent(stmt)?.type === 'global_statement') stmt = this.up.parent(stmt);
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
    const types = params ? namedKids(params).map((p) => typeName(p.childForFieldName('type')?.text ?? '')) : [];
    if (types.some((t) => REQUEST_TYPES.test(t))) return true;
    if (fn.type === 'method_declaration') {
      if (attributeNames(fn).some((a) => ACTION_ATTRIBUTES.test(a))) return true;
      if (modifierWords(fn).includes('static')) return false;
      const cls = this.enclosingClass(fn);
      if (!cls) return false;
      const className = cls.childForFieldName('name')?.text ?? '';
      const bases = (cls.namedChildren.find((c) => c?.type === 'base_list')?.namedChildren ?? []).map((b) => (b ? typeName(b.text) : ''));
      const name = fn.childForFieldName('name')?.text ?? '';
      if (/Controller$/.test(className) || bases.some((b) => /^(Controller|ControllerBase)$/.test(b)) || attributeNames(cls).some((a) => CONTROLLER_ATTRIBUTES.test(a))) {
        return !attributeNames(fn).some((a) => /^NonAction(Attribute)?$/.test(a));
      }
      if (bases.includes('PageModel') && /^On[A-Z]/.test(name)) return true;
      if (bases.some((b) => /^Hub$/.test(b))) return true;
      // gRPC service methods: `override … SayHello(HelloRequest request, ServerCallContext context)`
      if (types.includes('ServerCallContext')) return true;
      return false;
    }
    if (fn.type !== 'lambda_expression' && fn.type !== 'anonymous_method_expression') return false;
    let arg = this.up.parent(fn);
    if (arg?.type === 'argument') arg = this.up.parent(arg);
    const callNode = arg?.type === 'argument_list' ? this.up.parent(arg) : null;
    if (callNode?.type !== 'invocation_expression') return false;
    const site = this.call(callNode);
    return !!site.receiver && MINIMAL_API.test(site.name);
  }

  private enclosingClass(n: Node): Node | null {
    const t = this.up.closest(n, 'type', TYPE_DECLARATIONS);
    return t && t.type !== 'interface_declaration' ? t : null;
  }

  /** The top of a chain of `binary_expression` nodes with operators that only build a value (`+`, `.`, `*`…). */
  private concatTop(n: Node): Node {
    const plain = (x: Node) => x.type === 'binary_expression' && !/^(==|!=|\?\?|&&|\|\|)$/.test(x.childForFieldName('operator')?.type ?? '');
    return this.up.climb(n, 'concat', (_x, p) => !p || !plain(p)) ?? n;
  }

  // ---- string literals with context -------------------------------------------------------

  private literal(n: Node): StringLiteral | undefined {
    const v = this.stringValue(n, spanOf(n));
    if (v.kind !== 'string') return undefined;
    const span = spanOf(n);
    return { value: v.value, span, innerSpan: this.innerSpan(n), context: this.context(n) };
  }

  private innerSpan(n: Node): Span {
    const content = n.namedChildren.filter((c): c is Node => !!c && /^(string_literal_content|escape_sequence|raw_string_content|string_content)$/.test(c.type));
    if (n.type === 'verbatim_string_literal') return { start: n.startIndex + 2, end: n.endIndex - 1 };
    if (content.length) return { start: content[0].startIndex, end: content[content.length - 1].endIndex };
    const open = /^[$@]*"+/.exec(n.text)?.[0].length ?? 1;
    return { start: n.startIndex + open, end: n.startIndex + open };
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
        case 'cast_expression':
        case 'array_creation_expression':
        case 'implicit_array_creation_expression':
        case 'collection_expression':
        case 'anonymous_object_creation_expression':
          if (t === 'anonymous_object_creation_expression') {
            const prev = child.previousNamedSibling;
            const eq = child.previousSibling;
            if (prev?.type === 'identifier' && eq?.type === '=') {
              if (direct && context.key === undefined) context.key = prev.text;
              keys.unshift(prev.text);
            }
          }
          break;
        case 'initializer_expression': {
          // { "key", "value" } inside a dictionary initializer
          const kids = namedKids(cur);
          if (kids.length === 2 && this.up.parent(cur)?.type === 'initializer_expression') {
            if (kids[0].id === child.id) {
              context.nonValue = true;
              break walk;
            }
            const k = this.strOf(this.value(kids[0]));
            if (k !== undefined) {
              if (direct && context.key === undefined) context.key = k;
              keys.unshift(k);
            }
          }
          const owner = this.up.parent(cur);
          if (owner && (owner.type === 'object_creation_expression' || owner.type === 'implicit_object_creation_expression') && context.objectType === undefined) {
            context.objectType = this.call(owner).callee || undefined;
          }
          break;
        }
        case 'object_creation_expression':
        case 'implicit_object_creation_expression':
          if (cur.childForFieldName('initializer')?.id === child.id || child.type === 'initializer_expression') break;
          break walk;
        case 'assignment_expression': {
          const left = cur.childForFieldName('left');
          if (left?.id === child.id) {
            context.nonValue = true;
            break walk;
          }
          if (this.up.parent(cur)?.type === 'initializer_expression') {
            const key = this.initializerKey(left);
            if (key !== undefined) {
              if (direct && context.key === undefined) context.key = key;
              keys.unshift(key);
            }
            break;
          }
          if (left && direct && context.key === undefined) {
            const idx = left.type === 'element_access_expression' ? namedKids(left.childForFieldName('subscript') ?? left) : [];
            const k = idx.length === 1 ? this.strOf(this.value(idx[0])) : undefined;
            context.key = k ?? lastName(left.type === 'element_access_expression' ? left.childForFieldName('expression')?.text ?? left.text : left.text);
          }
          if (this.enclosingFunction(cur) === null) context.topLevel = true;
          break walk;
        }
        case 'variable_declarator': {
          const name = cur.childForFieldName('name')?.text;
          if (name && direct && context.key === undefined) context.key = name;
          const holder = this.up.parent(this.up.parent(cur));
          if (holder?.type === 'field_declaration' && modifierWords(holder).some((m) => m === 'static' || m === 'const')) context.topLevel = true;
          if (holder?.type === 'local_declaration_statement' && this.up.parent(holder)?.type === 'global_statement') context.topLevel = true;
          break walk;
        }
        case 'property_declaration': {
          const name = cur.childForFieldName('name')?.text;
          if (name && direct && context.key === undefined) context.key = name;
          if (modifierWords(cur).includes('static')) context.topLevel = true;
          break walk;
        }
        case 'parameter': {
          const name = cur.childForFieldName('name')?.text;
          if (name && direct && context.key === undefined) context.key = name;
          break walk;
        }
        case 'binary_expression': {
          const op = cur.childForFieldName('operator')?.type ?? '';
          if (op === '==' || op === '!=') context.comparison = true;
          else if (op === '??') {
            const left = cur.childForFieldName('left');
            const env = left && left.id !== child.id ? this.envOf(this.value(left)) : undefined;
            if (left && env) {
              context.envFallback = true;
              context.envLookup ??= { name: env.name, span: spanOf(left), expression: spanOf(cur) };
            }
          } else if (op !== '&&' && op !== '||') {
            context.inExpression = true;
            direct = false;
            // A long concatenation: its other operands add nothing, go to its top at once.
            child = this.concatTop(cur);
            cur = this.up.parent(child);
            continue walk;
          }
          break;
        }
        case 'conditional_expression':
          if (cur.childForFieldName('condition')?.id === child.id) context.comparison = true;
          break;
        case 'switch_expression_arm':
          // `"production" => "Host=…"`: the pattern is compared, the arm's value is chosen
          if (namedKids(cur)[0]?.id === child.id) context.comparison = true;
          break walk;
        case 'constant_pattern':
        case 'case_switch_label':
        case 'switch_label':
        case 'is_pattern_expression':
          context.comparison = true;
          break walk;
        case 'argument': {
          const nameNode = cur.childForFieldName('name');
          if (nameNode && direct && context.key === undefined) context.key = nameNode.text;
          break;
        }
        case 'attribute_argument':
        case 'attribute_argument_list':
        case 'attribute':
        case 'attribute_list':
          context.nonValue = true;
          break walk;
        case 'bracketed_argument_list':
          context.nonValue = true;
          break walk;
        case 'element_binding_expression':
          context.nonValue = true;
          break walk;
        case 'argument_list': {
          const owner = this.up.parent(cur);
          if (!owner || !CALLS.has(owner.type)) break walk;
          const site = this.call(owner);
          const named = child.type === 'argument' && child.childForFieldName('name');
          const index = named ? -1 : indexAmong(cur, child, (c) => !(c.type === 'argument' && c.childForFieldName('name')));
          if (!context.call) context.call = { site, argIndex: index };
          if ((site.receiver && LOG_RECEIVER.test(brief(site.receiver)) && LOG_METHODS.test(site.name)) || (site.isNew && /Exception$/.test(site.name))) context.nonValue = true;
          // The key of a keyed call is the argument itself, not a value inside it (`AddInMemoryCollection(new Dictionary<…> { … })`).
          const isArgument = (child.type === 'argument' ? this.unwrap(child) : child).id === n.id;
          if (index === 0 && isArgument && (KEYED_CALLS.test(site.name) || (site.receiver && CONFIG_RECEIVER.test(brief(site.receiver))))) context.nonValue = true;
          if (index === 1 && SETTERS.test(site.name) && site.args[0]?.kind === 'string' && direct && context.key === undefined) context.key = site.args[0].value;
          const env = this.envOf(this.value(owner));
          const argNode = child.type === 'argument' ? this.unwrap(child) : child;
          // The default of an environment lookup belongs to what the lookup is bound to.
          if (env?.fallback && env.fallback.span.start <= argNode.startIndex && argNode.endIndex <= env.fallback.span.end) {
            context.envFallback = true;
            child = owner;
            cur = this.up.parent(owner);
            continue walk;
          }
          if (!TRANSFORMS.test(brief(site.callee)) && !(site.isNew && TRANSFORMS.test('new ' + site.callee))) break walk;
          // A call that only converts its argument keeps the literal the value of what it is bound to.
          child = owner;
          cur = this.up.parent(owner);
          continue walk;
        }
        case 'invocation_expression':
        case 'member_access_expression': {
          // "x".Equals(y), "secret".ToCharArray()
          const access = t === 'member_access_expression' ? cur : null;
          if (!access || access.childForFieldName('expression')?.id !== child.id) break walk;
          const name = access.childForFieldName('name')?.text ?? '';
          if (/^(Equals|StartsWith|EndsWith|Contains|CompareTo)$/.test(name)) {
            context.comparison = true;
            break walk;
          }
          if (/^(ToCharArray|Trim|ToString)$/.test(name)) {
            cur = this.up.parent(access);
            if (cur?.type === 'invocation_expression') {
              child = cur;
              cur = this.up.parent(cur);
            }
            continue walk;
          }
          context.inExpression = true;
          direct = false;
          break;
        }
        case 'interpolation':
          context.inExpression = true;
          direct = false;
          break;
        case 'expression_statement':
        case 'return_statement':
        case 'if_statement':
        case 'while_statement':
        case 'do_statement':
        case 'for_statement':
        case 'foreach_statement':
        case 'switch_statement':
        case 'block':
        case 'lambda_expression':
        case 'arrow_expression_clause':
        case 'declaration_list':
        case 'compilation_unit':
        case 'global_statement':
        case 'throw_statement':
        case 'throw_expression':
        case 'yield_statement':
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

  private collections(calls: CallSite[], assignments: Node[]): ModuleCollection[] {
    const result = new Map<Declaration, ModuleCollection>();
    for (const list of this.declarations.values()) {
      for (const d of list) {
        if (!d.field || !d.valueNode) continue;
        const v = this.unwrap(d.valueNode);
        if (v.type !== 'object_creation_expression' && v.type !== 'implicit_object_creation_expression' && v.type !== 'collection_expression') continue;
        const typeText = v.type === 'object_creation_expression' ? typeName(v.childForFieldName('type')?.text ?? '') : typeName(d.typeText);
        const kind = COLLECTION_TYPES[typeText];
        // A thread-safe collection in an instance field: the object is shared by concurrent requests (a singleton service).
        const service = !d.isStatic && /^Concurrent/.test(typeText);
        if (kind && (d.isStatic || service)) result.set(d, { name: d.name, kind, span: d.span, nameSpan: d.nameSpan, mutations: [], ...(service ? { service } : {}) });
      }
    }
    if (result.size === 0) return [];
    const target = (text: string, at: number) => {
      const m = /^(?:(this)\.|([A-Z]\w*)\.)?([A-Za-z_]\w*)$/.exec(brief(text));
      if (!m) return undefined;
      const d = m[2] ? this.declarations.get(m[3])?.find((x) => x.field && x.className === m[2]) : this.lookup(m[3], at, m[1] === 'this');
      return d && result.get(d);
    };
    for (const c of calls) {
      if (c.topLevel || !c.receiver || !MUTATORS.test(c.name)) continue;
      const col = target(c.receiver, c.span.start);
      if (!col) continue;
      const k = c.args[0] ?? c.kwargs?.[0]?.value;
      const startup = this.runsAtStartup(c.span.start);
      col.mutations.push({ span: c.span, keyText: k ? this.text.slice(k.span.start, k.span.end) : undefined, inHandler: c.inHandler, functionName: c.functionName, ...(startup ? { startup } : {}) });
    }
    for (const a of assignments) {
      if (a.type !== 'assignment_expression') continue;
      const left = a.childForFieldName('left');
      if (left?.type !== 'element_access_expression') continue;
      const obj = left.childForFieldName('expression');
      const fn = this.functionOf(a);
      if (!obj || fn === null) continue;
      const col = target(compact(obj.text), a.startIndex);
      if (!col) continue;
      const sub = left.childForFieldName('subscript');
      const key = sub ? namedKids(sub)[0] : undefined;
      const startup = this.runsAtStartup(a.startIndex);
      col.mutations.push({ span: spanOf(a), keyText: key?.text, inHandler: fn.handler, functionName: this.functionName(a), ...(startup ? { startup } : {}) });
    }
    return [...result.values()];
  }

  /** Code at `pos` runs when its object or type is built: a constructor or static constructor (lambdas inside included). */
  private runsAtStartup(pos: number): boolean {
    let fn = this.enclosingFunction(this.tree.rootNode.descendantForIndex(pos) ?? this.tree.rootNode);
    while (fn && (fn.type === 'lambda_expression' || fn.type === 'anonymous_method_expression' || fn.type === 'local_function_statement')) fn = this.enclosingFunction(fn);
    return fn?.type === 'constructor_declaration';
  }

  // ---- idioms ---------------------------------------------------------------------------------

  /** The idioms; they keep offsets, not nodes: the model outlives the tree. */
  private idioms(usingAt: number, beforeUsing: boolean, constants: ConstantRewrite[]): LanguageIdioms {
    const env = (name: string) => `Environment.GetEnvironmentVariable(${doubleQuoted(name)})`;
    return {
      envString: env,
      envNumber: (name, fallback) => `int.Parse(${env(name)} ?? ${asDoubleQuotedLiteral(fallback)})`,
      envStringOr: (name, fallback) => `${env(name)} ?? ${asDoubleQuotedLiteral(fallback)}`,
      envAddress: (name, host, port) => `$"${doubleQuoted(host).slice(1, -1).replace(/\{/g, '{{').replace(/\}/g, '}}')}:{${env(name)} ?? ${doubleQuoted(port)}}"`,
      envImportEdits: (code) => this.usingSystemEdits(usingAt, beforeUsing, code),
      declarationEdits: (literal) => constantRewriteEdits(constants, literal),
      lineComment: '//',
    };
  }

  /** `using System;` when the fix needs `Environment` and the file neither has it nor implicit usings. */
  private usingSystemEdits(at: number, beforeUsing: boolean, code?: string): TextEdit[] {
    if (code !== undefined && !/\bEnvironment\./.test(code)) return [];
    if (this.hasUsingSystem || this.implicitUsings) return [];
    const eol = eolOf(this.text);
    return [{ start: at, end: at, newText: beforeUsing ? `using System;${eol}` : `using System;${eol}${eol}` }];
  }
}

/** Builds the model for a C# tree. */
export function buildCSharpModel(text: string, tree: Tree): SourceModel {
  return new CSharpModelBuilder(text, tree).build();
}
