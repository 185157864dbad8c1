/**
 * processes (Factor VI): stateless processes. Evidence: the process-local state findings
 * (in-memory sessions, per-user maps, local uploads) and session stores backed by services.
 */
import type { Evidence, ProjectCheck } from '../types';
import { analysedFiles, findingEvidence, pluralSubject } from './util';

/** Session and cache stores backed by a service, per ecosystem (as imported). */
const STORES = /^(connect-redis|connect-mongo|connect-pg-simple|connect-session-sequelize|@fastify\/redis|koa-redis|express-mysql-session|memorystore|django-redis|django_redis|flask_session|redis|ioredis|github\.com\/redis\/go-redis.*|github\.com\/alexedwards\/scs.*|org\.springframework\.session.*|redis-session-store|Microsoft\.Extensions\.Caching\.StackExchangeRedis.*|StackExchange\.Redis.*|Predis\\.+)$/;

const check: ProjectCheck = {
  meta: { id: 'processes', factor: 6, description: 'Processes are stateless; state lives in backing services.' },
  run(input) {
    const evidence: Evidence[] = findingEvidence(input, 6);
    const findings = evidence.length;
    for (const [file, r] of input.results) {
      const store = r.summary?.imports.find((m) => STORES.test(m) && m !== 'memorystore');
      if (store) evidence.push({ file, note: `uses ${store} for shared state`, kind: 'support' });
    }
    if (findings) return { status: 'fail', reason: `${pluralSubject(findings, 'place', 'keep')} state in one process's memory or disk.`, evidence };
    if (analysedFiles(input).length === 0) return { status: 'unchecked', reason: 'No source files were analysed.', evidence };
    return { status: 'pass', reason: 'No process-local session or user state found.', evidence };
  },
};
export default check;
