/**
 * no-hardcoded-secret (Factor III, Config)
 *
 * Credentials are config: they differ between deploys and must be rotatable without a release. Written
 * in the code they ship with every clone, build and log of the repository.
 *
 * Reported: string literals bound to secret-like names (`password`, `apiKey`, `clientSecret`, `DB_PASS`…
 * in variables, properties, assignments, default parameters, class fields), placed in client options
 * (`new Pool({ password })`, `auth: { pass }`, `credentials: { secretAccessKey }`), passed to APIs that
 * take a secret (`session({ secret })`, `jwt.sign(p, s)`, `createHmac(alg, key)`, `cookieParser(s)`,
 * `new Stripe(key)`, `setHeader('Authorization', …)`, through local constants, `Buffer.from` and
 * `TextEncoder`), provider credential formats anywhere (AWS, GitHub, Stripe, Slack, Google, SendGrid,
 * Twilio, OpenAI, private keys…), and fallbacks of secret environment variables
 * (`process.env.JWT_SECRET || 'dev-secret'`).
 * Quiet: environment lookups, placeholders (`changeme`, `<your-key>`, `${X}`, `***`), labels and field
 * names (`'password'` as a name, a comparison operand, a message), digests, UUIDs, integrity strings,
 * password hashes, paths, public keys, URLs without credentials, and URLs of backing services, which
 * no-hardcoded-backing-service reports (with the password masked) so a literal gets one finding.
 */
import { parseLocator } from '../../backing/locators';
import { envNameFor, toEnvName } from '../../fixes/env-name';
import { maskSecret, maskUrlPassword } from '../../mask';
import type { CallSite, SourceModel, StringLiteral, Value } from '../../model';
import { looksRandom } from '../../secrets/entropy';
import { secretNameKind, splitWords } from '../../secrets/names';
import { isPlaceholder } from '../../secrets/placeholder';
import { findProviderKey, type ProviderMatch } from '../../secrets/providers';
import { IDENTIFIER_SHAPES, urlHasCredentials, valueShape } from '../../secrets/shapes';
import type { Fix, Rule, Span } from '../../types';
import { message, resolve, textOf } from '../util';

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
]);

/** Values that mean "no value" even where a secret is expected. */
const NO_VALUE = new Set(['none', 'null', 'nil', 'undefined', 'true', 'false']);

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

// ---- APIs that take a secret --------------------------------------------------------------------

interface SecretApi {
  matches(call: CallSite, imports: readonly string[]): boolean;
  /** Positional arguments holding the secret. */
  args?: number[];
  /** Properties of the first (object) argument holding the secret; a `*` takes every property of `users`. */
  props?: string[];
  envName: string | ((call: CallSite) => string);
}

function chainHas(call: CallSite | undefined, re: RegExp): boolean {
  for (let c = call, i = 0; c && i < 10; c = c.receiverCall, i++) if (re.test(c.name) || re.test(c.callee)) return true;
  return false;
}

