/**
 * The folder walk of `twelve-factor check`: which files to analyse, found the way git and ESLint
 * users expect. `.gitignore` files (root and nested, plus `.git/info/exclude`) are respected;
 * dependency folders and build output are never entered; symbolic links are not followed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { isTestPath } from '../engine/files';
import { languageFor, supportedExtensions } from '../engine/languages';

/** Folders never entered: dependencies, version control, build output and caches. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  'coverage',
  '.nyc_output',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  '.turbo',
  '.cache',
  '.parcel-cache',
  '.vercel',
  '.serverless',
  '.terraform',
  'target',
  '.venv',
  'venv',
  '__pycache__',
]);

/** What the walk needs besides the paths. */
export interface WalkOptions {
  /** The current directory: relative paths are resolved and shown from here. */
  cwd: string;
  /** Also collect test files and fixtures. */
  includeTests: boolean;
  /** Glob patterns, relative to `cwd`, of files not to check. */
  exclude?: readonly string[];
}

/** A file to analyse. */
export interface SourceFile {
  absolute: string;
  /** Relative to the current directory, forward slashes: what reports show. */
  display: string;
  /** Relative to the project root (the git work tree, else the current directory), forward slashes: what the engine sees. */
  enginePath: string;
  /** Named on the command line rather than found in a folder. */
  explicit: boolean;
}

/** A path named on the command line that was not checked, and why. */
export interface WalkNotice {
  file: string;
  message: string;
}

/** The files to analyse, in the order of the paths given (folders sorted by name). */
export interface WalkResult {
  files: SourceFile[];
  notices: WalkNotice[];
}

/** Paths named on the command line that do not exist. */
export class MissingPathError extends Error {
  override readonly name = 'MissingPathError';
  constructor(readonly paths: string[]) {
    super(paths.map((p) => `no such file or directory: ${p}`).join('\n'));
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The git work tree that holds `dir` (a folder with `.git`, a folder or a worktree file). */
function findGitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The git-ignore rules of one project, read lazily per folder and kept. */
class GitIgnores {
  private readonly rules = new Map<string, Ignore | null>();

  constructor(readonly root: string) {}

  private rulesOf(dir: string): Ignore | null {
    let ig = this.rules.get(dir);
    if (ig !== undefined) return ig;
    const sources = [path.join(dir, '.gitignore')];
    if (dir === this.root) sources.unshift(path.join(dir, '.git', 'info', 'exclude'));
    ig = null;
    for (const file of sources) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      ig ??= ignore();
      ig.add(text);
    }
    this.rules.set(dir, ig);
    return ig;
  }

  /**
   * True when git would ignore `absolute`: the `.gitignore` of every folder from the root down is
   * applied to the rest of the path, deeper files overriding shallower ones, as git does.
   */
  ignores(absolute: string, isDirectory: boolean): boolean {
    const rel = toPosix(path.relative(this.root, absolute));
    if (rel === '' || rel.startsWith('../') || rel === '..') return false;
    const parts = rel.split('/');
    let ignored = false;
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.rulesOf(dir);
      if (ig) {
        const rest = parts.slice(i).join('/') + (isDirectory ? '/' : '');
        try {
          const t = ig.test(rest);
          if (t.ignored) ignored = true;
          else if (t.unignored) ignored = false;
        } catch {
          // `ignore` rejects names git could not track either; such a file is simply not ignored.
        }
      }
      dir = path.join(dir, parts[i]);
    }
    return ignored;
  }
}

/**
 * Collects the files to analyse from the paths named on the command line (the current directory
 * when there are none). Throws MissingPathError, before walking anything, when a path does not exist.
 */
export function collectFiles(paths: readonly string[], options: WalkOptions): WalkResult {
  const cwd = path.resolve(options.cwd);
  const named = (paths.length ? paths : ['.']).map((p) => {
    const absolute = path.resolve(cwd, p);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute);
    } catch {
      stat = undefined;
    }
    return { given: p, absolute, stat };
  });
  const missing = named.filter((n) => !n.stat).map((n) => n.given);
  if (missing.length) throw new MissingPathError(missing);

  const excluded = options.exclude?.length ? picomatch([...options.exclude], { dot: true }) : () => false;
  const ignoresByRoot = new Map<string, GitIgnores>();
  const files: SourceFile[] = [];
  const notices: WalkNotice[] = [];
  const seen = new Set<string>();
  const display = (abs: string) => toPosix(path.relative(cwd, abs)) || '.';

  for (const { absolute, stat } of named) {
    const isDirectory = stat!.isDirectory();
    const start = isDirectory ? absolute : path.dirname(absolute);
    const root = findGitRoot(start) ?? (isInside(cwd, absolute) ? cwd : start);
    let ig = ignoresByRoot.get(root);
    if (!ig) ignoresByRoot.set(root, (ig = new GitIgnores(root)));
    const gitIgnores = ig;

    const consider = (abs: string, explicit: boolean) => {
      if (seen.has(abs)) return;
      const enginePath = toPosix(path.relative(root, abs)) || path.basename(abs);
      const shown = display(abs);
      const skip = (message: string) => {
        if (explicit) notices.push({ file: shown, message });
      };
      if (!languageFor(enginePath)) return skip(`Not checked: this file type is not checked (supported: ${supportedExtensions().join(', ')}).`);
      if (excluded(shown)) return skip('Not checked: the file matches an exclude pattern.');
      if (!options.includeTests && isTestPath(enginePath)) return skip('Not checked: test files are checked only with --include-tests.');
      seen.add(abs);
      files.push({ absolute: abs, display: shown, enginePath, explicit });
    };

    const walk = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        notices.push({ file: display(dir), message: `Not checked: the folder cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        // Links are never followed: a target inside the tree is visited under its own path (and its
        // own ignore rules), and a target outside it is not part of the project.
        if (e.isSymbolicLink()) continue;
        if (e.isDirectory()) {
          if (SKIPPED_FOLDERS.has(e.name) || gitIgnores.ignores(abs, true)) continue;
          walk(abs);
        } else if (e.isFile() && !gitIgnores.ignores(abs, false)) {
          consider(abs, false);
        }
      }
    };

    const reason = ignoredReason(absolute, isDirectory, root, gitIgnores);
    if (reason) notices.push({ file: display(absolute), message: reason });
    else if (isDirectory) walk(absolute);
    else if (stat!.isFile()) consider(absolute, true);
    else notices.push({ file: display(absolute), message: 'Not checked: not a regular file.' });
  }
  return { files, notices };
}

/** Why a path named on the command line is not checked (like ESLint, ignored paths are reported, not checked). */
function ignoredReason(absolute: string, isDirectory: boolean, root: string, ig: GitIgnores): string | undefined {
  const rel = toPosix(path.relative(root, absolute));
  if (rel === '' || rel.startsWith('../')) return undefined;
  const parts = rel.split('/');
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    cur = path.join(cur, parts[i]);
    const folder = i < parts.length - 1 || isDirectory;
    if (folder && SKIPPED_FOLDERS.has(parts[i])) return `Not checked: "${parts[i]}" folders (dependencies, build output) are never checked.`;
    if (ig.ignores(cur, folder)) return 'Not checked: the path is ignored by a .gitignore file.';
  }
  return undefined;
}
