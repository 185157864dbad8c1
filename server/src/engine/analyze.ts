/**
 * The engine's entry point: text in, findings out. Pure: no editor, no protocol, no file system
 * beyond loading the parser's grammars.
 */
import { applySuppressions } from './suppress';
import { isTestPath, looksBinary, looksMinified } from './files';
import { languageFor, parseWith, prepareLanguage, type LanguageSpec } from './languages';
import type { SourceModel } from './model';
import { RULES } from './rules';
import { positionAt } from './text';
import type { AnalysisResult, AnalyzeOptions, Finding, LocatedFinding, Rule, RuleLevel, Severity } from './types';
import type { Tree } from './parser';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export interface DocumentInput {
  /** Path relative to the workspace (forward slashes), used for test-file detection and messages. */
  path: string;
  text: string;
  /** VS Code language id, when known. */
  languageId?: string;
}

/** Decides whether a document is analysed at all, before parsing. */
export function precheck(input: DocumentInput, options: AnalyzeOptions = {}): { spec?: LanguageSpec; skipped?: AnalysisResult['skipped'] } {
  const spec = languageFor(input.path, input.languageId, input.text);
  if (!spec) return { skipped: { reason: 'unsupported', message: 'This file type is not checked.' } };
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (input.text.length > max) {
    return {
      spec,
      skipped: {
        reason: 'too-large',
        message: `Not checked: the file is ${Math.round(input.text.length / 1024)} KB, above the ${Math.round(max / 1024)} KB limit (setting twelveFactor.maxFileSizeKB).`,
      },
    };
  }
  if (looksBinary(input.text)) return { spec, skipped: { reason: 'binary', message: 'Not checked: the file looks binary.' } };
  if (looksMinified(input.path, input.text)) return { spec, skipped: { reason: 'minified', message: 'Not checked: the file looks minified or generated.' } };
  if (!options.includeTests && isTestPath(input.path)) {
    return { spec, skipped: { reason: 'test-file', message: 'Test files are not checked (setting twelveFactor.includeTests).' } };
  }
  return { spec };
}

/** Runs every enabled rule on a model. */
export function runRules(model: SourceModel, path: string, options: AnalyzeOptions = {}, rules: readonly Rule[] = RULES): LocatedFinding[] {
  const findings: Finding[] = [];
  const file = { path, isTest: isTestPath(path), gitIgnored: options.gitIgnored };
  const kind = model.fileKind ?? 'source';
  for (const rule of rules) {
    if (kind !== 'source' && !rule.meta.fileKinds?.includes(kind)) continue;
    const level: RuleLevel = options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (level === 'off') continue;
    const severity: Severity = level;
    try {
      rule.create({
        model,
        file,
        report: (f) => findings.push({ ruleId: rule.meta.id, factor: rule.meta.factor, severity, message: f.message, span: f.span, fixes: f.fixes ?? [] }),
      });
    } catch (e) {
      // One faulty rule must not hide the others' findings.
      reportInternalError(rule.meta.id, e);
    }
  }
  const kept = applySuppressions(model, findings);
  kept.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
  return kept.map((f) => ({
    ...f,
    range: { start: positionAt(model.lineStarts, f.span.start), end: positionAt(model.lineStarts, f.span.end) },
  }));
}

type ErrorSink = (ruleId: string, error: unknown) => void;
let errorSink: ErrorSink = () => {};

/** Lets a host log rule failures (the engine itself never prints). */
export function onInternalError(sink: ErrorSink): void {
  errorSink = sink;
}

function reportInternalError(ruleId: string, e: unknown): void {
  errorSink(ruleId, e);
}

/** What `buildModel` gives for formats read without tree-sitter: there is no tree to free. */
const NO_TREE = { delete(): void {} };

/**
 * Parses and builds the model (exposed for hosts that keep trees for incremental parsing). Free
 * `tree` with `delete()`; for formats read without tree-sitter it is a handle with nothing to free.
 */
export function buildModel(spec: LanguageSpec, text: string, oldTree?: Tree | null): { model: SourceModel; tree: Tree | typeof NO_TREE } | undefined {
  if (spec.parseText) return { model: spec.parseText(text), tree: NO_TREE };
  const tree = parseWith(spec, text, oldTree);
  if (!tree) return undefined;
  return { model: spec.build(text, tree), tree };
}

/** Analyses one document. */
export async function analyze(input: DocumentInput, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const { spec, skipped } = precheck(input, options);
  if (skipped || !spec) return { findings: [], skipped };
  await prepareLanguage(spec);
  const built = buildModel(spec, input.text);
  if (!built) return { findings: [], skipped: { reason: 'parse-failed', message: 'Not checked: the parser gave up on this file.' } };
  try {
    return { findings: runRules(built.model, input.path, options) };
  } finally {
    built.tree.delete();
  }
}
