/**
 * The project-level view: a checklist of all twelve factors, each backed by evidence from the whole
 * workspace. Pure: the host lists the files, reads them and passes per-file results in.
 */
import type { FactorNumber, LocatedFinding } from '../types';
import type { FileSummary } from './summary';
import type { ProjectConfig } from './config';

export type FactorStatus = 'pass' | 'attention' | 'fail' | 'unchecked' | 'n/a';

/** Something in the workspace that supports a factor's status. */
export interface Evidence {
  /** Path relative to the project root, forward slashes. */
  file: string;
  /** 1-based line, when the evidence is a place in the file. */
  line?: number;
  /** What this evidence shows, in a few words. Never a secret. */
  note: string;
  /** `finding`: a problem at this place; `support`: something done right; `info`: context. */
  kind: 'finding' | 'support' | 'info';
  /** Rule or check id, for findings. */
  id?: string;
}

export interface ChecklistEntry {
  factor: FactorNumber;
  title: string;
  status: FactorStatus;
  /** One line: why this status. */
  reason: string;
  evidence: Evidence[];
  /** The team's sign-off, when there is one. */
  signOff?: { note: string; by?: string; date?: string };
}

/** What a check sees. */
export interface ProjectInput {
  /** Every file of the project after excludes (relative paths, forward slashes), source or not. */
  files: readonly string[];
  /** Reads a project file as text (undefined when missing or unreadable). */
  read(path: string): string | undefined;
  /** The project root is a git work tree. */
  hasGit: boolean;
  /** Whether git ignores the path (by the project's .gitignore files). */
  gitIgnored(path: string): boolean;
  /** Per analysed source file: its findings and summary. */
  results: ReadonlyMap<string, FileResult>;
  config: ProjectConfig;
}

export interface FileResult {
  findings: readonly LocatedFinding[];
  summary?: FileSummary;
}

/** What a check returns for its factor. */
export interface CheckResult {
  status: FactorStatus;
  reason: string;
  evidence: Evidence[];
}

export interface CheckMeta {
  /** Kebab-case id, equal to the file name. */
  id: string;
  factor: FactorNumber;
  description: string;
}

export interface ProjectCheck {
  meta: CheckMeta;
  run(input: ProjectInput): CheckResult;
}
