/**
 * no-hardcoded-backing-service (Factor IV, Backing services)
 *
 * A twelve-factor app treats databases, caches, brokers, mail relays, object stores and internal APIs as
 * attached resources, located by config: a deploy swaps one for another without a code change.
 *
 * Reported: connection URLs of backing services (`postgres://`, `mongodb+srv://`, `redis://`, `amqp://`,
 * `kafka://`, `nats://`, `smtp://`, `s3://`…), ADO connection strings, HTTP URLs of internal services
 * (private addresses, `*.internal`, `*.svc.cluster.local`, managed endpoints such as `*.rds.amazonaws.com`),
 * hosts in client options (`new Pool({ host })`, `createTransport({ host })`, `new Kafka({ brokers })`,
 * `new Redis(port, host)`), locators chosen by the environment name (`NODE_ENV === 'production' ? a : b`,
 * `{ production: { host } }`) and non-local fallbacks of environment lookups. A URL with a password is
 * reported here, password masked, and not by no-hardcoded-secret.
 * Quiet: environment lookups, fallbacks to localhost or a compose service name (development defaults),
 * public API and documentation URLs, localhost outside client options (CORS origins, bind addresses,
 * `new URL(path, 'http://localhost')`), placeholders (`host`, `db.example.com`, `<host>`), import specifiers,
 * comparisons and messages.
 */
import { HTTP_SERVICE, isBindAddress, maskLocator, parseLocator, serviceOfCall, type Locator } from '../../backing/locators';
import { envNameFor } from '../../fixes/env-name';
import type { CallSite, SourceModel, StringLiteral, Value } from '../../model';
import { splitWords } from '../../secrets/names';
import type { Fix, Rule, Span } from '../../types';
import { message, resolve, textOf } from '../util';

const FACTOR = 4;

/** Option keys and parameters whose value locates a service. */
const LOCATOR_KEY = /^(host|hostname|hosts|server|servers|endpoint|node|nodes|brokers|bootstrapservers|contactpoints|url|uri|connectionstring|connectionuri|connection|sentinels|address|addr|dsn)$/i;
/** Keys whose value is a list of hosts. */
const LIST_KEY = /^(brokers|bootstrapServers|contactPoints|nodes|hosts|servers|sentinels)$/;
/** Words that name a backing service in a variable or key (`DB_HOST`, `redisUrl`, `smtp: { host }`). */
const SERVICE_WORDS = new Set([
  'db', 'database', 'pg', 'postgres', 'postgresql', 'mysql', 'mariadb', 'mssql', 'sql', 'mongo', 'mongodb', 'redis', 'cache', 'smtp',
  'mail', 'mailer', 'amqp', 'rabbit', 'rabbitmq', 'kafka', 'broker', 'brokers', 'queue', 'elastic', 'elasticsearch', 'es', 'memcached',
  's3', 'minio', 'nats', 'mqtt', 'neo4j', 'cassandra', 'ldap', 'connection', 'datasource', 'datasources',
]);
const LOCATOR_WORDS = new Set(['host', 'hostname', 'hosts', 'url', 'uri', 'server', 'servers', 'endpoint', 'dsn', 'brokers', 'addr', 'address', 'nodes']);
/** Object keys naming a deployment environment: `{ production: { host } }` is config grouped by environment. */
const ENV_KEYS = new Set(['production', 'prod', 'staging', 'stage', 'development', 'dev', 'test', 'qa', 'uat', 'preview', 'live']);

type Why = 'locator' | 'fallback' | 'env-branch';

interface Hit {
  span: Span;
  /** The literals covered (one, or the items of a host list). */
  literals: StringLiteral[];
  locator: Locator;
  why: Why;
  /** What to call it in the message: "PostgreSQL URL", "Redis host". */
  label: string;
  /** The edit target and text of the extract fix, when one is safe. */
  extract?: { span: Span; list: boolean };
}

/** True when the name says it locates a service: `DB_HOST`, `redisUrl`, `MONGO_URI`. */
function serviceNamed(name: string | undefined): boolean {
  const words = name ? splitWords(name) : [];
  return words.some((w) => SERVICE_WORDS.has(w)) && words.some((w) => LOCATOR_WORDS.has(w));
}

function isRemote(l: Locator): boolean {
  return l.locality === 'private' || l.locality === 'internal' || l.locality === 'managed';
}

function isLocal(l: Locator): boolean {
  return l.locality === 'local' || l.locality === 'compose';
}

class BackingFinder {
  private readonly hits: Hit[] = [];
  private readonly claimed = new Set<number>();
  private readonly imports: string[];
  private readonly byStart = new Map<number, StringLiteral>();

  constructor(private readonly model: SourceModel) {
    this.imports = model.imports.map((i) => i.module);
    for (const s of model.strings) this.byStart.set(s.span.start, s);
  }

