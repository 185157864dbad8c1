/**
 * Names for the environment variables that "Extract to environment variable" introduces, chosen from
 * where the literal sits. Language-neutral: it reads only the StringLiteral's context and value, so
 * every adapter's fixes name variables the same way.
 *
 * Conventions (documented in docs/rules/no-hardcoded-secret.md and no-hardcoded-backing-service.md):
 * - A specific name the code already uses is kept: `stripeKey` → STRIPE_KEY, `DB_PASS` → DB_PASS.
 * - A generic name (`password`, `secret`, `apiKey`, `host`, `url`) is prefixed with the service it belongs
 *   to, from the enclosing object key (`session: { secret }` → SESSION_SECRET), the API it is passed to
 *   (`jwt.sign` → JWT_SECRET), the credential's provider (`sk_live_…` → STRIPE_SECRET_KEY) or the client
 *   it configures (`new Pool({ password })` → DB_PASSWORD).
 * - Databases: DATABASE_URL for a URL, DB_HOST / DB_PASSWORD for the parts, whatever the driver (one
 *   convention across pg, mysql2, mssql and ORMs; libpq's PGPASSWORD is read by pg without any code).
 *   Other services: REDIS_URL, MONGODB_URI, AMQP_URL, SMTP_URL, KAFKA_BROKERS, <SERVICE>_HOST.
 * - The client's variable name qualifies it when it is specific: `const legacy = createConnection({ host })`
 *   → LEGACY_DB_HOST, so two databases in one file get two variables.
 */
import type { CallSite, StringContext } from '../model';
import { parseLocator, serviceOfCall, SCHEMES } from '../backing/locators';
import { findProviderKey } from '../secrets/providers';
import { secretNameKind, splitWords } from '../secrets/names';

/** What is known about the literal a fix moves to the environment. */
export interface EnvNameRequest {
  value: string;
  context: StringContext;
  /** A secret (key, token, password) or the locator of a backing service (URL, host). */
  purpose: 'secret' | 'locator';
  /** The conventional variable of the API the literal is passed to (`JWT_SECRET` for `jwt.sign`). */
  suggested?: string;
  /** Module names the file imports, to tell which client a generic factory (`createClient`) builds. */
  imports?: readonly string[];
}

/** Words that say what a value is without saying which service it belongs to. */
const GENERIC = new Set([
  'secret', 'secrets', 'password', 'pass', 'passwd', 'pwd', 'passphrase', 'token', 'key', 'keys', 'api', 'apikey', 'access', 'auth',
  'authorization', 'credential', 'credentials', 'private', 'client', 'value', 'url', 'uri', 'host', 'hostname', 'hosts', 'server',
  'servers', 'endpoint', 'end', 'point', 'node', 'nodes', 'brokers', 'broker', 'connection', 'string', 'dsn', 'target', 'base', 'address',
  'addr', 'contact', 'points', 'x', 'header', 'bearer', 'id', 'or', 'socket', 'options', 'config', 'settings', 'default', 'defaults',
  'users', 'user', 'datasources', 'datasource',
]);

/** Keys of objects that name a deployment environment rather than a setting. */
const ENVIRONMENT_KEYS = new Set(['production', 'prod', 'development', 'dev', 'staging', 'stage', 'test', 'local', 'qa', 'uat', 'preview', 'default']);

/** Object keys and variable words that name a service, and the word used for it in variable names. */
const SERVICE_WORDS: Record<string, string> = {
  db: 'DB', database: 'DB', databases: 'DB', postgres: 'DB', postgresql: 'DB', pg: 'DB', mysql: 'DB', mariadb: 'DB', sql: 'DB', mssql: 'DB',
  mongo: 'MONGODB', mongodb: 'MONGODB', redis: 'REDIS', cache: 'REDIS', smtp: 'SMTP', mail: 'SMTP', mailer: 'SMTP', email: 'SMTP',
  amqp: 'AMQP', rabbit: 'AMQP', rabbitmq: 'AMQP', kafka: 'KAFKA', nats: 'NATS', mqtt: 'MQTT', memcached: 'MEMCACHED',
  elastic: 'ELASTICSEARCH', elasticsearch: 'ELASTICSEARCH', s3: 'S3', minio: 'S3', jwt: 'JWT', session: 'SESSION',
  cookie: 'COOKIE', cookies: 'COOKIE', stripe: 'STRIPE', github: 'GITHUB', google: 'GOOGLE', aws: 'AWS', twilio: 'TWILIO',
  sendgrid: 'SENDGRID', slack: 'SLACK', openai: 'OPENAI', webhook: 'WEBHOOK', oauth: 'OAUTH', neo4j: 'NEO4J',
};

