/**
 * Custom messages between the client and the server, beyond the standard LSP ones.
 * One namespace per message; the JSDoc says who sends it.
 */

/**
 * Sent by the server to the client when a document is not checked (too large, binary, minified)
 * or when settings are invalid, so the client can show one clear notice.
 */
export namespace StatusNotification {
  export const method = 'twelveFactor/status';
  export interface Params {
    /** The document concerned, when there is one. */
    uri?: string;
    kind: 'skipped' | 'settings' | 'error';
    message: string;
  }
}

/** A checklist entry as it crosses the wire (same shape as the engine's ChecklistEntry). */
export interface ChecklistEntryDto {
  factor: number;
  title: string;
  status: 'pass' | 'attention' | 'fail' | 'unchecked' | 'n/a';
  reason: string;
  evidence: { file: string; line?: number; note: string; kind: 'finding' | 'support' | 'info'; id?: string }[];
  signOff?: { note: string; by?: string; date?: string };
}

/** The checklist of one workspace folder. */
export interface FolderChecklist {
  /** The workspace folder's URI; evidence paths are relative to it. */
  uri: string;
  name: string;
  entries: ChecklistEntryDto[];
  /** Factors passing or not applicable. */
  passing: number;
  total: number;
  /** True while the background scan runs (entries are those of the previous scan, if any). */
  scanning: boolean;
  /** Problems with the project file (.twelve-factor.json), shown once. */
  problems: string[];
}

/** Sent by the client to get the checklist of every workspace folder. */
export namespace ChecklistRequest {
  export const method = 'twelveFactor/checklist';
  export type Result = { folders: FolderChecklist[] };
}

/** Sent by the server to the client whenever a folder's checklist changed (after a scan or an edit). */
export namespace ChecklistChangedNotification {
  export const method = 'twelveFactor/checklistChanged';
  export type Params = ChecklistRequest.Result;
}

/** Sent by the client to rescan the whole workspace. */
export namespace RescanRequest {
  export const method = 'twelveFactor/rescan';
}

/** Sent by the client to get the Markdown report of a folder's checklist (secrets masked). */
export namespace ReportRequest {
  export const method = 'twelveFactor/report';
  export interface Params {
    /** The workspace folder's URI; the first folder when omitted. */
    uri?: string;
  }
  export type Result = { markdown: string; name: string };
}
