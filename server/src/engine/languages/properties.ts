/**
 * Java properties adapter (Spring `application*.properties`): a small parser following
 * `java.util.Properties.load`, keeping positions:
 *
 *   key=value   key: value   key value      the first unescaped `=`, `:` or blank ends the key
 *   # comment   ! comment                   only at the start of a line
 *   long=first \                            an odd number of trailing backslashes continues the
 *        second                             line; the next line's leading blanks are dropped
 *   \uXXXX \t \n \r \f \= \: \\ …           escapes in keys and values
 *
 * Spring placeholders `${DB_PASSWORD}` and `${PORT:8080}` are environment lookups (with fallback).
 * Keys are split at the dots into `keyPath`, as Spring binds `a.b.c=x` like YAML `a: {b: {c: x}}`.
 */
import type { Property, SourceModel } from '../model';
import { ConfigModelBuilder, placeholderIdioms, SPRING_PLACEHOLDERS } from './config';

const BLANK = (c: string | undefined) => c === ' ' || c === '\t' || c === '\f';
const EOL = (c: string | undefined) => c === '\n' || c === '\r';

/** Builds the model of a .properties file. */
export function buildPropertiesModel(text: string): SourceModel {
  const b = new ConfigModelBuilder(text);
  const props: Property[] = [];
  const n = text.length;
  let i = 0;

  const skipEol = () => {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (EOL(text[i])) i++;
  };
  /** At a backslash that ends a line: skips it, the line break and the next line's leading blanks. */
  const continuation = () => {
    i++;
    skipEol();
    while (i < n && BLANK(text[i])) i++;
  };
  /** Reads one escape at `i` (a backslash not ending the line); returns the character it stands for. */
  const escape = (): string => {
    const c = text[i + 1];
    i += 2;
    switch (c) {
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case 'f': return '\f';
      case 'u': {
        const hex = text.slice(i, i + 4);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          i += 4;
          return String.fromCharCode(parseInt(hex, 16));
        }
        // java.util.Properties rejects the file here ("Malformed \uxxxx encoding").
        b.hasErrors = true;
        return 'u';
      }
      default:
        return c ?? '';
    }
  };

  while (i < n) {
    while (i < n && BLANK(text[i])) i++;
    if (i >= n) break;
    if (EOL(text[i])) {
      skipEol();
      continue;
    }
    if (text[i] === '#' || text[i] === '!') {
      const start = i;
      while (i < n && !EOL(text[i])) i++;
      b.comment({ start, end: i }, text.slice(start + 1, i));
      continue;
    }
    // key
    const keyStart = i;
    let key = '';
    while (i < n && !EOL(text[i])) {
      const c = text[i];
      if (c === '\\') {
        if (EOL(text[i + 1])) continuation();
        else key += escape();
        continue;
      }
      if (c === '=' || c === ':' || BLANK(c)) break;
      key += c;
      i++;
    }
    const keySpan = { start: keyStart, end: i };
    // separator
    const skipBlanks = () => {
      for (;;) {
        while (i < n && BLANK(text[i])) i++;
        if (text[i] === '\\' && EOL(text[i + 1])) continuation();
        else break;
      }
    };
    skipBlanks();
    if (text[i] === '=' || text[i] === ':') {
      i++;
      skipBlanks();
    }
    // value
    const valueStart = i;
    let value = '';
    while (i < n && !EOL(text[i])) {
      if (text[i] === '\\') {
        if (EOL(text[i + 1]) || i + 1 >= n) {
          if (i + 1 >= n) i++;
          else continuation();
        } else value += escape();
        continue;
      }
      value += text[i];
      i++;
    }
    const span = { start: valueStart, end: i };
    const raw = text.slice(valueStart, i);
    const segments = key.split('.').filter((s) => s !== '');
    const context = { key: segments[segments.length - 1] ?? key, keyPath: segments.length ? segments : [key] };
    const v = b.scalar({ value, span, innerSpan: span, exact: raw === value, quoted: false }, context, SPRING_PLACEHOLDERS);
    props.push({ key, keySpan, value: v, span: { start: keyStart, end: i } });
  }
  b.documents.push({ kind: 'object', props, span: { start: 0, end: n } });
  return b.build('properties', 'app-config', placeholderIdioms({ env: (k) => `\${${k}}`, envWithDefault: (k, f) => `\${${k}:${f}}`, lineComment: '#' }));
}
