/**
 * The VS Code extension: starts the Twelve-Factor language server and wires its commands, status
 * notices and the checklist view. Everything else lives in the server.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification } from '../../shared/protocol';
import { registerChecklist, type ChecklistProvider } from './checklist';
import { registerCommands } from './commands';
import { createClient } from './server';
import { StatusView } from './status';

let client: LanguageClient | undefined;

/** What `activate` returns (`vscode.extensions.getExtension(…).exports`): the checklist view's data, as the view shows it. */
export interface TwelveFactorApi {
  checklist: ChecklistProvider;
}

/** Starts the language server and registers the commands and the checklist view. */
export async function activate(context: vscode.ExtensionContext): Promise<TwelveFactorApi> {
  const output = vscode.window.createOutputChannel('Twelve-Factor', { log: true });
  const status = new StatusView(output);
  context.subscriptions.push(output, status);
  const languageClient = createClient(context, output);
  client = languageClient;
  context.subscriptions.push(
    languageClient.onNotification(StatusNotification.method, (params: StatusNotification.Params) => status.handle(params)),
  );
  const checklist = registerChecklist(context, languageClient);
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => {
      if (e.newState === State.Starting) status.reset();
      // A restarted server scans again; ask for its checklist once it runs.
      if (e.newState === State.Running) void checklist.refresh();
    }),
  );
  registerCommands(context, { output, restart: () => languageClient.restart() });
  try {
    await languageClient.start();
  } catch (e) {
    output.error(`the server did not start: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.window.showErrorMessage('Twelve-Factor: the language server did not start. See the output for details.', 'Show Output').then((c) => c && output.show(true));
  }
  return { checklist: checklist.provider };
}

/** Stops the language server (VS Code waits for the returned promise). */
export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.isRunning()) await c.stop();
}
