/**
 * no-hardcoded-secret (Factor III, Config)
 *
 * Credentials are config: they differ between deploys and must be rotatable without a release. Written
 * in the code they ship with every clone, build and log of the repository.
 *
 * Reported, in every language: string literals bound to secret-like names (`password`, `apiKey`,
 * `clientSecret`, `DB_PASS`, `SECRET_KEY`, `secret_key_base`, `SECURITY_PASSWORD_SALT`… in variables,
 * constants, fields, properties, keyword arguments, hash and array keys, setters and builders such as
 * `.password("…")`), values passed to APIs that take a secret (tables in no-hardcoded-secret.apis.ts),
 * `Authorization` values with a credential, provider credential formats anywhere (AWS, GitHub, Stripe,
 * Slack, Google, SendGrid, Twilio, OpenAI, private keys…), and fallbacks of secret environment variables.
 * - JavaScript / TypeScript: `session({ secret })`, `jwt.sign(p, s)`, `createHmac(alg, key)`,
 *   `cookieParser(s)`, `new Stripe(key)`, `setHeader('Authorization', …)`, `process.env.X || 'dev-secret'`.
 * - Python: Django `SECRET_KEY`, Flask `app.config["SECRET_KEY"]` / `app.secret_key`, settings classes,
 *   `jwt.encode(p, key)`, `hmac.new(key, …)`, `Fernet(key)`, Twilio `Client(sid, token)`, `auth=(user,
 *   password)`, `os.environ.get("X", "…")`, python-decouple `config("X", default="…")`, django-environ.
 * - Go: struct fields (`Password:`, `ClientSecret:`), constants and variables, `token.SignedString(key)`,
 *   `hmac.New(h, key)`, `smtp.PlainAuth(…, password, …)`, `req.SetBasicAuth(user, password)`, static AWS
 *   credentials, `cmp.Or(os.Getenv("X"), "…")` and `if x == "" { x = "…" }` fallbacks.
 * - Java: fields and constants, `@Value("${X:…}")` defaults, builders (`.password("…")`), JDBC
 *   `DriverManager.getConnection(url, user, password)`, jjwt `signWith` / `Keys.hmacShaKeyFor`,
 *   `new PasswordAuthentication(user, password)`, `System.getenv().getOrDefault("X", "…")`.
 * - Ruby: Rails `config.secret_key_base`, `smtp_settings`, initializer constants, Sinatra `set
 *   :session_secret`, `Rack::Session::Cookie` secrets, `JWT.encode(p, key)`, `OpenSSL::HMAC`,
 *   `ENV.fetch("X", "…")` and `ENV["X"] || "…"`.
 * - C#: fields, properties and `var`s, object initializers (`Password = "…"`), in-memory configuration,
 *   `new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…"))`, `new NetworkCredential(user, password)`,
 *   `GetEnvironmentVariable("X") ?? "…"` and `Configuration["X"] ?? "…"`.
 * - PHP: variables (`$stripeSecretKey`), constants and `define()`, Laravel config arrays and
 *   `env('X', '…')`, `new PDO($dsn, $user, $password)`, `$redis->auth()`, `JWT::encode`, `hash_hmac`,
 *   `getenv('X') ?: '…'`.
 * - Deploy and app-config files: Dockerfile `ENV` / `ARG`, compose `environment:`, Kubernetes `env`
 *   values and Secret manifests, `.env` files that git does not ignore (only when the host says so:
 *   AnalyzeOptions.gitIgnored === false), Spring `application.properties` / `.yml` (also `${X:…}`
 *   defaults), Rails `config/database.yml`, `appsettings.json`, `web.config` app settings.
 * Quiet: environment lookups and references (`${DB_PASSWORD}`, `<%= ENV['X'] %>`, `secretKeyRef`),
 * placeholders (`changeme`, `<your-key>`, `***`, empty values; in code also `example`, `test`),
 * labels and field names, digests, UUIDs, integrity strings, password hashes, paths, public keys,
 * validation rules, URLs without credentials, and URLs of backing services, which
 * no-hardcoded-backing-service reports (with the password masked) so a literal gets one finding.
 */
import { parseLocator } from '../../backing/locators';
import { envNameFor, toEnvName } from '../../fixes/env-name';
import { maskSecret, maskUrlPassword } from '../../mask';
import type { CallSite, Property, SourceModel, StringLiteral, Value } from '../../model';
import { looksRandom } from '../../secrets/entropy';
import { secretNameKind, splitWords } from '../../secrets/names';
import { isDeployPlaceholder, isPlaceholder } from '../../secrets/placeholder';
import { findProviderKey, type ProviderMatch } from '../../secrets/providers';
import { IDENTIFIER_SHAPES, urlHasCredentials, valueShape } from '../../secrets/shapes';
import type { FileFacts, Fix, Rule, Span, TextEdit } from '../../types';
import { message, replaceFix, resolve, textOf } from '../util';
import { CHARSET_CONVERSION_METHODS, CONVERSION_CALLEES, CONVERSION_METHODS, SECRET_APIS, SETTER_PREFIX, type SecretApi } from './no-hardcoded-secret.apis';

