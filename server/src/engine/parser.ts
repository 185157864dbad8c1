/**
 * Tree-sitter, from VS Code's own WASM grammars (@vscode/tree-sitter-wasm).
 *
 * The runtime is initialised once; each grammar is loaded lazily, the first time a file of its
 * language is analysed, from the folder the host names (beside the bundle, or the package folder
 * when running from source).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree, type Edit } from '@vscode/tree-sitter-wasm';

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

export type { Tree, Edit };
