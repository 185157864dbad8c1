/**
 * The server's log, sent to the client as window/logMessage (and $/logTrace when tracing is on).
 *
 * Log lines carry only rule ids, document URIs, reasons and timings: never document text or a
 * finding's message, so a secret found in the code can never reach the log.
 */
import type { Connection } from 'vscode-languageserver/node';

/** Where log lines go. */
export interface Log {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  /** Verbose detail (timings); reaches the client only when `twelveFactor.trace.server` is on. */
  trace(line: string): void;
}

/** A log writing to the client's output through the connection. */
export function connectionLog(connection: Connection): Log {
  return {
    info: (line) => connection.console.info(line),
    warn: (line) => connection.console.warn(line),
    error: (line) => connection.console.error(line),
    trace: (line) => connection.tracer.log(line),
  };
}

/**
 * Describes an error by its type and where it was thrown, without its message: a message may quote
 * the text being analysed.
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const frame = e.stack
    ?.split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => l.startsWith('at '));
  return frame ? `${e.name} ${frame}` : e.name;
}
