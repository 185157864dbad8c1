/**
 * config (Factor III): config in the environment. Evidence: the hardcoded-config findings, a `.env`
 * with values that git does not ignore, and whether `.env.example` lists the variables the code reads
 * in any language (`process.env.X`, `os.environ["X"]`, `os.Getenv("X")`, `System.getenv("X")`,
 * `ENV.fetch("X")`, `Environment.GetEnvironmentVariable("X")`, `getenv('X')`, `${X}` placeholders in
 * Spring and Rails settings). A key that an app settings file defines (`appsettings.json`,
 * `application.properties`/`.yml`) is documented there: .NET and Spring read it from that file and
 * let an environment variable of the same name override it.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import type { Evidence, ProjectCheck, ProjectInput } from '../types';
import { analysedFiles, basename, findingEvidence, plural } from './util';

const ENV_FILE = /(^|\/)\.env(\.[\w.-]+)?$/;
const ENV_TEMPLATE = /(^|\/)\.env\.(example|sample|template|dist|defaults)$/;
/** Set by the platform or the runtime, not by the app's config. */
const PLATFORM_VARS = new Set([
  'NODE_ENV', 'PORT', 'HOME', 'PATH', 'PWD', 'CI', 'HOSTNAME', 'TZ', 'LANG', 'DEBUG', 'npm_package_version',
  // Python
  'PYTHONPATH', 'PYTHONUNBUFFERED', 'DJANGO_SETTINGS_MODULE', 'FLASK_APP', 'FLASK_ENV', 'FLASK_DEBUG', 'WEB_CONCURRENCY',
  // Go
  'GIN_MODE', 'GOMAXPROCS', 'GOMEMLIMIT',
  // JVM
  'JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'SPRING_PROFILES_ACTIVE', 'SERVER_PORT',
  // Ruby
  'RAILS_ENV', 'RACK_ENV', 'BUNDLE_GEMFILE', 'BUNDLE_PATH', 'BUNDLE_WITHOUT', 'BUNDLE_DEPLOYMENT', 'RAILS_MAX_THREADS', 'RAILS_MIN_THREADS', 'RAILS_LOG_TO_STDOUT', 'RAILS_SERVE_STATIC_FILES', 'PIDFILE', 'APP_ENV',
  // .NET
  'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'ASPNETCORE_URLS', 'ASPNETCORE_HTTP_PORTS', 'ASPNETCORE_HTTPS_PORTS',
  // platforms
  'DYNO', 'K_SERVICE', 'K_REVISION', 'FLY_APP_NAME', 'RENDER', 'KUBERNETES_SERVICE_HOST',
]);

const APP_SETTINGS = /(^|\/)(appsettings([.\w-]*)\.json|application([-\w]*)\.(properties|ya?ml))$/i;

/** Upper-case letters and digits only: `ConnectionStrings__Default`, `connectionstrings:default` and `CONNECTION_STRINGS_DEFAULT` compare equal. */
function squash(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** Keys the app settings files define, squashed (nested keys joined). */
function settingsKeys(input: ProjectInput): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, prefix: string) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, prefix + k);
    } else if (prefix) out.add(squash(prefix));
  };
  for (const f of input.files) {
    if (!APP_SETTINGS.test(f)) continue;
    const text = input.read(f);
    if (text === undefined) continue;
    try {
      if (f.endsWith('.json')) walk(parseJsonc(text, [], { allowTrailingComma: true }), '');
      else if (/\.ya?ml$/.test(f)) for (const doc of text.split(/^---\s*$/m)) walk(parseYaml(doc), '');
      else {
        for (const line of text.split(/\r?\n/)) {
          const m = /^\s*([^#!\s=:][^=:\s]*)\s*[=:]/.exec(line);
          if (m) out.add(squash(m[1]));
        }
      }
    } catch {
      // A settings file that does not parse documents nothing; its own adapter reports it.
    }
  }
  return out;
}

export function envNamesIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=/.exec(line);
    if (m) out.add(m[1]);
  }
  return out;
}

function hasValues(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const m = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=\s*(.*)$/.exec(line);
    return !!m && m[1].replace(/^["']|["']$/g, '').trim() !== '' && !m[1].trim().startsWith('#');
  });
}

const check: ProjectCheck = {
  meta: { id: 'config', factor: 3, description: 'Config stored in the environment, not in the code or committed files.' },
  run(input) {
    const evidence: Evidence[] = findingEvidence(input, 3);
    const findings = evidence.length;
    let committedEnv = 0;
    for (const f of input.files.filter((p) => ENV_FILE.test(p) && !ENV_TEMPLATE.test(p))) {
      const text = input.read(f) ?? '';
      if (!input.gitIgnored(f) && hasValues(text)) {
        committedEnv++;
        evidence.push({ file: f, note: `${basename(f)} holds values and git does not ignore it: add it to .gitignore and keep only .env.example in the repository`, kind: 'finding', id: 'config' });
      } else {
        evidence.push({ file: f, note: 'local environment file, ignored by git', kind: 'info' });
      }
    }
    const reads = new Map<string, { file: string; line: number }>();
    for (const [file, r] of input.results) for (const e of r.summary?.envReads ?? []) if (!reads.has(e.name)) reads.set(e.name, { file, line: e.line });
    const templates = input.files.filter((p) => ENV_TEMPLATE.test(p));
    const listed = new Set<string>();
    for (const t of templates) for (const n of envNamesIn(input.read(t) ?? '')) listed.add(n);
    for (const t of templates) evidence.push({ file: t, note: `lists ${plural(envNamesIn(input.read(t) ?? '').size, 'variable')}`, kind: 'support' });
    const inSettings = settingsKeys(input);
    const documented = (name: string) => listed.has(name) || inSettings.has(squash(name));
    const missing = [...reads].filter(([name]) => !PLATFORM_VARS.has(name) && !documented(name));
    if (templates.length) {
      for (const [name, at] of missing) evidence.push({ file: at.file, line: at.line, note: `reads ${name}, which .env.example does not list`, kind: 'finding', id: 'config' });
    }
    if (reads.size) evidence.push({ file: reads.values().next().value!.file, note: `the code reads ${plural(reads.size, 'environment variable')}`, kind: 'support' });

    if (findings || committedEnv) {
      const parts = [];
      if (findings) parts.push(`${plural(findings, 'hardcoded config value')} in code`);
      if (committedEnv) parts.push(`${plural(committedEnv, 'committed .env file')} with values`);
      return { status: 'fail', reason: parts.join(' and ') + '.', evidence };
    }
    if (reads.size && !templates.length && [...reads.keys()].some((n) => !PLATFORM_VARS.has(n) && !inSettings.has(squash(n)))) {
      return { status: 'attention', reason: `The code reads ${plural(reads.size, 'environment variable')} but no .env.example documents them.`, evidence };
    }
    if (templates.length && missing.length) {
      return { status: 'attention', reason: `.env.example misses ${plural(missing.length, 'variable')} the code reads: ${missing.slice(0, 5).map(([n]) => n).join(', ')}${missing.length > 5 ? '…' : ''}.`, evidence };
    }
    if (analysedFiles(input).length === 0) return { status: 'unchecked', reason: 'No source files were analysed.', evidence };
    return { status: 'pass', reason: reads.size ? 'Config comes from the environment, and no hardcoded secrets were found.' : 'No hardcoded config found.', evidence };
  },
};
export default check;
