/**
 * Splits a shell command line into words the way a POSIX shell does (quotes, backslashes,
 * `$NAME` / `${NAME:-default}` expansions, operators), keeping the span of every word. Used for
 * the command lines of Procfiles and shell-form Dockerfile CMD/ENTRYPOINT, which have no parser
 * of their own in the engine's dependencies.
 */
import type { Value } from '../model';
import type { Span } from '../types';
import { parsePlaceholders, scalarTypeOf, literalValue, SHELL_PLACEHOLDERS } from './config';

export interface ShellSplit {
  /** The words and operators, in order (see CommandLine.args). */
  args: Value[];
  /** The variables the line expands, with the span of each expansion. */
  envRefs: { name: string; span: Span }[];
  /** An unclosed quote, `${` or `$(`. */
  hasErrors: boolean;
}

const OPERATORS = ['&&', '||', ';;', '>>', '>&', '<&', '<<', '&>', '>|', ';', '&', '|', '<', '>', '(', ')'];
const SPACE = /[ \t\r\n]/;

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'ref'; name: string; fallback?: { text: string; span: Span }; span: Span }
  | { kind: 'dynamic' };

/**
 * Splits `text[start, end)`. `continuation` is the character that joins lines when it ends one
 * (the Dockerfile escape character; a backslash in shells).
 */
export function splitShellWords(text: string, start: number, end: number, continuation = '\\'): ShellSplit {
  const args: Value[] = [];
  const envRefs: ShellSplit['envRefs'] = [];
  let hasErrors = false;
  let i = start;

  const isContinuation = (at: number) => text[at] === continuation && (text[at + 1] === '\n' || (text[at + 1] === '\r' && text[at + 2] === '\n'));
  const skipContinuation = (at: number) => at + (text[at + 1] === '\r' ? 3 : 2);

  /** Reads `$…` at `at`; returns the piece and the index after it. */
  const expansion = (at: number): { piece: Piece; next: number } | undefined => {
    const c1 = text[at + 1];
    if (c1 === '{') {
      let depth = 1;
      let j = at + 2;
      for (; j < end && depth > 0; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
      }
      if (depth > 0) {
        hasErrors = true;
        return { piece: { kind: 'dynamic' }, next: end };
      }
      const raw = text.slice(at, j);
      const parts = parsePlaceholders(raw, SHELL_PLACEHOLDERS);
      const ref = parts.length === 1 && parts[0].kind === 'ref' ? parts[0] : undefined;
      if (!ref) return { piece: { kind: 'dynamic' }, next: j };
      const fallback = ref.fallback ? { text: ref.fallback.text, span: { start: at + ref.fallback.start, end: at + ref.fallback.end } } : undefined;
      return { piece: { kind: 'ref', name: ref.name, fallback, span: { start: at, end: j } }, next: j };
    }
    if (c1 === '(') {
      let depth = 1;
      let j = at + 2;
      for (; j < end && depth > 0; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')') depth--;
      }
      if (depth > 0) hasErrors = true;
      return { piece: { kind: 'dynamic' }, next: j };
    }
    if (c1 !== undefined && /[A-Za-z_]/.test(c1)) {
      let j = at + 1;
      while (j < end && /[A-Za-z0-9_]/.test(text[j])) j++;
      return { piece: { kind: 'ref', name: text.slice(at + 1, j), span: { start: at, end: j } }, next: j };
    }
    if (c1 !== undefined && /[0-9@*#?$!-]/.test(c1)) return { piece: { kind: 'dynamic' }, next: at + 2 };
    return undefined;
  };

  while (i < end) {
    const c = text[i];
    if (isContinuation(i)) {
      i = skipContinuation(i);
      continue;
    }
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i) && i + o.length <= end);
    if (op) {
      args.push({ kind: 'other', text: op, span: { start: i, end: i + op.length } });
      i += op.length;
      continue;
    }
    // a word
    const wordStart = i;
    const pieces: Piece[] = [];
    const addText = (s: string) => {
      const last = pieces[pieces.length - 1];
      if (last?.kind === 'text') last.text += s;
      else pieces.push({ kind: 'text', text: s });
    };
    while (i < end) {
      const ch = text[i];
      if (isContinuation(i)) {
        i = skipContinuation(i);
        continue;
      }
      if (SPACE.test(ch) || OPERATORS.some((o) => text.startsWith(o, i))) break;
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0 || close >= end) {
          hasErrors = true;
          addText(text.slice(i + 1, end));
          i = end;
        } else {
          addText(text.slice(i + 1, close));
          i = close + 1;
        }
        continue;
      }
      if (ch === '"') {
        i++;
        let closed = false;
        while (i < end) {
          const d = text[i];
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < end && '$`"\\\n'.includes(text[i + 1])) {
            if (text[i + 1] !== '\n') addText(text[i + 1]);
            i += 2;
            continue;
          }
          if (d === '$') {
            const x = expansion(i);
            if (x) {
              pieces.push(x.piece);
              i = x.next;
              continue;
            }
          }
          if (d === '`') {
            const close = text.indexOf('`', i + 1);
            pieces.push({ kind: 'dynamic' });
            i = close < 0 || close >= end ? end : close + 1;
            continue;
          }
          addText(d);
          i++;
        }
        if (!closed) hasErrors = true;
        continue;
      }
      if (ch === '\\') {
        if (i + 1 < end) addText(text[i + 1]);
        i += 2;
        continue;
      }
      if (ch === '$') {
        const x = expansion(i);
        if (x) {
          pieces.push(x.piece);
          i = x.next;
          continue;
        }
      }
      if (ch === '`') {
        const close = text.indexOf('`', i + 1);
        if (close < 0 || close >= end) hasErrors = true;
        pieces.push({ kind: 'dynamic' });
        i = close < 0 || close >= end ? end : close + 1;
        continue;
      }
      addText(ch);
      i++;
    }
    const span = { start: wordStart, end: Math.min(i, end) };
    for (const p of pieces) if (p.kind === 'ref') envRefs.push({ name: p.name, span: p.span });
    args.push(wordValue(pieces.filter((p) => p.kind !== 'text' || p.text !== ''), span, text));
  }
  return { args, envRefs, hasErrors };
}

function wordValue(pieces: Piece[], span: Span, text: string): Value {
  if (pieces.some((p) => p.kind === 'dynamic')) return { kind: 'other', text: text.slice(span.start, span.end), span };
  const refs = pieces.filter((p): p is Extract<Piece, { kind: 'ref' }> => p.kind === 'ref');
  if (refs.length === 0) return { kind: 'string', value: pieces.map((p) => (p.kind === 'text' ? p.text : '')).join(''), span };
  if (pieces.length === 1) {
    const r = refs[0];
    const fallback = r.fallback ? literalValue(r.fallback.text, r.fallback.span, scalarTypeOf(r.fallback.text)) : undefined;
    return { kind: 'env', name: r.name, fallback, span };
  }
  return { kind: 'template', parts: pieces.filter((p): p is Extract<Piece, { kind: 'text' }> => p.kind === 'text').map((p) => p.text), span };
}
