/**
 * Code actions for findings: each engine fix (a quick fix; `isPreferred` only when the engine says
 * the fix is always safe), "Ignore <rule> on this line", "Ignore <rule> in this file", "Show
 * documentation for <rule>", and `source.fixAll.twelveFactor`, which applies the preferred fixes
 * only. Fixes that read environment variables also add `NAME=` to the folder's `.env.example`.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../engine/docs';
import { IGNORE_FILE, IGNORE_NEXT_LINE } from '../engine/suppress';
import { eolOf, indentationAt } from '../engine/text';
import type { DocumentAnalysis, Analyzer } from './analysis';
import { SOURCE, toFixData, toTextEdits, type DiagnosticData, type FixData } from './convert';
import { envExampleChanges, type EnvExampleOptions } from './env-example';

/** The fix-all kind: VS Code runs it for `editor.codeActionsOnSave: { "source.fixAll": … }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.twelveFactor`;

/** The client command that opens a rule's documentation (registered by the VS Code client). */
export const OPEN_DOCS_COMMAND = 'twelveFactor.openDocs';

/** What the code actions need. */
export interface CodeActionOptions {
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  env: EnvExampleOptions;
  /** The client accepts `documentChanges` (versioned edits, file creation) in workspace edits. */
  documentChanges: boolean;
}

/** True when `kind` is asked for by `only` (a listed kind or one of its parents); no `only` means quick fixes. */
function wants(only: string[] | undefined, kind: string): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((k) => k === '' || k === kind || kind.startsWith(k + '.'));
}

function isDiagnosticData(x: unknown): x is DiagnosticData {
  const d = x as DiagnosticData | undefined;
  return !!d && typeof d.ruleId === 'string' && typeof d.version === 'number' && Array.isArray(d.fixes);
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Answers textDocument/codeAction. */
export class CodeActions {
  constructor(private readonly options: CodeActionOptions) {}

  /** The actions for the diagnostics in `params.context`, and fix-all when asked for. */
  async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const analysis = await this.options.analyzer.analysisFor(uri);
    const doc = this.options.documents.get(uri);
    // Edits are built against the analysed text; if it changed meanwhile the client asks again.
    if (!analysis || !doc || analysis.version !== doc.version) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wants(only, CodeActionKind.QuickFix)) actions.push(...(await this.quickFixes(doc, analysis, params.context.diagnostics)));
    if (wants(only, FIX_ALL_KIND)) {
      const all = await this.fixAll(doc, analysis);
      if (all) actions.push(all);
    }
    return actions;
  }

  /** The fixes of one diagnostic: from its `data` when it belongs to this version, else from the analysis. */
  private fixesOf(diagnostic: Diagnostic, doc: TextDocument, analysis: DocumentAnalysis): FixData[] | undefined {
    if (isDiagnosticData(diagnostic.data) && diagnostic.data.version === doc.version && diagnostic.data.ruleId === diagnostic.code) {
      return diagnostic.data.fixes;
    }
    const finding = analysis.findings.find((f) => f.ruleId === diagnostic.code && sameRange(f.range, diagnostic.range));
    return finding?.fixes.map((f) => toFixData(f, doc));
  }

  private async quickFixes(doc: TextDocument, analysis: DocumentAnalysis, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const fixes: CodeAction[] = [];
    const ignores: CodeAction[] = [];
    const fileIgnores: CodeAction[] = [];
    const docs: CodeAction[] = [];
    const seenLine = new Set<string>();
    const seenRule = new Set<string>();
    for (const d of diagnostics) {
      if (d.source !== SOURCE || typeof d.code !== 'string') continue;
      const rule = d.code;
      // Only diagnostics of the current analysis: an old range would put edits in the wrong place.
      if (!analysis.findings.some((f) => f.ruleId === rule && sameRange(f.range, d.range))) continue;
      for (const fix of this.fixesOf(d, doc, analysis) ?? []) {
        fixes.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.preferred ? true : undefined,
          edit: await this.workspaceEdit(doc, fix.edits, fix.envVars),
        });
      }
      const lineKey = `${rule}:${d.range.start.line}`;
      if (!seenLine.has(lineKey)) {
        seenLine.add(lineKey);
        ignores.push(this.ignoreLine(doc, analysis, rule, d));
      }
      if (!seenRule.has(rule)) {
        seenRule.add(rule);
        fileIgnores.push(this.ignoreFile(doc, analysis, rule, d));
        const title = `Show documentation for ${rule}`;
        docs.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: OPEN_DOCS_COMMAND, arguments: [ruleDocsUrl(rule)] } });
      }
    }
    return [...fixes, ...ignores, ...fileIgnores, ...docs];
  }

  private ignoreLine(doc: TextDocument, analysis: DocumentAnalysis, rule: string, d: Diagnostic): CodeAction {
    const text = doc.getText();
    const line = d.range.start.line;
    const indent = indentationAt(text, doc.offsetAt({ line, character: 0 }));
    const comment = analysis.lineComment ?? '//';
    const at = { line, character: 0 };
    const edit: TextEdit = { range: { start: at, end: at }, newText: `${indent}${comment} ${IGNORE_NEXT_LINE} ${rule} -- reason${eolOf(text)}` };
    return { title: `Ignore ${rule} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: this.documentEdit(doc, [edit]) };
  }

  private ignoreFile(doc: TextDocument, analysis: DocumentAnalysis, rule: string, d: Diagnostic): CodeAction {
    const text = doc.getText();
    const eol = eolOf(text);
    const offset = Math.min(analysis.headerEnd, text.length);
    const at = doc.positionAt(offset);
    // At the very end of a file without a final newline (a file of only a shebang), start a new line.
    const lead = offset > 0 && offset === text.length && !/[\r\n]$/.test(text) ? eol : '';
    const edit: TextEdit = { range: { start: at, end: at }, newText: `${lead}${analysis.lineComment ?? '//'} ${IGNORE_FILE} ${rule}${eol}` };
    return { title: `Ignore ${rule} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: this.documentEdit(doc, [edit]) };
  }

  /** One action with the preferred fix of every finding in the document. */
  private async fixAll(doc: TextDocument, analysis: DocumentAnalysis): Promise<CodeAction | undefined> {
    const chosen = analysis.findings.map((f) => f.fixes.find((x) => x.preferred)).filter((x) => x !== undefined);
    if (chosen.length === 0) return undefined;
    const edits = toTextEdits(
      chosen.flatMap((f) => f.edits),
      doc,
    );
    const envVars = chosen.flatMap((f) => f.envVars ?? []);
    return { title: 'Fix all auto-fixable twelve-factor problems', kind: FIX_ALL_KIND, edit: await this.workspaceEdit(doc, edits, envVars) };
  }

  private documentEdit(doc: TextDocument, edits: TextEdit[]): WorkspaceEdit {
    if (!this.options.documentChanges) return { changes: { [doc.uri]: edits } };
    return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
  }

  /** The edit of a fix: the document's edits, plus `NAME=` lines for `.env.example`. */
  private async workspaceEdit(doc: TextDocument, edits: TextEdit[], envVars: string[]): Promise<WorkspaceEdit> {
    const env: (CreateFile | TextDocumentEdit)[] = envVars.length ? await envExampleChanges(doc.uri, envVars, this.options.env) : [];
    if (this.options.documentChanges) {
      return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }, ...env] };
    }
    const changes: Record<string, TextEdit[]> = { [doc.uri]: edits };
    for (const c of env) if ('textDocument' in c) changes[c.textDocument.uri] = c.edits.filter((e): e is TextEdit => !('annotationId' in e));
    return { changes };
  }
}
