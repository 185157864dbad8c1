/**
 * The committed project file `.twelve-factor.json`: rule configuration and sign-offs shared by the
 * editor and the CLI, so the team and CI have one source of truth. JSON with comments is accepted.
 *
 * {
 *   "rules": { "no-fixed-port": "off" },
 *   "exclude": ["scripts/**"],
 *   "includeTests": false,
 *   "signOff": { "VIII": { "note": "Scaled by the platform's autoscaler", "by": "ops", "date": "2026-11-01" } }
 * }
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { FactorNumber, RuleLevel } from '../types';
import { FACTORS } from '../factors';

export const PROJECT_FILE = '.twelve-factor.json';

export interface SignOff {
  note: string;
  by?: string;
  date?: string;
}

export interface ProjectConfig {
  rules: Record<string, RuleLevel>;
  exclude: string[];
  includeTests?: boolean;
  signOff: Partial<Record<FactorNumber, SignOff>>;
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { rules: {}, exclude: [], signOff: {} };

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Accepts a factor as `3`, `"3"`, `"III"` or `"config"` (title, case-insensitive). */
export function parseFactorKey(key: string): FactorNumber | undefined {
  const k = key.trim();
  if (/^\d+$/.test(k)) {
    const n = Number(k);
    return n >= 1 && n <= 12 ? (n as FactorNumber) : undefined;
  }
  const f = FACTORS.find((x) => x.roman === k.toUpperCase() || x.title.toLowerCase() === k.toLowerCase());
  return f?.number;
}

/**
 * Parses and validates the project file. Never throws: problems are returned as messages and the
 * offending parts fall back to their defaults.
 */
export function parseProjectConfig(text: string, knownRules: readonly string[] = []): { config: ProjectConfig; problems: string[] } {
  const problems: string[] = [];
  const config: ProjectConfig = { rules: {}, exclude: [], signOff: {} };
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    problems.push(`${PROJECT_FILE}: ${printParseErrorCode(e.error)} at line ${line}; using the defaults.`);
    return { config, problems };
  }
  if (raw === undefined) return { config, problems };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${PROJECT_FILE}: the file must hold a JSON object; using the defaults.`);
    return { config, problems };
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!['$schema', 'rules', 'exclude', 'includeTests', 'signOff'].includes(key)) problems.push(`${PROJECT_FILE}: unknown property "${key}" (ignored).`);
  }
  if (obj.rules !== undefined) {
    if (obj.rules && typeof obj.rules === 'object' && !Array.isArray(obj.rules)) {
      for (const [id, level] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (knownRules.length && !knownRules.includes(id)) problems.push(`${PROJECT_FILE}: unknown rule "${id}" in "rules" (ignored).`);
        else if (typeof level !== 'string' || !LEVELS.has(level)) problems.push(`${PROJECT_FILE}: rules.${id} must be one of error, warning, info, hint, off.`);
        else config.rules[id] = level as RuleLevel;
      }
    } else problems.push(`${PROJECT_FILE}: "rules" must be an object of rule id to severity.`);
  }
  if (obj.exclude !== undefined) {
    if (Array.isArray(obj.exclude) && obj.exclude.every((g) => typeof g === 'string')) config.exclude = (obj.exclude as string[]).filter((g) => g.trim());
    else problems.push(`${PROJECT_FILE}: "exclude" must be an array of glob strings.`);
  }
  if (obj.includeTests !== undefined) {
    if (typeof obj.includeTests === 'boolean') config.includeTests = obj.includeTests;
    else problems.push(`${PROJECT_FILE}: "includeTests" must be true or false.`);
  }
  if (obj.signOff !== undefined) {
    if (obj.signOff && typeof obj.signOff === 'object' && !Array.isArray(obj.signOff)) {
      for (const [key, value] of Object.entries(obj.signOff as Record<string, unknown>)) {
        const factor = parseFactorKey(key);
        if (!factor) {
          problems.push(`${PROJECT_FILE}: signOff key "${key}" is not a factor (use 1-12, I-XII or the factor's title).`);
          continue;
        }
        const v = typeof value === 'string' ? { note: value } : value;
        if (!v || typeof v !== 'object' || typeof (v as SignOff).note !== 'string' || !(v as SignOff).note.trim()) {
          problems.push(`${PROJECT_FILE}: signOff.${key} needs a "note" saying what was reviewed.`);
          continue;
        }
        const s = v as Record<string, unknown>;
        config.signOff[factor] = {
          note: String(s.note).trim(),
          by: typeof s.by === 'string' ? s.by : undefined,
          date: typeof s.date === 'string' ? s.date : undefined,
        };
      }
    } else problems.push(`${PROJECT_FILE}: "signOff" must be an object keyed by factor.`);
  }
  return { config, problems };
}
