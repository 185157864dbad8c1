/**
 * no-file-logging (Factor XI, Logs)
 *
 * A twelve-factor app writes its logs, unbuffered, to stdout as an event stream; the environment
 * collects and routes them. A log file lives on one instance's disk, fills it, vanishes with the
 * container and is invisible to the platform's log tooling.
 *
 * Reported (JavaScript/TypeScript): winston `File` and `DailyRotateFile` transports; pino file
 * destinations (`pino.destination('./app.log')`, `pino/file`, `pino-pretty` and `pino-roll` targets
 * with a file, `pino(opts, 'app.log')`); log4js `file`/`dateFile`/`fileSync`/`multiFile` appenders; bunyan
 * streams with a `path` or of type `file`/`rotating-file`; morgan given a file stream; and raw file
 * writes used for logging (`fs.createWriteStream`, `fs.appendFile(Sync)`, `fs.writeFile(Sync)` with
 * flag `a`, `fs.open(Sync)` with flag `a`, rotating-file-stream, file-stream-rotator) when the path is a
 * log file (`.log`, a `log/` or `logs/` folder), the stream or function is named for logging, or the
 * stream is handed to a logger.
 * Quiet: stdout/stderr destinations, files that are not logs, log readers.
 *
 * Reported in the other languages (API tables in no-file-logging.apis.ts):
 * - Python: logging's FileHandler, RotatingFileHandler, TimedRotatingFileHandler, WatchedFileHandler;
 *   `basicConfig(filename=…)`; file handler classes in dictConfig / Django `LOGGING`; loguru
 *   `logger.add(file)`; `open(log, "a")` and files handed to logging streams; gunicorn `accesslog`/`errorlog`.
 * - Go: `os.OpenFile` (write flags) / `os.Create` of a log file or of a file handed to `log.SetOutput`,
 *   `log.New`, slog, logrus, zerolog or zapcore; lumberjack's `Filename`; files in zap's `OutputPaths`.
 * - Java: java.util.logging FileHandler; logback file appenders' `setFile`; log4j2 `withFileName`;
 *   `System.setOut/setErr` to a file; appending FileWriter/FileOutputStream/`Files.write…(APPEND)` on a log
 *   file; tinylog file writers; Spring `logging.file.name`/`logging.file.path` set in code.
 * - Ruby: `Logger.new`/`ActiveSupport::Logger.new` on a file; SemanticLogger `file_name:`; Rails
 *   `config.paths["log"]`; puma `stdout_redirect`, unicorn `stdout_path`/`stderr_path`; `$stdout.reopen(file)`;
 *   `File.open`/`File.new` of a log file for writing.
 * - C#: Serilog `WriteTo.File`/`RollingFile`/`AuditTo.File` (also in `WriteTo.Async`); `AddFile`,
 *   `WriteToFile`; NLog FileTarget, log4net file appenders; file trace listeners and FileLoggerProvider;
 *   `Console.SetOut/SetError` to a file; appending `File.Append…`/`StreamWriter` on a log file.
 * - PHP: Monolog StreamHandler on a file, RotatingFileHandler; `ini_set('error_log', file)`;
 *   `error_log(…, 3, file)`; `file_put_contents(…, FILE_APPEND)`/`fopen(…, 'a')` on a log file; Laravel
 *   single/daily channels and Monolog channels on a file (config/logging.php, `Log::build`).
 * - Configuration and deploy files: Spring `logging.file.*` (properties, YAML); logback file appenders and
 *   Spring's file-appender.xml include; log4j2 File/RollingFile/RandomAccessFile appenders; web.config
 *   file trace listeners; appsettings.json Serilog File sinks and NLog File targets; Dockerfile CMD /
 *   Procfile output redirected to a file.
 *
 * Fixes ("Log to stdout") replace the file destination by the same library's stdout equivalent. A fix
 * is preferred only when it keeps every option that still means something on stdout and no other
 * destination of the same logger already writes to stdout (both would then print each line). Outside
 * JavaScript: `logging.StreamHandler(sys.stdout)` (with `import sys`), `stream=sys.stdout`, a
 * `sys.stdout` loguru sink, gunicorn `"-"`, zap `"stdout"`/`"stderr"`, `Logger.new($stdout)`,
 * `io: $stdout`, Serilog `Console(…)` (or the file sink removed beside a console sink),
 * `StreamHandler('php://stdout')`, `'php://stderr'` for PHP's error log, and the removal of Spring
 * `logging.file.*` settings, puma/unicorn redirects, `$stdout.reopen` and shell redirects. Elsewhere
 * (dictConfig, Go files, Java, NLog, log4net, Laravel channels, XML appenders, raw writes) the message
 * is the guidance.
 */
import type { CallSite, Property, SourceModel, StringLiteral, Value } from '../../model';
import type { Fix, Rule, Span } from '../../types';
import { message, resolve, textOf } from '../util';
import {
  argsReach,
  arrayHolding,
  callOrigin,
  identifierWords,
  lastName,
  literalPieces,
  localNameOf,
  memberPath,
  objectHolding,
  pathSegments,
  propOf,
  sameSpan,
  stringOf,
  walkValue,
  type Origin,
} from '../_origins';
import {
  CS_APPEND_METHODS,
  CS_FILE_LOGGER_METHODS,
  CS_FILE_LOGGERS,
  CS_FILE_TARGETS,
  FORMATTERS,
  GO_WRITER_SINKS,
  GUNICORN_LOG_SETTINGS,
  LARAVEL_FILE_DRIVERS,
  LOG4J2_FILE_APPENDERS,
  LOG4J2_FILE_SETTERS,
  LOGBACK_FILE_APPENDERS,
  LOGURU_FILE_ONLY,
  MONOLOG_FILE_HANDLERS,
  MONOLOG_ROTATING_ONLY,
  NLOG_FILE_TARGETS,
  NON_FILE_TARGETS,
  PATH_JOINERS,
  PY_BASIC_FILE_ONLY,
  PY_FILE_HANDLER_CLASSES,
  PY_FILE_HANDLERS,
  PY_HANDLER_MODULES,
  PY_STREAM_SINKS,
  RUBY_LOGGER_RECEIVERS,
  RUBY_SERVER_REDIRECTS,
  RUBY_STD_STREAMS,
  SERILOG_CONSOLE_KEEP,
  SERILOG_FILE_ONLY,
  SERILOG_FILE_SINKS,
  SERILOG_WRAPPERS,
  SPRING_LOG_FILE_KEYS,
  STD_TARGETS,
  TINYLOG_FILE_WRITERS,
  TRACE_FILE_LISTENERS,
  ZAP_OUTPUT_FIELDS,
} from './no-file-logging.apis';

const FACTOR = 11;
const WHY = 'a twelve-factor app writes its logs to stdout as an event stream and lets the environment route them; a log file fills one instance\'s disk, disappears with the container and is invisible to the platform\'s log collection.';

/** Conventional names used when a snippet does not show its imports. */
const FALLBACK: Record<string, Origin> = {
  winston: { module: 'winston', path: [] },
  transports: { module: 'winston', path: ['transports'] },
  DailyRotateFile: { module: 'winston-daily-rotate-file', path: [] },
  pino: { module: 'pino', path: [] },
  log4js: { module: 'log4js', path: [] },
  bunyan: { module: 'bunyan', path: [] },
  morgan: { module: 'morgan', path: [] },
  fs: { module: 'fs', path: [] },
  fsp: { module: 'fs/promises', path: [] },
  rfs: { module: 'rotating-file-stream', path: [] },
  FileStreamRotator: { module: 'file-stream-rotator', path: [] },
};

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'original-fs']);

interface Report {
  span: Span;
  what: string;
  todo: string;
  fix?: Fix;
}

type ObjectValue = Extract<Value, { kind: 'object' }>;

function asObject(v: Value | undefined): ObjectValue | undefined {
  const r = resolve(v);
  return r?.kind === 'object' ? r : undefined;
}

function asCall(v: Value | undefined): CallSite | undefined {
  const r = resolve(v);
  return r?.kind === 'call' ? r.call : undefined;
}

/** `/dev/stdout` and friends are the standard streams, not files. */
function isStdPath(s: string): boolean {
  return /^\/dev\/(stdout|stderr|fd\/[12])$/.test(s) || /^\/proc\/self\/fd\/[12]$/.test(s);
}

/** A value that is fd 1 or 2, `process.stdout`, `process.stderr` (or their `.fd`). */
function isStdStream(model: SourceModel, v: Value | undefined): boolean {
  const r = resolve(v);
  if (!r) return false;
  if (r.kind === 'number') return r.value === 1 || r.value === 2;
  if (r.kind === 'string') return isStdPath(r.value);
  return r.kind === 'other' && STD_STREAMS.has(r.text.replace(/\s+/g, ''));
}

const STD_STREAMS = new Set(['process.stdout', 'process.stderr', 'process.stdout.fd', 'process.stderr.fd']);

/** True for a file path that names a log: `*.log`, or inside a `log/` or `logs/` folder. */
function isLogPath(pieces: string[]): boolean {
  if (pieces.length === 0) return false;
  if (pieces.some((p) => isStdPath(p))) return false;
  if (/\.log$/i.test(pieces[pieces.length - 1].trim())) return true;
  const segs = pathSegments(pieces);
  return segs.slice(0, -1).some((s) => /^logs?$/i.test(s)) || (segs.length > 0 && /^logs?$/i.test(segs[segs.length - 1]) && /[\\/]$/.test(pieces[pieces.length - 1]));
}

const LOG_WORDS = new Set(['log', 'logs', 'logger', 'logging', 'logfile', 'logstream', 'logpath']);

/** An identifier named for logging: `logStream`, `accessLog`, `LOG_FILE`, `writeLog` (not `catalog`, `blog`). */
function isLogName(name: string | undefined): boolean {
  return !!name && identifierWords(name).some((w) => LOG_WORDS.has(w));
}

/** A short description of a file path for messages: ` "logs/app.log"`, ` "…/access.log"`, or nothing when unknown. */
function describePath(model: SourceModel, v: Value | undefined): string {
  const d = pathText(model, v, 0);
  if (!d || d === '…') return '';
  return d.startsWith('`') ? ` ${d}` : ` "${d}"`;
}

function pathText(model: SourceModel, v: Value | undefined, depth: number): string {
  const r = resolve(v);
  if (!r || depth > 4) return '…';
  switch (r.kind) {
    case 'string':
      return r.value;
    case 'template': {
      const t = textOf(model, r.span);
      return t.length <= 80 ? t : '…';
    }
    case 'env':
      return r.fallback ? pathText(model, r.fallback, depth + 1) : '…';
    case 'call':
      if (/^(path\.)?(join|resolve)$/.test(r.call.callee)) {
        return r.call.args.map((a) => pathText(model, a, depth + 1)).join('/').replace(/\/{2,}/g, '/');
      }
      return '…';
    default:
      return '…';
  }
}

/** An edit that replaces a property's value, spelling out a shorthand property (`{ stream }`). */
function valueEdit(p: Property, newText: string): { start: number; end: number; newText: string } {
  return sameSpan(p.span, p.value.span) ? { ...p.span, newText: `${p.key}: ${newText}` } : { ...p.value.span, newText };
}

