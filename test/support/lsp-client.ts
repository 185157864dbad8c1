/**
 * A small LSP client for tests and the benchmark: spawns the bundled server (`dist/server.js
 * --stdio`), speaks JSON-RPC over its stdio, keeps the open documents' text and versions, answers
 * the server's requests (workspace/configuration, diagnostic refresh, registrations), records its
 * notifications, and waits on them with a deadline (never a fixed sleep).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  LogTraceNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type Command,
  type ClientCapabilities,
  type ConfigurationParams,
  type Diagnostic,
  type FileEvent,
  type Registration,
  WorkDoneProgressCreateRequest,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChecklistChangedNotification, StatusNotification, type FolderChecklist } from '../../shared/protocol';

/** A `$/progress` notification: a work-done progress token and its begin/report/end value. */
export interface ProgressParams {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** The bundled server. */
export const SERVER = path.join(ROOT, 'dist', 'server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/** Builds the bundles (`node esbuild.mjs`) when dist/server.js is missing or older than the sources. */
export function ensureServerBuilt(): void {
  const built = fs.existsSync(SERVER) ? fs.statSync(SERVER).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(ROOT, 'server', 'src')), newestMtime(path.join(ROOT, 'shared')));
  if (built >= sources) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node esbuild.mjs failed:\n${r.stdout}\n${r.stderr}`);
}

/** `file://` URI of a path. */
export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

export interface StartOptions {
  /** Advertise pull diagnostics (textDocument/diagnostic with refresh support). Default true. */
  pull?: boolean;
  /** Workspace folder (a real directory). */
  workspaceFolder?: string;
  /** The `twelveFactor` settings returned for workspace/configuration, per scopeUri. Default: `{}`. */
  settings?: (scopeUri: string | undefined) => unknown;
  /** Answer workspace/configuration at all (advertised capability). Default true. */
  configuration?: boolean;
  initializationOptions?: Record<string, unknown>;
  /** Path of the server bundle. Default dist/server.js. */
  serverPath?: string;
  /** Extra Node arguments for the server process. */
  execArgv?: string[];
  /** The initial trace level (`verbose` makes the server send its timings as $/logTrace). Default off. */
  trace?: 'off' | 'messages' | 'verbose';
}

interface OpenDocument {
  document: TextDocument;
}

/** The default deadline of every wait, in ms. */
export const DEADLINE_MS = 15_000;

/** A client connected to one server process. */
export class LspTestClient {
  readonly events = new EventEmitter();
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every twelveFactor/status notification. */
  readonly statuses: StatusNotification.Params[] = [];
  /** Every window/logMessage. */
  readonly logs: LogMessageParams[] = [];
  /** Every $/logTrace message (sent when the trace level is not off). */
  readonly traces: string[] = [];
  /** Every workspace/configuration request. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** How many workspace/diagnostic/refresh requests arrived. */
  refreshes = 0;
  /** Every twelveFactor/checklistChanged notification's folders, in arrival order. */
  readonly checklists: FolderChecklist[][] = [];
  /** Every $/progress notification (work-done progress: begin, report, end). */
  readonly progress: ProgressParams[] = [];
  /** Every client/registerCapability registration. */
  readonly registrations: Registration[] = [];
  /** Settings answered to workspace/configuration; may be replaced during a test. */
  settings: (scopeUri: string | undefined) => unknown;
  readonly documents = new Map<string, OpenDocument>();
  initializeResult!: InitializeResult;
  private stderr = '';
  private exited: Promise<number | null>;

  private constructor(
    readonly connection: ProtocolConnection,
    readonly process: ChildProcess,
    readonly pull: boolean,
    settings: StartOptions['settings'],
  ) {
    this.settings = settings ?? (() => ({}));
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    process.stderr?.on('data', (d) => (this.stderr += String(d)));
  }

