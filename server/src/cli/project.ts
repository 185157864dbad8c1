/**
 * Which project a path belongs to, and its committed project file (`.twelve-factor.json`), read
 * with the same parser and the same fallbacks as the editor's workspace scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMPTY_PROJECT_CONFIG, parseProjectConfig, PROJECT_FILE, type ProjectConfig } from '../engine/project/config';
import { RULES } from '../engine/rules';
import { findGitRoot } from '../workspace/walk';
import { readSource } from './read';

/** Largest project file read: far above any real one, small enough that a stray huge file costs nothing. */
const MAX_PROJECT_FILE = 1024 * 1024;

/** A project: the folder the checklist, the exclude globs and the engine's paths are relative to. */
export interface Project {
  /** Absolute path of the project root. */
  root: string;
  /** The git work tree holding the root (the root itself or a folder above it), if any. */
  gitRoot?: string;
  /** Absolute path of the project file, when the root holds one. */
  projectFile?: string;
  config: ProjectConfig;
  /** What is wrong with the project file, one line each; the parts in question use the defaults. */
  problems: string[];
}

function isFile(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Files that make a folder an app of its own: its manifest names the app and its dependencies. */
const APP_MANIFESTS = ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Gemfile', 'composer.json'];

function holdsAppManifest(dir: string): boolean {
  if (APP_MANIFESTS.some((m) => isFile(path.join(dir, m)))) return true;
  try {
    return fs.readdirSync(dir).some((f) => f.endsWith('.csproj'));
  } catch {
    return false;
  }
}

/**
 * The project root for a folder (`start`): the nearest folder at or above it that holds a
 * `.twelve-factor.json`, a `.git` or an app manifest (package.json, go.mod, pom.xml, …), whichever
 * comes first, so the search never leaves the git work tree and an app in a monorepo is a project of
 * its own; `fallback` when there is none of them.
 */
export function findProjectRoot(start: string, fallback: string): { root: string; projectFile?: string; gitRoot?: string } {
  for (let d = path.resolve(start); ; d = path.dirname(d)) {
    const file = path.join(d, PROJECT_FILE);
    if (isFile(file)) return { root: d, projectFile: file, gitRoot: findGitRoot(d) };
    if (fs.existsSync(path.join(d, '.git'))) return { root: d, gitRoot: d };
    if (holdsAppManifest(d)) return { root: d, gitRoot: findGitRoot(d) };
    if (path.dirname(d) === d) return { root: fallback, gitRoot: findGitRoot(fallback) };
  }
}

/**
 * Loads the project found by findProjectRoot: its project file, when there is one. A project file
 * that cannot be read or parsed gives problems (naming the file by `display`) and the defaults,
 * never a throw.
 */
export function loadProject(found: { root: string; projectFile?: string; gitRoot?: string }, display: (abs: string) => string): Project {
  const { root, projectFile, gitRoot } = found;
  if (!projectFile) return { root, gitRoot, config: EMPTY_PROJECT_CONFIG, problems: [] };
  const shown = display(projectFile);
  const read = readSource(projectFile, MAX_PROJECT_FILE);
  if (!read.ok) {
    const why = read.message.replace(/^Not checked: /, '').replace(/\.$/, '');
    return { root, gitRoot, projectFile, config: EMPTY_PROJECT_CONFIG, problems: [`${shown}: ${why}; using the defaults.`] };
  }
  const { config, problems } = parseProjectConfig(read.text, RULES.map((r) => r.meta.id));
  // The engine names the file by its bare name; here it is named from the current directory.
  const prefix = `${PROJECT_FILE}: `;
  return { root, gitRoot, projectFile, config, problems: problems.map((p) => `${shown}: ${p.startsWith(prefix) ? p.slice(prefix.length) : p}`) };
}
