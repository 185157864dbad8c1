/**
 * The language-neutral view of a source file that rules work on.
 *
 * A language adapter (languages/*.ts) parses the text with a real parser and fills this model:
 * string literals with their context, calls with their arguments as values, module-level
 * collections and their mutations, comments, imports, and the idioms to write an environment
 * lookup or add an import. Rules read only this model, so a rule is written once and a language
 * is added once.
 */
import type { Span, TextEdit } from './types';

export type LanguageId =
  | 'javascript'
  | 'typescript'
  | 'python'
  | 'go'
  | 'java'
  | 'ruby'
  | 'csharp'
  | 'php'
  // configuration and deploy formats
  | 'dockerfile'
  | 'yaml'
  | 'json'
  | 'dotenv'
  | 'properties'
  | 'xml'
  | 'procfile';

/**
 * What a file is for: program `source`; `app-config` read by the app at start (application.yml,
 * appsettings.json, logback.xml, database.yml); `deploy` files (Dockerfile, compose, Kubernetes
 * manifests, .env, Procfile), where ports and service host names are ordinary configuration.
 */
export type FileKind = 'source' | 'app-config' | 'deploy';

/** A value as far as it can be known statically. */
export type Value =
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  /** An environment lookup, e.g. `process.env.PORT || 3000`: `name` is PORT, `fallback` 3000. */
  | { kind: 'env'; name?: string; fallback?: Value; span: Span }
  /** A dict, hash, map or object literal; `type` names the literal's type when it has one (Go `redis.Options{…}`). */
  | {
      kind: 'object';
      props: Property[];
      type?: string;
      span: Span;
      /** Some entries (`...spread`, computed keys, methods) could not be read: `props` is partial. */
      incomplete?: boolean;
    }
  | { kind: 'array'; items: Value[]; span: Span }
  | { kind: 'call'; call: CallSite; span: Span }
  /** A name; `resolved` is the value of the constant it refers to, when known. */
  | { kind: 'identifier'; name: string; resolved?: Value; declaration?: Span; span: Span }
  /** A template/interpolated string with substitutions; `parts` holds the literal pieces. */
  | { kind: 'template'; parts: string[]; span: Span }
  | { kind: 'other'; text: string; span: Span };

export interface Property {
  key: string;
  keySpan: Span;
  value: Value;
  /** Span of the whole `key: value` entry. */
  span: Span;
}

/** Where a string literal sits; rules decide from this whether it is configuration. */
export interface StringContext {
  /** The name the literal is bound to: variable, property key, assignment target, keyword argument, parameter. */
  key?: string;
  /** Keys of the enclosing object literals, outermost first, ending with `key` when it is a property. */
  keyPath: string[];
  /**
   * The nearest call the literal is an argument of (directly or inside an object/array argument).
   * `argIndex` is -1 for a keyword/named argument, whose name is then `key`.
   */
  call?: { site: CallSite; argIndex: number };
  /** The type named by the innermost typed object literal around the literal (Go `http.Server{Addr: ":8080"}`). */
  objectType?: string;
  /** The literal is the fallback of an environment lookup (`process.env.X || "…"`). */
  envFallback?: boolean;
  /**
   * For an environment fallback: the lookup (`process.env.X`), its variable name when known, and the
   * whole expression (`process.env.X || "…"`, or `X = "…"` when destructured from the environment).
   */
  envLookup?: {
    name?: string;
    span: Span;
    expression: Span;
    destructured?: boolean;
    /**
     * The lookup written without its fallback, when that is not the text at `span`: the fallback is
     * an argument of the lookup (`System.getenv().getOrDefault("X", "d")` → `System.getenv("X")`,
     * `ENV.fetch("X", "d")` → `ENV.fetch("X")`, `@Value("${X:d}")` → `${X}`). `span` and `expression`
     * are then both the whole lookup.
     */
    required?: string;
  };
  /** The literal is a branch of a conditional on the deployment environment (`NODE_ENV === 'production' ? a : b`). */
  envBranch?: boolean;
  /** The literal is compared with something (`x === "password"`, `case "token":`). */
  comparison?: boolean;
  /** A module specifier, a type, a JSX/HTML attribute of a form field, a dictionary key, a log message… */
  nonValue?: boolean;
  /** The literal is a part of a larger expression (concatenation, template, call result other than config). */
  inExpression?: boolean;
  /** The literal is a module-level (top-level) constant or property of one. */
  topLevel?: boolean;
  /** For a literal assigned to a field or property (`srv.Addr = ":8080"`): the object's text, `srv`. */
  receiver?: string;
  /**
   * For a literal inside a dict/object literal: the name that literal is assigned to, when the adapter
   * knows it (`DATABASES` for `DATABASES = {"default": {"HOST": "…"}}`); not part of `keyPath`.
   */
  container?: string;
}

