/**
 * YAML adapter, on the `yaml` package (its CST for comments, its documents for values, with source
 * ranges), for four kinds of files:
 *
 * - `compose`: docker-compose / compose files (deploy). `${VAR}`, `${VAR:-default}` and `$VAR`
 *   are environment lookups (`$$` is a literal `$`). An `environment:` list (`- KEY=value`, `- KEY`)
 *   is read like the map form: each value has `key` KEY, and is an object in `documents`; a name
 *   without a value takes the variable from the environment compose runs in.
 * - `kubernetes`: manifests (deploy). In `env:` lists the `value` of `{name: X, value: v}` has `key`
 *   X, and `$(OTHER)` there is an env value; `valueFrom` references (secretKeyRef,
 *   configMapKeyRef) are not values (`nonValue`).
 *   `kind: Secret`: `stringData` values are plain text and `data` values base64 — listed decoded,
 *   with `encoding: 'base64'` — because either way the credential is committed with the manifest.
 *   SealedSecret `encryptedData` is ciphertext, safe to commit, so it is `nonValue`.
 * - `spring`: application.yml / application-<profile>.yml (app-config). Dotted keys are split like
 *   nested ones; `${DB_PASSWORD}` and `${PORT:8080}` are environment lookups with fallback.
 * - `rails-database`: Rails config/database.yml (app-config). ERB output tags holding
 *   `ENV['X']`, `ENV.fetch('X') { 5 }`, `ENV.fetch('X', 'd')`, `ENV['X'] || 'd'` are environment
 *   lookups (the Ruby is read with the tree-sitter Ruby grammar); ERB control lines are blanked
 *   before the YAML is read.
 *
 * Multi-document files give one `documents` entry per document.
 */
import { Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq, type CST, type Document, type ParsedNode, type Scalar } from 'yaml';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Property, SourceModel, StringContext, Value } from '../model';
import type { Span } from '../types';
import { grammarReady, parse as parseTree } from '../parser';
import { COMPOSE_PLACEHOLDERS, ConfigModelBuilder, KUBERNETES_PLACEHOLDERS, literalValue, noPlaceholderIdioms, placeholderIdioms, SPRING_PLACEHOLDERS, type PlaceholderSyntax, type ScalarSource } from './config';

/** The kinds of YAML files the engine checks (see the file header). */
export type YamlDialect = 'compose' | 'kubernetes' | 'spring' | 'rails-database';

interface WalkContext {
  key?: string;
  keyPath: string[];
  nonValue?: boolean;
  base64?: boolean;
  /** Placeholder syntax of this value when it differs from the file's (Kubernetes env values). */
  syntax?: PlaceholderSyntax;
}

/** Reads all documents and the CST (for comments) in one pass over the text. */
function parseYaml(text: string): { docs: Document.Parsed[]; cst: CST.Token[] } {
  const cst = Array.from(new Parser().parse(text));
  // Duplicate keys are not this engine's business, and their check grows quadratically with the keys of a mapping.
  const docs = Array.from(new Composer({ prettyErrors: false, uniqueKeys: false }).compose(cst, true, text.length)) as Document.Parsed[];
  return { docs, cst };
}

/** Collects the comment tokens of a CST, whatever construct holds them. */
function collectComments(token: unknown, out: { offset: number; source: string }[]): void {
  if (Array.isArray(token)) {
    for (const t of token) collectComments(t, out);
    return;
  }
  if (!token || typeof token !== 'object') return;
  const t = token as Record<string, unknown>;
  if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
    out.push({ offset: t.offset, source: t.source });
    return;
  }
  for (const v of Object.values(t)) if (v && typeof v === 'object') collectComments(v, out);
}

/**
 * True when the YAML text is a Kubernetes manifest: one of its first documents is a mapping with
 * `apiVersion` and `kind`. Only the first 64 KB are read, lazily, so a large data file costs little.
 */
export function looksLikeKubernetes(text: string): boolean {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  let seen = 0;
  try {
    for (const doc of new Composer().compose(new Parser().parse(head), true, head.length)) {
      const c = doc.contents;
      if (!c) continue;
      if (isMap(c) && c.has('apiVersion') && c.has('kind') && typeof c.get('kind') === 'string') return true;
      if (++seen >= 3) return false;
    }
  } catch {
    return false;
  }
  return false;
}

