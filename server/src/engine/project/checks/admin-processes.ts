/**
 * admin-processes (Factor XII): migrations and one-off tasks run as their own processes, in the
 * release environment, not inside the app's start-up. Migrations called in a server entry point are
 * a finding; migration scripts, a Procfile `release:` line or a migrations folder support the factor.
 */
import type { Evidence, ProjectCheck } from '../types';
import { isProcfile, lineOf, procfileEntries, readJson, scriptsOf } from './util';

const MIGRATION_SCRIPT = /(migrat|db:(setup|seed)|prisma migrate|knex migrate|sequelize(-cli)? db:migrate|typeorm migration|alembic upgrade|manage\.py migrate|rake db:)/;

const check: ProjectCheck = {
  meta: { id: 'admin-processes', factor: 12, description: 'Admin tasks and migrations run as one-off processes, not at app start-up.' },
  run(input) {
    const evidence: Evidence[] = [];
    let atStartup = 0;
    for (const [file, r] of input.results) {
      const s = r.summary;
      if (!s || s.serverStarts.length === 0) continue;
      for (const m of s.startupMigrations) {
        atStartup++;
        evidence.push({ file, line: m.line, note: `runs ${m.call}() when the server starts: run migrations as a one-off release task instead`, kind: 'finding', id: 'admin-processes' });
      }
    }
    for (const f of input.files) {
      if (/(^|\/)package\.json$/.test(f)) {
        for (const [name, cmd] of Object.entries(scriptsOf(readJson(input, f)))) {
          if (MIGRATION_SCRIPT.test(name) || MIGRATION_SCRIPT.test(cmd)) evidence.push({ file: f, line: lineOf(input, f, `"${name}"`), note: `one-off task "${name}"`, kind: 'support' });
        }
      } else if (isProcfile(f)) {
        for (const e of procfileEntries(input, f)) if (e.label === 'release') evidence.push({ file: f, line: e.line, note: 'release-phase task', kind: 'support' });
      } else if (/(^|\/)(migrations|db\/migrate|alembic\/versions)\/[^/]+$/.test(f)) {
        if (!evidence.some((e) => e.note === 'migrations folder')) evidence.push({ file: f, note: 'migrations folder', kind: 'support' });
      }
    }
    if (atStartup) return { status: 'fail', reason: 'Migrations run inside the server start path.', evidence };
    if (evidence.length) return { status: 'pass', reason: 'Admin tasks exist as one-off scripts.', evidence };
    return { status: 'unchecked', reason: 'No admin tasks or migrations found: review and sign off.', evidence };
  },
};
export default check;
