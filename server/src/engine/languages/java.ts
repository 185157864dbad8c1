/**
 * Java adapter: builds the SourceModel from a tree-sitter-java tree.
 *
 * What Java code means for the model:
 * - Environment lookups: `System.getenv("X")`, `System.getenv().getOrDefault("X", d)`,
 *   `Optional.ofNullable(System.getenv("X")).orElse(d)`, `Objects.requireNonNullElse(System.getenv("X"), d)`,
 *   `System.getenv("X") != null ? System.getenv("X") : d`, Spring's `environment.getProperty("x", d)` and
 *   `@Value("${X:d}")` on fields and parameters. Spring property names map to the environment variable
 *   Spring's relaxed binding reads (`server.port` → `SERVER_PORT`). `System.getProperty` is not an
 *   environment lookup: JVM properties are set on the command line or in code.
 * - Constants: `static final` fields, `final` and never reassigned fields and locals, followed through
 *   `this.X` and `ClassName.X`. A field injected with `@Value` resolves to its environment lookup.
 * - `Map.of("k", v, …)` / `Map.ofEntries(Map.entry("k", v), …)` are Java's dictionary literals: objects
 *   whose keys are not values; `List.of`, `Set.of` and `Arrays.asList` are arrays.
 * - Request handlers: Spring `@GetMapping`/`@PostMapping`/`@RequestMapping`… methods, JAX-RS `@GET`/`@POST`…,
 *   servlet `doGet`/`doPost`/`service`/`doFilter`, methods and lambdas taking an `HttpServletRequest`,
 *   `HttpSession`, `ServerWebExchange`, `HttpExchange` or a Javalin `Context`, and lambdas given to route
 *   methods (`app.get("/path", ctx -> …)`, Spark `get("/path", (req, res) -> …)`).
 * - Process-local collections: static fields holding a mutable map/set/list, and instance fields of
 *   singletons (Spring `@RestController`/`@Controller`/`@Service`/`@Component`/`@Repository` beans and
 *   servlets, not `@RequestScope` ones), which every request shares. Changes in constructors and in
 *   `@PostConstruct`/`@Bean`/`@EventListener` methods run at start-up.
 * - Calls at class level (field initialisers, static blocks) are top-level; static fields, interface
 *   constants and enum constants are top-level constants.
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
import { Ancestry, brief, CompactText, MAX_CONTEXT_WALK, asDoubleQuotedLiteral, cachedQuery, compact, commentOf, cStyleCommentBody, dedent, doubleQuoted, indexAmong, namedKids, parseNumberText, spanOf, ValueMemo } from './adapter-kit';

const QUERY_SOURCE = `
(string_literal) @string
(method_invocation) @call
(object_creation_expression) @call
(line_comment) @comment
(block_comment) @comment
(import_declaration) @import
(variable_declarator) @declarator
(resource) @declarator
(formal_parameter) @param
(spread_parameter) @param
(catch_formal_parameter) @param
(enhanced_for_statement) @param
(lambda_expression) @lambda
(assignment_expression) @assignment
(update_expression) @assignment
`;

const FUNCTIONS = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression']);
const WRAPPERS = new Set(['parenthesized_expression', 'cast_expression']);
const CALLS = new Set(['method_invocation', 'object_creation_expression']);
/** Class bodies; an anonymous class (`new X() { … }`) stops the search: its fields are not the outer class's. */
const CLASS_TYPES = new Set(['class_declaration', 'enum_declaration', 'record_declaration', 'interface_declaration', 'object_creation_expression']);
const SCOPE_TYPES = new Set(['block', 'constructor_body', 'switch_block', 'for_statement', 'try_with_resources_statement', ...FUNCTIONS]);

const MAPPING_ANNOTATIONS = /^(GetMapping|PostMapping|PutMapping|DeleteMapping|PatchMapping|RequestMapping|MessageMapping|ExceptionHandler|GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/;
const SERVLET_METHODS = /^(doGet|doPost|doPut|doDelete|doPatch|doHead|doOptions|service|doFilter|doFilterInternal)$/;
const REQUEST_TYPES = /^(HttpServletRequest|HttpServletResponse|ServletRequest|ServletResponse|HttpSession|ServerHttpRequest|ServerHttpResponse|ServerWebExchange|ServerRequest|HttpExchange|WebRequest|RoutingContext)$/;
const ROUTE_METHODS = /^(get|post|put|patch|delete|head|options|before|after|ws|sse|exception|addHandler|createContext|route|all)$/;
const SINGLETON_ANNOTATIONS = /^(RestController|Controller|Service|Component|Repository|Configuration|WebServlet|WebFilter|Singleton|ApplicationScoped|Path)$/;
const CONFIG_ANNOTATIONS = /^(DataSourceDefinition|MailSessionDefinition|JMSConnectionFactoryDefinition|ConnectionFactoryDefinition)$/;

const MAP_TYPES = /^(HashMap|ConcurrentHashMap|LinkedHashMap|TreeMap|WeakHashMap|Hashtable|ConcurrentSkipListMap|IdentityHashMap|EnumMap|Properties)$/;
const SET_TYPES = /^(HashSet|LinkedHashSet|TreeSet|ConcurrentSkipListSet|CopyOnWriteArraySet)$/;
const LIST_TYPES = /^(ArrayList|LinkedList|Vector|CopyOnWriteArrayList|ArrayDeque|ConcurrentLinkedQueue|ConcurrentLinkedDeque|LinkedBlockingQueue|LinkedBlockingDeque|PriorityQueue|Stack)$/;
const MUTATORS = /^(put|putAll|putIfAbsent|computeIfAbsent|computeIfPresent|compute|merge|remove|removeIf|clear|add|addAll|addFirst|addLast|offer|push|set|replace|replaceAll|retainAll|setProperty)$/;

const LOG_RECEIVER = /^(log|logger|LOG|LOGGER|Log|Logger|_log|_logger|this\.log|this\.logger|System\.out|System\.err)$/;
const LOG_METHODS = /^(trace|debug|info|warn|warning|error|fatal|severe|fine|finer|finest|config|log|println|print|printf|format|atInfo|atDebug|atWarn|atError)$/;
const SETTERS = /^(setProperty|put|set|setAttribute|addAttribute|setInitParameter|property)$/;
/** Calls whose first argument names an entry (a property, attribute, header, environment variable): a key, not a value. */
const KEYED_CALLS = /^(setProperty|getProperty|getRequiredProperty|containsProperty|clearProperty|setAttribute|getAttribute|removeAttribute|addAttribute|getParameter|getParameterValues|getHeader|getHeaders|setHeader|addHeader|getInitParameter|setInitParameter|getenv|containsKey|pathParam|queryParam|formParam|header|sessionAttribute|cookie|getCookie)$/;
const MAP_METHODS = /^(get|getOrDefault|put|putIfAbsent|remove|computeIfAbsent|containsKey)$/;
const MAP_NAMES = /(map|props|properties|headers|params|config|settings|defaults|env|attributes|cache)$/i;
const TRANSFORMS = /^(Integer\.parseInt|Integer\.valueOf|Long\.parseLong|Long\.valueOf|Short\.parseShort|Double\.parseDouble|Integer\.decode|String\.valueOf|Base64\.getDecoder\(\)\.decode|Paths\.get|Path\.of|URI\.create|Duration\.parse)$/;
const NUMBER_PARSERS = /^(Integer\.parseInt|Integer\.valueOf|Long\.parseLong|Long\.valueOf|Short\.parseShort|Integer\.decode)$/;

interface Declaration {
  name: string;
  valueNode: Node | null;
  span: Span;
  nameSpan: Span;
  scope: Span;
  field: boolean;
  isStatic: boolean;
  isFinal: boolean;
  /** The class whose body declares the field. */
  className?: string;
  /** The environment lookup of an `@Value`-injected field or parameter. */
  env?: Value;
}

interface ClassFacts {
  name: string;
  singleton: boolean;
  servlet: boolean;
}

/** Unescapes the body of a Java string literal (between the quotes). */
export function unescapeJava(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u+([0-9a-fA-F]{4})|[0-3][0-7]{0,2}|[4-7][0-7]?|\r\n|[\s\S])/g, (m, e: string, u?: string) => {
    if (u) return String.fromCharCode(parseInt(u, 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      case 's': return ' ';
      case '\n': case '\r\n': case '\r': return '';
      default: return e;
    }
  });
}