/** Replaces ERB control and comment lines (`<% if … %>`, `<%# … %>`) by blanks of the same length. */
function blankErbLines(text: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    const line = text.slice(i, end);
    const t = line.trim().replace(/\r$/, '');
    if (t.startsWith('<%') && !t.startsWith('<%=') && !t.startsWith('<%-=') && t.endsWith('%>')) out.push(line.replace(/[^\r]/g, ' '));
    else out.push(line);
    if (end < text.length) out.push('\n');
    i = end + 1;
  }
  return out.join('');
}

class YamlWalker {
  private readonly syntax: PlaceholderSyntax | undefined;

  constructor(private readonly b: ConfigModelBuilder, private readonly dialect: YamlDialect) {
    this.syntax = dialect === 'compose' ? COMPOSE_PLACEHOLDERS : dialect === 'spring' ? SPRING_PLACEHOLDERS : undefined;
  }

  document(doc: Document.Parsed): Value {
    const c = doc.contents;
    if (!c) return { kind: 'other', text: '', span: { start: doc.range[0], end: doc.range[1] } };
    const kind = isMap(c) ? c.get('kind') : undefined;
    return this.node(c, { keyPath: [] }, typeof kind === 'string' ? kind : undefined, 0);
  }

  private spanOf(n: ParsedNode): Span {
    return { start: n.range[0], end: n.range[1] };
  }

