/**
 * Locators of backing services: connection URLs (`postgres://…`, `redis://…`, `amqp://…`), host names and
 * IP addresses, host lists (`kafka-1:9092,kafka-2:9092`) and ADO-style connection strings
 * (`Server=tcp:x.database.windows.net;…`). Parsed by hand (they are values, not source), language-neutral.
 */
import type { CallSite } from '../model';
import { maskUrlPassword } from '../mask';

/** How far a host is from the developer's machine. */
export type Locality =
  /** localhost, 127.0.0.1, ::1, host.docker.internal */
  | 'local'
  /** a single-label name, as docker compose and Kubernetes services use (`db`, `redis`, `kafka-1`) */
  | 'compose'
  /** RFC 1918 / unique-local addresses */
  | 'private'
  /** internal DNS: `*.internal`, `*.svc.cluster.local`, `*.corp`, `*.lan` */
  | 'internal'
  /** a managed service endpoint: RDS, ElastiCache, Azure SQL, MongoDB Atlas, SQS… */
  | 'managed'
  /** link-local (cloud metadata endpoints): not a backing service */
  | 'link-local'
  | 'public';

/** A kind of backing service, as messages and variable names speak of it. */
export interface ServiceInfo {
  /** Human name: "PostgreSQL". */
  label: string;
  /** Word for environment variable names: DATABASE for URLs (DATABASE_URL), DB for hosts (DB_HOST). */
  urlPrefix: string;
  hostPrefix: string;
  /** URL or URI (MongoDB's drivers say URI). */
  urlRole: 'URL' | 'URI';
}

const DATABASE = (label: string): ServiceInfo => ({ label, urlPrefix: 'DATABASE', hostPrefix: 'DB', urlRole: 'URL' });
const SERVICE = (label: string, prefix: string, urlRole: 'URL' | 'URI' = 'URL'): ServiceInfo => ({ label, urlPrefix: prefix, hostPrefix: prefix, urlRole });

/** Schemes of backing services. */
export const SCHEMES: Readonly<Record<string, ServiceInfo>> = {
  postgres: DATABASE('PostgreSQL'),
  postgresql: DATABASE('PostgreSQL'),
  mysql: DATABASE('MySQL'),
  mysqlx: DATABASE('MySQL'),
  mariadb: DATABASE('MariaDB'),
  mssql: DATABASE('SQL Server'),
  sqlserver: DATABASE('SQL Server'),
  oracle: DATABASE('Oracle'),
  cockroachdb: DATABASE('CockroachDB'),
  clickhouse: SERVICE('ClickHouse', 'CLICKHOUSE'),
  mongodb: SERVICE('MongoDB', 'MONGODB', 'URI'),
  'mongodb+srv': SERVICE('MongoDB', 'MONGODB', 'URI'),
  redis: SERVICE('Redis', 'REDIS'),
  rediss: SERVICE('Redis', 'REDIS'),
  'redis+sentinel': SERVICE('Redis', 'REDIS'),
  memcached: SERVICE('Memcached', 'MEMCACHED'),
  memcache: SERVICE('Memcached', 'MEMCACHED'),
  amqp: SERVICE('AMQP broker', 'AMQP'),
  amqps: SERVICE('AMQP broker', 'AMQP'),
  kafka: SERVICE('Kafka', 'KAFKA'),
  nats: SERVICE('NATS', 'NATS'),
  mqtt: SERVICE('MQTT broker', 'MQTT'),
  mqtts: SERVICE('MQTT broker', 'MQTT'),
  stomp: SERVICE('STOMP broker', 'STOMP'),
  smtp: SERVICE('SMTP server', 'SMTP'),
  smtps: SERVICE('SMTP server', 'SMTP'),
  neo4j: SERVICE('Neo4j', 'NEO4J'),
  'neo4j+s': SERVICE('Neo4j', 'NEO4J'),
  bolt: SERVICE('Neo4j', 'NEO4J'),
  'bolt+s': SERVICE('Neo4j', 'NEO4J'),
  couchbase: SERVICE('Couchbase', 'COUCHBASE'),
  couchbases: SERVICE('Couchbase', 'COUCHBASE'),
  ldap: SERVICE('LDAP directory', 'LDAP'),
  ldaps: SERVICE('LDAP directory', 'LDAP'),
  s3: SERVICE('S3 bucket', 'S3', 'URI'),
  gs: SERVICE('Cloud Storage bucket', 'GCS', 'URI'),
};