/** Property texts to carry over to the stdout replacement, and whether anything meaningful is dropped. */
function carryOver(model: SourceModel, obj: ObjectValue | undefined, keep: Set<string>, dropOk: Set<string>): { kept: string[]; lossy: boolean } {
  if (!obj) return { kept: [], lossy: false };
  const kept: string[] = [];
  let lossy = !!obj.incomplete;
  for (const p of obj.props) {
    if (keep.has(p.key)) kept.push(textOf(model, p.span));
    else if (!dropOk.has(p.key)) lossy = true;
  }
  return { kept, lossy };
}

// ---- winston ------------------------------------------------------------------------------------

const WINSTON_KEEP = new Set(['level', 'format', 'silent', 'handleExceptions', 'handleRejections', 'eol']);
const WINSTON_FILE_ONLY = new Set([
  'filename', 'dirname', 'maxsize', 'maxSize', 'maxFiles', 'tailable', 'zippedArchive', 'maxRetries', 'lazy', 'options', 'stream',
  'datePattern', 'frequency', 'auditFile', 'utc', 'extension', 'createSymlink', 'symlinkName', 'auditHashType', 'json', 'watchLog', 'fileOptions',
]);

function winstonTransportKind(model: SourceModel, call: CallSite): 'File' | 'DailyRotateFile' | 'Console' | undefined {
  if (!call.isNew) return undefined;
  const o = callOrigin(model, call, FALLBACK);
  if (!o) return undefined;
  const p = memberPath(o);
  if (o.module === 'winston' && p.length === 2 && p[0] === 'transports' && (p[1] === 'File' || p[1] === 'DailyRotateFile' || p[1] === 'Console')) return p[1];
  if (o.module === 'winston-daily-rotate-file' && p.length === 0) return 'DailyRotateFile';
  return undefined;
}

/** How to write `transports.Console` in this file, keeping the receiver as written when there is one. */
function winstonConsoleCallee(model: SourceModel, call: CallSite): string | undefined {
  const o = callOrigin(model, call, FALLBACK);
  if (o?.module === 'winston' && call.receiver) return `${call.receiver}.Console`;
  const ns = localNameOf(model, 'winston', 'default');
  if (ns) return `${ns}.transports.Console`;
  const t = localNameOf(model, 'winston', 'transports');
  return t ? `${t}.Console` : undefined;
}

function checkWinston(model: SourceModel, call: CallSite, out: Report[]): void {
  const kind = winstonTransportKind(model, call);
  if (kind !== 'File' && kind !== 'DailyRotateFile') return;
  const optsArg = call.args[0];
  const opts = asObject(optsArg);
  const file = describePath(model, opts?.props.find((p) => p.key === 'filename')?.value);
  const what = `winston ${kind === 'File' ? 'File' : 'DailyRotateFile'} transport writes logs to a file${file}`;
  const todo = 'Use a Console transport and let the platform collect stdout.';
  let fix: Fix | undefined;
  const callee = winstonConsoleCallee(model, call);
  if (callee) {
    const inline = optsArg === undefined || optsArg.kind === 'object';
    const { kept, lossy } = inline ? carryOver(model, opts, WINSTON_KEEP, WINSTON_FILE_ONLY) : { kept: [], lossy: true };
    const siblings = arrayHolding(model, call.span)?.items.filter((i) => !sameSpan((resolve(i) ?? i).span, call.span)) ?? [];
    const duplicates = siblings.some((i) => {
      const c = asCall(i);
      return !!c && winstonTransportKind(model, c) !== undefined;
    });
    const newText = kept.length ? `new ${callee}({ ${kept.join(', ')} })` : `new ${callee}()`;
    fix = { title: 'Log to stdout (Console transport)', edits: [{ start: call.span.start, end: call.span.end, newText }], preferred: !lossy && !duplicates };
  }
  out.push({ span: call.span, what, todo, fix });
}

// ---- pino ---------------------------------------------------------------------------------------

function pinoPath(model: SourceModel, call: CallSite): string[] | undefined {
  const o = callOrigin(model, call, FALLBACK);
  if (!o || o.module !== 'pino') return undefined;
  return memberPath(o, ['pino']);
}

/** A pino destination value that is a file (not fd 1/2, not `/dev/stdout`, not unknown). */
function isFileDestination(model: SourceModel, v: Value | undefined): boolean {
  if (!v || isStdStream(model, v)) return false;
  const r = resolve(v);
  if (!r) return false;
  if (r.kind === 'string' || r.kind === 'template') return true;
  if (r.kind === 'env') return r.fallback !== undefined && isFileDestination(model, r.fallback);
  if (r.kind === 'call') return /^(path\.)?(join|resolve)$/.test(r.call.callee);
  return false;
}

function checkPinoDestination(model: SourceModel, call: CallSite, out: Report[]): void {
  const arg0 = call.args[0];
  const obj = asObject(arg0);
  const dest = obj ? obj.props.find((p) => p.key === 'dest') : undefined;
  const target = obj ? dest?.value : arg0;
  if (!isFileDestination(model, target) || !target) return;
  let edit: { start: number; end: number; newText: string };
  if (obj && dest && arg0) {
    const onlyFile = obj.props.every((p) => p.key === 'dest' || p.key === 'mkdir' || p.key === 'append') && !obj.incomplete;
    edit = onlyFile && arg0.kind === 'object' ? { ...arg0.span, newText: '1' } : valueEdit(dest, '1');
  } else {
    edit = { ...target.span, newText: '1' };
  }
  const duplicates = stdoutBeside(model, call.span);
  out.push({
    span: call.span,
    what: `pino writes logs to the file${describePath(model, target)}`,
    todo: 'Write to stdout: pino.destination(1), or no destination at all.',
    fix: { title: 'Log to stdout (pino.destination(1))', edits: [edit], preferred: !duplicates },
  });
}

/** Another entry of the same multistream/target list already writes to stdout. */
function stdoutBeside(model: SourceModel, span: Span): boolean {
  const holder = objectHolding(model, span);
  const arr = holder ? arrayHolding(model, holder.span) : arrayHolding(model, span);
  if (!arr) return false;
  return arr.items.some((i) => {
    const r = resolve(i) ?? i;
    if (sameSpan(r.span, span) || (holder && sameSpan(r.span, holder.span))) return false;
    if (r.kind === 'object') {
      const stream = propOf(r, 'stream')?.value;
      if (stream && isStdStream(model, stream)) return true;
      const t = stringOf(propOf(r, 'target')?.value);
      const d = propOf(propOf(r, 'options')?.value, 'destination')?.value;
      if ((t === 'pino/file' || t === 'pino-pretty') && (!d || isStdStream(model, d))) return true;
    }
    return isStdStream(model, r);
  });
}

/** `{ target: 'pino/file', options: { destination: 'app.log' } }` and the like, wherever pino is configured. */
function checkPinoTargets(model: SourceModel, transport: Value | undefined, out: Report[]): void {
  const t = asObject(transport);
  if (!t) return;
  const targets = resolve(propOf(t, 'targets')?.value);
  const list: Value[] = targets?.kind === 'array' ? targets.items : [t];
  for (const item of list) {
    const obj = asObject(item);
    if (!obj) continue;
    const target = stringOf(propOf(obj, 'target')?.value);
    const options = propOf(obj, 'options');
    if (target === 'pino/file' || target === 'pino-pretty') {
      const dest = propOf(options?.value, 'destination');
      if (!dest || !isFileDestination(model, dest.value)) continue;
      const others = list.filter((x) => x !== item).some((x) => {
        const o = asObject(x);
        const tt = stringOf(propOf(o, 'target')?.value);
        const d = propOf(propOf(o, 'options')?.value, 'destination')?.value;
        return (tt === 'pino/file' || tt === 'pino-pretty') && (!d || isStdStream(model, d));
      });
      out.push({
        span: dest.value.span,
        what: `pino target "${target}" writes logs to the file${describePath(model, dest.value)}`,
        todo: 'Set its destination to 1 (stdout), or drop the file target.',
        fix: { title: 'Log to stdout (destination: 1)', edits: [valueEdit(dest, '1')], preferred: !others },
      });
    } else if (target === 'pino-roll') {
      const file = propOf(options?.value, 'file');
      out.push({
        span: file ? file.value.span : obj.span,
        what: `pino target "pino-roll" writes rotating log files${describePath(model, file?.value)}`,
        todo: 'Write to stdout (a pino/file target with destination 1) and leave rotation to the platform.',
      });
    }
  }
}

function checkPino(model: SourceModel, call: CallSite, out: Report[]): void {
  const path = pinoPath(model, call);
  if (!path) return;
  if (path.length === 1 && path[0] === 'destination') return checkPinoDestination(model, call, out);
  if (path.length === 1 && path[0] === 'transport') return checkPinoTargets(model, call.args[0], out);
  if (path.length !== 0 || call.isNew) return;
  // pino(options?, destination?): a string destination is a file path.
  const first = resolve(call.args[0]);
  if (first?.kind === 'object') checkPinoTargets(model, propOf(first, 'transport')?.value, out);
  const destIndex = first?.kind === 'string' || first?.kind === 'template' ? 0 : 1;
  const dest = call.args[destIndex];
  const dr = resolve(dest);
  if (dest && (dr?.kind === 'string' || dr?.kind === 'template') && isFileDestination(model, dest)) {
    const start = destIndex === 0 ? dest.span.start : call.args[0].span.end;
    out.push({
      span: dest.span,
      what: `pino writes logs to the file${describePath(model, dest)}`,
      todo: 'Drop the destination: pino writes to stdout by default.',
      fix: { title: 'Log to stdout (no destination)', edits: [{ start, end: dest.span.end, newText: '' }], preferred: true },
    });
  }
}

// ---- Fastify's logger option ------------------------------------------------------------------------

/** Removes a property with its comma; a property alone on its line(s) takes its line with it. */
function removePropertyEdit(model: SourceModel, obj: ObjectValue, p: Property): { start: number; end: number; newText: string } {
  const text = model.text;
  const sorted = [...obj.props].sort((a, b) => a.span.start - b.span.start);
  const i = sorted.indexOf(p);
  const lineStart = text.lastIndexOf('\n', p.span.start - 1) + 1;
  let after = p.span.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const comma = text[after] === ',';
  if (comma) after++;
  let eol = after;
  while (eol < text.length && (text[eol] === ' ' || text[eol] === '\t')) eol++;
  const ownLine = text.slice(lineStart, p.span.start).trim() === '' && (text[eol] === '\n' || text[eol] === '\r');
  if (ownLine && (comma || i === sorted.length - 1)) {
    const end = text[eol] === '\r' && text[eol + 1] === '\n' ? eol + 2 : eol + 1;
    if (comma || i === 0) return { start: lineStart, end, newText: '' };
    // last entry without a trailing comma: drop the comma that ends the previous entry too
    const prevEnd = sorted[i - 1].span.end;
    return { start: prevEnd, end: p.span.end, newText: '' };
  }
  if (comma) return { start: p.span.start, end: eol, newText: '' };
  if (i > 0) return { start: sorted[i - 1].span.end, end: p.span.end, newText: '' };
  return { start: p.span.start, end: p.span.end, newText: '' };
}