  private node(n: ParsedNode | null, ctx: WalkContext, kind: string | undefined, depth: number): Value {
    if (!n) return { kind: 'other', text: '', span: { start: 0, end: 0 } };
    if (isScalar(n)) return this.scalar(n as Scalar.Parsed, ctx);
    if (isAlias(n)) return { kind: 'other', text: `*${n.source}`, span: this.spanOf(n) };
    if (isSeq(n)) {
      if (this.dialect === 'compose' && ctx.key === 'environment') return this.composeEnvList(n.items as ParsedNode[], ctx, this.spanOf(n));
      const items = (n.items as (ParsedNode | null)[]).map((item) => {
        if (this.dialect === 'kubernetes' && ctx.key === 'env' && item && isMap(item) && item.has('name')) return this.k8sEnvItem(item, ctx, kind, depth);
        return this.node(item, ctx, kind, depth + 1);
      });
      return { kind: 'array', items, span: this.spanOf(n) };
    }
    if (isMap(n)) {
      const props: Property[] = [];
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as ParsedNode | null;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : keyNode ? this.b.text.slice(keyNode.range[0], keyNode.range[1]) : '';
        const keySpan = keyNode ? this.spanOf(keyNode) : { start: 0, end: 0 };
        const segments = this.dialect === 'spring' ? key.split('.').filter((s) => s) : [key];
        const child: WalkContext = { key: segments[segments.length - 1] ?? key, keyPath: [...ctx.keyPath, ...segments], nonValue: ctx.nonValue, base64: ctx.base64 };
        if (this.dialect === 'kubernetes') {
          if (key === 'valueFrom' || (kind === 'SealedSecret' && key === 'encryptedData')) child.nonValue = true;
          if (kind === 'Secret' && depth === 0 && key === 'data') child.base64 = true;
        }
        const valueNode = pair.value as ParsedNode | null;
        let value: Value;
        if (this.dialect === 'compose' && ctx.key === 'environment' && (!valueNode || (isScalar(valueNode) && valueNode.value === null))) {
          // `KEY:` with no value: compose passes the variable from its own environment.
          this.b.envRead(key, keySpan);
          value = { kind: 'env', name: key, span: keySpan };
        } else {
          value = valueNode ? this.node(valueNode, child, kind, depth + 1) : { kind: 'other', text: '', span: { start: keySpan.end, end: keySpan.end } };
        }
        const end = valueNode ? valueNode.range[1] : keySpan.end;
        props.push({ key, keySpan, value, span: { start: keySpan.start, end } });
      }
      return { kind: 'object', props, span: this.spanOf(n) };
    }
    return { kind: 'other', text: '', span: this.spanOf(n) };
  }

  private source(n: Scalar.Parsed): ScalarSource {
    const text = this.b.text;
    const span = { start: n.range[0], end: n.range[1] };
    let inner = span;
    if (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') inner = { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) };
    else if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') {
      let s = text.indexOf('\n', span.start);
      s = s < 0 || s >= span.end ? span.end : s + 1;
      let e = span.end;
      while (e > s && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
      inner = { start: s, end: e };
    }
    const value = typeof n.value === 'string' ? n.value : text.slice(span.start, span.end);
    return { value, span, innerSpan: inner, exact: text.slice(inner.start, inner.end) === value, quoted: true };
  }

  private scalar(n: Scalar.Parsed, ctx: WalkContext): Value {
    const src = this.source(n);
    const context: StringContext = { key: ctx.key, keyPath: ctx.keyPath };
    if (ctx.nonValue) context.nonValue = true;
    const v = n.value;
    if (v === null || v === undefined) return { kind: 'other', text: '', span: src.span };
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
      const scalar = typeof v === 'boolean' ? 'boolean' : 'number';
      const raw = this.b.text.slice(src.span.start, src.span.end);
      this.b.literal({ ...src, value: raw }, context, scalar);
      return scalar === 'boolean' ? { kind: 'boolean', value: v as boolean, span: src.span } : { kind: 'number', value: Number(v), span: src.span };
    }
    if (typeof v !== 'string') return { kind: 'other', text: String(v), span: src.span };
    if (ctx.base64) return this.base64Value(src, ctx);
    if (this.dialect === 'rails-database' && v.includes('<%')) return erbValue(this.b, src, context);
    return this.b.scalar(src, context, ctx.nonValue ? undefined : ctx.syntax ?? this.syntax);
  }

  /** A Kubernetes Secret `data` value: listed decoded when it is base64 of text. */
  private base64Value(src: ScalarSource, ctx: WalkContext): Value {
    const key = ctx.keyPath[ctx.keyPath.length - 1];
    const context: StringContext = { key, keyPath: ctx.keyPath };
    const compact = src.value.replace(/\s+/g, '');
    const decoded = /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0 ? Buffer.from(compact, 'base64').toString('utf8') : undefined;
    if (decoded === undefined || decoded.includes('\uFFFD') || /[\0-\x08\x0e-\x1f]/.test(decoded)) {
      this.b.literal(src, context, 'string');
      return { kind: 'string', value: src.value, span: src.span };
    }
    this.b.literal({ ...src, value: decoded, exact: false }, context, 'string', { encoding: 'base64' });
    return { kind: 'string', value: decoded, span: src.span };
  }

  /** `environment: [KEY=value, KEY]` as an object, each value keyed by its name. */
  private composeEnvList(items: ParsedNode[], ctx: WalkContext, span: Span): Value {
    const props: Property[] = [];
    for (const item of items) {
      if (!item || !isScalar(item) || typeof item.value !== 'string') {
        if (item) this.node(item, ctx, undefined, 1);
        continue;
      }
      const src = this.source(item as Scalar.Parsed);
      const eq = src.value.indexOf('=');
      if (eq <= 0) {
        const name = src.value.trim();
        this.b.envRead(name, src.innerSpan);
        props.push({ key: name, keySpan: src.innerSpan, value: { kind: 'env', name, span: src.span }, span: src.span });
        continue;
      }
      const key = src.value.slice(0, eq);
      const at = (s: number, e: number): Span => (src.exact ? { start: src.innerSpan.start + s, end: src.innerSpan.start + e } : src.innerSpan);
      const valueSpan = at(eq + 1, src.value.length);
      const value = this.b.scalar(
        { value: src.value.slice(eq + 1), span: valueSpan, innerSpan: valueSpan, exact: src.exact, quoted: true },
        { key, keyPath: [...ctx.keyPath, key] },
        this.syntax,
      );
      props.push({ key, keySpan: at(0, eq), value, span: src.span });
    }
    return { kind: 'object', props, span };
  }

  /** `{name: X, value: v}` in a container's `env`: v is keyed by X. */
  private k8sEnvItem(item: ParsedNode, ctx: WalkContext, kind: string | undefined, depth: number): Value {
    if (!isMap(item)) return this.node(item, ctx, kind, depth + 1);
    const nameNode = item.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'name')?.value as ParsedNode | undefined;
    const name = nameNode && isScalar(nameNode) && typeof nameNode.value === 'string' ? nameNode.value : undefined;
    const props: Property[] = [];
    for (const pair of item.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const k = String(pair.key.value);
      const keySpan = this.spanOf(pair.key as ParsedNode);
      const valueNode = pair.value as ParsedNode | null;
      let child: WalkContext;
      // Kubernetes expands `$(OTHER_VAR)` in env values.
      if (k === 'value' && name) child = { key: name, keyPath: [...ctx.keyPath, name], nonValue: ctx.nonValue, syntax: KUBERNETES_PLACEHOLDERS };
      else child = { key: k, keyPath: [...ctx.keyPath, k], nonValue: true };
      const value = valueNode ? this.node(valueNode, child, kind, depth + 1) : { kind: 'other' as const, text: '', span: { start: keySpan.end, end: keySpan.end } };
      props.push({ key: k, keySpan, value, span: { start: keySpan.start, end: valueNode ? valueNode.range[1] : keySpan.end } });
    }
    return { kind: 'object', props, span: this.spanOf(item) };
  }
}

