/**
 * Lists a project's files the way git sees them: `.gitignore` files (root and nested, and those of
 * the folders between the git work tree's root and the walked folder) and `.git/info/exclude` are
 * honoured, dependency and build folders are always skipped, symbolic links are never followed.
 * Used by the CLI and by the language server's workspace scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** Folders never walked: dependencies, VCS data, build output, caches. */
export const ALWAYS_SKIPPED = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.nyc_output', '.next', '.nuxt', '.svelte-kit',
  '.output', '.turbo', '.cache', '.parcel-cache', '.vercel', '.serverless', 'vendor', 'bower_components', 'jspm_packages',
  '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', 'target', 'obj', '.gradle', '.idea', '.vscode-test', '.terraform',
]);

export interface WalkOptions {
  /** Globs relative to the root (forward slashes) of files and folders not to list. */
  exclude?: readonly string[];
  /** Stop after this many files (guards against walking a home folder). Default 50,000. */
  maxFiles?: number;
  signal?: AbortSignal;
  /**
   * List only this folder of the root (relative, forward slashes; '' is the root). The ignore rules
   * of the folders above it still apply. The folder itself is not tested: see `ignoredBy`.
   */
  under?: string;
  /**
   * The git work tree that holds the root, when it is above the root: its `.git/info/exclude` and
   * the `.gitignore` files from there down to the root apply too, as git applies them.
   */
  gitRoot?: string;
  /** Told about a folder that cannot be read (it is left out). */
  onUnreadable?(rel: string, error: NodeJS.ErrnoException): void;
}

export interface WalkResult {
  /** Paths relative to the root, forward slashes, sorted. */
  files: string[];
  /** True when `maxFiles` cut the walk short. */
  truncated: boolean;
}