/** `Fastify({ logger: { file: 'app.log' } })` hands the path to pino.destination; `logger.transport` is a pino transport. */
function checkFastify(model: SourceModel, call: CallSite, out: Report[]): void {
  const o = callOrigin(model, call);
  if (!o || o.module !== 'fastify' || memberPath(o, ['fastify']).length !== 0) return;
  const logger = asObject(propOf(call.args[0], 'logger')?.value);
  if (!logger) return;
  checkPinoTargets(model, propOf(logger, 'transport')?.value, out);
  const file = logger.props.find((p) => p.key === 'file');
  if (!file || !isFileDestination(model, file.value)) return;
  out.push({
    span: file.value.span,
    what: `Fastify's logger writes logs to the file${describePath(model, file.value)}`,
    todo: 'Remove the `file` option: Fastify\'s logger writes to stdout by default.',
    fix: { title: 'Log to stdout (remove `file`)', edits: [removePropertyEdit(model, logger, file)], preferred: !logger.incomplete },
  });
}

// ---- log4js -------------------------------------------------------------------------------------

const LOG4JS_FILE = new Set(['file', 'dateFile', 'fileSync', 'multiFile']);
const LOG4JS_STDOUT = new Set(['stdout', 'stderr', 'console']);
const LOG4JS_FILE_ONLY = new Set([
  'type', 'filename', 'maxLogSize', 'backups', 'compress', 'keepFileExt', 'pattern', 'alwaysIncludePattern', 'numBackups',
  'daysToKeep', 'numToKeep', 'mode', 'flags', 'encoding', 'fileNameSep', 'base', 'property', 'extension', 'timeout',
]);

function checkLog4js(model: SourceModel, call: CallSite, out: Report[]): void {
  const o = callOrigin(model, call, FALLBACK);
  if (!o || o.module !== 'log4js' || memberPath(o).join('.') !== 'configure') return;
  const appenders = resolve(propOf(call.args[0], 'appenders')?.value);
  const entries: Value[] = appenders?.kind === 'object' ? appenders.props.map((p) => p.value) : appenders?.kind === 'array' ? appenders.items : [];
  const typed = entries.map((e) => ({ obj: asObject(e), type: stringOf(propOf(e, 'type')?.value) }));
  const outputs = typed.filter((t) => t.type && (LOG4JS_FILE.has(t.type) || LOG4JS_STDOUT.has(t.type))).length;
  for (const { obj, type } of typed) {
    if (!obj || !type || !LOG4JS_FILE.has(type)) continue;
    const filename = propOf(obj, 'filename')?.value ?? propOf(obj, 'base')?.value;
    const { kept, lossy } = carryOver(model, obj, new Set(['layout']), LOG4JS_FILE_ONLY);
    const newText = `{ type: 'stdout'${kept.length ? ', ' + kept.join(', ') : ''} }`;
    out.push({
      span: obj.span,
      what: `log4js ${type} appender writes logs to a file${describePath(model, filename)}`,
      todo: 'Use a stdout appender ({ type: \'stdout\' }) and let the platform collect the stream.',
      fix: { title: 'Log to stdout (stdout appender)', edits: [{ ...obj.span, newText }], preferred: !lossy && outputs === 1 },
    });
  }
}

// ---- bunyan -------------------------------------------------------------------------------------

const BUNYAN_FILE_ONLY = new Set(['type', 'path', 'period', 'count', 'closeOnExit', 'reemitErrorEvents']);

function isBunyanFileStream(obj: ObjectValue): boolean {
  const type = stringOf(propOf(obj, 'type')?.value);
  if (type === 'file' || type === 'rotating-file') return true;
  return type === undefined && !!propOf(obj, 'path') && !propOf(obj, 'stream');
}

function checkBunyan(model: SourceModel, call: CallSite, out: Report[]): void {
  const o = callOrigin(model, call, FALLBACK);
  let streams: Value[] = [];
  const p = o?.module === 'bunyan' ? memberPath(o).join('.') : undefined;
  if (p === 'createLogger' || (p === '' && call.isNew)) {
    const s = resolve(propOf(call.args[0], 'streams')?.value);
    if (s?.kind === 'array') streams = s.items;
  } else if (call.name === 'addStream' && call.receiver && localNameOf(model, 'bunyan', 'default')) {
    streams = call.args.slice(0, 1);
  }
  const objs = streams.map(asObject);
  const outputs = objs.filter((x) => x && (isBunyanFileStream(x) || isStdStream(model, propOf(x, 'stream')?.value))).length;
  for (const obj of objs) {
    if (!obj || !isBunyanFileStream(obj)) continue;
    const type = stringOf(propOf(obj, 'type')?.value);
    const { kept, lossy } = carryOver(model, obj, new Set(['level', 'name']), BUNYAN_FILE_ONLY);
    const newText = `{ ${kept.map((k) => k + ', ').join('')}stream: process.stdout }`;
    out.push({
      span: obj.span,
      what: `bunyan ${type === 'rotating-file' ? 'rotating-file stream' : 'stream'} writes logs to a file${describePath(model, propOf(obj, 'path')?.value)}`,
      todo: 'Use { stream: process.stdout } and let the platform collect the stream.',
      fix: { title: 'Log to stdout (process.stdout stream)', edits: [{ ...obj.span, newText }], preferred: !lossy && outputs === 1 },
    });
  }
}

// ---- morgan and raw file streams -----------------------------------------------------------------

/** A call that opens a file for writing as a stream: `fs.createWriteStream`, rotating-file-stream, file-stream-rotator. */
function fileStreamKind(model: SourceModel, call: CallSite): 'fs' | 'rotating' | undefined {
  const o = callOrigin(model, call, FALLBACK);
  if (!o) return undefined;
  const p = memberPath(o);
  if (FS_MODULES.has(o.module) && p[p.length - 1] === 'createWriteStream') return 'fs';
  if (o.module === 'rotating-file-stream' && (p.join('.') === 'createStream' || p.length === 0)) return 'rotating';
  if (o.module === 'file-stream-rotator' && p.join('.') === 'getStream') return 'rotating';
  return undefined;
}

function checkMorgan(model: SourceModel, call: CallSite, out: Report[], inlineStreams: Set<number>): void {
  const o = callOrigin(model, call, FALLBACK);
  if (!o || o.module !== 'morgan' || memberPath(o).length !== 0) return;
  const stream = propOf(call.args[1], 'stream');
  const target = asCall(stream?.value);
  if (!stream || !target || !fileStreamKind(model, target)) return;
  if (sameSpan(stream.value.span, target.span)) inlineStreams.add(target.span.start);
  out.push({
    span: stream.value.span,
    what: `morgan writes access logs to a file stream${describePath(model, target.args[0])}`,
    todo: 'Pass process.stdout (morgan\'s default) and let the platform collect the stream.',
    fix: { title: 'Log to stdout (process.stdout)', edits: [valueEdit(stream, 'process.stdout')], preferred: true },
  });
}

/** Calls that make a logger out of a stream: `new Console(stream)`, `pino(opts, stream)`, winston `Stream`, bunyan, morgan. */
function isLoggerSink(model: SourceModel, call: CallSite): boolean {
  if (call.isNew && (call.callee === 'Console' || call.callee === 'console.Console')) return true;
  const o = callOrigin(model, call, FALLBACK);
  if (!o) return false;
  const p = memberPath(o, ['pino']).join('.');
  if (o.module === 'pino' && (p === '' || p === 'multistream')) return true;
  if (o.module === 'winston' && (p === 'transports.Stream' || p === 'createLogger')) return true;
  if (o.module === 'bunyan' && (p === 'createLogger' || p === '')) return true;
  return o.module === 'morgan' || (o.module === 'console' && p === 'Console');
}

const FS_WRITES = new Set(['appendFile', 'appendFileSync', 'writeFile', 'writeFileSync', 'open', 'openSync', 'createWriteStream']);

function flagOf(model: SourceModel, call: CallSite, op: string): string | undefined {
  if (op === 'open' || op === 'openSync') return stringOf(call.args[1]);
  if (op === 'createWriteStream') return stringOf(propOf(call.args[1], 'flags')?.value);
  const opts = call.args[2];
  return stringOf(propOf(opts, 'flag')?.value);
}

/** Looked up once per file: the calls that turn a stream into a logger, and the `x.write(…)` calls by receiver. */
interface StreamUse {
  sinks: CallSite[];
  writes: Map<string, CallSite[]>;
}

function streamUse(model: SourceModel): StreamUse {
  const use: StreamUse = { sinks: [], writes: new Map() };
  for (const c of model.calls) {
    if (c.name === 'write' && c.receiver) {
      const list = use.writes.get(c.receiver);
      if (list) list.push(c);
      else use.writes.set(c.receiver, [c]);
    } else if (c.args.length && isLoggerSink(model, c)) use.sinks.push(c);
  }
  return use;
}

function checkFs(model: SourceModel, call: CallSite, out: Report[], inlineStreams: Set<number>, use: StreamUse): void {
  const kind = fileStreamKind(model, call);
  const o = callOrigin(model, call, FALLBACK);
  const op = o ? memberPath(o)[memberPath(o).length - 1] : undefined;
  const isFs = !!o && FS_MODULES.has(o.module) && !!op && FS_WRITES.has(op);
  if (!isFs && kind !== 'rotating') return;
  if (inlineStreams.has(call.span.start)) return; // reported as morgan's stream
  if (isFs && op && /^(writeFile|writeFileSync|open|openSync)$/.test(op) && !/^a/.test(flagOf(model, call, op) ?? '')) return;
  const pathArg = call.args[0];
  let pieces = literalPieces(model, pathArg);
  if (kind === 'rotating') {
    const opts = asObject(call.args[1]) ?? asObject(call.args[0]);
    pieces = [...literalPieces(model, propOf(opts, 'path')?.value), ...pieces, ...literalPieces(model, propOf(opts, 'filename')?.value)];
  }
  // The name the path is kept under: `LOG_FILE`, `config.logFile`.
  const dotted = pathArg?.kind === 'identifier' ? pathArg.name : pathArg?.kind === 'other' ? pathArg.text.replace(/\s+/g, '') : '';
  const pathName = /^[\w$.]+$/.test(dotted) ? lastName(dotted) : undefined;
  const stream = op === 'createWriteStream' || kind === 'rotating';
  const loggedTo =
    stream &&
    (isLogName(call.assignedTo) ||
      use.sinks.some((c) => c !== call && argsReach(c, call.span)) ||
      (!!call.assignedTo && (use.writes.get(call.assignedTo) ?? []).some((c) => isLogName(c.functionName))));
  const logging = isLogPath(pieces) || isLogName(pathName) || loggedTo || (!stream && isLogName(call.functionName));
  if (!logging) return;
  const where = describePath(model, kind === 'rotating' && pathArg?.kind === 'object' ? propOf(pathArg, 'filename')?.value : pathArg);
  const what = stream ? `${call.callee}() opens a log file${where} for writing` : `${call.callee}() appends log lines to a file${where}`;
  let fix: Fix | undefined;
  // appendFile(Sync)(path, data[, cb]) as a statement is exactly a write of `data` to stdout.
  const st = call.statement;
  const isStatement = !!st && st.start === call.span.start && model.text.slice(call.span.end, st.end).trim().replace(/;$/, '') === '';
  const callbackStyle = op === 'appendFile' && !!o && o.module !== 'fs/promises' && !memberPath(o).includes('promises') && call.args.length === 3;
  if (isStatement && ((op === 'appendFileSync' && call.args.length === 2) || callbackStyle)) {
    const rest = call.args.slice(1).map((a) => textOf(model, a.span)).join(', ');
    fix = { title: 'Log to stdout (process.stdout.write)', edits: [{ ...call.span, newText: `process.stdout.write(${rest})` }], preferred: false };
  }
  out.push({ span: call.span, what, todo: 'Write log lines to stdout (console.log or process.stdout.write) and let the platform route them.', fix });
}