// ---- ERB in Rails YAML -----------------------------------------------------------------------

/** Literal text around ERB tags, and the Ruby expressions of the output tags, with offsets in the value. */
function erbParts(value: string): { texts: string[]; tags: { code: string; start: number; end: number; tagStart: number; tagEnd: number }[]; broken: boolean } {
  const texts: string[] = [];
  const tags: { code: string; start: number; end: number; tagStart: number; tagEnd: number }[] = [];
  let i = 0;
  let broken = false;
  while (i < value.length) {
    const open = value.indexOf('<%', i);
    if (open < 0) {
      texts.push(value.slice(i));
      break;
    }
    if (open > i) texts.push(value.slice(i, open));
    const close = value.indexOf('%>', open + 2);
    if (close < 0) {
      broken = true;
      texts.push(value.slice(open));
      break;
    }
    let codeStart = open + 2;
    const output = value[codeStart] === '=' || (value[codeStart] === '-' && value[codeStart + 1] === '=');
    if (output) codeStart += value[codeStart] === '=' ? 1 : 2;
    const codeEnd = value[close - 1] === '-' ? close - 1 : close;
    if (output) tags.push({ code: value.slice(codeStart, codeEnd), start: codeStart, end: codeEnd, tagStart: open, tagEnd: close + 2 });
    i = close + 2;
  }
  return { texts, tags, broken };
}

/** The environment lookup a Ruby expression makes, read from its tree-sitter tree. */
function rubyEnv(node: Node | null): { name: string; fallback?: Node } | undefined {
  if (!node) return undefined;
  const isEnvConst = (n: Node | null) => n?.type === 'constant' && n.text === 'ENV';
  const stringOf = (n: Node | null | undefined) => {
    if (!n || (n.type !== 'string' && n.type !== 'simple_symbol')) return undefined;
    if (n.type === 'simple_symbol') return n.text.slice(1);
    if (n.namedChildren.some((c) => c && c.type !== 'string_content')) return undefined;
    return n.namedChildren[0]?.text ?? '';
  };
  switch (node.type) {
    case 'element_reference': {
      const obj = node.childForFieldName('object');
      if (!isEnvConst(obj)) return undefined;
      const name = stringOf(node.namedChildren.find((c) => c && c.id !== obj?.id));
      return name ? { name } : undefined;
    }
    case 'call': {
      const receiver = node.childForFieldName('receiver');
      const method = node.childForFieldName('method')?.text;
      const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
      if (isEnvConst(receiver) && method === 'fetch') {
        const name = stringOf(args[0]);
        if (!name) return undefined;
        if (args[1]) return { name, fallback: args[1] };
        const block = node.childForFieldName('block');
        const body = block?.childForFieldName('body');
        const expr = body?.namedChildren.filter((c): c is Node => !!c);
        return { name, fallback: expr && expr.length === 1 ? expr[0] : undefined };
      }
      // ENV['X'].to_i, Integer(ENV['X'])
      if (receiver && /^(to_i|to_s|to_f|presence|to_sym)$/.test(method ?? '')) return rubyEnv(receiver);
      if (!receiver && /^(Integer|Float|String)$/.test(method ?? '') && args.length === 1) return rubyEnv(args[0]);
      return undefined;
    }
    case 'binary': {
      if (node.childForFieldName('operator')?.text !== '||') return undefined;
      const left = rubyEnv(node.childForFieldName('left'));
      return left ? { name: left.name, fallback: left.fallback ?? node.childForFieldName('right') ?? undefined } : undefined;
    }
    case 'parenthesized_statements':
      return rubyEnv(node.namedChildren[0] ?? null);
    default:
      return undefined;
  }
}

