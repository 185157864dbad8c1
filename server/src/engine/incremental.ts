/**
 * Incremental parsing, for hosts that keep documents open (the language server): one tree per
 * document, edited with every text change and handed back to the parser on the next parse, so
 * tree-sitter reuses the unchanged parts.
 *
 * Units: web-tree-sitter parses a JavaScript string as UTF-16, so node indices, edit indices and
 * point columns are UTF-16 code units, the same unit as JS string offsets and LSP positions (the
 * engine's tests check this with non-ASCII text). Rows count `\n` only: tree-sitter does not
 * break lines at a lone `\r`, so points are computed here rather than taken from LSP positions.
 */
import { parseWith, type LanguageSpec } from './languages';
import type { SourceModel } from './model';
import type { Edit, Tree } from './parser';

/** A tree-sitter point: 0-based row (lines split at `\n`) and UTF-16 column. */
export interface TreePoint {
  row: number;
  column: number;
}

/** The tree-sitter point of a UTF-16 offset. */
export function pointAt(text: string, offset: number): TreePoint {
  const end = Math.max(0, Math.min(offset, text.length));
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: end - lineStart };
}

/** The point reached after writing `inserted` at `start`. */
function advance(start: TreePoint, inserted: string): TreePoint {
  const last = inserted.lastIndexOf('\n');
  if (last < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - last - 1 };
}

/**
 * The tree edit for replacing `[start, oldEnd)` of `oldText` by `inserted` (offsets in UTF-16 code
 * units of `oldText`).
 */
export function treeEditFor(oldText: string, start: number, oldEnd: number, inserted: string): Edit {
  const startPosition = pointAt(oldText, start);
  const oldEndPosition = oldEnd === start ? startPosition : pointAt(oldText, oldEnd);
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: start + inserted.length,
    startPosition,
    oldEndPosition,
    newEndPosition: advance(startPosition, inserted),
  };
}

/** Changes kept for the next parse before the tree is dropped instead (see `applyChange`). */
const MAX_PENDING_EDITS = 5000;

/**
 * The parse tree of one open document. Feed it every change with `applyChange` (in order, each
 * against the text it applies to), then `build` the model of the current text: the parse reuses
 * the previous tree. Call `dispose` when the document closes: trees live in WASM memory.
 *
 * A host that yields between the two phases of a build (`parse`, then `model`) may receive changes
 * in between: they are recorded and applied to the tree at the next `parse`, so `model` always
 * reads the tree of the text it was parsed from.
 */
export class IncrementalTree {
  private tree: Tree | undefined;
  /** The text `tree` was parsed from (for formats without a tree: the text to read). */
  private parsedText: string | undefined;
  /** Changes received since the last parse, not yet applied to the tree. */
  private readonly pendingEdits: Edit[] = [];
  private incrementalParses = 0;
  private fullParses = 0;

  constructor(readonly spec: LanguageSpec) {}

  /** True when a tree from an earlier parse is kept (the next `build` is incremental). */
  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  /** How many parses reused a previous tree, and how many started from scratch. */
  get stats(): { incremental: number; full: number } {
    return { incremental: this.incrementalParses, full: this.fullParses };
  }

  /** Records that `[start, oldEnd)` of `oldText` was replaced by `inserted`. */
  applyChange(oldText: string, start: number, oldEnd: number, inserted: string): void {
    if (!this.tree) return;
    // A document edited at length without being analysed: a full parse is cheaper than the replay.
    if (this.pendingEdits.length >= MAX_PENDING_EDITS) this.reset();
    else this.pendingEdits.push(treeEditFor(oldText, start, oldEnd, inserted));
  }

  /**
   * Parses `text` (reusing the kept tree) and builds its model; undefined when the parser gave up.
   * The grammar must be prepared (`prepareLanguage`).
   */
  build(text: string): SourceModel | undefined {
    return this.parse(text) ? this.model() : undefined;
  }

  /**
   * The first phase of `build`: parses `text`, reusing the kept tree once the changes received
   * since are applied to it. False when the parser gave up (the next parse is a full one).
   */
  parse(text: string): boolean {
    if (this.spec.parseText) {
      // Formats read without tree-sitter keep no tree: every build reads the whole text.
      this.fullParses++;
      this.parsedText = text;
      return true;
    }
    const old = this.tree;
    this.tree = undefined;
    this.parsedText = undefined;
    if (old) {
      for (const e of this.pendingEdits) old.edit(e);
      this.incrementalParses++;
    } else this.fullParses++;
    this.pendingEdits.length = 0;
    let tree: Tree | null;
    try {
      tree = parseWith(this.spec, text, old);
    } finally {
      old?.delete();
    }
    if (!tree) return false;
    this.tree = tree;
    this.parsedText = text;
    return true;
  }

  /**
   * The second phase of `build`: the model of the text of the last `parse` (changes received since
   * do not affect it). Undefined when there is nothing parsed (never parsed, reset, or the parser
   * gave up). A model that fails to build drops the tree.
   */
  model(): SourceModel | undefined {
    const text = this.parsedText;
    if (text === undefined) return undefined;
    if (this.spec.parseText) return this.spec.parseText(text);
    const tree = this.tree;
    if (!tree) return undefined;
    try {
      return this.spec.build(text, tree);
    } catch (e) {
      this.reset();
      throw e;
    }
  }

  /** Drops the kept tree (the next parse is a full one). */
  reset(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.parsedText = undefined;
    this.pendingEdits.length = 0;
  }

  /** Frees the tree; the object can still be used (the next parse is a full one). */
  dispose(): void {
    this.reset();
  }
}
