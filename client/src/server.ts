/**
 * Starting the language server: dist/server.js in a Node process over IPC, for the documents of
 * shared/documents.ts (the languages, the deploy and configuration files), logging to the
 * "Twelve-Factor" output channel, restarted after a crash (at most 4 times in 3 minutes, each logged).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Message,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { DOCUMENT_LANGUAGES, DOCUMENT_PATTERNS } from '../../shared/documents';

/** The client id: VS Code reads its trace level from `twelveFactor.trace.server`. */
export const CLIENT_ID = 'twelveFactor';


/** Restarts allowed in the crash window before the client gives up. */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60 * 1000;

/**
 * Heap limit of the server process: ample for the open documents and their findings (the parse
 * trees live in WASM memory, outside this heap), while a runaway stays contained.
 */
const SERVER_EXEC_ARGV = ['--max-old-space-size=1024'];

/**
 * Restarts a crashed server up to MAX_RESTARTS times in CRASH_WINDOW_MS, and says so in the
 * output; connection errors are tolerated a few times before the connection is shut down.
 */
class RestartingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.output.warn(`connection to the server failed (${error.name}); attempt ${count ?? 1}.`);
    // Same policy as the library's default handler: a few errors are tolerated.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - this.restarts[0] > CRASH_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      const message = `The Twelve-Factor server stopped ${this.restarts.length} times in 3 minutes and will not be restarted. Run "Twelve-Factor: Restart Server" after checking the output.`;
      this.output.error(message);
      return { action: CloseAction.DoNotRestart, message };
    }
    this.output.warn(`the server stopped unexpectedly; restarting it (${this.restarts.length} of ${MAX_RESTARTS} in 3 minutes).`);
    return { action: CloseAction.Restart, handled: true };
  }
}

/** Creates (does not start) the language client. */
export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The server decides by path and content (a `*.yaml` is checked when it is a Kubernetes manifest).
    documentSelector: [
      ...DOCUMENT_LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      ...DOCUMENT_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new RestartingErrorHandler(output),
  };
  return new LanguageClient(CLIENT_ID, 'Twelve-Factor', serverOptions, clientOptions);
}
