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
  /** Lower-case scheme without `://` (`postgres`, `tcp` for a host given as `tcp://host:port`); undefined for bare hosts and connection strings. */
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
  /**
   * How variables holding it are named, when not as a URL: an ADO.NET `connection-string`
   * (DB_CONNECTION_STRING) or a driver `dsn` (PDO, Go MySQL: DB_DSN). libpq keyword strings are
   * named as URLs (DATABASE_URL), since libpq takes either form.
   */
  convention?: 'connection-string' | 'dsn';
  /** Stand-in credentials on a local host (`postgres://user:password@localhost/app`): the shape of a setting, shown as an example. */
  sample?: boolean;
}

const LOCALITY_RANK: Record<Locality, number> = { local: 0, compose: 1, 'link-local': 2, private: 3, internal: 4, managed: 5, public: 6 };

const INTERNAL_SUFFIX = /\.(internal|local|lan|corp|intranet|home\.arpa|svc|cluster\.local|consul|intra|private)$/i;
const MANAGED_SUFFIX =
  /(\.rds\.amazonaws\.com|\.cache\.amazonaws\.com|\.docdb\.amazonaws\.com|\.es\.amazonaws\.com|\.mq\.[a-z0-9-]+\.amazonaws\.com|\.kafka\.[a-z0-9-]+\.amazonaws\.com|^sqs\.[a-z0-9-]+\.amazonaws\.com|\.s3\.amazonaws\.com|\.s3\.[a-z0-9-]+\.amazonaws\.com|\.database\.windows\.net|\.redis\.cache\.windows\.net|\.documents\.azure\.com|\.servicebus\.windows\.net|\.blob\.core\.windows\.net|\.postgres\.database\.azure\.com|\.mysql\.database\.azure\.com|\.mongodb\.net|\.neon\.tech|\.supabase\.co|\.pooler\.supabase\.com|\.upstash\.io|\.cloudamqp\.com|\.confluent\.cloud|\.redislabs\.com|\.redis-cloud\.com|\.aivencloud\.com|\.psdb\.cloud|\.cockroachlabs\.cloud|\.elastic-cloud\.com|\.found\.io|\.memorystore\.googleapis\.com|\.rlwy\.net|\.railway\.internal)$/i;
// `db.example.com` stands in for a host; a deeper name (`orders-db.prod.example.net`) is the shape of a real
// deployment's name, anonymised, and a URL holding it connects there.
const PLACEHOLDER_HOST = /^(host|hostname|server|servername|your[-_.]?[a-z-]*|my[-_]?host|db[-_]?host|x+|example|([^.]+\.)?example\.(com|org|net)|.*\.(example|invalid|test))$/i;

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
  return /^[A-Za-z][A-Za-z0-9-]*$/.test(tld) && !/^(js|mjs|cjs|ts|tsx|jsx|json|yml|yaml|html|css|txt|md|log|env|pem|key|crt|png|jpg|svg|sql|sh|py|rb|go|java|cs|php|lock|toml|ini|xml|conf|cfg|db|sqlite|sqlite3|mdb|accdb|mdf|ldf|sdf)$/i.test(tld);
}

function splitHostPort(hp: string): { host: string; port?: string } {
  const v6 = /^(\[[^\]]+\])(?::(\d+))?$/.exec(hp);
  if (v6) return { host: v6[1], port: v6[2] };
  const i = hp.lastIndexOf(':');
  if (i > 0 && /^\d{1,5}$/.test(hp.slice(i + 1))) return { host: hp.slice(0, i), port: hp.slice(i + 1) };
  return { host: hp };
}

/** Stand-in credentials of documentation and local setups (`user:password@localhost`). */
const PLACEHOLDER_USER = /^(user|username|usr|<[^>]*>|your[-_]?\w*|my[-_]?user)$/i;
const PLACEHOLDER_PASSWORD = /^(password|pass|passwd|pwd|secret|changeme|change[-_]?me|<[^>]*>|your[-_]?\w*|x+|\*+)$/i;

