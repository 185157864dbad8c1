/**
 * The commands a project runs when it starts, read from its deploy files: Procfile process types,
 * the final stage's CMD/ENTRYPOINT of each Dockerfile (with its STOPSIGNAL and base image), the
 * commands of the compose services built from the repository, package.json start and worker
 * scripts, and the shell scripts those commands run. Each command line is split into simple
 * commands the way a shell splits it (languages/shell.ts), and each simple command is recognised
 * as a program (`gunicorn`, `rails server`, `php artisan migrate`…) after the usual wrappers
 * (`bundle exec`, `poetry run`, `python -m`, `sh -c`, `exec`, `tini --`).
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { splitShellWords } from '../../languages/shell';
import type { Value } from '../../model';
import type { ProjectInput } from '../types';
import { basename, isCompose, isDockerfile, isProcfile, lineOf, readJson, scriptsOf } from '../checks/util';

/** One command of a command line, up to the next operator. */
export interface SimpleCommand {
  /** Words with quotes removed; `$NAME` for expansions, the raw text for other dynamic words. */
  words: string[];
  /** Variables the words expand. */
  env: string[];
  /** The operator after the command (`&&`, `||`, `;`, `|`, `&`), or '' at the end. */
  op: string;
}

/** The deploy file a command comes from (`script`: a shell script another command runs). */
export type CommandSource = 'procfile' | 'dockerfile' | 'compose' | 'package' | 'script';

/** A command line the project runs at start (or in its release phase). */
export interface StartCommand {
  file: string;
  line: number;
  /** What runs it: the Procfile process type, `CMD`, `ENTRYPOINT`, `scripts.start`, `compose service "worker"`. */
  label: string;
  source: CommandSource;
  /** The command as written (one line), for messages. */
  text: string;
  commands: SimpleCommand[];
  /** A release-phase command (Procfile `release:`), not a start command. */
  release?: boolean;
  /** Dockerfile: the signal `docker stop` sends (STOPSIGNAL of the final stage or of a known base image). */
  stopSignal?: string;
  /** For a command read from a script: the start command that runs the script. */
  via?: string;
  /** The Procfile process type, compose service or package script name this command belongs to. */
  processType?: string;
  /** Where the command comes from in the end: a script's command has the source of the line that runs the script. */
  origin: CommandSource;
}

/** A program as run, after wrappers: `gunicorn` with its arguments. */
export interface Program {
  /** Lower-cased base name: `gunicorn`, `rails`, `artisan`, `manage.py`, `java`. */
  name: string;
  /** The program or script as written (`./bin/start`, `app/main.py`). */
  word: string;
  args: string[];
}

const SHELL_OPERATORS = new Set(['&&', '||', ';;', ';', '&', '|']);
const REDIRECTS = new Set(['>>', '>&', '<&', '<<', '&>', '>|', '<', '>']);

/** Splits a shell command line into simple commands. */
export function splitCommandLine(text: string): SimpleCommand[] {
  const split = splitShellWords(text, 0, text.length);
  return simpleCommands(split.args, text);
}

function wordText(v: Value, text: string): string {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'env') return `$${v.name ?? ''}`;
  return text.slice(v.span.start, v.span.end);
}

function simpleCommands(args: Value[], text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let cur: SimpleCommand = { words: [], env: [], op: '' };
  let skipNext = false;
  for (const a of args) {
    const raw = text.slice(a.span.start, a.span.end);
    if (a.kind === 'other' && SHELL_OPERATORS.has(raw)) {
      cur.op = raw;
      if (cur.words.length) out.push(cur);
      cur = { words: [], env: [], op: '' };
      continue;
    }
    if (a.kind === 'other' && (raw === '(' || raw === ')')) continue;
    if (a.kind === 'other' && REDIRECTS.has(raw)) {
      skipNext = true;
      continue;
    }
    if (skipNext) {
      skipNext = false;
      continue;
    }
    cur.words.push(wordText(a, text));
    if (a.kind === 'env' && a.name) cur.env.push(a.name);
    else if (a.kind === 'template' || a.kind === 'other') for (const m of raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) cur.env.push(m[1]);
  }
  if (cur.words.length) out.push(cur);
  // `sh -c "…"` runs its string as a command line of its own.
  return out.flatMap((c) => {
    const w = c.words;
    const shell = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash|zsh)$/.test(w[0] ?? '');
    const flag = w.findIndex((x, i) => i > 0 && /^-\w*c\w*$/.test(x));
    if (shell && flag > 0 && w[flag + 1] !== undefined) {
      const inner = splitCommandLine(w[flag + 1]);
      if (inner.length) inner[inner.length - 1].op = c.op;
      return inner;
    }
    return [c];
  });
}

