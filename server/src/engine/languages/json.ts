/**
 * JSON with comments adapter (ASP.NET Core `appsettings*.json`), on jsonc-parser: comments and
 * trailing commas are allowed as the .NET configuration reader allows them. Every string, number
 * and boolean is listed with the property names above it (`ConnectionStrings.Default`,
 * `Serilog.WriteTo.Args.path`, `Kestrel.Endpoints.Http.Url`); array items keep the key of the array.
 * The format has no placeholders: .NET overrides a key from the environment variable named after
 * its path (`ConnectionStrings__Default`).
 */
import { createScanner, parseTree, type Node as JsonNode, type ParseError, type SyntaxKind } from 'jsonc-parser';
import type { Property, SourceModel, StringContext, Value } from '../model';
import type { Span } from '../types';
import { ConfigModelBuilder, noPlaceholderIdioms } from './config';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values here.
const LINE_COMMENT = 12 as SyntaxKind;
const BLOCK_COMMENT = 13 as SyntaxKind;
const EOF = 17 as SyntaxKind;

/** Builds the model of an appsettings-style JSON file. */
export function buildJsonModel(text: string): SourceModel {
  const b = new ConfigModelBuilder(text);
  // A byte order mark is common in files saved by Visual Studio; a blank keeps the offsets.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
    const scanner = createScanner(source, false);
    for (let k = scanner.scan(); k !== EOF; k = scanner.scan()) {
      if (k !== LINE_COMMENT && k !== BLOCK_COMMENT) continue;
      const start = scanner.getTokenOffset();
      const raw = source.substr(start, scanner.getTokenLength());
      b.comment({ start, end: start + raw.length }, k === LINE_COMMENT ? raw.slice(2) : raw.replace(/^\/\*+/, '').replace(/\*+\/$/, ''));
    }
    if (root) b.documents.push(walk(b, root, { keyPath: [] }));
  } catch {
    // Nesting deep enough to exhaust the stack: what was read so far stays.
    b.hasErrors = true;
  }
  if (errors.length) b.hasErrors = true;
  return b.build('json', 'app-config', noPlaceholderIdioms('//'));
}

function spanOf(n: JsonNode): Span {
  return { start: n.offset, end: n.offset + n.length };
}

function walk(b: ConfigModelBuilder, n: JsonNode, context: StringContext): Value {
  const span = spanOf(n);
  switch (n.type) {
    case 'object': {
      const props: Property[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        const key = k.value;
        const value = v ? walk(b, v, { key, keyPath: [...context.keyPath, key] }) : { kind: 'other' as const, text: '', span: spanOf(k) };
        props.push({ key, keySpan: spanOf(k), value, span: spanOf(p) });
      }
      return { kind: 'object', props, span };
    }
    case 'array':
      return { kind: 'array', items: (n.children ?? []).map((c) => walk(b, c, context)), span };
    case 'string': {
      const value = String(n.value ?? '');
      const inner = { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) };
      b.literal({ value, span, innerSpan: inner, exact: b.text.slice(inner.start, inner.end) === value, quoted: true }, context, 'string');
      return { kind: 'string', value, span };
    }
    case 'number': {
      b.literal({ value: b.text.slice(span.start, span.end), span, innerSpan: span, exact: true, quoted: false }, context, 'number');
      return { kind: 'number', value: Number(n.value), span };
    }
    case 'boolean': {
      b.literal({ value: String(n.value), span, innerSpan: span, exact: true, quoted: false }, context, 'boolean');
      return { kind: 'boolean', value: n.value === true, span };
    }
    default:
      return { kind: 'other', text: b.text.slice(span.start, span.end), span };
  }
}