const FACTOR = 3;

/** Why a literal is reported; several reasons may hold for one literal. */
interface Candidate {
  lit: StringLiteral;
  provider?: ProviderMatch;
  /** The secret-like name it is bound to. */
  name?: string;
  /** The API it is passed to, and that API's conventional variable. */
  api?: { callee: string; envName: string };
  /** An HTTP header carrying it. */
  header?: string;
  /** The part of the value that is the credential (`xyz` in `Bearer xyz`), when not all of it. */
  part?: string;
  /** It is the fallback of an environment lookup. */
  fallback?: boolean;
}

// ---- values ------------------------------------------------------------------------------------

/** `Bearer xyz`, `Basic dXNlcjpwYXNz`, `token ghp_…`: an Authorization value; returns the credential. */
function authSchemeCredential(value: string): string | undefined {
  const m = /^(?:Bearer|Basic|Token|Bot|Digest|ApiKey|Key)\s+(\S{8,})$/i.exec(value.trim());
  if (!m || isPlaceholder(m[1]) || valueShape(m[1]) === 'env-name') return undefined;
  return m[1];
}

/** Values that are keywords of configuration, not credentials. */
const KEYWORDS = new Set([
  'none', 'null', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'on', 'off', 'auto', 'enabled', 'disabled', 'bearer', 'basic',
  'digest', 'oauth', 'oauth2', 'jwt', 'hmac', 'hs256', 'hs384', 'hs512', 'rs256', 'rs384', 'rs512', 'es256', 'es384', 'ps256',
  'eddsa', 'sha1', 'sha256', 'sha512', 'md5', 'aes', 'aes-256-gcm', 'aes-256-cbc', 'plain', 'text', 'hidden', 'required', 'optional',
  'env', 'environment', 'vault', 'memory', 'redis', 'cookie', 'header', 'query', 'body', 'string', 'number', 'boolean', 'object',
  'password', 'secret', 'token', 'session', 'local', 'jwt-bearer', 'client_credentials', 'authorization_code', 'refresh_token',
  'argon2', 'argon2id', 'bcrypt', 'scrypt', 'pbkdf2', 'pbkdf2_sha256',
]);

/** Values that mean "no value" even where a secret is expected. */
const NO_VALUE = new Set(['none', 'null', 'nil', 'undefined', 'true', 'false']);
/** Switches in deploy files: `MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`, `REDIS_PASSWORD_ENABLED=1`. */
const SWITCH = /^(yes|no|on|off|y|n|enabled|disabled|true|false|[01])$/i;

/** Words that make up field names and labels (`access_token`, `x-api-key`, 'API key'). */
const LABEL_WORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'key', 'api', 'apikey', 'access', 'refresh', 'auth', 'authorization', 'id',
  'jwt', 'session', 'client', 'bearer', 'x', 'header', 'cookie', 'csrf', 'xsrf', 'user', 'username', 'name', 'private', 'public',
  'hash', 'credential', 'credentials', 'signature', 'current', 'new', 'confirm', 'old', 'field', 'input', 'storage', 'type', 'value',
  'label', 'sid', 'otp', 'pin', 'code', 'email', 'login', 'sign', 'in', 'up', 'reset', 'forgot', 'change', 'oauth', 'app', 'webhook',
  'auth0', 'next', 'secure', 'host', 'sso', 'saml', 'my', 'your', 'the', 'a', 'of', 'for',
]);

const PROSE_WORDS = new Set(['your', 'enter', 'please', 'invalid', 'must', 'is', 'are', 'the', 'a', 'an', 'to', 'for', 'of', 'not', 'required', 'missing', 'wrong', 'incorrect', 'at', 'least', 'characters', 'and', 'or', 'with']);

/** A sentence or a label: "Enter your password", "Password must be…". */
function looksLikeProse(value: string): boolean {
  const v = value.trim();
  if (!/\s/.test(v)) return false;
  const words = v.split(/\s+/);
  if (words.length >= 3) return true;
  if (/^[A-Z][a-z]/.test(v) || /[.!?:,]\s|[.!?:]$/.test(v)) return true;
  return words.some((w) => PROSE_WORDS.has(w.toLowerCase()));
}

