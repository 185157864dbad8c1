/**
 * no-hardcoded-backing-service (Factor IV, Backing services)
 *
 * A twelve-factor app treats databases, caches, brokers, mail relays, object stores and internal APIs as
 * attached resources, located by config: a deploy swaps one for another without a code change.
 *
 * Reported, in every language: connection URLs of backing services (`postgres://`, `mongodb+srv://`,
 * `redis://`, `amqp://`, `kafka://`, `nats://`, `smtp://`, `s3://`…, JDBC URLs, SQLAlchemy URLs such as
 * `postgresql+psycopg2://`), connection strings (ADO.NET `Server=…;Database=…`, PDO `mysql:host=…;dbname=…`,
 * libpq `host=… port=…`, Go MySQL `user:pass@tcp(host:3306)/db`), HTTP URLs of internal services
 * (private addresses, `*.internal`, `*.svc.cluster.local`, managed endpoints such as
 * `*.rds.amazonaws.com`), hosts given to a client (options, keyword or positional arguments, setters),
 * hosts bound to a service's name (`DB_HOST`, Django `DATABASES` `HOST`, `EMAIL_HOST`), locators chosen
 * by the environment name (a conditional on `NODE_ENV`, `APP_ENV`, `Rails.env.production?`,
 * `IsProduction()`, `app()->environment('production')`, or config keyed by environment) and non-local
 * fallbacks of environment lookups. A URL with a password is reported here, password masked, and not by
 * no-hardcoded-secret.
 *
 * What it knows per language (clients in backing/locators.ts `serviceOfCall`):
 * - JavaScript/TypeScript: pg, mysql2, mssql, Sequelize, knex, Prisma, mongoose, MongoClient, redis,
 *   ioredis, BullMQ, nodemailer, kafkajs, amqplib, nats, mqtt, memcached, neo4j, S3/SQS clients.
 * - Python: SQLAlchemy `create_engine`, DB-API drivers (`psycopg2.connect(host=…)`), Django `DATABASES`,
 *   `CACHES`, `CELERY_BROKER_URL`, `EMAIL_HOST`, redis-py, pymongo/motor, pika, kafka-python, boto3
 *   `endpoint_url`, pydantic settings defaults (env lookups with defaults).
 * - Go: `sql.Open` DSNs, pgx, GORM dialectors, go-redis `Options{Addr}`, mongo `ApplyURI`, amqp091
 *   `Dial`, kafka-go `TCP`, nats, gomemcache, go-elasticsearch `Addresses`, gRPC `NewClient`,
 *   `cmp.Or(os.Getenv(…), …)` fallbacks.
 * - Java: JDBC URLs (`DriverManager`, `DataSourceBuilder.url`), Jedis, Lettuce, Spring Data Redis
 *   configurations, MongoClients, RabbitMQ `setHost`, Kafka `bootstrap.servers`, Elasticsearch
 *   `HttpHost`, Cassandra contact points, `InetSocketAddress`, JavaMail properties, `@Value` defaults.
 * - Ruby: Rails `config/environments/*.rb` stores and `smtp_settings`, `establish_connection`, redis-rb,
 *   Sequel, mongo, Bunny, Dalli, Sidekiq `config.redis`, Mysql2, `TCPSocket`, `Rails.env` conditionals.
 * - C#: ADO.NET and EF Core connection strings (`UseNpgsql`, `UseSqlServer`, `new SqlConnection`),
 *   StackExchange.Redis, MongoClient, RabbitMQ `HostName`, Confluent `BootstrapServers`, `SmtpClient`,
 *   in-memory configuration `ConnectionStrings:*`, `IsProduction()` conditionals.
 * - PHP: PDO DSNs, `mysqli_connect`, `pg_connect`, phpredis/Predis, MongoDB, php-amqplib, Memcached
 *   `addServer`, Elasticsearch `setHosts`, Laravel `config/database.php` and `config/services.php`.
 * - App-config files (Spring `application.properties`/`.yml`, `appsettings.json`, `web.config`, Rails
 *   `config/database.yml`): non-local hosts and connection strings, as in code; local and compose-style
 *   names there are development defaults. Deploy files (Dockerfile, compose, Kubernetes, `.env`): service
 *   host names are ordinary configuration there; only a locator that carries a password is reported.
 *
 * Quiet: environment lookups, fallbacks to localhost or a compose service name (development defaults),
 * public API and documentation URLs, localhost outside client options (CORS origins, bind addresses,
 * `new URL(path, 'http://localhost')`), placeholders (`host`, `db.example.com`, `<host>`,
 * `user:password@localhost`), file databases (`sqlite:///app.db`, `Data Source=app.db`), import
 * specifiers, comparisons, messages, templates (`.env.example`).
 */
