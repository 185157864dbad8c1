/**
 * Open documents and their analysis: one incremental tree per document, edited with every change;
 * an analysis cached per (version, settings generation); the newest version always wins (an
 * analysis runs on the text current when it starts its synchronous part, never on an older one).
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

/** Skip reasons worth a notice to the user (once per open document); the others are only logged. */
const NOTICE_REASONS = new Set<SkipNotice['reason']>(['too-large', 'binary', 'minified', 'parse-failed']);

interface DocumentState {
  tree?: IncrementalTree;
  analysis?: DocumentAnalysis;
  pending?: Promise<DocumentAnalysis | undefined>;
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
   * document is not open (or was closed meanwhile).
   */
  async analysisFor(uri: string): Promise<DocumentAnalysis | undefined> {
    // Each round either returns or finds that the document changed meanwhile; a few rounds are
    // enough, after which the newest result is returned even if a change is still arriving.
    let latest: DocumentAnalysis | undefined;
    for (let round = 0; round < 4; round++) {
      const cached = this.current(uri);
      if (cached) return cached;
      const state = this.states.get(uri);
      if (!state || !this.options.documents.get(uri)) return undefined;
      if (!state.pending) {
        const p = this.run(uri).finally(() => {
          if (state.pending === p) state.pending = undefined;
        });
        state.pending = p;
      }
      latest = await state.pending;
      if (!latest) return undefined;
    }
    return latest;
  }

  /** Frees every tree (shutdown). */
  dispose(): void {
    for (const s of this.states.values()) s.tree?.dispose();
    this.states.clear();
  }

  private async run(uri: string): Promise<DocumentAnalysis | undefined> {
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
      // Everything from here on is synchronous: the text, the tree and the result stay in step.
      const state = this.states.get(uri);
      const current = documents.get(uri);
      if (!state || !current) return undefined;
      if (generation !== resolver.generation) continue;
      try {
        const analysis = this.compute(current, state, settings, generation);
        state.analysis = analysis;
        this.announce(uri, state, analysis.skipped);
        return analysis;
      } catch (e) {
        state.tree?.reset();
        return this.failed(uri, e);
      }
    }
  }

  private compute(doc: TextDocument, state: DocumentState, settings: ResolvedSettings, generation: number): DocumentAnalysis {
    const uri = doc.uri;
    const base: DocumentAnalysis = { uri, version: doc.version, generation, resultId: String(++this.resultCounter), findings: [], diagnostics: [], headerEnd: 0 };
    const { path, inFolder } = this.options.workspace.enginePath(uri);
    const project = inFolder ? this.options.projectConfig?.(uri) : undefined;
    if (!settings.enable || (inFolder && (settings.isExcluded(path) || (project?.exclude.length && this.projectExcluded(project, path))))) {
      state.tree?.reset();
      return base;
    }
    const text = doc.getText();
    const started = now();
    const options = withProjectConfig(settings.analyzeOptions, project);
    const { spec, skipped } = precheck({ path, text, languageId: doc.languageId }, options);
    if (skipped || !spec) {
      state.tree?.reset();
      return { ...base, skipped };
    }
    if (state.tree?.spec !== spec) {
      state.tree?.dispose();
      state.tree = new IncrementalTree(spec);
    }
    const incremental = state.tree.hasTree;
    const model = state.tree.build(text);
    const parsed = now();
    if (!model) return { ...base, skipped: { reason: 'parse-failed', message: 'Not checked: the parser gave up on this file.' } };
    const findings = runRules(model, path, options);
    const done = now();
    this.options.log.trace(
      `analysed ${uri} v${doc.version}: ${incremental ? 'incremental' : 'full'} parse ${(parsed - started).toFixed(1)} ms, rules ${(done - parsed).toFixed(1)} ms, ` +
        `${findings.length} finding(s)${findings.length ? ' [' + [...new Set(findings.map((f) => f.ruleId))].join(', ') + ']' : ''}`,
    );
    return {
      ...base,
      findings,
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
