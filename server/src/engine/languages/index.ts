/**
 * Which adapter handles a file, and building its SourceModel.
 * One entry per language; the grammar is loaded lazily the first time it is needed.
 */
import type { SourceModel } from '../model';
import { parse, prepareGrammar, type GrammarName, type Tree } from '../parser';
import { buildJavaScriptModel } from './javascript';

export interface LanguageSpec {
  /** Stable id used in settings and reports. */
  id: string;
  grammar: GrammarName;
  /** File extensions (lower case, with the dot). */
  extensions: string[];
  /** VS Code language ids handled by this spec. */
  languageIds: string[];
  build(text: string, tree: Tree): SourceModel;
}

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
];

function extname(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.endsWith('.d.ts') || base.endsWith('.d.mts') || base.endsWith('.d.cts')) return '.d.ts';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The language of a file, from its VS Code language id when given, else from its extension. */
export function languageFor(path: string, languageId?: string): LanguageSpec | undefined {
  const ext = extname(path);
  if (ext === '.d.ts') return undefined; // declarations only: nothing runs there
  const byExt = LANGUAGES.find((l) => l.extensions.includes(ext));
  if (byExt) return byExt;
  if (languageId) return LANGUAGES.find((l) => l.languageIds.includes(languageId));
  return undefined;
}

/** All extensions the engine can analyse (for the CLI's folder walk). */
export function supportedExtensions(): string[] {
  return LANGUAGES.flatMap((l) => l.extensions);
}

export async function prepareLanguage(spec: LanguageSpec): Promise<void> {
  await prepareGrammar(spec.grammar);
}

export function parseWith(spec: LanguageSpec, text: string, oldTree?: Tree | null): Tree | null {
  return parse(spec.grammar, text, oldTree);
}
