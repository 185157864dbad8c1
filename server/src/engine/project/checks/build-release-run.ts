/**
 * build-release-run (Factor V): build steps never run when the app starts. Evidence: the start
 * command of package.json, the Procfile and the Dockerfile's CMD/ENTRYPOINT, and a separate build script.
 */
import type { Evidence, ProjectCheck } from '../types';
import { dockerfileCommands, isDockerfile, isProcfile, lineOf, procfileEntries, readJson, scriptsOf, type StartCommand } from './util';

const BUILD_STEP = /\b(npm (install|ci|i)\b|yarn( install)?(\s*$|\s*&&)|pnpm (install|i)\b|npm run build|yarn build|pnpm build|tsc\b|webpack\b|vite build|next build|nest build|ng build|pip3? install|poetry install|go build|mvn (package|install)|gradle(w)? (build|assemble)|bundle install|composer install|dotnet (build|publish|restore))/;

const check: ProjectCheck = {
  meta: { id: 'build-release-run', factor: 5, description: 'Build, release and run stages are separate: nothing is built at start-up.' },
  run(input) {
    const evidence: Evidence[] = [];
    const starts: StartCommand[] = [];
    let buildScript = false;
    for (const f of input.files) {
      if (/(^|\/)package\.json$/.test(f)) {
        const scripts = scriptsOf(readJson(input, f));
        if (scripts.start) starts.push({ file: f, line: lineOf(input, f, '"start"') ?? 1, label: 'scripts.start', command: scripts.start });
        if (scripts.prestart) starts.push({ file: f, line: lineOf(input, f, '"prestart"') ?? 1, label: 'scripts.prestart', command: scripts.prestart });
        if (scripts.build) {
          buildScript = true;
          evidence.push({ file: f, line: lineOf(input, f, '"build"'), note: 'a separate build script', kind: 'support' });
        }
      } else if (isProcfile(f)) starts.push(...procfileEntries(input, f).filter((e) => e.label !== 'release'));
      else if (isDockerfile(f)) starts.push(...dockerfileCommands(input, f));
    }
    const bad = starts.filter((s) => BUILD_STEP.test(s.command));
    for (const s of starts) {
      if (BUILD_STEP.test(s.command)) evidence.push({ file: s.file, line: s.line, note: `${s.label} builds at start-up ("${s.command.match(BUILD_STEP)![0]}"): build once, in the build stage`, kind: 'finding', id: 'build-release-run' });
      else evidence.push({ file: s.file, line: s.line, note: `${s.label} only runs the app`, kind: 'support' });
    }
    if (bad.length) return { status: 'fail', reason: 'The start command installs or builds: a release must run what the build stage produced.', evidence };
    if (starts.length === 0) return { status: 'unchecked', reason: 'No start command found (package.json start, Procfile, Dockerfile CMD).', evidence };
    return { status: 'pass', reason: buildScript ? 'Start commands only run the app; building is a separate script.' : 'Start commands only run the app.', evidence };
  },
};
export default check;
