/**
 * Open documents and their analysis: one incremental tree per document, edited with every change;
 * an analysis cached per (version, settings generation); the newest version always wins (an
 * analysis runs on the text current when it starts parsing, never on an older one).
 *
 * Scheduling: the server has one thread, so a long analysis must not hold up the others. A large
 * document is analysed in three phases (parse, model, rules) with a turn of the event loop between
 * them: queued messages are read, and other documents' analyses (a small one runs in one go) finish
 * in between. An analysis whose document changed or closed at a phase boundary is dropped there
 * rather than finished. Background work (the workspace checklist scan) waits for `idle()`.
 */
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { StatusNotification } from '../../../shared/protocol';
import { precheck, runRules } from '../engine/analyze';
import { IncrementalTree } from '../engine/incremental';
import { languageFor, prepareLanguage } from '../engine/languages';
import type { SourceModel } from '../engine/model';
import type { ProjectConfig } from '../engine/project/config';
import { excludeMatcher } from '../workspace/walk';
import type { AnalyzeOptions, LocatedFinding, SkipNotice } from '../engine/types';
import { toDiagnostic } from './convert';
import { describeError, type Log } from './log';
import type { ResolvedSettings, SettingsResolver } from './settings';
import type { Workspace } from './workspace';

/** The result of analysing one version of a document. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  /** Settings generation the analysis was made with. */
  generation: number;
  /** Identifies this result for pull diagnostics (`previousResultId`). */
  resultId: string;
  findings: LocatedFinding[];
  diagnostics: Diagnostic[];
  /** Why the document was not analysed, when it was not. */
  skipped?: SkipNotice;
  /** The language's line comment (for ignore comments); undefined when nothing was parsed. */
  lineComment?: string;
  /** Offset of the line where a file-level comment goes: after a shebang and directive prologue. */
  headerEnd: number;
}

/**
 * The editor's settings over the project file: the project file sets the team's rule levels and
 * test-file choice, a user's own `twelveFactor.rules` entry for a rule wins over it.
 */
export function withProjectConfig(options: AnalyzeOptions, project: ProjectConfig | undefined): AnalyzeOptions {
  if (!project) return options;
  return {
    ...options,
    rules: { ...project.rules, ...options.rules },
    includeTests: project.includeTests ?? options.includeTests,
  };
}

/** Documents at least this long (UTF-16 units) are analysed in phases with a yield between them. */
export const PHASED_MIN_LENGTH = 16 * 1024;

/** Rounds of `analysisFor` that may yield; later rounds run in one go, so a result always comes. */
const MAX_PHASED_ATTEMPTS = 2;

/** What `compute` returns when the document changed, closed or got new settings at a phase boundary. */
const SUPERSEDED = Symbol('superseded');

/** A turn of the event loop: pending I/O (incoming messages) and other work run before the caller continues. */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Skip reasons worth a notice to the user (once per open document); the others are only logged. */
const NOTICE_REASONS = new Set<SkipNotice['reason']>(['too-large', 'binary', 'minified', 'parse-failed']);

interface DocumentState {
  tree?: IncrementalTree;
  analysis?: DocumentAnalysis;
  pending?: Promise<DocumentAnalysis | typeof SUPERSEDED | undefined>;
  /** When the text last changed (ms, monotonic), for the typing debounce. */
  lastChange: number;
  /** Notices already sent for this document, by reason. */
  noticed: Set<string>;
}

/** What the analyzer needs. */
export interface AnalyzerOptions {
  documents: TextDocuments<TextDocument>;
  settings: SettingsResolver;
  workspace: Workspace;
  log: Log;
  notify(params: StatusNotification.Params): void;
  /** The committed project file (`.twelve-factor.json`) of the folder holding `uri`, once read. */
  projectConfig?(uri: string): ProjectConfig | undefined;
  /** Whether git ignores the file at `uri` (its folder's .gitignore files), when known. */
  gitIgnored?(uri: string): boolean | undefined;
}

