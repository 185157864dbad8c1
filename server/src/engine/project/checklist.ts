/**
 * Builds the checklist of all twelve factors from the project input: runs each factor's check and
 * applies the team's sign-offs.
 */
import { FACTORS } from '../factors';
import { CHECKS } from './checks';
import type { ChecklistEntry, ProjectInput } from './types';

export function buildChecklist(input: ProjectInput): ChecklistEntry[] {
  return FACTORS.map((f) => {
    const check = CHECKS.find((c) => c.meta.factor === f.number);
    let entry: ChecklistEntry;
    try {
      const r = check ? check.run(input) : { status: 'unchecked' as const, reason: 'No automatic check for this factor.', evidence: [] };
      entry = { factor: f.number, title: f.title, ...r };
    } catch (e) {
      entry = { factor: f.number, title: f.title, status: 'unchecked', reason: `The check failed: ${e instanceof Error ? e.message : String(e)}`, evidence: [] };
    }
    const signOff = input.config.signOff[f.number];
    if (signOff) {
      entry.signOff = signOff;
      if (entry.status === 'fail') entry.reason += ` (signed off as "${signOff.note}", but the findings still stand: fix or suppress them)`;
      else {
        entry.status = 'pass';
        entry.reason = `Reviewed: ${signOff.note}${signOff.by ? ` (${signOff.by}${signOff.date ? `, ${signOff.date}` : ''})` : ''}`;
      }
    }
    return entry;
  });
}

/** "8/12": factors passing or not applicable, out of twelve. */
export function checklistScore(entries: readonly ChecklistEntry[]): { passing: number; total: number } {
  return { passing: entries.filter((e) => e.status === 'pass' || e.status === 'n/a').length, total: entries.length };
}
