/**
 * codebase (Factor I): one codebase in version control, one app per codebase.
 * Evidence: a git work tree at the root. Several apps in one repository are noted: folders with their
 * own deploy files (Dockerfile, Procfile, fly.toml, heroku.yml, a package.json start script), and,
 * outside those folders, the apps each ecosystem marks as deployable: a Django `manage.py`, a Rack
 * `config.ru`, a Spring Boot build, an ASP.NET Core (`Microsoft.NET.Sdk.Web`) project, a Laravel
 * `artisan` or `public/index.php` beside `composer.json`, a Go module that starts a server. Worker
 * projects (`Microsoft.NET.Sdk.Worker`) and Go `cmd/<name>` binaries are process types of one app,
 * not apps of their own.
 */
import type { Evidence, ProjectCheck } from '../types';
import { readManifests } from '../ecosystem/manifests';
import { basename, dirname, isDockerfile, isProcfile, readJson, scriptsOf } from './util';

function within(file: string, dir: string): boolean {
  return !dir || file === dir || file.startsWith(dir + '/');
}

const check: ProjectCheck = {
  meta: { id: 'codebase', factor: 1, description: 'One app in one version-controlled codebase.' },
  run(input) {
    const appDirs = new Map<string, string>();
    for (const f of input.files) {
      if (isDockerfile(f) || isProcfile(f) || /(^|\/)(fly\.toml|heroku\.yml)$/.test(f)) appDirs.set(dirname(f), f);
      else if (/(^|\/)package\.json$/.test(f)) {
        const s = scriptsOf(readJson(input, f));
        if (s.start) appDirs.set(dirname(f), f);
      }
    }
    // Ecosystem markers count where no deploy file already covers the folder, above or below it.
    const markers = new Map<string, string>();
    const files = new Set(input.files);
    for (const f of input.files) {
      const name = basename(f);
      const dir = dirname(f);
      const sibling = (n: string) => files.has(dir ? `${dir}/${n}` : n);
      if (name === 'manage.py' || name === 'config.ru' || (name === 'composer.json' && (sibling('artisan') || sibling('public/index.php')))) markers.set(dir, f);
    }
    for (const m of readManifests(input).manifests) {
      const dir = dirname(m.file);
      if (m.sdk === 'Microsoft.NET.Sdk.Web' || ((m.ecosystem === 'maven' || m.ecosystem === 'gradle') && m.springBootVersion)) markers.set(dir, m.file);
      if (m.ecosystem === 'go') {
        const serves = [...input.results].some(([f, r]) => within(f, dir) && (r.summary?.serverStarts.length ?? 0) > 0);
        if (serves) markers.set(dir, m.file);
      }
    }
    const markerDirs = [...markers.keys()].sort((a, b) => a.length - b.length);
    const kept: string[] = [];
    for (const d of markerDirs) {
      const coveredByDeploy = [...appDirs.keys()].some((a) => within(d, a) || within(a, d));
      const nested = kept.some((k) => within(d, k));
      if (!coveredByDeploy && !nested) kept.push(d);
    }
    for (const d of kept) appDirs.set(d, markers.get(d)!);

    const evidence: Evidence[] = [...appDirs.values()].map((file) => ({ file, note: 'deploy or start definition of an app', kind: 'info' }));
    if (!input.hasGit) {
      return { status: 'attention', reason: 'The folder is not a git work tree: keep the codebase in version control.', evidence };
    }
    evidence.unshift({ file: '.git', note: 'tracked in git', kind: 'support' });
    if (appDirs.size > 1) {
      const dirs = [...appDirs.keys()].map((d) => d || '.').sort().join(', ');
      return { status: 'attention', reason: `${appDirs.size} apps are deployed from this one repository (${dirs}): each app should be its own codebase, sharing code as libraries.`, evidence };
    }
    return { status: 'pass', reason: 'One app, tracked in git.', evidence };
  },
};
export default check;
