/**
 * Tree-sitter, from VS Code's own WASM grammars (@vscode/tree-sitter-wasm).
 *
 * The runtime is initialised once; each grammar is loaded lazily, the first time a file of its
 * language is analysed, from the folder the host names (beside the bundle, or the package folder
 * when running from source).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Node, Parser, Tree, type Edit } from '@vscode/tree-sitter-wasm';

export type GrammarName =
  | 'javascript'
  | 'typescript'
  | 'tsx'
  | 'python'
  | 'go'
  | 'java'
  | 'ruby'
  | 'c-sharp'
  | 'php';

let wasmDirectory: string | undefined;
let initPromise: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();
const parsers = new Map<GrammarName, Parser>();

/** Where the .wasm files are: beside the bundle (dist/wasm) or in the package when running from source. */
function defaultWasmDirectory(): string {
  const candidates = [path.join(__dirname, 'wasm'), path.join(__dirname, '..', 'wasm')];
  for (const c of candidates) if (fs.existsSync(path.join(c, 'tree-sitter.wasm'))) return c;
  const pkg = require.resolve('@vscode/tree-sitter-wasm/package.json');
  return path.join(path.dirname(pkg), 'wasm');
}

/** Sets the folder holding tree-sitter.wasm and the grammar files. Call before the first parse. */
export function setWasmDirectory(dir: string): void {
  wasmDirectory = dir;
}

function wasmDir(): string {
  return (wasmDirectory ??= defaultWasmDirectory());
}

function init(): Promise<void> {
  return (initPromise ??= Parser.init({ locateFile: (file: string) => path.join(wasmDir(), file) }));
}

/** Loads (once) and returns the grammar. */
export function loadGrammar(name: GrammarName): Promise<Language> {
  let p = languages.get(name);
  if (!p) {
    p = init().then(() => Language.load(path.join(wasmDir(), `tree-sitter-${name}.wasm`)));
    languages.set(name, p);
    p.catch(() => languages.delete(name));
  }
  return p;
}

/** True when the grammar is loaded, so that parsing can be synchronous. */
export function grammarReady(name: GrammarName): boolean {
  return parsers.has(name);
}

/** Loads the grammar and prepares a parser for it. */
export async function prepareGrammar(name: GrammarName): Promise<void> {
  if (parsers.has(name)) return;
  const lang = await loadGrammar(name);
  if (parsers.has(name)) return;
  const parser = new Parser();
  parser.setLanguage(lang);
  parsers.set(name, parser);
}

/** Longest time a parse may take before it is abandoned (guards against pathological input). */
const PARSE_BUDGET_MS = 2000;

/**
 * Parses `text` with a prepared grammar. With `oldTree` (already `edit`ed to match the new text)
 * the parse is incremental. Returns null when the parse was abandoned.
 */
export function parse(name: GrammarName, text: string, oldTree?: Tree | null): Tree | null {
  const parser = parsers.get(name);
  if (!parser) throw new Error(`grammar ${name} is not prepared`);
  const deadline = Date.now() + PARSE_BUDGET_MS;
  const tree = parser.parse(text, oldTree ?? null, { progressCallback: () => Date.now() > deadline });
  parser.reset();
  return tree;
}

// ---- parent lookups ---------------------------------------------------------------------------

/**
 * Tree-sitter has no parent pointers: `node.parent` descends from the root to the node, scanning the
 * children of every ancestor on the way. The adapters ask for the parents of the same nodes again
 * and again (every walk up from a call, a string or an assignment to its enclosing function,
 * statement or declaration passes through the same ancestors), so the answers are recorded per
 * tree, by node id. A tree's record is dropped when the tree is edited or freed.
 *
 * The lookups themselves stay tree-sitter's: a descent driven from JavaScript (`childWithDescendant`
 * step by step) would name every ancestor at once, but each step crosses into WASM and costs about
 * as much as the whole native descent, which makes it slower overall.
 */
const parentRecords = new WeakMap<Tree, Map<number, Node | null>>();
const nativeParent = Object.getOwnPropertyDescriptor(Node.prototype, 'parent')?.get as ((this: Node) => Node | null) | undefined;

function recordedParent(this: Node): Node | null {
  let parents = parentRecords.get(this.tree);
  if (!parents) {
    parents = new Map();
    parentRecords.set(this.tree, parents);
  }
  const known = parents.get(this.id);
  if (known !== undefined) return known;
  const parent = nativeParent!.call(this);
  parents.set(this.id, parent);
  return parent;
}

/** The parent as tree-sitter computes it, without the record (for tests comparing the two). */
export function uncachedParent(node: Node): Node | null {
  if (!nativeParent) throw new Error('this tree-sitter build has no Node.parent getter');
  return nativeParent.call(node);
}

// Installed once, for every tree the engine parses; left alone if the runtime's shape differs.
if (nativeParent && !(Node.prototype as { recordedParent?: boolean }).recordedParent) {
  Object.defineProperty(Node.prototype, 'parent', { get: recordedParent, configurable: true });
  Object.defineProperty(Node.prototype, 'recordedParent', { value: true });
  const edit = Tree.prototype.edit;
  const free = Tree.prototype.delete;
  Tree.prototype.edit = function (this: Tree, e: Edit): void {
    parentRecords.delete(this);
    edit.call(this, e);
  };
  Tree.prototype.delete = function (this: Tree): void {
    parentRecords.delete(this);
    free.call(this);
  };
}

export type { Tree, Edit };
