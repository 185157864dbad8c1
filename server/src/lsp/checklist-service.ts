/**
 * The checklist behind the "Twelve-Factor" view: one ProjectScanner per workspace folder, scanned in
 * the background with progress, kept current as files change on disk and in the editor, and served
 * through the twelveFactor/checklist, /rescan and /report requests.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, type Connection, type FileEvent, type WorkspaceFolder } from 'vscode-languageserver/node';
import { checklistScore } from '../engine/project/checklist';
import { markdownReport } from '../engine/project/report';
import type { AnalyzeOptions } from '../engine/types';
import type { ProjectConfig } from '../engine/project/config';
import { ProjectScanner, type ScannerOptions } from '../workspace/project-scanner';
import { ChecklistChangedNotification, ChecklistRequest, ReportRequest, RescanRequest, type FolderChecklist } from '../../../shared/protocol';

export interface ChecklistServiceOptions {
  /** Analysis options and exclude globs for a folder (from the settings, scoped to the folder). */
  settingsFor(folderUri: string): Promise<{ analyzeOptions: AnalyzeOptions; exclude: readonly string[]; enable: boolean }>;
  /** Text of an open document by URI, when open. */
  openText(uri: string): string | undefined;
  log(message: string): void;
  /** Called when a folder's project file (`.twelve-factor.json`) was read and differs from before. */
  projectConfigChanged?(): void;
  /** Awaited before each file the scan analyses: open documents' analyses go first (see ScannerOptions.pause). */
  pause?(): Promise<void>;
  /** Analyses one file for the scan (see ScannerOptions.analyze); the server passes its worker thread's. */
  analyze?: ScannerOptions['analyze'];
}

interface FolderState {
  folder: WorkspaceFolder;
  root: string;
  /** The scanner of the last completed scan (the checklist shown), kept current file by file. */
  scanner: ProjectScanner;
  /** The scan in progress, if any: it replaces `scanner` once complete; a newer scan cancels it. */
  next?: ProjectScanner;
  scanning: boolean;
  scanned: boolean;
  analyzeOptions: AnalyzeOptions;
  enabled: boolean;
}

/** Quiet period before a changed file is re-analysed for the checklist (typing must win). */
const UPDATE_DELAY_MS = 400;

