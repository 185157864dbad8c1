/**
 * Small helpers shared by the tree-sitter adapters: spans, comments, cached queries, number literals,
 * quoting and the memo of statically known values. Each adapter keeps its own grammar knowledge.
 */
import type { Language, Node } from '@vscode/tree-sitter-wasm';
import { Query } from '@vscode/tree-sitter-wasm';
import type { Comment, Value } from '../model';
import type { Span, TextEdit } from '../types';

/** The node's span in UTF-16 offsets (web-tree-sitter indexes the JS string). */
export function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/**
 * Source text without whitespace (`app . listen` → `app.listen`), keeping quoted strings as they are
 * and one space after `new`.
 */
export function compact(text: string): string {
  return text.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|\bnew\s+|\s+/g, (m, quoted?: string) => quoted ?? (m.startsWith('new') ? 'new ' : ''));
}

const queryCache = new WeakMap<Language, Map<string, Query>>();

/** A compiled query, once per grammar and source. */
export function cachedQuery(language: Language, source: string): Query {
  let byLanguage = queryCache.get(language);
  if (!byLanguage) {
    byLanguage = new Map();
    queryCache.set(language, byLanguage);
  }
  let q = byLanguage.get(source);
  if (!q) {
    q = new Query(language, source);
    byLanguage.set(source, q);
  }
  return q;
}

/** A comment of the model; `body` is the text without its markers. */
export function commentOf(text: string, n: Node, body: string): Comment {
  let i = n.startIndex - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  const ownLine = i < 0 || text[i] === '\n' || text[i] === '\r';
  return { text: body.trim(), span: spanOf(n), line: n.startPosition.row, endLine: n.endPosition.row, ownLine };
}

/** Strips the markers of a C-style line or block comment. */
export function cStyleCommentBody(raw: string): string {
  if (raw.startsWith('//')) return raw.replace(/^\/\/+/, '');
  return raw.replace(/^\/\*+/, '').replace(/\*+\/$/, '');
}

/**
 * The value of a C-family number literal (`8_080`, `0x1F`, `0b101`, `017` octal when `octal`,
 * `5000L`, `1.5f`, `2e3`), or undefined when it is not a finite number.
 */
export function parseNumberText(text: string, octalLeadingZero = false): number | undefined {
  let t = text.replace(/[_']/g, '');
  if (/^0[xX][0-9a-fA-F]+[lLuU]*$/.test(t)) return parseInt(t.replace(/[lLuU]+$/, '').slice(2), 16);
  if (/^0[bB][01]+[lLuU]*$/.test(t)) return parseInt(t.replace(/[lLuU]+$/, '').slice(2), 2);
  if (/^0[oO][0-7]+$/.test(t)) return parseInt(t.slice(2), 8);
  if (octalLeadingZero && /^0[0-7]+[lL]?$/.test(t)) return parseInt(t.replace(/[lL]$/, ''), 8);
  t = t.replace(/([0-9.])(?:[lLuU]{1,3}|[fFdDmM])$/, '$1');
  if (!/^[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?$|^[0-9]+\.(?:[eE][+-]?[0-9]+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** A double-quoted literal for Java, C# (regular strings) and JavaScript-like escaping. */
export function doubleQuoted(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
}

/** The number or string literal text `fallback`, as a double-quoted string literal (`8080` → `"8080"`). */
export function asDoubleQuotedLiteral(fallback: string): string {
  const t = fallback.trim();
  if (/^"(?:[^"\\\n]|\\.)*"$/.test(t)) return t;
  if (/^'(?:[^'\\\n]|\\.)*'$/.test(t)) return doubleQuoted(t.slice(1, -1).replace(/\\'/g, "'"));
  return doubleQuoted(t);
}

/** Removes the common leading indentation of the non-blank lines (Ruby `<<~`, Java text blocks). */
export function dedent(lines: string[], extraIndentLine?: string): string[] {
  let min = Infinity;
  const consider = (l: string) => {
    if (l.trim() === '') return;
    const m = /^[ \t]*/.exec(l);
    min = Math.min(min, m ? m[0].length : 0);
  };
  lines.forEach(consider);
  if (extraIndentLine !== undefined) min = Math.min(min, /^[ \t]*/.exec(extraIndentLine)?.[0].length ?? 0);
  if (!Number.isFinite(min)) min = 0;
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(min)));
}

