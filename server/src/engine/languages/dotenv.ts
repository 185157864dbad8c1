/**
 * .env adapter. The dotenv packages parse without positions, so this is a small parser of the
 * format the common loaders agree on (dotenv, python-dotenv, godotenv, docker compose):
 *
 *   KEY=value            unquoted: trimmed, ends at ` #` (an inline comment needs a space before it)
 *   export KEY=value     `export ` is ignored
 *   KEY='value'          literal, may span lines, no expansion
 *   KEY="a\nb ${OTHER}"  escapes \n \r \t \" \\, may span lines, `${OTHER}` / `$OTHER` expand
 *   # comment
 *
 * Values that reference other variables become `env` / `template` values. A line that is not an
 * assignment, or an unclosed quote (the value then ends at the end of its line), marks the model
 * as having errors.
 */
import type { Property, SourceModel } from '../model';
import { ConfigModelBuilder, DOTENV_PLACEHOLDERS, placeholderIdioms, type ScalarSource } from './config';

const KEY_START = /[A-Za-z_]/;
const KEY_CHAR = /[A-Za-z0-9_.-]/;

function unescapeDouble(raw: string): string {
  // `\$` stays for the placeholder reader, which turns it into a literal `$`.
  return raw.replace(/\\([nrt"\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

/** Builds the model of a .env file; `template` for `.env.example` and its kin. */
export function buildDotenvModel(text: string, template = false): SourceModel {
  const b = new ConfigModelBuilder(text, { envReads: false });
  const props: Property[] = [];
  const n = text.length;
  let i = 0;
  const isEol = (c: string | undefined) => c === '\n' || c === '\r';
  const skipSpaces = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const lineEnd = (from: number) => {
    let j = from;
    while (j < n && !isEol(text[j])) j++;
    return j;
  };
  /** After a value: spaces, an optional comment, the end of the line; anything else is an error. */
  const finishLine = () => {
    skipSpaces();
    if (text[i] === '#') {
      const end = lineEnd(i);
      b.comment({ start: i, end }, text.slice(i + 1, end));
      i = end;
    } else if (i < n && !isEol(text[i])) {
      b.hasErrors = true;
      i = lineEnd(i);
    }
  };

  while (i < n) {
    skipSpaces();
    if (i >= n) break;
    if (isEol(text[i])) {
      i++;
      continue;
    }
    if (text[i] === '#') {
      const end = lineEnd(i);
      b.comment({ start: i, end }, text.slice(i + 1, end));
      i = end;
      continue;
    }
    const entryStart = i;
    if (text.startsWith('export', i) && (text[i + 6] === ' ' || text[i + 6] === '\t')) {
      i += 6;
      skipSpaces();
    }
    const keyStart = i;
    if (!KEY_START.test(text[i] ?? '')) {
      b.hasErrors = true;
      i = lineEnd(i);
      continue;
    }
    while (i < n && KEY_CHAR.test(text[i])) i++;
    const key = text.slice(keyStart, i);
    const keySpan = { start: keyStart, end: i };
    skipSpaces();
    if (text[i] !== '=') {
      b.hasErrors = true;
      i = lineEnd(i);
      continue;
    }
    i++;
    skipSpaces();
    const valueStart = i;
    const quote = text[i];
    let src: ScalarSource;
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = quote === '"' ? findDoubleQuote(text, i + 1) : text.indexOf(quote, i + 1);
      let inner: { start: number; end: number };
      let span: { start: number; end: number };
      if (close < 0) {
        b.hasErrors = true;
        const end = lineEnd(i);
        inner = { start: i + 1, end };
        span = { start: i, end };
        i = end;
      } else {
        inner = { start: i + 1, end: close };
        span = { start: i, end: close + 1 };
        i = close + 1;
      }
      const raw = text.slice(inner.start, inner.end);
      const value = quote === '"' ? unescapeDouble(raw) : raw;
      src = { value, span, innerSpan: inner, exact: value === raw, quoted: true };
      finishLine();
    } else {
      const end = lineEnd(i);
      let j = i;
      while (j < end && !(text[j] === '#' && (j === valueStart || text[j - 1] === ' ' || text[j - 1] === '\t'))) j++;
      let valueEnd = j;
      while (valueEnd > valueStart && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
      const span = { start: valueStart, end: valueEnd };
      src = { value: text.slice(valueStart, valueEnd), span, innerSpan: span, exact: true, quoted: false };
      i = j;
      finishLine();
    }
    const context = { key, keyPath: [key] };
    const value = b.scalar(src, context, quote === "'" ? undefined : DOTENV_PLACEHOLDERS);
    props.push({ key, keySpan, value, span: { start: entryStart, end: src.span.end } });
  }
  b.documents.push({ kind: 'object', props, span: { start: 0, end: n } });
  return b.build('dotenv', 'deploy', placeholderIdioms({ env: (k) => `\${${k}}`, envWithDefault: (k, f) => `\${${k}:-${f}}`, lineComment: '#' }), template ? { template: true } : {});
}

/** The index of the `"` closing a double-quoted value that starts at `from` (backslash escapes skipped); -1 when unclosed. */
function findDoubleQuote(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j;
  }
  return -1;
}