import { HTTP_SERVICE, isBindAddress, maskLocator, parseLocator, serviceOfCall, type Locator, type ServiceClient } from '../../backing/locators';
import { envNameFor, toEnvName } from '../../fixes/env-name';
import type { CallSite, FileKind, SourceModel, StringLiteral, Value } from '../../model';
import { splitWords } from '../../secrets/names';
import type { Fix, Rule, Span, TextEdit } from '../../types';
import { message, replaceFix, resolve, textOf } from '../util';

const FACTOR = 4;

/** Option keys and parameters whose value locates a service (compared without `_`, `-` and case). */
const LOCATOR_KEY = /^(host|hostname|hosts|server|servers|endpoint|endpointurl|endpoints|node|nodes|brokers|bootstrapservers|contactpoints|url|uri|connectionstring|connectionuri|connection|sentinels|address|addresses|addr|dsn|location)$/;
/** Keys whose value is a list of hosts (compared like LOCATOR_KEY). */
const LIST_KEY = /^(brokers|bootstrapservers|contactpoints|nodes|hosts|servers|sentinels|addresses|endpoints|seeds)$/;
/** Words that name a backing service in a variable or key (`DB_HOST`, `redisUrl`, `smtp: { host }`). */
const SERVICE_WORDS = new Set([
  'db', 'database', 'databases', 'pg', 'postgres', 'postgresql', 'mysql', 'mariadb', 'mssql', 'sql', 'mongo', 'mongodb', 'redis', 'cache',
  'caches', 'smtp', 'mail', 'mailer', 'email', 'amqp', 'rabbit', 'rabbitmq', 'kafka', 'broker', 'brokers', 'queue', 'elastic',
  'elasticsearch', 'es', 'memcached', 's3', 'minio', 'nats', 'mqtt', 'neo4j', 'cassandra', 'ldap', 'connection', 'connections',
  'datasource', 'datasources', 'celery', 'sidekiq', 'solr', 'beanstalkd', 'sqs',
]);
const LOCATOR_WORDS = new Set(['host', 'hostname', 'hosts', 'url', 'uri', 'server', 'servers', 'endpoint', 'dsn', 'brokers', 'addr', 'address', 'nodes', 'location', 'backend']);
/** Last words of keys whose value may be a bare host name (`DB_HOST: 'primary'`); `url`, `location`, `dsn` need more. */
const HOST_WORDS = new Set(['host', 'hostname', 'hosts', 'server', 'servers', 'addr', 'address', 'endpoint', 'brokers', 'nodes']);
/** Object keys naming a deployment environment: `{ production: { host } }` is config grouped by environment. */
const ENV_KEYS = new Set(['production', 'prod', 'staging', 'stage', 'development', 'dev', 'test', 'qa', 'uat', 'preview', 'live']);

/** Protocol names passed beside a host and port: not host names. */
const SCHEME_WORDS = new Set(['http', 'https', 'tcp', 'udp', 'tls', 'ssl', 'ws', 'wss', 'unix', 'grpc']);

type Why = 'locator' | 'fallback' | 'env-branch' | 'deploy';

interface Hit {
  span: Span;
  /** The literals covered (one, or the items of a host list). */
  literals: StringLiteral[];
  locator: Locator;
  why: Why;
  /** What to call it in the message: "PostgreSQL URL", "Redis host". */
  label: string;
  /** The edit target of the extract fix, when one is safe. */
  extract?: { span: Span; list: boolean };
  /** For a list of hosts: the option it is given as (`brokers`, `bootstrap_servers`; `hosts` when positional). */
  listKey?: string;
}

/** `bootstrap_servers`, `BootstrapServers`, `bootstrap-servers` → `bootstrapservers`. */
function flat(key: string): string {
  return key.replace(/[-_.\s]/g, '').toLowerCase();
}

