/**
 * Conditionals on the deployment environment, for the tree-sitter adapters of Python, Go, Java, Ruby,
 * C# and PHP: `"a" if APP_ENV == "production" else "b"`, `if Rails.env.production?`,
 * `switch os.Getenv("APP_ENV") { case "production": … }`, `builder.Environment.IsProduction() ? a : b`,
 * `app()->environment('production')`. A literal in a branch of such a conditional gets
 * `StringContext.envBranch`: the code picks a value per environment instead of reading it from the
 * environment. Each adapter describes its grammar's conditionals; the test of the condition is shared.
 */
import type { Node } from '@vscode/tree-sitter-wasm';

/** Environment variables (and Spring's property) that name the deployment environment. */
const ENV_SELECTORS = new Set([
  'NODE_ENV', 'APP_ENV', 'APP_ENVIRONMENT', 'ENV', 'ENVIRONMENT', 'STAGE', 'DEPLOY_ENV', 'DEPLOYMENT_ENV', 'RAILS_ENV', 'RACK_ENV',
  'FLASK_ENV', 'DJANGO_ENV', 'PYTHON_ENV', 'GO_ENV', 'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'SPRING_PROFILES_ACTIVE',
  'spring.profiles.active', 'MIX_ENV', 'PHP_ENV',
]);
/** Names of deployment environments, compared in lower case. */
const ENV_NAMES = new Set(['production', 'prod', 'development', 'dev', 'staging', 'stage', 'test', 'testing', 'local', 'qa', 'uat', 'preview']);
/**
 * Flags and predicates naming an environment: `isProduction`, `IS_PROD`, `production`, Rails'
 * `production?` and `local?`, .NET's `IsDevelopment`, Laravel's `isLocal`.
 */
const ENV_FLAG =
  /^(?:_*(?:is|Is|IS)_?)?(?:prod|Prod|PROD|production|Production|PRODUCTION|dev|Dev|DEV|development|Development|DEVELOPMENT|staging|Staging|STAGING)\??_*$|^_*(?:is|Is|IS)_?(?:local|Local|LOCAL|test|Test|TEST|testing|Testing)_*$|^(?:local|test|testing)\?$/;
/** Return statements of the grammars (Ruby's is `return`). */
const RETURN_TYPES = ['return_statement', 'return'];
const RETURNS = new Set(RETURN_TYPES);
/** How far up a literal the conditional choosing it is looked for. */
const MAX_DEPTH = 48;
const IDENTIFIERS = new Set(['identifier', 'field_identifier', 'property_identifier', 'constant', 'name', 'simple_identifier']);
/** How many nodes of a condition are looked at, at most: a condition is short; a huge one is not about the environment. */
const MAX_CONDITION_NODES = 400;

/** A grammar's conditionals: node type → the fields holding what is tested (`#0`, `#1`: the named child at that index). */
export type Conditionals = Readonly<Record<string, readonly string[]>>;

/** Finds the conditionals on the environment around literals; results per condition node are cached. */
export class EnvBranches {
  private readonly cache = new Map<number, boolean>();
  private readonly returns = new Map<number, boolean>();

  /**
   * @param conditionals the grammar's conditional node types and the fields of their tests
   * @param boundaries node types that end the search (functions, classes): a branch outside the
   *   function does not choose the function's values
   * @param stringValue the value of a string literal node, undefined for other nodes
   * @param parent the parent of a node (adapters of deep trees keep a map: tree-sitter walks from the root)
   */
  constructor(
    private readonly conditionals: Conditionals,
    private readonly boundaries: ReadonlySet<string>,
    private readonly stringValue: (n: Node) => string | undefined,
    private readonly parent: (n: Node) => Node | null = (n) => n.parent,
  ) {}

  /** True when `n` sits in a branch (not the test) of a conditional on the deployment environment. */
  inBranch(n: Node): boolean {
    let child = n;
    let cur = this.parent(n);
    for (let depth = 0; cur && depth < MAX_DEPTH; depth++) {
      if (this.boundaries.has(cur.type)) return false;
      const fields = this.conditionals[cur.type];
      if (fields && this.chooses(cur, child, fields)) return true;
      if (RETURNS.has(cur.type) && this.afterEarlyReturn(cur)) return true;
      child = cur;
      cur = this.parent(cur);
    }
    return false;
  }

  /** `if env == "production" { return a }; return b`: the value returned for the other environments. */
  private afterEarlyReturn(ret: Node): boolean {
    let count = 0;
    for (let prev = ret.previousNamedSibling; prev && count < 8; prev = prev.previousNamedSibling, count++) {
      const fields = this.conditionals[prev.type];
      if (!fields || !this.returnsInside(prev)) continue;
      if (fields.some((f) => {
        const t = testOf(prev as Node, f);
        return !!t && this.isEnvCondition(t);
      })) return true;
    }
    return false;
  }

  private chooses(conditional: Node, child: Node, fields: readonly string[]): boolean {
    const tests: Node[] = [];
    for (const f of fields) {
      const t = testOf(conditional, f);
      if (t) tests.push(t);
    }
    // an if/elif/else chain or the arms of a switch: the tests of the clauses too
    const body = conditional.childForFieldName('body');
    const clauses = body && !this.conditionals[body.type] ? [...conditional.namedChildren, ...body.namedChildren] : conditional.namedChildren;
    for (const c of clauses) {
      if (!c || c.id === child.id || !this.conditionals[c.type]) continue;
      for (const f of this.conditionals[c.type]) {
        const t = testOf(c, f);
        if (t && t.type !== c.type) tests.push(t);
      }
    }
    // the literal inside a test is compared, not chosen
    if (tests.some((t) => t.startIndex <= child.startIndex && child.endIndex <= t.endIndex)) return false;
    return tests.some((t) => this.isEnvCondition(t));
  }

  private returnsInside(n: Node): boolean {
    let r = this.returns.get(n.id);
    if (r === undefined) {
      r = n.descendantsOfType(RETURN_TYPES).length > 0;
      this.returns.set(n.id, r);
    }
    return r;
  }

  /** True when a condition reads the environment's name, tests an environment flag, or compares with an environment name. */
  isEnvCondition(condition: Node): boolean {
    const cached = this.cache.get(condition.id);
    if (cached !== undefined) return cached;
    let found = false;
    let seen = 0;
    const stack: Node[] = [condition];
    while (stack.length && !found && seen++ < MAX_CONDITION_NODES) {
      const n = stack.pop() as Node;
      const s = this.stringValue(n);
      if (s !== undefined) {
        if (ENV_NAMES.has(s.toLowerCase()) || ENV_SELECTORS.has(s)) found = true;
        continue;
      }
      if (IDENTIFIERS.has(n.type)) {
        // `ENV` alone is Ruby's environment hash: reading any variable is not choosing by environment
        if (ENV_FLAG.test(n.text) || (ENV_SELECTORS.has(n.text) && n.text !== 'ENV')) found = true;
        continue;
      }
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
    this.cache.set(condition.id, found);
    return found;
  }
}

function testOf(conditional: Node, field: string): Node | null {
  if (!field.startsWith('#')) return conditional.childForFieldName(field);
  let i = Number(field.slice(1));
  for (const c of conditional.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (i-- === 0) return c;
  }
  return null;
}
