/**
 * concurrency (Factor VIII): process types declared so each scales out; no self-daemonizing.
 * Evidence: Procfile entries, compose services, worker scripts; `nohup`, `pm2 start`, `forever start`.
 */
import type { Evidence, ProjectCheck, ProjectInput } from '../types';
import { composeServices, dockerfileCommands, isCompose, isDockerfile, isProcfile, lineOf, procfileEntries, readJson, scriptsOf, type StartCommand } from './util';

const DAEMONIZE = /(\bnohup\b|\bpm2 start\b(?![^&|;]*--no-daemon)|\bforever start\b|\bdaemonize\b|--daemon\b|\bstart-stop-daemon\b|&\s*$)/;
const WORKER_SCRIPT = /^(worker|workers|queue|jobs?|cron|scheduler|consumer|clock)(:|$)/;

function startCommands(input: ProjectInput): StartCommand[] {
  const out: StartCommand[] = [];
  for (const f of input.files) {
    if (/(^|\/)package\.json$/.test(f)) {
      for (const [name, cmd] of Object.entries(scriptsOf(readJson(input, f)))) {
        if (name === 'start' || WORKER_SCRIPT.test(name) || name.startsWith('start:')) out.push({ file: f, line: lineOf(input, f, `"${name}"`) ?? 1, label: `scripts.${name}`, command: cmd });
      }
    } else if (isProcfile(f)) out.push(...procfileEntries(input, f));
    else if (isDockerfile(f)) out.push(...dockerfileCommands(input, f));
  }
  return out;
}

const check: ProjectCheck = {
  meta: { id: 'concurrency', factor: 8, description: 'Work is split into process types that scale out; processes never daemonize themselves.' },
  run(input) {
    const evidence: Evidence[] = [];
    const types = new Set<string>();
    for (const f of input.files) {
      if (isProcfile(f)) {
        for (const e of procfileEntries(input, f)) {
          types.add(e.label);
          evidence.push({ file: f, line: e.line, note: `process type "${e.label}"`, kind: 'support' });
        }
      } else if (isCompose(f)) {
        for (const s of composeServices(input, f)) evidence.push({ file: f, line: lineOf(input, f, `${s.name}:`), note: `compose service "${s.name}"`, kind: 'info' });
      } else if (/(^|\/)package\.json$/.test(f)) {
        for (const name of Object.keys(scriptsOf(readJson(input, f)))) {
          if (WORKER_SCRIPT.test(name)) {
            types.add(name);
            evidence.push({ file: f, line: lineOf(input, f, `"${name}"`), note: `process type "${name}" (package script)`, kind: 'support' });
          }
        }
      }
    }
    const daemons = startCommands(input).filter((s) => DAEMONIZE.test(s.command));
    for (const d of daemons) evidence.push({ file: d.file, line: d.line, note: `${d.label} daemonizes the process ("${d.command.match(DAEMONIZE)![0].trim()}"): run it in the foreground and let the process manager supervise it`, kind: 'finding', id: 'concurrency' });
    if (daemons.length) return { status: 'fail', reason: 'A start command daemonizes the process instead of running in the foreground.', evidence };
    if (types.size) return { status: 'pass', reason: `Process types are declared: ${[...types].join(', ')}.`, evidence };
    return { status: 'attention', reason: 'No process types are declared (Procfile or worker scripts): declare each kind of work so it can scale on its own.', evidence };
  },
};
export default check;
