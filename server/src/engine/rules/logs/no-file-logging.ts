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
 * Fixes ("Log to stdout") replace the file destination by the same library's stdout equivalent. A fix
 * is preferred only when it keeps every option that still means something on stdout and no other
 * destination of the same logger already writes to stdout (both would then print each line).
 */
import type { CallSite, Property, SourceModel, Value } from '../../model';
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
  type Origin,
} from '../_origins';

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

const rule: Rule = {
  meta: {
    id: 'no-file-logging',
    factor: FACTOR,
    description: 'Reports loggers and code that write logs to files instead of to stdout as an event stream.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  create(ctx) {
    const { model } = ctx;
    if (model.language !== 'javascript' && model.language !== 'typescript') return;
    const found: Report[] = [];
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
    const seen = new Set<string>();
    for (const r of found) {
      const key = `${r.span.start}:${r.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({ span: r.span, message: message(FACTOR, r.what, WHY, r.todo), fixes: r.fix ? [r.fix] : [] });
    }
  },
};

export default rule;
