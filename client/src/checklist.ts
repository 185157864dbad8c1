/**
 * The "Twelve-Factor" view: the twelve factors with their status, findings and evidence; sign-off,
 * rescan, problem filter, report export, and the status bar score. Data comes from the server.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { applyEdits, modify, parse as parseJsonc } from 'jsonc-parser';
import {
  ChecklistChangedNotification,
  ChecklistRequest,
  ReportRequest,
  RescanRequest,
  type ChecklistEntryDto,
  type FolderChecklist,
} from '../../shared/protocol';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const FACTOR_URL = ['codebase', 'dependencies', 'config', 'backing-services', 'build-release-run', 'processes', 'port-binding', 'concurrency', 'disposability', 'dev-prod-parity', 'logs', 'admin-processes'];
const SUMMARY = [
  'One codebase tracked in revision control, many deploys.',
  'Explicitly declare and isolate dependencies.',
  'Store config in the environment, not in the code.',
  'Treat backing services as attached resources, located by config.',
  'Strictly separate build and run stages.',
  'Execute the app as stateless processes; keep state in backing services.',
  'Export services via port binding, with the port given by the environment.',
  'Scale out via the process model.',
  'Maximize robustness with fast startup and graceful shutdown.',
  'Keep development, staging, and production as similar as possible.',
  'Treat logs as event streams written to stdout.',
  'Run admin/management tasks as one-off processes.',
];
const STATUS_LABEL: Record<ChecklistEntryDto['status'], string> = { pass: 'passing', attention: 'needs attention', fail: 'failing', unchecked: 'not checked', 'n/a': 'not applicable' };
const STATUS_ICON: Record<ChecklistEntryDto['status'], vscode.ThemeIcon> = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  attention: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  unchecked: new vscode.ThemeIcon('circle-large-outline'),
  'n/a': new vscode.ThemeIcon('circle-slash'),
};
const PROJECT_FILE = '.twelve-factor.json';

type Node =
  | { kind: 'folder'; folder: FolderChecklist }
  | { kind: 'factor'; folder: FolderChecklist; entry: ChecklistEntryDto }
  | { kind: 'evidence'; folder: FolderChecklist; entry: ChecklistEntryDto; index: number }
  | { kind: 'signoff'; folder: FolderChecklist; entry: ChecklistEntryDto }
  | { kind: 'message'; text: string };

/** Exposed for tests: the items the view shows, as plain data. */
export interface ChecklistSnapshot {
  folders: FolderChecklist[];
  filterProblems: boolean;
}