const SECRET_APIS: SecretApi[] = [
  // jsonwebtoken: jwt.sign(payload, secret), jwt.verify(token, secret)
  { matches: (c, imp) => /^(sign|verify)$/.test(c.name) && (/^(jwt|jsonwebtoken|JWT|jsonWebToken|jwtLib)$/.test(c.receiver ?? '') || (!c.receiver && imp.includes('jsonwebtoken'))), args: [1], envName: 'JWT_SECRET' },
  // jose: jwtVerify(token, key), new SignJWT(…).….sign(key)
  { matches: (c) => /^(jwtVerify|jwtDecrypt|compactVerify)$/.test(c.name), args: [1], envName: 'JWT_SECRET' },
  { matches: (c) => c.name === 'sign' && chainHas(c.receiverCall, /SignJWT|CompactSign|EncryptJWT/), args: [0], envName: 'JWT_SECRET' },
  { matches: (c) => c.name === 'createHmac', args: [1], envName: 'HMAC_SECRET' },
  { matches: (c) => /^(createCipheriv|createDecipheriv)$/.test(c.name), args: [1], envName: 'ENCRYPTION_KEY' },
  { matches: (c) => c.name === 'createSecretKey', args: [0], envName: 'ENCRYPTION_KEY' },
  { matches: (c) => /^cookieParser$/i.test(c.callee), args: [0], envName: 'COOKIE_SECRET' },
  { matches: (c) => /^(session|expressSession|cookieSession|koaSession|fastifySession)$/.test(c.callee), props: ['secret', 'keys'], envName: 'SESSION_SECRET' },
  { matches: (c) => /^(Stripe|stripe)$/.test(c.callee) || /^require\(['"]stripe['"]\)$/.test(c.callee), args: [0], envName: 'STRIPE_SECRET_KEY' },
  { matches: (c) => c.name === 'setApiKey', args: [0], envName: (c) => (/sgmail|sendgrid/i.test(c.receiver ?? '') ? 'SENDGRID_API_KEY' : 'API_KEY') },
  { matches: (c) => /^(twilio|Twilio|twilio\.Twilio)$/.test(c.callee), args: [1], envName: 'TWILIO_AUTH_TOKEN' },
  { matches: (c) => c.isNew && c.name === 'Sequelize' && c.args.length >= 3, args: [2], envName: 'DB_PASSWORD' },
  { matches: (c) => c.isNew && c.name === 'Credentials', args: [1], envName: 'AWS_SECRET_ACCESS_KEY' },
  { matches: (c) => c.isNew && c.name === 'OAuth2', args: [1], envName: 'GOOGLE_CLIENT_SECRET' },
  { matches: (c) => c.isNew && c.name === 'WebClient', args: [0], envName: 'SLACK_BOT_TOKEN' },
  { matches: (c) => /^(basicAuth|expressBasicAuth)$/.test(c.callee), props: ['users.*'], envName: 'BASIC_AUTH_PASSWORD' },
];

/** `res.setHeader('Authorization', …)`, `headers.set('X-Api-Key', …)`, `app.set('jwtSecret', …)`. */
function setterName(call: CallSite): string | undefined {
  if (!/^(setHeader|set|header|append|setRequestHeader)$/.test(call.name) || call.args.length < 2) return undefined;
  const first = resolve(call.args[0]);
  return first?.kind === 'string' && secretNameKind(first.value) ? first.value : undefined;
}

// ---- the rule -----------------------------------------------------------------------------------

class SecretFinder {
  private readonly candidates = new Map<number, Candidate>();
  private readonly byStart = new Map<number, StringLiteral>();
  private readonly imports: string[];

  constructor(private readonly model: SourceModel) {
    for (const s of model.strings) this.byStart.set(s.span.start, s);
    this.imports = model.imports.map((i) => i.module);
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

  /** Backing-service locators (URLs with a password included) belong to no-hardcoded-backing-service. */
  private isLocator(value: string): boolean {
    const loc = parseLocator(value);
    if (!loc || loc.placeholder) return false;
    if (loc.kind === 'connection-string') return true;
    return loc.kind === 'url' && !!loc.service && !(loc.scheme?.startsWith('http') && loc.locality === 'public');
  }

  private fromLiteral(lit: StringLiteral): void {
    const ctx = lit.context;
    const value = lit.value;
    if (ctx.nonValue || value.trim() === '' || this.isLocator(value)) return;
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
      const varKind = secretNameKind(ctx.envLookup?.name);
      if ((varKind === 'secret' || kind === 'secret') && plausibleSecret(value, key, true)) this.add(lit, { fallback: true, name: key });
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
      // In options passed to a call (`new Pool({ password })`) the name is what the library reads.
      const strong = !!ctx.call && ctx.keyPath.length > 0;
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
      if (!api.matches(call, this.imports)) continue;
      const envName = typeof api.envName === 'string' ? api.envName : api.envName(call);
      const where = { callee: call.callee.length > 40 ? call.name : call.callee, envName };
      for (const i of api.args ?? []) this.fromValue(call.args[i], where, true);
      const options = resolve(call.args[0]);
      for (const p of api.props ?? []) {
        if (options?.kind !== 'object') break;
        if (p.endsWith('.*')) {
          const group = resolve(options.props.find((x) => x.key === p.slice(0, -2))?.value);
          if (group?.kind === 'object') for (const entry of group.props) this.fromValue(entry.value, where, true);
        } else {
          this.fromValue(options.props.find((x) => x.key === p)?.value, where, true);
        }
      }
    }
    const header = setterName(call);
    if (header) this.fromValue(call.args[1], { callee: call.callee, envName: '' }, secretNameKind(header) !== 'authorization', header);
  }

  /** Follows a value to the string literals it is made of, and records them as passed to `api`. */
  private fromValue(v: Value | undefined, api: { callee: string; envName: string }, strong: boolean, header?: string, depth = 0): void {
    const r = resolve(v);
    if (!r || depth > 4) return;
    if (r.kind === 'string') {
      const lit = this.literalAt(r.span, r.value);
      if (!lit || lit.context.nonValue || this.isLocator(lit.value)) return;
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
      const transparent = /^(Buffer\.from|String)$/.test(c.callee) || (c.name === 'encode' && c.receiverCall?.isNew === true && c.receiverCall.callee === 'TextEncoder');
      if (transparent) this.fromValue(c.args[0], api, strong, header, depth + 1);
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

function describe(c: Candidate): string {
  const what = c.provider ? c.provider.provider.label : c.header ? 'credential' : /password|pass|pwd/i.test(c.name ?? '') ? 'password' : 'secret';
  const where = c.name ? ` in \`${c.name}\`` : c.header ? ` in the ${c.header} header` : c.api ? ` passed to ${c.api.callee}()` : '';
  return `Hardcoded ${what} ${shown(c)}${where}`;
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
    if (i < 0) return undefined; // escapes inside the literal: no safe textual split
    const before = inner.slice(0, i);
    const after = inner.slice(i + c.part.length);
    newText = [before && `${quote}${before}${quote}`, env, after && `${quote}${after}${quote}`].filter(Boolean).join(' + ');
  }
  return {
    title: `Extract to environment variable ${name}`,
    edits: [{ start: lit.span.start, end: lit.span.end, newText }, ...model.idioms.envImportEdits()],
    envVars: [name],
  };
}

/** `process.env.X = 'value'`: the code sets the variable itself; reading it back would be circular. */
function assignsEnvironment(model: SourceModel, envReadEnds: ReadonlySet<number>, lit: StringLiteral): boolean {
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

function report(model: SourceModel, c: Candidate, emit: (f: { span: Span; message: string; fixes: Fix[] }) => void, imports: readonly string[], envReadEnds: ReadonlySet<number>): void {
  const lookup = c.lit.context.envLookup;
  if (c.fallback && lookup) {
    const lookupText = textOf(model, lookup.span);
    const variable = lookup.name ?? lookupText;
    const ts = model.dialect === 'typescript' || model.dialect === 'tsx';
    const required = lookupText + (ts && !lookup.destructured && !lookupText.endsWith('!') ? '!' : '');
    emit({
      span: c.lit.span,
      message: message(
        FACTOR,
        `Hardcoded fallback ${shown(c)} for the secret ${lookupText}`,
        'when the variable is unset, the app starts with a secret that everyone who has the code knows, in production too.',
        `Remove the fallback so that a missing ${variable} stops the app at start; keep development values in an uncommitted .env file.`,
      ),
      fixes: [
        {
          title: `Remove the hardcoded fallback (require ${variable})`,
          edits: [{ start: lookup.expression.start, end: lookup.expression.end, newText: required }],
        },
      ],
    });
    return;
  }
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

const rule: Rule = {
  meta: {
    id: 'no-hardcoded-secret',
    factor: FACTOR,
    description: 'Reports passwords, API keys, tokens and other credentials written in the code instead of read from the environment.',
    defaultSeverity: 'error',
    fixable: true,
  },
  create(ctx) {
    const { model } = ctx;
    const imports = model.imports.map((i) => i.module);
    const envReadEnds = new Set(model.envReads.map((r) => r.span.end));
    for (const c of new SecretFinder(model).run()) report(model, c, ctx.report, imports, envReadEnds);
  },
};

export default rule;