/** The service for an HTTP(S) URL: an internal API. */
export const HTTP_SERVICE: ServiceInfo = SERVICE('internal API', 'API');

/** A parsed locator. */
export interface Locator {
  kind: 'url' | 'host' | 'connection-string';
  /** Lower-case scheme without `://` (`postgres`); undefined for hosts and connection strings. */
  scheme?: string;
  /** The backing service; HTTP_SERVICE for http(s) URLs; undefined for other schemes and bare hosts. */
  service?: ServiceInfo;
  /** Host names or addresses, without ports. */
  hosts: string[];
  /** The least local of the hosts' localities. */
  locality: Locality;
  /** A host had an explicit port. */
  hasPort: boolean;
  /** The value carries a password (URL user info, `Password=` in a connection string). */
  hasPassword: boolean;
  /** The host is a stand-in (`host`, `<host>`, `db.example.com`): documentation, not a locator. */
  placeholder: boolean;
}

const LOCALITY_RANK: Record<Locality, number> = { local: 0, compose: 1, 'link-local': 2, private: 3, internal: 4, managed: 5, public: 6 };

const INTERNAL_SUFFIX = /\.(internal|local|lan|corp|intranet|home\.arpa|svc|cluster\.local|consul|intra|private)$/i;
const MANAGED_SUFFIX =
  /(\.rds\.amazonaws\.com|\.cache\.amazonaws\.com|\.docdb\.amazonaws\.com|\.es\.amazonaws\.com|\.mq\.[a-z0-9-]+\.amazonaws\.com|\.kafka\.[a-z0-9-]+\.amazonaws\.com|^sqs\.[a-z0-9-]+\.amazonaws\.com|\.s3\.amazonaws\.com|\.s3\.[a-z0-9-]+\.amazonaws\.com|\.database\.windows\.net|\.redis\.cache\.windows\.net|\.documents\.azure\.com|\.servicebus\.windows\.net|\.blob\.core\.windows\.net|\.postgres\.database\.azure\.com|\.mysql\.database\.azure\.com|\.mongodb\.net|\.neon\.tech|\.supabase\.co|\.pooler\.supabase\.com|\.upstash\.io|\.cloudamqp\.com|\.confluent\.cloud|\.redislabs\.com|\.redis-cloud\.com|\.aivencloud\.com|\.psdb\.cloud|\.cockroachlabs\.cloud|\.elastic-cloud\.com|\.found\.io|\.memorystore\.googleapis\.com|\.rlwy\.net|\.railway\.internal)$/i;
const PLACEHOLDER_HOST = /^(host|hostname|server|servername|your[-_.]?[a-z-]*|my[-_]?host|db[-_]?host|x+|example|(.*\.)?example\.(com|org|net)|.*\.(example|invalid|test))$/i;

function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** How far a host is (see Locality). */
export function hostLocality(rawHost: string): Locality {
  const host = rawHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || host === '::' || host === 'host.docker.internal') return 'local';
  const ip = ipv4(host);
  if (ip) {
    if (ip[0] === 127 || (ip[0] === 0 && ip.every((p) => p === 0))) return 'local';
    if (ip[0] === 10 || (ip[0] === 172 && ip[1] >= 16 && ip[1] <= 31) || (ip[0] === 192 && ip[1] === 168)) return 'private';
    if (ip[0] === 169 && ip[1] === 254) return 'link-local';
    return 'public';
  }
  if (host.includes(':')) return /^f[cd]/.test(host) ? 'private' : /^fe80/.test(host) ? 'link-local' : 'public';
  if (!host.includes('.')) return 'compose';
  if (MANAGED_SUFFIX.test(host)) return 'managed';
  if (INTERNAL_SUFFIX.test(host)) return 'internal';
  return 'public';
}

