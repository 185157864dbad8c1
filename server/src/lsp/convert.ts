/**
 * Engine findings and fixes as LSP data: diagnostics (with the fixes in `data`) and text edits.
 */
import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../engine/docs';
import type { Fix, LocatedFinding, Severity, TextEdit as EngineEdit } from '../engine/types';

/** `source` of every diagnostic this server publishes. */
export const SOURCE = 'twelve-factor';

/** A fix carried in a diagnostic's `data`, with its edits in positions of the analysed version. */
export interface FixData {
  title: string;
  preferred: boolean;
  envVars: string[];
  edits: TextEdit[];
}

/** What code actions need from a diagnostic, carried in its `data`. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the diagnostic (and its fix edits) belongs to. */
  version: number;
  fixes: FixData[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Sorts edits, drops exact duplicates (the same import added by two fixes) and any edit that
 * overlaps one already kept, so the result can be applied in one go.
 */
export function mergeEdits(edits: EngineEdit[]): EngineEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: EngineEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.start === e.start && last.end === e.end && last.newText === e.newText) continue;
    // Two insertions at one point are both kept; anything else that overlaps is dropped.
    if (last && e.start < last.end) continue;
    out.push(e);
  }
  return out;
}

/** A fix's edits in positions of `doc` (the version the fix was computed on). */
export function toTextEdits(edits: EngineEdit[], doc: TextDocument): TextEdit[] {
  return mergeEdits(edits).map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
}

/** A fix as carried in a diagnostic's `data`; `doc` is the version it was computed on. */
export function toFixData(fix: Fix, doc: TextDocument): FixData {
  return { title: fix.title, preferred: fix.preferred === true, envVars: fix.envVars ?? [], edits: toTextEdits(fix.edits, doc) };
}

/** The diagnostic of a finding; `doc` is the version that was analysed. */
export function toDiagnostic(f: LocatedFinding, doc: TextDocument): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, version: doc.version, fixes: f.fixes.map((x) => toFixData(x, doc)) };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    message: f.message,
    data,
  };
}
