/**
 * The settings, in one place: the schema lives in package.json (`contributes.configuration`),
 * this type is what the client reads and the server resolves per resource.
 */
export type RuleLevel = 'error' | 'warning' | 'info' | 'hint' | 'off';

export interface TwelveFactorSettings {
  /** Check files at all. */
  enable: boolean;
  /** Severity per rule id, or `off`. */
  rules: Record<string, RuleLevel>;
  /** Globs (relative to the workspace folder) of files not to check. */
  exclude: string[];
  /** Report findings in test files too. */
  includeTests: boolean;
  /** Files larger than this (KB) are skipped. */
  maxFileSizeKB: number;
}

export const DEFAULT_SETTINGS: TwelveFactorSettings = {
  enable: true,
  rules: {},
  exclude: [],
  includeTests: false,
  maxFileSizeKB: 1024,
};

const LEVELS = new Set<RuleLevel>(['error', 'warning', 'info', 'hint', 'off']);

/**
 * Validates raw settings (from the editor or a file). Bad values are replaced by their defaults
 * and described in `problems`, so that a typo never stops the analysis.
 */
export function normalizeSettings(raw: unknown, knownRules?: readonly string[]): { settings: TwelveFactorSettings; problems: string[] } {
  const problems: string[] = [];
  const s: TwelveFactorSettings = { ...DEFAULT_SETTINGS, rules: {}, exclude: [] };
  if (raw === undefined || raw === null) return { settings: s, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('twelveFactor settings must be an object; using the defaults.');
    return { settings: s, problems };
  }
  const r = raw as Record<string, unknown>;
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') s.enable = r.enable;
    else problems.push('twelveFactor.enable must be true or false; using true.');
  }
  if (r.includeTests !== undefined) {
    if (typeof r.includeTests === 'boolean') s.includeTests = r.includeTests;
    else problems.push('twelveFactor.includeTests must be true or false; using false.');
  }
  if (r.maxFileSizeKB !== undefined) {
    if (typeof r.maxFileSizeKB === 'number' && Number.isFinite(r.maxFileSizeKB) && r.maxFileSizeKB > 0) s.maxFileSizeKB = r.maxFileSizeKB;
    else problems.push(`twelveFactor.maxFileSizeKB must be a positive number; using ${DEFAULT_SETTINGS.maxFileSizeKB}.`);
  }
  if (r.exclude !== undefined) {
    if (Array.isArray(r.exclude)) {
      for (const g of r.exclude) {
        if (typeof g === 'string' && g.trim()) s.exclude.push(g.trim());
        else problems.push(`twelveFactor.exclude: ignoring ${JSON.stringify(g)} (not a glob string).`);
      }
    } else problems.push('twelveFactor.exclude must be an array of glob strings; ignoring it.');
  }
  if (r.rules !== undefined) {
    if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
      for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
        if (knownRules && !knownRules.includes(id)) {
          problems.push(`twelveFactor.rules: unknown rule "${id}" (known: ${knownRules.join(', ')}).`);
          continue;
        }
        if (typeof level === 'string' && LEVELS.has(level as RuleLevel)) s.rules[id] = level as RuleLevel;
        else problems.push(`twelveFactor.rules.${id}: "${String(level)}" is not one of error, warning, info, hint, off; using the rule's default.`);
      }
    } else problems.push('twelveFactor.rules must be an object of rule id to severity; ignoring it.');
  }
  return { settings: s, problems };
}
