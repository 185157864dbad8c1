/**
 * Getting diagnostics to the client, by pull (textDocument/diagnostic, refreshed with
 * workspace/diagnostic/refresh) when the client supports it, else by push (publishDiagnostics).
 *
 * While the user types, analysis waits for a short quiet period (the debounce). A push is sent only
 * for the version that is current when it is ready: a result for an older version is dropped.
 */
import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from './analysis';
import { describeError, type Log } from './log';

/** How diagnostics reach the client. */
export type DiagnosticsMode = 'pull' | 'push';

/** What the diagnostics service needs. */
export interface DiagnosticsOptions {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  log: Log;
  mode: DiagnosticsMode;
  /** The client supports workspace/diagnostic/refresh (pull mode only). */
  refreshSupport: boolean;
  /** Quiet period after a change before analysing, in ms. */
  debounceMs: number;
}

/** Publishes (push) or serves (pull) the diagnostics of open documents. */
export class Diagnostics {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Push mode: the (version, resultId) last published per document, to skip duplicates. */
  private readonly published = new Map<string, string>();
  /** Push mode: per document with a publish scheduled or running, the analyzer hold (background work waits). */
  private readonly holds = new Map<string, () => void>();

  constructor(private readonly options: DiagnosticsOptions) {}

  /** A document was opened (analyse at once) or changed (analyse after the debounce). */
  changed(uri: string, opened: boolean): void {
    if (this.options.mode !== 'push') return;
    this.schedule(uri, opened ? 0 : this.options.debounceMs);
  }

  /** A document was closed: no diagnostics for it any more. */
  closed(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.release(uri);
    this.published.delete(uri);
    if (this.options.mode === 'push') void this.send(uri, undefined, []);
  }

  /** Settings changed: every open document's diagnostics are recomputed. */
  refreshAll(): void {
    if (this.options.mode === 'pull') {
      if (this.options.refreshSupport) {
        this.options.connection.languages.diagnostics.refresh().catch((e) => this.options.log.warn(`diagnostic refresh failed: ${describeError(e)}`));
      }
      return;
    }
    for (const doc of this.options.documents.all()) this.schedule(doc.uri, 0);
  }

  /** Stops pending work (shutdown). */
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const uri of [...this.holds.keys()]) this.release(uri);
  }

  /** textDocument/diagnostic. */
  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const uri = params.textDocument.uri;
    if (!this.options.documents.get(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const release = this.options.analyzer.hold();
    try {
      return await this.pullNow(uri, params, token);
    } finally {
      release();
    }
  }

  private async pullNow(uri: string, params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    await this.quietPeriod(uri, token);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    const analysis = await this.options.analyzer.analysisFor(uri);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    if (!analysis) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (params.previousResultId === analysis.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: analysis.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: analysis.resultId, items: analysis.diagnostics };
  }

  /** Resolves once the document has not changed for `debounceMs` (or it closed, or the request was cancelled). */
  private async quietPeriod(uri: string, token: CancellationToken): Promise<void> {
    for (;;) {
      const last = this.options.analyzer.lastChange(uri);
      if (last === undefined || token.isCancellationRequested) return;
      const wait = last + this.options.debounceMs - performance.now();
      if (wait <= 0 || this.options.analyzer.current(uri)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        const sub = token.onCancellationRequested(done);
        function done() {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    }
  }

  private schedule(uri: string, delay: number): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    if (!this.holds.has(uri)) this.holds.set(uri, this.options.analyzer.hold());
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.publish(uri).finally(() => {
          // A change during the publish scheduled another one, which keeps the hold.
          if (!this.timers.has(uri)) this.release(uri);
        });
      }, delay),
    );
  }

  private release(uri: string): void {
    this.holds.get(uri)?.();
    this.holds.delete(uri);
  }

  private async publish(uri: string): Promise<void> {
    // One attempt: when the document changes meanwhile, the publish scheduled for the change (after
    // the debounce) analyses the newer version, instead of this one starting over while typing goes on.
    const analysis = await this.options.analyzer.analysisFor(uri, { once: true });
    const doc = this.options.documents.get(uri);
    // Closed, or changed since: the newer version has its own publish scheduled.
    if (!analysis || !doc || doc.version !== analysis.version || this.timers.has(uri)) return;
    const key = `${analysis.version}:${analysis.resultId}`;
    if (this.published.get(uri) === key) return;
    this.published.set(uri, key);
    await this.send(uri, analysis.version, analysis.diagnostics);
  }

  private async send(uri: string, version: number | undefined, diagnostics: Diagnostic[]): Promise<void> {
    try {
      await this.options.connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      this.options.log.warn(`publishing diagnostics for ${uri} failed: ${describeError(e)}`);
    }
  }
}
