/**
 * Lists a project's files the way git sees them: `.gitignore` files (root and nested) are honoured,
 * dependency and build folders are always skipped, symbolic links are never followed.
 * Used by the CLI and by the language server's workspace scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** Folders never walked: dependencies, VCS data, build output, caches. */
export const ALWAYS_SKIPPED = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.svelte-kit',
  '.turbo', '.cache', '.parcel-cache', 'vendor', 'bower_components', '__pycache__', '.venv', 'venv', '.tox',
  '.mypy_cache', '.pytest_cache', 'target', 'obj', '.gradle', '.idea', '.vscode-test', '.terraform',
]);

export interface WalkOptions {
  /** Globs relative to the root (forward slashes) of files and folders not to list. */
  exclude?: readonly string[];
  /** Stop after this many files (guards against walking a home folder). Default 50,000. */
  maxFiles?: number;
  signal?: AbortSignal;
}

export interface WalkResult {
  /** Paths relative to the root, forward slashes, sorted. */
  files: string[];
  /** True when `maxFiles` cut the walk short. */
  truncated: boolean;
}

/** A matcher for the exclude globs; a glob without a slash matches at any depth, like .gitignore. */
export function excludeMatcher(globs: readonly string[]): (rel: string) => boolean {
  if (globs.length === 0) return () => false;
  const patterns = globs.map((g) => g.replace(/^\.\//, '')).flatMap((g) => (g.includes('/') ? [g, `${g}/**`] : [`**/${g}`, `**/${g}/**`]));
  const isMatch = picomatch(patterns, { dot: true });
  return (rel) => isMatch(rel);
}

export async function walkProject(root: string, opts: WalkOptions = {}): Promise<WalkResult> {
  const max = opts.maxFiles ?? 50_000;
  const excluded = excludeMatcher(opts.exclude ?? []);
  const files: string[] = [];
  let truncated = false;
  const stack: { dir: string; rules: { base: string; ig: Ignore }[] }[] = [{ dir: '', rules: [] }];
  while (stack.length) {
    if (opts.signal?.aborted) break;
    const { dir, rules } = stack.pop()!;
    const abs = path.join(root, dir);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(abs, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it
    }
    let own = rules;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = await fs.promises.readFile(path.join(abs, '.gitignore'), 'utf8');
        own = [...rules, { base: dir, ig: ignore().add(text) }];
      } catch {
        // unreadable .gitignore: keep the parent rules
      }
    }
    const ignored = (rel: string, isDir: boolean) => {
      let result = false;
      for (const r of own) {
        const sub = r.base ? rel.slice(r.base.length + 1) : rel;
        const t = r.ig.test(isDir ? sub + '/' : sub);
        if (t.ignored) result = true;
        else if (t.unignored) result = false;
      }
      return result;
    };
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || ignored(rel, true) || excluded(rel)) continue;
        stack.push({ dir: rel, rules: own });
      } else if (e.isFile()) {
        if (ignored(rel, false) || excluded(rel)) continue;
        if (files.length >= max) {
          truncated = true;
          break;
        }
        files.push(rel);
      }
    }
    if (truncated) break;
  }
  files.sort();
  return { files, truncated };
}
