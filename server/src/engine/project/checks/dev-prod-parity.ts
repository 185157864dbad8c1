/**
 * dev-prod-parity (Factor X): the same kinds of backing services in every environment.
 *
 * Findings: a different database kind for development than for production (SQLite or H2 in
 * development, Postgres or MySQL in production), chosen
 * - in one file by environment name (`NODE_ENV === 'production'`, Django `if DEBUG:` with
 *   `ENV == "production"`, ASP.NET `builder.Environment.IsDevelopment()` with `UseSqlite`/`UseNpgsql`);
 * - by environment-specific settings files: Django `settings/dev.py` vs `settings/production.py`,
 *   Spring `application-dev.properties` vs `application-prod.properties` (or the base file),
 *   `appsettings.Development.json` vs `appsettings.json`/`appsettings.Production.json`,
 *   `config/development.*` vs `config/production.*`;
 * - by the environments of Rails' `config/database.yml`;
 * - by Bundler groups (`sqlite3` in the development group, `pg` in production).
 * Test-only settings are not compared: the factor is about development and production.
 *
 * Support: a compose file that runs the production services locally; one database kind in every
 * environment of the settings files.
 */
import { parse as parseYaml } from 'yaml';
import type { Evidence, ProjectCheck, ProjectInput } from '../types';
import { composeFile } from '../ecosystem/commands';
import { readManifests } from '../ecosystem/manifests';
import { isCompose } from './util';

const SERVICE_IMAGES = /^(postgres|postgis|mysql|mariadb|mongo|redis|valkey|rabbitmq|memcached|elasticsearch|opensearch|kafka|bitnami\/\w+|localstack|minio|mcr\.microsoft\.com\/mssql)/;

type Role = 'dev' | 'prod' | 'base';

/** The environment a settings file is for, by its name. */
function roleOf(file: string): Role | undefined {
  const f = file.toLowerCase();
  if (/(^|\/)settings\/(dev|development|local)\.py$|(^|\/)(settings_(dev|local)|local_settings|dev_settings)\.py$/.test(f)) return 'dev';
  if (/(^|\/)settings\/(prod|production)\.py$|(^|\/)(settings_prod|prod_settings|production_settings)\.py$/.test(f)) return 'prod';
  if (/(^|\/)settings\/(base|common)\.py$/.test(f)) return 'base';
  if (/(^|\/)application-(dev|local|development)\.(properties|ya?ml)$/.test(f)) return 'dev';
  if (/(^|\/)application-(prod|production)\.(properties|ya?ml)$/.test(f)) return 'prod';
  if (/(^|\/)application\.(properties|ya?ml)$/.test(f)) return 'base';
  if (/(^|\/)appsettings\.development\.json$/.test(f)) return 'dev';
  if (/(^|\/)appsettings\.production\.json$/.test(f)) return 'prod';
  if (/(^|\/)appsettings\.json$/.test(f)) return 'base';
  if (/(^|\/)config\/(development|dev|local)\.[\w]+$/.test(f)) return 'dev';
  if (/(^|\/)config\/(production|prod)\.[\w]+$/.test(f)) return 'prod';
  return undefined;
}

const ADAPTER_KINDS: Record<string, string> = { sqlite3: 'sqlite', sqlite: 'sqlite', postgresql: 'postgres', postgis: 'postgres', mysql2: 'mysql', trilogy: 'mysql', sqlserver: 'sqlserver', oracle_enhanced: 'oracle' };
const GEM_KINDS: Record<string, string> = { sqlite3: 'sqlite', pg: 'postgres', mysql2: 'mysql', trilogy: 'mysql' };

/** Rails database.yml: the database kind of each environment (`<<: *default` merges followed). */
function railsDatabases(input: ProjectInput, file: string): { kinds: Map<string, string>; problem?: string } {
  const kinds = new Map<string, string>();
  let doc: unknown;
  try {
    doc = parseYaml(input.read(file) ?? '', { merge: true, uniqueKeys: false });
  } catch (e) {
    return { kinds, problem: `${file} is not valid YAML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` };
  }
  if (!doc || typeof doc !== 'object') return { kinds };
  for (const [env, cfg] of Object.entries(doc as Record<string, unknown>)) {
    if (!cfg || typeof cfg !== 'object') continue;
    // Multi-database: `production: { primary: {…}, cache: {…} }`
    const configs = 'adapter' in cfg || 'url' in cfg ? [cfg as Record<string, unknown>] : Object.values(cfg as Record<string, unknown>).filter((c): c is Record<string, unknown> => !!c && typeof c === 'object');
    for (const c of configs) {
      const adapter = typeof c.adapter === 'string' ? c.adapter : typeof c.url === 'string' ? /^(\w+):/.exec(c.url)?.[1] : undefined;
      const kind = adapter ? ADAPTER_KINDS[adapter] ?? (adapter === 'postgres' ? 'postgres' : undefined) : undefined;
      if (kind) {
        kinds.set(env, kind);
        break;
      }
    }
  }
  return { kinds };
}