/** The 0-based index of `child` among `parent`'s named children that satisfy `counts`. */
export function indexAmong(parent: Node, child: Node, counts: (n: Node) => boolean): number {
  let i = 0;
  for (const c of parent.namedChildren) {
    if (!c || !counts(c)) continue;
    if (c.id === child.id) return i;
    i++;
  }
  return -1;
}

/** Named children, without nulls, comments and the types in `skip`. */
export function namedKids(n: Node, skip: ReadonlySet<string> = EMPTY): Node[] {
  const out: Node[] = [];
  for (const c of n.namedChildren) if (c && !skip.has(c.type) && !c.type.endsWith('comment')) out.push(c);
  return out;
}

const EMPTY: ReadonlySet<string> = new Set();

/** How deep a tree may be before parents are looked up in a map instead of by tree-sitter. */
const DEEP_TREE = 96;

/**
 * Parents and ancestor searches that stay fast on deeply nested code. Tree-sitter finds a node's
 * parent by descending from the root, so walking up is quadratic in the depth; for deep trees the
 * parents are recorded once in a map. Ancestor searches are memoized along the path they walk.
 */
export class Ancestry {
  private readonly parents: Map<number, Node> | null;
  private readonly memo = new Map<string, Map<number, Node | null>>();

  constructor(root: Node) {
    this.parents = deeperThan(root, DEEP_TREE) ? parentMap(root) : null;
  }

  parent(n: Node | null | undefined): Node | null {
    if (!n) return null;
    return this.parents ? this.parents.get(n.id) ?? null : n.parent;
  }

  /**
   * The first node from `n` upwards (n included) for which `stop(node, parent)` holds, or null at the
   * root. `key` names the search: results are shared by every node of the walked path.
   */
  climb(n: Node | null, key: string, stop: (node: Node, parent: Node | null) => boolean): Node | null {
    let memo = this.memo.get(key);
    if (!memo) {
      memo = new Map();
      this.memo.set(key, memo);
    }
    const path: number[] = [];
    let cur = n;
    let found: Node | null = null;
    while (cur) {
      const known = memo.get(cur.id);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(cur.id);
      const p = this.parent(cur);
      if (stop(cur, p)) {
        found = cur;
        break;
      }
      cur = p;
    }
    for (const id of path) memo.set(id, found);
    return found;
  }

  /** The nearest proper ancestor of `n` whose type is in `types`. */
  closest(n: Node, key: string, types: ReadonlySet<string>): Node | null {
    return this.climb(this.parent(n), key, (x) => types.has(x.type));
  }
}