/** A field name or label rather than a value: `'access_token'`, `'SET_TOKEN'` in `SET_TOKEN`, 'API key'. */
function looksLikeLabel(value: string, key: string | undefined): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key && norm(value) === norm(key)) return true;
  if (!/^[A-Za-z][A-Za-z .:_/-]*$/.test(value)) return false;
  const words = splitWords(value);
  return words.length > 0 && words.every((w) => LABEL_WORDS.has(w));
}

/**
 * Whether a value bound to a secret-like name is plausibly a real secret. In a strong context (client
 * options, a secret API) any real value counts; a bare name also needs the value to look like one.
 */
function plausibleSecret(value: string, key: string | undefined, strong: boolean): boolean {
  const v = value.trim();
  if (isPlaceholder(v)) return false;
  const shape = valueShape(v);
  if (shape && !IDENTIFIER_SHAPES.has(shape)) return false;
  if (strong) return !NO_VALUE.has(v.toLowerCase());
  if (KEYWORDS.has(v.toLowerCase())) return false;
  if (looksLikeProse(v) || looksLikeLabel(v, key)) return false;
  // Short plain words under a bare name are mostly keywords and labels (`mode`, `basic`, `admin`).
  if (v.length < 6 && /^[A-Za-z]+$/.test(v)) return false;
  return v.length >= 4;
}

/** Backing-service locators (URLs with a password included) belong to no-hardcoded-backing-service. */
function isLocator(value: string): boolean {
  const loc = parseLocator(value);
  if (!loc || loc.placeholder) return false;
  if (loc.kind === 'connection-string') return true;
  return loc.kind === 'url' && !!loc.service && !(loc.scheme?.startsWith('http') && loc.locality === 'public');
}

// ---- APIs that take a secret --------------------------------------------------------------------

/** Modules bound to local names by imports (`Client` → `twilio.rest`). */
function importedNames(model: SourceModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of model.imports) for (const b of i.bindings ?? []) out.set(b.local, i.module);
  return out;
}

function apiMatches(api: SecretApi, call: CallSite, imports: readonly string[], bound: ReadonlyMap<string, string>): boolean {
  if (api.callee && !api.callee.test(call.callee)) return false;
  if (api.name && !api.name.test(call.name)) return false;
  if (api.receiver === null ? call.receiver !== undefined : api.receiver && !api.receiver.test(call.receiver ?? '')) return false;
  if (api.isNew && !call.isNew) return false;
  if (api.minArgs && call.args.length < api.minArgs) return false;
  if (api.imported && !imports.some((m) => api.imported!.test(m))) return false;
  if (api.boundFrom) {
    const head = call.callee.split(/[.:\\]/).filter(Boolean)[0] ?? '';
    const module = bound.get(head);
    if (!module || !api.boundFrom.test(module)) return false;
  }
  return !api.when || api.when(call);
}

/** `res.setHeader('Authorization', …)`, `headers.set('X-Api-Key', …)`, `app.set('jwtSecret', …)`. */
function setterName(call: CallSite): string | undefined {
  if (!/^(setHeader|set|header|append|setRequestHeader|Add|TryAddWithoutValidation|add_header|withHeader)$/.test(call.name) || call.args.length < 2) return undefined;
  const first = resolve(call.args[0]);
  return first?.kind === 'string' && secretNameKind(first.value) ? first.value : undefined;
}

/** The service a setter or builder configures, from its callee: `DataSourceBuilder…password(…)` → DB. */
function serviceOfCallee(callee: string): string | undefined {
  if (/datasource|jdbc|hikari|database|\bdb\b|sql|postgres|mysql|mongo/i.test(callee)) return 'DB';
  if (/redis/i.test(callee)) return 'REDIS';
  if (/mail|smtp/i.test(callee)) return 'SMTP';
  return undefined;
}

// ---- source files -------------------------------------------------------------------------------

class SecretFinder {
  private readonly candidates = new Map<number, Candidate>();
  private readonly byStart = new Map<number, StringLiteral>();
  private readonly imports: string[];
  private readonly bound: Map<string, string>;

  constructor(private readonly model: SourceModel) {
    for (const s of model.strings) this.byStart.set(s.span.start, s);
    this.imports = model.imports.map((i) => i.module);
    this.bound = importedNames(model);
  }

  run(): Candidate[] {
    for (const lit of this.model.strings) this.fromLiteral(lit);
    for (const call of this.model.calls) this.fromCall(call);
    return [...this.candidates.values()].sort((a, b) => a.lit.span.start - b.lit.span.start);
  }

