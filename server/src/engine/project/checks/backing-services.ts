/**
 * backing-services (Factor IV): services located by config. Evidence: the hardcoded-locator
 * findings, and URLs or hosts of services read from the environment.
 */
import type { Evidence, ProjectCheck } from '../types';
import { findingEvidence, plural } from './util';

const LOCATOR_VAR = /(_URL|_URI|_DSN|_HOST|_ADDR|_ENDPOINT|_CONNECTION(_STRING)?|^DATABASE|^REDIS|^MONGO|^AMQP|^KAFKA|^SMTP|^S3_|^ELASTIC)/i;
const CLIENT_MODULES = /^(pg|pg-promise|postgres|mysql2?|mariadb|mongodb|mongoose|redis|ioredis|amqplib|kafkajs|nats|nodemailer|@aws-sdk\/.+|aws-sdk|@prisma\/client|sequelize|knex|typeorm|drizzle-orm|@elastic\/elasticsearch|memcached|bullmq|bull|psycopg2?|sqlalchemy|pymongo|celery|boto3|database\/sql|github\.com\/redis\/go-redis.*|github\.com\/jackc\/pgx.*|gorm\.io\/gorm)$/;

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
