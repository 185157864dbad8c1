/**
 * The whole-workspace view behind the checklist: every project file listed, every source file
 * analysed once, and the result kept current one file at a time. Shared by the language server
 * (background scan with progress) and the CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildChecklist } from '../engine/project/checklist';
import { EMPTY_PROJECT_CONFIG, parseProjectConfig, PROJECT_FILE, type ProjectConfig } from '../engine/project/config';
import { createProjectInput, gitIgnoreMatcher } from '../engine/project/input';
import { analyzeForProject, type FileAnalysis } from '../engine/project/scan';
import type { DocumentInput } from '../engine/analyze';
import type { ChecklistEntry, FileResult } from '../engine/project/types';
import { languageFor } from '../engine/languages';
import { RULES } from '../engine/rules';
import type { AnalyzeOptions } from '../engine/types';
import { walkProject, excludeMatcher } from './walk';

export interface ScannerOptions {
  /** Analysis options (severities, includeTests, size cap) for the files of this project. */
  analyzeOptions(): AnalyzeOptions;
  /** Extra exclude globs (settings); the project file's `exclude` is added to them. */
  exclude?: readonly string[];
  /** Text of open documents, which wins over the disk. */
  openText?(rel: string): string | undefined;
  /**
   * Awaited before each file is analysed, so that a host can let its own work go first (the
   * language server waits until no open document is being analysed). Default: a turn of the event loop.
   */
  pause?(): Promise<void>;
  /**
   * Analyses one file (default: `analyzeForProject` on this thread). The language server passes a
   * worker thread's (worker-analyzer.ts), so that a scan never holds up the documents being edited.
   */
  analyze?(input: DocumentInput, options: AnalyzeOptions): Promise<FileAnalysis>;
  /** Where a file that could not be analysed is reported. Default: nowhere (it is left out). */
  log?(message: string): void;
}

/** Largest file read for project checks (manifests, deploy files); bigger ones are left out. */
const MAX_READ = 2 * 1024 * 1024;

export class ProjectScanner {
  files: string[] = [];
  readonly results = new Map<string, FileResult>();
  config: ProjectConfig = EMPTY_PROJECT_CONFIG;
  configProblems: string[] = [];
  truncated = false;
  private readonly textCache = new Map<string, string | undefined>();
  private generation = 0;
  /** The project's git-ignore rules, built from its .gitignore files on first use after the file list changed. */
  private ignoreMatcher: ((rel: string) => boolean | undefined) | undefined;

  constructor(readonly root: string, private readonly options: ScannerOptions) {}

