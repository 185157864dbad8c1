/**
 * codebase (Factor I): one codebase in version control, one app per codebase.
 * Evidence: a git work tree at the root; several apps' deploy files in one repository are noted.
 */
import type { Evidence, ProjectCheck } from '../types';
import { dirname, isDockerfile, isProcfile, readJson, scriptsOf } from './util';

const check: ProjectCheck = {
  meta: { id: 'codebase', factor: 1, description: 'One app in one version-controlled codebase.' },
  run(input) {
    const appDirs = new Map<string, string>();
    for (const f of input.files) {
      if (isDockerfile(f) || isProcfile(f)) appDirs.set(dirname(f), f);
      else if (/(^|\/)package\.json$/.test(f)) {
        const s = scriptsOf(readJson(input, f));
        if (s.start) appDirs.set(dirname(f), f);
      }
    }
    const evidence: Evidence[] = [...appDirs.values()].map((file) => ({ file, note: 'deploy or start definition of an app', kind: 'info' }));
    if (!input.hasGit) {
      return { status: 'attention', reason: 'The folder is not a git work tree: keep the codebase in version control.', evidence };
    }
    evidence.unshift({ file: '.git', note: 'tracked in git', kind: 'support' });
    if (appDirs.size > 1) {
      const dirs = [...appDirs.keys()].map((d) => d || '.').join(', ');
      return { status: 'attention', reason: `${appDirs.size} apps are deployed from this one repository (${dirs}): each app should be its own codebase, sharing code as libraries.`, evidence };
    }
    return { status: 'pass', reason: 'One app, tracked in git.', evidence };
  },
};
export default check;
