/**
 * build-release-run (Factor V): build steps never run when the app starts. Evidence: the start
 * commands of package.json, the Procfile, the Dockerfile's CMD/ENTRYPOINT and the scripts they run,
 * checked for each ecosystem's install and build steps (`npm install`, `tsc`, `pip install`,
 * `poetry install`, `go build`/`go run`, `mvn package`, `gradle bootRun`, `bundle install`,
 * `rails assets:precompile`, `composer install`, `dotnet build`/`dotnet run`…); a separate build
 * script or build steps in the Dockerfile's RUN lines support the factor. Compose commands are the
 * local development setup and are not checked here.
 */
import { DockerfileParser } from 'dockerfile-ast';
import type { Evidence, ProjectCheck, ProjectInput } from '../types';
import { buildStep, programOf, splitCommandLine, startCommands, type StartCommand } from '../ecosystem/commands';
import { isDockerfile, lineOf, readJson, scriptsOf } from './util';

/** RUN lines that build or install: the image is the build stage. */
function dockerBuildSteps(input: ProjectInput, file: string): Evidence[] {
  const out: Evidence[] = [];
  try {
    for (const ins of DockerfileParser.parse(input.read(file) ?? '').getInstructions()) {
      if (ins.getKeyword().toUpperCase() !== 'RUN') continue;
      for (const sc of splitCommandLine((ins.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' '))) {
        const p = programOf(sc);
        const step = p && buildStep(p);
        if (step) {
          out.push({ file, line: ins.getRange().start.line + 1, note: `builds in the image (RUN ${step})`, kind: 'support' });
          break;
        }
      }
    }
  } catch {
    // an unreadable Dockerfile shows no build steps
  }
  return out;
}

function firstBuildStep(c: StartCommand): string | undefined {
  for (const sc of c.commands) {
    const p = programOf(sc);
    const step = p && buildStep(p);
    if (step) return step;
  }
  return undefined;
}

const check: ProjectCheck = {
  meta: { id: 'build-release-run', factor: 5, description: 'Build, release and run stages are separate: nothing is built at start-up.' },
  run(input) {
    const evidence: Evidence[] = [];
    let buildScript = false;
    let imageBuild = false;
    for (const f of input.files) {
      if (/(^|\/)package\.json$/.test(f)) {
        if (scriptsOf(readJson(input, f)).build) {
          buildScript = true;
          evidence.push({ file: f, line: lineOf(input, f, '"build"'), note: 'a separate build script', kind: 'support' });
        }
      } else if (isDockerfile(f)) {
        const steps = dockerBuildSteps(input, f);
        if (steps.length) imageBuild = true;
        evidence.push(...steps.slice(0, 3));
      }
    }
    const starts = startCommands(input).filter((s) => !s.release && s.origin !== 'compose' && !(s.source === 'package' && s.label !== 'scripts.start' && s.label !== 'scripts.prestart'));
    let bad = 0;
    // A command whose script builds does not "only run the app".
    const buildingScripts = new Set(starts.filter((s) => s.via && firstBuildStep(s)).map((s) => s.via));
    for (const s of starts) {
      const step = firstBuildStep(s);
      const where = s.via ? `${s.label} (run by ${s.via})` : s.label;
      if (buildingScripts.has(`${s.label} in ${s.file}`)) continue;
      if (step) {
        bad++;
        evidence.push({ file: s.file, line: s.line, note: `${where} builds at start-up ("${step}"): build once, in the build stage`, kind: 'finding', id: 'build-release-run' });
      } else if (s.source !== 'script') evidence.push({ file: s.file, line: s.line, note: `${where} only runs the app`, kind: 'support' });
    }
    if (bad) return { status: 'fail', reason: 'The start command installs or builds: a release must run what the build stage produced.', evidence };
    if (starts.length === 0) return { status: 'unchecked', reason: 'No start command found (Procfile, Dockerfile CMD, package.json start).', evidence };
    const how = buildScript ? '; building is a separate script' : imageBuild ? '; the image build installs and builds' : '';
    return { status: 'pass', reason: `Start commands only run the app${how}.`, evidence };
  },
};
export default check;