export class ChecklistProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  folders: FolderChecklist[] = [];
  filterProblems = false;
  loaded = false;

  update(folders: FolderChecklist[]): void {
    this.folders = folders;
    this.loaded = true;
    this.changed.fire(undefined);
  }

  setFilter(on: boolean): void {
    this.filterProblems = on;
    void vscode.commands.executeCommand('setContext', 'twelveFactor.filterProblems', on);
    this.changed.fire(undefined);
  }

  private visible(entries: ChecklistEntryDto[]): ChecklistEntryDto[] {
    return this.filterProblems ? entries.filter((e) => e.status === 'fail' || e.status === 'attention') : entries;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!this.loaded) return [{ kind: 'message', text: 'Scanning the workspace…' }];
      if (this.folders.length === 0) return [{ kind: 'message', text: 'Open a folder to see its checklist.' }];
      if (this.folders.length > 1) return this.folders.map((folder) => ({ kind: 'folder', folder }));
      return this.factorNodes(this.folders[0]);
    }
    if (node.kind === 'folder') return this.factorNodes(node.folder);
    if (node.kind === 'factor') {
      const out: Node[] = [];
      if (node.entry.signOff) out.push({ kind: 'signoff', folder: node.folder, entry: node.entry });
      node.entry.evidence.forEach((_e, index) => out.push({ kind: 'evidence', folder: node.folder, entry: node.entry, index }));
      return out;
    }
    return [];
  }

  private factorNodes(folder: FolderChecklist): Node[] {
    if (folder.entries.length === 0) return [{ kind: 'message', text: folder.scanning ? 'Scanning the workspace…' : 'No results yet.' }];
    const entries = this.visible(folder.entries);
    if (entries.length === 0) return [{ kind: 'message', text: 'No factor is failing or needs attention.' }];
    return entries.map((entry) => ({ kind: 'factor', folder, entry }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'message':
        return new vscode.TreeItem(node.text);
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.folder.passing}/${node.folder.total}${node.folder.scanning ? ' (scanning…)' : ''}`;
        item.iconPath = new vscode.ThemeIcon('root-folder');
        return item;
      }
      case 'factor': {
        const e = node.entry;
        const item = new vscode.TreeItem(`${ROMAN[e.factor - 1]}. ${e.title}`, e.evidence.length || e.signOff ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${node.folder.uri}#${e.factor}`;
        item.description = `${STATUS_LABEL[e.status]} · ${e.reason}`;
        item.iconPath = STATUS_ICON[e.status];
        const md = new vscode.MarkdownString(`**${ROMAN[e.factor - 1]}. ${e.title}**: ${STATUS_LABEL[e.status]}\n\n${SUMMARY[e.factor - 1]}\n\n${e.reason}\n\n[12factor.net/${FACTOR_URL[e.factor - 1]}](https://12factor.net/${FACTOR_URL[e.factor - 1]})`);
        item.tooltip = md;
        item.contextValue = e.signOff ? 'factor.signedOff' : 'factor';
        return item;
      }
      case 'signoff': {
        const s = node.entry.signOff!;
        const item = new vscode.TreeItem(`Signed off: ${s.note}`);
        item.description = [s.by, s.date].filter(Boolean).join(', ');
        item.iconPath = new vscode.ThemeIcon('verified');
        item.command = { command: 'vscode.open', title: 'Open project file', arguments: [vscode.Uri.joinPath(vscode.Uri.parse(node.folder.uri), PROJECT_FILE)] };
        return item;
      }
      case 'evidence': {
        const ev = node.entry.evidence[node.index];
        const item = new vscode.TreeItem(ev.note);
        item.description = `${ev.file}${ev.line ? `:${ev.line}` : ''}`;
        item.tooltip = `${ev.file}${ev.line ? `:${ev.line}` : ''}\n${ev.note}`;
        item.iconPath = ev.kind === 'finding' ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : ev.kind === 'support' ? new vscode.ThemeIcon('check') : new vscode.ThemeIcon('info');
        const uri = vscode.Uri.joinPath(vscode.Uri.parse(node.folder.uri), ev.file);
        const line = Math.max(0, (ev.line ?? 1) - 1);
        item.command = ev.file === '.git'
          ? undefined
          : { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(line, 0, line, 0) } satisfies vscode.TextDocumentShowOptions] };
        item.contextValue = 'evidence';
        return item;
      }
    }
  }
}

/** Writes (or removes, when `note` is undefined) a factor's sign-off in the folder's project file, keeping comments. */
export async function writeSignOff(folderUri: vscode.Uri, factor: number, note: string | undefined, by?: string): Promise<boolean> {
  const fileUri = vscode.Uri.joinPath(folderUri, PROJECT_FILE);
  let text = '';
  let exists = true;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri));
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri.toString());
    if (open) text = open.getText();
  } catch {
    exists = false;
  }
  if (!text.trim()) text = '{\n  "$schema": "https://github.com/twelve-factor-guide/twelve-factor-guide/raw/main/schemas/twelve-factor.schema.json"\n}\n';
  const errors: import('jsonc-parser').ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    void vscode.window.showErrorMessage(`${PROJECT_FILE} has a syntax error; fix it before signing off.`);
    return false;
  }
  const value = note === undefined ? undefined : { note, ...(by ? { by } : {}), date: new Date().toISOString().slice(0, 10) };
  // Keys are Roman numerals: they read like the checklist.
  const edits = modify(text, ['signOff', ROMAN[factor - 1]], value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  const next = applyEdits(text, edits);
  const edit = new vscode.WorkspaceEdit();
  if (exists) {
    const doc = await vscode.workspace.openTextDocument(fileUri);
    edit.replace(fileUri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), next);
  } else {
    edit.createFile(fileUri, { ignoreIfExists: true });
    edit.insert(fileUri, new vscode.Position(0, 0), next);
  }
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok) {
    const doc = await vscode.workspace.openTextDocument(fileUri);
    await doc.save();
  }
  return ok;
}

