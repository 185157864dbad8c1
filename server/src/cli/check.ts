/**
 * `twelve-factor check` without the terminal: options in, a report out. The command line, the
 * benchmark, and (later) the project file all build a CheckOptions and call runCheck.
 */
import { createHash } from 'node:crypto';
import { analyze, DEFAULT_MAX_FILE_SIZE, onInternalError } from '../engine/analyze';
import { languageFor, prepareLanguage } from '../engine/languages';
import { maskSecret } from '../engine/mask';
import { computeLineStarts } from '../engine/text';
import type { LocatedFinding, RuleLevel } from '../engine/types';
import { readSource } from './read';
import type { CheckReport, Notice, ReportedFinding } from './report';
import { collectFiles } from './walk';

/**
 * Everything a check run depends on. The command line fills it; a project file
 * (`.twelve-factor.json`) is meant to be merged into it before runCheck, so both hosts resolve the
 * same settings the same way.
 */
export interface CheckOptions {
  /** The current directory: paths are resolved and reported relative to it. */
  cwd: string;
  /** Files and folders to check; empty means `cwd`. */
  paths: string[];
  /** Also report findings in test files. */
  includeTests: boolean;
  /** Severity override per rule id; `off` disables a rule. */
  rules: Record<string, RuleLevel>;
  /** Files larger than this many bytes are not checked. */
  maxFileSize: number;
  /** Glob patterns, relative to `cwd`, of files not to check. */
  exclude: string[];
}

/** The defaults for everything but the paths. */
export function defaultCheckOptions(cwd: string): CheckOptions {
  return { cwd, paths: [], includeTests: false, rules: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE, exclude: [] };
}

/** A failure that makes the whole run meaningless (the parser cannot load): exit code 2. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/**
 * Checks the files. A failure on one file becomes a notice and the run goes on; only a missing path
 * (MissingPathError, from the walk) or a parser that cannot load (InternalError) throws.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const { files, notices: walkNotices } = collectFiles(options.paths, { cwd: options.cwd, includeTests: options.includeTests, exclude: options.exclude });
  const report: CheckReport = { findings: [], notices: walkNotices.map((n) => ({ ...n, kind: 'skipped' })), filesChecked: 0, bytesChecked: 0 };
  const notice = (file: string, kind: Notice['kind'], message: string) => report.notices.push({ file, kind, message });

  let current = '';
  onInternalError((ruleId, e) => notice(current, 'error', `the rule ${ruleId} failed (${describeError(e)}); its findings in this file are missing.`));
  try {
    for (const file of files) {
      current = file.display;
      const read = readSource(file.absolute, options.maxFileSize);
      if (!read.ok) {
        if (!read.quiet || file.explicit) notice(file.display, 'skipped', read.message);
        continue;
      }
      const spec = languageFor(file.enginePath);
      if (!spec) continue;
      try {
        await prepareLanguage(spec);
      } catch (e) {
        throw new InternalError(`cannot load the ${spec.grammar} parser: ${describeError(e)}`);
      }
      let findings: LocatedFinding[];
      try {
        const result = await analyze(
          { path: file.enginePath, text: read.text },
          { rules: options.rules, includeTests: options.includeTests, maxFileSize: options.maxFileSize },
        );
        if (result.skipped) {
          // Binary, minified and test files are skipped by design; say so only when the file was named.
          const byDesign = ['binary', 'minified', 'test-file', 'unsupported'].includes(result.skipped.reason);
          if (!byDesign || file.explicit) notice(file.display, 'skipped', result.skipped.message);
          continue;
        }
        findings = result.findings;
      } catch (e) {
        notice(file.display, 'error', `Not checked: internal error (${describeError(e)}).`);
        continue;
      }
      report.filesChecked++;
      report.bytesChecked += read.bytes;
      const fingerprints = fingerprintsOf(read.text, file.enginePath, findings);
      findings.forEach((finding, i) => report.findings.push({ file: file.display, finding, fingerprint: fingerprints[i] }));
    }
  } finally {
    onInternalError(() => {});
  }
  return report;
}

/**
 * Fingerprints that survive lines moving: rule, file and the line's text, whitespace collapsed.
 * The flagged value itself is cut out before hashing: a short password could otherwise be
 * recovered by hashing guesses of the line.
 */
function fingerprintsOf(text: string, enginePath: string, findings: readonly LocatedFinding[]): string[] {
  if (findings.length === 0) return [];
  const lineStarts = computeLineStarts(text);
  const occurrences = new Map<string, number>();
  return findings.map((f) => {
    const line = f.range.start.line;
    const start = lineStarts[line];
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    const lineText = text.slice(start, f.span.start) + '\u0000' + text.slice(Math.min(f.span.end, end), end);
    const normalized = lineText.replace(/\s+/g, ' ').trim();
    const hash = createHash('sha256').update(`${f.ruleId}\n${enginePath}\n${normalized}`).digest('hex').slice(0, 32);
    const n = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, n);
    return `${hash}:${n}`;
  });
}

/**
 * One line describing an error, safe to print: error messages can quote the input, so long
 * tokens that mix letters and digits (the shape of keys and tokens) are masked.
 */
export function describeError(e: unknown): string {
  const raw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const line = raw.split('\n')[0].slice(0, 300);
  return line.replace(/[A-Za-z0-9_+/=.:@-]{16,}/g, (token) => (/[A-Za-z]/.test(token) && /\d/.test(token) ? maskSecret(token) : token));
}