/** The value of a text block (`"""…"""`), per the JLS: incidental indentation and trailing spaces removed. */
export function textBlockValue(raw: string): string {
  let body = raw.slice(3, -3);
  const firstBreak = /^[ \t\f]*(\r\n|\r|\n)/.exec(body);
  if (firstBreak) body = body.slice(firstBreak[0].length);
  const lines = body.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1];
  const closingOwnLine = last.trim() === '';
  const dedented = dedent(closingOwnLine ? lines.slice(0, -1) : lines, closingOwnLine ? last : undefined).map((l) => l.replace(/[ \t\f]+$/, ''));
  const joined = dedented.join('\n') + (closingOwnLine ? '\n' : '');
  return unescapeJava(joined);
}

/** Spring's relaxed binding: `server.port` is read from `SERVER_PORT`. Names already in that form stay. */
export function springEnvName(property: string): string {
  if (/^[A-Z][A-Z0-9_]*$/.test(property)) return property;
  return property.replace(/\./g, '_').replace(/-/g, '').replace(/\[(\d+)\]/g, '_$1_').toUpperCase();
}

function lastName(text: string): string {
  const m = /([A-Za-z_$][\w$]*)\W*$/.exec(text);
  return m ? m[1] : text;
}

function annotationName(a: Node): string {
  return lastName(a.childForFieldName('name')?.text ?? '');
}

function modifiersOf(n: Node): Node | null {
  for (const c of n.namedChildren) if (c?.type === 'modifiers') return c;
  return null;
}

function hasModifier(n: Node, word: string): boolean {
  const mods = modifiersOf(n);
  if (!mods) return false;
  for (const c of mods.children) if (c && c.type === word) return true;
  return false;
}

function annotationsOf(n: Node): Node[] {
  const mods = modifiersOf(n);
  if (!mods) return [];
  return mods.namedChildren.filter((c): c is Node => !!c && (c.type === 'annotation' || c.type === 'marker_annotation'));
}

class JavaModelBuilder {
  private readonly calls = new Map<number, CallSite>();
  private readonly functionInfo = new Map<number, { handler: boolean }>();
  private readonly classFacts = new Map<number, ClassFacts>();
  private readonly declarations = new Map<string, Declaration[]>();
  private readonly reassigned = new Set<string>();
  private readonly values = new ValueMemo((node) => this.computeValue(node));
  private readonly resolving = new Set<number>();
  private readonly extraStrings: StringLiteral[] = [];
  /** `"prod".equals(env) ? a : b`, `if (profile.equals("production"))`, `switch (env) { case "prod" -> … }` */
  private readonly envBranches = new EnvBranches(
    { ternary_expression: ['condition'], if_statement: ['condition'], switch_expression: ['condition'], switch_block: [], switch_block_statement_group: ['#0'], switch_rule: ['#0'] },
    new Set([...FUNCTIONS, 'class_body']),
    (n) => (n.type === 'string_literal' ? this.stringValue(n) : undefined),
    (n) => this.up.parent(n),
  );
  private readonly envReads: SourceModel['envReads'] = [];
  private usesJavalin = false;

  private readonly up: Ancestry;
  private readonly compactText: CompactText;

  constructor(private readonly text: string, private readonly tree: Tree) {
    this.up = new Ancestry(tree.rootNode);
    this.compactText = new CompactText(text, (n) => (n.type === 'method_invocation' || n.type === 'field_access' ? n.childForFieldName('object') : null));
  }

