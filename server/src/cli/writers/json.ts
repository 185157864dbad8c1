/**
 * The JSON format, version 1: `{"version":1,"findings":[…]}`. Each finding has exactly the keys
 * file, line, column, endLine, endColumn, rule, factor, severity, message; lines and columns are
 * 1-based, columns in UTF-16 code units, `endColumn` one past the last character.
 */
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

/** The JSON document. */
export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
}

/** The report as the JSON document (for writers and tests). */
export function toJson(report: CheckReport): JsonReport {
  return {
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
}

/** Writes the report as one line of JSON. */
export function writeJson(report: CheckReport): string {
  return JSON.stringify(toJson(report)) + '\n';
}
