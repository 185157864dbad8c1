/**
 * Helpers for the tests that run inside the VS Code extension host: polling with a deadline
 * (never fixed sleeps), opening workspace files, reading this extension's diagnostics and code
 * actions, and restoring edited files.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The extension's id: `<publisher>.<name>` of package.json. */
export const EXTENSION_ID = 'twelve-factor-guide.twelve-factor-guide';

/** `source` of the diagnostics the language server publishes. */
export const SOURCE = 'twelve-factor';

/** Where each rule is documented; the `codeDescription` link of its diagnostics. */
export const DOCS_BASE = 'https://github.com/twelve-factor-guide/twelve-factor-guide/blob/main/docs/rules/';

/** How long a condition may take to come true (server start, analysis, settings round trip). */
export const DEADLINE_MS = 30_000;

const POLL_MS = 100;

/**
 * Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`
 * with `what` and the last value seen by `describe` (to show what was there instead).
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, describe?: () => string, timeoutMs = DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}${describe ? `; found: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The first workspace folder (the runner opens exactly one). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder');
  return folder;
}

/** A URI inside the workspace folder. */
export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
}

/** Opens a workspace file in an editor, as a user would. */
export async function openFile(relativePath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relativePath));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The rule id of a diagnostic (its `code`, plain or with a `target` link). */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/** The `codeDescription` link of a diagnostic, if any. */
export function linkOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  return typeof code === 'object' && code !== null ? code.target.toString(true) : undefined;
}

/** This extension's diagnostics on a document, optionally of one rule. */
export function diagnosticsOf(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (rule === undefined || ruleOf(d) === rule));
}

/** A readable list of the diagnostics on a document, for failure messages. */
export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return 'no diagnostics';
  return all.map((d) => `[${d.source}/${ruleOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ${rangeText(d.range)}] ${d.message.slice(0, 80)}`).join('; ');
}

/** `line:col-line:col`, 1-based, for messages. */
export function rangeText(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/** The range of the `occurrence`-th (0-based) match of `needle` in `text`; fails when absent. */
export function rangeOf(doc: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${occurrence + 1}) is in ${doc.uri.path}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

/** Waits for the diagnostic of `rule` at exactly `range`. */
export function waitForDiagnostic(uri: vscode.Uri, rule: string, range: vscode.Range): Promise<vscode.Diagnostic> {
  return waitFor(
    `a ${rule} diagnostic at ${rangeText(range)} of ${uri.path}`,
    () => diagnosticsOf(uri, rule).find((d) => d.range.isEqual(range)),
    () => describeDiagnostics(uri),
  );
}

/** Waits until no diagnostic of `rule` is left on the document. */
export function waitForNoDiagnostic(uri: vscode.Uri, rule: string): Promise<true> {
  return waitFor(`the ${rule} diagnostics of ${uri.path} to clear`, () => diagnosticsOf(uri, rule).length === 0, () => describeDiagnostics(uri));
}

/**
 * The quick fixes offered for `range`. The request is retried while it comes back 'Canceled'
 * (it can race with the editor's own light-bulb request) or empty (the server answers only for the
 * document version it analysed, and the client asks again after the next analysis).
 */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range, wanted?: string): Promise<vscode.CodeAction[]> {
  let last: vscode.CodeAction[] = [];
  let lastError = '';
  return waitFor(
    `quick fixes at ${rangeText(range)} of ${uri.path}${wanted ? ` including "${wanted}"` : ''}`,
    async () => {
      try {
        last = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
        lastError = '';
      } catch (e) {
        lastError = String(e);
        if (!lastError.includes('Canceled')) throw e;
        return undefined;
      }
      if (last.length === 0) return undefined;
      if (wanted && !last.some((a) => a.title === wanted)) return undefined;
      return last;
    },
    () => lastError || `[${last.map((a) => a.title).join(' | ')}]`,
  );
}

/** The quick fix titled `title` for the diagnostic, applied through `workspace.applyEdit`. */
export async function applyQuickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: string): Promise<vscode.CodeAction> {
  const actions = await quickFixes(uri, diagnostic.range, title);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `quick fix "${title}" is offered`);
  assert.ok(action.edit, `quick fix "${title}" carries an edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `quick fix "${title}" applies`);
  return action;
}

/** Puts `text` back into the document and saves it, so the next test starts from the original. */
export async function restore(doc: vscode.TextDocument, text: string): Promise<void> {
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.equal(await vscode.workspace.applyEdit(edit), true, `restoring ${doc.uri.path}`);
  }
  if (doc.isDirty && !(await doc.save())) {
    // save() also answers false when another save of the same document finished first; what the next
    // test needs is a clean document whose file on disk holds `text`.
    await waitFor(
      `${doc.uri.path} to be saved`,
      async () => !doc.isDirty && new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)) === text,
      () => `dirty: ${doc.isDirty}`,
      10_000,
    );
  }
}

/** The extension under test; waits for it to be active (activation starts the language server). */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive);
  return ext;
}