export interface StringLiteral {
  /** The unescaped value. */
  value: string;
  /** Span including the quotes. */
  span: Span;
  /** Span of the value without quotes (for masking and editing). */
  innerSpan: Span;
  context: StringContext;
  /** In configuration formats every scalar is listed here; this says what the scalar was. Default `string`. */
  scalar?: 'string' | 'number' | 'boolean';
  /** The file holds this encoding of `value` (Kubernetes Secret `data` is base64); `value` is the decoded text. */
  encoding?: 'base64';
}

export interface CallSite {
  /** The callee as written, without whitespace: `app.listen`, `winston.transports.File`, `http.createServer(app).listen`. */
  callee: string;
  /** Last name of the callee: `listen`, `File`. */
  name: string;
  /** Text of the receiver for member calls: `app`, `winston.transports`. */
  receiver?: string;
  /** The receiver when it is itself a call: `http.createServer(app)` for `http.createServer(app).listen()`. */
  receiverCall?: CallSite;
  /** `new X(...)`. */
  isNew: boolean;
  args: Value[];
  /** Keyword arguments (Python `f(port=8080)`, Ruby `key: value`, C# named args). */
  kwargs?: Property[];
  span: Span;
  /** Span of the argument list, including the parentheses. */
  argsSpan: Span;
  /** The call is at module level (not inside a function). */
  topLevel: boolean;
  /** The call sits in a function that looks like a request handler. */
  inHandler: boolean;
  /** The variable the call's result is bound to: `logStream` for `const logStream = fs.createWriteStream(…)`. */
  assignedTo?: string;
  /**
   * When the call is the value of an entry of (nested) array/dictionary literals, the keys from the
   * outermost literal down to that entry: `['channels', 'single', 'path']` for
   * `'path' => storage_path('logs/laravel.log')` in a Laravel config array. Set by the adapters that know it.
   */
  keyPath?: string[];
  /** Name of the innermost named function the call sits in (declaration, method, or function bound to a name). */
  functionName?: string;
  /** Span of the statement holding the call (a direct child of the enclosing block or of the module). */
  statement?: Span;
}

/** A module-level mutable collection (Map, Set, object, dict, slice…) and where it is changed. */
export interface ModuleCollection {
  name: string;
  kind: 'map' | 'set' | 'object' | 'array' | 'other';
  /** Span of the declaration. */
  span: Span;
  /** Span of the name in the declaration. */
  nameSpan: Span;
  mutations: CollectionMutation[];
  /**
   * An instance field of an object that lives as long as the process and serves every request (a
   * singleton bean, a .NET service whose instance fields are thread-safe collections): its methods
   * other than constructors and start-up hooks run while requests are served.
   */
  service?: boolean;
}

export interface CollectionMutation {
  span: Span;
  /** Text of the key / pushed value, when there is one: `req.session.id`, `userId`. */
  keyText?: string;
  /** The mutation happens in a function that looks like a request handler. */
  inHandler: boolean;
  /** How the collection is changed: a method call (`x.set(k, v)`), an index (`x[k] = v`) or a named property (`x.count++`). */
  via?: 'call' | 'index' | 'property';
  /** Name of the innermost named function the mutation sits in, when the adapter knows it (rules check whether handlers call it). */
  functionName?: string;
  /** The mutation runs when its object is built or the app starts (a constructor, static initialiser, `@PostConstruct`), not per request. */
  startup?: boolean;
}

export interface Comment {
  /** Text without the comment markers. */
  text: string;
  span: Span;
  /** 0-based line where the comment starts / ends. */
  line: number;
  endLine: number;
  /** The comment is alone on its line(s) (no code before it). */
  ownLine: boolean;
}

export interface ImportInfo {
  /** Module name: `express`, `os`, `net/http`. */
  module: string;
  span: Span;
  /** Names the import binds in the file, when the adapter knows them. */
  bindings?: ImportBinding[];
  /** Span of the whole import statement or `require` declaration at module level, when it is one. */
  statement?: Span;
}

/** A local name bound by an import: `import { a as b }` binds `b` to `a`. */
export interface ImportBinding {
  local: string;
  /** `default`, `*` (a namespace import, or the whole module returned by `require`), or the exported name. */
  imported: string;
}

/**
 * How to write things in this language (used by fixes). In configuration and deploy formats the
 * env idioms write the inside of a value (to replace `StringLiteral.innerSpan`), and formats without
 * a placeholder syntax (appsettings.json, Kubernetes manifests, web.config) give an empty value:
 * there the platform sets the key from the environment by its name.
 */
