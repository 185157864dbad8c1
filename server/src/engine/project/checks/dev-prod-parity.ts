/**
 * dev-prod-parity (Factor X): the same kinds of backing services in every environment. Evidence:
 * a different database chosen by environment name (SQLite in development, Postgres in production)
 * is a finding; a compose file that runs the production services locally supports parity.
 */
import type { Evidence, ProjectCheck } from '../types';
import { composeServices, isCompose, lineOf } from './util';

const SERVICE_IMAGES = /^(postgres|postgis|mysql|mariadb|mongo|redis|valkey|rabbitmq|memcached|elasticsearch|opensearch|kafka|bitnami\/\w+|localstack|minio)/;

const check: ProjectCheck = {
  meta: { id: 'dev-prod-parity', factor: 10, description: 'Development runs the same backing services as production.' },
  run(input) {
    const evidence: Evidence[] = [];
    let mismatches = 0;
    for (const [file, r] of input.results) {
      const s = r.summary;
      if (!s || !s.branchesOnEnvironmentName || s.databaseKinds.length < 2) continue;
      mismatches++;
      evidence.push({ file, note: `chooses between ${s.databaseKinds.join(' and ')} by environment: run the production database kind in development too`, kind: 'finding', id: 'dev-prod-parity' });
    }
    for (const f of input.files.filter(isCompose)) {
      for (const svc of composeServices(input, f)) {
        if (svc.image && SERVICE_IMAGES.test(svc.image)) evidence.push({ file: f, line: lineOf(input, f, `${svc.name}:`), note: `runs ${svc.image} locally`, kind: 'support' });
      }
    }
    if (mismatches) return { status: 'fail', reason: 'Different backing-service kinds are chosen by environment.', evidence };
    if (evidence.some((e) => e.kind === 'support')) return { status: 'pass', reason: 'A local compose file runs the production services.', evidence };
    return { status: 'unchecked', reason: 'Nothing shows how development runs its backing services (no compose file): review and sign off.', evidence };
  },
};
export default check;