/** A scalar holding ERB: an env lookup when it is one output tag reading ENV, a template otherwise. */
function erbValue(b: ConfigModelBuilder, src: ScalarSource, context: StringContext): Value {
  const { texts, tags, broken } = erbParts(src.value);
  if (broken) b.hasErrors = true;
  const at = (s: number, e: number): Span => (src.exact ? { start: src.innerSpan.start + s, end: src.innerSpan.start + e } : src.innerSpan);
  const lookups: { name: string; fallback?: Value; span: Span }[] = [];
  let unknown = false;
  for (const tag of tags) {
    if (!grammarReady('ruby')) {
      unknown = true;
      continue;
    }
    const tree = parseTree('ruby', tag.code);
    if (!tree) {
      unknown = true;
      continue;
    }
    try {
      const root = tree.rootNode;
      const stmts = root.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      const env = !root.hasError && stmts.length === 1 ? rubyEnv(stmts[0]) : undefined;
      if (!env) {
        unknown = true;
        continue;
      }
      const span = at(tag.tagStart, tag.tagEnd);
      b.envRead(env.name, span);
      let fallback: Value | undefined;
      const f = env.fallback;
      if (f) {
        const fSpan = at(tag.start + f.startIndex, tag.start + f.endIndex);
        const fContext = { ...context, envFallback: true };
        if (f.type === 'integer' || f.type === 'float') {
          b.literal({ value: f.text, span: fSpan, innerSpan: fSpan, exact: src.exact, quoted: false }, fContext, 'number');
          fallback = literalValue(f.text, fSpan, 'number');
        } else if (f.type === 'string' && f.namedChildren.every((c) => c?.type === 'string_content')) {
          const value = f.namedChildren[0]?.text ?? '';
          const inner = at(tag.start + f.startIndex + 1, tag.start + f.endIndex - 1);
          b.literal({ value, span: fSpan, innerSpan: inner, exact: src.exact, quoted: true }, fContext, 'string');
          fallback = { kind: 'string', value, span: fSpan };
        } else if (f.type === 'true' || f.type === 'false') {
          b.literal({ value: f.text, span: fSpan, innerSpan: fSpan, exact: src.exact, quoted: false }, fContext, 'boolean');
          fallback = { kind: 'boolean', value: f.type === 'true', span: fSpan };
        } else if (f.type !== 'nil') {
          fallback = { kind: 'other', text: f.text, span: fSpan };
        }
      }
      lookups.push({ name: env.name, fallback, span });
    } finally {
      tree.delete();
    }
  }
  const literalText = texts.join('').trim();
  if (tags.length === 1 && lookups.length === 1 && !literalText) return { kind: 'env', name: lookups[0].name, fallback: lookups[0].fallback, span: src.span };
  if (unknown && tags.length === 1 && !literalText) return { kind: 'other', text: src.value, span: src.span };
  return { kind: 'template', parts: texts, span: src.span };
}

// ---- the model --------------------------------------------------------------------------------

const IDIOMS = {
  compose: placeholderIdioms({ env: (n) => `\${${n}}`, envWithDefault: (n, f) => `\${${n}:-${f}}`, lineComment: '#' }),
  spring: placeholderIdioms({ env: (n) => `\${${n}}`, envWithDefault: (n, f) => `\${${n}:${f}}`, lineComment: '#' }),
  'rails-database': placeholderIdioms({ env: (n) => `<%= ENV.fetch('${n}') %>`, envWithDefault: (n, f) => `<%= ENV.fetch('${n}') { ${f} } %>`, lineComment: '#' }),
  kubernetes: noPlaceholderIdioms('#'),
};

/** Builds the model of a YAML file of the given kind. Never throws: broken YAML gives `hasErrors`. */
export function buildYamlModel(text: string, dialect: YamlDialect): SourceModel {
  const fileKind = dialect === 'compose' || dialect === 'kubernetes' ? 'deploy' : 'app-config';
  const b = new ConfigModelBuilder(text, { envReads: fileKind === 'app-config' });
  try {
    const { docs, cst } = parseYaml(dialect === 'rails-database' ? blankErbLines(text) : text);
    const comments: { offset: number; source: string }[] = [];
    collectComments(cst, comments);
    for (const c of comments) b.comment({ start: c.offset, end: c.offset + c.source.length }, c.source.replace(/^#/, ''));
    const walker = new YamlWalker(b, dialect);
    for (const doc of docs) {
      if (doc.errors.length) b.hasErrors = true;
      b.documents.push(walker.document(doc));
    }
  } catch {
    b.hasErrors = true;
  }
  return b.build('yaml', fileKind, IDIOMS[dialect]);
}
