/**
 * Suppression comments, in any language's comment syntax:
 *
 *   twelve-factor-ignore-next-line [rule-id[, rule-id]] [-- reason]
 *   twelve-factor-ignore-line [rule-id…] [-- reason]        (at the end of the line it silences)
 *   twelve-factor-ignore-file [rule-id…] [-- reason]        (anywhere in the file)
 *
 * Without rule ids the comment silences every rule.
 */
import type { Comment, SourceModel } from './model';
import type { Finding } from './types';
import { positionAt } from './text';

export const IGNORE_NEXT_LINE = 'twelve-factor-ignore-next-line';
export const IGNORE_LINE = 'twelve-factor-ignore-line';
export const IGNORE_FILE = 'twelve-factor-ignore-file';

const DIRECTIVE = /^(?:[*#\s]*)(twelve-factor-ignore-(?:next-line|line|file))\b([^]*)$/;

interface Directive {
  kind: 'next-line' | 'line' | 'file';
  rules: string[] | 'all';
  comment: Comment;
}

function parseDirective(c: Comment): Directive | undefined {
  const m = DIRECTIVE.exec(c.text);
  if (!m) return undefined;
  const kind = m[1].slice('twelve-factor-ignore-'.length) as Directive['kind'];
  const body = m[2].split(/\s--\s|\s--$/)[0];
  const rules = body.split(/[\s,]+/).filter((r) => /^[a-z][a-z0-9-]*$/.test(r));
  return { kind, rules: rules.length ? rules : 'all', comment: c };
}

/** The line (0-based) after `line` that holds code, skipping blank and comment-only lines. */
function nextCodeLine(model: SourceModel, comment: Comment, commentLines: Set<number>): number {
  const lines = model.lineStarts;
  for (let l = comment.endLine + 1; l < lines.length; l++) {
    if (commentLines.has(l)) continue;
    const start = lines[l];
    const end = l + 1 < lines.length ? lines[l + 1] : model.text.length;
    if (model.text.slice(start, end).trim() === '') continue;
    return l;
  }
  return -1;
}

/** Removes the findings silenced by suppression comments. */
export function applySuppressions(model: SourceModel, findings: Finding[]): Finding[] {
  const directives = model.comments.map(parseDirective).filter((d): d is Directive => !!d);
  if (directives.length === 0) return findings;
  const ownLineComments = new Set<number>();
  for (const c of model.comments) if (c.ownLine) for (let l = c.line; l <= c.endLine; l++) ownLineComments.add(l);
  const byLine = new Map<number, Directive[]>();
  const fileWide: Directive[] = [];
  for (const d of directives) {
    let line: number;
    if (d.kind === 'file') {
      fileWide.push(d);
      continue;
    } else if (d.kind === 'line') line = d.comment.line;
    else line = nextCodeLine(model, d.comment, ownLineComments);
    if (line < 0) continue;
    const list = byLine.get(line) ?? [];
    list.push(d);
    byLine.set(line, list);
  }
  const matches = (d: Directive, rule: string) => d.rules === 'all' || d.rules.includes(rule);
  return findings.filter((f) => {
    if (fileWide.some((d) => matches(d, f.ruleId))) return false;
    const line = positionAt(model.lineStarts, f.span.start).line;
    return !(byLine.get(line) ?? []).some((d) => matches(d, f.ruleId));
  });
}
