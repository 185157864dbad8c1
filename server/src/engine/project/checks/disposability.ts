/**
 * disposability (Factor IX): every server entry point shuts down gracefully on SIGTERM.
 *
 * Servers started in code, per language:
 * - JavaScript/TypeScript, Python, Ruby, PHP, Java (non-Spring): a handler for SIGTERM
 *   (`process.on('SIGTERM')`, `signal.signal(signal.SIGTERM, …)`, `trap("TERM")`, `pcntl_signal(SIGTERM, …)`,
 *   `Runtime.addShutdownHook`) in the file or a module it imports; a handler for SIGINT alone is a
 *   finding, as platforms stop processes with SIGTERM.
 * - Go: `signal.Notify`/`NotifyContext` with `syscall.SIGTERM` in the package, and a `Shutdown` call
 *   on the server; `http.ListenAndServe` and gin's `Run` cannot be shut down gracefully.
 * - Java Spring Boot: `server.shutdown=graceful`, the default from Spring Boot 3.4.
 * - C#: the .NET generic host (`app.Run()`) stops Kestrel gracefully on SIGTERM: passing, with that reason.
 * - Python: uvicorn and aiohttp's `run_app` drain on SIGTERM; Flask's `app.run` is a development server
 *   (not a finding when it only runs under `if __name__ == "__main__":` and a production server serves the app).
 *
 * Servers started by deploy files: gunicorn, uvicorn, Puma, Sidekiq, Celery, RQ, queue workers… drain
 * on SIGTERM; Unicorn, Thin, Resque and php-fpm drain on SIGQUIT and Apache on SIGWINCH, so they need
 * that STOPSIGNAL (set by the official php and httpd images) or, for Unicorn, a TERM trap in its
 * config; development servers (`manage.py runserver`, `flask run`, `php artisan serve`, `php -S`) are findings.
 */
import { isTestPath } from '../../files';
import type { Evidence, ProjectCheck, ProjectInput } from '../types';
import type { FileSummary } from '../summary';
import { programOf, serverOf, startCommands } from '../ecosystem/commands';
import { commandTargets } from '../ecosystem/entries';
import { readManifests } from '../ecosystem/manifests';
import { springSettings, versionAtLeast } from '../ecosystem/settings';
import { dirname, plural } from './util';