  /** Relative path with forward slashes, or undefined when `abs` is outside the root. */
  relative(abs: string): string | undefined {
    const rel = path.relative(this.root, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  read(rel: string): string | undefined {
    const open = this.options.openText?.(rel);
    if (open !== undefined) return open;
    if (this.textCache.has(rel)) return this.textCache.get(rel);
    let text: string | undefined;
    try {
      const abs = path.join(this.root, rel);
      const st = fs.statSync(abs);
      text = st.isFile() && st.size <= MAX_READ ? fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, '') : undefined;
    } catch {
      text = undefined;
    }
    this.textCache.set(rel, text);
    return text;
  }

  private loadConfig(): void {
    this.textCache.delete(PROJECT_FILE);
    const text = this.read(PROJECT_FILE);
    if (text === undefined) {
      this.config = EMPTY_PROJECT_CONFIG;
      this.configProblems = [];
      return;
    }
    const r = parseProjectConfig(text, RULES.map((x) => x.meta.id));
    this.config = r.config;
    this.configProblems = r.problems;
  }

  private isExcluded(rel: string): boolean {
    return excludeMatcher([...(this.options.exclude ?? []), ...this.config.exclude])(rel);
  }

  /**
   * Lists and analyses the whole project. Yields to the event loop between files so that a host
   * stays responsive; a newer scan or `cancel()` stops an older one.
   */
  async scan(progress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<boolean> {
    const gen = ++this.generation;
    this.textCache.clear();
    this.loadConfig();
    const walked = await walkProject(this.root, { exclude: [...(this.options.exclude ?? []), ...this.config.exclude], signal });
    if (gen !== this.generation || signal?.aborted) return false;
    this.files = walked.files;
    this.ignoreMatcher = undefined;
    this.truncated = walked.truncated;
    this.results.clear();
    const sources = this.files.filter((f) => languageFor(f));
    let done = 0;
    for (const rel of sources) {
      if (gen !== this.generation || signal?.aborted) return false;
      // Yield before every file so that requests for open documents are served between files.
      await this.pause();
      if (gen !== this.generation || signal?.aborted) return false;
      await this.analyzeOne(rel);
      done++;
      progress?.(done, sources.length);
    }
    // Cancelled while the last file was analysed: not a complete scan.
    return gen === this.generation && !signal?.aborted;
  }

  cancel(): void {
    this.generation++;
  }

  private pause(): Promise<void> {
    return this.options.pause ? this.options.pause() : new Promise((r) => setImmediate(r));
  }

  private async analyzeOne(rel: string): Promise<void> {
    const gen = this.generation;
    const text = this.read(rel);
    if (text === undefined) {
      this.results.delete(rel);
      return;
    }
    const base = this.options.analyzeOptions();
    const options = { ...base, rules: { ...this.config.rules, ...base.rules }, gitIgnored: this.gitIgnored(rel) };
    let a: FileAnalysis;
    try {
      a = await (this.options.analyze ?? analyzeForProject)({ path: rel, text }, options);
    } catch (e) {
      this.options.log?.(`${rel} was not analysed: ${e instanceof Error ? e.message : String(e)}`);
      a = { findings: [], skipped: { reason: 'parse-failed', message: 'Not checked: the analysis failed.' } };
    }
    // A newer scan started while this file was analysed (elsewhere): its result belongs to no one.
    if (gen !== this.generation) return;
    if (a.skipped && a.skipped.reason !== 'test-file') this.results.delete(rel);
    else this.results.set(rel, { findings: a.findings, summary: a.summary });
  }

  /**
   * Brings one file up to date after it changed, was created or was deleted (on disk or in an
   * editor). Returns true when the checklist may have changed.
   */
  async update(rel: string): Promise<boolean> {
    this.textCache.delete(rel);
    this.ignoreMatcher = undefined;
    if (rel === PROJECT_FILE) {
      this.loadConfig();
      return true;
    }
    let exists = false;
    try {
      exists = this.options.openText?.(rel) !== undefined || fs.statSync(path.join(this.root, rel)).isFile();
    } catch {
      exists = false;
    }
    const listed = this.files.includes(rel);
    if (!exists || this.isExcluded(rel)) {
      if (listed) this.files = this.files.filter((f) => f !== rel);
      this.results.delete(rel);
      return listed;
    }
    if (!listed) {
      this.files.push(rel);
      this.files.sort();
    }
    if (languageFor(rel)) {
      await this.pause();
      await this.analyzeOne(rel);
    }
    return true;
  }

  /**
   * Whether git ignores `rel`, by the project's .gitignore files (the same answer the checklist
   * gives); undefined outside a git work tree, where nothing is committed.
   */
  gitIgnored(rel: string): boolean | undefined {
    this.ignoreMatcher ??= fs.existsSync(path.join(this.root, '.git')) ? gitIgnoreMatcher(this.files, (p) => this.read(p)) : () => undefined;
    return this.ignoreMatcher(rel);
  }

  checklist(hasGit = fs.existsSync(path.join(this.root, '.git'))): ChecklistEntry[] {
    return buildChecklist(createProjectInput({ files: this.files, read: (p) => this.read(p), hasGit, results: this.results, config: this.config }));
  }
}