/** Registers the view, its commands and the status bar item; `refresh` asks the running server for the checklist. */
export function registerChecklist(context: vscode.ExtensionContext, client: BaseLanguageClient): { provider: ChecklistProvider; refresh(): Promise<void> } {
  const provider = new ChecklistProvider();
  const view = vscode.window.createTreeView('twelveFactor.checklist', { treeDataProvider: provider, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('twelveFactor.score', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Twelve-Factor score';
  status.command = 'twelveFactor.checklist.focus';
  const shownProblems = new Set<string>();

  const render = (folders: FolderChecklist[]) => {
    provider.update(folders);
    const passing = folders.reduce((n, f) => n + f.passing, 0);
    const total = folders.reduce((n, f) => n + f.total, 0);
    const scanning = folders.some((f) => f.scanning);
    if (folders.length && total) {
      status.text = `${scanning ? '$(sync~spin) ' : '$(checklist) '}12-Factor: ${passing}/${total}`;
      status.tooltip = 'Twelve-Factor checklist: factors passing or not applicable. Click to open the checklist.';
      status.show();
    } else status.hide();
    view.message = scanning ? 'Scanning the workspace…' : undefined;
    const failing = folders.flatMap((f) => f.entries).filter((e) => e.status === 'fail').length;
    view.badge = failing ? { value: failing, tooltip: `${failing} failing factor${failing === 1 ? '' : 's'}` } : undefined;
    for (const f of folders) {
      for (const p of f.problems) {
        if (shownProblems.has(p)) continue;
        shownProblems.add(p);
        void vscode.window.showWarningMessage(p);
      }
    }
  };

  const refresh = async () => {
    try {
      const r = await client.sendRequest<ChecklistRequest.Result>(ChecklistRequest.method);
      render(r.folders);
    } catch (e) {
      client.outputChannel.appendLine(`Checklist request failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const pickFolder = async (): Promise<FolderChecklist | undefined> => {
    if (provider.folders.length <= 1) return provider.folders[0];
    const pick = await vscode.window.showQuickPick(provider.folders.map((f) => ({ label: f.name, folder: f })), { placeHolder: 'Which workspace folder?' });
    return pick?.folder;
  };

  context.subscriptions.push(
    view,
    status,
    client.onNotification(ChecklistChangedNotification.method, (p: ChecklistChangedNotification.Params) => render(p.folders)),
    vscode.commands.registerCommand('twelveFactor.rescan', async () => {
      await client.sendRequest(RescanRequest.method);
    }),
    vscode.commands.registerCommand('twelveFactor.filterProblems', () => provider.setFilter(true)),
    vscode.commands.registerCommand('twelveFactor.showAllFactors', () => provider.setFilter(false)),
    vscode.commands.registerCommand('twelveFactor.signOff', async (node?: Node) => {
      let target = node?.kind === 'factor' ? node : undefined;
      if (!target) {
        const folder = await pickFolder();
        if (!folder) return;
        const pick = await vscode.window.showQuickPick(folder.entries.map((entry) => ({ label: `${ROMAN[entry.factor - 1]}. ${entry.title}`, description: STATUS_LABEL[entry.status], entry })), { placeHolder: 'Sign off which factor?' });
        if (!pick) return;
        target = { kind: 'factor', folder, entry: pick.entry };
      }
      const note = await vscode.window.showInputBox({
        title: `Sign off ${ROMAN[target.entry.factor - 1]}. ${target.entry.title}`,
        prompt: 'What did the team review? (saved in .twelve-factor.json)',
        value: target.entry.signOff?.note,
        validateInput: (v) => (v.trim() ? undefined : 'A short note is required.'),
      });
      if (note === undefined) return;
      await writeSignOff(vscode.Uri.parse(target.folder.uri), target.entry.factor, note.trim());
    }),
    vscode.commands.registerCommand('twelveFactor.removeSignOff', async (node?: Node) => {
      if (node?.kind !== 'factor') return;
      await writeSignOff(vscode.Uri.parse(node.folder.uri), node.entry.factor, undefined);
    }),
    vscode.commands.registerCommand('twelveFactor.exportReport', async () => {
      const folder = await pickFolder();
      const r = await client.sendRequest<ReportRequest.Result>(ReportRequest.method, { uri: folder?.uri } satisfies ReportRequest.Params);
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: r.markdown });
      await vscode.window.showTextDocument(doc);
      return doc;
    }),
  );
  void vscode.commands.executeCommand('setContext', 'twelveFactor.filterProblems', false);
  void vscode.commands.executeCommand('setContext', 'twelveFactor.active', true);
  return { provider, refresh };
}
