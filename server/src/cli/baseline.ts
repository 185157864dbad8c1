/**
 * The baseline (`--write-baseline`, `--baseline`): the findings a project already has, written to a
 * committed file, so that a check reports only the findings that are new, and CI can ratchet.
 *
 * An entry holds the rule, the file (relative to the project root, forward slashes), the line (for
 * people reading a diff; never used to match) and a fingerprint: the sha256 of rule, file and the
 * finding's message (line numbers it mentions masked), plus the occurrence of that hash in the file,
 * so that identical findings count as a multiset. The message is hashed, never written: the file
 * holds no source text and no secret, not even a masked one.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportedFinding } from './report';

/** The baseline's file name in the project root, when `--baseline` or `--write-baseline` names none. */
export const BASELINE_FILE = '.twelve-factor-baseline.json';

/** One finding of the baseline. */
export interface BaselineEntry {
  rule: string;
  /** Relative to the project root, forward slashes. */
  file: string;
  /** 1-based; informational only. */
  line: number;
  /** `<sha256 hex>:<occurrence>`, the occurrence counted from 1 per hash and file. */
  fingerprint: string;
}

/** The baseline file's document. */
export interface BaselineDocument {
  version: 1;
  findings: BaselineEntry[];
}

/** A baseline that cannot be read or used: the CLI prints the message and exits with 2. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * A message with the line numbers it mentions ("(line 15)", "on line 8") masked: they are other
 * lines of the same file, and move with the code.
 */
function stableMessage(message: string): string {
  return message.replace(/\b(lines?) \d+(?:\s*(?:[-–,]|and)\s*\d+)*/gi, '$1 #');
}

/**
 * The baseline entries of findings, in the order given. `cwd` is the folder `ReportedFinding.file`
 * is relative to; `root` the project root the entries' files are relative to.
 */
export function baselineEntries(findings: readonly ReportedFinding[], cwd: string, root: string): BaselineEntry[] {
  const occurrences = new Map<string, number>();
  return findings.map(({ file, finding }) => {
    const rel = toPosix(path.relative(root, path.resolve(cwd, file)));
    const hash = createHash('sha256').update(`${finding.ruleId}\0${rel}\0${stableMessage(finding.message)}`).digest('hex');
    // The hash covers the file, so counting per hash counts per file.
    const n = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, n);
    return { rule: finding.ruleId, file: rel, line: finding.range.start.line + 1, fingerprint: `${hash}:${n}` };
  });
}

/** The baseline file's text: sorted by file, line and rule, one key per line, a final newline. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...entries].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint));
  const doc: BaselineDocument = { version: 1, findings: sorted.map((e) => ({ rule: e.rule, file: e.file, line: e.line, fingerprint: e.fingerprint })) };
  return JSON.stringify(doc, null, 2) + '\n';
}

const FINGERPRINT = /^[0-9a-f]{64}:[1-9]\d*$/;

/** Parses a baseline file's text; `shown` names the file in messages. Throws BaselineError. */
export function parseBaseline(text: string, shown: string): BaselineDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // JSON.parse quotes the input in its message: not repeated here.
    throw new BaselineError(`the baseline ${shown} is not valid JSON; write it again with --write-baseline.`);
  }
  const bad = (why: string) => new BaselineError(`the baseline ${shown} is not a baseline file (${why}); write it again with --write-baseline.`);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('not a JSON object');
  const { version, findings } = doc as { version?: unknown; findings?: unknown };
  if (version !== 1) throw bad(version === undefined ? 'no "version"' : `"version" is ${JSON.stringify(version)}, this version reads 1`);
  if (!Array.isArray(findings)) throw bad('"findings" is not an array');
  const entries: BaselineEntry[] = findings.map((e: unknown, i) => {
    const where = `findings[${i}]`;
    if (typeof e !== 'object' || e === null) throw bad(`${where} is not an object`);
    const { rule, file, line, fingerprint } = e as Record<string, unknown>;
    if (typeof rule !== 'string') throw bad(`${where} has no "rule"`);
    if (typeof file !== 'string') throw bad(`${where} has no "file"`);
    if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) throw bad(`${where} has no valid "fingerprint"`);
    return { rule, file, line: typeof line === 'number' ? line : 0, fingerprint };
  });
  return { version: 1, findings: entries };
}

/** Reads and parses a baseline file; `shown` names it in messages. Throws BaselineError. */
export function readBaseline(absolute: string, shown: string): BaselineDocument {
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BaselineError(`the baseline ${shown} does not exist; create it with \`twelve-factor check --write-baseline\`.`);
    if (code === 'EISDIR') throw new BaselineError(`the baseline ${shown} is a folder; name a file (put the paths to check before --baseline, or write --baseline=FILE).`);
    throw new BaselineError(`cannot read the baseline ${shown} (${code ?? 'error'}).`);
  }
  return parseBaseline(text, shown);
}

/** Writes a baseline file (its folder created). Throws BaselineError. */
export function writeBaseline(absolute: string, shown: string, entries: readonly BaselineEntry[]): void {
  try {
    if (fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
      throw new BaselineError(`cannot write the baseline ${shown}: it is a folder (put the paths to check before --write-baseline, or write --write-baseline=FILE).`);
    }
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, serializeBaseline(entries));
  } catch (e) {
    if (e instanceof BaselineError) throw e;
    throw new BaselineError(`cannot write the baseline ${shown} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/**
 * Splits findings into the new ones and those in the baseline. A fingerprint matches once: a
 * baseline with two identical findings covers two of three identical findings now, not the third.
 */
export function applyBaseline(
  findings: readonly ReportedFinding[],
  baseline: BaselineDocument,
  cwd: string,
  root: string,
): { kept: ReportedFinding[]; suppressed: number } {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const entries = baselineEntries(findings, cwd, root);
  const kept = findings.filter((_, i) => !known.has(entries[i].fingerprint));
  return { kept, suppressed: findings.length - kept.length };
}
