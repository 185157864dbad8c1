/**
 * Which adapter handles a file, and building its SourceModel.
 * One entry per language; the grammar is loaded lazily the first time it is needed.
 * Configuration and deploy formats (Dockerfile, compose, Kubernetes, .env, Procfile, Spring and
 * .NET settings, logback/log4j2/web.config) are read by their own parser packages, synchronously,
 * and are recognised by file name (Kubernetes manifests by content).
 */
import picomatch from 'picomatch';
import type { SourceModel } from '../model';
import { parse, prepareGrammar, type GrammarName, type Tree } from '../parser';
import { FORMATS } from './formats';
import { buildJavaScriptModel } from './javascript';
import { buildPythonModel } from './python';
import { buildGoModel } from './go';
import { buildJavaModel } from './java';
import { buildRubyModel } from './ruby';
import { buildCSharpModel } from './csharp';
import { buildPhpModel } from './php';

interface SpecBase {
  /** Stable id used in settings and reports. */
  id: string;
  /** File extensions (lower case, with the dot). */
  extensions: string[];
  /** VS Code language ids handled by this spec. */
  languageIds: string[];
}

/** A programming language read by a tree-sitter grammar. */
export interface TreeSitterSpec extends SpecBase {
  grammar: GrammarName;
  build(text: string, tree: Tree): SourceModel;
  parseText?: undefined;
}

/**
 * A configuration or deploy format read by its own parser package, synchronously from the text
 * (no tree to keep). Selected by file name; `languageIds` select it alone only where the id names
 * the format (`dockerfile`, `dotenv`), never for `yaml`/`json`/`xml`, which most files of those
 * kinds are not.
 */
export interface TextFormatSpec extends SpecBase {
  grammar?: undefined;
  /** Globs of the paths of this format (picomatch, case-insensitive, dot files included). */
  fileNames: string[];
  /** Globs of paths that match `fileNames` but are not of this format. */
  excludePaths?: string[];
  /** For formats told apart by content (Kubernetes manifests): true when the text is one. */
  matchText?(text: string): boolean;
  /** VS Code language ids files of this format usually open with (for document selectors). */
  editorLanguageIds: string[];
  /** Loads what `parseText` may use (the Ruby grammar for ERB in database.yml); never rejects. */
  prepare?(): Promise<void>;
  /** Builds the model; never throws (broken input gives `hasErrors`). */
  parseText(text: string): SourceModel;
}

/** An entry of LANGUAGES: a tree-sitter language, or a format with its own parser (`parseText` set). */
export type LanguageSpec = TreeSitterSpec | TextFormatSpec;

export const LANGUAGES: LanguageSpec[] = [
  {
    id: 'javascript',
    grammar: 'javascript',
    extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    languageIds: ['javascript', 'javascriptreact'],
    build: (text, tree) => buildJavaScriptModel(text, tree, 'javascript'),
  },
  {
    id: 'typescript',
    grammar: 'typescript',
    extensions: ['.ts', '.mts', '.cts'],
    languageIds: ['typescript'],
    build: (text, tree) => buildJavaScriptModel(text, tree, 'typescript'),
  },
  {
    id: 'tsx',
    grammar: 'tsx',
    extensions: ['.tsx'],
    languageIds: ['typescriptreact'],
    build: (text, tree) => buildJavaScriptModel(text, tree, 'tsx'),
  },
  {
    id: 'java',
    grammar: 'java',
    extensions: ['.java'],
    languageIds: ['java'],
    build: (text, tree) => buildJavaModel(text, tree),
  },
  {
    id: 'python',
    grammar: 'python',
    extensions: ['.py', '.pyw'],
    languageIds: ['python'],
    build: (text, tree) => buildPythonModel(text, tree),
  },
  {
    id: 'go',
    grammar: 'go',
    extensions: ['.go'],
    languageIds: ['go'],
    build: (text, tree) => buildGoModel(text, tree),
  },
  {
    id: 'ruby',
    grammar: 'ruby',
    // .ru: rackup files (config.ru)
    extensions: ['.rb', '.rake', '.ru'],
    languageIds: ['ruby'],
    build: (text, tree) => buildRubyModel(text, tree),
  },
  {
    id: 'csharp',
    grammar: 'c-sharp',
    extensions: ['.cs'],
    languageIds: ['csharp'],
    build: (text, tree) => buildCSharpModel(text, tree),
  },
  {
    id: 'php',
    grammar: 'php',
    extensions: ['.php'],
    languageIds: ['php'],
    build: (text, tree) => buildPhpModel(text, tree),
  },
  ...FORMATS,
];

function extname(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.endsWith('.d.ts') || base.endsWith('.d.mts') || base.endsWith('.d.cts')) return '.d.ts';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

const nameMatchers = new Map<TextFormatSpec, (path: string) => boolean>();

function matchesName(spec: TextFormatSpec, path: string): boolean {
  let m = nameMatchers.get(spec);
  if (!m) {
    const opts = { dot: true, nocase: true };
    const include = picomatch(spec.fileNames, opts);
    const exclude = spec.excludePaths?.length ? picomatch(spec.excludePaths, opts) : () => false;
    m = (p: string) => include(p) && !exclude(p);
    nameMatchers.set(spec, m);
  }
  return m(path);
}

/**
 * The language of a file: by extension, then (configuration and deploy formats) by file name,
 * then by its VS Code language id. `text`, when given, lets formats told apart by content match
 * (a `*.yaml` file is a Kubernetes manifest when it has `apiVersion` and `kind`).
 */
export function languageFor(path: string, languageId?: string, text?: string): LanguageSpec | undefined {
  const ext = extname(path);
  if (ext === '.d.ts') return undefined; // declarations only: nothing runs there
  const byExt = LANGUAGES.find((l) => l.extensions.includes(ext));
  if (byExt) return byExt;
  const p = path.replace(/\\/g, '/');
  for (const l of LANGUAGES) {
    if (!l.parseText || !matchesName(l, p)) continue;
    if (l.matchText && (text === undefined || !l.matchText(text))) continue;
    return l;
  }
  if (languageId) return LANGUAGES.find((l) => l.languageIds.includes(languageId));
  return undefined;
}

/** Globs of the file names of the configuration and deploy formats (for folder walks). */
export function supportedFileNames(): string[] {
  return LANGUAGES.flatMap((l) => (l.parseText ? l.fileNames : []));
}

/** All extensions the engine can analyse (for the CLI's folder walk). */
export function supportedExtensions(): string[] {
  return LANGUAGES.flatMap((l) => l.extensions);
}

export async function prepareLanguage(spec: LanguageSpec): Promise<void> {
  if (spec.parseText) await spec.prepare?.();
  else await prepareGrammar(spec.grammar);
}

/** Parses with the spec's grammar; null for formats without a tree (see `TextFormatSpec.parseText`). */
export function parseWith(spec: LanguageSpec, text: string, oldTree?: Tree | null): Tree | null {
  if (spec.parseText) return null;
  return parse(spec.grammar, text, oldTree);
}
