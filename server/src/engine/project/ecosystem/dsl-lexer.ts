/**
 * A lexer for the build DSLs the project checks read without a grammar of their own in the engine's
 * dependencies: the Gemfile (Ruby) and Gradle build scripts (Groovy and Kotlin). It yields string
 * literals (unescaped; interpolated ones flagged), symbols, labels (`group:`), identifiers,
 * punctuation and statement ends, skipping comments, so that the readers in manifests.ts work on
 * tokens rather than on raw text. Unclosed strings or comments are reported, never thrown.
 */

export type DslToken =
  | { kind: 'string'; value: string; interpolated: boolean; line: number }
  /** Ruby `%w[a b]` / `%i[a b]`: a list of words. */
  | { kind: 'words'; values: string[]; line: number }
  /** Ruby `:name`. */
  | { kind: 'symbol'; value: string; line: number }
  /** Ruby `name:` (a keyword argument or hash key). */
  | { kind: 'label'; value: string; line: number }
  | { kind: 'ident'; value: string; line: number }
  | { kind: 'punct'; value: string; line: number }
  /** A newline or `;` ending a statement (Ruby and Kotlin/Groovy alike). */
  | { kind: 'end'; line: number };

/** The tokens of a build script and its first lexical error, if any. */
export interface DslLexResult {
  tokens: DslToken[];
  /** The first lexical error, with its 1-based line. */
  error?: { message: string; line: number };
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_]/;
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Tokenizes `text` as Ruby (`ruby`) or Groovy/Kotlin (`groovy`). */
export function lexDsl(text: string, dialect: 'ruby' | 'groovy'): DslLexResult {
  const tokens: DslToken[] = [];
  let i = 0;
  let line = 1;
  let error: DslLexResult['error'];
  const n = text.length;
  const fail = (message: string, at: number) => {
    error ??= { message, line: at };
  };
  const push = (t: DslToken) => tokens.push(t);
  const last = () => tokens[tokens.length - 1];

  /** Reads a quoted string starting at `i` (the quote), moving `i` past it. */
  const quoted = (quote: string, triple: boolean, interpolates: boolean): void => {
    const startLine = line;
    const close = triple ? quote.repeat(3) : quote;
    i += close.length;
    let value = '';
    let interpolated = false;
    for (;;) {
      if (i >= n || (!triple && text[i] === '\n' && dialect === 'groovy')) {
        fail('unclosed string', startLine);
        i = Math.min(i, n);
        break;
      }
      if (text.startsWith(close, i)) {
        i += close.length;
        break;
      }
      const c = text[i];
      if (c === '\n') line++;
      if (c === '\\' && i + 1 < n) {
        const e = text[i + 1];
        if (e === '\n') line++;
        value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
        i += 2;
        continue;
      }
      if (interpolates && ((dialect === 'ruby' && c === '#' && text[i + 1] === '{') || (dialect === 'groovy' && c === '$' && (text[i + 1] === '{' || IDENT_START.test(text[i + 1] ?? ''))))) interpolated = true;
      value += c;
      i++;
    }
    push({ kind: 'string', value, interpolated, line: startLine });
  };

  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      if (last()?.kind !== 'end') push({ kind: 'end', line });
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === ';') {
      push({ kind: 'end', line });
      i++;
      continue;
    }
    // Comments.
    if (dialect === 'ruby' && c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (dialect === 'ruby' && c === '=' && text.startsWith('=begin', i) && (i === 0 || text[i - 1] === '\n')) {
      const end = text.indexOf('\n=end', i);
      const stop = end < 0 ? n : end + 5;
      if (end < 0) fail('unclosed =begin comment', line);
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop;
      continue;
    }
    if (dialect === 'groovy' && c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (dialect === 'groovy' && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      if (end < 0) fail('unclosed comment', line);
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop;
      continue;
    }
    // Strings.
    if (c === '"' || c === "'") {
      const triple = dialect === 'groovy' && text.startsWith(c.repeat(3), i);
      quoted(c, triple, c === '"');
      continue;
    }
    // Ruby percent literals: %w[…], %i[…], %q(…), %Q(…), %(…).
    if (dialect === 'ruby' && c === '%' && /[wWiIqQ([{<]/.test(text[i + 1] ?? '')) {
      const type = /[wWiIqQ]/.test(text[i + 1]) ? text[i + 1] : 'Q';
      const open = type === text[i + 1] ? text[i + 2] : text[i + 1];
      const closeCh = PAIRS[open] ?? open;
      if (!open || /[A-Za-z0-9\s]/.test(open)) {
        push({ kind: 'punct', value: '%', line });
        i++;
        continue;
      }
      const start = i + (type === text[i + 1] ? 3 : 2);
      const end = text.indexOf(closeCh, start);
      if (end < 0) {
        fail('unclosed percent literal', line);
        i = n;
        continue;
      }
      const body = text.slice(start, end);
      if (/[wWiI]/.test(type)) push({ kind: 'words', values: body.split(/\s+/).filter(Boolean), line });
      else push({ kind: 'string', value: body, interpolated: type !== 'q' && body.includes('#{'), line });
      for (const ch of body) if (ch === '\n') line++;
      i = end + 1;
      continue;
    }
    // Ruby symbols `:name` / `:"name"` (not `::`).
    if (dialect === 'ruby' && c === ':' && text[i + 1] !== ':' && (IDENT_START.test(text[i + 1] ?? '') || text[i + 1] === '"')) {
      if (text[i + 1] === '"') {
        i++;
        quoted('"', false, true);
        const s = tokens.pop();
        if (s?.kind === 'string') push({ kind: 'symbol', value: s.value, line: s.line });
        continue;
      }
      let j = i + 1;
      while (j < n && IDENT.test(text[j])) j++;
      if (text[j] === '?' || text[j] === '!') j++;
      push({ kind: 'symbol', value: text.slice(i + 1, j), line });
      i = j;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i;
      while (j < n && IDENT.test(text[j])) j++;
      if (dialect === 'ruby' && (text[j] === '?' || text[j] === '!') && text[j + 1] !== '=') j++;
      const word = text.slice(i, j);
      // Ruby `name: value` (a label), not `name::Const` or a ternary's `a ? b : c` spacing.
      if (dialect === 'ruby' && text[j] === ':' && text[j + 1] !== ':') {
        push({ kind: 'label', value: word, line });
        i = j + 1;
        continue;
      }
      push({ kind: 'ident', value: word, line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j])) j++;
      push({ kind: 'ident', value: text.slice(i, j), line });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '=>' || two === '::' || two === '->' || two === '==' || two === '||' || two === '&&') {
      push({ kind: 'punct', value: two, line });
      i += 2;
      continue;
    }
    push({ kind: 'punct', value: c, line });
    i++;
  }
  if (last() && last()!.kind !== 'end') push({ kind: 'end', line });
  return { tokens, error };
}
