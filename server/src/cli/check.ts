/**
 * `twelve-factor check` without the terminal: options in, a report out. The command line and the
 * benchmark build a CheckOptions and call runCheck; the project file (`.twelve-factor.json`) of each
 * path's project is read here and merged below the options, as the editor merges it below its settings.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, DEFAULT_MAX_FILE_SIZE, onInternalError } from '../engine/analyze';
import { isTestPath } from '../engine/files';
import { languageFor, prepareLanguage, supportedExtensions } from '../engine/languages';
import { maskSecret, maskUrlPassword } from '../engine/mask';
import { buildChecklist } from '../engine/project/checklist';
import { createProjectInput } from '../engine/project/input';
import { analyzeForProject } from '../engine/project/scan';
import type { ChecklistEntry, FileResult } from '../engine/project/types';
import { computeLineStarts } from '../engine/text';
import type { AnalyzeOptions, LocatedFinding, RuleLevel } from '../engine/types';
import { excludeMatcher, ignoredBy, walkProject } from '../workspace/walk';
import { findProjectRoot, isInside, loadProject, type Project } from './project';
import { readSource } from './read';
import type { CheckReport, Notice } from './report';

/**
 * Everything a check run depends on besides the project files. Where an option and a project file
 * both say something, the option wins (rule levels per rule; `includeTests` when set; exclude globs
 * are added to the file's).
 */
export interface CheckOptions {
  /** The current directory: paths are resolved and reported relative to it. */
  cwd: string;
  /** Files and folders to check; empty means `cwd`. */
  paths: string[];
  /** Also report findings in test files; undefined leaves it to the project file (default: no). */
  includeTests?: boolean;
  /** Severity override per rule id; `off` disables a rule. */
  rules: Record<string, RuleLevel>;
  /** Files larger than this many bytes are not checked. */
  maxFileSize: number;
  /** Glob patterns, relative to the project root, of files not to check (added to the project file's). */
  exclude: string[];
  /** Also build the checklist of the twelve factors for the project of the first path. */
  checklist?: boolean;
  /** A folder's walk stops after this many files (default: the walker's, 50,000). */
  maxFiles?: number;
}

/** The defaults for everything but the paths. */
export function defaultCheckOptions(cwd: string): CheckOptions {
  return { cwd, paths: [], rules: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE, exclude: [] };
}

/** A failure that makes the whole run meaningless (the parser cannot load): exit code 2. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/** Paths named on the command line that do not exist. */
export class MissingPathError extends Error {
  override readonly name = 'MissingPathError';
  constructor(readonly paths: string[]) {
    super(paths.map((p) => `no such file or directory: ${p}`).join('\n'));
  }
}

/** Largest file the project checks read (manifests, deploy files), as in the editor's scan. */
const MAX_PROJECT_READ = 2 * 1024 * 1024;

/** A project with the settings its files are checked with: the options over its project file. */
interface ProjectRun extends Project {
  analyzeOptions: AnalyzeOptions;
  exclude: string[];
  excluded(rel: string): boolean;
}

/** A file to analyse. */
interface SourceFile {
  absolute: string;
  /** Relative to the current directory, forward slashes: what reports show. */
  display: string;
  /** Relative to its project root, forward slashes: what the engine sees. */
  enginePath: string;
  /** Named on the command line rather than found in a folder. */
  explicit: boolean;
  project: ProjectRun;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Checks the files. A failure on one file becomes a notice and the run goes on; only a missing path
 * (MissingPathError) or a parser that cannot load (InternalError) throws.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const cwd = path.resolve(options.cwd);
  const display = (abs: string) => toPosix(path.relative(cwd, abs)) || '.';
  const report: CheckReport = { findings: [], notices: [], messages: [], filesChecked: 0, bytesChecked: 0 };
  const notice = (file: string, kind: Notice['kind'], message: string) => report.notices.push({ file, kind, message });

  const named = (options.paths.length ? options.paths : ['.']).map((given) => {
    const absolute = path.resolve(cwd, given);
    return { given, absolute, stat: fs.statSync(absolute, { throwIfNoEntry: false }) };
  });
  const missing = named.filter((n) => !n.stat).map((n) => n.given);
  if (missing.length) throw new MissingPathError(missing);

  const projects = new Map<string, ProjectRun>();
  const projectOf = (absolute: string, isDirectory: boolean): ProjectRun => {
    const start = isDirectory ? absolute : path.dirname(absolute);
    const found = findProjectRoot(start, isInside(cwd, absolute) ? cwd : start);
    let run = projects.get(found.root);
    if (!run) {
      const project = loadProject(found, display);
      report.messages.push(...project.problems);
      const exclude = [...project.config.exclude, ...options.exclude];
      const analyzeOptions: AnalyzeOptions = {
        rules: { ...project.config.rules, ...options.rules },
        includeTests: options.includeTests ?? project.config.includeTests ?? false,
        maxFileSize: options.maxFileSize,
        // The CLI checks no file that git ignores (walks skip them, named ones are refused): in a git
        // work tree every file it analyses is committed or will be.
        gitIgnored: project.gitRoot !== undefined ? false : undefined,
      };
      run = { ...project, analyzeOptions, exclude, excluded: excludeMatcher(exclude) };
      projects.set(found.root, run);
    }
    return run;
  };
  const targets = named.map((n) => ({ ...n, isDirectory: n.stat!.isDirectory(), project: projectOf(n.absolute, n.stat!.isDirectory()) }));
  report.root = targets[0].project.root;