/** Binding names of clients that say nothing beyond the service (`pool`, `redisClient`, `mailer`). */
const GENERIC_BINDING = new Set([
  ...Object.keys(SERVICE_WORDS), 'client', 'pool', 'conn', 'connections', 'instance', 'transport', 'transporter', 'queue', 'producer',
  'consumer', 'broker', 'sequelize', 'knex', 'prisma', 'store', 'storage', 'app', 'server', 'service', 'main', 'primary', 'default',
  'req', 'request', 'res', 'response', 'api', 'http', 'https', 'axios', 'driver', 'source', 'data', 'the', 'my', 'object', 'objects',
  'pdo', 'dbh', 'mysqli', 'engine', 'factory', 'multiplexer', 'cluster', 'jedis', 'lettuce', 'dsn', 'datasource',
]);

/** Well-known credential fields. */
const WELL_KNOWN: Record<string, string> = {
  accesskeyid: 'AWS_ACCESS_KEY_ID',
  secretaccesskey: 'AWS_SECRET_ACCESS_KEY',
  awsaccesskeyid: 'AWS_ACCESS_KEY_ID',
  awssecretaccesskey: 'AWS_SECRET_ACCESS_KEY',
};

/** `googleMapsApiKey` → GOOGLE_MAPS_API_KEY; `x-api-key` → X_API_KEY. Always a valid identifier. */
export function toEnvName(text: string, fallback = 'APP_CONFIG'): string {
  const words = splitWords(text);
  let name = words.join('_').toUpperCase();
  if (!name) name = fallback;
  if (/^[0-9]/.test(name)) name = `APP_${name}`;
  return name;
}

/** The role word of a secret from its key: PASSWORD for `pass`/`pwd`, SECRET, TOKEN, API_KEY… */
function secretRole(key: string | undefined): string {
  const words = key ? splitWords(key) : [];
  const head = words[words.length - 1];
  if (!head) return 'SECRET';
  if (/^(password|pass|passwd|pwd|passphrase|passcode)$/.test(head)) return 'PASSWORD';
  if (head === 'authorization' || head === 'bearer') return 'API_TOKEN';
  if (head === 'auth') return 'TOKEN';
  if (head === 'users') return 'PASSWORD';
  return words.filter((w) => w !== 'x').join('_').toUpperCase() || 'SECRET';
}

function join(...parts: (string | undefined)[]): string {
  const words: string[] = [];
  for (const p of parts) {
    if (!p) continue;
    for (const w of p.split('_')) if (w && !words.includes(w)) words.push(w);
  }
  return words.join('_');
}

/** The service word from the nearest enclosing object key that names one (`smtp: { auth: { pass } }` → SMTP). */
function serviceFromKeys(context: StringContext): string | undefined {
  const keys = context.keyPath;
  const parents = keys.length > 0 && context.key === keys[keys.length - 1] ? keys.slice(0, -1) : keys;
  for (let i = parents.length - 1; i >= 0; i--) {
    const words = splitWords(parents[i]);
    for (let j = words.length - 1; j >= 0; j--) {
      const s = SERVICE_WORDS[words[j]];
      if (s) return s;
    }
  }
  return undefined;
}

/** The service word of a typed literal's type: Go `mysql.Config{Passwd: …}` → DB, `redis.Options{…}` → REDIS. */
function serviceFromType(type: string | undefined): string | undefined {
  if (!type) return undefined;
  for (const w of splitWords(type)) {
    const s = SERVICE_WORDS[w];
    if (s) return s;
  }
  return undefined;
}

