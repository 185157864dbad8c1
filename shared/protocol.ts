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