function combine(hosts: { host: string; port?: string }[], credentials?: { user: string; password: string }): Pick<Locator, 'hosts' | 'locality' | 'hasPort' | 'placeholder' | 'sample'> {
  let locality: Locality = 'local';
  for (const h of hosts) {
    const l = hostLocality(h.host);
    if (LOCALITY_RANK[l] > LOCALITY_RANK[locality]) locality = l;
  }
  // `postgres://user:password@localhost/app` documents the shape of a setting; a real host keeps it a locator
  const standIn = !!credentials && locality === 'local' && PLACEHOLDER_USER.test(credentials.user) && PLACEHOLDER_PASSWORD.test(credentials.password);
  return {
    hosts: hosts.map((h) => h.host),
    locality,
    hasPort: hosts.some((h) => h.port !== undefined),
    placeholder: hosts.some((h) => PLACEHOLDER_HOST.test(h.host) || /[<>{}$%]/.test(h.host)),
    sample: standIn || undefined,
  };
}

/** A password slot filled in at run time: a variable reference or a format directive. */
const PASSWORD_REFERENCE = /^(\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_]\w*|%[sv]|\{\w*\}|<[^>]*>)$/;

/** URL schemes that only say how to reach a host (`tcp://10.0.1.5:6379`, as Predis and Swoole clients take it). */
const TRANSPORT_SCHEMES = new Set(['tcp', 'tls', 'ssl']);
/** PDO drivers whose DSN names a server (`mysql:host=db;dbname=shop`); `sqlite:` names a file. */
const PDO_DRIVERS: Readonly<Record<string, ServiceInfo>> = {
  mysql: DATABASE('MySQL'),
  pgsql: DATABASE('PostgreSQL'),
  sqlsrv: DATABASE('SQL Server'),
  dblib: DATABASE('SQL Server'),
  oci: DATABASE('Oracle'),
  cubrid: DATABASE('CUBRID'),
  firebird: DATABASE('Firebird'),
  informix: DATABASE('Informix'),
  ibm: DATABASE('Db2'),
};
/** libpq keyword/value connection strings: `host=db.internal port=5432 dbname=app` (Go pq/pgx, PHP pg_connect, psycopg). */
const KEYWORD_DSN = /^\s*[a-z_]+\s*=\s*(?:'[^']*'|[^\s;]*)(?:\s+[a-z_]+\s*=\s*(?:'[^']*'|[^\s;]*))+\s*$/i;
const KEYWORD_PAIR = /([a-z_]+)\s*=\s*('[^']*'|\S*)/gi;
/** Go's MySQL driver DSN: `user:pass@tcp(10.0.0.5:3306)/db?parseTime=true`. */
const GO_MYSQL_DSN = /^(?:([^:@/()\s]*)(?::([^@\s]*))?@)?(tcp|tcp4|tcp6|udp)\(([^)\s]+)\)\/[^\s]*$/;
/** Oracle's thin JDBC URL: `jdbc:oracle:thin:@db.internal:1521:ORCL` or `jdbc:oracle:thin:@//db.internal:1521/svc`. */
const ORACLE_THIN = /^jdbc:oracle:thin:(?:[^@\s]*)@(?:\/\/)?([A-Za-z0-9.\-[\]]+)(?::(\d{1,5}))?(?:[:/][^\s]*)?$/i;

/** The hosts of a `;`-separated key=value list (ADO.NET connection strings, PDO DSNs), or undefined. */
function keyedHosts(pairs: string): { host: string; port?: string }[] | undefined {
  const server = /(?:^|;)\s*(?:server|data source|host|address|addr)\s*=\s*([^;]+)/i.exec(pairs);
  if (!server) return undefined;
  const hosts = server[1]
    .split(',')[0]
    .trim()
    .replace(/^(tcp|np|lpc):/i, '')
    .split(/[,\\]/)
    .slice(0, 1)
    .map(splitHostPort);
  const port = /(?:^|;)\s*port\s*=\s*(\d{1,5})\s*(?:;|$)/i.exec(pairs)?.[1];
  if (port && hosts.length === 1 && hosts[0].port === undefined) hosts[0].port = port;
  return hosts.every((h) => validHost(h.host)) ? hosts : undefined;
}

/** Which database an ADO.NET connection string is for, from its keywords (Npgsql says Host/Username). */
function adoService(v: string): ServiceInfo {
  if (/(?:^|;)\s*(host|username)\s*=/i.test(v)) return DATABASE('PostgreSQL');
  if (/(?:^|;)\s*(data source|initial catalog|trusted_connection|integrated security|trustservercertificate|multipleactiveresultsets)\s*=|=\s*tcp:/i.test(v)) return DATABASE('SQL Server');
  if (/(?:^|;)\s*(uid|sslmode)\s*=/i.test(v)) return DATABASE('MySQL');
  return DATABASE('database');
}