/** A qualifier from the variable the client is bound to: `legacy` for `const legacyDb = createConnection(…)`. */
function qualifierFromBinding(site: CallSite | undefined): string | undefined {
  const name = site?.assignedTo;
  if (!name) return undefined;
  const words = splitWords(name).filter((w) => !GENERIC_BINDING.has(w) && !GENERIC.has(w));
  return words.length ? words.join('_').toUpperCase() : undefined;
}

function isGenericKey(key: string): boolean {
  const words = splitWords(key);
  return words.length === 0 || words.every((w) => GENERIC.has(w) || ENVIRONMENT_KEYS.has(w));
}

/** The environment variable name for a literal that a fix moves out of the code. */
export function envNameFor(req: EnvNameRequest): string {
  const { context, value } = req;
  const key = context.key !== undefined && !ENVIRONMENT_KEYS.has(context.key.toLowerCase()) ? context.key : undefined;
  const site = context.call?.site;
  const client = site ? serviceOfCall(site, req.imports) : undefined;
  const qualifier = qualifierFromBinding(site);

  if (req.purpose === 'secret') {
    if (key) {
      const known = WELL_KNOWN[splitWords(key).join('')];
      if (known) return known;
      // `users: { admin: 's3cret' }`: a key that is not a secret's name says less than the API's convention
      if (!isGenericKey(key) && (secretNameKind(key) || !req.suggested)) {
        const prefix = serviceFromKeys(context);
        return toEnvName(prefix && !splitWords(key).includes(prefix.toLowerCase()) ? `${prefix}_${key}` : key);
      }
    }
    const role = secretRole(key);
    const fromKeys = serviceFromKeys(context) ?? serviceFromType(context.objectType);
    if (fromKeys) return join(fromKeys, role);
    if (req.suggested) return req.suggested;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
      const host = parseLocator(value)?.hosts[0];
      const label = host ? hostWord(host) : undefined;
      if (label) return `${label}_URL`;
    }
    const provider = findProviderKey(value);
    if (provider) return provider.provider.envName;
    const vendor = site ? vendorOf(site.callee) : undefined;
    if (vendor) return join(vendor, role);
    if (client?.prefix) return join(qualifier, client.prefix, role);
    if (qualifier) return join(qualifier, role);
    return key ? toEnvName(key) : role;
  }

  // locators
  const locator = parseLocator(value);
  const keyWords = key ? splitWords(key) : [];
  const isList = (keyWords.some((w) => /^(brokers|nodes|hosts|servers|points|sentinels|seeds|addresses)$/.test(w)) || (locator?.kind === 'host' && locator.hosts.length > 1)) && locator?.kind !== 'url';
  const scheme = locator?.scheme ? SCHEMES[locator.scheme] : undefined;
  const isUrl = locator?.kind === 'url' || locator?.kind === 'connection-string' || !!locator?.scheme;
  const endpoint = keyWords.join('') === 'endpoint';
  const fromKeys = locatorServiceFromKeys(context);
  let service: string | undefined;
  if (scheme) service = isUrl ? scheme.urlPrefix : scheme.hostPrefix;
  else if (locator?.kind === 'connection-string') service = locator.convention ? 'DB' : 'DATABASE';
  if (!service && client?.prefix) service = client.prefix === 'DB' && isUrl ? 'DATABASE' : client.prefix;
  service ??= fromKeys?.service;
  // knex and TypeORM-style settings: `connection: { host }` is the database's
  if (!service && context.keyPath.includes('connection')) service = isUrl ? 'DATABASE' : 'DB';
  if (!service && locator?.hosts[0]) service = hostWord(locator.hosts[0]);
  const role =
    locator?.convention === 'connection-string' ? 'CONNECTION_STRING'
    : locator?.convention === 'dsn' ? 'DSN'
    : isList ? (service === 'KAFKA' ? 'BROKERS' : 'HOSTS')
    : endpoint ? 'ENDPOINT'
    : isUrl ? (scheme?.urlRole ?? 'URL')
    : 'HOST';
  if (key && !isGenericKey(key) && !keyWords.every((w) => LOCATOR_ROLE_WORDS.has(w))) {
    // a map keyed by the service (`"payments": "http://…"`, `minio: "http://…"`) names the service, not the value
    if (keyWords.length === 1 && !LOCATOR_ROLE_WORDS.has(keyWords[0])) return join(LOCATOR_SERVICE_WORDS[keyWords[0]] ?? toEnvName(key), role);
    return toEnvName(key);
  }
  const qualifiers = join(qualifier, fromKeys?.qualifier);
  if (!service && !qualifiers) return `SERVICE_${role}`;
  return join(qualifiers, service, role);
}

