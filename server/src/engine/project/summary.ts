/**
 * Per-file facts that the project checks need, taken from a file's SourceModel once, so that a
 * workspace scan keeps a small summary per file instead of its tree. Each language's idioms are
 * recognised here: the calls that run external programs, handle SIGTERM, start or stop a server,
 * or migrate a database at start-up, in JavaScript/TypeScript, Python, Go, Java, Ruby, C# and PHP.
 */
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { CallSite, LanguageId, SourceModel, Value } from '../model';
import { positionAt } from '../text';

/**
 * How a server started in code stops:
 * - `plain`: the code must handle SIGTERM itself (Node `listen`, Java `HttpServer`, WEBrick…);
 * - `stoppable`: a Go server with a `Shutdown` method: it drains when the code catches SIGTERM and calls it;
 * - `unstoppable`: a Go server that cannot be shut down (`http.ListenAndServe`, gin `Run`);
 * - `self-draining`: the server handles SIGTERM and drains on its own (uvicorn.run, aiohttp run_app);
 * - `generic-host`: a .NET generic host (`app.Run()`), which stops Kestrel gracefully on SIGTERM;
 * - `spring`: Spring Boot, graceful with `server.shutdown=graceful` (the default from Spring Boot 3.4);
 * - `dev`: a development server (Flask `app.run`).
 */
export type ServerStartKind = 'plain' | 'stoppable' | 'unstoppable' | 'self-draining' | 'generic-host' | 'spring' | 'dev';

/** What the project checks keep of one analysed file. */
export interface FileSummary {
  language: LanguageId;
  /** Environment variables read, with the 1-based line of the first read. */
  envReads: { name: string; line: number }[];
  /** Bare module names imported or required (`express`, `@aws-sdk/client-s3`, `os`, `net/http`). */
  imports: string[];
  /** Ruby: files loaded by path (`require_relative "lib/app"`, `require "./app"`). */
  localRequires?: string[];
  /** External programs run through a shell or exec API (`curl`, `convert`). */
  shellTools: { tool: string; line: number }[];
  /** Signal handlers: the signals caught (`TERM`, `INT`; `*` for all, or a helper that handles both). */
  shutdownHandlers: { line: number; signals: string[]; via: string }[];
  /** Lines where a server is stopped gracefully (Go `srv.Shutdown(ctx)`, gRPC `GracefulStop`). */
  gracefulStops: number[];
  /** Servers the file starts; `mainGuard` when only running the file as a script starts it (Python `if __name__ == "__main__":`). */
  serverStarts: { line: number; call: string; kind: ServerStartKind; mainGuard?: boolean; portFromEnv?: boolean }[];
  /** Migrations or schema sync run by the app itself, with the call text; `tool` for Flyway/Liquibase. */
  startupMigrations: { call: string; line: number; tool?: 'flyway' | 'liquibase'; mainGuard?: boolean }[];
  /** Database kinds named in the file (`sqlite`, `postgres`, …). */
  databaseKinds: string[];
  /** The file branches on the environment name (`NODE_ENV === 'production'`, `IsDevelopment()`, `RAILS_ENV`). */
  branchesOnEnvironmentName: boolean;
  /** Code that detaches the process into the background (Ruby `Process.daemon`, Puma's `daemonize`, gunicorn `daemon = True`). */
  daemonizes: { line: number; what: string }[];
  /** Background job servers run inside the web process (Hangfire's `AddHangfireServer`). */
  inProcessWorkers: { line: number; what: string }[];
  /** setup.py: the requirements in `install_requires`. */
  setupRequires?: string[];
}

