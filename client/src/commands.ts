/**
 * The extension's commands: show the output, restart the server, open a rule's documentation
 * (the "Show documentation" code action passes the URL).
 */
import * as vscode from 'vscode';
import { REPOSITORY_URL } from '../../server/src/engine/docs';

/** Where the rules are documented, opened when no rule is given. */
const RULES_INDEX = `${REPOSITORY_URL}/tree/main/docs/rules`;

export interface CommandDeps {
  output: vscode.LogOutputChannel;
  restart(): Promise<void>;
}

/** Opens an http(s) URL in the browser; anything else is refused (the argument may come from a link). */
async function openDocs(output: vscode.LogOutputChannel, url?: unknown): Promise<void> {
  const target = typeof url === 'string' && url ? url : RULES_INDEX;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(target, true);
  } catch {
    output.warn(`not opening documentation: "${target}" is not a URL.`);
    return;
  }
  if (uri.scheme !== 'https' && uri.scheme !== 'http') {
    output.warn(`not opening documentation: only http(s) links are opened, got ${uri.scheme}:.`);
    return;
  }
  await vscode.env.openExternal(uri);
}

/** Registers the commands; they are disposed with the extension. */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('twelveFactor.showOutput', () => deps.output.show(true)),
    vscode.commands.registerCommand('twelveFactor.restartServer', async () => {
      deps.output.info('restarting the server (command).');
      try {
        await deps.restart();
      } catch (e) {
        deps.output.error(`restart failed: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showErrorMessage('Twelve-Factor: the server could not be restarted. See the output for details.', 'Show Output').then((c) => c && deps.output.show(true));
      }
    }),
    vscode.commands.registerCommand('twelveFactor.openDocs', (url?: unknown) => openDocs(deps.output, url)),
  );
}
