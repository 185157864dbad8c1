/**
 * The Twelve-Factor language server: wiring only. Documents and incremental parsing live in
 * documents.ts / analysis.ts, diagnostics (pull or push) in diagnostics.ts, code actions in
 * code-actions.ts, hovers in hover.ts, settings in settings.ts.
 *
 * Started by the VS Code client over IPC, or by any client with `--stdio`. It reads the open
 * documents, the workspace's `.env.example`, and scans the workspace folders for the factor checklist
 * (checklist-service.ts); it never runs workspace code.
 */
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  MarkupKind,
  ProposedFeatures,
  TextDocumentSyncKind,
  createConnection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { StatusNotification } from '../../../shared/protocol';
import { onInternalError } from '../engine/analyze';
import { Analyzer } from './analysis';
import { ChecklistService } from './checklist-service';
import { CodeActions, FIX_ALL_KIND } from './code-actions';
import { Diagnostics } from './diagnostics';
import { createDocuments } from './documents';
import { hoverFor } from './hover';
import { connectionLog, describeError } from './log';
import { SECTION, SettingsResolver } from './settings';
import { Workspace } from './workspace';
import { WorkerAnalyzer } from '../workspace/worker-analyzer';

/** Options a client may pass in `initializationOptions`. */
export interface InitializationOptions {
  /** Quiet period after a change before analysing (ms); default 150. */
  debounceMs?: number;
  /** `twelveFactor` settings, for clients that do not answer workspace/configuration. */
  settings?: unknown;
}

const DEFAULT_DEBOUNCE_MS = 150;
/** Longest the workspace scan waits for open documents' analyses before its next file. */
const SCAN_MAX_WAIT_MS = 1000;

const connection = createConnection(ProposedFeatures.all);
const log = connectionLog(connection);

process.on('uncaughtException', (e) => log.error(`unexpected error: ${describeError(e)}`));
process.on('unhandledRejection', (e) => log.error(`unexpected rejection: ${describeError(e)}`));
onInternalError((ruleId, e) => log.error(`rule ${ruleId} failed: ${describeError(e)}`));

const workspace = new Workspace();
let analyzer: Analyzer | undefined;
let diagnostics: Diagnostics | undefined;
let codeActions: CodeActions | undefined;
let settings: SettingsResolver | undefined;
let checklist: ChecklistService | undefined;
/** The workspace scan's analysis thread, beside this bundle (esbuild.mjs builds dist/scan-worker.js). */
const scanWorker = new WorkerAnalyzer({ script: path.join(__dirname, 'scan-worker.js'), log: (message) => log.info(message) });
let watchedFilesDynamic = false;
let markdownHover = true;
let dynamicConfiguration = false;
let folderEvents = false;
/** Settings problems already announced since the last configuration change. */
const announced = new Set<string>();

const documents = createDocuments({
  edited: (uri, oldText, start, oldEnd, inserted) => analyzer?.edited(uri, oldText, start, oldEnd, inserted),
  replaced: (uri) => analyzer?.replaced(uri),
});

function notify(params: StatusNotification.Params): void {
  void connection.sendNotification(StatusNotification.method, params).catch(() => undefined);
}

function readInitializationOptions(raw: unknown): InitializationOptions {
  if (!raw || typeof raw !== 'object') return {};
  const o = raw as Record<string, unknown>;
  const debounce = o.debounceMs;
  return {
    debounceMs: typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 && debounce <= 10_000 ? debounce : undefined,
    settings: o.settings,
  };
}

