/**
 * Settings per resource: `twelveFactor.*` is asked from the client with workspace/configuration
 * (scopeUri = the document), validated with shared/settings.ts, cached per document and dropped
 * on workspace/didChangeConfiguration. A bad value is reported once and replaced by its default.
 */
import picomatch from 'picomatch';
import type { Connection } from 'vscode-languageserver/node';
import { normalizeSettings, type TwelveFactorSettings } from '../../../shared/settings';
import { RULES } from '../engine/rules';
import type { AnalyzeOptions } from '../engine/types';
import { describeError, type Log } from './log';

/** The settings section read from the client. */
export const SECTION = 'twelveFactor';

/** Validated settings for one document, with the exclude globs compiled. */
export interface ResolvedSettings extends TwelveFactorSettings {
  /** True when the folder-relative path matches an `exclude` glob. */
  isExcluded(relativePath: string): boolean;
  /** The engine's options. */
  analyzeOptions: AnalyzeOptions;
}

/**
 * Expands a glob the way users expect from ignore files: `scripts` and `scripts/` also exclude
 * the folder's contents, and a pattern without a slash (`*.gen.ts`) matches at any depth.
 */
function expandGlob(glob: string): string[] {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!g) return [];
  const out = [g, `${g}/**`];
  if (!g.includes('/')) out.push(`**/${g}`, `**/${g}/**`);
  return out;
}

/** Compiles the exclude globs; a glob picomatch rejects is reported in `problems` and skipped. */
export function compileExclude(globs: string[], problems: string[]): (relativePath: string) => boolean {
  const matchers: ((p: string) => boolean)[] = [];
  for (const glob of globs) {
    try {
      const m = picomatch(expandGlob(glob), { dot: true });
      matchers.push(m);
    } catch {
      problems.push(`twelveFactor.exclude: ignoring "${glob}" (not a valid glob).`);
    }
  }
  return (p) => matchers.some((m) => m(p));
}

/** Validates raw settings into resolved settings, collecting problems. */
export function resolveSettings(raw: unknown): { settings: ResolvedSettings; problems: string[] } {
  const { settings, problems } = normalizeSettings(raw, RULES.map((r) => r.meta.id));
  const isExcluded = compileExclude(settings.exclude, problems);
  return {
    settings: {
      ...settings,
      isExcluded,
      analyzeOptions: { rules: settings.rules, includeTests: settings.includeTests, maxFileSize: Math.round(settings.maxFileSizeKB * 1024) },
    },
    problems,
  };
}

/** What the settings resolver needs. */
export interface SettingsResolverOptions {
  connection: Connection;
  log: Log;
  /** The client answers workspace/configuration requests. */
  configurationRequests: boolean;
  /** Called with the problems of settings that were just read (not yet de-duplicated). */
  onProblems(uri: string, problems: string[]): void;
}

/** Resolves and caches the settings of each document. */
export class SettingsResolver {
  private readonly cache = new Map<string, Promise<ResolvedSettings>>();
  /** Settings pushed by a client without workspace/configuration (initializationOptions or didChangeConfiguration). */
  private pushed: unknown;
  private generationCounter = 0;

  constructor(private readonly options: SettingsResolverOptions, initial?: unknown) {
    this.pushed = initial;
  }

  /** Bumped on every change: analyses made with an older generation are out of date. */
  get generation(): number {
    return this.generationCounter;
  }

  /** The settings for a document. */
  forDocument(uri: string): Promise<ResolvedSettings> {
    let p = this.cache.get(uri);
    if (!p) {
      p = this.read(uri);
      this.cache.set(uri, p);
    }
    return p;
  }

  /** Forgets everything cached (didChangeConfiguration); `pushed` are the settings sent with it, if any. */
  invalidate(pushed?: unknown): void {
    if (pushed !== undefined) this.pushed = pushed;
    this.cache.clear();
    this.generationCounter++;
  }

  /** Forgets one document's settings (it was closed). */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private async read(uri: string): Promise<ResolvedSettings> {
    let raw: unknown = this.pushed;
    if (this.options.configurationRequests) {
      try {
        raw = await this.options.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION });
      } catch (e) {
        this.options.log.warn(`settings: the client did not return twelveFactor settings for ${uri} (${describeError(e)}); using the defaults.`);
        raw = undefined;
      }
    }
    const { settings, problems } = resolveSettings(raw);
    if (problems.length) this.options.onProblems(uri, problems);
    return settings;
  }
}
