/**
 * Shows the server's status notices: a status bar item for the active editor when its file is not
 * checked (too large, binary, minified…), and settings problems as a warning, once per message.
 * Every notice also goes to the output channel.
 */
import * as vscode from 'vscode';
import type { StatusNotification } from '../../shared/protocol';

/** The status bar item and warnings fed by `twelveFactor/status` notifications. */
export class StatusView implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Why each open document is not checked, by URI. */
  private readonly skipped = new Map<string, string>();
  /** Warnings already shown this session. */
  private readonly warned = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.item = vscode.window.createStatusBarItem('twelveFactor.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Twelve-Factor';
    this.item.command = 'twelveFactor.showOutput';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.skipped.delete(d.uri.toString())) this.update();
      }),
    );
  }

  /** Handles one `twelveFactor/status` notification. */
  handle(params: StatusNotification.Params): void {
    const where = params.uri ? ` ${params.uri}` : '';
    const line = `${params.kind}${where}: ${params.message}`;
    if (params.kind === 'skipped') this.output.info(line);
    else this.output.warn(line);
    if (params.kind === 'skipped' || params.kind === 'error') {
      if (params.uri) this.skipped.set(params.uri, params.message);
      this.update();
    }
    if (params.kind === 'settings' || params.kind === 'error') this.warnOnce(params.message, params.kind === 'settings');
  }

  /** Forgets per-document notices (the server restarted and will send them again). */
  reset(): void {
    this.skipped.clear();
    this.update();
  }

  private warnOnce(message: string, settings: boolean): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    const actions = settings ? ['Open Settings', 'Show Output'] : ['Show Output'];
    void vscode.window.showWarningMessage(message, ...actions).then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'twelveFactor');
      else if (choice === 'Show Output') this.output.show(true);
    });
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const reason = uri ? this.skipped.get(uri) : undefined;
    if (!reason) {
      this.item.hide();
      return;
    }
    this.item.text = '$(circle-slash) Twelve-Factor: not checked';
    this.item.tooltip = reason;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
