/**
 * What a `check` run produces, before it is written in a format: findings with the file they are
 * in, notices about files that were not checked, and the project's checklist when it was asked
 * for. Writers only read this.
 */
import type { ChecklistEntry } from '../engine/project/types';
import type { LocatedFinding, Severity } from '../engine/types';

/** A finding of one file. */
export interface ReportedFinding {
  /** Path relative to the current directory, forward slashes: what every format shows. */
  file: string;
  finding: LocatedFinding;
  /**
   * A stable identity for baselines and SARIF (`partialFingerprints`): a hash of the rule, the
   * file and the normalized line with the flagged value cut out, plus an occurrence counter.
   */
  fingerprint: string;
}

/** A file that was not checked, and why. Printed on stderr; SARIF carries them as notifications. */
export interface Notice {
  file: string;
  /** `skipped`: by design (size, encoding, ignore rules); `error`: the engine failed on the file. */
  kind: 'skipped' | 'error';
  message: string;
}

/** The checklist of the twelve factors for one project. */
export interface ReportedChecklist {
  /** Absolute path of the project root. */
  root: string;
  /** The root folder's name: the report's title. */
  name: string;
  /** Twelve entries, factor I first; evidence files relative to the current directory, notes masked. */
  entries: ChecklistEntry[];
}

/** The outcome of a check run. */
export interface CheckReport {
  /** In file order, then by position in the file. */
  findings: ReportedFinding[];
  notices: Notice[];
  /** One-line messages about the run itself (a project file that cannot be used, the checklist's scope). */
  messages: string[];
  /** With CheckOptions.checklist: the checklist of the first path's project. */
  checklist?: ReportedChecklist;
  /** Files that were analysed. */
  filesChecked: number;
  /** Their total size in bytes. */
  bytesChecked: number;
  /** Absolute path of the project root of the first path (where the baseline lives by default). */
  root?: string;
}

/** Number of findings per severity. */
export function countBySeverity(findings: readonly ReportedFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) counts[f.finding.severity]++;
  return counts;
}