  run(): Hit[] {
    for (const call of this.model.calls) this.hostLists(call);
    for (const lit of this.model.strings) if (!this.claimed.has(lit.span.start)) this.fromLiteral(lit);
    return this.hits.sort((a, b) => a.span.start - b.span.start);
  }

  private client(site: CallSite | undefined) {
    return site ? serviceOfCall(site, this.imports) : undefined;
  }

  /** `new Kafka({ brokers: ['kafka-1:9092', 'kafka-2:9092'] })`: one finding for the list, one variable. */
  private hostLists(call: CallSite): void {
    const client = this.client(call);
    if (!client) return;
    for (const a of call.args) {
      const options = resolve(a);
      if (options?.kind !== 'object') continue;
      for (const p of options.props) {
        if (!LIST_KEY.test(p.key)) continue;
        const list = resolve(p.value);
        if (list?.kind !== 'array' || list.items.length === 0) continue;
        const lits = list.items.map((i) => this.literalOf(i));
        if (lits.some((l) => !l)) continue;
        const literals = lits as StringLiteral[];
        const locators = literals.map((l) => parseLocator(l.value));
        if (locators.some((l) => !l || l.placeholder || l.hosts.some(isBindAddress))) continue;
        const locator = locators[0] as Locator;
        for (const l of literals) this.claimed.add(l.span.start);
        this.hits.push({
          span: list.span,
          literals,
          locator,
          why: 'locator',
          label: `${client.label === 'service' ? '' : client.label + ' '}${p.key}`.trim(),
          extract: { span: list.span, list: true },
        });
      }
    }
  }

  private literalOf(v: Value): StringLiteral | undefined {
    if (v.kind !== 'string') return undefined;
    return this.byStart.get(v.span.start) ?? this.model.strings.find((s) => s.span.start >= v.span.start && s.span.end <= v.span.end && s.value === v.value);
  }