function deeperThan(root: Node, limit: number): boolean {
  const cursor = root.walk();
  let depth = 0;
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        if (++depth > limit) return true;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return false;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

function parentMap(root: Node): Map<number, Node> {
  const parents = new Map<number, Node>();
  const cursor = root.walk();
  const stack: Node[] = [root];
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const node = cursor.currentNode;
        parents.set(node.id, stack[stack.length - 1]);
        stack.push(node);
        continue;
      }
      for (;;) {
        stack.pop();
        if (cursor.gotoNextSibling()) {
          const node = cursor.currentNode;
          parents.set(node.id, stack[stack.length - 1]);
          stack.push(node);
          break;
        }
        if (!cursor.gotoParent()) return parents;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Deepest recursion (nested values, call chains) the adapters follow before giving up on a value. */
export const MAX_VALUE_DEPTH = 150;
/**
 * The statically known values of expression nodes (an adapter's `value(node)`), computed once per
 * node and bounded in depth: a long chain of constants each defined by the previous one (generated
 * code) or pathologically nested literals give `other` instead of exhausting the stack.
 */
export class ValueMemo {
  private readonly cache = new Map<number, Value>();
  private depth = 0;

  /**
   * @param compute the adapter's own evaluation of one node (it calls back into `value` for parts)
   * @param maxDepth nesting followed before giving up
   * @param textWhenTooDeep the `text` of the `other` value given up on
   */
  constructor(
    private readonly compute: (node: Node) => Value,
    private readonly maxDepth = MAX_VALUE_DEPTH,
    private readonly textWhenTooDeep: (node: Node) => string = (node) => node.text,
  ) {}

  /** True while the evaluation is deeper than the bound (a call site built now stops following receivers). */
  get tooDeep(): boolean {
    return this.depth > this.maxDepth;
  }

  value(node: Node): Value {
    const cached = this.cache.get(node.id);
    if (cached) return cached;
    if (this.tooDeep) return { kind: 'other', text: this.textWhenTooDeep(node), span: spanOf(node) };
    return this.deeper(() => {
      const v = this.compute(node);
      this.cache.set(node.id, v);
      return v;
    });
  }

  /**
   * Runs `step` one level deeper, for recursion that interleaves with values (a call's receiver
   * and arguments); `tooDeep` tells it whether that level is past the bound.
   */
  deeper<T>(step: (tooDeep: boolean) => T): T {
    this.depth++;
    try {
      return step(this.tooDeep);
    } finally {
      this.depth--;
    }
  }
}

/** Ancestors a string literal's context walk looks at before it stops. */
export const MAX_CONTEXT_WALK = 64;

/**
 * `compact(node.text)` for receivers, built along call chains from the receiver's own compact text,
 * so that a chain of n calls costs O(n) instead of O(n²). `head` gives the receiver of a call or
 * member access (null for other nodes).
 */
export class CompactText {
  private readonly cache = new Map<number, string>();

  constructor(private readonly text: string, private readonly head: (n: Node) => Node | null) {}

  of(n: Node): string {
    const chain: Node[] = [];
    let cur: Node | null = n;
    while (cur && !this.cache.has(cur.id)) {
      const h: Node | null = this.head(cur);
      if (!h) break;
      chain.push(cur);
      cur = h;
    }
    let acc = '';
    if (cur) {
      acc = this.cache.get(cur.id) ?? compact(cur.text);
      this.cache.set(cur.id, acc);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      const h = i === chain.length - 1 ? cur : chain[i + 1];
      acc += compact(this.text.slice(h ? h.endIndex : node.startIndex, node.endIndex));
      this.cache.set(node.id, acc);
    }
    return acc;
  }
}

/**
 * A callee or receiver text for pattern tests, or '' when it is long (a chain holding a lambda):
 * such a text is never one of the short names tested, and testing it would cost its length each time.
 */
export function brief(s: string | undefined): string {
  return s !== undefined && s.length <= 256 ? s : '';
}

/**
 * A constant declaration that a fix may turn into one holding a value computed at run time
 * (`LanguageIdioms.declarationEdits`): the span of one of its values, and the edits that change
 * the declaration around that value.
 */
export interface ConstantRewrite {
  value: Span;
  edits: TextEdit[];
}

/** The edits of the innermost rewrite whose value holds `literal` (as copies), or none. */
export function constantRewriteEdits(rewrites: readonly ConstantRewrite[], literal: Span): TextEdit[] {
  let best: ConstantRewrite | undefined;
  for (const r of rewrites) {
    if (r.value.start > literal.start || literal.end > r.value.end) continue;
    if (!best || r.value.end - r.value.start < best.value.end - best.value.start) best = r;
  }
  return best ? best.edits.map((e) => ({ ...e })) : [];
}
