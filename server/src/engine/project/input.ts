/**
 * Builds a ProjectInput from what a host knows: the file list and a way to read files. Git-ignore
 * rules are evaluated here from the project's `.gitignore` files (root and nested), so every host
 * answers "does git ignore this .env?" the same way.
 */
import ignore, { type Ignore } from 'ignore';
import type { FileResult, ProjectInput } from './types';
import type { ProjectConfig } from './config';
import { EMPTY_PROJECT_CONFIG } from './config';

export interface ProjectInputOptions {
  files: readonly string[];
  read(path: string): string | undefined;
  hasGit: boolean;
  results: ReadonlyMap<string, FileResult>;
  config?: ProjectConfig;
}

/** A matcher for git-ignore rules from the .gitignore files found in `files`. */
export function gitIgnoreMatcher(files: readonly string[], read: (p: string) => string | undefined): (path: string) => boolean {
  const rules: { dir: string; ig: Ignore }[] = [];
  for (const f of files) {
    if (!/(^|\/)\.gitignore$/.test(f)) continue;
    const text = read(f);
    if (text === undefined) continue;
    const dir = f.slice(0, Math.max(0, f.lastIndexOf('/')));
    rules.push({ dir, ig: ignore().add(text) });
  }
  rules.sort((a, b) => a.dir.length - b.dir.length);
  return (path: string) => {
    let ignored = false;
    for (const r of rules) {
      if (r.dir && !path.startsWith(r.dir + '/')) continue;
      const rel = r.dir ? path.slice(r.dir.length + 1) : path;
      const t = r.ig.test(rel);
      if (t.ignored) ignored = true;
      else if (t.unignored) ignored = false;
    }
    return ignored;
  };
}

export function createProjectInput(o: ProjectInputOptions): ProjectInput {
  const cache = new Map<string, string | undefined>();
  const read = (p: string) => {
    if (!cache.has(p)) cache.set(p, o.read(p));
    return cache.get(p);
  };
  return {
    files: o.files,
    read,
    hasGit: o.hasGit,
    gitIgnored: gitIgnoreMatcher(o.files, read),
    results: o.results,
    config: o.config ?? EMPTY_PROJECT_CONFIG,
  };
}