  private fromLiteral(lit: StringLiteral): void {
    const ctx = lit.context;
    if (ctx.nonValue || ctx.comparison) return;
    const loc = parseLocator(lit.value);
    if (!loc || loc.placeholder || loc.locality === 'link-local') return;
    if (loc.hosts.some(isBindAddress)) return;
    if (loc.kind === 'url' && !loc.service) return; // ftp://, file://, ws://: not a backing-service scheme we know
    const isService = loc.kind === 'connection-string' || (loc.kind === 'url' && loc.service !== HTTP_SERVICE);
    const isHttp = loc.kind === 'url' && loc.service === HTTP_SERVICE;
    const key = ctx.key;
    const site = ctx.call?.site;
    const client = this.client(site);
    const locatorKey = !!key && LOCATOR_KEY.test(key);
    const parents = ctx.keyPath.slice(0, -1);
    const named = serviceNamed(key) || (locatorKey && parents.some((p) => splitWords(p).some((w) => SERVICE_WORDS.has(w))));
    const positional = !!ctx.call && ctx.keyPath.length === 0;
    const inClientOptions = !!client && (positional || locatorKey);

    if (ctx.inExpression) {
      // `'http://10.0.0.5:8080/items?id=' + id`: the literal holds the whole service address
      if (loc.kind === 'url' && (isService || isRemote(loc) || loc.locality === 'compose') && !ctx.envFallback) this.hit(lit, loc, 'locator', client?.label);
      return;
    }
    if (ctx.envFallback) {
      const varNamed = serviceNamed(ctx.envLookup?.name) || LOCATOR_KEY.test(splitWords(ctx.envLookup?.name ?? '').pop() ?? '');
      const relevant = isService || isHttp || isRemote(loc) || locatorKey || named || varNamed;
      if (relevant && !isLocal(loc) && !(isHttp && loc.locality === 'public')) this.hit(lit, loc, 'fallback', client?.label);
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
    const single = loc.hosts.length === 1 && !loc.hasPort && !loc.hosts[0].includes('.') && !/^[\d.]+$/.test(loc.hosts[0]);
    if (inClientOptions && !(positional && single)) {
      this.hit(lit, loc, 'locator', client?.label);
    } else if ((locatorKey || named) && (isRemote(loc) || named)) {
      this.hit(lit, loc, 'locator', client?.label);
    } else if (loc.locality === 'internal' || loc.locality === 'managed' || (loc.locality === 'private' && loc.hasPort)) {
      this.hit(lit, loc, 'locator', client?.label);
    }
  }

  private hit(lit: StringLiteral, locator: Locator, why: Why, clientLabel: string | undefined): void {
    const scheme = locator.kind === 'url' ? locator.service : undefined;
    let label: string;
    if (locator.kind === 'connection-string') label = `${locator.service?.label ?? 'database'} connection string`;
    else if (scheme === HTTP_SERVICE) label = locator.locality === 'managed' ? 'managed service URL' : locator.locality === 'public' ? 'service URL' : 'internal service URL';
    else if (scheme) label = `${scheme.label} URL`;
    else label = `${clientLabel && clientLabel !== 'service' ? clientLabel : serviceLabel(lit) ?? 'service'} host`;
    const element = this.inList(lit);
    this.hits.push({ span: lit.span, literals: [lit], locator, why, label, extract: element ? undefined : { span: lit.span, list: false } });
  }

  /** An item of an array literal (`brokers: ['a:9092', 'b:9092']` outside a client call): no one-literal fix. */
  private inList(lit: StringLiteral): boolean {
    if (!lit.context.key || !LIST_KEY.test(lit.context.key)) return false;
    const before = this.model.text.slice(Math.max(0, lit.span.start - 200), lit.span.start).trimEnd();
    return before.endsWith('[') || before.endsWith(',');
  }
}

const SERVICE_LABELS: Record<string, string> = {
  db: 'database', database: 'database', pg: 'PostgreSQL', postgres: 'PostgreSQL', postgresql: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MariaDB',
  mssql: 'SQL Server', sql: 'database', connection: 'database', mongo: 'MongoDB', mongodb: 'MongoDB', redis: 'Redis', cache: 'cache',
  smtp: 'SMTP server', mail: 'SMTP server', mailer: 'SMTP server', amqp: 'AMQP broker', rabbit: 'RabbitMQ', rabbitmq: 'RabbitMQ',
  kafka: 'Kafka', broker: 'broker', brokers: 'broker', queue: 'queue', elastic: 'Elasticsearch', elasticsearch: 'Elasticsearch',
  es: 'Elasticsearch', memcached: 'Memcached', s3: 'object storage', minio: 'object storage', nats: 'NATS', mqtt: 'MQTT broker',
  neo4j: 'Neo4j', cassandra: 'Cassandra', ldap: 'LDAP directory',
};

/** The service a host belongs to, from its name or the keys around it (`DB_HOST`, `redis: { host }`). */
function serviceLabel(lit: StringLiteral): string | undefined {
  const names = [lit.context.key, ...[...lit.context.keyPath].reverse()];
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
  'env-branch': 'choosing services by environment name in code means every new deploy needs a code change; each deploy should attach its services through its own config.',
};

function report(model: SourceModel, h: Hit, emit: (f: { span: Span; message: string; fixes: Fix[] }) => void, imports: readonly string[]): void {
  const password = h.locator.hasPassword ? ' The value also holds a password: rotate it.' : '';
  const lit = h.literals[0];
  const lookup = lit.context.envLookup;
  if (h.why === 'fallback' && lookup) {
    const lookupText = textOf(model, lookup.span);
    const variable = lookup.name ?? lookupText;
    const ts = model.dialect === 'typescript' || model.dialect === 'tsx';
    const required = lookupText + (ts && !lookup.destructured && !lookupText.endsWith('!') ? '!' : '');
    emit({
      span: h.span,
      message: message(
        FACTOR,
        `Hardcoded fallback ${shown(h)} for ${lookupText}`,
        WHY.fallback,
        `Remove the fallback and set ${variable} in every environment (local defaults belong in an uncommitted .env file).${password}`,
      ),
      fixes: [{ title: `Remove the hardcoded fallback (require ${variable})`, edits: [{ start: lookup.expression.start, end: lookup.expression.end, newText: required }] }],
    });
    return;
  }
  const name = envNameFor({ value: lit.value, context: lit.context, purpose: 'locator', imports });
  const what = h.why === 'env-branch' ? `${capitalized(h.label)} ${shown(h)} chosen by the environment name in code` : `Hardcoded ${h.label} ${shown(h)}`;
  const fixes: Fix[] = [];
  if (h.extract) {
    const env = model.idioms.envString(name);
    fixes.push({
      title: `Extract to environment variable ${name}`,
      edits: [{ start: h.extract.span.start, end: h.extract.span.end, newText: h.extract.list ? `${env}.split(',')` : env }, ...model.idioms.envImportEdits()],
      envVars: [name],
    });
  }
  emit({ span: h.span, message: message(FACTOR, what, WHY[h.why], `Read it from the environment (${name}).${password}`), fixes });
}

const rule: Rule = {
  meta: {
    id: 'no-hardcoded-backing-service',
    factor: FACTOR,
    description: 'Reports database, cache, broker, mail and internal API locators (URLs, hosts, connection strings) written in the code instead of read from the environment.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  create(ctx) {
    const { model } = ctx;
    const imports = model.imports.map((i) => i.module);
    for (const h of new BackingFinder(model).run()) report(model, h, ctx.report, imports);
  },
};

export default rule;
