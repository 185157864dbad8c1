/**
 * The Markdown format: the checklist report the editor's "Export Report" command writes
 * (engine/project/report.ts), for the project of the first path. Findings appear as the evidence
 * of their factor, with the engine's masked messages.
 */
import { markdownReport } from '../../engine/project/report';
import type { CheckReport } from '../report';

/** What the Markdown writer needs besides the report. */
export interface MarkdownOptions {
  /** The day of the report, `YYYY-MM-DD`. */
  date: string;
}

/** Writes the report's checklist as Markdown. */
export function writeMarkdown(report: CheckReport, options: MarkdownOptions): string {
  if (!report.checklist) throw new Error('the Markdown report needs the checklist');
  return markdownReport(report.checklist.entries, { project: report.checklist.name, date: options.date });
}
