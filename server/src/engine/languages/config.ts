/**
 * Shared pieces of the configuration and deploy format adapters: collecting the model, reading
 * environment placeholders inside values (`${DB_PASSWORD}`, `${PORT:8080}`, `${PORT:-3000}`),
 * typing unquoted scalars, and the env idioms of each format.
 */
import type { CommandLine, Comment, FileKind, LanguageId, LanguageIdioms, SourceModel, StringContext, StringLiteral, Value } from '../model';
import type { Span } from '../types';
import { computeLineStarts, positionAt } from '../text';

/** How a format writes references to variables inside a value. */
export interface PlaceholderSyntax {
  /** Separators between the name and a default value, longest first: `[':-', '-']` for shells, `[':']` for Spring. */
  defaults: string[];
  /** Other operators after the name that carry no default (`:?`, `?`, `:+`, `+`). */
  others?: string[];
  /** `$NAME` without braces is a reference too (shells, compose, dotenv). */
  bare?: boolean;
  /** How a literal `$` is written: `$$` (compose), `\$` (dotenv). */
  escape?: '$$' | '\\$';
  /** Lookup prefix marking environment lookups (`env:` in log4j2); without it a reference is another lookup. */
  envPrefix?: string;
  /** All references are environment lookups (shells); otherwise only names written like `DB_PASSWORD`. */
  allEnv?: boolean;
  /** `$(NAME)` is a reference (Kubernetes env values, command and args). */
  parens?: boolean;
}

/** The placeholder syntax of each format: shells (Procfile, Dockerfile), compose, dotenv, Spring, logback, log4j2, Kubernetes env values. */
export const SHELL_PLACEHOLDERS: PlaceholderSyntax = { defaults: [':-', '-'], others: [':?', '?', ':+', '+', ':=', '='], bare: true, allEnv: true };
export const COMPOSE_PLACEHOLDERS: PlaceholderSyntax = { ...SHELL_PLACEHOLDERS, escape: '$$' };
export const DOTENV_PLACEHOLDERS: PlaceholderSyntax = { ...SHELL_PLACEHOLDERS, escape: '\\$' };
export const SPRING_PLACEHOLDERS: PlaceholderSyntax = { defaults: [':'] };
export const LOGBACK_PLACEHOLDERS: PlaceholderSyntax = { defaults: [':-'] };
export const LOG4J2_PLACEHOLDERS: PlaceholderSyntax = { defaults: [':-'], envPrefix: 'env:', escape: '$$' };
export const KUBERNETES_PLACEHOLDERS: PlaceholderSyntax = { defaults: [], parens: true, escape: '$$', allEnv: true };

