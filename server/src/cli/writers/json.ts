/**
 * The JSON format, version 1: `{"version":1,"findings":[…],"checklist":[…]}`. Each finding has
 * exactly the keys file, line, column, endLine, endColumn, rule, factor, severity, message; lines
 * and columns are 1-based, columns in UTF-16 code units, `endColumn` one past the last character.
 * The checklist has twelve entries, factor 1 first, each with factor, title, status, reason and
 * evidence (file, line when known, note, kind). With --baseline, `baseline` holds the baseline's file
 * and the number of findings it left out (`findings` holds only the others).
 */
import type { Evidence, FactorStatus } from '../../engine/project/types';
import type { FactorNumber, Severity } from '../../engine/types';
import type { CheckReport } from '../report';

/** One finding in the JSON format. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  factor: FactorNumber;
  severity: Severity;
  message: string;
}

/** One piece of evidence of a checklist entry. */
export interface JsonEvidence {
  /** Relative to the current directory, forward slashes. */
  file: string;
  /** 1-based; absent when the evidence is a whole file. */
  line?: number;
  note: string;
  kind: Evidence['kind'];
}

/** One factor of the checklist. */
export interface JsonChecklistEntry {
  factor: FactorNumber;
  title: string;
  status: FactorStatus;
  reason: string;
  evidence: JsonEvidence[];
}

/** The JSON document. */
export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  /** Present when the checklist was built (always, from the command line). */
  checklist?: JsonChecklistEntry[];
  /** With --baseline: the baseline file (relative to the current directory) and how many findings it left out. */
  baseline?: { file: string; suppressed: number };
}

/** The report as the JSON document (for writers and tests). */
export function toJson(report: CheckReport, baseline?: { file: string; suppressed: number }): JsonReport {
  const json: JsonReport = {
    version: 1,
    findings: report.findings.map(({ file, finding: f }) => ({
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      rule: f.ruleId,
      factor: f.factor,
      severity: f.severity,
      message: f.message,
    })),
  };
  if (report.checklist) {
    json.checklist = report.checklist.entries.map((e) => ({
      factor: e.factor,
      title: e.title,
      status: e.status,
      reason: e.reason,
      evidence: e.evidence.map((x) => (x.line === undefined ? { file: x.file, note: x.note, kind: x.kind } : { file: x.file, line: x.line, note: x.note, kind: x.kind })),
    }));
  }
  if (baseline) json.baseline = { file: baseline.file, suppressed: baseline.suppressed };
  return json;
}

/** Writes the report as one line of JSON. */
export function writeJson(report: CheckReport, baseline?: { file: string; suppressed: number }): string {
  return JSON.stringify(toJson(report, baseline)) + '\n';
}
