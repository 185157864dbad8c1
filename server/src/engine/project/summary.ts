/**
 * Per-file facts that the project checks need, taken from a file's SourceModel once, so that a
 * workspace scan keeps a small summary per file instead of its tree.
 */
import type { CallSite, SourceModel, Value } from '../model';
import { positionAt } from '../text';

export interface FileSummary {
  /** Environment variables read, with the 1-based line of the first read. */
  envReads: { name: string; line: number }[];
  /** Bare module names imported or required (`express`, `@aws-sdk/client-s3`, `os`). */
  imports: string[];
  /** External programs run through a shell or exec API (`curl`, `convert`). */
  shellTools: { tool: string; line: number }[];
  /** Lines where the code handles SIGTERM/SIGINT (or uses a graceful-shutdown helper). */
  shutdownHandlers: number[];
  /** Lines where the file starts a server (listen/serve/run). */
  serverStarts: number[];
  /** Migrations or schema sync run by the app itself, with the call text. */
  startupMigrations: { call: string; line: number }[];
  /** Database kinds named in the file (`sqlite`, `postgres`, …). */
  databaseKinds: string[];
  /** The file branches on the environment name (`NODE_ENV === 'production'`, `DEBUG`, `RAILS_ENV`). */
  branchesOnEnvironmentName: boolean;
}