/** Where a file-level comment goes: after a `#!` line and a directive prologue (`'use strict';`). */
export function headerEndOf(model: SourceModel): number {
  const text = model.text;
  const lineEndAfter = (offset: number) => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length : nl + 1;
  };
  let pos = text.startsWith('#!') ? lineEndAfter(0) : 0;
  const comments = [...model.comments].sort((a, b) => a.span.start - b.span.start);
  for (;;) {
    let code = pos;
    for (;;) {
      while (code < text.length && /\s/.test(text[code])) code++;
      const c = comments.find((x) => x.span.start === code);
      if (!c) break;
      code = c.span.end;
    }
    const directive = model.strings.find(
      (s) => s.span.start === code && s.context.nonValue && !s.context.call && !s.context.inExpression && !s.context.comparison && s.context.key === undefined,
    );
    if (!directive) return pos;
    pos = lineEndAfter(directive.span.end);
  }
}

function now(): number {
  return performance.now();
}

/** Keeps the open documents' trees and analyses. */
export class Analyzer {
  private readonly states = new Map<string, DocumentState>();
  private resultCounter = 0;
  /** Analyses in progress. */
  private running = 0;
  /** Analyses announced and not yet done (`hold`): a debounced publish, a pull request. */
  private holds = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: AnalyzerOptions) {}

  /** A document was opened. */
  opened(uri: string): void {
    this.states.get(uri)?.tree?.dispose();
    // Nothing was typed yet: no debounce before the first analysis.
    this.states.set(uri, { lastChange: -Infinity, noticed: new Set() });
  }

  /** `[start, oldEnd)` of `oldText` was replaced by `inserted`: keep the tree in step. */
  edited(uri: string, oldText: string, start: number, oldEnd: number, inserted: string): void {
    const s = this.states.get(uri);
    if (!s) return;
    s.lastChange = now();
    s.tree?.applyChange(oldText, start, oldEnd, inserted);
  }

  /** The whole text was replaced: the next parse starts from scratch. */
  replaced(uri: string): void {
    const s = this.states.get(uri);
    if (!s) return;
    s.lastChange = now();
    s.tree?.reset();
  }

  /** A document was closed: free its tree and forget its analysis. */
  closed(uri: string): void {
    this.states.get(uri)?.tree?.dispose();
    this.states.delete(uri);
  }

  /** When the document last changed (performance.now() time), or undefined when it is not open. */
  lastChange(uri: string): number | undefined {
    return this.states.get(uri)?.lastChange;
  }

  /** Parse statistics of a document's tree (how many parses were incremental). */
  parseStats(uri: string): { incremental: number; full: number } | undefined {
    return this.states.get(uri)?.tree?.stats;
  }

  /** The cached analysis, if it is for the current version and settings. */
  current(uri: string): DocumentAnalysis | undefined {
    const doc = this.options.documents.get(uri);
    const a = this.states.get(uri)?.analysis;
    return doc && a && a.version === doc.version && a.generation === this.options.settings.generation ? a : undefined;
  }

  /**
   * The analysis of the document's current version (computed when needed); undefined when the
   * document is not open (or was closed meanwhile). With `once`, a single attempt: undefined when
   * the document changed while it ran (the caller has newer work scheduled, e.g. a debounced
   * publish), instead of starting over at once.
   */
  async analysisFor(uri: string, opts: { once?: boolean } = {}): Promise<DocumentAnalysis | undefined> {
    // Each round either returns or finds that the document changed meanwhile; a few rounds are
    // enough, after which the newest result is returned even if a change is still arriving.
    let latest: DocumentAnalysis | undefined;
    for (let round = 0; round < 4; round++) {
      const cached = this.current(uri);
      if (cached) return cached;
      const state = this.states.get(uri);
      if (!state || !this.options.documents.get(uri)) return undefined;
      if (!state.pending) {
        const p = this.attempt(uri, round < MAX_PHASED_ATTEMPTS).finally(() => {
          if (state.pending === p) state.pending = undefined;
        });
        state.pending = p;
      }
      const result = await state.pending;
      if (result === SUPERSEDED) {
        if (opts.once) return undefined;
        continue;
      }
      latest = result;
      if (!latest) return undefined;
      if (opts.once) return latest;
    }
    return latest;
  }

  /**
   * Announces that an analysis is coming (a change waits for the typing debounce, a pull request
   * for its quiet period), so that background work waits for it too; call the result when done.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.wake();
    };
  }

  /**
   * Resolves once no document analysis is in progress or announced (`hold`), or after `maxWaitMs`:
   * background work (the checklist scan, between files) gives way to open documents, yet keeps
   * moving while someone types without pause.
   */
  idle(maxWaitMs = Infinity): Promise<void> {
    if (this.running === 0 && this.holds === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve();
      };
      const timer = Number.isFinite(maxWaitMs) ? setTimeout(done, maxWaitMs) : undefined;
      this.idleWaiters.push(done);
    });
  }

  private wake(): void {
    if (this.running !== 0 || this.holds !== 0) return;
    for (const w of [...this.idleWaiters]) w();
  }

  /** Frees every tree (shutdown). */
  dispose(): void {
    for (const s of this.states.values()) s.tree?.dispose();
    this.states.clear();
  }

  /**
   * Analyses the current version. With `mayYield`, an analysis overtaken by a change of the document
   * returns SUPERSEDED (the caller decides whether to start over; `analysisFor` makes its later
   * rounds without yields, so a document typed into without pause still gets a result); one
   * overtaken by new settings starts over here.
   */
  private async attempt(uri: string, mayYield: boolean): Promise<DocumentAnalysis | typeof SUPERSEDED | undefined> {
    const { documents, settings: resolver, workspace } = this.options;
    for (;;) {
      const doc = documents.get(uri);
      if (!doc) return undefined;
      const generation = resolver.generation;
      let settings: ResolvedSettings;
      try {
        settings = await resolver.forDocument(uri);
        const spec = languageFor(workspace.enginePath(uri).path, doc.languageId, doc.getText());
        if (spec) await prepareLanguage(spec);
      } catch (e) {
        return this.failed(uri, e);
      }
      const state = this.states.get(uri);
      const current = documents.get(uri);
      if (!state || !current) return undefined;
      if (generation !== resolver.generation) continue;
      const version = current.version;
      // Counted from here (not while settings are awaited from the client): background work waits for this.
      this.running++;
      try {
        const analysis = await this.compute(current, state, settings, generation, mayYield);
        if (analysis === SUPERSEDED) {
          if (this.states.get(uri) !== state || !documents.get(uri)) return undefined;
          if (documents.get(uri)?.version !== version) return SUPERSEDED;
          continue; // new settings: read them again
        }
        state.analysis = analysis;
        this.announce(uri, state, analysis.skipped);
        return analysis;
      } catch (e) {
        state.tree?.reset();
        return this.failed(uri, e);
      } finally {
        this.running--;
        this.wake();
      }
    }
  }

  /**
   * Analyses `doc` as it is now. With `mayYield`, a large document yields between parse, model and
   * rules, and SUPERSEDED is returned when the document changed, closed or got new settings at a
   * yield; the result is always that of the version read at the start.
   */
  private async compute(doc: TextDocument, state: DocumentState, settings: ResolvedSettings, generation: number, mayYield: boolean): Promise<DocumentAnalysis | typeof SUPERSEDED> {
    const uri = doc.uri;
    const version = doc.version;
    const base: DocumentAnalysis = { uri, version, generation, resultId: String(++this.resultCounter), findings: [], diagnostics: [], headerEnd: 0 };
    const { path, inFolder } = this.options.workspace.enginePath(uri);
    const project = inFolder ? this.options.projectConfig?.(uri) : undefined;
    if (!settings.enable || (inFolder && (settings.isExcluded(path) || (project?.exclude.length && this.projectExcluded(project, path))))) {
      state.tree?.reset();
      return base;
    }
    const text = doc.getText();
    const started = now();
    const options = { ...withProjectConfig(settings.analyzeOptions, project), gitIgnored: inFolder ? this.options.gitIgnored?.(uri) : undefined };
    const { spec, skipped } = precheck({ path, text, languageId: doc.languageId }, options);
    if (skipped || !spec) {
      state.tree?.reset();
      return { ...base, skipped };
    }
    if (state.tree?.spec !== spec) {
      state.tree?.dispose();
      state.tree = new IncrementalTree(spec);
    }
    const tree = state.tree;
    const incremental = tree.hasTree;
    const phased = mayYield && text.length >= PHASED_MIN_LENGTH;
    let paused = 0;
    /** Yields a turn; true when this analysis is no longer wanted. */
    const overtaken = async () => {
      const waited = now();
      await yieldTurn();
      paused += now() - waited;
      return this.states.get(uri) !== state || this.options.documents.get(uri)?.version !== version || this.options.settings.generation !== generation;
    };
    if (!tree.parse(text)) return { ...base, skipped: { reason: 'parse-failed', message: 'Not checked: the parser gave up on this file.' } };
    if (phased && (await overtaken())) return SUPERSEDED;
    const model = tree.model();
    // Nothing parsed any more: the tree was dropped meanwhile (the document was replaced or closed).
    if (!model) return phased ? SUPERSEDED : { ...base, skipped: { reason: 'parse-failed', message: 'Not checked: the parser gave up on this file.' } };
    const parsed = now();
    if (phased && (await overtaken())) return SUPERSEDED;
    const rulesStarted = now();
    const findings = runRules(model, path, options);
    const done = now();
    this.options.log.trace(
      `analysed ${uri} v${version}: ${incremental ? 'incremental' : 'full'} parse ${(parsed - started - paused).toFixed(1)} ms, rules ${(done - rulesStarted).toFixed(1)} ms, ` +
        `${findings.length} finding(s)${findings.length ? ' [' + [...new Set(findings.map((f) => f.ruleId))].join(', ') + ']' : ''}` +
        (phased ? `, in phases (${paused.toFixed(1)} ms yielded to other work)` : ''),
    );
    return {
      ...base,
      findings,
      // `doc` changes in place with every edit: it is still this version here, as every yield checked.
      diagnostics: findings.map((f) => toDiagnostic(f, doc)),
      lineComment: model.idioms.lineComment,
      headerEnd: headerEndOf(model),
    };
  }

  private readonly projectMatchers = new WeakMap<ProjectConfig, (rel: string) => boolean>();

  /** The project file's exclude globs, compiled once per read of the file. */
  private projectExcluded(project: ProjectConfig, rel: string): boolean {
    let m = this.projectMatchers.get(project);
    if (!m) {
      m = excludeMatcher(project.exclude);
      this.projectMatchers.set(project, m);
    }
    return m(rel);
  }

  private failed(uri: string, e: unknown): DocumentAnalysis | undefined {
    const { log, documents, settings } = this.options;
    log.error(`analysis of ${uri} failed: ${describeError(e)}`);
    const state = this.states.get(uri);
    const doc = documents.get(uri);
    if (!state || !doc) return undefined;
    const analysis: DocumentAnalysis = {
      uri,
      version: doc.version,
      generation: settings.generation,
      resultId: String(++this.resultCounter),
      findings: [],
      diagnostics: [],
      headerEnd: 0,
      skipped: { reason: 'parse-failed', message: 'Not checked: an internal error stopped the analysis of this file (details in the Twelve-Factor output).' },
    };
    state.analysis = analysis;
    if (!state.noticed.has('error')) {
      state.noticed.add('error');
      this.options.notify({ uri, kind: 'error', message: analysis.skipped!.message });
    }
    return analysis;
  }

  private announce(uri: string, state: DocumentState, skipped: SkipNotice | undefined): void {
    if (!skipped) return;
    if (!NOTICE_REASONS.has(skipped.reason)) {
      this.options.log.trace(`not analysed ${uri}: ${skipped.reason}`);
      return;
    }
    if (state.noticed.has(skipped.reason)) return;
    state.noticed.add(skipped.reason);
    this.options.log.info(`not analysed ${uri}: ${skipped.reason}`);
    this.options.notify({ uri, kind: 'skipped', message: skipped.message });
  }
}