const EXEC_CALLS = /^(exec|execSync|execFile|execFileSync|spawn|spawnSync|child_process\.\w+|cp\.\w+|childProcess\.\w+|execa|execaSync|\$|subprocess\.(run|call|check_call|check_output|Popen)|asyncio\.create_subprocess_(exec|shell)|os\.system|os\.popen|os\.exec\w+|os\.spawn\w+|exec\.Command|exec\.CommandContext|Runtime\.getRuntime\(\)\.exec|Process\.Start|shell_exec|system|passthru|proc_open|popen|IO\.popen|Open3\.\w+|Kernel\.(system|spawn|exec)|Process\.spawn|`)$/;
const EXEC_CONSTRUCTORS = /^(ProcessBuilder|ProcessStartInfo|Process|Symfony\\Component\\Process\\Process)$/;
const SHELL_WRAPPERS = new Set(['sh', 'bash', 'cmd', 'cmd.exe', 'powershell', 'pwsh', '/bin/sh', '/bin/bash', 'npx', 'env', '/usr/bin/env']);
const SHUTDOWN_HELPERS = /^(createTerminus|terminus|createHttpTerminator|createLightship|closeWithGrace|enableShutdownHooks|gracefulShutdown|stoppable|AppDomain\.CurrentDomain\.ProcessExit|Runtime\.getRuntime\(\)\.addShutdownHook|addShutdownHook|lifetime\.ApplicationStopping\.Register|\w+\.ApplicationStopping\.Register)$/;
const SIGNAL_CALLS = /^(signal\.Notify|signal\.NotifyContext|signal\.signal|loop\.add_signal_handler|asyncio\.get_event_loop\(\)\.add_signal_handler|\w+\.add_signal_handler|Signal\.trap|trap|pcntl_signal|Signal\.handle|PosixSignalRegistration\.Create|process\.on|process\.once|\w+\.(on|once|addListener))$/;
const MIGRATION_CALLS = /(^|\.)(sync|runMigrations|migrate|migrateLatest|latest|up|Up|UpContext|create_all|call_command|upgrade|Migrate|MigrateAsync|EnsureCreated|EnsureCreatedAsync|AutoMigrate|update|run|apply)$/;
const DB_KINDS: [RegExp, string][] = [
  [/^(sqlite3?|better-sqlite3|sqlite:.*|:memory:|.*\.sqlite3?|.*\.db|jdbc:sqlite:.*|data source=[^;]*\.(db|sqlite3?)(;.*)?)$/i, 'sqlite'],
  [/^(jdbc:h2:.*|h2|org\.h2\.Driver|jdbc:hsqldb:.*|jdbc:derby:.*)$/i, 'h2'],
  [/^(postgres(ql)?(:\/\/.*)?|pg|jdbc:postgresql:.*|org\.postgresql\.Driver|postgis|npgsql|pgsql:.*|host=.*;\s*database=.*)$/i, 'postgres'],
  [/^(mysql2?(:\/\/.*)?|mysql:.*|mariadb|jdbc:(mysql|mariadb):.*|trilogy|com\.mysql\.cj\.jdbc\.Driver)$/i, 'mysql'],
  [/^(mongodb(\+srv)?:\/\/.*|mongodb)$/i, 'mongodb'],
  [/^(mssql|sqlserver|jdbc:sqlserver:.*|server=.*;\s*(database|initial catalog)=.*)$/i, 'sqlserver'],
];
/** EF Core providers and similar calls that name a database kind. */
const DB_CALLS: Record<string, string> = { UseSqlite: 'sqlite', UseNpgsql: 'postgres', UseSqlServer: 'sqlserver', UseMySql: 'mysql', UseMySQL: 'mysql', UseInMemoryDatabase: 'in-memory' };
const ENV_NAME_CALLS = /^(IsDevelopment|IsProduction|IsStaging|IsEnvironment)$/;

function firstWord(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value.trim().split(/\s+/)[0];
  if (value.kind === 'template') return value.parts[0]?.trim().split(/\s+/)[0];
  if (value.kind === 'array') return firstWord(value.items[0]);
  if (value.kind === 'identifier' && value.resolved) return firstWord(value.resolved);
  if (value.kind === 'call' && /^(List\.of|Arrays\.asList|new String\[\]|\[\])$/.test(value.call.callee)) return firstWord(value.call.args[0]);
  return undefined;
}

/** The arguments as a flat list of words: arrays spread (`["sh", "-c", …]`, `List.of(…)`). */
function argWords(call: CallSite): Value[] {
  const out: Value[] = [];
  for (const a of call.args) {
    if (a.kind === 'array') out.push(...a.items);
    else if (a.kind === 'call' && /^(List\.of|Arrays\.asList)$/.test(a.call.callee)) out.push(...a.call.args);
    else out.push(a);
  }
  return out;
}

/**
 * The program a call runs. `literalAt` gives the string literal that starts at an offset, so that a
 * concatenation (`'convert ' . $file`, `"convert " + name`) yields its first word.
 */
function toolOf(call: CallSite, literalAt: (offset: number) => string | undefined): string | undefined {
  let args = argWords(call);
  // exec.CommandContext(ctx, "convert", …) and proc_open's descriptors: the program is the first string.
  if (call.name === 'CommandContext' || call.name === 'create_subprocess_exec') args = args.slice(1);
  if (call.isNew && call.kwargs?.length) {
    const fileName = call.kwargs.find((k) => k.key === 'FileName');
    if (fileName) args = [fileName.value, ...args];
  }
  if (call.isNew && args.length === 0 && call.args[0]?.kind === 'object') {
    const fileName = call.args[0].props.find((p) => p.key === 'FileName');
    if (fileName) args = [fileName.value];
  }
  const word = (v: Value | undefined) => firstWord(v) ?? (v?.kind === 'other' ? literalAt(v.span.start)?.trim().split(/\s+/)[0] : undefined);
  let tool = word(args[0]);
  if (!tool) return undefined;
  if (SHELL_WRAPPERS.has(tool)) {
    // `sh -c "curl …"`, spawn('bash', ['-c', 'curl …']), ["sh", "-c", "curl …"]; `bash deploy.sh` runs the project's own script.
    const shell = !/^(npx|env|\/usr\/bin\/env)$/.test(tool);
    const flag = args.findIndex((i) => i.kind === 'string' && /^(-\w*c|\/c|-Command)$/i.test(i.value));
    if (shell && flag < 0) return undefined;
    const rest = args.slice(shell ? flag + 1 : 1).find((i) => (i.kind === 'string' && !i.value.startsWith('-') && (shell || !i.value.includes('='))) || i.kind === 'template');
    if (!rest) return undefined;
    tool = word(rest);
  }
  if (!tool || !/^[\w./+-]+$/.test(tool)) return undefined;
  return tool.split('/').pop();
}

/** The signals a signal-handling call names: `TERM`, `INT`, `*`. */
function signalsOf(call: CallSite): string[] {
  const out = new Set<string>();
  const visit = (v: Value) => {
    const text = v.kind === 'string' ? v.value : v.kind === 'identifier' ? v.name : v.kind === 'other' ? v.text : v.kind === 'call' ? v.call.args.map((a) => (a.kind === 'string' ? a.value : '')).join(' ') : '';
    if (/(^|[^A-Z])(SIG)?TERM\b/.test(text)) out.add('TERM');
    if (/(^|[^A-Z])(SIG)?INT\b|os\.Interrupt|Interrupt\b/.test(text)) out.add('INT');
  };
  for (const a of call.args) visit(a);
  // Go's signal.Notify(ch) with no signals relays all of them.
  if (call.callee === 'signal.Notify' && call.args.length === 1) out.add('*');
  if (call.callee === 'signal.NotifyContext' && call.args.length === 1) out.add('*');
  return [...out];
}

/** Whether the file imports a module (prefix match for Go paths and Python packages). */
function importsAny(model: SourceModel, re: RegExp): boolean {
  return model.imports.some((i) => re.test(i.module));
}

function serverKind(model: SourceModel, call: CallSite): ServerStartKind | undefined {
  const { callee, name } = call;
  switch (model.language) {
    case 'javascript':
    case 'typescript':
      if (name === 'listen' && !!call.receiver) return 'plain';
      return /^(serve|Bun\.serve|Deno\.serve)$/.test(callee) ? 'plain' : undefined;
    case 'python':
      if (/^uvicorn\.run$|^hypercorn\.asyncio\.serve$|^web\.run_app$|^aiohttp\.web\.run_app$|^run_app$/.test(callee)) return 'self-draining';
      if (callee === 'app.run' || (name === 'run' && call.receiver && importsAny(model, /^flask$/) && /^(app|application|create_app\(\))$/.test(call.receiver))) return 'dev';
      if (/^(socketio\.run|serve|waitress\.serve)$/.test(callee) || name === 'serve_forever') return 'plain';
      return undefined;
    case 'go':
      if (/^http\.(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$/.test(callee)) return 'unstoppable';
      if (/^(ListenAndServe|ListenAndServeTLS)$/.test(name) && call.receiver) return 'stoppable';
      if (name === 'Run' && call.receiver && importsAny(model, /^github\.com\/gin-gonic\/gin/)) return 'unstoppable';
      if (name === 'Start' && call.receiver && importsAny(model, /^github\.com\/labstack\/echo/)) return 'stoppable';
      if (name === 'Listen' && call.receiver && importsAny(model, /^github\.com\/gofiber\/fiber/)) return 'stoppable';
      if (name === 'Serve' && call.receiver && importsAny(model, /^google\.golang\.org\/grpc$/)) return 'stoppable';
      return undefined;
    case 'java':
      if (/^SpringApplication\.run$/.test(callee) || (name === 'run' && /SpringApplicationBuilder/.test(callee))) return 'spring';
      if (name === 'start' && call.receiver && importsAny(model, /^(com\.sun\.net\.httpserver|io\.javalin|io\.undertow|org\.eclipse\.jetty)/)) return 'plain';
      if (/^(Micronaut\.run|Quarkus\.run)$/.test(callee)) return 'plain';
      return undefined;
    case 'csharp':
      // `app.Run(context => …)` is terminal middleware, not the host starting.
      if (/^(Run|RunAsync)$/.test(name) && call.receiver && call.receiver !== 'Task' && (call.args.length === 0 || call.args[0].kind === 'string' || call.args[0].kind === 'identifier')) {
        // A host without a web server (a Worker Service) serves no requests: not a server start.
        const web = model.calls.some((c) => /^(WebApplication\.(CreateBuilder|CreateSlimBuilder|CreateEmptyBuilder|Create)|WebHost\.CreateDefaultBuilder)$/.test(c.callee) || /^(ConfigureWebHostDefaults|ConfigureWebHost|UseKestrel)$/.test(c.name));
        const host = model.calls.some((c) => /^(Host\.(CreateDefaultBuilder|CreateApplicationBuilder))$/.test(c.callee) || /CreateHostBuilder|CreateWebHostBuilder/.test(c.callee));
        if (web) return 'generic-host';
        return host ? undefined : 'plain';
      }
      if (name === 'Start' && call.receiver && /[Ll]istener$/.test(call.receiver)) return 'plain';
      return undefined;
    case 'ruby':
      if (callee === 'run!' || (name === 'run' && /^(Rack|Rackup)::Handler::/.test(call.receiver ?? ''))) return 'plain';
      if (name === 'start' && call.receiver && importsAny(model, /^webrick$/)) return 'plain';
      return undefined;
    case 'php':
      if (callee === 'Worker::runAll' || (name === 'start' && call.receiver && importsAny(model, /^(Swoole|OpenSwoole)\\/i))) return 'plain';
      return undefined;
    default:
      return undefined;
  }
}

/** Migrations or schema changes run by a call, with the tool when it is one the start-up convention accepts. */
function migrationOf(model: SourceModel, call: CallSite): { tool?: 'flyway' | 'liquibase' } | undefined {
  if (call.inHandler || !MIGRATION_CALLS.test(call.callee)) return undefined;
  const firstArg = call.args[0]?.kind === 'string' ? call.args[0].value : '';
  const text = call.callee + ' ' + firstArg;
  switch (model.language) {
    case 'java':
      if (call.name === 'migrate' && /Flyway|flyway/.test(call.callee)) return { tool: 'flyway' };
      if (call.name === 'update' && /[Ll]iquibase/.test(call.callee)) return { tool: 'liquibase' };
      return undefined;
    case 'go':
      if (call.name === 'AutoMigrate') return {};
      if (/^(goose\.Up|goose\.UpContext)$/.test(call.callee)) return {};
      if (call.name === 'Up' && importsAny(model, /^github\.com\/golang-migrate\/migrate/)) return {};
      return undefined;
    case 'ruby':
      if (/^Sequel::Migrator\.(run|apply)$/.test(call.callee)) return {};
      if (call.name === 'migrate' && /ActiveRecord::(MigrationContext|Migrator|Tasks::DatabaseTasks)/.test(call.callee)) return {};
      return undefined;
    case 'php':
      return call.callee === 'Artisan::call' && /^migrate/.test(firstArg) ? {} : undefined;
    case 'python':
      if (call.callee === 'call_command') return /^migrate$/.test(firstArg) ? {} : undefined;
      if (call.name === 'upgrade') return /^(command\.upgrade|alembic\.command\.upgrade|upgrade)$/.test(call.callee) && importsAny(model, /^(alembic|flask_migrate)/) ? {} : undefined;
      return /(create_all|migrate)$/.test(call.callee) && /(db|metadata|Base|engine|migrat|django)/i.test(text) ? {} : undefined;
    case 'csharp':
      return /^(Migrate|MigrateAsync|EnsureCreated|EnsureCreatedAsync)$/.test(call.name) && /Database/.test(call.callee) ? {} : undefined;
    default:
      if (!/(^|\.)(sync|runMigrations|migrate|migrateLatest|latest|up|create_all)$/.test(call.callee)) return undefined;
      return /(sequelize|knex|migrat|umzug|dataSource|datasource|db|prisma|typeorm|orm|Database|context|Context)/i.test(text) ? {} : undefined;
  }
}

/** Builds the summary of one analysed file; `tree`, when given, adds what the model does not list (Ruby and PHP backticks, C# signal events, gunicorn settings). */
export function summarize(model: SourceModel, tree?: Tree, path = ''): FileSummary {
  const line = (offset: number) => positionAt(model.lineStarts, offset).line + 1;
  const envSeen = new Map<string, number>();
  for (const r of model.envReads) if (!envSeen.has(r.name)) envSeen.set(r.name, line(r.span.start));
  const localRequires: string[] = [];
  let importList = model.imports.map((i) => i.module).filter(Boolean);
  if (model.language === 'ruby') {
    const relative = new Set<number>();
    for (const c of model.calls) {
      if (/^(require_relative|load|autoload)$/.test(c.callee) && c.args[0]?.kind === 'string') relative.add(c.args[0].span.start);
    }
    importList = [];
    for (const i of model.imports) {
      if (relative.has(i.span.start) || /^\.{1,2}\//.test(i.module)) localRequires.push(i.module);
      else importList.push(i.module);
    }
  }
  const imports = [...new Set(importList)];
  const shellTools: FileSummary['shellTools'] = [];
  const shutdownHandlers: FileSummary['shutdownHandlers'] = [];
  const gracefulStops: number[] = [];
  const serverStarts: FileSummary['serverStarts'] = [];
  const startupMigrations: FileSummary['startupMigrations'] = [];
  const daemonizes: FileSummary['daemonizes'] = [];
  const inProcessWorkers: FileSummary['inProcessWorkers'] = [];
  const kinds = new Set<string>();
  let branches = false;
  let setupRequires: string[] | undefined;
  let literals: Map<number, string> | undefined;
  const literalAt = (offset: number) => (literals ??= new Map(model.strings.map((x) => [x.span.start, x.value]))).get(offset);
  const guards = tree && model.language === 'python' && model.text.includes('__main__') ? mainGuards(tree) : [];
  const guarded = (call: CallSite) => (guards.some((g) => call.span.start >= g.start && call.span.end <= g.end) ? { mainGuard: true } : {});
  for (const call of model.calls) {
    const at = line(call.span.start);
    if (EXEC_CALLS.test(call.callee) || (call.receiver && /child_process|childProcess/.test(call.receiver)) || (call.isNew && EXEC_CONSTRUCTORS.test(call.name))) {
      const tool = toolOf(call, literalAt);
      if (tool) shellTools.push({ tool, line: at });
    }
    if (SIGNAL_CALLS.test(call.callee)) {
      const signals = signalsOf(call);
      // process.on('exit') or trap("EXIT") are not shutdown signals.
      if (signals.length) shutdownHandlers.push({ line: at, signals, via: call.callee });
    } else if (SHUTDOWN_HELPERS.test(call.callee) || SHUTDOWN_HELPERS.test(call.name)) {
      shutdownHandlers.push({ line: at, signals: ['*'], via: call.callee });
    }
    if (/^(Shutdown|GracefulStop|ShutdownWithContext|ShutdownWithTimeout)$/.test(call.name) && call.receiver && model.language === 'go') gracefulStops.push(at);
    const kind = serverKind(model, call);
    // gin's Run() without an address binds $PORT (8080 when unset).
    const portFromEnv = kind && model.language === 'go' && call.name === 'Run' && call.args.length === 0 ? { portFromEnv: true } : {};
    if (kind) serverStarts.push({ line: at, call: call.callee, kind, ...guarded(call), ...portFromEnv });
    const migration = migrationOf(model, call);
    // `scope.ServiceProvider.GetRequiredService<Db>().Database.Migrate` reads best from its last call: `Database.Migrate`.
    const shortCallee = call.callee.includes(').') ? call.callee.slice(call.callee.lastIndexOf(').') + 2) : call.callee;
    if (migration) startupMigrations.push({ call: shortCallee, line: at, ...migration, ...guarded(call) });
    if ((model.language === 'ruby' && (call.callee === 'Process.daemon' || (call.callee === 'daemonize' && !(call.args[0]?.kind === 'boolean' && !call.args[0].value)))) || (model.language === 'python' && /(^|\.)DaemonContext$/.test(call.callee))) {
      daemonizes.push({ line: at, what: call.callee });
    }
    if (model.language === 'csharp' && call.name === 'AddHangfireServer') inProcessWorkers.push({ line: at, what: 'Hangfire server' });
    if (DB_CALLS[call.name]) kinds.add(DB_CALLS[call.name]);
    if (ENV_NAME_CALLS.test(call.name)) branches = true;
    if (model.language === 'python' && /(^|\/)setup\.py$/.test(path) && /^(setup|setuptools\.setup)$/.test(call.callee)) {
      const req = call.kwargs?.find((k) => k.key === 'install_requires')?.value;
      const items = req?.kind === 'array' ? req.items : req?.kind === 'identifier' && req.resolved?.kind === 'array' ? req.resolved.items : undefined;
      if (items) setupRequires = items.flatMap((i) => (i.kind === 'string' ? [i.value] : []));
    }
  }
  for (const s of model.strings) {
    if (s.context.comparison && /^(production|prod|development|dev|staging|test)$/i.test(s.value)) branches = true;
    const candidates = [s.value, s.context.key === 'dialect' || s.context.key === 'client' || s.context.key === 'type' || s.context.key === 'ENGINE' || s.context.key === 'adapter' ? s.value.split('.').pop() ?? '' : ''];
    for (const c of candidates) {
      if (!c) continue;
      for (const [re, kind] of DB_KINDS) {
        if (re.test(c) && (s.context.key !== undefined || /:\/\//.test(c) || s.context.call || /^jdbc:|=/.test(c))) {
          if (kind === 'sqlite' && /^[^=:]*\.db$/i.test(c) && !/(sqlite|database|db|filename|storage|name)/i.test(s.context.key ?? '') && !/sqlite/i.test(s.context.call?.site.callee ?? '')) continue;
          kinds.add(kind);
        }
      }
    }
  }
  if (tree) treeFacts(model, tree, line, shellTools, shutdownHandlers, daemonizes);
  return {
    language: model.language,
    envReads: [...envSeen].map(([name, l]) => ({ name, line: l })),
    imports,
    ...(localRequires.length ? { localRequires } : {}),
    shellTools,
    shutdownHandlers,
    gracefulStops,
    serverStarts,
    startupMigrations,
    databaseKinds: [...kinds],
    branchesOnEnvironmentName: branches,
    daemonizes,
    inProcessWorkers,
    ...(setupRequires ? { setupRequires } : {}),
  };
}

/** Spans of the module-level `if __name__ == "__main__":` blocks. */
function mainGuards(tree: Tree): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const st of tree.rootNode.namedChildren) {
    if (st?.type !== 'if_statement') continue;
    const cond = st.childForFieldName('condition')?.text.replace(/\s+/g, '').replace(/'/g, '"');
    if (cond === '__name__=="__main__"' || cond === '"__main__"==__name__') out.push({ start: st.startIndex, end: st.endIndex });
  }
  return out;
}

/** Facts read from the tree where the model has no field for them. Walks only when the text can hold them. */
function treeFacts(model: SourceModel, tree: Tree, line: (o: number) => number, shellTools: FileSummary['shellTools'], shutdownHandlers: FileSummary['shutdownHandlers'], daemonizes: FileSummary['daemonizes']): void {
  const text = model.text;
  const visit = (types: ReadonlySet<string>, fn: (n: Node) => void) => {
    const stack: Node[] = [tree.rootNode];
    let budget = 200_000;
    while (stack.length && budget-- > 0) {
      const n = stack.pop()!;
      if (types.has(n.type)) fn(n);
      for (let i = n.namedChildCount - 1; i >= 0; i--) {
        const c = n.namedChild(i);
        if (c) stack.push(c);
      }
    }
  };
  if ((model.language === 'ruby' && (text.includes('`') || text.includes('%x'))) || (model.language === 'php' && text.includes('`'))) {
    // `convert …` and %x(…) run a shell command.
    visit(new Set(['subshell', 'shell_command_expression']), (n) => {
      const first = n.namedChildren.find((c) => c?.type === 'string_content');
      const word = first?.text.trim().split(/\s+/)[0];
      if (word && /^[\w./+-]+$/.test(word)) shellTools.push({ tool: word.split('/').pop()!, line: line(n.startIndex) });
    });
  }
  if (model.language === 'csharp' && (text.includes('ProcessExit') || text.includes('CancelKeyPress'))) {
    visit(new Set(['assignment_expression']), (n) => {
      const left = n.childForFieldName('left')?.text.replace(/\s+/g, '') ?? '';
      if (/(^|\.)ProcessExit$/.test(left)) shutdownHandlers.push({ line: line(n.startIndex), signals: ['*'], via: 'AppDomain.ProcessExit' });
      else if (/(^|\.)CancelKeyPress$/.test(left)) shutdownHandlers.push({ line: line(n.startIndex), signals: ['INT'], via: 'Console.CancelKeyPress' });
    });
  }
  if (model.language === 'python' && /\bdaemon\b/.test(text)) {
    // gunicorn.conf.py: `daemon = True` at module level.
    for (const st of tree.rootNode.namedChildren) {
      const a = st?.type === 'expression_statement' ? st.namedChild(0) : undefined;
      if (a?.type === 'assignment' && a.childForFieldName('left')?.text === 'daemon' && a.childForFieldName('right')?.type === 'true') daemonizes.push({ line: line(a.startIndex), what: 'daemon = True' });
    }
  }
}