  const walk = async (project: ProjectRun, under: string) => {
    const unreadable: { rel: string; code: string }[] = [];
    const result = await walkProject(project.root, {
      under,
      exclude: project.exclude,
      gitRoot: project.gitRoot,
      maxFiles: options.maxFiles,
      onUnreadable: (rel, e) => unreadable.push({ rel, code: e.code ?? 'error' }),
    });
    return { ...result, unreadable };
  };
  /** Notices about a walk, for the part of it under `under` that was asked for. */
  const walkNotices = (project: ProjectRun, walked: Awaited<ReturnType<typeof walk>>, under: string) => {
    for (const u of walked.unreadable) {
      if (!under || u.rel === under || u.rel.startsWith(under + '/')) notice(display(path.join(project.root, u.rel)), 'skipped', `Not checked: the folder cannot be read (${u.code}).`);
    }
    if (walked.truncated) {
      notice(
        display(path.join(project.root, under)),
        'skipped',
        `Not checked in full: the walk stopped after ${walked.files.length} files. Check its folders one by one, or exclude some in the project file.`,
      );
    }
  };

  // The checklist covers the whole project of the first path, so that project is listed in full.
  const checklistProject = options.checklist ? targets[0].project : undefined;
  const projectFiles = checklistProject ? await walk(checklistProject, '') : undefined;
  if (projectFiles?.truncated) report.messages.push(`the checklist covers only the first ${projectFiles.files.length} files of the project.`);

  const files: SourceFile[] = [];
  const seen = new Set<string>();
  const consider = (project: ProjectRun, absolute: string, enginePath: string, explicit: boolean) => {
    if (seen.has(absolute)) return;
    const shown = display(absolute);
    const skip = (message: string) => {
      if (explicit) notice(shown, 'skipped', message);
    };
    if (!languageFor(enginePath)) return skip(`Not checked: this file type is not checked (supported: ${supportedExtensions().join(', ')}).`);
    if (project.excluded(enginePath)) return skip('Not checked: the file matches an exclude pattern.');
    if (!project.analyzeOptions.includeTests && isTestPath(enginePath)) return skip('Not checked: test files are checked only with --include-tests.');
    seen.add(absolute);
    files.push({ absolute, display: shown, enginePath, explicit, project });
  };

  for (const t of targets) {
    const { project } = t;
    const rel = toPosix(path.relative(project.root, t.absolute));
    const ignored = await ignoredBy(project.root, rel, t.isDirectory, { gitRoot: project.gitRoot });
    if (ignored?.reason === 'skipped-folder') {
      notice(display(t.absolute), 'skipped', `Not checked: "${ignored.folder}" folders (dependencies, build output) are never checked.`);
    } else if (ignored) {
      notice(display(t.absolute), 'skipped', 'Not checked: the path is ignored by a .gitignore file.');
    } else if (t.isDirectory) {
      // A folder of the project listed in full is taken from that list rather than walked again.
      const reuse = project === checklistProject && projectFiles && !projectFiles.truncated;
      const walked = reuse ? projectFiles : await walk(project, rel);
      walkNotices(project, walked, rel);
      for (const f of walked.files) if (!rel || f.startsWith(rel + '/')) consider(project, path.join(project.root, f), f, false);
    } else if (t.stat!.isFile()) {
      consider(project, t.absolute, rel, true);
    } else {
      notice(display(t.absolute), 'skipped', 'Not checked: not a regular file.');
    }
  }