/** Resolves a relative JS/TS import to a project file, trying the usual extensions. */
function resolveJsImport(from: string, spec: string, files: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = normalize(dirname(from) ? dirname(from) + '/' + spec : spec).replace(/\.(js|mjs|cjs)$/, '');
  for (const ext of ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.mts', '.cts', '/index.ts', '/index.js']) if (files.has(base + ext)) return base + ext;
  return undefined;
}

/** Resolves a Python import (`app.shutdown`, `.signals`) to a project file. */
function resolvePyImport(from: string, spec: string, files: Set<string>): string | undefined {
  const dots = /^\.*/.exec(spec)![0].length;
  let dir = dirname(from);
  for (let i = 1; i < dots; i++) dir = dirname(dir);
  const rel = spec.slice(dots).split('.').filter(Boolean).join('/');
  const roots = dots ? [dir] : ['', dirname(from), 'src'];
  for (const r of roots) {
    const base = normalize(r ? `${r}/${rel}` : rel);
    for (const c of [`${base}.py`, `${base}/__init__.py`]) if (files.has(c)) return c;
  }
  return undefined;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

type Handling = { state: 'term'; file: string; line?: number } | { state: 'int-only'; file: string; line?: number } | { state: 'none' };

/** The strongest SIGTERM handling among a set of files. */
function handlingIn(input: ProjectInput, files: Iterable<string>): Handling {
  let intOnly: Handling | undefined;
  for (const f of files) {
    for (const h of input.results.get(f)?.summary?.shutdownHandlers ?? []) {
      if (h.signals.includes('TERM') || h.signals.includes('*')) return { state: 'term', file: f, line: h.line };
      if (h.signals.includes('INT')) intOnly ??= { state: 'int-only', file: f, line: h.line };
    }
  }
  return intOnly ?? { state: 'none' };
}

/** Files whose handlers count for a server started in `file`: the file, its local imports, its package or project. */
function relatedFiles(input: ProjectInput, file: string, s: FileSummary): string[] {
  const files = new Set(input.results.keys());
  const out = [file];
  switch (s.language) {
    case 'javascript':
    case 'typescript':
      for (const spec of s.imports) {
        const t = resolveJsImport(file, spec, files);
        if (t) out.push(t);
      }
      break;
    case 'python':
      for (const spec of s.imports) {
        const t = resolvePyImport(file, spec, files);
        if (t) out.push(t);
      }
      break;
    case 'ruby':
      for (const req of s.localRequires ?? []) {
        const t = normalize(`${dirname(file)}/${req.endsWith('.rb') ? req : req + '.rb'}`);
        if (files.has(t)) out.push(t);
      }
      break;
    case 'go':
      // A Go package is its folder.
      for (const f of files) if (f !== file && f.endsWith('.go') && dirname(f) === dirname(file)) out.push(f);
      break;
    case 'java':
    case 'csharp':
      // A JVM shutdown hook or a .NET ProcessExit handler is process-wide: any file of the app counts.
      for (const [f, r] of input.results) if (f !== file && r.summary?.language === s.language) out.push(f);
      break;
    default:
      break;
  }
  return out;
}

const check: ProjectCheck = {
  meta: { id: 'disposability', factor: 9, description: 'Processes start fast and shut down gracefully on SIGTERM.' },
  run(input) {
    const evidence: Evidence[] = [];
    let entries = 0;
    let noHandler = 0;
    let other = 0;
    const finding = (file: string, line: number | undefined, note: string, kind: 'none' | 'other') => {
      entries++;
      if (kind === 'none') noHandler++;
      else other++;
      evidence.push({ file, line, note, kind: 'finding', id: 'disposability' });
    };
    const support = (file: string, line: number | undefined, note: string) => {
      entries++;
      evidence.push({ file, line, note, kind: 'support' });
    };

    const commands = startCommands(input).filter((c) => !c.release && c.origin !== 'compose');
    const servedByAppServer = commands.some((c) => c.commands.some((sc) => {
      const p = programOf(sc);
      const s = p && serverOf(p);
      return !!s && s.role === 'web' && s.stop !== 'dev';
    }));
    const targets = commandTargets(input);
    const runDirectly = new Set(targets.filter((t) => t.direct).map((t) => t.file));
    const spring = springSettings(input);
    const bootVersion = readManifests(input).manifests.map((m) => m.springBootVersion).find((v) => v);

    for (const [file, r] of input.results) {
      const s = r.summary;
      if (!s || s.serverStarts.length === 0 || isTestPath(file)) continue;
      const start = s.serverStarts[0];
      const kinds = new Set(s.serverStarts.map((x) => x.kind));
      if (kinds.has('unstoppable')) {
        const u = s.serverStarts.find((x) => x.kind === 'unstoppable')!;
        finding(file, u.line, `${u.call}() cannot be shut down gracefully: start an http.Server and call its Shutdown(ctx) on SIGTERM, so deploys do not drop requests`, 'other');
        continue;
      }
      if (kinds.has('self-draining')) {
        const x = s.serverStarts.find((y) => y.kind === 'self-draining')!;
        support(file, x.line, `${x.call}() handles SIGTERM itself: it stops accepting connections and finishes in-flight requests`);
        continue;
      }
      if (kinds.has('generic-host')) {
        const x = s.serverStarts.find((y) => y.kind === 'generic-host')!;
        support(file, x.line, 'the .NET generic host stops on SIGTERM: Kestrel stops accepting connections and in-flight requests finish within HostOptions.ShutdownTimeout');
        continue;
      }
      if (kinds.has('spring')) {
        const setting = spring.map((f) => ({ f, v: f.values.get('server.shutdown') })).find((x) => x.v && (!x.f.profile || /^(prod|production)$/i.test(x.f.profile)));
        if (setting?.v?.value.toLowerCase() === 'graceful') support(setting.f.file, setting.v.line, `server.shutdown=graceful: Spring Boot drains requests on SIGTERM for the server in ${file}`);
        else if (setting?.v?.value.toLowerCase() === 'immediate') finding(setting.f.file, setting.v.line, 'server.shutdown=immediate stops the server without finishing in-flight requests: use server.shutdown=graceful', 'other');
        else if (versionAtLeast(bootVersion, '3.4')) support(file, start.line, `Spring Boot ${bootVersion} shuts down gracefully by default (server.shutdown=graceful since 3.4)`);
        else finding(file, start.line, `Spring Boot ${bootVersion ? bootVersion + ' ' : ''}stops the web server at once on SIGTERM: set server.shutdown=graceful (the default from Spring Boot 3.4) so in-flight requests finish`, 'other');
        continue;
      }
      if (kinds.has('dev') && kinds.size === 1) {
        const d = s.serverStarts[0];
        if (d.mainGuard && !runDirectly.has(file) && servedByAppServer) {
          evidence.push({ file, line: d.line, note: `${d.call}() is the development server, run only as a script: production serves the app with an app server`, kind: 'info' });
          continue;
        }
        finding(file, d.line, `${d.call}() starts Flask's development server, which drops requests on SIGTERM: serve the app with gunicorn (it drains on SIGTERM)`, 'other');
        continue;
      }
      const handling = handlingIn(input, relatedFiles(input, file, s));
      if (kinds.has('stoppable')) {
        const stops = relatedFiles(input, file, s).some((f) => (input.results.get(f)?.summary?.gracefulStops.length ?? 0) > 0);
        if (handling.state === 'term' && stops) support(handling.file, handling.line, `catches SIGTERM and shuts the server in ${file} down gracefully`);
        else if (handling.state === 'term') finding(file, start.line, 'catches SIGTERM but never calls the server\'s Shutdown(ctx): in-flight requests are cut off', 'other');
        else if (handling.state === 'int-only') finding(handling.file, handling.line, 'handles only SIGINT (os.Interrupt): platforms stop processes with SIGTERM; notify on syscall.SIGTERM too', 'other');
        else finding(file, start.line, 'starts a server but never handles SIGTERM: call signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM) and srv.Shutdown(ctx) so deploys do not drop requests', 'none');
        continue;
      }
      if (handling.state === 'term') support(handling.file, handling.line, `handles SIGTERM/SIGINT for the server in ${file}`);
      else if (handling.state === 'int-only') finding(handling.file, handling.line, `handles only SIGINT for the server in ${file}: platforms stop processes with SIGTERM; handle SIGTERM too`, 'other');
      else finding(file, start.line, 'starts a server but never handles SIGTERM: close the server and connections on SIGTERM so deploys do not drop requests', 'none');
    }

    const rubyTrapsTerm = [...input.results].some(([, r]) => r.summary?.language === 'ruby' && r.summary.shutdownHandlers.some((h) => h.signals.includes('TERM')));
    const seen = new Set<string>();
    for (const c of commands) {
      for (const sc of c.commands) {
        const p = programOf(sc);
        const server = p && serverOf(p);
        if (!server) continue;
        const key = `${c.file}:${c.line}:${server.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const where = c.via ? `${c.label} (run by ${c.via})` : c.label;
        if (server.stop === 'TERM') support(c.file, c.line, `${where} runs ${server.name}, which drains on SIGTERM`);
        else if (server.stop === 'dev') finding(c.file, c.line, `${where} runs the development server (${server.name}), which drops requests on SIGTERM: run a production server`, 'other');
        else if (c.stopSignal === `SIG${server.stop}`) support(c.file, c.line, `${where} runs ${server.name}, which drains on SIG${server.stop}, the image's STOPSIGNAL`);
        else if (server.name === 'Unicorn' && rubyTrapsTerm) support(c.file, c.line, `${where} runs Unicorn, and its config traps TERM to stop gracefully`);
        else finding(c.file, c.line, `${where} runs ${server.name}, which stops at once on SIGTERM (it drains on SIG${server.stop}): ${c.origin === 'dockerfile' ? `set STOPSIGNAL SIG${server.stop} in the Dockerfile` : server.name === 'Unicorn' ? 'trap TERM in the Unicorn config and send the master QUIT' : `have the platform stop it with SIG${server.stop}, or run a server that drains on SIGTERM`}`, 'other');
      }
    }
    if (entries === 0) return { status: 'n/a', reason: 'No server entry point found.', evidence };
    if (noHandler && !other) return { status: 'fail', reason: `${plural(noHandler, 'server entry point')} without a SIGTERM handler.`, evidence };
    if (noHandler || other) return { status: 'fail', reason: `${plural(noHandler + other, 'server entry point')} will not shut down gracefully on SIGTERM.`, evidence };
    return { status: 'pass', reason: `Every server entry point (${entries}) handles SIGTERM.`, evidence };
  },
};
export default check;