/** A piece of a value: literal text, or a reference to a variable. Offsets are relative to the raw text. */
export type PlaceholderPart =
  | { kind: 'text'; text: string; start: number; end: number }
  | {
      kind: 'ref';
      /** The variable name, without a lookup prefix. */
      name: string;
      /** An environment lookup (see PlaceholderSyntax.allEnv / envPrefix). */
      env: boolean;
      fallback?: { text: string; start: number; end: number };
      start: number;
      end: number;
    };

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** True for names written as environment variables are (`DB_PASSWORD`, `PORT`). */
export function isEnvStyleName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** The index of the `}` closing the `${` opened before `from`, counting nested `${…}`; -1 when unclosed. */
function closingBrace(raw: string, from: number): number {
  let depth = 1;
  for (let i = from; i < raw.length; i++) {
    const c = raw[i];
    if (c === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Splits a value into literal text and variable references. Text that is not a well-formed
 * reference (an unclosed `${`, a lone `$`) stays literal.
 */
export function parsePlaceholders(raw: string, syntax: PlaceholderSyntax): PlaceholderPart[] {
  const parts: PlaceholderPart[] = [];
  let text = '';
  let textStart = 0;
  const flush = (end: number) => {
    if (text) parts.push({ kind: 'text', text, start: textStart, end });
    text = '';
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (syntax.escape === '$$' && c === '$' && raw[i + 1] === '$') {
      if (!text) textStart = i;
      text += '$';
      i += 2;
      continue;
    }
    if (syntax.escape === '\\$' && c === '\\' && raw[i + 1] === '$') {
      if (!text) textStart = i;
      text += '$';
      i += 2;
      continue;
    }
    if (c === '$' && raw[i + 1] === '{') {
      const close = closingBrace(raw, i + 2);
      if (close > 0) {
        const ref = readReference(raw.slice(i + 2, close), i + 2, syntax);
        if (ref) {
          flush(i);
          parts.push({ ...ref, start: i, end: close + 1 });
          i = close + 1;
          continue;
        }
      }
    } else if (c === '$' && syntax.parens && raw[i + 1] === '(') {
      const close = raw.indexOf(')', i + 2);
      const name = close > 0 ? raw.slice(i + 2, close) : '';
      if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
        flush(i);
        parts.push({ kind: 'ref', name, env: true, start: i, end: close + 1 });
        i = close + 1;
        continue;
      }
    } else if (c === '$' && syntax.bare && /[A-Za-z_]/.test(raw[i + 1] ?? '')) {
      let j = i + 1;
      while (j < raw.length && NAME_CHAR.test(raw[j])) j++;
      flush(i);
      parts.push({ kind: 'ref', name: raw.slice(i + 1, j), env: true, start: i, end: j });
      i = j;
      continue;
    }
    if (!text) textStart = i;
    text += c;
    i++;
  }
  flush(raw.length);
  return parts;
}

/** Reads `NAME`, `NAME:-default`, `env:NAME:-default`… (the inside of `${…}`, starting at `offset`). */
function readReference(body: string, offset: number, syntax: PlaceholderSyntax): Omit<Extract<PlaceholderPart, { kind: 'ref' }>, 'start' | 'end'> | undefined {
  let rest = body;
  let at = offset;
  let env = !!syntax.allEnv;
  if (syntax.envPrefix && rest.startsWith(syntax.envPrefix)) {
    rest = rest.slice(syntax.envPrefix.length);
    at += syntax.envPrefix.length;
    env = true;
  }
  let name: string;
  if (syntax.allEnv) {
    name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0] ?? '';
  } else {
    // Spring and logback names may hold dots and dashes (`server.port`): the name runs to the default separator.
    const seps = syntax.defaults.map((d) => rest.indexOf(d)).filter((i) => i > 0);
    name = rest.slice(0, seps.length ? Math.min(...seps) : rest.length);
    if (!/^[^\s${}]+$/.test(name)) return undefined;
    if (!syntax.envPrefix) env = isEnvStyleName(name);
  }
  if (!name) return undefined;
  const after = rest.slice(name.length);
  if (!after) return { kind: 'ref', name, env };
  const op = syntax.defaults.find((d) => after.startsWith(d));
  if (op) {
    const fStart = at + name.length + op.length;
    const fText = after.slice(op.length);
    return { kind: 'ref', name, env, fallback: { text: fText, start: fStart, end: fStart + fText.length } };
  }
  if (syntax.others?.some((o) => after.startsWith(o))) return { kind: 'ref', name, env };
  return undefined;
}

/** What an unquoted scalar is: numbers and booleans as the formats' readers convert them. */
export function scalarTypeOf(text: string): 'string' | 'number' | 'boolean' {
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text)) return 'number';
  if (/^(true|false)$/i.test(text)) return 'boolean';
  return 'string';
}

/** A literal value of a given scalar type. */
export function literalValue(text: string, span: Span, scalar: 'string' | 'number' | 'boolean'): Value {
  if (scalar === 'number') return { kind: 'number', value: Number(text), span };
  if (scalar === 'boolean') return { kind: 'boolean', value: text.toLowerCase() === 'true', span };
  return { kind: 'string', value: text, span };
}

/** Where a scalar's raw text sits in the file, to place the spans of what is inside it. */
export interface ScalarSource {
  /** The decoded value. */
  value: string;
  /** Span of the scalar as written (with quotes). */
  span: Span;
  /** Span of the value without quotes. */
  innerSpan: Span;
  /** True when the value is the raw text of `innerSpan` character for character (no escapes, no folding). */
  exact: boolean;
  /** Unquoted scalars are typed (numbers, booleans); quoted ones are strings. */
  quoted: boolean;
}

/**
 * Collects the parts of a configuration model: strings, comments, env reads, commands. Each
 * format's adapter feeds it while walking its parser's tree.
 */
export class ConfigModelBuilder {
  readonly strings: StringLiteral[] = [];
  readonly comments: Comment[] = [];
  readonly envReads: SourceModel['envReads'] = [];
  readonly commands: CommandLine[] = [];
  readonly documents: Value[] = [];
  readonly lineStarts: number[];
  hasErrors = false;
  private readonly recordsEnvReads: boolean;

  /**
   * `envReads: false` for deploy files: the variables they reference are supplied to the app by the
   * deploy tool or the platform, they are not reads of the app (the `env` values still show them).
   */
  constructor(readonly text: string, opts: { envReads?: boolean } = {}) {
    this.lineStarts = computeLineStarts(text);
    this.recordsEnvReads = opts.envReads ?? true;
  }

  /** Records a comment; `body` is its text without the markers. */
  comment(span: Span, body: string): void {
    let i = span.start - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    const ownLine = i < 0 || this.text[i] === '\n' || this.text[i] === '\r';
    this.comments.push({
      text: body.trim(),
      span,
      line: positionAt(this.lineStarts, span.start).line,
      endLine: positionAt(this.lineStarts, Math.max(span.start, span.end - 1)).line,
      ownLine,
    });
  }