/** True when the name says it locates a service: `DB_HOST`, `redisUrl`, `MONGO_URI`, `EMAIL_HOST`. */
function serviceNamed(name: string | undefined): boolean {
  const words = name ? splitWords(name) : [];
  return words.some((w) => SERVICE_WORDS.has(w)) && words.some((w) => LOCATOR_WORDS.has(w));
}

/** True when a name is only a service's name (`smtp`, `redis`, `Database`). */
function onlyService(name: string | undefined): boolean {
  const words = name ? splitWords(name) : [];
  return words.length > 0 && words.every((w) => SERVICE_WORDS.has(w));
}

function isRemote(l: Locator): boolean {
  return l.locality === 'private' || l.locality === 'internal' || l.locality === 'managed';
}

function isLocal(l: Locator): boolean {
  return l.locality === 'local' || l.locality === 'compose';
}

/** A TCP port number as a call argument: `new JedisPool("redis-master", 6379)`, `connect('cache', 6379)`. */
function isPortArg(v: Value | undefined): boolean {
  const r = resolve(v);
  const n = r?.kind === 'number' ? r.value : r?.kind === 'string' && /^\d{2,5}$/.test(r.value) ? Number(r.value) : undefined;
  return n !== undefined && Number.isInteger(n) && n > 0 && n <= 65535;
}

class BackingFinder {
  private readonly hits: Hit[] = [];
  private readonly claimed = new Set<number>();
  private readonly imports: string[];
  private readonly byStart = new Map<number, StringLiteral>();
  private readonly kind: FileKind;

  constructor(private readonly model: SourceModel) {
    this.imports = model.imports.map((i) => i.module);
    this.kind = model.fileKind ?? 'source';
    for (const s of model.strings) this.byStart.set(s.span.start, s);
  }

  run(): Hit[] {
    if (this.kind === 'source') for (const call of this.model.calls) this.hostLists(call);
    for (const lit of this.model.strings) if (!this.claimed.has(lit.span.start)) this.fromLiteral(lit);
    return this.hits.sort((a, b) => a.span.start - b.span.start);
  }

  private client(site: CallSite | undefined): ServiceClient | undefined {
    return site ? serviceOfCall(site, this.imports) : undefined;
  }

  /**
   * `new Kafka({ brokers: ['kafka-1:9092', 'kafka-2:9092'] })`, `KafkaProducer(bootstrap_servers=[…])`,
   * `Mongo::Client.new(['mongo-0:27017', 'mongo-1:27017'])`: one finding for a list of several hosts,
   * one variable. A list of one host is reported at its literal, like any other.
   */
  private hostLists(call: CallSite): void {
    const client = this.client(call);
    if (!client || client.endpoint) return;
    const lists: { key: string; value: Value }[] = [];
    for (const a of call.args) {
      const r = resolve(a);
      if (r?.kind === 'array') lists.push({ key: 'hosts', value: r });
      if (r?.kind !== 'object') continue;
      for (const p of r.props) if (LIST_KEY.test(flat(p.key))) lists.push({ key: p.key, value: p.value });
    }
    for (const p of call.kwargs ?? []) if (LIST_KEY.test(flat(p.key))) lists.push({ key: p.key, value: p.value });
    this.variadicHosts(call, client);
    for (const { key, value } of lists) {
      const list = resolve(value);
      if (list?.kind !== 'array' || list.items.length < 2) continue;
      const lits = list.items.map((i) => this.literalOf(i));
      if (lits.some((l) => !l)) continue;
      const literals = lits as StringLiteral[];
      const locators = literals.map((l) => parseLocator(l.value));
      if (locators.some((l) => !l || l.placeholder || l.sample || l.hosts.some(isBindAddress))) continue;
      const locator = locators[0] as Locator;
      for (const l of literals) this.claimed.add(l.span.start);
      this.hits.push({
        span: list.span,
        literals,
        locator,
        why: 'locator',
        label: `${client.label === 'service' ? '' : client.label + ' '}${key}`.trim(),
        extract: { span: list.span, list: true },
        listKey: key,
      });
    }
  }