/**
 * Parses a value as a locator. Returns undefined for anything else: prose, paths, versions, e-mail
 * addresses, URLs without a host (`postgres://` alone), file databases (`sqlite:///app.db`, `Data Source=app.db`).
 */
export function parseLocator(value: string): Locator | undefined {
  const v = value.trim();
  if (v === '' || v.length > 2048) return undefined;
  const url = /^(?:jdbc:)?([a-z][a-z0-9+.-]*):\/\/([^\s]*)$/i.exec(v);
  if (url) {
    let scheme = url[1].toLowerCase();
    // SQLAlchemy names the driver after the dialect: `postgresql+psycopg2://`, `mysql+pymysql://`
    if (!SCHEMES[scheme] && scheme.includes('+') && SCHEMES[scheme.slice(0, scheme.indexOf('+'))]) scheme = scheme.slice(0, scheme.indexOf('+'));
    // JDBC SQL Server puts its properties after the authority: `jdbc:sqlserver://host:1433;databaseName=x`
    const authority = url[2].split(/[/?#;]/)[0];
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : '';
    const hostPart = at >= 0 ? authority.slice(at + 1) : authority;
    if (!hostPart) return undefined;
    const hosts = hostPart.split(',').map(splitHostPort);
    if (!hosts.every((h) => validHost(h.host) || /[<>{}$%]/.test(h.host))) return undefined;
    const colon = userinfo.indexOf(':');
    const given = colon >= 0 ? userinfo.slice(colon + 1) : '';
    // `${DB_PASSWORD}`, `$(PASSWORD)`, `%s`, `{password}`: filled in at run time, not a password
    const credentials = colon >= 0 && !PASSWORD_REFERENCE.test(given) ? { user: userinfo.slice(0, colon), password: given } : undefined;
    const queryPassword = /[?&;](?:password|pwd)=[^&;#\s]/i.test(url[2]);
    if (TRANSPORT_SCHEMES.has(scheme)) return { kind: 'host', scheme, hasPassword: false, ...combine(hosts) };
    const service = scheme === 'http' || scheme === 'https' ? HTTP_SERVICE : SCHEMES[scheme];
    return { kind: 'url', scheme, service, hasPassword: (credentials?.password ?? '') !== '' || queryPassword, ...combine(hosts, credentials) };
  }
  const oracle = ORACLE_THIN.exec(v);
  if (oracle) {
    const hosts = [{ host: oracle[1], port: oracle[2] }];
    if (!validHost(oracle[1])) return undefined;
    return { kind: 'url', scheme: 'oracle', service: SCHEMES.oracle, hasPassword: /^jdbc:oracle:thin:[^/@\s]+\/[^@\s]+@/i.test(v), ...combine(hosts) };
  }
  const goMysql = GO_MYSQL_DSN.exec(v);
  if (goMysql) {
    const hosts = [splitHostPort(goMysql[4])];
    if (!validHost(hosts[0].host)) return undefined;
    const credentials = goMysql[2] !== undefined ? { user: goMysql[1] ?? '', password: goMysql[2] } : undefined;
    return { kind: 'connection-string', convention: 'dsn', service: DATABASE('MySQL'), hasPassword: !!goMysql[2], ...combine(hosts, credentials) };
  }
  const pdo = /^([a-z]+):([^/].*)$/i.exec(v);
  if (pdo && PDO_DRIVERS[pdo[1].toLowerCase()] && pdo[2].includes('=')) {
    const hosts = keyedHosts(pdo[2]);
    if (!hosts) return undefined;
    return { kind: 'connection-string', convention: 'dsn', service: PDO_DRIVERS[pdo[1].toLowerCase()], hasPassword: /(?:^|;)\s*password\s*=\s*[^;\s]/i.test(pdo[2]), ...combine(hosts) };
  }
  if (KEYWORD_DSN.test(v)) {
    const pairs = new Map<string, string>();
    for (const m of v.matchAll(KEYWORD_PAIR)) pairs.set(m[1].toLowerCase(), m[2].replace(/^'|'$/g, ''));
    const host = pairs.get('host') ?? pairs.get('hostaddr');
    if (!host) return undefined;
    const hosts = host.split(',').map((h, i) => ({ host: h, port: i === 0 ? pairs.get('port') : undefined }));
    if (!hosts.every((h) => validHost(h.host))) return undefined;
    const password = pairs.get('password') ?? '';
    const user = pairs.get('user') ?? '';
    return { kind: 'connection-string', service: DATABASE('PostgreSQL'), hasPassword: password !== '', ...combine(hosts, password ? { user, password } : undefined) };
  }
  if (v.includes(';') && v.includes('=')) {
    const hosts = keyedHosts(v);
    if (!hosts) return undefined;
    const hasPassword = /(?:^|;)\s*(?:password|pwd)\s*=\s*[^;\s]/i.test(v);
    return { kind: 'connection-string', convention: 'connection-string', service: adoService(v), hasPassword, ...combine(hosts) };
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
  const v = maskUrlPassword(value.trim()).replace(GO_DSN_PASSWORD, '$1****@');
  // libpq keyword strings separate their pairs with spaces, connection strings and queries with `;`/`&`
  const separator = KEYWORD_DSN.test(v) ? /((?:^|\s)(?:password|sslpassword)\s*=\s*)('[^']*'|\S*)/gi : /((?:^|[;?&])\s*(?:password|pwd|pass|secret|token|sslpassword|accountkey|access_token)\s*=\s*)[^;&#]*/gi;
  return v.replace(separator, '$1****');
}

/** The password of a Go MySQL DSN (`user:pass@tcp(…)`). */
const GO_DSN_PASSWORD = /^([^:@/()\s]*:)[^@\s]+@(?=(?:tcp|tcp4|tcp6|udp|unix)\()/;

/** A client a call builds: the word for its variables (`DB`, `REDIS`) and how messages name it. */
export interface ServiceClient {
  prefix: string;
  label: string;
  /**
   * A socket address or raw connection (`new InetSocketAddress(host, port)`, `TcpClient`, `TCPSocket`,
   * `net.Dial`): it may also name a local address to bind or test against, so local hosts stay quiet.
   */
  endpoint?: boolean;
}

const CLIENT = (prefix: string, label: string): ServiceClient => ({ prefix, label });
const DB = CLIENT('DB', 'database');
const REDIS = CLIENT('REDIS', 'Redis');
const MONGO = CLIENT('MONGODB', 'MongoDB');
const AMQP = CLIENT('AMQP', 'AMQP broker');
const KAFKA = CLIENT('KAFKA', 'Kafka');
const SMTP = CLIENT('SMTP', 'SMTP server');
const MEMCACHED = CLIENT('MEMCACHED', 'Memcached');
const SEARCH = CLIENT('ELASTICSEARCH', 'Elasticsearch');
const ENDPOINT: ServiceClient = { prefix: '', label: 'service', endpoint: true };

/**
 * Clients of the other languages, by the callee as written (dots, `::` and `->` kept) or its last name.
 * Python, Go, Java, Ruby, C# and PHP drivers, ORMs and brokers; checked before the JavaScript names below.
 */
const CLIENTS_BY_CALLEE: readonly [RegExp, ServiceClient][] = [
  // databases: DB-API drivers, SQLAlchemy, database/sql, pgx, GORM dialectors, JDBC, Sequel, PG, ADO.NET, EF Core, PDO
  [/^(psycopg2?|asyncpg|pymysql|MySQLdb|mysql\.connector|pyodbc|cx_Oracle|oracledb|aiomysql|aiopg|pg8000|sqlalchemy)\.(connect|create_pool|create_engine|create_async_engine)$/, DB],
  [/^(create_engine|create_async_engine)$/, DB],
  [/^(sql|sqlx)\.(Open|Connect|MustConnect)$|^(pgx|pgxpool)\.(Connect|New|NewWithConfig|ParseConfig)$|^(gorm\.Open|postgres\.Open|mysql\.Open|sqlserver\.Open|pgdriver\.Open|mysqldriver\.Open)$/, DB],
  [/^DriverManager\.getConnection$|(^|\.)(setJdbcUrl|setUrl|jdbcUrl)$/, DB],
  [/^(Sequel\.connect|PG\.connect|PG::Connection\.new|PG\.connect|Mysql2::Client|ActiveRecord::Base\.establish_connection|establish_connection)$/, DB],
  [/^(SqlConnection|NpgsqlConnection|MySqlConnection|OracleConnection|NpgsqlDataSource\.Create|SqlConnectionStringBuilder|NpgsqlConnectionStringBuilder)$|\.(UseNpgsql|UseSqlServer|UseMySql|UseMySQL|UseOracle|UseAzureSql)$/, DB],
  [/^(PDO|mysqli|mysqli_connect|mysqli_real_connect|pg_connect|pg_pconnect|sqlsrv_connect|oci_connect)$/, DB],
  // Redis
  [/^(redis\.(Redis|StrictRedis|from_url|asyncio\.Redis|asyncio\.from_url)|Redis\.from_url|aioredis\.from_url|StrictRedis|redis\.(NewClient|NewClusterClient|NewUniversalClient|NewFailoverClient|ParseURL))$/, REDIS],
  [/^(JedisPool|JedisPooled|Jedis|JedisCluster|RedisClient\.create|RedisURI\.create|RedisStandaloneConfiguration|RedisClusterConfiguration|RedisSentinelConfiguration)$/, REDIS],
  [/^(ConnectionMultiplexer\.Connect|ConnectionMultiplexer\.ConnectAsync|Predis\\Client|Predis|RedisCluster)$/, REDIS],
  // MongoDB
  [/^(MongoClient|AsyncIOMotorClient|motor\.motor_asyncio\.AsyncIOMotorClient|pymongo\.MongoClient|MongoClients\.create|mongo\.Connect|mongo\.NewClient|Mongo::Client|MongoDB\\Client)$|(^|\.)ApplyURI$/, MONGO],
  // brokers
  [/^(pika\.(ConnectionParameters|URLParameters|BlockingConnection)|kombu\.Connection|Celery|amqp\.Dial|amqp\.DialTLS|amqp\.DialConfig|Bunny|Bunny\.new|AMQPStreamConnection|AMQPSSLConnection|AMQPConnection)$/, AMQP],
  [/^(KafkaProducer|KafkaConsumer|AIOKafkaProducer|AIOKafkaConsumer|kafka\.(KafkaProducer|KafkaConsumer|TCP|NewWriter|NewReader|Dial|DialLeader)|sarama\.(NewSyncProducer|NewAsyncProducer|NewConsumer|NewClient)|ProducerConfig|ConsumerConfig|AdminClientConfig|Kafka|Rdkafka::Config)$/, KAFKA],
  [/^(nats\.Connect|NATS\.connect|NATS::IO::Client)$/, CLIENT('NATS', 'NATS')],
  // caches, search, mail
  [/^(memcache\.New|pymemcache\.(client\.base\.)?Client|bmemcached\.Client|MemcachedClient|Memcached\.MemcachedClient|Dalli::Client|XMemcachedClient)$|(^|->)addServers?$/, MEMCACHED],
  [/^(Elasticsearch|elasticsearch\.Elasticsearch|elasticsearch\.NewClient|elasticsearch\.NewDefaultClient|Elasticsearch::Client|ElasticsearchClient|OpenSearch|RestClient\.builder|ElasticClient)$|->setHosts$|(^|\.)setHosts$/, SEARCH],
  [/^(smtplib\.(SMTP|SMTP_SSL)|SMTP|SMTP_SSL|SmtpClient|Net::SMTP\.(new|start)|Net::SMTP|smtp\.(Dial|SendMail)|gomail\.NewDialer|mail\.NewDialer|Swift_SmtpTransport|EsmtpTransport)$/, SMTP],
  [/^(grpc\.(Dial|DialContext|NewClient|insecure_channel|secure_channel|aio\.insecure_channel|aio\.secure_channel)|ManagedChannelBuilder\.(forTarget|forAddress)|GrpcChannel\.ForAddress)$/, CLIENT('', 'gRPC service')],
  [/^(boto3\.(client|resource)|aioboto3\.Session|minio\.Minio|Minio)$/, CLIENT('S3', 'object storage')],
  // raw connections and socket addresses
  [/^(InetSocketAddress|Socket|TcpClient|DnsEndPoint|HttpHost|TCPSocket|TCPSocket\.new|Net::Telnet|fsockopen|pfsockopen|stream_socket_client|socket\.create_connection|net\.Dial|net\.DialTimeout|tls\.Dial)$/, ENDPOINT],
];

/**
 * Backing-service clients, by callee: constructors and factories whose options or arguments locate a
 * database, cache, broker, mail relay or object store. Returns the service words for naming variables.
 */
export function serviceOfCall(site: CallSite, imports: readonly string[] = []): ServiceClient | undefined {
  const callee = site.callee;
  const name = site.name || callee;
  const recv = (site.receiver ?? '').toLowerCase();
  const has = (m: RegExp) => imports.some((i) => m.test(i));
  for (const [pattern, client] of CLIENTS_BY_CALLEE) if (pattern.test(callee) || (site.isNew && pattern.test(name))) return client;
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