  /** Records a literal scalar in `strings`. */
  literal(src: ScalarSource, context: StringContext, scalar: 'string' | 'number' | 'boolean' = 'string', extra: Partial<StringLiteral> = {}): void {
    this.strings.push({ value: src.value, span: src.span, innerSpan: src.innerSpan, context, scalar, ...extra });
  }

  /** Records a read of an environment variable (dropped for deploy files, see the constructor). */
  envRead(name: string, span: Span): void {
    if (this.recordsEnvReads) this.envReads.push({ name, span });
  }

  /**
   * The value of a scalar that may hold placeholders, recording its literal parts in `strings` and
   * its environment lookups in `envReads`. Without placeholders it is a literal (typed when unquoted).
   */
  scalar(src: ScalarSource, context: StringContext, syntax: PlaceholderSyntax | undefined): Value {
    const parts = syntax ? parsePlaceholders(src.value, syntax) : [];
    const refs = parts.filter((p): p is Extract<PlaceholderPart, { kind: 'ref' }> => p.kind === 'ref');
    if (refs.length === 0) {
      // The reader of the format turns `$$` / `\$` into `$`.
      const value = syntax ? parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') : src.value;
      const type = src.quoted ? 'string' : scalarTypeOf(value);
      this.literal({ ...src, value }, context, type);
      return literalValue(value, src.span, type);
    }
    // Offsets inside the value map to the file only when the value is its raw text.
    const at = (start: number, end: number): Span => (src.exact ? { start: src.innerSpan.start + start, end: src.innerSpan.start + end } : src.innerSpan);
    for (const r of refs) if (r.env && (syntax?.allEnv || isEnvStyleName(r.name))) this.envRead(r.name, at(r.start, r.end));
    if (parts.length === 1) {
      const r = refs[0];
      let fallback: Value | undefined;
      if (r.fallback) {
        const fSpan = at(r.fallback.start, r.fallback.end);
        const ref = at(r.start, r.end);
        // The reference without its default (`${X:-d}` → `${X}`), where the value is its raw text
        const required = src.exact ? src.value.slice(r.start, r.fallback.start).replace(/[:?=+-]+$/, '') + '}' : undefined;
        fallback = this.scalar(
          { value: r.fallback.text, span: fSpan, innerSpan: fSpan, exact: src.exact, quoted: false },
          { ...context, envFallback: true, envLookup: { name: r.name, span: ref, expression: ref, required } },
          syntax,
        );
      }
      if (r.env) return { kind: 'env', name: r.name, fallback, span: src.span };
      return { kind: 'other', text: src.value, span: src.span };
    }
    return { kind: 'template', parts: parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text), span: src.span };
  }

  /** The finished model; `extra` adds format fields such as `template`. */
  build(language: LanguageId, fileKind: FileKind, idioms: LanguageIdioms, extra: Partial<SourceModel> = {}): SourceModel {
    this.strings.sort((a, b) => a.span.start - b.span.start);
    this.comments.sort((a, b) => a.span.start - b.span.start);
    return {
      language,
      fileKind,
      text: this.text,
      strings: this.strings,
      calls: [],
      collections: [],
      comments: this.comments,
      imports: [],
      envReads: this.envReads,
      idioms,
      hasErrors: this.hasErrors,
      lineStarts: this.lineStarts,
      documents: this.documents,
      commands: this.commands,
      ...extra,
    };
  }
}

/** Env idioms for a format whose values can hold `${NAME}` references. */
export function placeholderIdioms(opts: { env: (name: string) => string; envWithDefault: (name: string, fallback: string) => string; lineComment: string; lineCommentEnd?: string }): LanguageIdioms {
  return {
    envString: opts.env,
    envNumber: opts.envWithDefault,
    envImportEdits: () => [],
    lineComment: opts.lineComment,
    lineCommentEnd: opts.lineCommentEnd,
  };
}

/**
 * Env idioms for formats without placeholders (appsettings.json, Kubernetes manifests, web.config):
 * the value is left empty (a number keeps its default) and the platform sets the key from the
 * environment variable named after it.
 */
export function noPlaceholderIdioms(lineComment: string, lineCommentEnd?: string): LanguageIdioms {
  return placeholderIdioms({ env: () => '', envWithDefault: (_name, fallback) => fallback, lineComment, lineCommentEnd });
}

/** Strips one pair of matching quotes from a raw value span. */
export function unquoteSpan(text: string, span: Span): { inner: Span; quote?: string } {
  const first = text[span.start];
  if (span.end - span.start >= 2 && (first === '"' || first === "'") && text[span.end - 1] === first) {
    return { inner: { start: span.start + 1, end: span.end - 1 }, quote: first };
  }
  return { inner: span };
}
