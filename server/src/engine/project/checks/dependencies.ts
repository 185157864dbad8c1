/**
 * dependencies (Factor II): dependencies declared in a manifest and pinned by a lockfile; no
 * undeclared packages imported; system tools run from code are implicit dependencies.
 */
import { builtinModules } from 'node:module';
import type { Evidence, ProjectCheck, ProjectInput } from '../types';
import { basename, dirname, isDockerfile, plural, readJson } from './util';

const MANIFESTS = /^(package\.json|requirements(-\w+)?\.txt|pyproject\.toml|Pipfile|setup\.py|go\.mod|pom\.xml|build\.gradle(\.kts)?|Gemfile|composer\.json|[\w.-]+\.csproj)$/;
const LOCKFILES = /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|poetry\.lock|Pipfile\.lock|uv\.lock|go\.sum|Gemfile\.lock|composer\.lock|packages\.lock\.json|gradle\.lockfile)$/;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const JS_FILE = /\.(m|c)?(j|t)sx?$/;

function packageName(spec: string): string | undefined {
  if (!spec || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || /^[a-z]+:/.test(spec)) return undefined;
  if (/^[@~#]\//.test(spec) || spec.startsWith('~') || spec.startsWith('#')) return undefined; // path aliases
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function nearestPackageJson(input: ProjectInput, file: string, manifests: Set<string>): string | undefined {
  let dir = dirname(file);
  for (;;) {
    const candidate = dir ? `${dir}/package.json` : 'package.json';
    if (manifests.has(candidate)) return candidate;
    if (!dir) return undefined;
    dir = dirname(dir);
  }
}

function declared(pkg: Record<string, unknown> | undefined): Set<string> {
  const out = new Set<string>();
  for (const k of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const d = pkg?.[k];
    if (d && typeof d === 'object') for (const name of Object.keys(d)) out.add(name);
  }
  if (typeof pkg?.name === 'string') out.add(pkg.name);
  return out;
}

const check: ProjectCheck = {
  meta: { id: 'dependencies', factor: 2, description: 'Dependencies declared in a manifest and isolated by a lockfile.' },
  run(input) {
    const evidence: Evidence[] = [];
    const manifests = input.files.filter((f) => MANIFESTS.test(basename(f)));
    const lockfiles = input.files.filter((f) => LOCKFILES.test(basename(f)));
    if (manifests.length === 0) {
      if (input.results.size === 0) return { status: 'unchecked', reason: 'No code or manifest found.', evidence };
      return { status: 'fail', reason: 'No dependency manifest (package.json, requirements.txt, go.mod…): dependencies are implicit.', evidence };
    }
    for (const m of manifests) evidence.push({ file: m, note: 'dependency manifest', kind: 'support' });
    for (const l of lockfiles) evidence.push({ file: l, note: 'lockfile', kind: 'support' });

    const pkgs = new Set(manifests.filter((m) => basename(m) === 'package.json'));
    const declaredCache = new Map<string, Set<string>>();
    const undeclared: Evidence[] = [];
    for (const [file, r] of input.results) {
      if (!JS_FILE.test(file) || !r.summary) continue;
      const pj = nearestPackageJson(input, file, pkgs);
      if (!pj) continue;
      let names = declaredCache.get(pj);
      if (!names) {
        names = declared(readJson(input, pj));
        declaredCache.set(pj, names);
      }
      for (const spec of r.summary.imports) {
        const name = packageName(spec);
        if (!name || BUILTINS.has(name) || BUILTINS.has(spec) || names.has(name) || names.has(`@types/${name}`)) continue;
        undeclared.push({ file, note: `imports "${name}", which ${pj} does not declare`, kind: 'finding', id: 'dependencies' });
      }
    }
    const dockerInstalls = input.files.filter(isDockerfile).flatMap((d) => {
      const text = input.read(d) ?? '';
      return [...text.matchAll(/(apt-get|apk|yum|dnf)\s+(install|add)\s+([^\n&|;]+)/g)].flatMap((m) => m[3].split(/\s+/));
    });
    const aptfile = (input.read('Aptfile') ?? '').split(/\s+/);
    const tools: Evidence[] = [];
    for (const [file, r] of input.results) {
      for (const t of r.summary?.shellTools ?? []) {
        if (['node', 'npm', 'python', 'python3', 'go', 'java', 'ruby', 'php', 'dotnet'].includes(t.tool)) continue;
        if (dockerInstalls.includes(t.tool) || aptfile.includes(t.tool)) continue;
        tools.push({ file, line: t.line, note: `runs the system tool "${t.tool}", which no manifest, Dockerfile or Aptfile declares`, kind: 'finding', id: 'dependencies' });
      }
    }
    evidence.push(...undeclared, ...tools);
    if (undeclared.length) return { status: 'fail', reason: `${plural(undeclared.length, 'import')} of packages the manifest does not declare.`, evidence };
    if (lockfiles.length === 0) return { status: 'attention', reason: 'A manifest but no lockfile: installs are not reproducible.', evidence };
    if (tools.length) return { status: 'attention', reason: `The code runs ${plural(new Set(tools.map((t) => t.note)).size, 'undeclared system tool')}.`, evidence };
    return { status: 'pass', reason: 'Dependencies are declared in a manifest and pinned by a lockfile.', evidence };
  },
};
export default check;