  /** `kafka.TCP("kafka-1:9092", "kafka-2:9092")`: hosts as separate arguments, one finding; no one-literal fix. */
  private variadicHosts(call: CallSite, client: ServiceClient): void {
    if (call.args.length < 2 || !call.args.every((a) => a.kind === 'string')) return;
    const literals = call.args.map((a) => this.literalOf(a));
    if (literals.some((l) => !l || l.context.nonValue)) return;
    const locators = literals.map((l) => parseLocator((l as StringLiteral).value));
    if (locators.some((l) => !l || l.kind !== 'host' || !l.hasPort || l.placeholder || l.hosts.some(isBindAddress))) return;
    const lits = literals as StringLiteral[];
    for (const l of lits) this.claimed.add(l.span.start);
    const span = { start: lits[0].span.start, end: lits[lits.length - 1].span.end };
    this.hits.push({ span, literals: lits, locator: locators[0] as Locator, why: 'locator', label: `${client.label === 'service' ? 'service' : client.label} hosts` });
  }

  private literalOf(v: Value): StringLiteral | undefined {
    if (v.kind !== 'string') return undefined;
    return this.byStart.get(v.span.start) ?? this.model.strings.find((s) => s.span.start >= v.span.start && s.span.end <= v.span.end && s.value === v.value);
  }

  private fromLiteral(lit: StringLiteral): void {
    const ctx = lit.context;
    if (ctx.nonValue || ctx.comparison || (lit.scalar !== undefined && lit.scalar !== 'string')) return;
    const loc = parseLocator(lit.value);
    if (!loc || loc.placeholder || loc.sample || loc.locality === 'link-local') return;
    if (loc.hosts.some(isBindAddress)) return;
    if (loc.kind === 'url' && !loc.service) return; // ftp://, file://, ws://: not a backing-service scheme we know
    if (this.kind === 'deploy') {
      // Deploy files are where locators belong; a password written there is not.
      if (!this.model.template && loc.hasPassword) this.hit(lit, loc, ctx.envFallback ? 'fallback' : 'deploy', undefined);
      return;
    }
    // App config is read by every deploy: local and compose-style names there are development defaults.
    if (this.kind === 'app-config' && isLocal(loc)) return;
    const isService = loc.kind === 'connection-string' || (loc.kind === 'url' && loc.service !== HTTP_SERVICE);
    const isHttp = loc.kind === 'url' && loc.service === HTTP_SERVICE;
    const key = ctx.key;
    const site = ctx.call?.site;
    const client = this.client(site);
    const locatorKey = !!key && LOCATOR_KEY.test(flat(key));
    // the keys above the value, and the setter or option method it is passed to (`smtp_settings = { address: … }`)
    const parents = [...(ctx.container ? [ctx.container] : []), ...ctx.keyPath.slice(0, -1), ...(site && ctx.keyPath.length > 0 ? [site.name.replace(/=$/, '')] : [])];
    const parentNamesService = parents.some((p) => splitWords(p).some((w) => SERVICE_WORDS.has(w)));
    const named = serviceNamed(key) || (locatorKey && parentNamesService) || (onlyService(key) && loc.hasPort);
    const positional = !!ctx.call && ctx.keyPath.length === 0 && ctx.call.argIndex >= 0;
    const inClientOptions = !!client && (positional || locatorKey);

    if (client?.endpoint && loc.locality === 'local') return; // a socket to this machine: a bind address or a test
    if (ctx.inExpression) {
      // `'http://10.0.0.5:8080/items?id=' + id`, `"Server=…;Password=" + password`: the literal holds the service's address
      if (ctx.envFallback) return;
      if (loc.kind === 'url' && (isService || isRemote(loc) || loc.locality === 'compose')) this.hit(lit, loc, 'locator', client?.label);
      else if (loc.kind === 'connection-string' && !isLocal(loc)) this.hit(lit, loc, 'locator', client?.label, false);
      return;
    }
    if (ctx.envFallback) {
      const varName = ctx.envLookup?.name;
      const varNamed = serviceNamed(varName) || LOCATOR_KEY.test(flat(splitWords(varName ?? '').pop() ?? ''));
      const relevant = isService || isHttp || isRemote(loc) || locatorKey || named || varNamed;
      // a public SaaS endpoint as a default (`env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net')`) is the vendor's address, not a deploy's
      const publicDefault = loc.locality === 'public' && (isHttp || (loc.kind === 'host' && !named && !serviceNamed(varName)));
      if (relevant && !isLocal(loc) && !publicDefault) this.hit(lit, loc, 'fallback', client?.label);
      return;
    }
    if (ctx.envBranch || ctx.keyPath.some((k) => ENV_KEYS.has(k.toLowerCase()))) {
      const relevant = loc.kind !== 'host' || isRemote(loc) || locatorKey || named;
      if (relevant && !isLocal(loc)) this.hit(lit, loc, 'env-branch', client?.label);
      return;
    }
    if (isService) {
      this.hit(lit, loc, 'locator', client?.label);
      return;
    }
    if (isHttp) {
      if (isRemote(loc) || loc.locality === 'compose' || (inClientOptions && client?.prefix !== undefined && client.label !== 'service')) this.hit(lit, loc, 'locator', client?.label);
      return;
    }
    // a single name passed positionally is a host only next to its port: `RedisStandaloneConfiguration("sessions-redis", 6379)`
    const single = loc.hosts.length === 1 && !loc.hasPort && !loc.hosts[0].includes('.') && !/^[\d.]+$/.test(loc.hosts[0]);
    if (single && positional && SCHEME_WORDS.has(lit.value.toLowerCase())) return; // `new HttpHost(host, 9200, "http")`
    const args = site?.args ?? [];
    const index = ctx.call?.argIndex ?? -1;
    const withPort = positional && (isPortArg(args[index + 1]) || (index > 0 && isPortArg(args[index - 1])));
    // A bare word (`'default'`, `'sessions'`) is a host only under a key that holds hosts: Laravel's
    // `'connection' => 'default'` and Django's LocMem `"LOCATION": "sessions"` name things, they locate nothing.
    if (single && !withPort && !inClientOptions && !(key && HOST_WORDS.has(splitWords(key).pop() ?? ''))) return;
    if (inClientOptions && !(positional && single && !withPort)) {
      this.hit(lit, loc, 'locator', client?.label);
    } else if ((locatorKey || named) && (isRemote(loc) || named)) {
      this.hit(lit, loc, 'locator', client?.label);
    } else if (loc.locality === 'internal' || loc.locality === 'managed' || (loc.locality === 'private' && loc.hasPort)) {
      this.hit(lit, loc, 'locator', client?.label);
    }
  }

