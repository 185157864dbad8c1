/**
 * The checklist view in the example workspace: the server's background scan fills the
 * "Twelve-Factor" view with the twelve factors in order; evidence opens its file at the line; the
 * title-bar filter, the sign-off commands (through the committed .twelve-factor.json), the rescan and
 * the Markdown export work as a user uses them.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TwelveFactorApi } from '../../../client/src/extension';
import type { FolderChecklist } from '../../../shared/protocol';
import { EXTENSION_ID, fileUri, waitFor, workspaceFolder } from './helpers';

const TITLES = ['Codebase', 'Dependencies', 'Config', 'Backing services', 'Build, release, run', 'Processes', 'Port binding', 'Concurrency', 'Disposability', 'Dev/prod parity', 'Logs', 'Admin processes'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

async function api(): Promise<TwelveFactorApi> {
  const ext = vscode.extensions.getExtension<TwelveFactorApi>(EXTENSION_ID);
  assert.ok(ext);
  return ext.isActive ? ext.exports : await ext.activate();
}

/** The folder's checklist once the scan is done (and `check` holds). */
async function checklist(check: (f: FolderChecklist) => boolean = () => true, what = 'the checklist'): Promise<FolderChecklist> {
  const { checklist: view } = await api();
  return waitFor(what, () => {
    const f = view.folders[0];
    return f && !f.scanning && f.entries.length === 12 && check(f) ? f : undefined;
  }, () => JSON.stringify(view.folders.map((f) => ({ scanning: f.scanning, statuses: f.entries.map((e) => e.status), problems: f.problems }))));
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

suite('checklist view', () => {
  test('shows the twelve factors in order with their status, from a scan of the whole workspace', async () => {
    const folder = await checklist();
    assert.equal(folder.uri, workspaceFolder().uri.toString());
    const { checklist: view } = await api();
    const roots = view.getChildren();
    assert.equal(roots.length, 12);
    const items = roots.map((n) => view.getTreeItem(n));
    assert.deepEqual(items.map(label), TITLES.map((t, i) => `${ROMAN[i]}. ${t}`));
    // The example app has a fixed port (src/server.ts) and file logging (src/logger.ts), never opened here.
    assert.equal(folder.entries[6].status, 'fail', folder.entries[6].reason);
    assert.equal(folder.entries[10].status, 'fail', folder.entries[10].reason);
    assert.match(String(items[6].description), /^failing · /);
    assert.match((items[6].tooltip as vscode.MarkdownString).value, /12factor\.net\/port-binding/);
  });

  test('a finding under a factor opens its file at its line', async () => {
    await checklist();
    const { checklist: view } = await api();
    const portFactor = view.getChildren()[6];
    const children = view.getChildren(portFactor);
    const finding = children.map((n) => view.getTreeItem(n)).find((i) => String(i.description).startsWith('src/server.ts:'));
    assert.ok(finding?.command, `a finding with a command among ${children.length} children`);
    const line = Number(String(finding.description).split(':')[1]);
    await vscode.commands.executeCommand(finding.command.command, ...(finding.command.arguments ?? []));
    const editor = await waitFor('the file to open', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.path.endsWith('/src/server.ts') ? e : undefined;
    });
    assert.equal(editor.selection.active.line, line - 1);
    assert.match(editor.document.lineAt(line - 1).text, /listen/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the filter shows only the factors that fail or need attention, and back', async () => {
    await checklist();
    const { checklist: view } = await api();
    await vscode.commands.executeCommand('twelveFactor.filterProblems');
    const shown = view.getChildren().map((n) => view.getTreeItem(n));
    assert.ok(shown.length > 0 && shown.length < 12, `${shown.length} factors shown`);
    for (const i of shown) assert.match(String(i.description), /^(failing|needs attention) · /);
    await vscode.commands.executeCommand('twelveFactor.showAllFactors');
    assert.equal(view.getChildren().length, 12);
  });

  test('a sign-off in the committed project file shows in the view, and the remove command takes it out', async () => {
    const projectFile = fileUri('.twelve-factor.json');
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(projectFile, { overwrite: true, contents: Buffer.from('{\n  // reviewed in the architecture meeting\n  "signOff": { "X": { "note": "dev uses the same Postgres image", "by": "team" } }\n}\n') });
    assert.ok(await vscode.workspace.applyEdit(edit));
    let folder = await checklist((f) => !!f.entries[9].signOff, 'the sign-off of factor X');
    assert.equal(folder.entries[9].signOff?.note, 'dev uses the same Postgres image');
    const { checklist: view } = await api();
    const factorX = view.getChildren()[9];
    assert.equal(view.getTreeItem(factorX).contextValue, 'factor.signedOff');
    assert.match(label(view.getTreeItem(view.getChildren(factorX)[0])), /^Signed off: dev uses the same Postgres image/);

    await vscode.commands.executeCommand('twelveFactor.removeSignOff', factorX);
    folder = await checklist((f) => !f.entries[9].signOff, 'the sign-off to go');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(projectFile));
    assert.match(text, /reviewed in the architecture meeting/, 'comments in the project file are kept');
    assert.doesNotMatch(text, /Postgres image/);
    const remove = new vscode.WorkspaceEdit();
    remove.deleteFile(projectFile);
    assert.ok(await vscode.workspace.applyEdit(remove));
  });

  test('rescan and export: a Markdown report with every factor, secrets masked', async () => {
    await vscode.commands.executeCommand('twelveFactor.rescan');
    await checklist();
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('twelveFactor.exportReport');
    assert.ok(doc, 'the command returns the report document');
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    for (const t of TITLES) assert.ok(text.includes(t), `the report names ${t}`);
    const config = new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri('src/config.ts')));
    const secret = /sk_(?:test|live)_[A-Za-z0-9]{10,}/.exec(config)?.[0];
    assert.ok(secret, 'the example holds a Stripe key');
    assert.ok(text.includes('src/config.ts'), 'the report lists the finding');
    assert.ok(!text.includes(secret), 'the report masks the key');
    // The report is an unsaved document: close it without a save prompt.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the view container and the score in the status bar are contributed', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributes = (ext?.packageJSON as { contributes: { viewsContainers: { activitybar: { id: string }[] }; views: Record<string, { id: string }[]> } }).contributes;
    assert.ok(contributes.viewsContainers.activitybar.some((c) => c.id === 'twelveFactor'));
    assert.ok(contributes.views.twelveFactor.some((v) => v.id === 'twelveFactor.checklist'));
    // Opening the view by its command works (the status bar item runs this command).
    await vscode.commands.executeCommand('twelveFactor.checklist.focus');
  });
});
