/**
 * The text format, grouped by file like ESLint's "stylish":
 *
 *   src/server.ts
 *     3:12  warning  Fixed port 3000 in app.listen(): …  no-fixed-port
 *
 *   ✖ 1 problem (0 errors, 1 warning)
 *
 * Only the engine's messages are printed (secrets in them are already masked), never source text.
 */
import type { Severity } from '../../engine/types';
import { countBySeverity, type CheckReport, type ReportedFinding } from '../report';

/** How to write the text format. */
export interface TextOptions {
  /** ANSI colors (the caller decides: a terminal, and neither NO_COLOR nor --no-color). */
  color: boolean;
  /** With --baseline: the baseline file, and how many findings it left out (a last line says so). */
  baseline?: { file: string; suppressed: number };
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', underline: '\x1b[4m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', green: '\x1b[32m' };
type Style = keyof typeof ANSI;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'dim' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Writes the report in the text format. */
export function writeText(report: CheckReport, options: TextOptions): string {
  const paint = (style: Style, s: string) => (options.color ? ANSI[style] + s + ANSI.reset : s);
  const byFile = new Map<string, ReportedFinding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const out: string[] = [];
  for (const [file, findings] of byFile) {
    out.push('', paint('underline', file));
    const rows = findings.map(({ finding: f }) => ({
      at: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
      severity: f.severity,
      // One finding, one line: a message never spans lines in this format.
      message: f.message.replace(/\s*\n\s*/g, ' '),
      rule: f.ruleId,
    }));
    const w = {
      at: Math.max(...rows.map((r) => r.at.length)),
      severity: Math.max(...rows.map((r) => r.severity.length)),
      message: Math.max(...rows.map((r) => r.message.length)),
    };
    for (const r of rows) {
      out.push(
        `  ${paint('dim', r.at.padEnd(w.at))}  ${paint(SEVERITY_STYLE[r.severity], r.severity.padEnd(w.severity))}  ${r.message.padEnd(w.message)}  ${paint('dim', r.rule)}`,
      );
    }
  }
  const c = countBySeverity(report.findings);
  const total = report.findings.length;
  out.push('');
  if (total === 0) {
    out.push(paint('green', `✔ 0 problems (${plural(report.filesChecked, 'file')} checked)`));
  } else {
    const extra = [c.info ? `${c.info} info` : '', c.hint ? plural(c.hint, 'hint') : ''].filter(Boolean);
    const summary = `✖ ${plural(total, 'problem')} (${[plural(c.error, 'error'), plural(c.warning, 'warning'), ...extra].join(', ')})`;
    out.push(paint('bold', paint(c.error ? 'red' : c.warning ? 'yellow' : 'blue', summary)));
  }
  if (options.baseline) {
    const n = options.baseline.suppressed;
    out.push(paint('dim', `${plural(n, 'finding')} in the baseline ${n === 1 ? 'was' : 'were'} not reported (${options.baseline.file})`));
  }
  out.push('');
  return out.join('\n');
}