const WRAPPERS_WITH_ARG = new Set(['gosu', 'su-exec', 'chpst']);
const RUNNERS: Record<string, string[]> = {
  bundle: ['exec'],
  poetry: ['run'],
  pipenv: ['run'],
  uv: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  rye: ['run'],
  pnpm: ['exec'],
  'newrelic-admin': ['run-program'],
  doppler: ['run'],
};
const PLAIN_WRAPPERS = new Set(['exec', 'nohup', 'tini', 'dumb-init', 'env', 'time', 'npx', 'ddtrace-run', 'opentelemetry-instrument', 'setsid', 'nice', 'ionice', 'stdbuf']);

/** The program a simple command runs, after wrappers; undefined for shell built-ins and empty lines. */
export function programOf(cmd: SimpleCommand): Program | undefined {
  let w = cmd.words.slice();
  for (let guard = 0; guard < 12 && w.length; guard++) {
    const first = baseName(w[0]);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w[0])) w = w.slice(1);
    else if (PLAIN_WRAPPERS.has(first)) {
      w = w.slice(1);
      while (w.length && (w[0].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[0]))) w = w.slice(1);
    } else if (WRAPPERS_WITH_ARG.has(first)) w = w.slice(2);
    else if (RUNNERS[first] && RUNNERS[first].includes(w[1] ?? '')) {
      w = w.slice(2);
      if (w[0] === '--') w = w.slice(1);
    } else if (/^python(\d(\.\d+)?)?$/.test(first)) {
      let i = 1;
      while (i < w.length && w[i].startsWith('-') && w[i] !== '-m' && w[i] !== '-c') i++;
      if (w[i] === '-m' && w[i + 1]) w = w.slice(i + 1);
      else if (w[i] && !w[i].startsWith('-')) return { name: baseName(w[i]).toLowerCase(), word: w[i], args: w.slice(i + 1) };
      else return { name: 'python', word: w[0], args: w.slice(1) };
    } else if (first === 'ruby' && w[1] && !w[1].startsWith('-')) w = w.slice(1);
    else if (first === 'php' && w[1] && !w[1].startsWith('-')) return { name: baseName(w[1]).toLowerCase(), word: w[1], args: w.slice(2) };
    else break;
  }
  if (!w.length) return undefined;
  const name = baseName(w[0]).toLowerCase();
  if (/^(if|then|else|elif|fi|do|done|while|until|for|case|esac|!|\[|\[\[|test|echo|printf|set|export|cd|source|\.|true|false|:|wait|sleep|trap|shift|unset|local|return|exit)$/.test(name)) return undefined;
  return { name, word: w[0], args: w.slice(1) };
}

function baseName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

// ---- what a program does ---------------------------------------------------------------------

/** A build or install step: returns the words that show it (`pip install`), or undefined. */
export function buildStep(p: Program): string | undefined {
  const a = p.args;
  const sub = a.find((x) => !x.startsWith('-')) ?? '';
  const has = (...xs: string[]) => xs.includes(sub);
  switch (p.name) {
    case 'npm':
      if (has('install', 'ci', 'i')) return `npm ${sub}`;
      if (sub === 'run' && /^build/.test(a[a.indexOf('run') + 1] ?? '')) return `npm run ${a[a.indexOf('run') + 1]}`;
      return undefined;
    case 'yarn':
      if (!sub || has('install')) return 'yarn install';
      if (has('build')) return 'yarn build';
      return undefined;
    case 'pnpm':
      return has('install', 'i', 'build') ? `pnpm ${sub}` : undefined;
    case 'tsc':
    case 'webpack':
      return p.name;
    case 'vite':
    case 'next':
    case 'nest':
    case 'ng':
      return has('build') ? `${p.name} build` : undefined;
    case 'pip':
    case 'pip3':
      return has('install') ? `${p.name} install` : undefined;
    case 'poetry':
      return has('install') ? 'poetry install' : undefined;
    case 'pipenv':
      return has('install', 'sync') ? `pipenv ${sub}` : undefined;
    case 'uv':
      if (has('sync')) return 'uv sync';
      if (sub === 'pip' && a.includes('install')) return 'uv pip install';
      return undefined;
    case 'manage.py':
    case 'django-admin':
      return has('collectstatic') ? `${p.name} collectstatic` : undefined;
    case 'go':
      return has('build', 'install', 'run') ? `go ${sub}` : undefined;
    case 'mvn':
    case 'mvnw':
      return a.some((x) => /^(package|install|compile|verify|spring-boot:run|quarkus:dev)$/.test(x)) ? `${p.name} ${a.find((x) => /^(package|install|compile|verify|spring-boot:run|quarkus:dev)$/.test(x))}` : undefined;
    case 'gradle':
    case 'gradlew':
      return a.some((x) => /^(build|assemble|bootRun|run|installDist|bootJar|jar|shadowJar)$/.test(x)) ? `${p.name} ${a.find((x) => /^(build|assemble|bootRun|run|installDist|bootJar|jar|shadowJar)$/.test(x))}` : undefined;
    case 'bundle':
      return !sub || has('install') ? 'bundle install' : undefined;
    case 'gem':
      return has('install') ? 'gem install' : undefined;
    case 'rails':
    case 'rake':
      return a.some((x) => /^assets:precompile$/.test(x)) ? `${p.name} assets:precompile` : undefined;
    case 'composer':
      return has('install', 'update') ? `composer ${sub}` : undefined;
    case 'dotnet':
      return has('build', 'publish', 'restore', 'run') ? `dotnet ${sub}` : undefined;
    default:
      return undefined;
  }
}

/** A database migration: returns the words that show it (`manage.py migrate`), or undefined. */
export function migrationStep(p: Program, scripts: Record<string, string> = {}): string | undefined {
  const a = p.args;
  const sub = a.find((x) => !x.startsWith('-')) ?? '';
  switch (p.name) {
    case 'manage.py':
    case 'django-admin':
      return sub === 'migrate' ? `${p.name} migrate` : undefined;
    case 'alembic':
      return sub === 'upgrade' ? 'alembic upgrade' : undefined;
    case 'flask':
      return a.includes('db') && a.includes('upgrade') ? 'flask db upgrade' : undefined;
    case 'rails':
    case 'rake': {
      const t = a.find((x) => /^db:(migrate|prepare|setup|schema:load|reset)$/.test(x));
      return t ? `${p.name} ${t}` : undefined;
    }
    case 'artisan':
      return /^migrate(:fresh|:refresh)?$/.test(sub) ? `artisan ${sub}` : undefined;
    case 'console':
      return /^doctrine:(migrations:migrate|schema:update)$/.test(sub) ? `console ${sub}` : undefined;
    case 'dotnet':
      return sub === 'ef' && a.includes('database') && a.includes('update') ? 'dotnet ef database update' : undefined;
    case 'flyway':
      return a.includes('migrate') ? 'flyway migrate' : undefined;
    case 'mvn':
    case 'mvnw': {
      const goal = a.find((x) => /^(flyway:migrate|liquibase:update)$/.test(x));
      return goal ? `${p.name} ${goal}` : undefined;
    }
    case 'gradle':
    case 'gradlew': {
      const task = a.find((x) => /^(flywayMigrate|update)$/.test(x));
      return task ? `${p.name} ${task}` : undefined;
    }
    case 'liquibase':
      return a.includes('update') ? 'liquibase update' : undefined;
    case 'goose':
      return a.includes('up') ? 'goose up' : undefined;
    case 'phinx':
      return sub === 'migrate' ? 'phinx migrate' : undefined;
    case 'doctrine-migrations':
      return sub === 'migrate' ? 'doctrine-migrations migrate' : undefined;
    case 'migrate':
      return a.includes('up') ? 'migrate up' : undefined;
    case 'knex':
      return /^migrate:(latest|up)$/.test(sub) ? `knex ${sub}` : undefined;
    case 'prisma':
      return sub === 'migrate' || (sub === 'db' && a.includes('push')) ? `prisma ${sub}` : undefined;
    case 'sequelize':
    case 'sequelize-cli':
      return sub === 'db:migrate' ? `${p.name} db:migrate` : undefined;
    case 'typeorm':
      return sub === 'migration:run' ? 'typeorm migration:run' : undefined;
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      const script = sub === 'run' ? a[a.indexOf('run') + 1] : sub;
      if (!script) return undefined;
      if (/migrat/.test(script)) return `${p.name} ${sub === 'run' ? 'run ' : ''}${script}`;
      const body = scripts[script];
      if (body && /(migrat|db:(migrate|setup))/.test(body)) return `${p.name} ${sub === 'run' ? 'run ' : ''}${script}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** How a known server or worker stops. */
export interface ServerInfo {
  /** Display name: `gunicorn`, `rails server (Puma)`. */
  name: string;
  role: 'web' | 'worker' | 'clock';
  /**
   * `TERM`: drains on SIGTERM; `QUIT` / `WINCH`: drains only on that signal (SIGTERM stops it at once);
   * `dev`: a development server that drops requests on SIGTERM.
   */
  stop: 'TERM' | 'QUIT' | 'WINCH' | 'dev';
  /** The server takes its port from PORT when no port is given (gunicorn, Puma, rails server). */
  defaultPortFromEnv?: boolean;
  /** The command gives a listen port or address (a flag or a `host:port` argument). */
  bindsPort?: boolean;
  /** The module or file it serves (`app:app`, `myproject.wsgi`), when given. */
  target?: string;
}

/** Recognises the app servers and job runners of each ecosystem. */
export function serverOf(p: Program): ServerInfo | undefined {
  const a = p.args;
  const sub = a.find((x) => !x.startsWith('-')) ?? '';
  const positional = () => {
    // The first argument that is neither an option nor an option's value.
    for (let i = 0; i < a.length; i++) {
      if (a[i].startsWith('-')) {
        if (!a[i].includes('=') && a[i + 1] && !a[i + 1].startsWith('-') && !/^--(reload|preload|access-logfile|proxy-headers|factory)$/.test(a[i])) i++;
        continue;
      }
      return a[i];
    }
    return undefined;
  };
  const binds = a.some((x) => /^(-b|--bind|-p|--port|--host|-w|--listen|--http)(=|$)/.test(x) || /:(\d+|\$\{?PORT)/.test(x));
  switch (p.name) {
    case 'gunicorn':
      return { name: 'gunicorn', role: 'web', stop: 'TERM', defaultPortFromEnv: true, bindsPort: binds, target: positional() };
    case 'uvicorn':
    case 'hypercorn':
      return { name: p.name, role: 'web', stop: 'TERM', bindsPort: binds, target: positional() };
    case 'celery':
      if (a.includes('worker')) return { name: 'celery worker', role: 'worker', stop: 'TERM' };
      if (a.includes('beat')) return { name: 'celery beat', role: 'clock', stop: 'TERM' };
      return undefined;
    case 'rq':
      return sub === 'worker' ? { name: 'rq worker', role: 'worker', stop: 'TERM' } : undefined;
    case 'dramatiq':
      return { name: 'dramatiq', role: 'worker', stop: 'TERM' };
    case 'huey_consumer':
    case 'huey_consumer.py':
      return { name: 'huey', role: 'worker', stop: 'TERM' };
    case 'arq':
      return { name: 'arq', role: 'worker', stop: 'TERM' };
    case 'manage.py':
    case 'django-admin':
      return sub === 'runserver' ? { name: `${p.name} runserver`, role: 'web', stop: 'dev', bindsPort: binds || a.length > 1 } : sub === 'rqworker' ? { name: 'rqworker', role: 'worker', stop: 'TERM' } : undefined;
    case 'flask':
      return sub === 'run' ? { name: 'flask run', role: 'web', stop: 'dev', bindsPort: binds } : undefined;
    case 'puma':
      return { name: 'Puma', role: 'web', stop: 'TERM', defaultPortFromEnv: true, bindsPort: binds };
    case 'rails':
      return sub === 'server' || sub === 's' ? { name: 'rails server (Puma)', role: 'web', stop: 'TERM', defaultPortFromEnv: true, bindsPort: binds } : undefined;
    case 'unicorn':
    case 'unicorn_rails':
      return { name: 'Unicorn', role: 'web', stop: 'QUIT', bindsPort: binds };
    case 'thin':
      return sub === 'start' || !sub ? { name: 'Thin', role: 'web', stop: 'QUIT', bindsPort: binds } : undefined;
    case 'sidekiq':
      return { name: 'Sidekiq', role: 'worker', stop: 'TERM' };
    case 'good_job':
      return { name: 'GoodJob', role: 'worker', stop: 'TERM' };
    case 'jobs':
      return { name: 'Solid Queue', role: 'worker', stop: 'TERM' };
    case 'delayed_job':
      return { name: 'Delayed Job', role: 'worker', stop: 'TERM' };
    case 'rake':
      if (a.includes('jobs:work')) return { name: 'Delayed Job', role: 'worker', stop: 'TERM' };
      if (a.some((x) => /^resque:work(ers)?$/.test(x))) return { name: 'Resque', role: 'worker', stop: 'QUIT' };
      if (a.includes('solid_queue:start')) return { name: 'Solid Queue', role: 'worker', stop: 'TERM' };
      return undefined;
    case 'artisan':
      if (/^(queue:work|queue:listen|horizon)$/.test(sub)) return { name: `artisan ${sub}`, role: 'worker', stop: 'TERM' };
      if (sub === 'schedule:work') return { name: 'artisan schedule:work', role: 'clock', stop: 'TERM' };
      if (sub === 'serve') return { name: 'artisan serve', role: 'web', stop: 'dev', bindsPort: binds };
      if (sub === 'octane:start') return { name: 'Octane', role: 'web', stop: 'TERM', bindsPort: binds };
      return undefined;
    case 'console':
      return sub === 'messenger:consume' ? { name: 'messenger:consume', role: 'worker', stop: 'TERM' } : undefined;
    case 'php':
      return a.includes('-S') ? { name: 'php -S (built-in server)', role: 'web', stop: 'dev', bindsPort: true } : undefined;
    case 'frankenphp':
      return { name: p.name, role: 'web', stop: 'TERM', bindsPort: binds };
    case 'heroku-php-apache2':
    case 'heroku-php-nginx':
      // The buildpack's boot scripts bind $PORT and stop PHP-FPM gracefully on SIGTERM.
      return { name: p.name, role: 'web', stop: 'TERM', defaultPortFromEnv: true };
    case 'apache2-foreground':
    case 'httpd-foreground':
      return { name: 'Apache httpd', role: 'web', stop: 'WINCH' };
    case 'httpd':
    case 'apachectl':
    case 'apache2ctl':
      return a.includes('-DFOREGROUND') || a.includes('FOREGROUND') ? { name: 'Apache httpd', role: 'web', stop: 'WINCH' } : undefined;
    default:
      if (/^php-fpm[\d.]*$/.test(p.name)) return { name: 'php-fpm', role: 'web', stop: 'QUIT' };
      return undefined;
  }
}

/** The flags that make a program detach from its parent (run in the background as a daemon). */
const DAEMON_FLAGS: Record<string, RegExp> = {
  gunicorn: /^(-D|--daemon)$/,
  unicorn: /^(-D|--daemonize)$/,
  unicorn_rails: /^(-D|--daemonize)$/,
  puma: /^(-d|--daemon)$/,
  rails: /^(-d|--daemon)$/,
  sidekiq: /^(-d|--daemon)$/,
  thin: /^(-d|--daemonize)$/,
  celery: /^(--detach|multi)$/,
  'php-fpm': /^(-D|--daemonize)$/,
  pm2: /^start$/,
  forever: /^start$/,
};

/** Why a simple command daemonizes the process, or undefined. */
export function daemonizes(cmd: SimpleCommand, isLast: boolean): string | undefined {
  const first = baseName(cmd.words[0] ?? '');
  if (first === 'nohup' || first === 'start-stop-daemon' || first === 'daemonize') return first;
  if (isLast && cmd.op === '&') return '&';
  const p = programOf(cmd);
  if (!p) return undefined;
  if (p.name === 'service' && /^(start|restart)$/.test(p.args[1] ?? '')) return `service ${p.args[0]} ${p.args[1]}`;
  if (/^(apachectl|apache2ctl)$/.test(p.name) && p.args.includes('start')) return `${p.name} start`;
  if (/^\/etc\/init\.d\//.test(cmd.words[0] ?? '') && cmd.words.includes('start')) return `${cmd.words[0]} start`;
  const key = /^php-fpm/.test(p.name) ? 'php-fpm' : p.name;
  const re = DAEMON_FLAGS[key];
  if (!re) return undefined;
  const flag = p.args.find((x) => re.test(x));
  if (!flag) return undefined;
  if (key === 'pm2' && p.args.includes('--no-daemon')) return undefined;
  if (key === 'celery' && flag === 'multi') return 'celery multi';
  return `${p.name} ${flag}`;
}

// ---- reading the deploy files ----------------------------------------------------------------

/** What a Dockerfile's final stage runs. */
export interface DockerfileInfo {
  file: string;
  /** Base image of the final stage, after following stage references (`FROM base AS final`). */
  baseImage?: string;
  stopSignal?: string;
  /** Packages installed by apt-get/apk/yum/dnf in the final stage and the stages it is built on. */
  systemPackages: string[];
  commands: StartCommand[];
  /** The Dockerfile could not be read. */
  problem?: string;
}

/** STOPSIGNAL set by official base images for servers that drain on a signal other than SIGTERM. */
function inheritedStopSignal(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const m = /^(?:docker\.io\/)?(?:library\/)?([\w.-]+)(?::([\w.-]+))?/.exec(image);
  if (!m) return undefined;
  const [, name, tag = ''] = m;
  if (name === 'php' && /fpm/.test(tag)) return 'SIGQUIT';
  if (name === 'php' && /apache/.test(tag)) return 'SIGWINCH';
  if (name === 'httpd') return 'SIGWINCH';
  if (name === 'nginx') return 'SIGQUIT';
  return undefined;
}

const dockerCache = new WeakMap<ProjectInput, Map<string, DockerfileInfo>>();

/** Reads a Dockerfile's final stage. */
export function dockerfileInfo(input: ProjectInput, file: string): DockerfileInfo {
  let perInput = dockerCache.get(input);
  if (!perInput) dockerCache.set(input, (perInput = new Map()));
  let info = perInput.get(file);
  if (!info) perInput.set(file, (info = readDockerfile(input, file)));
  return info;
}

function readDockerfile(input: ProjectInput, file: string): DockerfileInfo {
  const text = input.read(file) ?? '';
  const info: DockerfileInfo = { file, systemPackages: [], commands: [] };
  let instructions: Instruction[];
  try {
    instructions = DockerfileParser.parse(text).getInstructions();
  } catch (e) {
    info.problem = `${file} could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return info;
  }
  interface Stage {
    name?: string;
    from?: string;
    stopSignal?: string;
    packages: string[];
    cmd?: StartCommand;
    entrypoint?: StartCommand;
  }
  const stages: Stage[] = [];
  for (const ins of instructions) {
    const kw = ins.getKeyword().toUpperCase();
    const args = ins.getArguments().map((a) => a.getValue());
    if (kw === 'FROM') {
      const asIdx = args.findIndex((x) => x.toLowerCase() === 'as');
      const image = args.find((x) => !x.startsWith('--'));
      stages.push({ from: image, name: asIdx > 0 ? args[asIdx + 1]?.toLowerCase() : undefined, packages: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    if (kw === 'STOPSIGNAL') stage.stopSignal = normalizeSignal(args[0] ?? '');
    else if (kw === 'RUN') stage.packages.push(...installedPackages(ins.getArgumentsContent() ?? ''));
    else if (kw === 'CMD' || kw === 'ENTRYPOINT') {
      const content = ins.getArgumentsContent() ?? '';
      const sc = dockerCommand(content);
      const cmd: StartCommand = { file, line: ins.getRange().start.line + 1, label: kw, source: 'dockerfile', origin: 'dockerfile', text: sc.text, commands: sc.commands };
      if (kw === 'CMD') stage.cmd = cmd;
      else stage.entrypoint = cmd;
    }
  }
  // Follow the final stage back through the stages it is built FROM.
  const chain: Stage[] = [];
  let s: Stage | undefined = stages[stages.length - 1];
  while (s && !chain.includes(s)) {
    chain.push(s);
    const parent: string | undefined = s.from?.toLowerCase();
    s = stages.find((x) => x.name && x.name === parent);
  }
  for (const st of chain) info.systemPackages.push(...st.packages);
  info.baseImage = chain[chain.length - 1]?.from;
  info.stopSignal = chain.find((x) => x.stopSignal)?.stopSignal ?? inheritedStopSignal(info.baseImage);
  const entrypoint = chain.find((x) => x.entrypoint)?.entrypoint;
  const cmd = chain.find((x) => x.cmd)?.cmd;
  for (const c of [entrypoint, cmd]) if (c) info.commands.push({ ...c, stopSignal: info.stopSignal });
  return info;
}

function normalizeSignal(s: string): string {
  const up = s.toUpperCase();
  if (/^\d+$/.test(up)) return ({ '3': 'SIGQUIT', '15': 'SIGTERM', '2': 'SIGINT', '28': 'SIGWINCH' } as Record<string, string>)[up] ?? up;
  return up.startsWith('SIG') ? up : `SIG${up}`;
}

/** Packages named by `apt-get install`, `apk add`, `yum/dnf install` in a RUN line. */
function installedPackages(run: string): string[] {
  const out: string[] = [];
  for (const c of splitCommandLine(run.replace(/\\\r?\n/g, ' '))) {
    const p = programOf(c);
    if (!p) continue;
    const isInstall = (/^(apt-get|apt|yum|dnf|microdnf)$/.test(p.name) && p.args.includes('install')) || (p.name === 'apk' && p.args.includes('add'));
    if (!isInstall) continue;
    const verb = p.args.findIndex((x) => x === 'install' || x === 'add');
    out.push(...p.args.slice(verb + 1).filter((x) => !x.startsWith('-') && !x.startsWith('$')).map((x) => x.split('=')[0]));
  }
  return out;
}

/** A CMD/ENTRYPOINT argument: the exec form (a JSON array, no shell) or the shell form. */
function dockerCommand(content: string): { text: string; commands: SimpleCommand[] } {
  const trimmed = content.trim();
  if (trimmed.startsWith('[')) {
    try {
      const arr: unknown = JSON.parse(trimmed.replace(/\\\r?\n/g, ''));
      if (Array.isArray(arr) && arr.every((x) => typeof x === 'string')) {
        const words = arr as string[];
        const one: SimpleCommand = { words, env: [], op: '' };
        // ["sh", "-c", "…"] runs a shell line.
        const cmds = simpleCommandsOfExec(one);
        return { text: words.join(' '), commands: cmds };
      }
    } catch {
      // not JSON: Docker runs the line with a shell
    }
  }
  return { text: trimmed.replace(/\\\r?\n\s*/g, ' '), commands: splitCommandLine(trimmed.replace(/\\\r?\n/g, ' ')) };
}

function simpleCommandsOfExec(c: SimpleCommand): SimpleCommand[] {
  const w = c.words;
  const shell = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash|zsh)$/.test(w[0] ?? '');
  const flag = w.findIndex((x, i) => i > 0 && /^-\w*c\w*$/.test(x));
  if (shell && flag > 0 && w[flag + 1] !== undefined) return splitCommandLine(w[flag + 1]);
  return [c];
}

/** Procfile process types. */
export function procfileCommands(input: ProjectInput, file: string): StartCommand[] {
  const text = input.read(file) ?? '';
  const out: StartCommand[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const colon = t.indexOf(':');
    const label = colon > 0 ? t.slice(0, colon) : '';
    if (!/^[A-Za-z0-9_-]+$/.test(label)) return;
    const command = t.slice(colon + 1).trim();
    out.push({ file, line: i + 1, label, source: 'procfile', origin: 'procfile', text: command, commands: splitCommandLine(command), release: label === 'release', processType: label });
  });
  return out;
}

/** Compose services and their commands. */
export interface ComposeService {
  file: string;
  name: string;
  line?: number;
  image?: string;
  /** Built from the repository (`build:`), so it runs this codebase. */
  built: boolean;
  command?: StartCommand;
}

/** Services of a compose file; `problem` when the YAML cannot be read. */
export function composeFile(input: ProjectInput, file: string): { services: ComposeService[]; problem?: string } {
  const text = input.read(file);
  if (text === undefined) return { services: [] };
  let doc: unknown;
  const lines = new LineCounter();
  const keyLines = new Map<string, number>();
  try {
    const parsed = parseDocument(text, { merge: true, uniqueKeys: false, lineCounter: lines });
    if (parsed.errors.length) throw parsed.errors[0];
    doc = parsed.toJS();
    const services = parsed.get('services', true);
    if (isMap(services)) {
      for (const item of services.items) {
        if (isScalar(item.key) && item.key.range) keyLines.set(String(item.key.value), lines.linePos(item.key.range[0]).line);
      }
    }
  } catch (e) {
    return { services: [], problem: `${file} is not valid YAML: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` };
  }
  const services = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).services : undefined;
  if (!services || typeof services !== 'object') return { services: [] };
  return {
    services: Object.entries(services as Record<string, unknown>).map(([name, s]) => {
      const svc = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
      const line = keyLines.get(name);
      const raw = svc.command;
      let command: StartCommand | undefined;
      if (Array.isArray(raw) && raw.every((x) => typeof x === 'string' || typeof x === 'number')) {
        const words = raw.map(String);
        command = { file, line: line ?? 1, label: `compose service "${name}"`, source: 'compose', origin: 'compose', text: words.join(' '), commands: simpleCommandsOfExec({ words, env: [], op: '' }), processType: name };
      } else if (typeof raw === 'string') {
        command = { file, line: line ?? 1, label: `compose service "${name}"`, source: 'compose', origin: 'compose', text: raw, commands: splitCommandLine(raw), processType: name };
      }
      return { file, name, line, image: typeof svc.image === 'string' ? svc.image : undefined, built: svc.build !== undefined, command };
    }),
  };
}

/** Package scripts that start the app or a worker. */
export const WORKER_SCRIPT = /^(worker|workers|queue|jobs?|cron|scheduler|consumer|clock)(:|$)/;

function packageCommands(input: ProjectInput, file: string): StartCommand[] {
  const out: StartCommand[] = [];
  for (const [name, cmd] of Object.entries(scriptsOf(readJson(input, file)))) {
    if (name === 'start' || name === 'prestart' || name.startsWith('start:') || WORKER_SCRIPT.test(name)) {
      out.push({ file, line: lineOf(input, file, `"${name}"`) ?? 1, label: `scripts.${name}`, source: 'package', origin: 'package', text: cmd, commands: splitCommandLine(cmd), processType: name });
    }
  }
  return out;
}

const startCache = new WeakMap<ProjectInput, StartCommand[]>();

/**
 * Every start and release command of the project, with the commands of the project's own shell
 * scripts they run (entrypoint scripts), once per input.
 */
export function startCommands(input: ProjectInput): StartCommand[] {
  let out = startCache.get(input);
  if (out) return out;
  out = [];
  for (const f of input.files) {
    if (isProcfile(f)) out.push(...procfileCommands(input, f));
    else if (isDockerfile(f)) out.push(...dockerfileInfo(input, f).commands);
    else if (isCompose(f)) {
      for (const s of composeFile(input, f).services) if (s.built && s.command) out.push(s.command);
    } else if (/(^|\/)package\.json$/.test(f)) out.push(...packageCommands(input, f));
  }
  const scripts: StartCommand[] = [];
  const seen = new Set<string>();
  const follow = (c: StartCommand, depth: number) => {
    if (depth > 3) return;
    for (const sc of c.commands) {
      const script = projectScript(input, sc);
      if (!script || seen.has(`${c.file}:${c.line}:${script}`)) continue;
      seen.add(`${c.file}:${c.line}:${script}`);
      for (const inner of scriptCommands(input, script, c)) {
        scripts.push(inner);
        follow(inner, depth + 1);
      }
    }
  };
  for (const c of out) follow(c, 0);
  out.push(...scripts);
  startCache.set(input, out);
  return out;
}

/** The project file a simple command runs as a script (`./entrypoint.sh`, `sh bin/start`), if any. */
function projectScript(input: ProjectInput, cmd: SimpleCommand): string | undefined {
  let w = cmd.words.filter((x) => x !== 'exec');
  if (/^(\/(usr\/)?bin\/)?(sh|bash)$/.test(w[0] ?? '') && w[1] && !w[1].startsWith('-')) w = w.slice(1);
  const word = w[0];
  if (!word || !/[/.]/.test(word) || word.startsWith('$')) return undefined;
  const clean = word.replace(/^\.\//, '');
  if (input.files.includes(clean) && isScriptText(input.read(clean))) return clean;
  // An absolute path inside the image (`/app/docker-entrypoint.sh`, `/usr/local/bin/start`): match by name.
  const name = basename(clean);
  const candidates = input.files.filter((f) => basename(f) === name && clean.endsWith(f.includes('/') ? f.slice(f.indexOf('/')) : f) && isScriptText(input.read(f)));
  return candidates.sort((a, b) => b.length - a.length)[0] ?? input.files.find((f) => basename(f) === name && /\.sh$/.test(f) && isScriptText(input.read(f)));
}

function isScriptText(text: string | undefined): boolean {
  return text !== undefined && (/^#!.*\b(sh|bash|ash|dash|zsh)\b/.test(text) || !text.startsWith('#!'));
}

function scriptCommands(input: ProjectInput, file: string, parent: StartCommand): StartCommand[] {
  const text = input.read(file) ?? '';
  const out: StartCommand[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const start = i;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i];
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const commands = splitCommandLine(t);
    if (!commands.length) continue;
    out.push({ file, line: start + 1, label: basename(file), source: 'script', origin: parent.origin, text: t, commands, via: `${parent.label} in ${parent.file}`, release: parent.release, processType: parent.processType, stopSignal: parent.stopSignal });
  }
  return out;
}
