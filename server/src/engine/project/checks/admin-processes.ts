/**
 * admin-processes (Factor XII): migrations and one-off tasks run as their own processes, in the
 * release environment, not inside the app's start-up.
 *
 * Findings: a migration in a start command or in the entrypoint script it runs (`manage.py migrate`,
 * `alembic upgrade`, `flask db upgrade`, `rails db:migrate`/`db:prepare`, `php artisan migrate`,
 * `dotnet ef database update`, `goose up`, `knex migrate:latest`…), and a migration or schema sync
 * called by the code a server entry point runs (Sequelize `sync`, SQLAlchemy `create_all`, Django
 * `call_command("migrate")`, GORM `AutoMigrate`, EF Core `Database.Migrate()`, Sequel's `Migrator.run`).
 *
 * Flyway and Liquibase run by Spring Boot when the app starts (the library on the classpath, or an
 * explicit `Flyway…migrate()`) are the Spring convention and are not findings: they hold a lock on
 * the schema history table, so instances starting together do not race. They are listed as context;
 * `spring.flyway.enabled=false` with a one-off `flyway migrate` job moves them to the release phase.
 *
 * Support: a Procfile `release:` process, migration package scripts, compose services or
 * Kubernetes Jobs that only migrate, migrations folders.
 */
import { parseAllDocuments } from 'yaml';
import type { Evidence, ProjectCheck } from '../types';
import { migrationStep, programOf, startCommands } from '../ecosystem/commands';
import { commandTargets } from '../ecosystem/entries';
import { readManifests } from '../ecosystem/manifests';
import { springSettings } from '../ecosystem/settings';
import { lineOf, readJson, scriptsOf } from './util';

const MIGRATION_SCRIPT = /(migrat|db:(setup|seed)|prisma migrate|knex migrate|sequelize(-cli)? db:migrate|typeorm migration|alembic upgrade|manage\.py migrate|rake db:)/;
const MIGRATIONS_FOLDER = /(^|\/)(migrations|Migrations|db\/migrate|db\/migrations|db\/migration|db\/changelog|alembic\/versions|migrations\/versions|database\/migrations)\/[^/]+$/;

/** A Kubernetes Job (or a Helm pre-upgrade hook Job) whose containers run a migration. */
function isMigrationJob(text: string): boolean {
  if (!/\bJob\b/.test(text)) return false;
  try {
    for (const doc of parseAllDocuments(text)) {
      if (!('toJS' in doc) || doc.errors.length) continue;
      const v: unknown = doc.toJS();
      if (!v || typeof v !== 'object' || (v as Record<string, unknown>).kind !== 'Job') continue;
      const spec = JSON.stringify((v as Record<string, unknown>).spec ?? {});
      if (/migrat|db:prepare|db:migrate|alembic|flyway|liquibase/i.test(spec)) return true;
    }
  } catch {
    return false;
  }
  return false;
}