export interface LanguageIdioms {
  /** Expression reading a string environment variable that must be set. */
  envString(name: string): string;
  /** Expression reading a numeric environment variable with a numeric default (in Go a string expression: Go servers take the port as a string). */
  envNumber(name: string, fallback: string): string;
  /**
   * Edits that make `envString`/`envNumber`/`envAddress` compile (e.g. add `import os`); empty when
   * nothing is needed. With `code` (the text a fix inserts), only the imports that text needs: in
   * languages where an unused import is an error (Go), an adapter without `code` returns the imports
   * of the idiom results produced since its previous call.
   */
  envImportEdits(code?: string): TextEdit[];
  /**
   * Optional: expression for a `host:port` listen address whose port is read from the environment
   * variable `name`, `fallbackPort` (digits) when unset: Go `":" + cmp.Or(os.Getenv("PORT"), "8080")`,
   * Python `"0.0.0.0:" + os.environ.get("PORT", "8000")`. `host` may be empty.
   */
  envAddress?(name: string, host: string, fallbackPort: string): string;
  /**
   * Optional: a string-typed expression reading `name`, `fallback` (the source text of a string or
   * number literal) when unset, for places that take the value as a string: Java
   * `System.getenv().getOrDefault("PORT", "8080")` in `System.setProperty("server.port", …)`, C#
   * `Environment.GetEnvironmentVariable("PORT") ?? "5000"`, Ruby `ENV.fetch("PORT", "4567")`.
   */
  envStringOr?(name: string, fallback: string): string;
  /**
   * Optional: edits that let the declaration holding `literal` take a value computed at run time,
   * for languages whose constants cannot hold a call: Go `const x = …` → `var x = …`, C#
   * `const int X = …` → `static readonly int X = …` (a local `const` loses the modifier), PHP
   * top-level `const X = …;` → `define('X', …);`. Empty when `literal` is not in such a constant,
   * or when the declaration cannot be changed alone (a Go `const ( … )` group using `iota` or
   * implicit values, a PHP class constant). The edits never overlap `literal`.
   */
  declarationEdits?(literal: Span): TextEdit[];
  /** Line comment prefix, e.g. `//` or `#`. */
  lineComment: string;
  /** Closes a comment opened by `lineComment` in formats that only have block comments (`-->` in XML). */
  lineCommentEnd?: string;
}

export interface SourceModel {
  language: LanguageId;
  /** Default `source`. */
  fileKind?: FileKind;
  /** `typescript` for TS/TSX: affects type-correct fixes. */
  dialect?: 'typescript' | 'javascript' | 'jsx' | 'tsx';
  text: string;
  strings: StringLiteral[];
  calls: CallSite[];
  collections: ModuleCollection[];
  comments: Comment[];
  imports: ImportInfo[];
  /** Names of environment variables the code reads (for cross-checks with .env.example). */
  envReads: { name: string; span: Span }[];
  idioms: LanguageIdioms;
  /** True when the parser had to recover from syntax errors. */
  hasErrors: boolean;
  /** Line starts, for offset <-> position conversion. */
  lineStarts: number[];
  /**
   * Configuration and deploy formats: each document as a value tree (one per YAML document, one for
   * the other formats), keys as written, environment placeholders (`${DB_PASSWORD}`, `${PORT:8080}`,
   * `<%= ENV['X'] %>`) as `env` values. Their scalars are also listed in `strings`, with `key` the
   * name the value is bound to and `keyPath` the keys above it (dotted Spring keys split at the dots).
   */
  documents?: Value[];
  /** Deploy formats: the command lines the file runs (Dockerfile CMD/ENTRYPOINT, Procfile processes). */
  commands?: CommandLine[];
  /** A template of settings (`.env.example`, `.env.sample`): its values are placeholders, never real configuration. */
  template?: boolean;
  /**
   * A source file that hands back its configuration as a value: the array a PHP file returns at
   * its top level (`return [...]` in Laravel, Hyperf and Symfony config files).
   */
  returnValue?: Value;
}

/** A command line a deploy file runs. */
export interface CommandLine {
  /** What runs it: `CMD`, `ENTRYPOINT`, or the Procfile process type (`web`, `worker`). */
  label: string;
  /**
   * `exec`: a list of arguments passed as they are, no shell (`CMD ["node", "server.js"]`);
   * `shell`: a line run by `/bin/sh -c`, split into words here as the shell splits it.
   */
  form: 'exec' | 'shell';
  /**
   * The words, program first. Literal words are `string` values (quotes removed, span as written);
   * in the shell form `$PORT` and `${PORT:-3000}` are `env` values and words mixing text and
   * expansions are `template`; shell operators (`&&`, `|`, `&`, `;`, redirections) and command
   * substitutions are `other`.
   */
  args: Value[];
  /** Span of the command, without its label or keyword. */
  span: Span;
}