  build(): SourceModel {
    const root = this.tree.rootNode;
    const captures = cachedQuery(root.tree.language, QUERY_SOURCE).captures(root);
    const stringNodes: Node[] = [];
    const callNodes: Node[] = [];
    const comments: Comment[] = [];
    const imports: ImportInfo[] = [];
    for (const { name, node } of captures) {
      switch (name) {
        case 'string':
          stringNodes.push(node);
          break;
        case 'call':
          callNodes.push(node);
          break;
        case 'comment':
          comments.push(commentOf(this.text, node, cStyleCommentBody(node.text)));
          break;
        case 'import': {
          const target = node.namedChildren.find((c) => c?.type === 'scoped_identifier' || c?.type === 'identifier');
          const module = compact(node.text).replace(/^import/, '').replace(/^static/, '').replace(/;$/, '');
          if (/^io\.javalin\b/.test(module)) this.usesJavalin = true;
          const local = module.endsWith('.*') ? undefined : module.slice(module.lastIndexOf('.') + 1);
          imports.push({ module, span: spanOf(target ?? node), bindings: local ? [{ local, imported: local }] : [], statement: spanOf(node) });
          break;
        }
        case 'declarator':
          this.declareVariable(node);
          break;
        case 'param':
          this.declareParameter(node);
          break;
        case 'lambda':
          this.declareLambdaParameters(node);
          break;
        case 'assignment': {
          const target = node.type === 'update_expression' ? node.namedChild(0) : node.childForFieldName('left');
          if (target?.type === 'identifier') this.reassigned.add(target.text);
          else if (target?.type === 'field_access' && target.childForFieldName('object')?.type === 'this') {
            const f = target.childForFieldName('field');
            if (f) this.reassigned.add(f.text);
          }
          break;
        }
      }
    }
    const calls = callNodes.map((n) => this.call(n));
    const strings: StringLiteral[] = [];
    for (const n of stringNodes) strings.push(this.literal(n));
    strings.push(...this.extraStrings);
    strings.sort((a, b) => a.span.start - b.span.start);
    this.collectEnvReads(calls);
    return {
      language: 'java',
      text: this.text,
      strings,
      calls,
      collections: this.collections(calls),
      comments,
      imports,
      envReads: this.envReads.sort((a, b) => a.span.start - b.span.start),
      idioms: javaIdioms(),
      hasErrors: root.hasError,
      lineStarts: computeLineStarts(this.text),
    };
  }

  // ---- declarations and constant resolution -------------------------------------------

  private addDeclaration(d: Declaration): void {
    const list = this.declarations.get(d.name);
    if (list) list.push(d);
    else this.declarations.set(d.name, [d]);
  }

  private declareVariable(n: Node): void {
    const nameNode = n.childForFieldName('name');
    if (!nameNode || nameNode.type !== 'identifier') return;
    const decl = n.type === 'resource' ? n : this.up.parent(n);
    if (!decl) return;
    const field = decl.type === 'field_declaration' || decl.type === 'constant_declaration';
    const scopeNode = field ? this.up.parent(decl) : this.localScope(decl);
    const classNode = field ? this.up.parent(this.up.parent(decl)) ?? null : null;
    const env = field ? this.valueAnnotationEnv(decl) : undefined;
    this.addDeclaration({
      name: nameNode.text,
      valueNode: n.childForFieldName('value'),
      span: spanOf(decl),
      nameSpan: spanOf(nameNode),
      scope: scopeNode ? spanOf(scopeNode) : { start: 0, end: this.text.length },
      field,
      isStatic: decl.type === 'constant_declaration' || hasModifier(decl, 'static') || classNode?.type === 'interface_declaration',
      isFinal: decl.type === 'constant_declaration' || hasModifier(decl, 'final') || classNode?.type === 'interface_declaration',
      className: classNode?.childForFieldName('name')?.text,
      env,
    });
  }

  /** Parameters shadow fields of the same name; `@Value` parameters are environment lookups. */
  private declareParameter(n: Node): void {
    const nameNode = n.type === 'spread_parameter'
      ? n.namedChildren.find((c) => c?.type === 'variable_declarator')?.childForFieldName('name')
      : n.childForFieldName('name') ?? n.namedChildren.find((c) => c?.type === 'identifier');
    if (!nameNode) return;
    const owner = n.type === 'enhanced_for_statement' || n.type === 'catch_formal_parameter' ? n : this.up.parent(this.up.parent(n));
    this.addDeclaration({
      name: nameNode.text,
      valueNode: null,
      span: spanOf(n),
      nameSpan: spanOf(nameNode),
      scope: owner ? spanOf(owner) : spanOf(n),
      field: false,
      isStatic: false,
      isFinal: false,
      env: n.type === 'formal_parameter' ? this.valueAnnotationEnv(n) : undefined,
    });
  }