// ==== Python, Go, Java, Ruby, C#, PHP ============================================================

/** The keyword (named) argument `key` of a call. */
function kwarg(call: CallSite, key: string): Property | undefined {
  return call.kwargs?.find((p) => p.key === key);
}

/** `Path.of(…)` / `Paths.get(…)` receivers (Java NIO). */
const JAVA_PATHS = /(^|\.)Paths?$/;

/**
 * The literal pieces of a value that names a file: the string, a template's text, the default of an
 * environment lookup, the strings of a path built by a join or a format call, or of an expression
 * (`__DIR__ . '/logs/app.log'`, `BASE_DIR / "logs"`). Undefined when nothing of it is known.
 */
function pathPiecesOf(model: SourceModel, v: Value | undefined, depth = 0): string[] | undefined {
  const r = resolve(v);
  if (!r || depth > 6) return undefined;
  switch (r.kind) {
    case 'string':
      return [r.value];
    case 'template':
      return r.parts.some((p) => p.trim() !== '') ? r.parts : undefined;
    case 'env':
      return r.fallback ? pathPiecesOf(model, r.fallback, depth + 1) : undefined;
    case 'call': {
      const c = r.call;
      if (FORMATTERS.has(c.name)) return pathPiecesOf(model, c.args[0], depth + 1);
      if (!PATH_JOINERS.has(c.name)) return undefined;
      // `Path.of(…)`, `Paths.get(…)`: `of`/`get` build paths only on those receivers
      if ((c.name === 'of' || c.name === 'get') && !JAVA_PATHS.test(c.receiver ?? '')) return undefined;
      const all = c.args.flatMap((a) => pathPiecesOf(model, a, depth + 1) ?? []);
      return all.length ? all : undefined;
    }
    case 'other': {
      const p = literalPieces(model, r);
      return p.length ? p : undefined;
    }
    default:
      return undefined;
  }
}

/** What a destination is: a standard stream, something that is not a kept file (null device, memory, syslog), a file, or unknown. */
function targetKind(pieces: string[] | undefined): 'std' | 'none' | 'file' | undefined {
  if (!pieces) return undefined;
  const t = pieces.map((p) => p.trim());
  if (t.some((p) => STD_TARGETS.has(p))) return 'std';
  if (t.some((p) => NON_FILE_TARGETS.has(p) || p.startsWith('php://'))) return 'none';
  return t.join('') === '' ? undefined : 'file';
}

/** True when the pieces name a log file (`*.log`, or inside a `log/` or `logs/` folder). */
function isLogFile(pieces: string[] | undefined): boolean {
  return !!pieces && targetKind(pieces) === 'file' && isLogPath(pieces);
}

/** ` "logs/app.log"` for a literal, `` `storage_path('logs/laravel.log')` `` for a short expression, or nothing. */
function describeTarget(model: SourceModel, v: Value | undefined): string {
  if (!v) return '';
  const r = resolve(v) ?? v;
  if (r.kind === 'string') return ` "${r.value}"`;
  const t = textOf(model, v.span).replace(/\s+/g, ' ').trim();
  return t && t.length <= 80 ? ` \`${t}\`` : '';
}

