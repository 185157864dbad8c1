/**
 * concurrency (Factor VIII): process types declared so each scales out; no self-daemonizing.
 * Process types: Procfile entries, compose services built from the repository, worker package
 * scripts, job runners started by any deploy file (Celery, RQ, Dramatiq, Sidekiq, Resque, Delayed
 * Job, GoodJob, Solid Queue, Laravel queue workers and Horizon, Symfony Messenger), Go `cmd/<name>`
 * binaries and .NET Worker Service projects. Daemonizing: `nohup`, a trailing `&`, `pm2 start`,
 * `forever start`, `start-stop-daemon`, `service … start`, the daemon flags of gunicorn, Unicorn,
 * Puma, Rails, Sidekiq, Thin, Celery and php-fpm, and in code Puma's `daemonize`, Ruby's
 * `Process.daemon`, gunicorn's `daemon = True` and Python's `DaemonContext`.
 */
import type { Evidence, ProjectCheck } from '../types';
import { composeFile, daemonizes, programOf, serverOf, startCommands, WORKER_SCRIPT } from '../ecosystem/commands';
import { readManifests } from '../ecosystem/manifests';
import { isCompose, lineOf, readJson, scriptsOf } from './util';

const check: ProjectCheck = {
  meta: { id: 'concurrency', factor: 8, description: 'Work is split into process types that scale out; processes never daemonize themselves.' },
  run(input) {
    const evidence: Evidence[] = [];
    const types = new Set<string>();
    const addType = (name: string, ev: Evidence) => {
      if (!types.has(name)) evidence.push(ev);
      types.add(name);
    };
    const commands = startCommands(input);
    for (const c of commands) {
      if (c.source === 'procfile' && !c.release) addType(c.label, { file: c.file, line: c.line, note: `process type "${c.label}"`, kind: 'support' });
    }
    for (const f of input.files) {
      if (isCompose(f)) {
        const { services, problem } = composeFile(input, f);
        if (problem) evidence.push({ file: f, note: problem, kind: 'info' });
        for (const s of services) {
          if (s.built) addType(s.name, { file: f, line: s.line, note: `process type "${s.name}" (compose service built from this repository)`, kind: 'support' });
          else evidence.push({ file: f, line: s.line, note: `compose service "${s.name}"${s.image ? ` (${s.image})` : ''}`, kind: 'info' });
        }
      } else if (/(^|\/)package\.json$/.test(f)) {
        for (const name of Object.keys(scriptsOf(readJson(input, f)))) {
          if (WORKER_SCRIPT.test(name)) addType(name, { file: f, line: lineOf(input, f, `"${name}"`), note: `process type "${name}" (package script)`, kind: 'support' });
        }
      } else {
        const cmd = /(^|\/)cmd\/([^/]+)\/main\.go$/.exec(f);
        if (cmd) addType(cmd[2], { file: f, note: `process type "${cmd[2]}" (Go command)`, kind: 'support' });
      }
    }
    for (const m of readManifests(input).manifests) {
      if (m.sdk === 'Microsoft.NET.Sdk.Worker') addType('worker', { file: m.file, note: 'worker process type (.NET Worker Service)', kind: 'support' });
    }
    for (const c of commands) {
      if (c.release) continue;
      for (const sc of c.commands) {
        const p = programOf(sc);
        const server = p && serverOf(p);
        if (server && server.role !== 'web' && !types.has(c.processType ?? '')) addType(server.name, { file: c.file, line: c.line, note: `${server.role} process: ${server.name}`, kind: 'support' });
      }
    }
    for (const [file, r] of input.results) {
      for (const w of r.summary?.inProcessWorkers ?? []) evidence.push({ file, line: w.line, note: `${w.what} runs background jobs inside the web process: to scale jobs on their own, run them in a separate worker process type`, kind: 'info' });
    }

    let daemons = 0;
    for (const c of commands) {
      c.commands.forEach((sc, i) => {
        const why = daemonizes(sc, i === c.commands.length - 1);
        if (!why) return;
        daemons++;
        const where = c.via ? `${c.label} (run by ${c.via})` : c.label;
        evidence.push({ file: c.file, line: c.line, note: `${where} daemonizes the process ("${why}"): run it in the foreground and let the process manager supervise it`, kind: 'finding', id: 'concurrency' });
      });
    }
    for (const [file, r] of input.results) {
      for (const d of r.summary?.daemonizes ?? []) {
        daemons++;
        evidence.push({ file, line: d.line, note: `${d.what} detaches the process into the background: run it in the foreground and let the process manager supervise it`, kind: 'finding', id: 'concurrency' });
      }
    }
    if (daemons) return { status: 'fail', reason: 'A start command daemonizes the process instead of running in the foreground.', evidence };
    if (types.size) return { status: 'pass', reason: `Process types are declared: ${[...types].join(', ')}.`, evidence };
    return { status: 'attention', reason: 'No process types are declared (Procfile, compose services, worker scripts or commands): declare each kind of work so it can scale on its own.', evidence };
  },
};
export default check;
