/**
 * dependencies (Factor II): dependencies declared in a manifest and pinned by a lockfile, for every
 * ecosystem (npm, Python, Go, Maven, Gradle, Ruby, .NET, PHP); no undeclared packages imported
 * (JavaScript/TypeScript, Python, Go and Ruby); system tools run from code are implicit dependencies
 * unless the Dockerfile, an Aptfile or a buildpack file installs them.
 */
import { builtinModules } from 'node:module';
import type { Evidence, ProjectCheck, ProjectInput } from '../types';
import { dockerfileInfo } from '../ecosystem/commands';
import { isGoStdlib, normalizePythonName, PYTHON_ALWAYS, PYTHON_BUNDLED, PYTHON_IMPORT_DISTS, PYTHON_STDLIB, RUBY_REQUIRE_GEMS, RUBY_STDLIB } from '../ecosystem/known';
import { LOCKFILE_HINT, lockfileFor, readManifests, type Ecosystem, type Manifest, type Manifests } from '../ecosystem/manifests';
import { basename, dirname, isDockerfile, plural } from './util';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const JS_FILE = /\.(m|c)?(j|t)sx?$/;
/** Language runtimes and the tools every image of the ecosystem has. */
const RUNTIMES = new Set(['node', 'npm', 'npx', 'python', 'python3', 'pip', 'go', 'java', 'ruby', 'bundle', 'rake', 'rails', 'php', 'composer', 'dotnet', 'sh', 'bash']);
/** Programs whose Debian/Alpine package has another name. */
const TOOL_PACKAGES: Record<string, string[]> = {
  convert: ['imagemagick', 'graphicsmagick-imagemagick-compat'],
  magick: ['imagemagick'],
  identify: ['imagemagick'],
  gs: ['ghostscript'],
  pdftotext: ['poppler-utils'],
  pdftoppm: ['poppler-utils'],
  soffice: ['libreoffice', 'libreoffice-core'],
  pg_dump: ['postgresql-client'],
  psql: ['postgresql-client'],
  mysqldump: ['default-mysql-client', 'mysql-client', 'mariadb-client'],
  wkhtmltopdf: ['wkhtmltopdf'],
};