  private hit(lit: StringLiteral, locator: Locator, why: Why, clientLabel: string | undefined, extractable = true): void {
    const scheme = locator.kind === 'url' ? locator.service : undefined;
    let label: string;
    if (locator.kind === 'connection-string') label = `${locator.service?.label ?? 'database'} connection string`;
    else if (scheme === HTTP_SERVICE) label = locator.locality === 'managed' ? 'managed service URL' : locator.locality === 'public' ? 'service URL' : 'internal service URL';
    else if (scheme) label = `${scheme.label} URL`;
    else label = `${clientLabel && clientLabel !== 'service' ? clientLabel : serviceLabel(lit) ?? 'service'} host`;
    const element = this.inList(lit);
    this.hits.push({ span: lit.span, literals: [lit], locator, why, label, extract: element || !extractable ? undefined : { span: lit.span, list: false } });
  }

  /** An item of an array literal (`brokers: ['a:9092', 'b:9092']` outside a client call): no one-literal fix. */
  private inList(lit: StringLiteral): boolean {
    if (!lit.context.key || !LIST_KEY.test(flat(lit.context.key))) return false;
    const before = this.model.text.slice(Math.max(0, lit.span.start - 200), lit.span.start).trimEnd();
    const after = this.model.text.slice(lit.span.end, lit.span.end + 200).trimStart();
    // one host alone in its list is replaced as a value; several would each become the same variable
    return (before.endsWith('[') || before.endsWith(',') || before.endsWith('{')) && !(/[[{(]$/.test(before) && /^[\]})]/.test(after));
  }
}