const check: ProjectCheck = {
  meta: { id: 'admin-processes', factor: 12, description: 'Admin tasks and migrations run as one-off processes, not at app start-up.' },
  run(input) {
    const evidence: Evidence[] = [];
    let atStartup = 0;
    const scripts: Record<string, string> = {};
    for (const f of input.files) if (/(^|\/)package\.json$/.test(f)) Object.assign(scripts, scriptsOf(readJson(input, f)));

    // Migrations in start commands and the scripts they run.
    for (const c of startCommands(input)) {
      for (const sc of c.commands) {
        const p = programOf(sc);
        const step = p && migrationStep(p, scripts);
        if (!step) continue;
        const where = c.via ? `${c.label} (run by ${c.via})` : c.label;
        if (c.release) evidence.push({ file: c.file, line: c.line, note: `release-phase task: ${step}`, kind: 'support' });
        else if (c.origin === 'compose' && c.commands.every((x) => !programOf(x) || migrationStep(programOf(x)!, scripts))) evidence.push({ file: c.file, line: c.line, note: `one-off migration service (${c.label})`, kind: 'support' });
        else {
          atStartup++;
          evidence.push({ file: c.file, line: c.line, note: `${where} runs "${step}" every time the app starts: run migrations once per release, as a one-off task (a Procfile release: process, a Kubernetes Job)`, kind: 'finding', id: 'admin-processes' });
        }
        break;
      }
    }

    // Migrations called by the code a server entry point runs.
    const targets = commandTargets(input);
    const servedByAppServer = targets.some((t) => !t.direct);
    const entries = new Set<string>(targets.map((t) => t.file));
    for (const [file, r] of input.results) if ((r.summary?.serverStarts.length ?? 0) > 0) entries.add(file);
    for (const file of entries) {
      const s = input.results.get(file)?.summary;
      const runsAsScript = targets.some((t) => t.file === file && t.direct) || (!servedByAppServer && !targets.some((t) => t.file === file));
      for (const m of s?.startupMigrations ?? []) {
        // Under `if __name__ == "__main__":` it runs only when the file is run as a script, not under an app server.
        if (m.mainGuard && !runsAsScript) continue;
        if (m.tool) {
          evidence.push({ file, line: m.line, note: `${m.tool === 'flyway' ? 'Flyway' : 'Liquibase'} migrates when the app starts (the Spring convention, under a lock): accepted`, kind: 'info' });
          continue;
        }
        atStartup++;
        evidence.push({ file, line: m.line, note: `runs ${m.call}() when the server starts: run migrations as a one-off release task instead`, kind: 'finding', id: 'admin-processes' });
      }
    }

    // Spring Boot runs Flyway/Liquibase at start when the library is on the classpath.
    const javaDeps = readManifests(input).manifests.filter((m) => m.ecosystem === 'maven' || m.ecosystem === 'gradle');
    const settings = springSettings(input);
    for (const [lib, tool, key] of [['org.flywaydb:flyway-core', 'Flyway', 'spring.flyway.enabled'], ['org.liquibase:liquibase-core', 'Liquibase', 'spring.liquibase.enabled']] as const) {
      const m = javaDeps.find((d) => d.declared.has(lib));
      if (!m || !m.springBootVersion) continue;
      const off = settings.find((s) => s.values.get(key)?.value === 'false' && !s.profile);
      if (off) evidence.push({ file: off.file, line: off.values.get(key)?.line, note: `${tool} does not run at start-up (${key}=false)`, kind: 'support' });
      else evidence.push({ file: m.file, note: `Spring Boot runs ${tool} migrations when the app starts (the Spring convention, under a lock): accepted`, kind: 'info' });
    }

    for (const f of input.files) {
      if (/(^|\/)package\.json$/.test(f)) {
        for (const [name, cmd] of Object.entries(scriptsOf(readJson(input, f)))) {
          if (MIGRATION_SCRIPT.test(name) || MIGRATION_SCRIPT.test(cmd)) evidence.push({ file: f, line: lineOf(input, f, `"${name}"`), note: `one-off task "${name}"`, kind: 'support' });
        }
      } else if (/\.ya?ml$/.test(f) && isMigrationJob(input.read(f) ?? '')) {
        evidence.push({ file: f, note: 'Kubernetes Job for migrations', kind: 'support' });
      } else if (MIGRATIONS_FOLDER.test(f)) {
        if (!evidence.some((e) => e.note === 'migrations folder')) evidence.push({ file: f, note: 'migrations folder', kind: 'support' });
      }
    }
    if (atStartup) return { status: 'fail', reason: 'Migrations run inside the server start path.', evidence };
    if (evidence.some((e) => e.kind === 'support')) return { status: 'pass', reason: 'Admin tasks exist as one-off scripts.', evidence };
    if (evidence.length) return { status: 'pass', reason: 'Migrations run at start-up under the framework\'s lock (Flyway/Liquibase), the Spring convention.', evidence };
    return { status: 'unchecked', reason: 'No admin tasks or migrations found: review and sign off.', evidence };
  },
};
export default check;
