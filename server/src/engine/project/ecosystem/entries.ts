/**
 * Which project files the start commands run: the module an app server serves (`gunicorn
 * myproject.wsgi`, `uvicorn main:app`), the `config.ru` a Ruby server loads and the files it
 * requires, and scripts run directly (`python app.py`, `ruby app.rb`, `php worker.php`).
 */
import type { ProjectInput } from '../types';
import { dirname } from '../checks/util';
import { programOf, serverOf, startCommands, type ServerInfo, type StartCommand } from './commands';

/** A project file that a start command runs, directly or through an app server. */
export interface CommandTarget {
  file: string;
  command: StartCommand;
  /** The server that serves the file, when an app server runs it (not the file itself). */
  server?: ServerInfo;
  /** The command runs the file as a script, so what the file starts is what runs. */
  direct: boolean;
}

const RUBY_SERVERS = /^(Puma|rails server \(Puma\)|Unicorn|Thin)$/;

const cache = new WeakMap<ProjectInput, CommandTarget[]>();

/** The files the project's start commands run, once per input. */
export function commandTargets(input: ProjectInput): CommandTarget[] {
  let out = cache.get(input);
  if (out) return out;
  out = [];
  const files = new Set(input.files);
  for (const command of startCommands(input)) {
    if (command.release) continue;
    const bases = baseDirs(command.file);
    for (const sc of command.commands) {
      const p = programOf(sc);
      if (!p) continue;
      const server = serverOf(p);
      if (server?.target && /^(gunicorn|uvicorn|hypercorn)$/.test(server.name)) {
        const chdir = flagValue(p.args, ['--chdir', '--app-dir', '--pythonpath']);
        const module = server.target.split(':')[0];
        const rel = module.split('.').join('/');
        const file = resolve(files, chdir ? bases.map((b) => join(b, chdir)).concat(chdir) : bases, [`${rel}.py`, `${rel}/__init__.py`]);
        if (file) out.push({ file, command, server, direct: false });
      } else if (server && RUBY_SERVERS.test(server.name)) {
        const ru = resolve(files, bases, ['config.ru']);
        if (ru) {
          out.push({ file: ru, command, server, direct: false });
          for (const req of input.results.get(ru)?.summary?.localRequires ?? []) {
            const target = resolve(files, [dirname(ru)], [req.endsWith('.rb') ? req : `${req}.rb`]);
            if (target) out.push({ file: target, command, server, direct: false });
          }
        }
      } else if (/\.(py|rb|php|js|mjs|cjs|ts)$/.test(p.word)) {
        const file = resolve(files, bases, [p.word.replace(/^\.\//, '')]);
        if (file) out.push({ file, command, direct: true });
      }
    }
  }
  cache.set(input, out);
  return out;
}

function flagValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n) return args[i + 1];
      if (args[i].startsWith(n + '=')) return args[i].slice(n.length + 1);
    }
  }
  return undefined;
}

/** Folders a command's relative paths may start from: the deploy file's folder and its parents. */
function baseDirs(file: string): string[] {
  const out: string[] = [];
  let d = dirname(file);
  for (;;) {
    out.push(d);
    if (!d) return out;
    d = dirname(d);
  }
}

function join(dir: string, rel: string): string {
  const parts = (dir ? `${dir}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

/**
 * The first candidate that exists under one of the base folders; an absolute path inside an image
 * (`/app/main.py`) or a path from another working directory falls back to a file ending with it.
 */
function resolve(files: Set<string>, bases: string[], candidates: string[]): string | undefined {
  for (const c of candidates) {
    if (c.startsWith('/')) continue;
    for (const b of bases) {
      const f = join(b, c);
      if (files.has(f)) return f;
    }
  }
  for (const c of candidates) {
    const tail = c.replace(/^\/+/, '');
    const parts = tail.split('/');
    // Try the path without leading folders (`/app/src/main.py` → `src/main.py` → `main.py`).
    for (let i = 0; i < parts.length; i++) {
      const suffix = parts.slice(i).join('/');
      const hit = [...files].find((f) => f === suffix || f.endsWith('/' + suffix));
      if (hit) return hit;
    }
  }
  return undefined;
}
