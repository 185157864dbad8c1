/** Helpers shared by the project checks. @helper */
import type { FactorNumber } from '../../types';
import type { Evidence, ProjectInput } from '../types';

/** The line findings of one factor, across the project, as evidence. */
export function findingEvidence(input: ProjectInput, factor: FactorNumber): Evidence[] {
  const out: Evidence[] = [];
  for (const [file, r] of input.results) {
    for (const f of r.findings) {
      if (f.factor === factor && f.severity !== 'hint') out.push({ file, line: f.range.start.line + 1, note: f.message, kind: 'finding', id: f.ruleId });
    }
  }
  return out;
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function readJson(input: ProjectInput, path: string): Record<string, unknown> | undefined {
  const text = input.read(path);
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function scriptsOf(pkg: Record<string, unknown> | undefined): Record<string, string> {
  const s = pkg?.scripts;
  if (!s || typeof s !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export const isDockerfile = (p: string) => /(^|\/)(Dockerfile(\.[\w.-]+)?|[\w.-]+\.dockerfile|Containerfile)$/i.test(p);
export const isCompose = (p: string) => /(^|\/)(docker-)?compose(\.[\w-]+)*\.ya?ml$/i.test(p);
export const isProcfile = (p: string) => /(^|\/)Procfile(\.[\w-]+)?$/.test(p);

/** Line (1-based) of the first occurrence of `needle` in a file, for evidence. */
export function lineOf(input: ProjectInput, file: string, needle: string): number | undefined {
  const text = input.read(file);
  if (!text) return undefined;
  const i = text.indexOf(needle);
  return i < 0 ? undefined : text.slice(0, i).split('\n').length;
}

/** `3 servers`, `1 dependency`, `2 dependencies`. */
export function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${/[^aeiou]y$/.test(word) ? word.slice(0, -1) + 'ies' : word + 's'}`;
}

/** `1 server binds`, `2 servers bind`: a count, its noun and a verb that agrees. */
export function pluralSubject(n: number, word: string, verb: string): string {
  return `${plural(n, word)} ${n === 1 ? verb + 's' : verb}`;
}

/** The analysed source files (those the engine checked). */
export function analysedFiles(input: ProjectInput): string[] {
  return [...input.results.keys()];
}