const EXEC_CALLS = /^(exec|execSync|execFile|execFileSync|spawn|spawnSync|child_process\.\w+|cp\.\w+|childProcess\.\w+|execa|execaSync|\$|subprocess\.(run|call|check_call|check_output|Popen)|os\.system|os\.popen|exec\.Command|exec\.CommandContext|Runtime\.getRuntime\(\)\.exec|Process\.Start|shell_exec|system|passthru|proc_open|`)$/;
const SHELL_WRAPPERS = new Set(['sh', 'bash', 'cmd', 'cmd.exe', 'powershell', 'pwsh', '/bin/sh', '/bin/bash', 'npx', 'env']);
const SHUTDOWN_HELPERS = /^(createTerminus|terminus|createHttpTerminator|createLightship|closeWithGrace|enableShutdownHooks|gracefulShutdown|stoppable|signal\.Notify|signal\.NotifyContext|signal\.signal|Signal\.trap|trap|pcntl_signal|AppDomain\.CurrentDomain\.ProcessExit|Runtime\.getRuntime\(\)\.addShutdownHook|addShutdownHook|lifetime\.ApplicationStopping\.Register)$/;
const MIGRATION_CALLS = /(^|\.)(sync|runMigrations|migrate|migrateLatest|latest|up|create_all|call_command|Migrate|MigrateAsync|EnsureCreated|EnsureCreatedAsync)$/;
const DB_KINDS: [RegExp, string][] = [
  [/^(sqlite3?|better-sqlite3|sqlite:.*|:memory:|.*\.sqlite3?|.*\.db)$/i, 'sqlite'],
  [/^(postgres(ql)?(:\/\/.*)?|pg)$/i, 'postgres'],
  [/^(mysql2?(:\/\/.*)?|mariadb)$/i, 'mysql'],
  [/^(mongodb(\+srv)?:\/\/.*|mongodb)$/i, 'mongodb'],
  [/^(mssql|sqlserver)$/i, 'sqlserver'],
];

function firstWord(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value.trim().split(/\s+/)[0];
  if (value.kind === 'template') return value.parts[0]?.trim().split(/\s+/)[0];
  if (value.kind === 'array') return firstWord(value.items[0]);
  if (value.kind === 'identifier' && value.resolved) return firstWord(value.resolved);
  return undefined;
}

function toolOf(call: CallSite): string | undefined {
  let tool = firstWord(call.args[0]);
  if (!tool) return undefined;
  if (SHELL_WRAPPERS.has(tool)) {
    // `sh -c "curl …"` or spawn('bash', ['-c', 'curl …'])
    const rest = call.args[1];
    if (rest?.kind === 'array') {
      const cmd = rest.items.find((i) => i.kind === 'string' && !i.value.startsWith('-'));
      tool = firstWord(cmd);
    } else return undefined;
  }
  if (!tool || !/^[\w./+-]+$/.test(tool)) return undefined;
  return tool.split('/').pop();
}

function isServerStart(call: CallSite): boolean {
  if (call.name === 'listen' && !!call.receiver) return true;
  return /^(http\.ListenAndServe|http\.ListenAndServeTLS|uvicorn\.run|app\.run|web\.run_app|serve|Bun\.serve|Deno\.serve|SpringApplication\.run|app\.Run|app\.RunAsync|run!|Run|Start|Listen)$/.test(call.callee) ||
    (/^(Run|Start|Listen)$/.test(call.name) && !!call.receiver && call.args.some((a) => a.kind === 'string' && /:\d+$/.test(a.value)));
}

/** Builds the summary of one analysed file. */
export function summarize(model: SourceModel): FileSummary {
  const line = (offset: number) => positionAt(model.lineStarts, offset).line + 1;
  const envSeen = new Map<string, number>();
  for (const r of model.envReads) if (!envSeen.has(r.name)) envSeen.set(r.name, line(r.span.start));
  const imports = [...new Set(model.imports.map((i) => i.module).filter(Boolean))];
  const shellTools: FileSummary['shellTools'] = [];
  const shutdownHandlers: number[] = [];
  const serverStarts: number[] = [];
  const startupMigrations: FileSummary['startupMigrations'] = [];
  const kinds = new Set<string>();
  for (const call of model.calls) {
    if (EXEC_CALLS.test(call.callee) || (call.receiver && /child_process|childProcess/.test(call.receiver))) {
      const tool = toolOf(call);
      if (tool) shellTools.push({ tool, line: line(call.span.start) });
    }
    const signalArg = call.args.some((a) => (a.kind === 'string' && /^SIG(TERM|INT)$/.test(a.value)) || (a.kind === 'other' && /SIG(TERM|INT)\b/.test(a.text)) || (a.kind === 'identifier' && /SIG(TERM|INT)$/.test(a.name)));
    if (signalArg || SHUTDOWN_HELPERS.test(call.callee) || SHUTDOWN_HELPERS.test(call.name)) shutdownHandlers.push(line(call.span.start));
    if (isServerStart(call)) serverStarts.push(line(call.span.start));
    if (!call.inHandler && MIGRATION_CALLS.test(call.callee) && /(sequelize|knex|migrat|umzug|dataSource|datasource|db|prisma|typeorm|orm|alembic|django|Database|context|Context)/i.test(call.callee + ' ' + (call.args[0] && call.args[0].kind === 'string' ? call.args[0].value : ''))) {
      startupMigrations.push({ call: call.callee, line: line(call.span.start) });
    }
  }
  let branches = false;
  for (const s of model.strings) {
    if (s.context.comparison && /^(production|prod|development|dev|staging|test)$/i.test(s.value)) branches = true;
    const candidates = [s.value, s.context.key === 'dialect' || s.context.key === 'client' || s.context.key === 'type' || s.context.key === 'ENGINE' ? s.value.split('.').pop() ?? '' : ''];
    for (const c of candidates) {
      if (!c) continue;
      for (const [re, kind] of DB_KINDS) {
        if (re.test(c) && (s.context.key !== undefined || /:\/\//.test(c) || s.context.call)) {
          if (kind === 'sqlite' && /\.db$/i.test(c) && !/(sqlite|database|db|filename|storage)/i.test(s.context.key ?? '')) continue;
          kinds.add(kind);
        }
      }
    }
  }
  return {
    envReads: [...envSeen].map(([name, l]) => ({ name, line: l })),
    imports,
    shellTools,
    shutdownHandlers,
    serverStarts,
    startupMigrations,
    databaseKinds: [...kinds],
    branchesOnEnvironmentName: branches,
  };
}
