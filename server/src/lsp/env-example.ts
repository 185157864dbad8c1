/**
 * `.env.example` at the root of the workspace folder: fixes that read an environment variable add
 * `NAME=` there (never a value), creating the file when it is missing and never adding a name twice.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CreateFile, TextDocumentEdit, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { eolOf } from '../engine/text';
import { describeError, type Log } from './log';
import { fsPathOf, type Workspace } from './workspace';

/** The file name, at the root of the workspace folder. */
export const ENV_EXAMPLE = '.env.example';

/** Larger files are not edited: an example file of this size is not one a person maintains. */
const MAX_ENV_EXAMPLE_BYTES = 1024 * 1024;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The names a dotenv file declares (`NAME=…`, `export NAME=…`); comments and blank lines are skipped. */
export function declaredEnvNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).replace(/^export\s+/, '').trim();
    if (NAME.test(name)) names.add(name);
  }
  return names;
}

/** What reading and editing `.env.example` needs. */
export interface EnvExampleOptions {
  documents: TextDocuments<TextDocument>;
  workspace: Workspace;
  log: Log;
  /** The client can create files in a workspace edit. */
  canCreateFiles: boolean;
}

/** Where the document's `.env.example` is, and its current text (undefined when it does not exist). */
async function readEnvExample(docUri: string, options: EnvExampleOptions): Promise<{ uri: string; text?: string; version: number | null } | undefined> {
  const folder = options.workspace.folderOf(docUri);
  if (!folder) return undefined;
  const filePath = folder.fsPath ? path.join(folder.fsPath, ENV_EXAMPLE) : undefined;
  // An open editor holds the newest text (perhaps unsaved); match it by path, since clients may encode URIs differently.
  const open = options.documents.all().find((d) => (filePath && fsPathOf(d.uri) === filePath) || d.uri === `${folder.uri.replace(/\/$/, '')}/${ENV_EXAMPLE}`);
  if (open) return { uri: open.uri, text: open.getText(), version: open.version };
  const uri = `${folder.uri.replace(/\/$/, '')}/${ENV_EXAMPLE}`;
  if (!filePath) return undefined;
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile() || stat.size > MAX_ENV_EXAMPLE_BYTES) return undefined;
    return { uri, text: await fs.readFile(filePath, 'utf8'), version: null };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { uri, version: null };
    options.log.warn(`could not read ${ENV_EXAMPLE} of ${folder.uri}: ${describeError(e)}`);
    return undefined;
  }
}

/**
 * The workspace-edit changes that add `NAME=` for each of `names` missing from the document's
 * `.env.example`; empty when nothing is missing or the document is outside every folder.
 */
export async function envExampleChanges(docUri: string, names: readonly string[], options: EnvExampleOptions): Promise<(CreateFile | TextDocumentEdit)[]> {
  const wanted = [...new Set(names)].filter((n) => NAME.test(n));
  if (wanted.length === 0) return [];
  const file = await readEnvExample(docUri, options);
  if (!file) return [];
  if (file.text === undefined) {
    if (!options.canCreateFiles) return [];
    return [
      { kind: 'create', uri: file.uri, options: { ignoreIfExists: true } },
      { textDocument: { uri: file.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: wanted.map((n) => `${n}=\n`).join('') }] },
    ];
  }
  const declared = declaredEnvNames(file.text);
  const missing = wanted.filter((n) => !declared.has(n));
  if (missing.length === 0) return [];
  const eol = eolOf(file.text);
  const end = TextDocument.create(file.uri, 'dotenv', 0, file.text).positionAt(file.text.length);
  const needsBreak = file.text.length > 0 && !/[\r\n]$/.test(file.text);
  const newText = (needsBreak ? eol : '') + missing.map((n) => `${n}=${eol}`).join('');
  return [{ textDocument: { uri: file.uri, version: file.version }, edits: [{ range: { start: end, end }, newText }] }];
}