  // Per-file results of the checklist's project, by path relative to its root.
  const results = new Map<string, FileResult>();
  let current: string | undefined;
  onInternalError((ruleId, e) => {
    if (current !== undefined) notice(current, 'error', `the rule ${ruleId} failed (${describeError(e)}); its findings in this file are missing.`);
  });
  try {
    for (const file of files) {
      current = file.display;
      const read = readSource(file.absolute, options.maxFileSize);
      if (!read.ok) {
        if (!read.quiet || file.explicit) notice(file.display, 'skipped', read.message);
        continue;
      }
      const spec = languageFor(file.enginePath);
      if (!spec) continue;
      try {
        await prepareLanguage(spec);
      } catch (e) {
        throw new InternalError(`cannot load the ${spec.grammar} parser: ${describeError(e)}`);
      }
      const forChecklist = file.project === checklistProject;
      let analysis: { findings: LocatedFinding[]; skipped?: { reason: string; message: string }; summary?: FileResult['summary'] };
      try {
        analysis = await analyzeFile(file.enginePath, read.text, file.project.analyzeOptions, forChecklist);
      } catch (e) {
        notice(file.display, 'error', `Not checked: internal error (${describeError(e)}).`);
        continue;
      }
      if (forChecklist && (!analysis.skipped || analysis.skipped.reason === 'test-file')) {
        results.set(file.enginePath, { findings: analysis.findings, summary: analysis.summary });
      }
      if (analysis.skipped) {
        // Binary, minified and test files are skipped by design; say so only when the file was named.
        const byDesign = ['binary', 'minified', 'test-file', 'unsupported'].includes(analysis.skipped.reason);
        if (!byDesign || file.explicit) notice(file.display, 'skipped', analysis.skipped.message);
        continue;
      }
      report.filesChecked++;
      report.bytesChecked += read.bytes;
      const fingerprints = fingerprintsOf(read.text, file.enginePath, analysis.findings);
      analysis.findings.forEach((finding, i) => report.findings.push({ file: file.display, finding, fingerprint: fingerprints[i] }));
    }

    if (checklistProject && projectFiles) {
      // The rest of the project is analysed for the checklist only: its findings and failures are
      // not reported, as they are outside the paths asked for.
      current = undefined;
      const analysed = new Set(files.filter((f) => f.project === checklistProject).map((f) => f.enginePath));
      for (const rel of projectFiles.files) {
        if (analysed.has(rel) || !languageFor(rel)) continue;
        const read = readSource(path.join(checklistProject.root, rel), options.maxFileSize);
        if (!read.ok) continue;
        try {
          const a = await analyzeForProject({ path: rel, text: read.text }, checklistProject.analyzeOptions);
          if (!a.skipped || a.skipped.reason === 'test-file') results.set(rel, { findings: a.findings, summary: a.summary });
        } catch {
          // A file the engine fails on is left out of the checklist, as in the editor's scan.
        }
      }
      report.checklist = checklistOf(checklistProject, projectFiles.files, results, display);
      if (projects.size > 1) {
        report.messages.push(`the checklist is for the project in ${display(checklistProject.root)}; paths in other projects are checked for findings only.`);
      }
    }
  } finally {
    onInternalError(() => {});
  }
  return report;
}

/**
 * Analyses one file. For the checklist's project, the analysis also summarises the file for the
 * project checks; should that fail, the findings alone are kept (the checklist then lacks the file's
 * summary, the findings are still reported).
 */
async function analyzeFile(
  enginePath: string,
  text: string,
  options: AnalyzeOptions,
  withSummary: boolean,
): Promise<{ findings: LocatedFinding[]; skipped?: { reason: string; message: string }; summary?: FileResult['summary'] }> {
  if (withSummary) {
    try {
      return await analyzeForProject({ path: enginePath, text }, options);
    } catch {
      // fall through to the plain analysis
    }
  }
  return analyze({ path: enginePath, text }, options);
}

/** The checklist of a project, its evidence named from the current directory and masked. */
function checklistOf(project: ProjectRun, files: readonly string[], results: ReadonlyMap<string, FileResult>, display: (abs: string) => string): NonNullable<CheckReport['checklist']> {
  const read = (rel: string) => {
    const r = readSource(path.join(project.root, rel), MAX_PROJECT_READ);
    return r.ok ? r.text : undefined;
  };
  const entries = buildChecklist(createProjectInput({ files, read, hasGit: project.gitRoot !== undefined, results, config: project.config }));
  const cleaned: ChecklistEntry[] = entries.map((e) => ({
    ...e,
    reason: maskUrls(e.reason),
    evidence: e.evidence.map((x) => ({ ...x, file: display(path.join(project.root, x.file)), note: maskUrls(x.note) })),
  }));
  return { root: project.root, name: path.basename(project.root), entries: cleaned };
}

/**
 * The rules and checks mask what they quote; this is the last guard of a report: a URL with a
 * password that reached a note (a start command, an image name) loses the password.
 */
function maskUrls(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]+/gi, (url) => maskUrlPassword(url));
}

/**
 * Fingerprints that survive lines moving: rule, file and the line's text, whitespace collapsed.
 * The flagged value itself is cut out before hashing: a short password could otherwise be
 * recovered by hashing guesses of the line.
 */
function fingerprintsOf(text: string, enginePath: string, findings: readonly LocatedFinding[]): string[] {
  if (findings.length === 0) return [];
  const lineStarts = computeLineStarts(text);
  const occurrences = new Map<string, number>();
  return findings.map((f) => {
    const line = f.range.start.line;
    const start = lineStarts[line];
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    const lineText = text.slice(start, f.span.start) + '\u0000' + text.slice(Math.min(f.span.end, end), end);
    const normalized = lineText.replace(/\s+/g, ' ').trim();
    const hash = createHash('sha256').update(`${f.ruleId}\n${enginePath}\n${normalized}`).digest('hex').slice(0, 32);
    const n = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, n);
    return `${hash}:${n}`;
  });
}

/**
 * One line describing an error, safe to print: error messages can quote the input, so long
 * tokens that mix letters and digits (the shape of keys and tokens) are masked.
 */
export function describeError(e: unknown): string {
  const raw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const line = raw.split('\n')[0].slice(0, 300);
  return line.replace(/[A-Za-z0-9_+/=.:@-]{16,}/g, (token) => (/[A-Za-z]/.test(token) && /\d/.test(token) ? maskSecret(token) : token));
}