const SERVICE_LABELS: Record<string, string> = {
  db: 'database', database: 'database', databases: 'database', pg: 'PostgreSQL', postgres: 'PostgreSQL', postgresql: 'PostgreSQL',
  mysql: 'MySQL', mariadb: 'MariaDB', mssql: 'SQL Server', sql: 'database', connection: 'database', connections: 'database',
  datasource: 'database', mongo: 'MongoDB', mongodb: 'MongoDB', redis: 'Redis', cache: 'cache', caches: 'cache', smtp: 'SMTP server',
  mail: 'SMTP server', mailer: 'SMTP server', email: 'SMTP server', amqp: 'AMQP broker', rabbit: 'RabbitMQ', rabbitmq: 'RabbitMQ',
  kafka: 'Kafka', broker: 'broker', brokers: 'broker', queue: 'queue', elastic: 'Elasticsearch', elasticsearch: 'Elasticsearch',
  es: 'Elasticsearch', memcached: 'Memcached', s3: 'object storage', minio: 'object storage', nats: 'NATS', mqtt: 'MQTT broker',
  neo4j: 'Neo4j', cassandra: 'Cassandra', ldap: 'LDAP directory', solr: 'Solr', beanstalkd: 'Beanstalkd queue',
};

/** The service a host belongs to, from its name or the keys around it (`DB_HOST`, `redis: { host }`). */
function serviceLabel(lit: StringLiteral): string | undefined {
  const names = [lit.context.key, ...[...lit.context.keyPath].reverse(), lit.context.call?.site.name];
  for (const n of names) {
    if (!n) continue;
    for (const w of splitWords(n)) if (SERVICE_LABELS[w]) return SERVICE_LABELS[w];
  }
  return undefined;
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function shown(h: Hit): string {
  const cut = (s: string) => (s.length > 100 ? s.slice(0, 97) + '…' : s);
  return h.literals.map((l) => `"${cut(maskLocator(l.value))}"`).join(', ');
}

const WHY: Record<Why, string> = {
  locator: 'a backing service is an attached resource; each deploy must be able to swap it (another database, a managed cache, a local container) by changing config, not code.',
  fallback: 'when the variable is unset, the app quietly connects to this fixed service instead of failing at start, so a missing setting goes unnoticed.',
  'env-branch': 'choosing services by environment name in the code base means every new deploy needs a code change; each deploy should attach its services through its own config.',
  deploy: 'a deploy file is versioned and shared with the code, so everyone who can read it has the credentials of the service, and rotating them takes a commit.',
};

/** `X.split(',')` in the languages where a list can be read from one variable safely. */
function listFromEnv(model: SourceModel, env: string): string | undefined {
  switch (model.language) {
    case 'javascript':
    case 'typescript':
      return `${env}.split(',')`;
    case 'python':
    case 'ruby':
      return `${env}.split(",")`;
    case 'php':
      return `explode(',', ${env})`;
    default:
      return undefined;
  }
}

/**
 * The span of `:default` / `:-default` after a placeholder's name (`${search.url:http://…}`,
 * `${REDIS_URL:-redis://…}`), when the literal is such a default; undefined otherwise.
 */
function placeholderDefault(model: SourceModel, lit: StringLiteral): Span | undefined {
  const text = model.text;
  const inner = lit.innerSpan;
  if (text[inner.end] !== '}') return undefined;
  let sep = inner.start;
  if (text[sep - 1] === '-' && text[sep - 2] === ':') sep -= 2;
  else if (text[sep - 1] === ':') sep -= 1;
  else return undefined;
  const open = text.lastIndexOf('${', sep);
  if (open < 0 || /[}\s"'\n]/.test(text.slice(open + 2, sep))) return undefined;
  return { start: sep, end: inner.end };
}

/**
 * Go rejects unused imports: removing the only `cmp.Or(…)` of a file removes its `"cmp"` import line too.
 */
function unusedGoImport(model: SourceModel, removed: Span): TextEdit[] {
  if (model.language !== 'go' || !model.text.startsWith('cmp.Or(', removed.start)) return [];
  const others = model.calls.some((c) => c.receiver === 'cmp' && (c.span.start < removed.start || c.span.start >= removed.end));
  const imp = model.imports.find((i) => i.module === 'cmp');
  if (others || !imp) return [];
  const text = model.text;
  const start = text.lastIndexOf('\n', imp.span.start - 1) + 1;
  const nl = text.indexOf('\n', imp.span.end);
  const end = nl < 0 ? text.length : nl + 1;
  const line = text.slice(start, end).trim();
  return line === '"cmp"' || line === 'import "cmp"' ? [{ start, end, newText: '' }] : [];
}

/** The environment variable .NET configuration binding reads for a key path (`ConnectionStrings:Default` → `ConnectionStrings__Default`). */
function dotnetVariable(lit: StringLiteral): string {
  return lit.context.keyPath.join('__');
}

/** The variable a fix reads: from the literal's context (envNameFor), or the .NET configuration key. */
function variableFor(model: SourceModel, h: Hit, imports: readonly string[]): string {
  const lit = h.literals[0];
  // a .NET configuration path (`ConnectionStrings:Orders`) has its own variable: `ConnectionStrings__Orders`
  if (model.language === 'csharp' && lit.context.key && /^[A-Za-z]\w*(:\w+)+$/.test(lit.context.key)) return lit.context.key.replace(/:/g, '__');
  const context = h.listKey && !lit.context.key ? { ...lit.context, key: h.listKey } : lit.context;
  return envNameFor({ value: lit.value, context, purpose: 'locator', imports });
}

/** The database a URL or connection string names: `…:5432/reporting`, `Database=erp`, `dbname=shop`. */
function databaseName(value: string): string | undefined {
  const v = value.trim();
  const keyed = /(?:^|[;\s:])(?:database|initial catalog|dbname)\s*=\s*([A-Za-z][\w-]*)/i.exec(v);
  if (keyed) return keyed[1];
  const path = /^(?:jdbc:)?[a-z][a-z0-9+.-]*:\/\/[^/\s]+\/([A-Za-z][\w-]*)/i.exec(v) ?? /\)\/([A-Za-z][\w-]*)/.exec(v);
  return path?.[1];
}

/**
 * Two different databases in one file must not be extracted to one variable: where literals with
 * different values get the same name, each is qualified by the database it names (REPORTING_DATABASE_URL).
 */
function disambiguate(hits: Hit[], names: string[]): void {
  // the branches of one choice by environment name are one setting: `"Production" => "redis-master…", "Staging" => "10.2.0.15:6379"`
  const slot = (h: Hit) => `${h.literals[0].context.key ?? ''}|${h.locator.kind}|${h.locator.scheme ?? ''}`;
  hits.forEach((h, i) => {
    if (h.why !== 'env-branch' || !names[i].startsWith('SERVICE_')) return;
    const j = hits.findIndex((o, k) => o.why === 'env-branch' && !names[k].startsWith('SERVICE_') && slot(o) === slot(h) && Math.abs(o.span.start - h.span.start) < 2000);
    if (j >= 0) names[i] = names[j];
  });
  const groups = new Map<string, number[]>();
  hits.forEach((h, i) => {
    if (h.why === 'fallback' || h.why === 'deploy') return;
    groups.set(names[i], [...(groups.get(names[i]) ?? []), i]);
  });
  for (const [name, indices] of groups) {
    const values = new Set(indices.map((i) => hits[i].literals.map((l) => l.value).join(',')));
    if (values.size < 2) continue;
    const dbs = indices.map((i) => databaseName(hits[i].literals[0].value));
    if (dbs.some((d) => !d) || new Set(dbs).size < 2) continue;
    indices.forEach((i, k) => {
      const qualifier = toEnvName(dbs[k] as string);
      if (!name.split('_').includes(qualifier)) names[i] = `${qualifier}_${name}`;
    });
  }
}

function report(model: SourceModel, h: Hit, name: string, emit: (f: { span: Span; message: string; fixes: Fix[] }) => void): void {
  const password = h.locator.hasPassword ? ' The value also holds a password: rotate it.' : '';
  const lit = h.literals[0];
  const lookup = lit.context.envLookup;
  if (h.why === 'fallback') {
    const inPlaceholder = placeholderDefault(model, lit);
    const lookupText = lookup ? textOf(model, lookup.span) : undefined;
    const variable = lookup?.name ?? lookupText ?? 'the variable';
    const fixes: Fix[] = [];
    if (inPlaceholder) {
      fixes.push({ title: `Remove the hardcoded fallback (require ${variable})`, edits: [{ start: inPlaceholder.start, end: inPlaceholder.end, newText: '' }] });
    } else if (lookup && lookupText !== undefined && (model.fileKind ?? 'source') === 'source') {
      // the lookup as written, without its fallback: `process.env.X!`, `os.getenv("X")`, `ENV.fetch("X")`, `System.getenv("X")`
      const ts = model.dialect === 'typescript' || model.dialect === 'tsx';
      const whole = lookup.span.start === lookup.expression.start && lookup.span.end === lookup.expression.end;
      const required =
        lookup.required ??
        (model.language === 'javascript' || model.language === 'typescript' ? lookupText + (ts && !lookup.destructured && !lookupText.endsWith('!') ? '!' : '')
        : !whole ? lookupText
        : lookup.name ? model.idioms.envString(lookup.name)
        : undefined);
      if (required !== undefined) {
        const fix = replaceFix(model, `Remove the hardcoded fallback (require ${variable})`, lookup.expression, required);
        fix.edits.push(...unusedGoImport(model, lookup.expression));
        fixes.push(fix);
      }
    }
    emit({
      span: h.span,
      message: message(
        FACTOR,
        `Hardcoded fallback ${shown(h)} for ${lookupText ?? variable}`,
        WHY.fallback,
        `Remove the fallback and set ${variable} in every environment (local defaults belong in an uncommitted .env file).${password}`,
      ),
      fixes,
    });
    return;
  }
  if (h.why === 'deploy') {
    const env = model.idioms.envString(name);
    // compose interpolates `${NAME}` from the shell or an uncommitted .env; the other deploy formats have no safe rewrite
    const fixes = model.language === 'yaml' && env !== '' ? [{ title: `Take ${name} from the environment of docker compose`, edits: [{ start: lit.innerSpan.start, end: lit.innerSpan.end, newText: env }], envVars: [name] }] : [];
    emit({
      span: h.span,
      message: message(
        FACTOR,
        `${capitalized(h.label)} with a password ${shown(h)} written in a deploy file`,
        WHY.deploy,
        `Keep it in the platform's secret store (a Kubernetes Secret, the CI or host's secret settings, an uncommitted .env) and pass it to the app as ${name}; rotate the password.`,
      ),
      fixes,
    });
    return;
  }
  const what = h.why === 'env-branch' ? `${capitalized(h.label)} ${shown(h)} chosen by the environment name` : `Hardcoded ${h.label} ${shown(h)}`;
  const fixes: Fix[] = [];
  let todo = `Read it from the environment (${name}).`;
  if (h.extract && (model.fileKind ?? 'source') === 'source') {
    const env = model.idioms.envString(name);
    const text = h.extract.list ? listFromEnv(model, env) : env;
    if (text !== undefined) fixes.push(replaceFix(model, `Extract to environment variable ${name}`, h.extract.span, text, { envVars: [name] }));
  } else if (h.extract && model.fileKind === 'app-config') {
    const env = model.idioms.envString(name);
    if (env !== '') {
      fixes.push({ title: `Read it from the environment variable ${name}`, edits: [{ start: lit.innerSpan.start, end: lit.innerSpan.end, newText: env }], envVars: [name] });
    } else if (model.language === 'json') {
      // appsettings.json: configuration binding reads `Section__Key` from the environment over the file
      const variable = dotnetVariable(lit);
      todo = `Leave the value empty here and set ${variable} in each environment (configuration binding reads it over the file).`;
      fixes.push({ title: `Move the value to the environment variable ${variable}`, edits: [{ start: lit.innerSpan.start, end: lit.innerSpan.end, newText: '' }], envVars: [variable] });
    } else {
      todo = `Move it out of the file: set it per deploy (the host's connection-string settings or a configuration builder that reads ${name}).`;
    }
  }
  emit({ span: h.span, message: message(FACTOR, what, WHY[h.why], `${todo}${password}`), fixes });
}

const rule: Rule = {
  meta: {
    id: 'no-hardcoded-backing-service',
    factor: FACTOR,
    description: 'Reports database, cache, broker, mail and internal API locators (URLs, hosts, connection strings) written in the code instead of read from the environment.',
    defaultSeverity: 'warning',
    fixable: true,
    fileKinds: ['app-config', 'deploy'],
  },
  create(ctx) {
    const { model } = ctx;
    const imports = model.imports.map((i) => i.module);
    const hits = new BackingFinder(model).run();
    const names = hits.map((h) => variableFor(model, h, imports));
    disambiguate(hits, names);
    hits.forEach((h, i) => report(model, h, names[i], ctx.report));
  },
};

export default rule;