/** True for addresses a server binds to (all interfaces): never a service locator. */
export function isBindAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A syntactically valid host name or IPv4 address (not a version number or a file name). */
function validHost(host: string): boolean {
  if (ipv4(host)) return true;
  if (/^\[[0-9a-f:]+\]$/i.test(host)) return true;
  const labels = host.split('.');
  if (!labels.every((l) => HOST_LABEL.test(l))) return false;
  if (labels.length === 1) return /[A-Za-z]/.test(host);
  const tld = labels[labels.length - 1];
  return /^[A-Za-z][A-Za-z0-9-]*$/.test(tld) && !/^(js|mjs|cjs|ts|tsx|jsx|json|yml|yaml|html|css|txt|md|log|env|pem|key|crt|png|jpg|svg|sql|sh|py|rb|go|java|cs|php|lock|toml|ini|xml|conf|cfg)$/i.test(tld);
}

function splitHostPort(hp: string): { host: string; port?: string } {
  const v6 = /^(\[[^\]]+\])(?::(\d+))?$/.exec(hp);
  if (v6) return { host: v6[1], port: v6[2] };
  const i = hp.lastIndexOf(':');
  if (i > 0 && /^\d{1,5}$/.test(hp.slice(i + 1))) return { host: hp.slice(0, i), port: hp.slice(i + 1) };
  return { host: hp };
}

function combine(hosts: { host: string; port?: string }[]): Pick<Locator, 'hosts' | 'locality' | 'hasPort' | 'placeholder'> {
  let locality: Locality = 'local';
  for (const h of hosts) {
    const l = hostLocality(h.host);
    if (LOCALITY_RANK[l] > LOCALITY_RANK[locality]) locality = l;
  }
  return {
    hosts: hosts.map((h) => h.host),
    locality,
    hasPort: hosts.some((h) => h.port !== undefined),
    placeholder: hosts.some((h) => PLACEHOLDER_HOST.test(h.host) || /[<>{}$%]/.test(h.host)),
  };
}

/**
 * Parses a value as a locator. Returns undefined for anything else: prose, paths, versions, e-mail
 * addresses, URLs without a host (`postgres://` alone).
 */