/** The git work tree holding `dir` (the nearest folder at or above it with a `.git` folder or file). */
export function findGitRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The rules of one ignore file, and how a path relative to the walk's root is put relative to its folder. */
interface IgnoreRules {
  ig: Ignore;
  /** The file's folder relative to the root, when inside it ('' for the root). */
  base: string;
  /** For a folder above the root: the root's path relative to that folder, with a trailing slash. */
  prefix: string;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

async function readRules(file: string): Promise<Ignore | undefined> {
  try {
    return ignore().add(await fs.promises.readFile(file, 'utf8'));
  } catch {
    return undefined; // missing or unreadable: no rules from it
  }
}

/**
 * The rules that apply inside `rel` (a folder below the root, '' for the root) before its own
 * `.gitignore` is read: `.git/info/exclude` of the git work tree, then the `.gitignore` of every
 * folder from the git work tree's root (or the root) down to `rel`'s parent.
 */
async function rulesAbove(root: string, rel: string, gitRoot: string | undefined): Promise<IgnoreRules[]> {
  const rules: IgnoreRules[] = [];
  const top = gitRoot && gitRoot !== root && isInside(gitRoot, root) ? gitRoot : root;
  const exclude = await readRules(path.join(top, '.git', 'info', 'exclude'));
  const above = toPosix(path.relative(top, root));
  const prefixOf = (dir: string) => (above && dir !== root ? toPosix(path.relative(dir, root)) + '/' : '');
  if (exclude) rules.push({ ig: exclude, base: '', prefix: above ? above + '/' : '' });
  // The folders above the root, from the git work tree's root down.
  for (let d = top; d !== root; ) {
    const ig = await readRules(path.join(d, '.gitignore'));
    if (ig) rules.push({ ig, base: '', prefix: prefixOf(d) });
    d = path.join(d, path.relative(d, root).split(path.sep)[0]);
  }
  // The root and the folders below it, down to rel's parent.
  const parts = rel ? rel.split('/') : [];
  for (let i = 0; i < parts.length; i++) {
    const base = parts.slice(0, i).join('/');
    const ig = await readRules(path.join(root, base, '.gitignore'));
    if (ig) rules.push({ ig, base, prefix: '' });
  }
  return rules;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether the rules ignore `rel` (relative to the root): the last matching rule wins, deeper files last. */
function isIgnored(rules: readonly IgnoreRules[], rel: string, isDir: boolean): boolean {
  let result = false;
  for (const r of rules) {
    if (r.base && !rel.startsWith(r.base + '/')) continue;
    const sub = r.prefix + (r.base ? rel.slice(r.base.length + 1) : rel);
    try {
      const t = r.ig.test(isDir ? sub + '/' : sub);
      if (t.ignored) result = true;
      else if (t.unignored) result = false;
    } catch {
      // `ignore` rejects names git could not track either; such a path is simply not ignored.
    }
  }
  return result;
}

/**
 * Why a walk of the root would leave out `rel` (a file or folder below the root, forward slashes):
 * a folder on its way that is always skipped (`node_modules`, `dist`…), or git ignoring it or a
 * folder above it. Undefined when the walk lists it. Exclude globs are not tested here.
 */
export async function ignoredBy(
  root: string,
  rel: string,
  isDirectory: boolean,
  opts: Pick<WalkOptions, 'gitRoot'> = {},
): Promise<{ reason: 'skipped-folder'; folder: string } | { reason: 'gitignore' } | undefined> {
  if (!rel) return undefined;
  const parts = rel.split('/');
  let rules = await rulesAbove(root, '', opts.gitRoot);
  for (let i = 0; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    const ig = await readRules(path.join(root, parent, '.gitignore'));
    if (ig) rules = [...rules, { ig, base: parent, prefix: '' }];
    const folder = i < parts.length - 1 || isDirectory;
    if (folder && ALWAYS_SKIPPED.has(parts[i])) return { reason: 'skipped-folder', folder: parts[i] };
    if (isIgnored(rules, parts.slice(0, i + 1).join('/'), folder)) return { reason: 'gitignore' };
  }
  return undefined;
}

/** A matcher for the exclude globs; a glob without a slash matches at any depth, like .gitignore. */
export function excludeMatcher(globs: readonly string[]): (rel: string) => boolean {
  if (globs.length === 0) return () => false;
  const patterns = globs.map((g) => g.replace(/^\.\//, '')).flatMap((g) => (g.includes('/') ? [g, `${g}/**`] : [`**/${g}`, `**/${g}/**`]));
  const isMatch = picomatch(patterns, { dot: true });
  return (rel) => isMatch(rel);
}

/**
 * Lists the files of the root (or of the `under` folder of it) that git would track, minus the
 * always-skipped folders and the exclude globs. Unreadable folders are left out.
 */
export async function walkProject(root: string, opts: WalkOptions = {}): Promise<WalkResult> {
  const max = opts.maxFiles ?? 50_000;
  const excluded = excludeMatcher(opts.exclude ?? []);
  const files: string[] = [];
  let truncated = false;
  const start = opts.under ?? '';
  const stack: { dir: string; rules: IgnoreRules[] }[] = [{ dir: start, rules: await rulesAbove(root, start, opts.gitRoot) }];
  while (stack.length) {
    if (opts.signal?.aborted) break;
    const { dir, rules } = stack.pop()!;
    const abs = path.join(root, dir);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(abs, { withFileTypes: true });
    } catch (e) {
      opts.onUnreadable?.(dir, e as NodeJS.ErrnoException);
      continue;
    }
    let own = rules;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const text = await fs.promises.readFile(path.join(abs, '.gitignore'), 'utf8');
        own = [...rules, { ig: ignore().add(text), base: dir, prefix: '' }];
      } catch {
        // unreadable .gitignore: keep the parent rules
      }
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || isIgnored(own, rel, true) || excluded(rel)) continue;
        stack.push({ dir: rel, rules: own });
      } else if (e.isFile()) {
        if (isIgnored(own, rel, false) || excluded(rel)) continue;
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