  private declareLambdaParameters(n: Node): void {
    const params = n.childForFieldName('parameters');
    if (!params) return;
    const ids = params.type === 'identifier' ? [params] : params.type === 'inferred_parameters' ? namedKids(params).filter((c) => c.type === 'identifier') : [];
    for (const id of ids) {
      this.addDeclaration({ name: id.text, valueNode: null, span: spanOf(id), nameSpan: spanOf(id), scope: spanOf(n), field: false, isStatic: false, isFinal: false });
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

  private fieldOfClass(className: string, name: string): Declaration | undefined {
    return this.declarations.get(name)?.find((d) => d.field && d.isStatic && d.className === className);
  }

  private resolveDeclaration(d: Declaration | undefined, ref: Node): Value {
    const span = spanOf(ref);
    const name = compact(ref.text);
    if (!d) return { kind: 'identifier', name, span };
    if (d.env) return { kind: 'identifier', name, resolved: d.env, declaration: d.span, span };
    const constant = d.isFinal || !this.reassigned.has(d.name);
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

  // ---- @Value("${X:default}") ------------------------------------------------------------

  private valueAnnotation(decl: Node): Node | undefined {
    return annotationsOf(decl).find((a) => a.type === 'annotation' && annotationName(a) === 'Value');
  }

  /** The placeholder literal of an `@Value` annotation: the direct argument or `value = "…"`. */
  private valueAnnotationLiteral(a: Node): Node | undefined {
    const args = a.childForFieldName('arguments');
    if (!args) return undefined;
    for (const c of namedKids(args)) {
      if (c.type === 'string_literal') return c;
      if (c.type === 'element_value_pair' && c.childForFieldName('key')?.text === 'value') {
        const v = c.childForFieldName('value');
        if (v?.type === 'string_literal') return v;
      }
    }
    return undefined;
  }

  private valueAnnotationEnv(decl: Node): Value | undefined {
    const a = this.valueAnnotation(decl);
    const lit = a && this.valueAnnotationLiteral(a);
    if (!lit) return undefined;
    const p = this.placeholder(lit);
    if (!p) return undefined;
    return { kind: 'env', name: p.name, fallback: p.fallback, span: spanOf(lit) };
  }

  /** `"${X}"` / `"${x.y:default}"`: the environment name and the default (with its span inside the literal). */
  private placeholder(lit: Node): { name: string; fallback?: Value & { kind: 'string' } } | undefined {
    const raw = lit.text;
    if (raw.startsWith('"""')) return undefined;
    const body = raw.slice(1, -1);
    const m = /^\$\{([^:}$#{]+)(?::([^]*))?\}$/.exec(body);
    if (!m) return undefined;
    const name = springEnvName(m[1].trim());
    if (m[2] === undefined || m[2].includes('${') || body.includes('\\')) return { name };
    const start = lit.startIndex + 1 + 2 + m[1].length + 1;
    return { name, fallback: { kind: 'string', value: m[2], span: { start, end: start + m[2].length } } };
  }

  // ---- values ---------------------------------------------------------------------------

  private stringValue(n: Node): string {
    const raw = n.text;
    if (raw.startsWith('"""')) return raw.length >= 6 ? textBlockValue(raw) : '';
    return unescapeJava(raw.slice(1, -1));
  }

  /** The statically known value of an expression node. */
  value(node: Node): Value {
    return this.values.value(node);
  }

  private unwrap(n: Node): Node {
    let cur = n;
    while (WRAPPERS.has(cur.type)) {
      const inner = cur.type === 'cast_expression' ? cur.childForFieldName('value') : cur.namedChild(0);
      if (!inner) break;
      cur = inner;
    }
    return cur;
  }

  private computeValue(node: Node): Value {
    const n = this.unwrap(node);
    const span = spanOf(node);
    switch (n.type) {
      case 'string_literal':
        return { kind: 'string', value: this.stringValue(n), span };
      case 'decimal_integer_literal':
      case 'hex_integer_literal':
      case 'octal_integer_literal':
      case 'binary_integer_literal':
      case 'decimal_floating_point_literal':
      case 'hex_floating_point_literal': {
        const v = parseNumberText(n.text, true);
        return v === undefined ? { kind: 'other', text: n.text, span } : { kind: 'number', value: v, span };
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', value: n.type === 'true', span };
      case 'unary_expression': {
        const op = n.firstChild?.type;
        const operand = n.childForFieldName('operand');
        if (operand && (op === '-' || op === '+')) {
          const inner = this.value(operand);
          if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'identifier':
        return this.resolveDeclaration(this.lookup(n.text, n.startIndex), n);
      case 'field_access': {
        const obj = n.childForFieldName('object');
        const field = n.childForFieldName('field');
        if (obj && field) {
          if (obj.type === 'this') return this.resolveDeclaration(this.lookup(field.text, n.startIndex, true), n);
          if (obj.type === 'identifier' && /^[A-Z]/.test(obj.text)) {
            const d = this.fieldOfClass(obj.text, field.text);
            if (d) return this.resolveDeclaration(d, n);
          }
        }
        return { kind: 'other', text: n.text, span };
      }
      case 'method_invocation':
        return this.invocationValue(n, span);
      case 'object_creation_expression':
        return { kind: 'call', call: this.call(n), span };
      case 'array_initializer':
        return { kind: 'array', items: namedKids(n).map((c) => this.value(c)), span };
      case 'array_creation_expression': {
        const init = n.childForFieldName('value');
        return init ? { kind: 'array', items: namedKids(init).map((c) => this.value(c)), span } : { kind: 'other', text: n.text, span };
      }
      case 'ternary_expression': {
        const env = this.nullCheckedEnv(n);
        if (env) return { kind: 'env', name: env.env.name, fallback: this.value(env.fallback), span };
        return { kind: 'other', text: n.text, span };
      }
      default:
        return { kind: 'other', text: n.text, span };
    }
  }

  private envOfValue(v: Value | undefined): (Value & { kind: 'env' }) | undefined {
    if (!v) return undefined;
    if (v.kind === 'env') return v;
    if (v.kind === 'identifier' && v.resolved?.kind === 'env') return v.resolved;
    return undefined;
  }

  /** `E != null ? E : d` and `E == null ? d : E` where E reads the environment. */
  private nullCheckedEnv(n: Node): { env: Value & { kind: 'env' }; fallback: Node } | undefined {
    const cond = this.unwrap(n.childForFieldName('condition') ?? n);
    const yes = n.childForFieldName('consequence');
    const no = n.childForFieldName('alternative');
    if (cond.type !== 'binary_expression' || !yes || !no) return undefined;
    const op = cond.childForFieldName('operator')?.type;
    const left = cond.childForFieldName('left');
    const right = cond.childForFieldName('right');
    if (!left || !right || (op !== '!=' && op !== '==')) return undefined;
    const checked = left.type === 'null_literal' ? right : right.type === 'null_literal' ? left : undefined;
    const env = checked && this.envOfValue(this.value(checked));
    if (!env) return undefined;
    const taken = op === '!=' ? yes : no;
    const other = op === '!=' ? no : yes;
    const takenEnv = this.envOfValue(this.value(taken));
    if (!takenEnv || takenEnv.name !== env.name) return undefined;
    return { env, fallback: other };
  }

  private invocationValue(n: Node, span: Span): Value {
    const call = this.call(n);
    const env = this.envLookup(call);
    if (env) return { ...env, span };
    if (NUMBER_PARSERS.test(brief(call.callee)) || call.callee === 'String.valueOf') {
      const a = call.args[0];
      const inner = a?.kind === 'identifier' && a.resolved ? a.resolved : a;
      if (inner?.kind === 'env') return { ...inner, span };
      if (inner?.kind === 'number' && call.callee === 'String.valueOf') return { kind: 'string', value: String(inner.value), span };
      if (inner?.kind === 'number') return { kind: 'number', value: inner.value, span };
      if (inner?.kind === 'string' && call.callee !== 'String.valueOf') {
        const v = parseNumberText(inner.value);
        if (v !== undefined) return { kind: 'number', value: v, span };
      }
    }
    const map = this.mapLiteral(call, n);
    if (map) return { kind: 'object', props: map, span };
    if (/^(List\.of|Set\.of|Arrays\.asList|List\.copyOf|Set\.copyOf|Stream\.of)$/.test(brief(call.callee))) return { kind: 'array', items: call.args, span };
    return { kind: 'call', call, span };
  }

  /** `Map.of("k", v, …)` and `Map.ofEntries(Map.entry("k", v), …)` with literal keys, as properties. */
  private mapLiteral(call: CallSite, n: Node): Property[] | undefined {
    if (!/^(Map\.of|ImmutableMap\.of|Map\.ofEntries)$/.test(brief(call.callee))) return undefined;
    const argNodes = namedKids(n.childForFieldName('arguments') ?? n);
    const props: Property[] = [];
    if (call.callee === 'Map.ofEntries') {
      for (const e of argNodes) {
        const entry = this.unwrap(e);
        if (entry.type !== 'method_invocation' || !/^(Map\.entry|entry)$/.test(this.call(entry).callee)) return undefined;
        const kv = namedKids(entry.childForFieldName('arguments') ?? entry);
        if (kv.length !== 2 || kv[0].type !== 'string_literal') return undefined;
        props.push({ key: this.stringValue(kv[0]), keySpan: spanOf(kv[0]), value: this.value(kv[1]), span: spanOf(entry) });
      }
      return props;
    }
    if (argNodes.length % 2 !== 0) return undefined;
    for (let i = 0; i < argNodes.length; i += 2) {
      const k = argNodes[i];
      if (k.type !== 'string_literal') return undefined;
      props.push({ key: this.stringValue(k), keySpan: spanOf(k), value: this.value(argNodes[i + 1]), span: { start: k.startIndex, end: argNodes[i + 1].endIndex } });
    }
    return props;
  }

  /** The environment lookup a call makes, with its fallback when it has one. */
  private envLookup(call: CallSite): (Value & { kind: 'env' }) | undefined {
    const a0 = call.args[0];
    const str = (v: Value | undefined) => (v?.kind === 'string' ? v.value : v?.kind === 'identifier' && v.resolved?.kind === 'string' ? v.resolved.value : undefined);
    if (call.callee === 'System.getenv' && call.args.length === 1) return { kind: 'env', name: str(a0), span: call.span };
    if ((call.name === 'get' || call.name === 'getOrDefault') && call.receiver === 'System.getenv()') {
      return { kind: 'env', name: str(a0), fallback: call.name === 'getOrDefault' ? call.args[1] : undefined, span: call.span };
    }
    if ((call.name === 'orElse' || call.name === 'orElseGet') && call.receiverCall && /^Optional\.(ofNullable|of)$/.test(brief(call.receiverCall.callee))) {
      const env = this.envOfValue(call.receiverCall.args[0]);
      if (env) return { kind: 'env', name: env.name, fallback: call.name === 'orElse' ? call.args[0] : undefined, span: call.span };
    }
    if (/^Objects\.requireNonNullElse$/.test(brief(call.callee))) {
      const env = this.envOfValue(a0);
      if (env) return { kind: 'env', name: env.name, fallback: call.args[1], span: call.span };
    }
    if ((call.name === 'getProperty' || call.name === 'getRequiredProperty') && call.receiver && /(^|\.)(env|environment|springEnv|springEnvironment)$/i.test(brief(call.receiver))) {
      const name = str(a0);
      const fallback = call.name === 'getProperty' ? (call.args.length === 3 ? call.args[2] : call.args.length === 2 && !/\.class$/.test(this.text.slice(call.args[1].span.start, call.args[1].span.end)) ? call.args[1] : undefined) : undefined;
      return { kind: 'env', name: name === undefined ? undefined : springEnvName(name), fallback, span: call.span };
    }
    return undefined;
  }

  /**
   * The lookup of `call` without its fallback: `System.getenv("X")` for the forms built on
   * `System.getenv` (a missing variable then reads as null), `env.getRequiredProperty("x")` for a
   * Spring Environment (it throws when the property is missing).
   */
  private requiredLookup(call: CallSite, name: string | undefined): string | undefined {
    if ((call.name === 'getProperty') && call.receiver && call.args[0]) {
      return `${call.receiver}.getRequiredProperty(${this.text.slice(call.args[0].span.start, call.args[0].span.end)})`;
    }
    return name === undefined ? undefined : `System.getenv(${doubleQuoted(name)})`;
  }

  private collectEnvReads(calls: CallSite[]): void {
    for (const c of calls) {
      if (c.receiver === 'System.getenv()' && (c.name === 'get' || c.name === 'getOrDefault' || c.name === 'containsKey')) {
        const a = c.args[0];
        if (a?.kind === 'string') this.envReads.push({ name: a.value, span: c.span });
        continue;
      }
      const env = this.envLookup(c);
      if (env?.name && !(c.name === 'orElse' || c.name === 'orElseGet' || c.callee === 'Objects.requireNonNullElse')) this.envReads.push({ name: env.name, span: c.span });
    }
    for (const list of this.declarations.values()) {
      for (const d of list) if (d.env?.kind === 'env' && d.env.name) this.envReads.push({ name: d.env.name, span: d.env.span });
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
    const argsNode = n.childForFieldName('arguments');
    let callee = '';
    let name = '';
    let receiver: string | undefined;
    let receiverCall: CallSite | undefined;
    const isNew = n.type === 'object_creation_expression';
    if (isNew) {
      const type = n.childForFieldName('type');
      const typeText = type ? compact(type.text).replace(/<[^]*>$/, '').replace(/^@\w+/, '') : '';
      callee = typeText;
      const dot = typeText.lastIndexOf('.');
      name = dot >= 0 ? typeText.slice(dot + 1) : typeText;
      if (dot >= 0) receiver = typeText.slice(0, dot);
    } else {
      name = n.childForFieldName('name')?.text ?? '';
      const obj = n.childForFieldName('object');
      if (obj) {
        receiver = this.compactText.of(obj);
        callee = `${receiver}.${name}`;
        const o = this.unwrap(obj);
        if (!shallow && CALLS.has(o.type)) receiverCall = this.call(o);
      } else callee = name;
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
    if (argsNode && !shallow) site.args = namedKids(argsNode).map((c) => this.value(c));
    return site;
  }

  /** The variable or field the call's result is bound to. */
  private assignedTo(n: Node): string | undefined {
    let cur = n;
    for (let p = this.up.parent(cur); p && WRAPPERS.has(p.type); p = this.up.parent(cur)) cur = p;
    const p = this.up.parent(cur);
    if ((p?.type === 'variable_declarator' || p?.type === 'resource') && p.childForFieldName('value')?.id === cur.id) return p.childForFieldName('name')?.text;
    if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.id === cur.id) return lastName(p.childForFieldName('left')?.text ?? '');
    return undefined;
  }

  /** The name of the innermost method or constructor (or of the variable a lambda is bound to). */
  private functionName(n: Node): string | undefined {
    for (let fn = this.enclosingFunction(n); fn; fn = this.enclosingFunction(fn)) {
      if (fn.type !== 'lambda_expression') return fn.childForFieldName('name')?.text;
      const bound = this.assignedTo(fn);
      if (bound) return bound;
    }
    return undefined;
  }

  /** The statement holding `n`: the ancestor whose parent is a block or a class body. */
  private statementSpan(n: Node): Span | undefined {
    const stmt = this.up.climb(n, 'statement', (_x, p) => !p || /^(program|block|constructor_body|class_body|switch_block_statement_group|enum_body_declarations|interface_body)$/.test(p.type));
    return stmt && this.up.parent(stmt) ? spanOf(stmt) : undefined;
  }

  // ---- classes, functions and handlers ------------------------------------------------------

  private classOf(n: Node): ClassFacts | undefined {
    const cur = this.up.closest(n, 'class', CLASS_TYPES);
    if (!cur || cur.type === 'object_creation_expression') return undefined;
    const known = this.classFacts.get(cur.id);
    if (known) return known;
    const superclass = cur.childForFieldName('superclass')?.text.replace(/^extends\s+/, '') ?? '';
    const servlet = /(^|\.)(HttpServlet|GenericServlet|HttpFilter|OncePerRequestFilter)$/.test(compact(superclass));
    const annotations = annotationsOf(cur);
    // a request- or prototype-scoped bean is created anew for each request or use
    const scoped = annotations.some((a) => /^(RequestScope|Scope)$/.test(annotationName(a)) && (annotationName(a) === 'RequestScope' || /request|prototype/i.test(a.text)));
    const singleton = !scoped && (servlet || annotations.some((a) => SINGLETON_ANNOTATIONS.test(annotationName(a))));
    const facts = { name: cur.childForFieldName('name')?.text ?? '', singleton, servlet };
    this.classFacts.set(cur.id, facts);
    return facts;
  }

  private enclosingFunction(n: Node): Node | null {
    return this.up.closest(n, 'function', FUNCTIONS);
  }

  /** The innermost enclosing function's facts, or null at class level. A handler anywhere up the chain counts. */
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


  private parameterTypes(fn: Node): string[] {
    const params = fn.childForFieldName('parameters');
    if (!params || params.type !== 'formal_parameters') return [];
    return namedKids(params)
      .filter((p) => p.type === 'formal_parameter')
      .map((p) => lastName(compact(p.childForFieldName('type')?.text ?? '').replace(/<[^]*>$/, '')));
  }

  private looksLikeHandler(fn: Node): boolean {
    const types = this.parameterTypes(fn);
    if (types.some((t) => REQUEST_TYPES.test(t))) return true;
    if (this.usesJavalin && types.includes('Context')) return true;
    if (types.includes('Request') && types.includes('Response')) return true;
    if (fn.type === 'method_declaration') {
      if (annotationsOf(fn).some((a) => MAPPING_ANNOTATIONS.test(annotationName(a)) || (annotationName(a) === 'Path' && fn.type === 'method_declaration'))) return true;
      const name = fn.childForFieldName('name')?.text ?? '';
      if (SERVLET_METHODS.test(name) && this.classOf(fn)?.servlet) return true;
      return false;
    }
    if (fn.type !== 'lambda_expression') return false;
    const args = this.up.parent(fn);
    const callNode = args?.type === 'argument_list' ? this.up.parent(args) : null;
    if (!callNode || callNode.type !== 'method_invocation') return false;
    const site = this.call(callNode);
    if (site.name === 'handler' && site.receiverCall && ROUTE_METHODS.test(site.receiverCall.name)) return true;
    if (!ROUTE_METHODS.test(site.name)) return false;
    const first = site.args[0];
    if (first?.kind === 'string' && first.value.startsWith('/')) return true;
    const params = fn.childForFieldName('parameters');
    const names = params?.type === 'identifier' ? [params.text] : params ? namedKids(params).map((p) => (p.type === 'identifier' ? p.text : p.childForFieldName('name')?.text ?? '')) : [];
    return names.length > 0 && /^(ctx|context|req|request|exchange|rc|routingContext)$/.test(names[0]);
  }

  /** The top of a chain of `binary_expression` nodes with operators that only build a value (`+`, `.`, `*`…). */
  private concatTop(n: Node): Node {
    const plain = (x: Node) => x.type === 'binary_expression' && !/^(==|!=|&&|\|\|)$/.test(x.childForFieldName('operator')?.type ?? '');
    return this.up.climb(n, 'concat', (_x, p) => !p || !plain(p)) ?? n;
  }

  // ---- string literals with context -------------------------------------------------------

  private literal(n: Node): StringLiteral {
    const value = this.stringValue(n);
    const span = spanOf(n);
    const quote = n.text.startsWith('"""') ? 3 : 1;
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
        case 'array_initializer':
        case 'array_creation_expression':
        case 'element_value_array_initializer':
          break;
        case 'variable_declarator':
        case 'resource': {
          const nameNode = cur.childForFieldName('name');
          if (nameNode && context.key === undefined && direct) context.key = nameNode.text;
          const decl = t === 'resource' ? cur : this.up.parent(cur);
          if (decl && (decl.type === 'constant_declaration' || (decl.type === 'field_declaration' && (hasModifier(decl, 'static') || this.up.parent(this.up.parent(decl))?.type === 'interface_declaration')))) {
            context.topLevel = true;
          }
          break walk;
        }
        case 'assignment_expression': {
          const left = cur.childForFieldName('left');
          if (left?.id === child.id) {
            context.nonValue = true;
            break walk;
          }
          if (left && context.key === undefined && direct) context.key = lastName(left.text);
          if (this.enclosingFunction(cur) === null) context.topLevel = true;
          break walk;
        }
        case 'binary_expression': {
          const op = cur.childForFieldName('operator')?.type ?? '';
          if (op === '==' || op === '!=') context.comparison = true;
          else if (op !== '&&' && op !== '||') {
            context.inExpression = true;
            direct = false;
            // A long concatenation: its other operands add nothing, go to its top at once.
            child = this.concatTop(cur);
            cur = this.up.parent(child);
            continue walk;
          }
          break;
        }
        case 'ternary_expression': {
          if (cur.childForFieldName('condition')?.id === child.id) context.comparison = true;
          else {
            const env = this.nullCheckedEnv(cur);
            if (env && env.fallback.id === child.id) context.envFallback = true;
          }
          break;
        }
        case 'switch_label':
          context.comparison = true;
          break walk;
        case 'element_value_pair': {
          const key = cur.childForFieldName('key')?.text;
          if (key !== undefined) {
            if (direct && context.key === undefined) context.key = key;
            keys.unshift(key);
          }
          break;
        }
        case 'annotation_argument_list': {
          const annotation = this.up.parent(cur);
          if (annotation && annotationName(annotation) === 'Value') {
            this.valueAnnotationContext(n, annotation, context);
          } else if (!annotation || !CONFIG_ANNOTATIONS.test(annotationName(annotation))) {
            context.nonValue = true;
          }
          break walk;
        }
        case 'argument_list': {
          const owner = this.up.parent(cur);
          if (owner?.type === 'enum_constant') {
            const name = owner.childForFieldName('name')?.text;
            if (name && context.key === undefined && direct) context.key = name;
            context.topLevel = true;
            break walk;
          }
          if (!owner || !CALLS.has(owner.type)) break walk;
          const site = this.call(owner);
          // comments between the arguments are not arguments
          const index = indexAmong(cur, child, (c) => !c.type.endsWith('comment'));
          if (/^(Map\.of|ImmutableMap\.of)$/.test(brief(site.callee)) && this.value(owner).kind === 'object') {
            if (index % 2 === 0) {
              context.nonValue = true;
              break walk;
            }
            const k = site.args[index - 1];
            if (k?.kind === 'string') {
              if (direct && context.key === undefined) context.key = k.value;
              keys.unshift(k.value);
            }
            child = owner;
            cur = this.up.parent(owner);
            continue walk;
          }
          const entries = this.up.parent(this.up.parent(owner));
          if (/^(Map\.entry|entry)$/.test(brief(site.callee)) && entries && this.unwrap(entries).type === 'method_invocation' && this.call(this.unwrap(entries)).callee === 'Map.ofEntries') {
            if (index === 0) {
              context.nonValue = true;
              break walk;
            }
            const k = site.args[0];
            if (k?.kind === 'string') {
              if (direct && context.key === undefined) context.key = k.value;
              keys.unshift(k.value);
            }
            child = entries;
            cur = this.up.parent(child);
            continue walk;
          }
          if (/^(List\.of|Set\.of|Arrays\.asList|List\.copyOf|Stream\.of)$/.test(brief(site.callee))) {
            child = owner;
            cur = this.up.parent(owner);
            continue walk;
          }
          if (!context.call) context.call = { site, argIndex: index };
          if ((site.receiver && LOG_RECEIVER.test(brief(site.receiver)) && LOG_METHODS.test(site.name)) || (site.isNew && /(Exception|Error)$/.test(site.name))) {
            context.nonValue = true;
          }
          if (index === 1 && SETTERS.test(site.name) && site.args[0]?.kind === 'string' && context.key === undefined && direct) context.key = site.args[0].value;
          if (index === 0 && (KEYED_CALLS.test(site.name) || (MAP_METHODS.test(site.name) && this.isMapReceiver(site, owner)))) context.nonValue = true;
          const env = this.envOfValue(this.value(owner));
          // The default of an environment lookup belongs to what the lookup is bound to (`key: getOrDefault("X", "d")`).
          if (env?.fallback && env.fallback.span.start === child.startIndex && env.fallback.span.end === child.endIndex) {
            context.envFallback = true;
            context.envLookup ??= { name: env.name, span: spanOf(owner), expression: spanOf(owner), required: this.requiredLookup(site, env.name) };
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
        case 'method_invocation': {
          // The literal is the receiver: "x".equals(y), "secret".getBytes()
          if (cur.childForFieldName('object')?.id !== child.id) break walk;
          const name = cur.childForFieldName('name')?.text ?? '';
          if (/^(equals|equalsIgnoreCase|contentEquals|compareTo|compareToIgnoreCase|startsWith|endsWith|contains|matches)$/.test(name)) {
            context.comparison = true;
            break walk;
          }
          if (/^(getBytes|toCharArray|trim|strip|intern|toString)$/.test(name)) break;
          context.inExpression = true;
          direct = false;
          break;
        }
        case 'expression_statement':
        case 'return_statement':
        case 'if_statement':
        case 'while_statement':
        case 'do_statement':
        case 'for_statement':
        case 'enhanced_for_statement':
        case 'block':
        case 'lambda_expression':
        case 'class_body':
        case 'program':
        case 'switch_rule':
        case 'yield_statement':
        case 'throw_statement':
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
    return { value, span, innerSpan: { start: span.start + quote, end: Math.max(span.start + quote, span.end - quote) }, context };
  }

  /** The receiver of a `get`/`put` call is a map: `System.getenv()`, a map field or a map-like name. */
  private isMapReceiver(site: CallSite, at: Node): boolean {
    const r = site.receiver;
    if (!r) return false;
    if (r === 'System.getenv()' || MAP_NAMES.test(brief(r))) return true;
    const d = this.collectionTarget(r, at.startIndex);
    return !!d?.valueNode && this.collectionKind(d.valueNode) === 'map';
  }

  /**
   * `@Value("${X:default}")`: the placeholder is not a value itself; its default is listed as a
   * literal of its own, marked as the fallback of the environment lookup.
   */
  private valueAnnotationContext(lit: Node, annotation: Node, context: StringContext): void {
    context.nonValue = true;
    const target = this.up.parent(this.up.parent(annotation));
    const targetName = target?.type === 'field_declaration'
      ? target.namedChildren.find((c) => c?.type === 'variable_declarator')?.childForFieldName('name')?.text
      : target?.childForFieldName('name')?.text;
    if (targetName) context.key = targetName;
    const p = this.placeholder(lit);
    if (!p?.fallback || p.fallback.value === '') return;
    // `${X:d}` without its default is `${X}`: the inside of the quotes up to the default's colon
    const placeholder = { start: lit.startIndex + 1, end: lit.endIndex - 1 };
    const required = this.text.slice(placeholder.start, p.fallback.span.start - 1) + '}';
    this.extraStrings.push({
      value: p.fallback.value,
      span: p.fallback.span,
      innerSpan: p.fallback.span,
      context: {
        key: targetName,
        keyPath: [],
        envFallback: true,
        envLookup: { name: p.name, span: placeholder, expression: placeholder, required },
        topLevel: target?.type === 'field_declaration' && hasModifier(target, 'static') ? true : undefined,
      },
    });
  }

  // ---- process-local collections --------------------------------------------------------------

  private collectionKind(v: Node): ModuleCollection['kind'] | undefined {
    const n = this.unwrap(v);
    if (n.type === 'object_creation_expression') {
      const type = lastName(compact(n.childForFieldName('type')?.text ?? '').replace(/<[^]*>$/, ''));
      if (MAP_TYPES.test(type)) return 'map';
      if (SET_TYPES.test(type)) return 'set';
      if (LIST_TYPES.test(type)) return 'array';
      return undefined;
    }
    if (n.type === 'method_invocation') {
      const callee = this.call(n).callee;
      if (/^(Collections\.synchronized(Sorted)?Map|Maps\.new\w*Map|Maps\.newConcurrentMap)$/.test(brief(callee))) return 'map';
      if (/^(Collections\.synchronized(Sorted)?Set|Sets\.new\w*Set|ConcurrentHashMap\.newKeySet)$/.test(brief(callee))) return 'set';
      if (/^(Collections\.synchronizedList|Lists\.new\w*List)$/.test(brief(callee))) return 'array';
    }
    return undefined;
  }

  private collections(calls: CallSite[]): ModuleCollection[] {
    const result = new Map<Declaration, ModuleCollection>();
    for (const list of this.declarations.values()) {
      for (const d of list) {
        if (!d.field || !d.valueNode) continue;
        if (!d.isStatic) {
          const facts = this.classOf(this.tree.rootNode.descendantForIndex(d.nameSpan.start) ?? this.tree.rootNode);
          if (!facts?.singleton) continue;
        }
        const kind = this.collectionKind(d.valueNode);
        // an instance field of a singleton: its methods serve every request
        if (kind) result.set(d, { name: d.name, kind, span: d.span, nameSpan: d.nameSpan, mutations: [], ...(d.isStatic ? {} : { service: true }) });
      }
    }
    if (result.size === 0) return [];
    for (const c of calls) {
      if (c.topLevel || !MUTATORS.test(c.name) || !c.receiver) continue;
      let target = c.receiver;
      let keyText: string | undefined;
      if (c.receiverCall && /^(get|getOrDefault|computeIfAbsent)$/.test(c.receiverCall.name) && c.receiverCall.receiver) {
        // CARTS.get(id).add(item) changes the map's entry for id
        target = c.receiverCall.receiver;
        const k = c.receiverCall.args[0];
        keyText = k ? this.text.slice(k.span.start, k.span.end) : undefined;
      } else {
        const k = c.args[0];
        keyText = k ? this.text.slice(k.span.start, k.span.end) : undefined;
      }
      const d = this.collectionTarget(target, c.span.start);
      const col = d && result.get(d);
      if (!col) continue;
      const startup = this.runsAtStartup(c.span.start);
      col.mutations.push({ span: c.span, keyText, inHandler: c.inHandler, functionName: c.functionName, ...(startup ? { startup } : {}) });
    }
    return [...result.values()];
  }

  /** Code at `pos` runs when its object is built or the application starts: a constructor, `@PostConstruct`, `@Bean`, a start-up event listener. */
  private runsAtStartup(pos: number): boolean {
    let fn = this.enclosingFunction(this.tree.rootNode.descendantForIndex(pos) ?? this.tree.rootNode);
    while (fn?.type === 'lambda_expression') fn = this.enclosingFunction(fn);
    if (!fn) return false;
    if (fn.type !== 'method_declaration') return true;
    return annotationsOf(fn).some((a) => /^(PostConstruct|Bean|EventListener)$/.test(annotationName(a)));
  }

  /** The field a receiver text (`CACHE`, `this.cache`, `Store.CACHE`) refers to at `at`. */
  private collectionTarget(receiver: string, at: number): Declaration | undefined {
    const m = /^(?:(this)\.|([A-Z]\w*)\.)?([A-Za-z_$][\w$]*)$/.exec(brief(receiver));
    if (!m) return undefined;
    if (m[2]) return this.fieldOfClass(m[2], m[3]);
    const d = this.lookup(m[3], at, m[1] === 'this');
    return d?.field ? d : undefined;
  }
}

/** Java idioms: `System.getenv`, parsed with `Integer.parseInt`; nothing to import (java.lang). */
function javaIdioms(): LanguageIdioms {
  return {
    envString: (name) => `System.getenv(${doubleQuoted(name)})`,
    envNumber: (name, fallback) => `Integer.parseInt(System.getenv().getOrDefault(${doubleQuoted(name)}, ${asDoubleQuotedLiteral(fallback)}))`,
    envStringOr: (name, fallback) => `System.getenv().getOrDefault(${doubleQuoted(name)}, ${asDoubleQuotedLiteral(fallback)})`,
    envAddress: (name, host, port) => `${doubleQuoted(host + ':')} + System.getenv().getOrDefault(${doubleQuoted(name)}, ${doubleQuoted(port)})`,
    envImportEdits: () => [],
    lineComment: '//',
  };
}

/** Builds the model for a Java tree. */
export function buildJavaModel(text: string, tree: Tree): SourceModel {
  return new JavaModelBuilder(text, tree).build();
}