function describe(kinds: Iterable<string>): string {
  return [...new Set(kinds)].join(' and ');
}

const check: ProjectCheck = {
  meta: { id: 'dev-prod-parity', factor: 10, description: 'Development runs the same backing services as production.' },
  run(input) {
    const evidence: Evidence[] = [];
    let mismatches = 0;
    const mismatch = (file: string, line: number | undefined, note: string) => {
      mismatches++;
      evidence.push({ file, line, note, kind: 'finding', id: 'dev-prod-parity' });
    };

    for (const [file, r] of input.results) {
      const s = r.summary;
      if (!s || !s.branchesOnEnvironmentName || s.databaseKinds.length < 2) continue;
      mismatch(file, undefined, `chooses between ${s.databaseKinds.join(' and ')} by environment: run the production database kind in development too`);
    }

    // Environment-specific settings files, grouped by folder (one app's settings).
    const byDir = new Map<string, { role: Role; file: string; kinds: string[] }[]>();
    for (const [file, r] of input.results) {
      const role = roleOf(file);
      const kinds = (r.summary?.databaseKinds ?? []).filter((k) => k !== 'mongodb');
      if (!role || kinds.length === 0) continue;
      const dir = file.slice(0, file.lastIndexOf('/') + 1);
      const list = byDir.get(dir) ?? [];
      list.push({ role, file, kinds });
      byDir.set(dir, list);
    }
    for (const list of byDir.values()) {
      const dev = list.filter((x) => x.role === 'dev');
      const prodFiles = list.filter((x) => x.role === 'prod');
      const prod = prodFiles.length ? prodFiles : list.filter((x) => x.role === 'base');
      if (!dev.length || !prod.length) continue;
      const devKinds = new Set(dev.flatMap((x) => x.kinds));
      const prodKinds = new Set(prod.flatMap((x) => x.kinds));
      if ([...devKinds].some((k) => !prodKinds.has(k))) {
        mismatch(dev[0].file, undefined, `development uses ${describe(devKinds)} while production (${prod[0].file}) uses ${describe(prodKinds)}: run the production database kind in development too`);
      } else {
        evidence.push({ file: dev[0].file, note: `development and production both use ${describe(prodKinds)}`, kind: 'support' });
      }
    }

    for (const f of input.files.filter((p) => /(^|\/)config\/database\.yml$/.test(p))) {
      const { kinds, problem } = railsDatabases(input, f);
      if (problem) evidence.push({ file: f, note: problem, kind: 'info' });
      const dev = kinds.get('development');
      const prod = kinds.get('production');
      if (dev && prod && dev !== prod) mismatch(f, undefined, `development uses ${dev} while production uses ${prod}: run ${prod} in development too`);
      else if (dev && prod) evidence.push({ file: f, note: `development and production both use ${prod}`, kind: 'support' });
    }

    for (const m of readManifests(input).manifests) {
      if (!m.gemGroups) continue;
      const kindsIn = (groups: string[]) => new Set(groups.flatMap((g) => m.gemGroups!.get(g) ?? []).map((gem) => GEM_KINDS[gem]).filter(Boolean));
      const dev = kindsIn(['development']);
      const prod = kindsIn(['production']);
      const shared = kindsIn(['default']);
      if (dev.size && prod.size && [...dev].some((k) => !prod.has(k) && !shared.has(k))) {
        mismatch(m.file, undefined, `the Gemfile installs ${describe(dev)} for development and ${describe(prod)} for production: use one database kind everywhere`);
      }
    }

    for (const f of input.files.filter(isCompose)) {
      for (const svc of composeFile(input, f).services) {
        if (svc.image && SERVICE_IMAGES.test(svc.image)) evidence.push({ file: f, line: svc.line, note: `runs ${svc.image} locally`, kind: 'support' });
      }
    }
    if (mismatches) return { status: 'fail', reason: 'Different backing-service kinds are chosen by environment.', evidence };
    if (evidence.some((e) => e.kind === 'support' && e.note.startsWith('runs '))) return { status: 'pass', reason: 'A local compose file runs the production services.', evidence };
    if (evidence.some((e) => e.kind === 'support')) return { status: 'pass', reason: 'Development and production settings use the same database kind.', evidence };
    return { status: 'unchecked', reason: 'Nothing shows how development runs its backing services (no compose file): review and sign off.', evidence };
  },
};
export default check;