/** From the called name to the end of the call: where a call in a multi-line chain is reported (`.WriteTo.File(…)`). */
function calleeSpan(model: SourceModel, call: CallSite): Span {
  let end = call.argsSpan.start;
  while (end > call.span.start && /\s/.test(model.text[end - 1])) end--;
  const start = end - call.name.length;
  return start >= call.span.start && model.text.slice(start, end) === call.name ? { start, end: call.span.end } : call.span;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** An edit deleting the whole lines of `span` when nothing else is on them; undefined otherwise. */
function removeLinesEdit(model: SourceModel, span: Span): { start: number; end: number; newText: string } | undefined {
  const text = model.text;
  const start = lineStart(text, span.start);
  if (text.slice(start, span.start).trim() !== '') return undefined;
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  let eol = text.indexOf('\n', end);
  if (eol < 0) eol = text.length;
  const rest = text.slice(end, eol).trim();
  if (rest !== '' && rest !== ';' && !rest.startsWith(model.idioms.lineComment)) return undefined;
  return { start, end: Math.min(text.length, eol + 1), newText: '' };
}

/** Edits removing the items at `remove` (indices into `items`, in source order) from a comma-separated list. */
function removeItemsEdits(items: Span[], remove: Set<number>): { start: number; end: number; newText: string }[] {
  const out: { start: number; end: number; newText: string }[] = [];
  const firstKept = items.findIndex((_, i) => !remove.has(i));
  for (let i = 0; i < items.length; i++) {
    if (!remove.has(i)) continue;
    if (firstKept < 0) return [{ start: items[0].start, end: items[items.length - 1].end, newText: '' }];
    if (i < firstKept) {
      if (i === 0) out.push({ start: items[0].start, end: items[firstKept].start, newText: '' });
      continue;
    }
    out.push({ start: items[i - 1].end, end: items[i].end, newText: '' });
  }
  return out;
}

/** The positional and keyword arguments of a call, in source order. */
function allArgs(call: CallSite): { span: Span; key?: string; value: Value }[] {
  const list: { span: Span; key?: string; value: Value }[] = call.args.map((a) => ({ span: a.span, value: a }));
  for (const p of call.kwargs ?? []) list.push({ span: p.span, key: p.key, value: p.value });
  return list.sort((a, b) => a.span.start - b.span.start);
}

function lineOf(model: SourceModel, offset: number): number {
  let lo = 0;
  let hi = model.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (model.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

// ---- Python -------------------------------------------------------------------------------------

const PY_HANDLER_RECEIVER = /^(logging|logging\.handlers|handlers|concurrent_log_handler)$/;

function isPyFileHandler(call: CallSite, importsLogging: boolean): boolean {
  return PY_FILE_HANDLERS.has(call.name) && (call.receiver ? PY_HANDLER_RECEIVER.test(call.receiver) : importsLogging);
}

function checkPython(model: SourceModel, out: Report[]): void {
  const importsLogging = model.imports.some((i) => PY_HANDLER_MODULES.has(i.module));
  const importsLoguru = model.imports.some((i) => i.module === 'loguru');
  const handlers = model.calls.filter((c) => isPyFileHandler(c, importsLogging));
  const stdoutHandlers =
    model.calls.filter((c) => c.name === 'StreamHandler').length + model.strings.filter((s) => s.context.key === 'class' && s.value === 'logging.StreamHandler').length;
  const stdout = 'logging.StreamHandler(sys.stdout)';
  for (const call of handlers) {
    const path = call.args[0] ?? kwarg(call, 'filename')?.value;
    out.push({
      span: call.span,
      what: `${call.callee} writes logs to a file${describeTarget(model, path)}`,
      todo: 'Use logging.StreamHandler(sys.stdout) and let the platform collect the stream.',
      fix: {
        title: 'Log to stdout (StreamHandler(sys.stdout))',
        edits: [{ ...call.span, newText: stdout }, ...model.idioms.envImportEdits(stdout)],
        // several handlers of one logger would each print every line once the fix is applied
        preferred: handlers.length === 1 && stdoutHandlers === 0,
      },
    });
  }
  const loguruSinks = importsLoguru ? model.calls.filter((c) => c.name === 'add' && c.receiver === 'logger' && c.args.length > 0) : [];
  const loguruFiles = loguruSinks.filter((c) => targetKind(pathPiecesOf(model, c.args[0])) === 'file');
  for (const call of model.calls) {
    if (call.callee === 'logging.basicConfig' || (call.callee === 'basicConfig' && importsLogging)) checkBasicConfig(model, call, out);
    else if (loguruFiles.includes(call)) {
      const items = allArgs(call);
      const drop = new Set(items.flatMap((it, i) => (it.key && LOGURU_FILE_ONLY.has(it.key) ? [i] : [])));
      const code = 'sys.stdout';
      out.push({
        span: call.span,
        what: `loguru writes logs to the file${describeTarget(model, call.args[0])}`,
        todo: 'Add a sys.stdout sink instead (rotation and retention are the platform\'s job).',
        fix: {
          title: 'Log to stdout (sys.stdout sink)',
          edits: [{ ...call.args[0].span, newText: code }, ...removeItemsEdits(items.map((i) => i.span), drop), ...model.idioms.envImportEdits(code)],
          preferred: loguruFiles.length === 1 && loguruSinks.length === 1,
        },
      });
    } else if (call.callee === 'open' || call.callee === 'io.open' || call.callee === 'codecs.open') checkPyOpen(model, call, out);
  }
  for (const s of model.strings) {
    const key = s.context.key;
    if (key === 'class' && PY_FILE_HANDLER_CLASSES.has(s.value)) {
      out.push({
        span: s.span,
        what: `the logging configuration's handler "${s.value}" writes logs to a file`,
        todo: 'Use "class": "logging.StreamHandler" with "stream": "ext://sys.stdout" and drop the file settings.',
      });
    } else if (key && GUNICORN_LOG_SETTINGS.has(key) && s.context.keyPath.length === 0 && !s.context.call && targetKind([s.value]) === 'file') {
      out.push({
        span: s.span,
        what: `gunicorn's ${key} writes logs to the file "${s.value}"`,
        todo: `Set ${key} = "-" (gunicorn writes to stdout/stderr).`,
        fix: { title: 'Log to stdout ("-")', edits: [{ ...s.span, newText: '"-"' }], preferred: true },
      });
    }
  }
}

function checkBasicConfig(model: SourceModel, call: CallSite, out: Report[]): void {
  const file = kwarg(call, 'filename');
  if (!file || targetKind(pathPiecesOf(model, file.value)) !== 'file') return;
  let fix: Fix | undefined;
  if (!kwarg(call, 'stream') && !kwarg(call, 'handlers')) {
    const items = allArgs(call);
    const drop = new Set(items.flatMap((it, i) => (it.key && it.key !== 'filename' && PY_BASIC_FILE_ONLY.has(it.key) ? [i] : [])));
    const code = 'stream=sys.stdout';
    fix = {
      title: 'Log to stdout (stream=sys.stdout)',
      edits: [{ ...file.span, newText: code }, ...removeItemsEdits(items.map((i) => i.span), drop), ...model.idioms.envImportEdits(code)],
      preferred: true,
    };
  }
  out.push({
    span: call.span,
    what: `logging.basicConfig writes logs to the file${describeTarget(model, file.value)}`,
    todo: 'Pass stream=sys.stdout instead of filename.',
    fix,
  });
}

function checkPyOpen(model: SourceModel, call: CallSite, out: Report[]): void {
  const path = call.args[0] ?? kwarg(call, 'file')?.value;
  const pieces = pathPiecesOf(model, path);
  if (targetKind(pieces) !== 'file') return;
  const mode = stringOf(call.args[1] ?? kwarg(call, 'mode')?.value) ?? 'r';
  const toLogger = model.calls.some(
    (c) => c !== call && PY_STREAM_SINKS.has(c.name) && [...c.args, ...(c.kwargs ?? []).map((p) => p.value)].some((a) => sameSpan((resolve(a) ?? a).span, call.span)),
  );
  if (!((mode.includes('a') && isLogPath(pieces ?? [])) || (toLogger && /[aw+x]/.test(mode)))) return;
  out.push({
    span: call.span,
    what: `open() appends log lines to the file${describeTarget(model, path)}`,
    todo: 'Write log lines to stdout (print, sys.stdout.write or a logging.StreamHandler) and let the platform route them.',
  });
}

// ---- Go -----------------------------------------------------------------------------------------

const GO_WRITE_FLAGS = /\bO_(WRONLY|RDWR|APPEND|CREATE)\b/;
const LUMBERJACK = /(^|\.)lumberjack[\w.]*\.Logger$/;

function checkGo(model: SourceModel, out: Report[]): void {
  // Files handed to a logger, even when their name does not say "log".
  const toLogger = new Set<number>();
  const mark = (v: Value | undefined, depth = 0): void => {
    const r = resolve(v);
    if (!r || r.kind !== 'call' || depth > 4) return;
    if (r.call.callee === 'io.MultiWriter') r.call.args.forEach((a) => mark(a, depth + 1));
    else toLogger.add(r.call.span.start);
  };
  for (const c of model.calls) {
    const i = GO_WRITER_SINKS[c.callee] ?? (c.name === 'SetOutput' ? 0 : undefined);
    if (i !== undefined) mark(c.args[i]);
  }
  const reported = new Set<string>();
  const push = (r: Report) => {
    const key = `${r.span.start}:${r.span.end}`;
    if (!reported.has(key)) out.push(r);
    reported.add(key);
  };
  for (const c of model.calls) {
    if (c.callee === 'os.OpenFile' || c.callee === 'os.Create') {
      if (c.callee === 'os.OpenFile' && !GO_WRITE_FLAGS.test(textOf(model, c.args[1]?.span ?? c.argsSpan))) continue;
      const pieces = pathPiecesOf(model, c.args[0]);
      const kind = targetKind(pieces);
      if (kind === 'std' || kind === 'none') continue;
      if (!isLogFile(pieces) && !toLogger.has(c.span.start)) continue;
      push({
        span: c.span,
        what: `${c.callee}() opens the log file${describeTarget(model, c.args[0])} for writing`,
        todo: 'Write logs to os.Stdout (log.SetOutput(os.Stdout), slog.NewJSONHandler(os.Stdout, nil)) and let the platform collect the stream.',
      });
    }
    for (const a of c.args) {
      walkValue(a, (v) => {
        if (v.kind === 'object' && v.type && LUMBERJACK.test(v.type)) {
          const file = v.props.find((p) => p.key === 'Filename');
          push(lumberjackReport(model, file?.value ?? v));
        }
      });
    }
  }
  for (const s of model.strings) {
    if (s.context.objectType && LUMBERJACK.test(s.context.objectType) && s.context.key === 'Filename') push(lumberjackReport(model, { kind: 'string', value: s.value, span: s.span }));
    else if (s.context.key && ZAP_OUTPUT_FIELDS.has(s.context.key) && targetKind([s.value.replace(/^file:\/\//, '')]) === 'file') push(zapReport(model, s));
  }
}

function lumberjackReport(model: SourceModel, at: Value): Report {
  return {
    span: at.span,
    what: `lumberjack writes rotating log files${at.kind === 'object' ? '' : describeTarget(model, at)}`,
    todo: 'Write logs to os.Stdout and leave rotation to the platform.',
  };
}

/** A file in zap's OutputPaths: replaced by stdout/stderr, or removed when the list already has one. */
function zapReport(model: SourceModel, s: StringLiteral): Report {
  const field = s.context.key ?? 'OutputPaths';
  const std = field === 'ErrorOutputPaths' ? 'stderr' : 'stdout';
  // the other entries of the same list: literals of the same field separated only by commas
  const same = model.strings.filter((x) => x.context.key === field && x.context.objectType === s.context.objectType).sort((a, b) => a.span.start - b.span.start);
  let i = same.indexOf(s);
  let first = i;
  while (first > 0 && /^[\s,]*$/.test(model.text.slice(same[first - 1].span.end, same[first].span.start))) first--;
  let last = i;
  while (last < same.length - 1 && /^[\s,]*$/.test(model.text.slice(same[last].span.end, same[last + 1].span.start))) last++;
  const list = same.slice(first, last + 1);
  i = list.indexOf(s);
  const hasStd = list.some((x) => x !== s && targetKind([x.value]) === 'std');
  const edits = hasStd ? removeItemsEdits(list.map((x) => x.span), new Set([i])) : [{ ...s.span, newText: `"${std}"` }];
  return {
    span: s.span,
    what: `zap's ${field} writes logs to the file "${s.value}"`,
    todo: `Use "${std}" and let the platform collect the stream.`,
    fix: { title: hasStd ? 'Log to stdout (remove the file path)' : `Log to ${std} ("${std}")`, edits, preferred: true },
  };
}

// ---- Java ---------------------------------------------------------------------------------------

const JAVA_FILE_STREAM = /^(java\.io\.)?(FileOutputStream|FileWriter|RandomAccessFile|File)$/;
const JAVA_WRAPPING_WRITER = /^(java\.io\.)?(PrintStream|PrintWriter|BufferedWriter|OutputStreamWriter|BufferedOutputStream)$/;
const JAVA_FILES_WRITER = /^Files\.new(BufferedWriter|OutputStream)$/;
const JAVA_APPENDING_WRITER = /^(java\.io\.)?(FileWriter|FileOutputStream)$/;
const JAVA_FILES_WRITE = /^Files\.(write|writeString|newBufferedWriter|newOutputStream)$/;
const JAVA_APPEND_OPTION = /\bAPPEND\b/;
const TINYLOG_WRITER_KEY = /^writer\w*$/;
const TINYLOG_FILE_KEY = /^writer\w*\.file$/;
const SPRING_INLINE_SETTING = /^logging\.(file\.name|file\.path|file|path)=(.+)$/;

function javaImports(model: SourceModel, fqn: string): boolean {
  const pkg = fqn.slice(0, fqn.lastIndexOf('.'));
  return model.imports.some((i) => i.module === fqn || i.module === pkg || i.module === `${pkg}.*`);
}

/** `new FileOutputStream(…)`, `new FileWriter(…)` and friends: a Java writer on a file, with whether it appends. */
function javaFileWriter(model: SourceModel, v: Value | undefined, depth = 0): CallSite | undefined {
  const c = asCall(v);
  if (!c || depth > 4) return undefined;
  if (c.isNew && JAVA_FILE_STREAM.test(c.callee)) return c;
  if (c.isNew && JAVA_WRAPPING_WRITER.test(c.callee)) {
    const first = resolve(c.args[0]);
    if (first?.kind === 'string' || first?.kind === 'template') return c;
    return javaFileWriter(model, c.args[0], depth + 1);
  }
  if (JAVA_FILES_WRITER.test(c.callee)) return c;
  return undefined;
}

function checkJava(model: SourceModel, out: Report[]): void {
  const julFile = javaImports(model, 'java.util.logging.FileHandler');
  const logbackFile = [...LOGBACK_FILE_APPENDERS].some((n) => javaImports(model, n === 'FileAppender' ? 'ch.qos.logback.core.FileAppender' : 'ch.qos.logback.core.rolling.RollingFileAppender'));
  const log4j = model.imports.some((i) => i.module.startsWith('org.apache.logging.log4j'));
  const tinylog = model.imports.some((i) => i.module.startsWith('org.tinylog'));
  const appenders = new Set(
    model.calls
      .filter((c) => c.isNew && LOGBACK_FILE_APPENDERS.has(c.name) && (c.callee.startsWith('ch.qos.logback.') || (c.callee === c.name && logbackFile)) && c.assignedTo)
      .map((c) => c.assignedTo as string),
  );
  for (const c of model.calls) {
    if (c.isNew && (c.callee === 'java.util.logging.FileHandler' || (c.callee === 'FileHandler' && julFile))) {
      out.push({
        span: c.span,
        what: `java.util.logging FileHandler writes logs to a file${describeTarget(model, c.args[0])}`,
        todo: 'Use a ConsoleHandler (or a StreamHandler on System.out) and let the platform collect the stream.',
      });
    } else if (c.name === 'setFile' && c.receiver && appenders.has(c.receiver)) {
      out.push({
        span: c.span,
        what: `${c.receiver}.setFile() makes a logback file appender write logs to the file${describeTarget(model, c.args[0])}`,
        todo: 'Use a ch.qos.logback.core.ConsoleAppender and let the platform collect the stream.',
      });
    } else if (LOG4J2_FILE_SETTERS.has(c.name) && (log4j || /FileAppender/.test(c.callee))) {
      out.push({
        span: calleeSpan(model, c),
        what: `a log4j2 file appender writes logs to the file${describeTarget(model, c.args[0])}`,
        todo: 'Use a Console appender (target SYSTEM_OUT) and let the platform collect the stream.',
      });
    } else if ((c.callee === 'System.setOut' || c.callee === 'System.setErr') && javaFileWriter(model, c.args[0])) {
      out.push({
        span: c.span,
        what: `${c.callee}() redirects the process's ${c.name === 'setOut' ? 'stdout' : 'stderr'} to a file`,
        todo: 'Leave stdout and stderr alone: the platform collects them.',
      });
    } else if (c.isNew && JAVA_APPENDING_WRITER.test(c.callee)) {
      const append = resolve(c.args[1]);
      if (append?.kind === 'boolean' && append.value && isLogFile(pathPiecesOf(model, c.args[0]))) {
        out.push({
          span: c.span,
          what: `new ${c.name}() appends log lines to the file${describeTarget(model, c.args[0])}`,
          todo: 'Write log lines to stdout (System.out or a logger with a console appender) and let the platform route them.',
        });
      }
    } else if (JAVA_FILES_WRITE.test(c.callee) && c.args.some((a) => JAVA_APPEND_OPTION.test(textOf(model, a.span)))) {
      if (isLogFile(pathPiecesOf(model, c.args[0]))) {
        out.push({
          span: c.span,
          what: `${c.callee}() appends log lines to the file${describeTarget(model, c.args[0])}`,
          todo: 'Write log lines to stdout (System.out or a logger with a console appender) and let the platform route them.',
        });
      }
    } else if (tinylog && c.callee === 'Configuration.set') {
      const key = stringOf(c.args[0]);
      const value = stringOf(c.args[1]);
      if (key && ((TINYLOG_WRITER_KEY.test(key) && value && TINYLOG_FILE_WRITERS.has(value)) || TINYLOG_FILE_KEY.test(key))) {
        out.push({
          span: c.span,
          what: /\.file$/.test(key) ? `tinylog's ${key} makes a file writer write logs to${describeTarget(model, c.args[1]) || ' a file'}` : `tinylog's ${key} is a "${value}" writer, which writes logs to a file`,
          todo: 'Use the console writer (writer = console) and let the platform collect the stream.',
        });
      }
    }
  }
  for (const s of model.strings) checkSpringKey(model, s, out);
}

/** `logging.file.name` and friends, as a key (properties, YAML, `System.setProperty`) or inline (`"logging.file.name=app.log"`). */
function checkSpringKey(model: SourceModel, s: StringLiteral, out: Report[]): void {
  const key = s.context.key && SPRING_LOG_FILE_KEYS.has(s.context.key) ? s.context.key : s.context.keyPath.length > 1 && SPRING_LOG_FILE_KEYS.has(s.context.keyPath.join('.')) ? s.context.keyPath.join('.') : undefined;
  const inline = !key && SPRING_INLINE_SETTING.exec(s.value);
  const name = key ?? (inline ? inline[0].slice(0, inline[0].indexOf('=')) : undefined);
  if (!name || s.context.nonValue || s.context.comparison) return;
  const value = key ? s.value : inline ? inline[2] : '';
  if (targetKind([value]) !== 'file') return;
  out.push({
    span: s.span,
    what: `Spring Boot's ${name} makes the app write a log file${value ? ` "${value}"` : ''}`,
    todo: `Remove ${name}: Spring Boot logs to the console by default.`,
  });
}

// ---- Ruby ---------------------------------------------------------------------------------------

/** Where a Ruby IO argument writes: a standard stream, the null device, a file, or unknown. */
function rubyTarget(model: SourceModel, v: Value | undefined): 'std' | 'none' | 'file' | undefined {
  const r = resolve(v);
  if (!r) return undefined;
  if (r.kind === 'identifier' || r.kind === 'other') {
    const name = r.kind === 'identifier' ? r.name : r.text.trim();
    if (RUBY_STD_STREAMS.has(name)) return 'std';
    if (/^(::)?(IO|File)::NULL$/.test(name)) return 'none';
    return r.kind === 'other' ? targetKind(pathPiecesOf(model, r)) : undefined;
  }
  if (r.kind === 'call') {
    const c = r.call;
    if (c.callee === 'File.open' || c.callee === 'File.new' || (c.isNew && c.callee === 'File')) return targetKind(pathPiecesOf(model, c.args[0])) === 'std' ? 'std' : 'file';
    return targetKind(pathPiecesOf(model, r));
  }
  return targetKind(pathPiecesOf(model, r));
}

const RUBY_WRITE_FLAGS = /\b(APPEND|WRONLY|RDWR|CREAT)\b/;
const SEMANTIC_LOGGER = /(^|::)SemanticLogger$/;
const RUBY_WRITE_MODE = /^[rwa]\+?|^[wa]/;

function rubyFileWrites(model: SourceModel, c: CallSite): boolean {
  if (!(c.callee === 'File.open' || c.callee === 'File.new' || (c.isNew && c.callee === 'File'))) return false;
  const mode = resolve(c.args[1]);
  if (mode?.kind === 'string') return RUBY_WRITE_MODE.test(mode.value) && mode.value !== 'r';
  if (mode) return RUBY_WRITE_FLAGS.test(textOf(model, mode.span));
  const m = kwarg(c, 'mode');
  return !!m && /[wa+]/.test(stringOf(m.value) ?? textOf(model, m.value.span));
}

function checkRuby(model: SourceModel, out: Report[]): void {
  for (const c of model.calls) {
    if (c.isNew && c.name === 'Logger' && RUBY_LOGGER_RECEIVERS.has(c.receiver ?? '') && c.args.length && rubyTarget(model, c.args[0]) === 'file') {
      const first = c.args[0];
      const lastArg = c.args[c.args.length - 1];
      out.push({
        span: c.span,
        what: `${c.callee}.new writes logs to the file${describeTarget(model, first)}`,
        todo: 'Log to $stdout (Logger.new($stdout)) and let the platform collect the stream.',
        fix: { title: 'Log to stdout (Logger.new($stdout))', edits: [{ start: first.span.start, end: lastArg.span.end, newText: '$stdout' }], preferred: true },
      });
    } else if (c.name === 'add_appender' && SEMANTIC_LOGGER.test(c.receiver ?? '')) {
      const file = kwarg(c, 'file_name');
      if (!file) continue;
      out.push({
        span: c.span,
        what: `SemanticLogger writes logs to the file${describeTarget(model, file.value)}`,
        todo: 'Add an io: $stdout appender instead.',
        fix: { title: 'Log to stdout (io: $stdout)', edits: [{ ...file.span, newText: 'io: $stdout' }], preferred: true },
      });
    } else if (!c.receiver && RUBY_SERVER_REDIRECTS.has(c.name) && c.args.some((a) => rubyTarget(model, a) === 'file')) {
      const remove = removeLinesEdit(model, c.statement ?? c.span);
      out.push({
        span: c.span,
        what: `${c.name} redirects the server's output to log files${describeTarget(model, c.args[0])}`,
        todo: `Remove ${c.name}: the server then writes to stdout and stderr, which the platform collects.`,
        fix: remove ? { title: `Log to stdout (remove ${c.name})`, edits: [remove], preferred: true } : undefined,
      });
    } else if (c.name === 'reopen' && RUBY_STD_STREAMS.has(c.receiver ?? '') && c.args.length && rubyTarget(model, c.args[0]) === 'file') {
      const remove = removeLinesEdit(model, c.statement ?? c.span);
      out.push({
        span: c.span,
        what: `${c.receiver}.reopen redirects the process's output to the file${describeTarget(model, c.args[0])}`,
        todo: `Leave ${c.receiver} alone: the platform collects it.`,
        fix: remove ? { title: 'Log to stdout (remove the redirect)', edits: [remove], preferred: true } : undefined,
      });
    } else if (rubyFileWrites(model, c) && isLogFile(pathPiecesOf(model, c.args[0]))) {
      // `use Rack::CommonLogger, File.new(…)`: the logger takes $stdout as well
      const use = model.calls.find((u) => !u.receiver && u.name === 'use' && u.args.length >= 2 && /CommonLogger$/.test(textOf(model, u.args[0].span)) && sameSpan(u.args[1].span, c.span));
      out.push({
        span: c.span,
        what: `${c.callee === 'File' ? 'File.new' : c.callee} opens the log file${describeTarget(model, c.args[0])} for writing`,
        todo: 'Write log lines to $stdout (puts, $stdout.puts or a Logger on $stdout) and let the platform route them.',
        fix: use ? { title: 'Log to stdout ($stdout)', edits: [{ ...c.span, newText: '$stdout' }], preferred: true } : undefined,
      });
    }
  }
  // Rails `config.paths["log"] = "…"`
  for (const s of model.strings) {
    if (s.context.key !== 'log' || targetKind([s.value]) !== 'file') continue;
    const line = lineOf(model, s.span.start);
    if (!model.calls.some((c) => c.name === 'paths' && c.span.end <= s.span.start && lineOf(model, c.span.start) === line)) continue;
    out.push({
      span: s.span,
      what: `config.paths["log"] makes Rails write its log to the file "${s.value}"`,
      todo: 'Log to stdout instead: config.logger = ActiveSupport::Logger.new($stdout).',
    });
  }
}

// ---- C# -----------------------------------------------------------------------------------------

/** Receivers that are logging builders or logger factories (`builder.Logging`, `loggerFactory`, `logging`), not zip or form builders. */
const CS_LOGGING_BUILDER = /(logging|logger|loggerFactory|loggingBuilder)$/i;
const CS_LOGGING_SETUP = new Set(['AddLogging', 'ConfigureLogging']);
const CS_LOGGING_NAMESPACE = /^(NLog|log4net)(\.|$)/;
const CS_FILE_OPENERS = /^(AppendText|CreateText|Open|OpenWrite|Create)$/;
const SERILOG_SINK_RECEIVER = /(^|\.)(WriteTo|AuditTo)$/;

function checkCSharp(model: SourceModel, out: Report[]): void {
  const usesNLogOrLog4net = model.imports.some((i) => CS_LOGGING_NAMESPACE.test(i.module));
  // Serilog chains that already have a console sink (keyed by where the chain starts)
  const consoleChains = new Set(model.calls.filter((c) => c.name === 'Console' && SERILOG_SINK_RECEIVER.test(c.receiver ?? '')).map((c) => c.span.start));
  const wrappers = model.calls.filter((c) => SERILOG_WRAPPERS.has(c.name) && /(^|\.)WriteTo$/.test(c.receiver ?? ''));
  // `services.AddLogging(b => b.AddFile(…))`: the lambda's parameter is a logging builder, whatever its name
  const loggingSetups = model.calls.filter((c) => CS_LOGGING_SETUP.has(c.name));
  for (const c of model.calls) {
    const wrapped = wrappers.some((w) => w !== c && within(c.span, w.argsSpan));
    if (SERILOG_FILE_SINKS.has(c.name) && c.receiver && (SERILOG_SINK_RECEIVER.test(c.receiver) || wrapped)) {
      out.push(serilogReport(model, c, wrapped, consoleChains.has(c.span.start) || wrappers.some((w) => within(c.span, w.argsSpan) && consoleChains.has(w.span.start))));
    } else if (CS_FILE_LOGGER_METHODS.has(c.name) && c.receiver && (c.name === 'WriteToFile' || CS_LOGGING_BUILDER.test(lastName(c.receiver)) || loggingSetups.some((l) => within(c.span, l.argsSpan)))) {
      out.push({
        span: calleeSpan(model, c),
        what: `${c.name}() adds a logger that writes to the file${describeTarget(model, c.args[0])}`,
        todo: 'Log to the console (AddConsole, WriteToConsole) and let the platform collect the stream.',
      });
    } else if (c.isNew && CS_FILE_TARGETS[c.name] && (usesNLogOrLog4net || CS_LOGGING_NAMESPACE.test(c.callee))) {
      const key = CS_FILE_TARGETS[c.name];
      const path = model.strings.find((s) => s.context.objectType === c.name && s.context.key === key && within(s.span, c.span));
      out.push({
        span: path ? path.span : c.span,
        what: `${c.name} writes logs to a file${path ? ` "${path.value}"` : ''}`,
        todo: 'Use a console target (NLog ConsoleTarget, log4net ConsoleAppender) and let the platform collect the stream.',
      });
    } else if (c.isNew && CS_FILE_LOGGERS.has(c.name)) {
      if (/TraceListener$/.test(c.name) && targetKind(pathPiecesOf(model, c.args[0])) !== 'file') continue;
      out.push({
        span: c.span,
        what: `${c.name} writes logs to a file${describeTarget(model, c.args[0])}`,
        todo: 'Log to the console (ConsoleTraceListener, AddConsole) and let the platform collect the stream.',
      });
    } else if ((c.callee === 'Console.SetOut' || c.callee === 'Console.SetError') && csFileWriter(model, c.args[0])) {
      out.push({
        span: c.span,
        what: `${c.callee}() redirects the process's ${c.name === 'SetOut' ? 'stdout' : 'stderr'} to a file`,
        todo: 'Leave the console alone: the platform collects stdout and stderr.',
      });
    } else if (c.receiver === 'File' && CS_APPEND_METHODS.has(c.name) && isLogFile(pathPiecesOf(model, c.args[0]))) {
      out.push({
        span: c.span,
        what: `File.${c.name}() appends log lines to the file${describeTarget(model, c.args[0])}`,
        todo: 'Write log lines to stdout (Console.WriteLine or an ILogger with the console provider) and let the platform route them.',
      });
    } else if (c.isNew && c.name === 'StreamWriter' && isLogFile(pathPiecesOf(model, c.args[0]))) {
      const append = resolve(c.args[1] ?? kwarg(c, 'append')?.value);
      if (append?.kind === 'boolean' && append.value) {
        out.push({
          span: c.span,
          what: `new StreamWriter() appends log lines to the file${describeTarget(model, c.args[0])}`,
          todo: 'Write log lines to stdout (Console.WriteLine or an ILogger with the console provider) and let the platform route them.',
        });
      }
    }
  }
}

/** A C# writer on a file: `new StreamWriter(path …)`, `File.AppendText(…)`, `new StreamWriter(File.Open(…))`. */
function csFileWriter(model: SourceModel, v: Value | undefined, depth = 0): boolean {
  const r = resolve(v);
  if (!r || depth > 4) return false;
  const c = r.kind === 'call' ? r.call : undefined;
  const typed = r.kind === 'object' ? r.type : undefined;
  if (typed === 'StreamWriter') {
    // an object initializer hides the constructor's arguments: find the call it comes from
    const ctor = model.calls.find((x) => x.isNew && x.name === 'StreamWriter' && within(x.span, r.span));
    return !!ctor && csFileWriter(model, { kind: 'call', call: ctor, span: ctor.span }, depth + 1);
  }
  if (!c) return false;
  if (c.receiver === 'File' && CS_FILE_OPENERS.test(c.name)) return true;
  if (c.isNew && /^(StreamWriter|FileStream)$/.test(c.name)) {
    const first = resolve(c.args[0]);
    if (first?.kind === 'call') return csFileWriter(model, first, depth + 1);
    return targetKind(pathPiecesOf(model, c.args[0])) === 'file';
  }
  return false;
}

function serilogReport(model: SourceModel, c: CallSite, wrapped: boolean, hasConsole: boolean): Report {
  const audit = /AuditTo$/.test(c.receiver ?? '');
  const path = c.args.find((a) => resolve(a)?.kind === 'string') ?? kwarg(c, 'path')?.value;
  const span = calleeSpan(model, c);
  const what = `Serilog's ${c.name} sink writes logs to the file${describeTarget(model, path)}`;
  const todo = audit ? 'Audit to a sink the platform keeps (a database or a log service), or log to the console.' : 'Use WriteTo.Console() and let the platform collect the stream.';
  if (audit) return { span, what, todo };
  if (hasConsole && !wrapped) {
    // `.WriteTo.File(…)` in a chain that already writes to the console: remove the sink
    const text = model.text;
    let start = span.start;
    const back = (s: number) => {
      while (s > 0 && /\s/.test(text[s - 1])) s--;
      return s;
    };
    start = back(start);
    if (text[start - 1] === '.') start = back(start - 1);
    if (text.slice(start - 'WriteTo'.length, start) === 'WriteTo') start = back(start - 'WriteTo'.length);
    if (text[start - 1] === '.') start -= 1;
    else return { span, what, todo };
    const removal = removeLinesEdit(model, { start, end: c.span.end }) ?? { start, end: c.span.end, newText: '' };
    return { span, what, todo, fix: { title: 'Log to stdout (remove the file sink; the console sink stays)', edits: [removal], preferred: true } };
  }
  if (hasConsole) return { span, what, todo };
  const formatter = c.args.find((a) => resolve(a)?.kind === 'call' && (resolve(a) as { call: CallSite }).call.isNew);
  const kept = [...(formatter ? [textOf(model, formatter.span)] : []), ...(c.kwargs ?? []).filter((p) => SERILOG_CONSOLE_KEEP.has(p.key)).map((p) => textOf(model, p.span))];
  const lossy = (c.kwargs ?? []).some((p) => !SERILOG_CONSOLE_KEEP.has(p.key) && !SERILOG_FILE_ONLY.has(p.key));
  return {
    span,
    what,
    todo,
    fix: { title: 'Log to stdout (Console sink)', edits: [{ ...span, newText: `Console(${kept.join(', ')})` }], preferred: !lossy },
  };
}

// ---- PHP ----------------------------------------------------------------------------------------

const PHP_STD_CONSTANTS = /^\\?(STDOUT|STDERR)$/;
const MONOLOG_NAMESPACE = /^\\?Monolog\\Handler$/;
const PHP_FILE_APPEND = /\bFILE_APPEND\b/;
const LARAVEL_LOG_FACADE = /(^|\\)Log$/;

/** Where a PHP stream argument writes: a standard stream, memory or the null device, a file, or unknown. */
function phpTarget(model: SourceModel, v: Value | undefined): 'std' | 'none' | 'file' | undefined {
  const r = resolve(v);
  if (!r) return undefined;
  if (r.kind === 'identifier') return PHP_STD_CONSTANTS.test(r.name) ? 'std' : undefined;
  if (r.kind === 'call' && r.call.callee === 'fopen') return phpTarget(model, r.call.args[0]);
  return targetKind(pathPiecesOf(model, r));
}

function monologClass(model: SourceModel, c: CallSite, name: string): boolean {
  if (!c.isNew || c.name !== name) return false;
  if (c.receiver) return MONOLOG_NAMESPACE.test(c.receiver);
  return model.imports.some((i) => i.module.replace(/^\\/, '') === `Monolog\\Handler\\${name}`);
}

function checkPhp(model: SourceModel, out: Report[]): void {
  const streams = model.calls.filter((c) => monologClass(model, c, 'StreamHandler'));
  const fileHandlers = [...streams.filter((c) => phpTarget(model, c.args[0]) === 'file'), ...model.calls.filter((c) => [...MONOLOG_FILE_HANDLERS].some((n) => monologClass(model, c, n)))];
  const stdHandlers = streams.filter((c) => phpTarget(model, c.args[0]) === 'std').length + model.calls.filter((c) => monologClass(model, c, 'ErrorLogHandler')).length;
  const preferred = fileHandlers.length === 1 && stdHandlers === 0;
  const streamName = model.imports.some((i) => i.module.replace(/^\\/, '') === 'Monolog\\Handler\\StreamHandler') ? 'StreamHandler' : '\\Monolog\\Handler\\StreamHandler';
  for (const c of fileHandlers) {
    const todo = "Use new StreamHandler('php://stdout') and let the platform collect the stream.";
    if (c.name === 'StreamHandler') {
      out.push({
        span: c.span,
        what: `Monolog's StreamHandler writes logs to the file${describeTarget(model, c.args[0])}`,
        todo,
        fix: { title: "Log to stdout ('php://stdout')", edits: [{ ...c.args[0].span, newText: "'php://stdout'" }], preferred },
      });
    } else {
      const rest = [...c.args.slice(2).map((a) => textOf(model, a.span)), ...(c.kwargs ?? []).filter((p) => !MONOLOG_ROTATING_ONLY.has(p.key)).map((p) => textOf(model, p.span))];
      out.push({
        span: c.span,
        what: `Monolog's ${c.name} writes rotating log files${describeTarget(model, c.args[0])}`,
        todo,
        fix: { title: "Log to stdout (StreamHandler('php://stdout'))", edits: [{ ...c.span, newText: `new ${streamName}(${["'php://stdout'", ...rest].join(', ')})` }], preferred },
      });
    }
  }
  for (const c of model.calls) {
    if (c.callee === 'ini_set' && stringOf(c.args[0]) === 'error_log' && phpTarget(model, c.args[1]) === 'file') {
      out.push({
        span: c.span,
        what: `ini_set('error_log', …) sends PHP's error log to the file${describeTarget(model, c.args[1])}`,
        todo: "Set it to 'php://stderr' and let the platform collect the stream.",
        fix: { title: "Log to stderr ('php://stderr')", edits: [{ ...c.args[1].span, newText: "'php://stderr'" }], preferred: true },
      });
    } else if (c.callee === 'error_log' && resolve(c.args[1])?.kind === 'number' && (resolve(c.args[1]) as { value: number }).value === 3 && phpTarget(model, c.args[2]) === 'file') {
      out.push({
        span: c.span,
        what: `error_log(…, 3, …) appends log lines to the file${describeTarget(model, c.args[2])}`,
        todo: "Log to 'php://stderr' (or call error_log($message) without a destination) and let the platform collect the stream.",
        fix: { title: "Log to stderr ('php://stderr')", edits: [{ ...c.args[2].span, newText: "'php://stderr'" }], preferred: true },
      });
    } else if (c.callee === 'file_put_contents' && c.args[2] && PHP_FILE_APPEND.test(textOf(model, c.args[2].span)) && isLogFile(pathPiecesOf(model, c.args[0]))) {
      out.push({
        span: c.span,
        what: `file_put_contents() appends log lines to the file${describeTarget(model, c.args[0])}`,
        todo: "Write log lines to 'php://stdout' (or through a Monolog StreamHandler on it) and let the platform route them.",
      });
    } else if (c.callee === 'fopen' && /^a/.test(stringOf(c.args[1]) ?? '') && isLogFile(pathPiecesOf(model, c.args[0]))) {
      out.push({
        span: c.span,
        what: `fopen() opens the log file${describeTarget(model, c.args[0])} for appending`,
        todo: "Write log lines to 'php://stdout' (or through a Monolog StreamHandler on it) and let the platform route them.",
      });
    } else if (c.name === 'build' && LARAVEL_LOG_FACADE.test(c.receiver ?? '')) {
      const cfg = asObject(c.args[0]);
      const driver = stringOf(propOf(cfg, 'driver')?.value);
      if (driver && LARAVEL_FILE_DRIVERS.has(driver)) {
        const path = propOf(cfg, 'path');
        out.push(laravelReport(model, path ? path.value.span : c.span, driver, path?.value));
      }
    }
  }
  checkLaravelChannels(model, out);
}

function laravelReport(model: SourceModel, span: Span, driver: string, path: Value | undefined): Report {
  return {
    span,
    what: `the Laravel "${driver}" log channel writes logs to the file${path ? describeTarget(model, path) : ' storage/logs/laravel.log'}`,
    todo: 'Log to the "stderr" channel (LOG_CHANNEL=stderr) and let the platform collect the stream.',
  };
}

/** `config/logging.php`: channels with a file driver, or a Monolog channel whose stream is a file. */
function checkLaravelChannels(model: SourceModel, out: Report[]): void {
  interface Channel {
    driver?: string;
    driverSpan?: Span;
    path?: { span: Span; value: Value };
    stream?: { span: Span; value: Value };
  }
  const channels = new Map<string, Channel>();
  const entry = (keyPath: string[] | undefined, span: Span, value: Value) => {
    if (!keyPath || keyPath.length < 3 || keyPath[0] !== 'channels') return;
    const ch = channels.get(keyPath[1]) ?? {};
    channels.set(keyPath[1], ch);
    const rest = keyPath.slice(2).join('.');
    if (rest === 'driver' && value.kind === 'string') {
      ch.driver = value.value;
      ch.driverSpan = span;
    } else if (rest === 'path') ch.path = { span, value };
    else if (rest === 'with.stream') ch.stream = { span, value };
  };
  for (const s of model.strings) if (!s.context.call && !s.context.nonValue) entry(s.context.keyPath, s.span, { kind: 'string', value: s.value, span: s.span });
  for (const c of model.calls) if (c.keyPath) entry(c.keyPath, c.span, { kind: 'call', call: c, span: c.span });
  for (const ch of channels.values()) {
    if (ch.driver && LARAVEL_FILE_DRIVERS.has(ch.driver)) {
      if (ch.path && phpTarget(model, ch.path.value) !== 'file') continue;
      out.push(laravelReport(model, ch.path?.span ?? (ch.driverSpan as Span), ch.driver, ch.path?.value));
    } else if (ch.driver === 'monolog' && ch.stream && phpTarget(model, ch.stream.value) === 'file') {
      out.push({
        span: ch.stream.span,
        what: `a Laravel Monolog channel writes logs to the file${describeTarget(model, ch.stream.value)}`,
        todo: "Use 'php://stderr' as its stream and let the platform collect it.",
      });
    }
  }
}

// ---- configuration and deploy files ----------------------------------------------------------------

function checkConfigFile(model: SourceModel, out: Report[]): void {
  if (model.template) return;
  if (model.language === 'dockerfile' || model.language === 'procfile') return checkCommands(model, out);
  if (model.language === 'properties' || model.language === 'yaml') {
    for (const doc of model.documents ?? []) springEntries(model, doc, [], [], out);
    return;
  }
  if (model.language === 'json') return checkAppSettings(model, out);
  if (model.language === 'xml') for (const doc of model.documents ?? []) xmlElements(model, doc, [], out);
}

/** Spring `logging.file.name` / `logging.file.path` in application.properties or application.yml. */
function springEntries(model: SourceModel, v: Value, path: string[], parents: { obj: ObjectValue; prop: Property }[], out: Report[]): void {
  if (v.kind !== 'object') return;
  for (const p of v.props) {
    const keys = [...path, ...p.key.split('.')];
    if (p.value.kind === 'object') {
      springEntries(model, p.value, keys, [...parents, { obj: v, prop: p }], out);
      continue;
    }
    const name = keys.join('.');
    if (!SPRING_LOG_FILE_KEYS.has(name) || p.value.kind !== 'string' || targetKind([p.value.value]) !== 'file') continue;
    // Removing the entry; a mapping left empty goes with it (YAML).
    let target: { obj: ObjectValue; prop: Property } = { obj: v, prop: p };
    for (let i = parents.length - 1; i >= 0 && target.obj.props.length === 1; i--) target = parents[i];
    const remove = removeLinesEdit(model, target.prop.span);
    out.push({
      span: p.value.span,
      what: `Spring Boot's ${name} makes the app write a log file "${p.value.value}"`,
      todo: `Remove ${name}: Spring Boot logs to the console by default.`,
      fix: remove ? { title: `Log to stdout (remove ${name})`, edits: [remove], preferred: true } : undefined,
    });
  }
}

/** appsettings.json: Serilog `WriteTo` File sinks, NLog file targets. */
function checkAppSettings(model: SourceModel, out: Report[]): void {
  for (const s of model.strings) {
    const path = s.context.keyPath;
    if (s.context.key === 'Name' && SERILOG_FILE_SINKS.has(s.value) && path.some((k) => k === 'WriteTo' || k === 'AuditTo')) {
      out.push({
        span: s.span,
        what: `the Serilog ${s.value} sink writes logs to a file`,
        todo: 'Use the Console sink ({ "Name": "Console" }) and let the platform collect the stream.',
      });
    } else if (s.context.key === 'type' && NLOG_FILE_TARGETS.has(s.value) && path[0] === 'NLog') {
      out.push({
        span: s.span,
        what: `the NLog ${s.value} target writes logs to a file`,
        todo: 'Use a Console target ({ "type": "Console" }) and let the platform collect the stream.',
      });
    }
  }
}

/** logback / log4j2 file appenders, Spring's file-appender include, file trace listeners in web.config. */
function xmlElements(model: SourceModel, v: Value, path: string[], out: Report[]): void {
  if (v.kind !== 'object') return;
  for (const p of v.props) {
    if (p.value.kind !== 'object') continue;
    const attr = (name: string) => stringOf(p.value.kind === 'object' ? p.value.props.find((a) => a.key === name)?.value : undefined);
    const type = (attr('class') ?? attr('type') ?? attr('xsi:type') ?? '').split(',')[0].trim();
    const simple = type.slice(type.lastIndexOf('.') + 1);
    const at = { start: p.span.start, end: p.keySpan.end };
    let what: string | undefined;
    let todo = 'Use a console appender and let the platform collect the stream.';
    if (p.key === 'appender' && simple.endsWith('FileAppender')) {
      what = `the ${type.startsWith('log4net') ? 'log4net' : 'logback'} appender "${attr('name') ?? simple}" (${simple}) writes logs to a file`;
      todo = type.startsWith('log4net') ? 'Use a log4net.Appender.ConsoleAppender and let the platform collect the stream.' : 'Use a ch.qos.logback.core.ConsoleAppender and let the platform collect the stream.';
    } else if (p.key === 'include' && /(^|\/)file-appender\.xml$/.test(attr('resource') ?? '')) {
      what = "Spring Boot's file-appender.xml adds a FILE appender that writes logs to a file";
      todo = 'Include console-appender.xml only and let the platform collect the stream.';
    } else if ((LOG4J2_FILE_APPENDERS.has(p.key) || (p.key === 'Appender' && LOG4J2_FILE_APPENDERS.has(type))) && path.includes('Appenders')) {
      what = `the log4j2 ${p.key === 'Appender' ? type : p.key} appender "${attr('name') ?? ''}" writes logs to a file${attr('fileName') ? ` "${attr('fileName')}"` : ''}`;
      todo = 'Use a Console appender (target SYSTEM_OUT) and let the platform collect the stream.';
    } else if ((p.key === 'add' || p.key === 'listener') && TRACE_FILE_LISTENERS.has(simple) && attr('initializeData')) {
      what = `the trace listener ${simple} writes to the file "${attr('initializeData')}"`;
      todo = 'Use System.Diagnostics.ConsoleTraceListener and let the platform collect the stream.';
    } else if (p.key === 'target' && NLOG_FILE_TARGETS.has(type)) {
      what = `the NLog ${type} target writes logs to a file`;
      todo = 'Use a Console target and let the platform collect the stream.';
    }
    if (what) out.push({ span: at, what, todo });
    xmlElements(model, p.value, [...path, p.key], out);
  }
}

const REDIRECT = /^(\d*|&)>>?\|?$/;

/** `CMD node server.js > /var/log/app.log 2>&1`, `web: node server.js >> logs/app.log`, `| tee app.log`. */
function checkCommands(model: SourceModel, out: Report[]): void {
  for (const cmd of model.commands ?? []) {
    const args = cmd.args;
    for (let i = 0; i + 1 < args.length; i++) {
      const op = args[i];
      const target = args[i + 1];
      let file: Value | undefined;
      if (op.kind === 'other' && REDIRECT.test(op.text.trim())) file = target;
      else if (op.kind === 'other' && op.text.trim() === '|' && stringOf(target) === 'tee') file = args.slice(i + 2).find((a) => a.kind !== 'string' || !a.value.startsWith('-'));
      if (!file) continue;
      const pieces = pathPiecesOf(model, file);
      if (targetKind(pieces) !== 'file' || (file.kind === 'string' && /^&?\d$/.test(file.value))) continue;
      // `2>> err.log`: the descriptor is a word of its own, written against the operator
      const fd = args[i - 1];
      const from = fd && fd.kind === 'string' && /^\d$/.test(fd.value) && fd.span.end === op.span.start ? fd.span.start : op.span.start;
      const span = { start: from, end: file.span.end };
      let start = span.start;
      while (start > cmd.span.start && /[ \t]/.test(model.text[start - 1])) start--;
      const isTee = op.kind === 'other' && op.text.trim() === '|';
      out.push({
        span,
        what: `${cmd.label} ${isTee ? 'copies' : 'redirects'} the process's output to the file${describeTarget(model, file)}`,
        todo: 'Let the process write to stdout and stderr: the platform collects them.',
        fix: isTee ? undefined : { title: 'Log to stdout (remove the redirect)', edits: [{ start, end: span.end, newText: '' }], preferred: true },
      });
    }
  }
}

function checkJavaScript(model: SourceModel, found: Report[]): void {
  const inlineStreams = new Set<number>();
  for (const call of model.calls) {
    checkWinston(model, call, found);
    checkPino(model, call, found);
    checkLog4js(model, call, found);
    checkBunyan(model, call, found);
    checkMorgan(model, call, found, inlineStreams);
    checkFastify(model, call, found);
  }
  const use = streamUse(model);
  for (const call of model.calls) checkFs(model, call, found, inlineStreams, use);
}

const rule: Rule = {
  meta: {
    id: 'no-file-logging',
    factor: FACTOR,
    description: 'Reports loggers and code that write logs to files instead of to stdout as an event stream.',
    defaultSeverity: 'warning',
    fixable: true,
    fileKinds: ['app-config', 'deploy'],
  },
  create(ctx) {
    const { model } = ctx;
    const found: Report[] = [];
    switch (model.language) {
      case 'javascript':
      case 'typescript':
        checkJavaScript(model, found);
        break;
      case 'python':
        checkPython(model, found);
        break;
      case 'go':
        checkGo(model, found);
        break;
      case 'java':
        checkJava(model, found);
        break;
      case 'ruby':
        checkRuby(model, found);
        break;
      case 'csharp':
        checkCSharp(model, found);
        break;
      case 'php':
        checkPhp(model, found);
        break;
      default:
        checkConfigFile(model, found);
    }
    const seen = new Set<string>();
    for (const r of found) {
      // One construct reported once, at its outermost part: `System.setOut(new PrintStream(new FileOutputStream("x.log")))`.
      if (model.language !== 'javascript' && model.language !== 'typescript' && found.some((o) => o !== r && within(r.span, o.span) && !sameSpan(r.span, o.span))) continue;
      const key = `${r.span.start}:${r.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({ span: r.span, message: message(FACTOR, r.what, WHY, r.todo), fixes: r.fix ? [r.fix] : [] });
    }
  },
};

export default rule;