export class ChecklistService {
  private folders: FolderState[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private progressSupported = false;

  constructor(private readonly connection: Connection, private readonly options: ChecklistServiceOptions) {}

  /** Registers the request handlers; call before `connection.listen()`. */
  register(capabilities: { workDoneProgress?: boolean }): void {
    this.progressSupported = !!capabilities.workDoneProgress;
    this.connection.onRequest(ChecklistRequest.method, async (): Promise<ChecklistRequest.Result> => ({ folders: this.snapshot() }));
    this.connection.onRequest(RescanRequest.method, async () => {
      await this.scanAll();
      return null;
    });
    this.connection.onRequest(ReportRequest.method, async (params: ReportRequest.Params): Promise<ReportRequest.Result> => {
      const state = (params?.uri && this.folders.find((f) => f.folder.uri === params.uri)) || this.folders[0];
      if (!state) return { markdown: '# Twelve-Factor report\n\nNo workspace folder is open.\n', name: '' };
      const entries = state.scanner.checklist();
      return { markdown: markdownReport(entries, { project: state.folder.name, date: new Date().toISOString().slice(0, 10) }), name: state.folder.name };
    });
  }

  /** Asks the client to send file events for the whole workspace (when it supports dynamic registration). */
  async watchFiles(dynamic: boolean): Promise<void> {
    if (!dynamic) return;
    await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
  }

  async setFolders(folders: readonly WorkspaceFolder[]): Promise<void> {
    for (const f of this.folders) f.next?.cancel();
    this.folders = folders
      .filter((f) => f.uri.startsWith('file:'))
      .map((folder) => {
        const root = fileURLToPath(folder.uri);
        const state: FolderState = {
          folder,
          root,
          scanning: false,
          scanned: false,
          analyzeOptions: {},
          enabled: true,
          scanner: undefined as unknown as ProjectScanner,
        };
        state.scanner = this.newScanner(state);
        return state;
      });
    await this.scanAll();
  }

  /** A scanner of a folder, reading open documents from the editor and analysing through the host. */
  private newScanner(state: FolderState, exclude?: readonly string[]): ProjectScanner {
    return new ProjectScanner(state.root, {
      analyzeOptions: () => state.analyzeOptions,
      exclude,
      openText: (rel) => this.options.openText(pathToFileURL(path.join(state.root, rel)).toString()),
      pause: this.options.pause,
      analyze: this.options.analyze,
      log: this.options.log,
    });
  }

  /** Rescans every folder (settings changed, or the user asked). */
  async scanAll(): Promise<void> {
    await Promise.all(this.folders.map((f) => this.scan(f)));
  }

  private async scan(state: FolderState): Promise<void> {
    const settings = await this.options.settingsFor(state.folder.uri);
    state.next?.cancel();
    state.analyzeOptions = settings.analyzeOptions;
    state.enabled = settings.enable;
    const scanner = this.newScanner(state, settings.exclude);
    state.next = scanner;
    if (!state.enabled) {
      state.next = undefined;
      state.scanner = scanner;
      state.scanned = true;
      state.scanning = false;
      this.publish();
      return;
    }
    state.scanning = true;
    this.publish();
    const started = Date.now();
    const progress = this.progressSupported ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Twelve-Factor', 0, `Scanning ${state.folder.name}…`, true);
    const abort = new AbortController();
    progress?.token.onCancellationRequested(() => abort.abort());
    let lastReport = 0;
    let completed = false;
    try {
      completed = await scanner.scan((done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        if (pct !== lastReport) {
          lastReport = pct;
          progress?.report(pct, `${done}/${total} files`);
        }
      }, abort.signal);
    } catch (e) {
      this.options.log(`Workspace scan of ${state.folder.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      progress?.done();
    }
    // A newer scan (settings changed again, a rescan) took over: it reports when it ends.
    if (state.next !== scanner) return;
    state.next = undefined;
    state.scanning = false;
    if (completed) {
      state.scanner = scanner;
      state.scanned = true;
      this.options.log(`Scanned ${state.folder.name}: ${scanner.files.length} files, ${scanner.results.size} analysed in ${Date.now() - started} ms${scanner.truncated ? ' (file limit reached: the rest was not scanned)' : ''}.`);
    }
    this.publish();
  }

  private stateFor(uri: string): { state: FolderState; rel: string } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const abs = fileURLToPath(uri);
    for (const state of this.folders) {
      const rel = state.scanner.relative(abs);
      if (rel) return { state, rel };
    }
    return undefined;
  }

  /** A document changed in the editor or a file on disk: update that one file after a quiet period. */
  fileChanged(uri: string): void {
    const hit = this.stateFor(uri);
    if (!hit || !hit.state.scanned || !hit.state.enabled) return;
    const key = uri;
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void hit.state.scanner.update(hit.rel).then((changed) => {
          if (changed) this.publish();
        }, (e) => this.options.log(`Checklist update of ${hit.rel} failed: ${e instanceof Error ? e.message : String(e)}`));
      }, UPDATE_DELAY_MS),
    );
  }

  filesChanged(changes: readonly FileEvent[]): void {
    let gitignore = false;
    for (const c of changes) {
      if (/(^|[\\/])\.gitignore$/.test(c.uri)) gitignore = true;
      else this.fileChanged(c.uri);
    }
    // A changed .gitignore changes which files belong to the project: list them again.
    if (gitignore) void this.scanAll();
  }

  /** The project file of the folder holding `uri`, once the folder has been scanned. */
  projectConfigFor(uri: string): ProjectConfig | undefined {
    const hit = this.stateFor(uri);
    return hit && hit.state.scanned ? hit.state.scanner.config : undefined;
  }

  /**
   * Whether git ignores the file at `uri`, by its folder's .gitignore files, once the folder has been
   * scanned; undefined when that is not known (outside a folder or a git work tree, before the scan).
   */
  gitIgnoredFor(uri: string): boolean | undefined {
    const hit = this.stateFor(uri);
    return hit && hit.state.scanned ? hit.state.scanner.gitIgnored(hit.rel) : undefined;
  }

  private lastConfigs = new Map<string, string>();

  /** Tells the host when a folder's project file changed, so diagnostics follow the team's rule levels. */
  private checkConfigs(): void {
    let changed = false;
    for (const s of this.folders) {
      if (!s.scanned) continue;
      const json = JSON.stringify(s.scanner.config);
      if (this.lastConfigs.get(s.folder.uri) !== json) {
        this.lastConfigs.set(s.folder.uri, json);
        changed = true;
      }
    }
    if (changed) this.options.projectConfigChanged?.();
  }

  snapshot(): FolderChecklist[] {
    return this.folders.map((s) => {
      // Until the first scan completes there is nothing to show: the folder counts as scanning.
      const entries = s.scanned ? s.scanner.checklist() : [];
      const { passing, total } = checklistScore(entries);
      return { uri: s.folder.uri, name: s.folder.name, entries, passing, total, scanning: s.scanning || !s.scanned, problems: s.scanner.configProblems };
    });
  }

  private publishTimer: NodeJS.Timeout | undefined;

  /** Sends the new checklist to the client, coalescing bursts of changes. */
  private publish(): void {
    if (this.publishTimer) return;
    this.publishTimer = setTimeout(async () => {
      // Building the checklist of a large workspace takes a while: open documents' analyses go
      // first. Changes meanwhile join this publish (the timer stays set until the build).
      await this.options.pause?.();
      this.publishTimer = undefined;
      if (this.disposed) return;
      this.checkConfigs();
      void this.connection.sendNotification(ChecklistChangedNotification.method, { folders: this.snapshot() } satisfies ChecklistChangedNotification.Params);
    }, 50);
  }

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    for (const f of this.folders) f.next?.cancel();
    for (const t of this.pending.values()) clearTimeout(t);
    clearTimeout(this.publishTimer);
  }
}
