/** Helpers shared by the project checks. @helper */
import { DockerfileParser } from 'dockerfile-ast';
import { parse as parseYaml } from 'yaml';
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

/** A start command found in a deploy file or manifest. */
export interface StartCommand {
  file: string;
  line: number;
  /** What starts: `web`, `CMD`, `scripts.start`. */
  label: string;
  command: string;
}

/** Procfile process types: `web: node server.js`. */
export function procfileEntries(input: ProjectInput, file: string): StartCommand[] {
  const text = input.read(file) ?? '';
  const out: StartCommand[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line.trim());
    if (m && !line.trim().startsWith('#')) out.push({ file, line: i + 1, label: m[1], command: m[2] });
  });
  return out;
}

/** CMD and ENTRYPOINT of a Dockerfile (exec form joined with spaces). */
export function dockerfileCommands(input: ProjectInput, file: string): StartCommand[] {
  const text = input.read(file);
  if (text === undefined) return [];
  const out: StartCommand[] = [];
  try {
    for (const ins of DockerfileParser.parse(text).getInstructions()) {
      const kw = ins.getKeyword().toUpperCase();
      if (kw !== 'CMD' && kw !== 'ENTRYPOINT') continue;
      let cmd = ins.getArgumentsContent() ?? '';
      if (cmd.trim().startsWith('[')) {
        try {
          const arr: unknown = JSON.parse(cmd);
          if (Array.isArray(arr)) cmd = arr.map(String).join(' ');
        } catch {
          // not valid JSON: Docker runs it with a shell, keep the text
        }
      }
      out.push({ file, line: ins.getRange().start.line + 1, label: kw, command: cmd });
    }
  } catch {
    // an unparsable Dockerfile gives no commands
  }
  return out;
}

/** Services of a compose file, with their image names. */
export function composeServices(input: ProjectInput, file: string): { name: string; image?: string; command?: string }[] {
  const text = input.read(file);
  if (text === undefined) return [];
  try {
    const doc: unknown = parseYaml(text);
    const services = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).services : undefined;
    if (!services || typeof services !== 'object') return [];
    return Object.entries(services as Record<string, unknown>).map(([name, s]) => {
      const svc = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
      const command = Array.isArray(svc.command) ? svc.command.join(' ') : typeof svc.command === 'string' ? svc.command : undefined;
      return { name, image: typeof svc.image === 'string' ? svc.image : undefined, command };
    });
  } catch {
    return [];
  }
}

/** Line (1-based) of the first occurrence of `needle` in a file, for evidence. */
export function lineOf(input: ProjectInput, file: string, needle: string): number | undefined {
  const text = input.read(file);
  if (!text) return undefined;
  const i = text.indexOf(needle);
  return i < 0 ? undefined : text.slice(0, i).split('\n').length;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The analysed source files (those the engine checked). */
export function analysedFiles(input: ProjectInput): string[] {
  return [...input.results.keys()];
}