export function parseLocator(value: string): Locator | undefined {
  const v = value.trim();
  if (v === '' || v.length > 2048) return undefined;
  const url = /^(?:jdbc:)?([a-z][a-z0-9+.-]*):\/\/([^\s]*)$/i.exec(v);
  if (url) {
    const scheme = url[1].toLowerCase();
    const authority = url[2].split(/[/?#]/)[0];
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : '';
    const hostPart = at >= 0 ? authority.slice(at + 1) : authority;
    if (!hostPart) return undefined;
    const hosts = hostPart.split(',').map(splitHostPort);
    if (!hosts.every((h) => validHost(h.host) || /[<>{}$%]/.test(h.host))) return undefined;
    const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
    const service = scheme === 'http' || scheme === 'https' ? HTTP_SERVICE : SCHEMES[scheme];
    return { kind: 'url', scheme, service, hasPassword: password !== '', ...combine(hosts) };
  }
  if (v.includes(';') && v.includes('=')) {
    const server = /(?:^|;)\s*(?:server|data source|host|address|addr)\s*=\s*([^;]+)/i.exec(v);
    if (!server) return undefined;
    const hosts = server[1]
      .split(',')[0]
      .trim()
      .replace(/^(tcp|np|lpc):/i, '')
      .split(/[,\\]/)
      .slice(0, 1)
      .map(splitHostPort);
    if (!hosts.every((h) => validHost(h.host))) return undefined;
    const hasPassword = /(?:^|;)\s*(?:password|pwd)\s*=\s*[^;\s]/i.test(v);
    return { kind: 'connection-string', service: DATABASE('SQL Server'), hasPassword, ...combine(hosts) };
  }
  if (/^[A-Za-z0-9.\-[\]:]+(,\s*[A-Za-z0-9.\-[\]:]+)*$/.test(v)) {
    const hosts = v.split(/,\s*/).map(splitHostPort);
    if (!hosts.every((h) => validHost(h.host))) return undefined;
    return { kind: 'host', hasPassword: false, ...combine(hosts) };
  }
  return undefined;
}

/** The locator as it may be shown: passwords in the user info, in `Password=` and in query parameters masked. */
export function maskLocator(value: string): string {
  return maskUrlPassword(value.trim()).replace(/((?:^|[;?&])\s*(?:password|pwd|pass|secret|token|sslpassword|accountkey|access_token)\s*=\s*)[^;&#]*/gi, '$1****');
}

/**
 * Backing-service clients, by callee: constructors and factories whose options or arguments locate a
 * database, cache, broker, mail relay or object store. Returns the service words for naming variables.
 */
export function serviceOfCall(site: CallSite, imports: readonly string[] = []): { prefix: string; label: string } | undefined {
  const callee = site.callee;
  const name = site.name || callee;
  const recv = (site.receiver ?? '').toLowerCase();
  const has = (m: RegExp) => imports.some((i) => m.test(i));
  if (/^(listen|serve|createServer|Server|defineConfig|cors|createProxyMiddleware)$/.test(name)) return undefined;
  if (/^(Pool|ConnectionPool)$/.test(name) || recv === 'pg' || recv === 'postgres') return { prefix: 'DB', label: 'database' };
  if (name === 'Client' && (recv === 'pg' || has(/^pg$/))) return { prefix: 'DB', label: 'database' };
  if (/^(createConnection|createPool|createPoolCluster)$/.test(name)) return recv === 'mongoose' ? { prefix: 'MONGODB', label: 'MongoDB' } : { prefix: 'DB', label: 'database' };
  if (/^(Sequelize|knex|Knex|DataSource|PrismaClient|Kysely|drizzle)$/.test(name) || recv === 'mssql' || recv === 'sql') return { prefix: 'DB', label: 'database' };
  if (name === 'MongoClient' || recv === 'mongoose' || recv === 'mongodb') return { prefix: 'MONGODB', label: 'MongoDB' };
  if (/^(Redis|IORedis|Cluster|createCluster)$/.test(name) || recv === 'redis' || recv === 'ioredis') return { prefix: 'REDIS', label: 'Redis' };
  if (name === 'createClient') return has(/redis/) || !imports.length ? { prefix: 'REDIS', label: 'Redis' } : { prefix: '', label: 'service' };
  if (/^(Queue|Worker|QueueEvents|FlowProducer|Bull|BullQueue)$/.test(name)) return { prefix: 'REDIS', label: 'Redis' };
  if (/^(createTransport|createTransporter)$/.test(name)) return { prefix: 'SMTP', label: 'SMTP server' };
  if (name === 'Kafka' || recv === 'kafka') return { prefix: 'KAFKA', label: 'Kafka' };
  if (recv === 'amqp' || recv === 'amqplib' || name === 'AMQPClient') return { prefix: 'AMQP', label: 'AMQP broker' };
  if (recv === 'nats' || /^nats/i.test(callee)) return { prefix: 'NATS', label: 'NATS' };
  if (recv === 'mqtt') return { prefix: 'MQTT', label: 'MQTT broker' };
  if (name === 'Memcached' || name === 'Memcache') return { prefix: 'MEMCACHED', label: 'Memcached' };
  if (recv === 'neo4j' && name === 'driver') return { prefix: 'NEO4J', label: 'Neo4j' };
  if (/^(S3Client|S3|Minio)$/.test(name) || recv === 'minio') return { prefix: 'S3', label: 'object storage' };
  if (/^(SQSClient|SNSClient|DynamoDBClient|DynamoDB|SQS)$/.test(name)) return { prefix: 'AWS', label: 'AWS service' };
  if (recv === 'cassandra' && name === 'Client') return { prefix: 'CASSANDRA', label: 'Cassandra' };
  if (name === 'connect') return { prefix: '', label: 'service' };
  if (name === 'Client') return { prefix: '', label: 'service' };
  return undefined;
}
