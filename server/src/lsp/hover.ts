/**
 * Hover on a finding: the rule, its factor (linked to 12factor.net), the message (what is wrong,
 * why it matters, what to do; secrets already masked by the engine) and the rule's documentation.
 */
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver/node';
import { ruleDocsUrl } from '../engine/docs';
import { factorInfo, factorLabel } from '../engine/factors';
import type { LocatedFinding } from '../engine/types';

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The message without the trailing factor label (the hover shows the factor as a link instead). */
function body(f: LocatedFinding): string {
  const label = ` [${factorLabel(f.factor)}]`;
  return f.message.endsWith(label) ? f.message.slice(0, -label.length) : f.message;
}

function markdownFor(f: LocatedFinding): string {
  const factor = factorInfo(f.factor);
  return [
    `**Twelve-Factor: \`${f.ruleId}\`** · [Factor ${factor.roman}: ${factor.title}](${factor.url})`,
    body(f),
    `*Factor ${factor.roman} (${factor.title}):* ${factor.summary}`,
    `[Documentation for ${f.ruleId}](${ruleDocsUrl(f.ruleId)})`,
  ].join('\n\n');
}

function plainFor(f: LocatedFinding): string {
  const factor = factorInfo(f.factor);
  return [
    `Twelve-Factor: ${f.ruleId} · Factor ${factor.roman}: ${factor.title} (${factor.url})`,
    body(f),
    `Factor ${factor.roman} (${factor.title}): ${factor.summary}`,
    `Documentation: ${ruleDocsUrl(f.ruleId)}`,
  ].join('\n\n');
}

/** The hover for `position`, or null when no finding covers it. */
export function hoverFor(findings: readonly LocatedFinding[], position: Position, markdown: boolean): Hover | null {
  const hits = findings.filter((f) => contains(f.range, position));
  if (hits.length === 0) return null;
  return {
    contents: markdown
      ? { kind: MarkupKind.Markdown, value: hits.map(markdownFor).join('\n\n---\n\n') }
      : { kind: MarkupKind.PlainText, value: hits.map(plainFor).join('\n\n') },
    range: hits[0].range,
  };
}
