/** The Markdown report of the checklist and its findings (secrets are already masked in messages). */
import { factorInfo } from '../factors';
import type { ChecklistEntry } from './types';
import { checklistScore } from './checklist';

const ICON: Record<ChecklistEntry['status'], string> = { pass: '✅', attention: '⚠️', fail: '❌', unchecked: '❔', 'n/a': '➖' };
const LABEL: Record<ChecklistEntry['status'], string> = { pass: 'passing', attention: 'needs attention', fail: 'failing', unchecked: 'not checked', 'n/a': 'not applicable' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function markdownReport(entries: readonly ChecklistEntry[], opts: { project?: string; date?: string } = {}): string {
  const { passing, total } = checklistScore(entries);
  const lines: string[] = [];
  lines.push(`# Twelve-Factor report${opts.project ? `: ${opts.project}` : ''}`, '');
  if (opts.date) lines.push(`Generated ${opts.date}.`, '');
  lines.push(`**${passing}/${total}** factors passing or not applicable.`, '');
  lines.push('| Factor | Status | Reason |', '| --- | --- | --- |');
  for (const e of entries) {
    const f = factorInfo(e.factor);
    lines.push(`| [${f.roman}. ${f.title}](${f.url}) | ${ICON[e.status]} ${LABEL[e.status]} | ${cell(e.reason)} |`);
  }
  for (const e of entries) {
    if (e.evidence.length === 0 && !e.signOff) continue;
    const f = factorInfo(e.factor);
    lines.push('', `## ${f.roman}. ${f.title}: ${LABEL[e.status]}`, '', `${f.summary} ${e.reason}`, '');
    if (e.signOff) lines.push(`Signed off: ${e.signOff.note}${e.signOff.by ? ` (${e.signOff.by}${e.signOff.date ? `, ${e.signOff.date}` : ''})` : ''}`, '');
    const findings = e.evidence.filter((x) => x.kind === 'finding');
    const other = e.evidence.filter((x) => x.kind !== 'finding');
    if (findings.length) {
      lines.push('Findings:', '');
      for (const x of findings) lines.push(`- \`${x.file}${x.line ? `:${x.line}` : ''}\`${x.id ? ` (${x.id})` : ''}: ${x.note}`);
      lines.push('');
    }
    if (other.length) {
      lines.push('Evidence:', '');
      for (const x of other) lines.push(`- \`${x.file}${x.line ? `:${x.line}` : ''}\`: ${x.note}`);
    }
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
