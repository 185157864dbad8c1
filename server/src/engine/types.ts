/**
 * The engine's data model: what goes in (a document), what comes out (findings with fixes as data).
 * Nothing here knows about VS Code or the Language Server Protocol.
 */
import type { FileKind, SourceModel } from './model';

/** Factor number, 1 (Codebase) to 12 (Admin processes). */
export type FactorNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** A configured severity: a severity, or `off` to disable the rule. */
export type RuleLevel = Severity | 'off';

/** A half-open range of UTF-16 offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** A replacement of `[start, end)` in the analysed document by `newText`. */
export interface TextEdit extends Span {
  newText: string;
}

/** A fix, as data: the host turns it into a workspace edit. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Only a fix that is always safe is preferred (offered by "auto fix" and fix-all). */
  preferred?: boolean;
  /** Environment variables the fix reads; the host adds `NAME=` to `.env.example`. */
  envVars?: string[];
}

export interface Finding {
  ruleId: string;
  factor: FactorNumber;
  severity: Severity;
  /** Human message; never contains an unmasked secret. */
  message: string;
  span: Span;
  fixes: Fix[];
}

/** A finding with 0-based line/character positions computed from its span. */
export interface LocatedFinding extends Finding {
  range: { start: Position; end: Position };
}

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

/** Static description of a rule; drives docs links, settings, the checklist and SARIF. */
export interface RuleMeta {
  /** Kebab-case id, equal to the rule's file name. */
  id: string;
  factor: FactorNumber;
  /** One line: what the rule reports. */
  description: string;
  defaultSeverity: Severity;
  /** What kinds of fixes the rule can offer (for documentation). */
  fixable: boolean;
  /**
   * The configuration and deploy file kinds the rule understands, besides program source. A rule
   * runs on `app-config` / `deploy` models only when it lists them: in deploy files ports and
   * service host names are ordinary configuration, so each rule opts in knowingly.
   */
  fileKinds?: FileKind[];
}

export interface RuleContext {
  readonly model: SourceModel;
  readonly file: FileFacts;
  /** Report a finding; severity and factor are filled in from the rule's meta and the settings. */
  report(finding: { span: Span; message: string; fixes?: Fix[] }): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): void;
}

/** Facts about the file being analysed that rules may use. */
export interface FileFacts {
  /** Path relative to the workspace/CWD with forward slashes, or an untitled name. */
  path: string;
  isTest: boolean;
  /**
   * Whether git ignores the file, as the host found it (AnalyzeOptions.gitIgnored); undefined when the
   * host does not know (an editor buffer outside a scanned folder, a file given on standard input).
   */
  gitIgnored?: boolean;
}

/** Per-analysis options (resolved settings). */
export interface AnalyzeOptions {
  /** Severity override per rule id; `off` disables a rule. */
  rules?: Record<string, RuleLevel | undefined>;
  /** Report findings in test files too. Default false. */
  includeTests?: boolean;
  /** Files larger than this many bytes are skipped with a notice. Default 1 MiB. */
  maxFileSize?: number;
  /**
   * Whether git ignores the file: `false` when the host checked the project's .gitignore files and
   * the file is not ignored (so it is, or will be, committed), `true` when it is ignored, absent when
   * the host cannot tell. Rules about committed files (a `.env` holding secrets) only report on `false`.
   */
  gitIgnored?: boolean;
}

/** Why a document was not analysed. */
export interface SkipNotice {
  reason: 'too-large' | 'binary' | 'minified' | 'unsupported' | 'test-file' | 'parse-failed';
  message: string;
}

export interface AnalysisResult {
  findings: LocatedFinding[];
  skipped?: SkipNotice;
}