/** The `twelveFactor` object of a didChangeConfiguration payload, if the client sent one. */
function pushedSettings(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && SECTION in raw) return (raw as Record<string, unknown>)[SECTION];
  return undefined;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  const init = readInitializationOptions(params.initializationOptions);
  workspace.set(params.workspaceFolders, params.rootUri);
  const pull = !!caps.textDocument?.diagnostic;
  const edits = caps.workspace?.workspaceEdit;
  markdownHover = caps.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) ?? true;
  dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  folderEvents = !!caps.workspace?.workspaceFolders;

  settings = new SettingsResolver(
    {
      connection,
      log,
      configurationRequests: !!caps.workspace?.configuration,
      onProblems: (uri, problems) => {
        const message = `Twelve-Factor settings: ${problems.join(' ')}`;
        if (announced.has(message)) return;
        announced.add(message);
        log.warn(`settings of ${uri}: ${problems.join(' ')}`);
        notify({ uri, kind: 'settings', message });
      },
    },
    init.settings,
  );
  const resolver = settings;
  checklist = new ChecklistService(connection, {
    settingsFor: async (folderUri) => {
      const s = await resolver.forDocument(folderUri);
      return { analyzeOptions: s.analyzeOptions, exclude: s.exclude, enable: s.enable };
    },
    openText: (uri) => documents.get(uri)?.getText(),
    log: (message) => log.info(message),
    projectConfigChanged: () => {
      settings?.invalidate();
      diagnostics?.refreshAll();
    },
    // The scan gives way: a turn for incoming messages, then open documents' analyses first (at
    // most a second: while someone types without pause, the scan still moves a file at a time).
    pause: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await analyzer?.idle(SCAN_MAX_WAIT_MS);
    },
    // Files are analysed on a worker thread: a scan of a large workspace never blocks typing.
    analyze: scanWorker.analyze,
  });
  checklist.register({ workDoneProgress: !!caps.window?.workDoneProgress });
  watchedFilesDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  analyzer = new Analyzer({
    documents,
    settings,
    workspace,
    log,
    notify,
    projectConfig: (uri) => checklist?.projectConfigFor(uri),
    gitIgnored: (uri) => checklist?.gitIgnoredFor(uri),
  });
  diagnostics = new Diagnostics({
    connection,
    documents,
    analyzer,
    log,
    mode: pull ? 'pull' : 'push',
    refreshSupport: !!caps.workspace?.diagnostics?.refreshSupport,
    debounceMs: init.debounceMs ?? DEFAULT_DEBOUNCE_MS,
  });
  const documentChanges = !!edits?.documentChanges;
  codeActions = new CodeActions({
    documents,
    analyzer,
    documentChanges,
    env: { documents, workspace, log, canCreateFiles: documentChanges && !!edits?.resourceOperations?.includes('create') },
  });
  log.info(`initialized: ${pull ? 'pull' : 'push'} diagnostics, ${workspace.list().length} workspace folder(s)`);

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      diagnosticProvider: pull ? { identifier: 'twelve-factor', interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'twelve-factor' },
  };
});

/** The workspace folders as LSP folders, for the checklist. */
function lspFolders() {
  return workspace.list().map((f) => ({ uri: f.uri, name: f.name }));
}

connection.onInitialized(() => {
  checklist?.watchFiles(watchedFilesDynamic).catch((e) => log.warn(`could not watch workspace files for the checklist: ${describeError(e)}`));
  void checklist?.setFolders(lspFolders());
  if (dynamicConfiguration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION }).catch((e) => log.warn(`could not register for settings changes: ${describeError(e)}`));
  }
  if (folderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      workspace.change(e.added, e.removed);
      settings?.invalidate();
      diagnostics?.refreshAll();
      void checklist?.setFolders(lspFolders());
    });
  }
});

connection.onDidChangeConfiguration((params) => {
  announced.clear();
  settings?.invalidate(pushedSettings(params.settings));
  diagnostics?.refreshAll();
  void checklist?.scanAll();
});

connection.onDidChangeWatchedFiles((params) => checklist?.filesChanged(params.changes));

/** Documents whose open event is being handled: TextDocuments fires onDidOpen, then onDidChangeContent. */
const justOpened = new Set<string>();
documents.onDidOpen((e) => {
  analyzer?.opened(e.document.uri);
  justOpened.add(e.document.uri);
});
documents.onDidChangeContent((e) => {
  // Analyse a newly opened document at once; changes wait for the typing debounce.
  diagnostics?.changed(e.document.uri, justOpened.delete(e.document.uri));
  checklist?.fileChanged(e.document.uri);
});
documents.onDidClose((e) => {
  const uri = e.document.uri;
  analyzer?.closed(uri);
  settings?.forget(uri);
  diagnostics?.closed(uri);
  // The disk copy counts again once the editor's copy is gone.
  checklist?.fileChanged(uri);
});

connection.languages.diagnostics.on(async (params, token) => {
  if (!diagnostics) return { kind: 'full', items: [] };
  return diagnostics.pull(params, token);
});

connection.onCodeAction(async (params) => {
  try {
    return (await codeActions?.provide(params)) ?? [];
  } catch (e) {
    log.error(`code actions for ${params.textDocument.uri} failed: ${describeError(e)}`);
    return [];
  }
});

connection.onHover(async (params) => {
  try {
    const analysis = await analyzer?.analysisFor(params.textDocument.uri);
    return analysis ? hoverFor(analysis.findings, params.position, markdownHover) : null;
  } catch (e) {
    log.error(`hover for ${params.textDocument.uri} failed: ${describeError(e)}`);
    return null;
  }
});

connection.onShutdown(() => {
  diagnostics?.dispose();
  analyzer?.dispose();
  checklist?.dispose();
  scanWorker.dispose();
});

documents.listen(connection);
connection.listen();