  private add(lit: StringLiteral, c: Omit<Candidate, 'lit'>): void {
    const existing = this.candidates.get(lit.span.start);
    if (existing) {
      existing.provider ??= c.provider;
      existing.name ??= c.name;
      existing.api ??= c.api;
      existing.header ??= c.header;
      existing.part ??= c.part;
      existing.fallback ||= c.fallback;
    } else {
      this.candidates.set(lit.span.start, { lit, ...c });
    }
  }

  private fromLiteral(lit: StringLiteral): void {
    const ctx = lit.context;
    const value = lit.value;
    if (ctx.nonValue || value.trim() === '' || isLocator(value)) return;
    const provider = findProviderKey(value);
    const key = ctx.key;
    const kind = secretNameKind(key);
    const scheme = authSchemeCredential(value);

    if (provider && (!provider.provider.needsContext || kind || scheme)) {
      this.add(lit, { provider, name: kind ? key : undefined, part: provider.text !== value ? provider.text : undefined, fallback: ctx.envFallback });
      return;
    }
    if (ctx.comparison) {
      // `header === 'Bearer s3cr3t'`: the expected credential is written in the code
      if (scheme) this.add(lit, { header: 'Authorization', part: scheme });
      return;
    }
    if (ctx.inExpression) return;
    if (ctx.envFallback) {
      // A fallback that is a plain word (`"dev"`, `"secret"`) is a development stand-in; a real-looking one ships.
      const varKind = secretNameKind(ctx.envLookup?.name);
      if ((varKind === 'secret' || kind === 'secret') && plausibleSecret(value, key, false)) this.add(lit, { fallback: true, name: key });
      return;
    }
    if (kind === 'authorization') {
      if (scheme) this.add(lit, { header: key, part: scheme });
      return;
    }
    if (kind === 'secret') {
      if (scheme) {
        this.add(lit, { name: key, part: scheme });
        return;
      }
      // In options passed to a call (`new Pool({ password })`, `PG.connect(password: …)`) the name is what the library reads.
      const strong = !!ctx.call && (ctx.keyPath.length > 0 || ctx.call.argIndex === -1);
      if (plausibleSecret(value, key, strong)) this.add(lit, { name: key });
      return;
    }
    if (kind === 'ambiguous') {
      const shape = valueShape(value);
      const keyMaterial = ctx.call?.argIndex === 0 && /^(Buffer\.from|newTextEncoder\(\)\.encode)$/.test(ctx.call.site.callee);
      const userPass = /^auth$/i.test(key ?? '') && /^[^:\s/@]+:[^:\s/@]{4,}$/.test(value);
      if (keyMaterial ? value.length >= 8 && plausibleSecret(value, key, true) : !shape && !isPlaceholder(value) && (looksRandom(value) || userPass)) this.add(lit, { name: key });
    }
  }

  private fromCall(call: CallSite): void {
    for (const api of SECRET_APIS) {
      if (!apiMatches(api, call, this.imports, this.bound)) continue;
      const envName = typeof api.envName === 'string' ? api.envName : api.envName(call, this.imports);
      const where = { callee: call.callee.length > 40 ? call.name : call.callee, envName };
      for (const i of api.args ?? []) this.fromValue(call.args[i], where, true);
      const options = resolve(call.args[0]);
      for (const p of api.props ?? []) {
        if (options?.kind !== 'object') break;
        if (p === '*') {
          for (const entry of options.props) this.fromValue(entry.value, where, true);
        } else if (p.endsWith('.*')) {
          const group = resolve(options.props.find((x) => x.key === p.slice(0, -2))?.value);
          if (group?.kind === 'object') for (const entry of group.props) this.fromValue(entry.value, where, true);
        } else {
          this.fromValue(options.props.find((x) => x.key === p)?.value, where, true);
        }
      }
    }
    const header = setterName(call);
    if (header) this.fromValue(call.args[1], { callee: call.callee, envName: '' }, secretNameKind(header) !== 'authorization', header);
    this.fromSetter(call);
    // requests / httpx / aiohttp: `auth=("user", "password")`
    for (const kw of call.kwargs ?? []) {
      const v = kw.key === 'auth' ? resolve(kw.value) : undefined;
      if (v?.kind === 'array' && v.items.length === 2) this.fromValue(v.items[1], { callee: call.callee.length > 40 ? call.name : call.callee, envName: 'BASIC_AUTH_PASSWORD' }, true);
    }
  }