  /** Spawns the server, initializes it and sends `initialized`. */
  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const pull = options.pull ?? true;
    const child = spawn(process.execPath, [...(options.execArgv ?? []), options.serverPath ?? SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(connection, child, pull, options.settings);
    client.wire();
    connection.listen();
    const capabilities: ClientCapabilities = {
      window: { workDoneProgress: true },
      workspace: {
        configuration: options.configuration ?? true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceFolders: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        diagnostics: pull ? { refreshSupport: true } : undefined,
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        diagnostic: pull ? { dynamicRegistration: false, relatedDocumentSupport: false } : undefined,
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    };
    const folder = options.workspaceFolder;
    client.initializeResult = await client.within(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: folder ? fileUri(folder) : null,
        workspaceFolders: folder ? [{ uri: fileUri(folder), name: path.basename(folder) }] : null,
        capabilities,
        initializationOptions: options.initializationOptions,
        trace: options.trace ?? 'off',
      }),
      'initialize',
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private wire(): void {
    const c = this.connection;
    const emit = () => this.events.emit('message');
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      emit();
    });
    c.onNotification(StatusNotification.method, (p: StatusNotification.Params) => {
      this.statuses.push(p);
      emit();
    });
    c.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p);
      emit();
    });
    c.onNotification(LogTraceNotification.type, (p) => {
      this.traces.push(p.verbose ? `${p.message}\n${p.verbose}` : p.message);
      emit();
    });
    c.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests.push(p);
      emit();
      return p.items.map((item) => (item.section === 'twelveFactor' ? this.settings(item.scopeUri) : null));
    });
    c.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes++;
      emit();
    });
    c.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
      emit();
    });
    c.onNotification(ChecklistChangedNotification.method, (p: ChecklistChangedNotification.Params) => {
      this.checklists.push(p.folders);
      emit();
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, () => {
      emit();
    });
    c.onNotification('$/progress', (p: ProgressParams) => {
      this.progress.push(p);
      emit();
    });
    this.process.once('exit', emit);
  }

  /** Rejects when `promise` does not settle before the deadline, or the server exits first. */
  async within<T>(promise: Thenable<T>, what: string, timeoutMs = DEADLINE_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.stderr ? `\nserver stderr:\n${this.stderr}` : ''}`)), timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve(promise), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until `check` returns a value (re-checked on every message from the server), with a deadline. */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = DEADLINE_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.events.off('message', onMessage);
        fn();
      };
      const onMessage = () => {
        let v: T | undefined | false;
        try {
          v = check();
        } catch (e) {
          done(() => reject(e));
          return;
        }
        if (v !== undefined && v !== false) done(() => resolve(v as T));
        else if (this.process.exitCode !== null) done(() => reject(new Error(`server exited (${this.process.exitCode}) while waiting for ${what}\n${this.stderr}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
      this.events.on('message', onMessage);
      onMessage();
    });
  }

  // ---- documents ------------------------------------------------------------------------------

  /** didOpen. The language id defaults from the extension. */
  async open(uri: string, text: string, languageId = languageIdOf(uri), version = 1): Promise<void> {
    this.documents.set(uri, { document: TextDocument.create(uri, languageId, version, text) });
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** The client's text of an open document. */
  text(uri: string): string {
    return this.doc(uri).getText();
  }

  /** The client's copy of an open document (text, version, offset/position conversion). */
  document(uri: string): TextDocument {
    return this.doc(uri);
  }

  version(uri: string): number {
    return this.doc(uri).version;
  }

  /** didChange with incremental changes (each against the text left by the previous one); returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const doc = this.doc(uri);
    const version = doc.version + 1;
    TextDocument.update(doc, changes, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Applies text edits (as an editor would) and sends them as one didChange; returns the new version. */
  async applyEdits(uri: string, edits: TextEdit[]): Promise<number> {
    const doc = this.doc(uri);
    const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start) || doc.offsetAt(b.range.end) - doc.offsetAt(a.range.end));
    // Later edits first, so that each range still refers to the text it was computed on.
    return this.change(uri, sorted.map((e) => ({ range: e.range, text: e.newText })));
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  private doc(uri: string): TextDocument {
    const d = this.documents.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d.document;
  }

  // ---- requests -------------------------------------------------------------------------------

  /** textDocument/diagnostic (pull mode). */
  pullDiagnostics(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.within(this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId }), `diagnostics of ${uri}`);
  }

  /**
   * The diagnostics for the document's current version: pulled in pull mode; in push mode, the
   * publishDiagnostics for that version (waited for).
   */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const version = this.version(uri);
    if (this.pull) {
      const report = await this.pullDiagnostics(uri);
      if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
      return report.items;
    }
    return (await this.waitFor(() => this.lastPublished(uri, version), `publishDiagnostics for ${uri} v${version}`)).diagnostics;
  }

  /** The last publishDiagnostics for `uri` (for `version`, when given). */
  lastPublished(uri: string, version?: number): PublishDiagnosticsParams | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) {
      const p = this.published[i];
      if (p.uri !== uri) continue;
      return version === undefined || p.version === version ? p : undefined;
    }
    return undefined;
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]> {
    return this.within(
      this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } }).then((r) => r ?? []),
      `code actions for ${uri}`,
    );
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.within(this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), `hover on ${uri}`);
  }

  /** workspace/didChangeWatchedFiles, as an editor sends for files changed on disk. */
  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** workspace/didChangeConfiguration (the server then asks for settings again). */
  async changeConfiguration(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  // ---- workspace edits ------------------------------------------------------------------------

  /**
   * Applies a workspace edit like an editor: every versioned document edit must match the open
   * document's version (else nothing is applied and this throws); edits to open documents become a
   * didChange, edits to other files are written to disk; `create` makes an empty file unless it
   * exists and `ignoreIfExists` is set.
   */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<void> {
    const ops = edit.documentChanges ?? Object.entries(edit.changes ?? {}).map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits }));
    for (const op of ops) {
      if ('textDocument' in op && op.textDocument.version !== null) {
        const open = this.documents.get(op.textDocument.uri);
        if (!open || open.document.version !== op.textDocument.version) {
          throw new Error(`stale edit for ${op.textDocument.uri}: version ${op.textDocument.version}, document ${open?.document.version ?? 'not open'}`);
        }
      }
    }
    for (const op of ops) {
      if ('kind' in op) {
        if (op.kind !== 'create') throw new Error(`unsupported resource operation ${op.kind}`);
        const file = fileURLToPath(op.uri);
        if (fs.existsSync(file)) {
          if (!op.options?.ignoreIfExists && !op.options?.overwrite) throw new Error(`${file} exists`);
          if (op.options?.overwrite) fs.writeFileSync(file, '');
        } else fs.writeFileSync(file, '');
        continue;
      }
      const uri = op.textDocument.uri;
      const edits = op.edits as TextEdit[];
      if (this.documents.has(uri)) {
        await this.applyEdits(uri, edits);
      } else {
        const file = fileURLToPath(uri);
        const before = fs.readFileSync(file, 'utf8');
        fs.writeFileSync(file, TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 0, before), edits));
      }
    }
  }

  // ---- shutdown -------------------------------------------------------------------------------

  /** shutdown + exit; resolves with the server's exit code. */
  async shutdown(): Promise<number | null> {
    if (this.process.exitCode !== null) return this.process.exitCode;
    try {
      await this.within(this.connection.sendRequest(ShutdownRequest.type), 'shutdown', 5000);
      await this.connection.sendNotification(ExitNotification.type);
      return await this.within(this.exited, 'server exit', 5000);
    } finally {
      this.connection.dispose();
      if (this.process.exitCode === null) this.process.kill();
    }
  }

  /** What the server wrote to stderr. */
  get serverStderr(): string {
    return this.stderr;
  }
}

/** The VS Code language id for a file name. */
export function languageIdOf(uri: string): string {
  const ext = path.extname(uri).toLowerCase();
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'typescript';
  if (ext === '.tsx') return 'typescriptreact';
  if (ext === '.jsx') return 'javascriptreact';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'javascript';
  return 'plaintext';
}

/** The code actions among a code-action response (commands excluded). */
export function actionsOnly(list: (CodeAction | Command)[]): CodeAction[] {
  return list.filter((x): x is CodeAction => 'title' in x && !('command' in x && typeof x.command === 'string'));
}