function packageName(spec: string): string | undefined {
  if (!spec || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || /^[a-z]+:/.test(spec)) return undefined;
  if (/^[@~#]\//.test(spec) || spec.startsWith('~') || spec.startsWith('#')) return undefined; // path aliases
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The nearest manifest of an ecosystem at or above a file's folder. */
function nearest(file: string, manifests: Manifest[], test: (m: Manifest) => boolean): Manifest | undefined {
  let dir = dirname(file);
  for (;;) {
    const hit = manifests.find((m) => dirname(m.file) === dir && test(m));
    if (hit) return hit;
    if (!dir) return undefined;
    dir = dirname(dir);
  }
}

function undeclaredJs(input: ProjectInput, all: Manifests): Evidence[] {
  const out: Evidence[] = [];
  const pkgs = all.manifests.filter((m) => basename(m.file) === 'package.json');
  for (const [file, r] of input.results) {
    if (!JS_FILE.test(file) || !r.summary) continue;
    const pj = nearest(file, pkgs, () => true);
    if (!pj || pj.problem) continue;
    for (const spec of r.summary.imports) {
      const name = packageName(spec);
      if (!name || BUILTINS.has(name) || BUILTINS.has(spec) || pj.declared.has(name) || pj.declared.has(`@types/${name}`)) continue;
      out.push({ file, note: `imports "${name}", which ${pj.file} does not declare`, kind: 'finding', id: 'dependencies' });
    }
  }
  return out;
}

/** Everything the manifests and lockfiles of an ecosystem declare or pin, with the packages they bring along. */
function declaredIn(all: Manifests, eco: Ecosystem): { names: Set<string>; partial: boolean; any: boolean; unreadable: boolean } {
  const names = new Set<string>();
  const ms = all.manifests.filter((m) => m.ecosystem === eco);
  for (const m of ms) for (const d of m.declared) names.add(d);
  for (const l of all.lockfiles) if (l.ecosystem === eco) for (const p of l.packages) names.add(p);
  return { names, partial: ms.length > 0 && ms.every((m) => m.partial), any: ms.length > 0, unreadable: ms.some((m) => !!m.problem) };
}

function undeclaredPython(input: ProjectInput, all: Manifests): Evidence[] {
  const out: Evidence[] = [];
  const { names, partial, any, unreadable } = declaredIn(all, 'python');
  if (partial || unreadable) return out;
  for (const [dist, mods] of Object.entries(PYTHON_BUNDLED)) if (names.has(dist)) for (const m of mods) names.add(`import:${m}`);
  // Folders and modules of the project itself.
  const local = new Set<string>();
  for (const f of input.files) {
    if (!f.endsWith('.py')) continue;
    for (const part of f.split('/')) local.add(part.replace(/\.py$/, ''));
  }
  const seen = new Set<string>();
  for (const [file, r] of input.results) {
    if (r.summary?.language !== 'python') continue;
    for (const spec of r.summary.imports) {
      if (spec.startsWith('.')) continue;
      const top = spec.split('.')[0];
      if (!top || PYTHON_STDLIB.has(top) || PYTHON_ALWAYS.has(top) || local.has(top) || names.has(`import:${top}`)) continue;
      const n = normalizePythonName(top);
      const candidates = [n, `python-${n}`, `py${n}`, `${n}-python`, `django-${n}`, `flask-${n}`, ...(PYTHON_IMPORT_DISTS[top] ?? [])];
      if (candidates.some((c) => names.has(c)) || [...names].some((d) => d.startsWith(`${n}-`))) continue;
      if (top === 'google' && [...names].some((d) => d.startsWith('google-'))) continue;
      const key = `${file}:${top}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file, note: any ? `imports "${top}", which no Python manifest (requirements, pyproject.toml, Pipfile) declares` : `imports "${top}", but the project has no Python manifest (requirements.txt, pyproject.toml)`, kind: 'finding', id: 'dependencies' });
    }
  }
  return out;
}

function undeclaredGo(input: ProjectInput, all: Manifests): Evidence[] {
  const out: Evidence[] = [];
  const mods = all.manifests.filter((m) => m.ecosystem === 'go');
  for (const [file, r] of input.results) {
    if (r.summary?.language !== 'go') continue;
    const gm = nearest(file, mods, () => true);
    if (gm?.problem) continue;
    for (const path of r.summary.imports) {
      if (isGoStdlib(path)) continue;
      if (gm && [...gm.declared].some((d) => path === d || path.startsWith(d + '/'))) continue;
      out.push({ file, note: gm ? `imports "${path}", which ${gm.file} does not require` : `imports "${path}", but no go.mod declares the module's dependencies`, kind: 'finding', id: 'dependencies' });
    }
  }
  return out;
}

function undeclaredRuby(input: ProjectInput, all: Manifests): Evidence[] {
  const out: Evidence[] = [];
  const { names, partial, any, unreadable } = declaredIn(all, 'ruby');
  if (partial || unreadable) return out;
  const rubyFiles = input.files.filter((f) => /\.(rb|rake|ru)$/.test(f));
  for (const [file, r] of input.results) {
    if (r.summary?.language !== 'ruby') continue;
    for (const req of r.summary.imports) {
      const first = req.split('/')[0];
      if (!first || RUBY_STDLIB.has(first) || RUBY_STDLIB.has(req)) continue;
      // The app's own code on the load path (`require "shop/order"` for lib/shop/order.rb).
      if (rubyFiles.some((f) => f === `${req}.rb` || f.endsWith(`/${req}.rb`))) continue;
      const candidates = [first, first.replace(/_/g, '-'), first.replace(/_/g, ''), req.replace(/\//g, '-'), ...(RUBY_REQUIRE_GEMS[first] ?? [])];
      if (candidates.some((c) => names.has(c))) continue;
      out.push({ file, note: any ? `requires "${req}", which the Gemfile does not declare` : `requires "${req}", but the project has no Gemfile`, kind: 'finding', id: 'dependencies' });
    }
  }
  return out;
}

function manifestNote(m: Manifest): string {
  const kind: Record<Ecosystem, string> = { npm: 'npm', python: 'Python', go: 'Go module', maven: 'Maven', gradle: 'Gradle', ruby: 'Bundler', dotnet: '.NET project', php: 'Composer' };
  return `${kind[m.ecosystem]} dependency manifest`;
}

const check: ProjectCheck = {
  meta: { id: 'dependencies', factor: 2, description: 'Dependencies declared in a manifest and isolated by a lockfile.' },
  run(input) {
    const evidence: Evidence[] = [];
    const all = readManifests(input);
    const manifests = all.manifests;
    if (manifests.length === 0) {
      if (input.results.size === 0) return { status: 'unchecked', reason: 'No code or manifest found.', evidence };
      return { status: 'fail', reason: 'No dependency manifest (package.json, requirements.txt, pyproject.toml, go.mod, pom.xml, Gemfile, *.csproj, composer.json…): dependencies are implicit.', evidence };
    }
    const problems: Evidence[] = [];
    const unlocked: Evidence[] = [];
    const unpinned: Evidence[] = [];
    for (const m of manifests) {
      evidence.push({ file: m.file, note: manifestNote(m), kind: 'support' });
      if (m.problem) {
        problems.push({ file: m.file, line: m.problem.line, note: `${basename(m.file)} could not be read (${m.problem.message}): its dependencies were not checked`, kind: 'finding', id: 'dependencies' });
        continue;
      }
      if (!m.hasDependencies) continue;
      const lock = lockfileFor(m, all);
      const pinsItself = m.ecosystem === 'maven' || m.ecosystem === 'dotnet' || (m.ecosystem === 'gradle' && !lock) || m.selfPinned;
      if (m.unpinned.length && (pinsItself || (m.ecosystem === 'python' && basename(m.file).startsWith('requirements') && !lock))) {
        const names = m.unpinned.slice(0, 4).join(', ') + (m.unpinned.length > 4 ? '…' : '');
        unpinned.push({ file: m.file, note: `${plural(m.unpinned.length, 'dependency')} without a fixed version (${names}): pin ${m.ecosystem === 'python' ? 'them with == or compile the file with pip-compile' : 'exact versions'}`, kind: 'finding', id: 'dependencies' });
      } else if (!lock && !pinsItself) {
        unlocked.push({ file: m.file, note: `no lockfile pins these dependencies (${LOCKFILE_HINT[m.ecosystem]})`, kind: 'finding', id: 'dependencies' });
      }
    }
    for (const l of all.lockfiles) {
      if (l.problem) problems.push({ file: l.file, line: l.problem.line, note: `${basename(l.file)} could not be read (${l.problem.message})`, kind: 'finding', id: 'dependencies' });
      else evidence.push({ file: l.file, note: l.ecosystem === 'dotnet' ? 'NuGet lockfile' : 'lockfile', kind: 'support' });
    }
    for (const w of all.wrappers) evidence.push({ file: w, note: 'build-tool wrapper: pins the build tool version', kind: 'support' });
    if (manifests.some((m) => m.ecosystem === 'dotnet') && !all.lockfiles.some((l) => l.ecosystem === 'dotnet')) {
      evidence.push({ file: manifests.find((m) => m.ecosystem === 'dotnet')!.file, note: 'exact PackageReference versions pin the direct dependencies; packages.lock.json (RestorePackagesWithLockFile) is optional and would pin the transitive ones too', kind: 'info' });
    }

    const undeclared = [...undeclaredJs(input, all), ...undeclaredPython(input, all), ...undeclaredGo(input, all), ...undeclaredRuby(input, all)];
    const installed = new Set<string>();
    for (const d of input.files.filter(isDockerfile)) for (const p of dockerfileInfo(input, d).systemPackages) installed.add(p);
    for (const f of ['Aptfile', 'apt.txt', 'packages.txt']) for (const p of (input.read(f) ?? '').split(/\s+/)) if (p && !p.startsWith('#')) installed.add(p);
    const tools: Evidence[] = [];
    for (const [file, r] of input.results) {
      for (const t of r.summary?.shellTools ?? []) {
        if (RUNTIMES.has(t.tool)) continue;
        if (installed.has(t.tool) || (TOOL_PACKAGES[t.tool] ?? []).some((p) => installed.has(p))) continue;
        tools.push({ file, line: t.line, note: `runs the system tool "${t.tool}", which no manifest, Dockerfile or Aptfile declares`, kind: 'finding', id: 'dependencies' });
      }
    }
    evidence.push(...undeclared, ...problems, ...unpinned, ...unlocked, ...tools);
    if (undeclared.length) return { status: 'fail', reason: `${plural(undeclared.length, 'import')} of packages the manifest does not declare.`, evidence };
    const attention: string[] = [];
    if (problems.length) attention.push(`${plural(problems.length, 'manifest or lockfile')} could not be read (${problems.map((p) => basename(p.file)).join(', ')})`);
    if (unlocked.length) attention.push(unlocked.length === manifests.filter((m) => m.hasDependencies && !m.problem).length && unlocked.length === 1 ? 'A manifest but no lockfile: installs are not reproducible' : `${plural(unlocked.length, 'manifest')} without a lockfile (${unlocked.map((u) => u.file).join(', ')}): installs are not reproducible`);
    if (unpinned.length) attention.push(`${plural(unpinned.length, 'manifest')} with unpinned versions (${unpinned.map((u) => u.file).join(', ')})`);
    if (tools.length) attention.push(`the code runs ${plural(new Set(tools.map((t) => t.note)).size, 'undeclared system tool')}`);
    if (attention.length) {
      const reason = attention.join('; ');
      return { status: 'attention', reason: reason[0].toUpperCase() + reason.slice(1) + '.', evidence };
    }
    const locked = manifests.filter((m) => m.hasDependencies).every((m) => !!lockfileFor(m, all));
    return { status: 'pass', reason: locked ? 'Dependencies are declared in a manifest and pinned by a lockfile.' : 'Dependencies are declared in a manifest and pinned to exact versions.', evidence };
  },
};
export default check;