  /** Setters and builders named after a secret: `.password("…")`, `setApiKey("…")`, `withClientSecret("…")`. */
  private fromSetter(call: CallSite): void {
    if (!call.receiver || call.args.length !== 1 || call.isNew) return;
    const base = call.name.replace(SETTER_PREFIX, '').replace(/=$/, '');
    if (!base || secretNameKind(base) !== 'secret') return;
    const arg = resolve(call.args[0]);
    if (arg?.kind !== 'string') return;
    const lit = this.literalAt(arg.span, arg.value);
    if (!lit || lit.context.nonValue || lit.context.inExpression || isLocator(lit.value)) return;
    const provider = findProviderKey(lit.value);
    if (!provider && !plausibleSecret(lit.value, base, true)) return;
    const service = serviceOfCallee(call.callee);
    const role = toEnvName(base);
    const envName = service && splitWords(base).length === 1 ? `${service}_${role}` : role;
    this.add(lit, { provider: provider ?? undefined, name: base, api: { callee: call.callee.length > 40 ? call.name : call.callee, envName } });
  }

  /** Follows a value to the string literals it is made of, and records them as passed to `api`. */
  private fromValue(v: Value | undefined, api: { callee: string; envName: string }, strong: boolean, header?: string, depth = 0): void {
    const r = resolve(v);
    if (!r || depth > 4) return;
    if (r.kind === 'string') {
      const lit = this.literalAt(r.span, r.value);
      if (!lit || lit.context.nonValue || isLocator(lit.value)) return;
      const scheme = authSchemeCredential(lit.value);
      if (header && secretNameKind(header) === 'authorization') {
        if (scheme) this.add(lit, { header, part: scheme });
        return;
      }
      const provider = findProviderKey(lit.value);
      if (provider || plausibleSecret(lit.value, lit.context.key, strong)) {
        this.add(lit, { provider: provider ?? undefined, api: header ? undefined : api, header, part: scheme ?? (provider && provider.text !== lit.value ? provider.text : undefined) });
      }
    } else if (r.kind === 'array') {
      for (const item of r.items) this.fromValue(item, api, strong, header, depth + 1);
    } else if (r.kind === 'call') {
      const c = r.call;
      const textEncoder = c.name === 'encode' && c.receiverCall?.isNew === true && c.receiverCall.callee === 'TextEncoder';
      if (CONVERSION_CALLEES.test(c.callee) || textEncoder) {
        this.fromValue(c.args[0], api, strong, header, depth + 1);
      } else if (
        CONVERSION_METHODS.test(c.name) &&
        (c.args.length === 0 || (CHARSET_CONVERSION_METHODS.test(c.name) && c.args.length <= 2)) &&
        /^["'`]/.test(c.receiver ?? '')
      ) {
        // `"…".getBytes()`, `"…".getBytes(StandardCharsets.UTF_8)`, `"…".encode("utf-8")`: the literal is the receiver
        const lit = this.byStart.get(c.span.start);
        if (lit) this.fromValue({ kind: 'string', value: lit.value, span: lit.span }, api, strong, header, depth + 1);
      }
    } else if (r.kind === 'env' && r.fallback) {
      const f = resolve(r.fallback);
      if (f?.kind !== 'string') return;
      const lit = this.literalAt(f.span, f.value);
      if (lit && !lit.context.nonValue && plausibleSecret(lit.value, undefined, true)) this.add(lit, { fallback: true, api });
    }
  }

  private literalAt(span: Span, value: string): StringLiteral | undefined {
    const exact = this.byStart.get(span.start);
    if (exact) return exact;
    return this.model.strings.find((s) => s.span.start >= span.start && s.span.end <= span.end && s.value === value);
  }
}

// ---- messages and fixes -------------------------------------------------------------------------

function shown(c: Candidate): string {
  const v = c.lit.value;
  if (!c.part && urlHasCredentials(v) && !c.provider) return `"${maskUrlPassword(v)}"`;
  return maskSecret(c.part ?? v);
}

function whatIs(c: Candidate): string {
  return c.provider ? c.provider.provider.label : c.header ? 'credential' : /password|pass|pwd/i.test(c.name ?? '') ? 'password' : 'secret';
}

function describe(c: Candidate): string {
  const where = c.name ? ` in \`${c.name}\`` : c.header ? ` in the ${c.header} header` : c.api ? ` passed to ${c.api.callee}()` : '';
  return `Hardcoded ${whatIs(c)} ${shown(c)}${where}`;
}

/** The conventional variable for where the secret is used: the API's, the provider's, or the header's. */
function suggestedName(c: Candidate): string | undefined {
  if (c.api?.envName) return c.api.envName;
  if (c.header) return c.provider?.provider.envName ?? (secretNameKind(c.header) === 'authorization' ? 'API_TOKEN' : toEnvName(c.header));
  return undefined;
}

/** Replaces the literal (or only its credential part) with the environment lookup. */
function extractFix(model: SourceModel, c: Candidate, name: string): Fix | undefined {
  const { lit } = c;
  const env = model.idioms.envString(name);
  let newText = env;
  if (c.part && c.part !== lit.value) {
    const raw = textOf(model, lit.span);
    const quote = raw[0];
    const inner = raw.slice(1, -1);
    const i = inner.indexOf(c.part);
    if (i < 0 || !/["'`]/.test(quote)) return undefined; // escapes or prefixes inside the literal: no safe textual split
    const before = inner.slice(0, i);
    const after = inner.slice(i + c.part.length);
    const concat = model.language === 'php' ? ' . ' : ' + ';
    newText = [before && `${quote}${before}${quote}`, env, after && `${quote}${after}${quote}`].filter(Boolean).join(concat);
  }
  return replaceFix(model, `Extract to environment variable ${name}`, lit.span, newText, { envVars: [name] });
}

/** `process.env.X = 'value'`: the code sets the variable itself; reading it back would be circular. */
function assignsEnvironment(model: SourceModel, envReadEnds: ReadonlySet<number>, lit: StringLiteral): boolean {
  if (lit.context.call && /^(Environment\.SetEnvironmentVariable|os\.Setenv|os\.environ\.setdefault)$/.test(lit.context.call.site.callee)) return true;
  let i = lit.span.start;
  const skipSpace = () => {
    while (i > 0 && /\s/.test(model.text[i - 1])) i--;
  };
  skipSpace();
  if (model.text[i - 1] !== '=' || /[=!<>]/.test(model.text[i - 2] ?? '')) return false;
  i--;
  skipSpace();
  return envReadEnds.has(i);
}

type Emit = (f: { span: Span; message: string; fixes: Fix[] }) => void;

function reportFallback(model: SourceModel, c: Candidate, emit: Emit): boolean {
  const lookup = c.lit.context.envLookup;
  if (!c.fallback || !lookup) return false;
  const lookupText = textOf(model, lookup.span);
  const variable = lookup.name ?? lookupText;
  const ts = model.dialect === 'typescript' || model.dialect === 'tsx';
  const required = lookup.required ?? lookupText + (ts && !lookup.destructured && !lookupText.endsWith('!') ? '!' : '');
  const edits: TextEdit[] = [{ start: lookup.expression.start, end: lookup.expression.end, newText: required }];
  // `os.environ["X"]` for `getenv("X", "…")` may need `import os`
  if (lookup.required) edits.push(...model.idioms.envImportEdits(required));
  emit({
    span: c.lit.span,
    message: message(
      FACTOR,
      `Hardcoded fallback ${shown(c)} for the secret ${lookup.required ? variable : lookupText}`,
      'when the variable is unset, the app starts with a secret that everyone who has the code knows, in production too.',
      `Remove the fallback so that a missing ${variable} stops the app at start; keep development values in an uncommitted .env file.`,
    ),
    fixes: [{ title: `Remove the hardcoded fallback (require ${variable})`, edits }],
  });
  return true;
}

function report(model: SourceModel, c: Candidate, emit: Emit, imports: readonly string[], envReadEnds: ReadonlySet<number>): void {
  if (reportFallback(model, c, emit)) return;
  const name = envNameFor({ value: c.part ?? c.lit.value, context: c.lit.context, purpose: 'secret', suggested: suggestedName(c), imports });
  const fix = assignsEnvironment(model, envReadEnds, c.lit) ? undefined : extractFix(model, c, name);
  emit({
    span: c.lit.span,
    message: message(
      FACTOR,
      describe(c),
      'secrets are config that differs per deploy; in the code they ship with every clone and build, and rotating them takes a release.',
      `Read it from the environment (${name}) and rotate the exposed value.`,
    ),
    fixes: fix ? [fix] : [],
  });
}

// ---- configuration and deploy files -------------------------------------------------------------

/** Keys of objects that name a deployment environment rather than a setting (`production:` in database.yml). */
const ENVIRONMENT_KEYS = new Set(['production', 'prod', 'development', 'dev', 'staging', 'stage', 'test', 'local', 'qa', 'uat', 'preview', 'default']);
const ENV_STYLE = /^[A-Z_][A-Z0-9_]*$/;

/** What kind of file a configuration model is, as far as the rule's messages and fixes go. */
type ConfigFormat = 'dotenv' | 'dockerfile' | 'compose' | 'kubernetes' | 'app-config';

function configFormat(model: SourceModel): ConfigFormat {
  if (model.language === 'dotenv') return 'dotenv';
  if (model.language === 'dockerfile') return 'dockerfile';
  // Deploy YAML is compose or Kubernetes; only compose has a placeholder syntax (model.ts LanguageIdioms).
  if (model.language === 'yaml' && model.fileKind === 'deploy') return model.idioms.envString('X') ? 'compose' : 'kubernetes';
  return 'app-config';
}

/** The secret-like name of a configuration key, qualified by its parent when the key alone is vague (`Jwt: { Key }`). */
function configName(lit: StringLiteral): { name?: string; kind?: ReturnType<typeof secretNameKind> } {
  const key = lit.context.key;
  const kind = secretNameKind(key);
  if (kind === 'secret' || kind === 'authorization') return { name: key, kind };
  const path = lit.context.keyPath;
  const parent = path.length >= 2 && path[path.length - 1] === key ? path[path.length - 2] : undefined;
  if (key && parent && !ENVIRONMENT_KEYS.has(parent.toLowerCase())) {
    const qualified = `${parent}_${key}`;
    const q = secretNameKind(qualified);
    if (q === 'secret') return { name: `${parent}.${key}`, kind: q };
  }
  return { name: key, kind };
}

/** The Kubernetes `kind` of the document holding `span`. */
function kubernetesKind(model: SourceModel, span: Span): string | undefined {
  const doc = model.documents?.find((d) => d.span.start <= span.start && span.end <= d.span.end);
  if (doc?.kind !== 'object') return undefined;
  const k = doc.props.find((p: Property) => p.key === 'kind')?.value;
  return k?.kind === 'string' ? k.value : undefined;
}

/** The environment variable an app-config key is read from: UPPER_SNAKE of its key path. */
function configEnvName(lit: StringLiteral, file: FileFacts): string {
  const key = lit.context.key ?? '';
  if (ENV_STYLE.test(key)) return key;
  const path = lit.context.keyPath.filter((k) => !ENVIRONMENT_KEYS.has(k.toLowerCase()));
  const name = toEnvName(path.join('_') || key, 'SECRET');
  // Rails: config/database.yml credentials are the DATABASE_* variables
  if (/(^|\/)config\/database\.ya?ml$/.test(file.path) && !name.startsWith('DATABASE_')) return `DATABASE_${name}`;
  return name;
}

function configFindings(model: SourceModel, file: FileFacts, emit: Emit): void {
  const format = configFormat(model);
  // A .env file holds the values of one machine; it is only a problem once it is committed.
  if (format === 'dotenv' && file.gitIgnored !== false) return;
  if (file.gitIgnored === true) return;
  for (const lit of model.strings) {
    const ctx = lit.context;
    const value = lit.value;
    if (ctx.nonValue || lit.scalar === 'boolean' || isDeployPlaceholder(value) || isLocator(value)) continue;
    const { name, kind } = configName(lit);
    const provider = findProviderKey(value);
    let c: Candidate | undefined;
    if (provider && (!provider.provider.needsContext || kind)) c = { lit, provider, name: kind ? name : undefined, part: provider.text !== value ? provider.text : undefined, fallback: ctx.envFallback };
    else if (ctx.envFallback) {
      // `${JWT_SECRET:…}`: as in code, a plain-word default is a development stand-in, a real-looking one ships
      const varKind = secretNameKind(ctx.envLookup?.name);
      if ((varKind === 'secret' || kind === 'secret') && plausibleSecret(value, lit.context.key, false)) c = { lit, name, fallback: true };
    } else if (kind === 'authorization') {
      const scheme = authSchemeCredential(value);
      if (scheme) c = { lit, header: name, part: scheme };
    } else if (kind === 'secret') {
      const v = value.trim();
      const shape = valueShape(v);
      if (!NO_VALUE.has(v.toLowerCase()) && !SWITCH.test(v) && (!shape || IDENTIFIER_SHAPES.has(shape)) && (lit.scalar !== 'number' || v.length >= 6)) c = { lit, name };
    } else if (kind === 'ambiguous' && looksRandom(value) && !valueShape(value)) {
      c = { lit, name };
    }
    if (c) emitConfig(model, file, format, c, emit);
  }
}

function emitConfig(model: SourceModel, file: FileFacts, format: ConfigFormat, c: Candidate, emit: Emit): void {
  const lit = c.lit;
  const lookup = lit.context.envLookup;
  if (c.fallback && lookup?.required) {
    // `${JWT_SECRET:-…}`, `${jwt.secret:…}`: the reference stays, its default goes
    const variable = lookup.name ?? lookup.required;
    emit({
      span: lit.span,
      message: message(
        FACTOR,
        `Hardcoded default ${shown(c)} for the secret ${lookup.required}`,
        'when the variable is unset, the app starts with a secret that everyone who has the code knows, in production too.',
        `Remove the default so that a missing ${variable} stops the app at start; keep development values in an uncommitted .env file.`,
      ),
      fixes: [{ title: `Remove the hardcoded default (require ${variable})`, edits: [{ start: lookup.expression.start, end: lookup.expression.end, newText: lookup.required }] }],
    });
    return;
  }
  // Where the value sits: the variable in deploy files, the key path in app config (`spring.datasource.password`, `Jwt:Key`)
  const path = format === 'app-config' && lit.context.keyPath.length > 1 ? lit.context.keyPath.join(model.language === 'json' ? ':' : '.') : c.name;
  const what = `Hardcoded ${whatIs(c)} ${shown(c)}${path ? ` in ${path}` : ''}`;
  const rotate = 'and rotate the exposed value.';
  let why: string;
  let todo: string;
  let fix: Fix | undefined;
  const envName = ENV_STYLE.test(lit.context.key ?? '') ? lit.context.key! : configEnvName(lit, file);
  switch (format) {
    case 'dotenv':
      why = 'git does not ignore this .env file, so the value is committed and reaches every clone of the repository.';
      todo = `Add the file to .gitignore, list ${envName} without its value in .env.example, ${rotate}`;
      break;
    case 'dockerfile':
      if (lit.context.keyPath[0] === 'ARG') {
        why = 'a build argument\'s value stays in the image history and the build cache, readable by anyone who can pull the image.';
        todo = `Pass it at build time without a default, or use a BuildKit secret (RUN --mount=type=secret,id=${envName.toLowerCase()}), ${rotate}`;
      } else {
        why = 'ENV bakes it into every layer of the image: anyone who can pull the image reads it, and changing it takes a rebuild.';
        todo = `Set ${envName} when the container starts (docker run -e, compose or orchestrator secrets) ${rotate}`;
      }
      break;
    case 'compose': {
      why = 'the compose file is committed, so the credential ships with every clone of the repository.';
      todo = `Use \${${envName}} and set it in the shell or an uncommitted .env file, ${rotate}`;
      const ref = model.idioms.envString(envName);
      fix = replaceFix(model, `Read ${envName} from the environment (${ref})`, lit.innerSpan, ref, { envVars: [envName] });
      break;
    }
    case 'kubernetes': {
      const kind = kubernetesKind(model, lit.span);
      if (kind === 'Secret') {
        why = `${lit.encoding === 'base64' ? 'base64 in `data` is an encoding, not encryption: ' : ''}a Secret manifest in the repository commits the credential in plain text.`;
        todo = `Create the Secret outside the repository (kubectl create secret, External Secrets, Sealed Secrets) ${rotate}`;
      } else {
        why = 'the manifest is committed and the value is readable by anyone who can read the workload.';
        todo = `Store it in a Secret and reference it with valueFrom.secretKeyRef ${rotate}`;
      }
      break;
    }
    case 'app-config': {
      why = 'this configuration file is committed and read as it is, so the credential ships with every clone and build.';
      const ref = model.idioms.envString(envName);
      if (ref) {
        // Spring `${NAME}`, Rails `<%= ENV.fetch('NAME') %>`, logback `${NAME}`: the file keeps the key, the value comes from the environment
        todo = `Read it from the environment (${ref}) ${rotate}`;
        fix = replaceFix(model, `Read ${envName} from the environment (${ref})`, lit.innerSpan, ref, { envVars: [envName] });
      } else if (model.language === 'json') {
        // ASP.NET Core: an environment variable named after the key path (`Jwt__Key`) overrides appsettings.json
        const aspName = lit.context.keyPath.join('__');
        todo = `Leave the value empty and set ${aspName} in the environment (it overrides appsettings.json; use user secrets in development), ${rotate}`;
        fix = replaceFix(model, `Remove the value (set ${aspName} in the environment)`, lit.innerSpan, '', { envVars: [aspName] });
      } else {
        todo = `Move it out of the file (environment variables or a secret store the app reads at start) ${rotate}`;
      }
      break;
    }
  }
  emit({ span: lit.span, message: message(FACTOR, what, why, todo), fixes: fix ? [fix] : [] });
}

const rule: Rule = {
  meta: {
    id: 'no-hardcoded-secret',
    factor: FACTOR,
    description: 'Reports passwords, API keys, tokens and other credentials written in the code or committed configuration instead of read from the environment.',
    defaultSeverity: 'error',
    fixable: true,
    fileKinds: ['app-config', 'deploy'],
  },
  create(ctx) {
    const { model } = ctx;
    if ((model.fileKind ?? 'source') !== 'source') {
      // Templates (.env.example) document variables: their values are never real configuration.
      if (!model.template) configFindings(model, ctx.file, ctx.report);
      return;
    }
    const imports = model.imports.map((i) => i.module);
    const envReadEnds = new Set(model.envReads.map((r) => r.span.end));
    for (const c of new SecretFinder(model).run()) report(model, c, ctx.report, imports, envReadEnds);
  },
};

export default rule;
