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

/**
 * The parse tree of one open document. Feed it every change with `applyChange` (in order, each
 * against the text it applies to), then `build` the model of the current text: the parse reuses
 * the previous tree. Call `dispose` when the document closes: trees live in WASM memory.
 */
export class IncrementalTree {
  private tree: Tree | undefined;
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
    this.tree?.edit(treeEditFor(oldText, start, oldEnd, inserted));
  }

  /**
   * Parses `text` (reusing the kept tree) and builds its model; undefined when the parser gave up.
   * The grammar must be prepared (`prepareLanguage`).
   */
  build(text: string): SourceModel | undefined {
    if (this.spec.parseText) {
      // Formats read without tree-sitter keep no tree: every build reads the whole text.
      this.fullParses++;
      return this.spec.parseText(text);
    }
    const old = this.tree;
    this.tree = undefined;
    if (old) this.incrementalParses++;
    else this.fullParses++;
    let tree: Tree | null;
    try {
      tree = parseWith(this.spec, text, old);
    } finally {
      old?.delete();
    }
    if (!tree) return undefined;
    try {
      const model = this.spec.build(text, tree);
      this.tree = tree;
      return model;
    } catch (e) {
      tree.delete();
      throw e;
    }
  }

  /** Drops the kept tree (the next parse is a full one). */
  reset(): void {
    this.tree?.delete();
    this.tree = undefined;
  }

  /** Frees the tree; the object can still be used (the next parse is a full one). */
  dispose(): void {
    this.reset();
  }
}
