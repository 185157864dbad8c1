/**
 * The workspace folders, and where a document sits in them: the engine gets paths relative to the
 * folder (test-file detection, exclude globs), code actions find the folder's `.env.example`.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspaceFolder } from 'vscode-languageserver/node';

/** A workspace folder as the client named it, with its file-system path when it is local. */
export interface Folder {
  uri: string;
  name: string;
  fsPath?: string;
}

/** The file-system path of a `file:` URI; undefined for other schemes or malformed URIs. */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';

function samePathPrefix(folder: string, file: string): boolean {
  const f = caseInsensitive ? folder.toLowerCase() : folder;
  const p = caseInsensitive ? file.toLowerCase() : file;
  const withSep = f.endsWith(path.sep) ? f : f + path.sep;
  return p.startsWith(withSep);
}

/** The open workspace folders. */
export class Workspace {
  private folders: Folder[] = [];

  /** Replaces the folders (from `initialize`): `workspaceFolders`, else the deprecated `rootUri`. */
  set(folders: WorkspaceFolder[] | null | undefined, rootUri?: string | null): void {
    const list = folders ?? (rootUri ? [{ uri: rootUri, name: path.basename(fsPathOf(rootUri) ?? rootUri) }] : []);
    this.folders = list.map((f) => this.toFolder(f));
  }

  /** Applies a workspace/didChangeWorkspaceFolders event. */
  change(added: WorkspaceFolder[], removed: WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => f.uri));
    this.folders = this.folders.filter((f) => !gone.has(f.uri)).concat(added.map((f) => this.toFolder(f)));
  }

  /** The folders, in the order the client gave them. */
  list(): readonly Folder[] {
    return this.folders;
  }

  /** The innermost folder holding the document, if any. */
  folderOf(uri: string): Folder | undefined {
    const file = fsPathOf(uri);
    let best: Folder | undefined;
    for (const f of this.folders) {
      const inside = file && f.fsPath ? samePathPrefix(f.fsPath, file) : uri.startsWith(f.uri.endsWith('/') ? f.uri : f.uri + '/');
      if (inside && (!best || f.uri.length > best.uri.length)) best = f;
    }
    return best;
  }

  /**
   * The path the engine sees: relative to the folder with forward slashes; the file name for files
   * outside every folder; the URI's path for untitled documents (their language id decides).
   */
  enginePath(uri: string): { path: string; inFolder: boolean } {
    const file = fsPathOf(uri);
    const folder = this.folderOf(uri);
    if (file && folder?.fsPath) return { path: path.relative(folder.fsPath, file).split(path.sep).join('/'), inFolder: true };
    if (file) return { path: path.basename(file), inFolder: false };
    if (folder) return { path: safeDecode(uri.slice(folder.uri.replace(/\/$/, '').length + 1)), inFolder: true };
    const p = uri.replace(/^[a-z][a-z0-9+.-]*:/i, '');
    return { path: safeDecode(p.slice(p.lastIndexOf('/') + 1)), inFolder: false };
  }

  private toFolder(f: WorkspaceFolder): Folder {
    return { uri: f.uri, name: f.name, fsPath: fsPathOf(f.uri) };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
