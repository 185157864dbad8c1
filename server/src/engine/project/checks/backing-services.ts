/**
 * backing-services (Factor IV): services located by config. Evidence: the hardcoded-locator
 * findings, and URLs or hosts of services read from the environment.
 */
import type { Evidence, ProjectCheck } from '../types';
import { findingEvidence, plural } from './util';

const LOCATOR_VAR = /(_URL|_URI|_DSN|_HOST|_ADDR|_ENDPOINT|_CONNECTION(_STRING)?|^DATABASE|^REDIS|^MONGO|^AMQP|^KAFKA|^SMTP|^S3_|^ELASTIC)/i;
/** Client libraries of backing services, per ecosystem (module, package or namespace as imported). */
const CLIENT_MODULES = new RegExp(
  '^(' +
    [
      // JavaScript/TypeScript
      'pg', 'pg-promise', 'postgres', 'mysql2?', 'mariadb', 'mongodb', 'mongoose', 'redis', 'ioredis', 'amqplib', 'kafkajs', 'nats', 'nodemailer', '@aws-sdk/.+', 'aws-sdk', '@prisma/client', 'sequelize', 'knex', 'typeorm', 'drizzle-orm', '@elastic/elasticsearch', 'memcached', 'bullmq', 'bull',
      // Python
      'psycopg2?(\\..+)?', 'psycopg(\\..+)?', 'asyncpg', 'sqlalchemy(\\..+)?', 'pymongo', 'motor(\\..+)?', 'celery', 'boto3', 'pika', 'kafka', 'confluent_kafka', 'elasticsearch', 'pymysql', 'MySQLdb', 'django_redis', 'rq', 'redis\\..+',
      // Go
      'database/sql', 'github\\.com/redis/go-redis.*', 'github\\.com/go-redis/redis.*', 'github\\.com/jackc/pgx.*', 'github\\.com/lib/pq', 'github\\.com/go-sql-driver/mysql', 'gorm\\.io/.+', 'go\\.mongodb\\.org/mongo-driver.*', 'github\\.com/aws/aws-sdk-go.*', 'github\\.com/rabbitmq/amqp091-go', 'github\\.com/segmentio/kafka-go', 'github\\.com/nats-io/.+',
      // Java
      'java\\.sql\\..+', 'javax\\.sql\\..+', '(jakarta|javax)\\.persistence\\..+', 'org\\.springframework\\.(data|jdbc|amqp|kafka)\\..+', 'redis\\.clients\\.jedis.*', 'io\\.lettuce.+', 'com\\.mongodb.+', 'software\\.amazon\\.awssdk.+', 'com\\.amazonaws.+', 'org\\.apache\\.kafka.+', 'com\\.rabbitmq.+',
      // Ruby
      'pg', 'sequel', 'mongo', 'aws-sdk-.+', 'bunny', 'sidekiq', 'dalli', 'active_record',
      // C#
      'Npgsql.*', 'StackExchange\\.Redis.*', 'MongoDB\\.Driver.*', 'Microsoft\\.EntityFrameworkCore.*', 'Microsoft\\.Data\\.SqlClient.*', 'Amazon\\..+', 'Azure\\.Storage.*', 'RabbitMQ\\.Client.*', 'Confluent\\.Kafka.*', 'Dapper',
      // PHP
      'Predis\\\\.+', 'MongoDB\\\\.+', 'Aws\\\\.+', 'Illuminate\\\\Support\\\\Facades\\\\(DB|Redis|Queue|Storage)', 'Doctrine\\\\(DBAL|ORM)\\\\.+',
    ].join('|') +
    ')$',
);

const check: ProjectCheck = {
  meta: { id: 'backing-services', factor: 4, description: 'Backing services are attached resources, located by config.' },
  run(input) {
    const evidence: Evidence[] = findingEvidence(input, 4);
    const findings = evidence.length;
    let fromEnv = 0;
    let usesServices = false;
    for (const [file, r] of input.results) {
      for (const e of r.summary?.envReads ?? []) {
        if (LOCATOR_VAR.test(e.name)) {
          fromEnv++;
          evidence.push({ file, line: e.line, note: `locates a service through ${e.name}`, kind: 'support' });
        }
      }
      if (r.summary?.imports.some((m) => CLIENT_MODULES.test(m))) usesServices = true;
    }
    if (findings) return { status: 'fail', reason: `${plural(findings, 'hardcoded service locator')} (connection strings, hosts).`, evidence };
    if (fromEnv) return { status: 'pass', reason: `Services are located through ${plural(fromEnv, 'environment variable')}.`, evidence };
    if (usesServices) return { status: 'pass', reason: 'Service clients are used and no hardcoded locators were found.', evidence };
    return { status: 'n/a', reason: 'No backing services found in the code.', evidence };
  },
};
export default check;