/** Service words of settings blocks, for locators only: Laravel `pgsql`, Django `CACHES`, Spring `datasource`. */
const LOCATOR_SERVICE_WORDS: Record<string, string> = { ...SERVICE_WORDS, pgsql: 'DB', sqlsrv: 'DB', caches: 'REDIS', datasource: 'DB', datasources: 'DB', connections: 'DB', rabbitmq: 'AMQP', elasticsearch: 'ELASTICSEARCH' };

/** Words of option keys that say what a locator is, not whose: `LOCATION`, `bootstrap_servers`, `BACKEND`. */
const LOCATOR_ROLE_WORDS = new Set(['location', 'backend', 'bootstrap', 'servers', 'server', 'seeds', 'contact', 'points', 'addresses', 'endpoints', 'url', 'uri', 'host', 'hosts', 'hostname', 'name', 'addr', 'address', 'dsn', 'connection', 'string', 'configuration']);

/**
 * The service named by the keys above a locator, including the name the whole literal is assigned to
 * (`DATABASES = {"analytics": {"HOST": …}}`), and the key just below it when that names one instance
 * (`analytics` → ANALYTICS_DB_HOST), so two databases in one settings block get two variables.
 */
function locatorServiceFromKeys(context: StringContext): { service: string; qualifier?: string } | undefined {
  const keys = context.keyPath;
  const parents = [...(context.container ? [context.container] : []), ...(keys.length > 0 && context.key === keys[keys.length - 1] ? keys.slice(0, -1) : keys)];
  for (let i = parents.length - 1; i >= 0; i--) {
    const words = splitWords(parents[i]);
    for (let j = words.length - 1; j >= 0; j--) {
      const service = LOCATOR_SERVICE_WORDS[words[j]];
      if (!service) continue;
      const below = parents[i + 1];
      const qualifier = below && !isGenericKey(below) && !splitWords(below).some((w) => LOCATOR_SERVICE_WORDS[w] || ENVIRONMENT_KEYS.has(w)) ? toEnvName(below) : undefined;
      return { service, qualifier };
    }
  }
  return undefined;
}

/** Vendors whose name in a callee (`GitHubProvider`, `new TwilioClient`) prefixes their credentials. */
const VENDORS = ['github', 'gitlab', 'google', 'stripe', 'twilio', 'sendgrid', 'slack', 'openai', 'mailgun', 'mailchimp', 'algolia', 'pusher', 'auth0', 'okta', 'facebook', 'twitter', 'discord', 'shopify', 'paypal', 'cloudinary', 'contentful', 'sentry', 'datadog', 'firebase', 'supabase', 'aws', 'azure'];

function vendorOf(callee: string): string | undefined {
  const c = callee.toLowerCase();
  return VENDORS.find((v) => c.includes(v))?.toUpperCase();
}

/** A service word from a host name: `redis-master.cache.internal` → REDIS, `search.acme.com` → SEARCH. */
function hostWord(host: string): string | undefined {
  if (/^[\d.:[\]]+$/.test(host)) return undefined;
  const first = host.split('.')[0].toLowerCase();
  for (const part of first.split('-')) {
    const s = SERVICE_WORDS[part] ?? (part === 'es' ? 'ELASTICSEARCH' : undefined);
    if (s && s !== 'DB') return s;
    if (s === 'DB') return 'DB';
  }
  const word = first.split('-').find((p) => /^[a-z][a-z0-9]{2,}$/.test(p) && !/^(api|www|app|svc|srv|prod|production|staging|stage|dev|eu|us|primary|master|main|cluster\d*|ep)$/.test(p));
  return word ? word.toUpperCase() : undefined;
}
