/**
 * The open documents (TextDocuments), with a hook that reports every content change, one by one
 * and against the text it applies to, so the document's parse tree can be edited in step.
 */
import { TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Told about every change before it is applied. */
export interface ChangeListener {
  /** `[start, oldEnd)` of `oldText` (UTF-16 offsets) is being replaced by `inserted`. */
  edited(uri: string, oldText: string, start: number, oldEnd: number, inserted: string): void;
  /** The whole text is being replaced. */
  replaced(uri: string): void;
}

/** A TextDocuments manager that reports each change to `listener`. */
export function createDocuments(listener: ChangeListener): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => {
      let doc = document;
      // Each change's range refers to the text left by the previous ones, so apply them one at a time.
      for (const change of changes) {
        if (TextDocumentContentChangeEvent.isIncremental(change)) {
          let start = doc.offsetAt(change.range.start);
          let end = doc.offsetAt(change.range.end);
          if (end < start) [start, end] = [end, start];
          listener.edited(doc.uri, doc.getText(), start, end, change.text);
        } else {
          listener.replaced(doc.uri);
        }
        doc = TextDocument.update(doc, [change], version);
      }
      return doc;
    },
  });
}
