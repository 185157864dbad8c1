/**
 * XML adapter (logback*.xml, log4j2*.xml, web.config), on fast-xml-parser.
 *
 * fast-xml-parser gives the structure, the decoded attribute and text values, and (with
 * `captureMetaData`) the offset where each element starts, but no positions inside an element.
 * A second, precise pass reads the start tag found at that offset (attribute names, `=`, quoted
 * values) and the text up to the next tag, so every value gets its exact span; a value is listed
 * only when the attribute named by the parser is found there. Comments, which the parser keeps
 * without offsets, are located by a scan that skips tags, CDATA sections and processing
 * instructions.
 *
 * Values: attributes have `key` = the attribute name; element text has `key` = the element name;
 * `keyPath` is the element path (`configuration.appender.file`). In `<add key="ApiKey" value="…"/>`,
 * `<param name="File" value="…"/>` and `<Property name="x">…</Property>` the value is keyed by the
 * name, and the name itself is not a value. logback `${LOG_DIR:-/tmp}` and log4j2 `${env:LOG_DIR}`
 * references are environment lookups; web.config has none.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Property, SourceModel, StringContext, Value } from '../model';
import type { Span } from '../types';
import { ConfigModelBuilder, LOG4J2_PLACEHOLDERS, LOGBACK_PLACEHOLDERS, noPlaceholderIdioms, placeholderIdioms, type PlaceholderSyntax } from './config';

/** The kinds of XML files the engine checks. */
export type XmlDialect = 'logback' | 'log4j2' | 'web-config';

const META = XMLParser.getMetaDataSymbol() as symbol;
const TEXT = '#text';
const COMMENT = '#comment';
const CDATA = '#cdata';
const ATTRS = ':@';

type XmlNode = Record<string, unknown> & { [ATTRS]?: Record<string, string> };

interface TagAttribute {
  name: string;
  /** Span of the value with its quotes. */
  span: Span;
  inner: Span;
}

const SPACE = /[ \t\r\n]/;

/** Reads the start tag at `at` (its `<`): attributes with spans, where it ends, whether it closes itself. */
export function readStartTag(text: string, at: number, name: string): { attrs: TagAttribute[]; end: number; selfClosing: boolean } | undefined {
  if (text[at] !== '<' || !text.startsWith(name, at + 1)) return undefined;
  let i = at + 1 + name.length;
  if (i < text.length && !SPACE.test(text[i]) && text[i] !== '>' && text[i] !== '/') return undefined;
  const attrs: TagAttribute[] = [];
  while (i < text.length) {
    while (i < text.length && SPACE.test(text[i])) i++;
    if (text[i] === '>') return { attrs, end: i + 1, selfClosing: false };
    if (text[i] === '/' && text[i + 1] === '>') return { attrs, end: i + 2, selfClosing: true };
    const nameStart = i;
    while (i < text.length && !SPACE.test(text[i]) && !'=/>'.includes(text[i])) i++;
    const attrName = text.slice(nameStart, i);
    if (!attrName) return undefined;
    while (i < text.length && SPACE.test(text[i])) i++;
    if (text[i] !== '=') continue; // an attribute without a value
    i++;
    while (i < text.length && SPACE.test(text[i])) i++;
    const q = text[i];
    if (q !== '"' && q !== "'") return undefined;
    const close = text.indexOf(q, i + 1);
    if (close < 0) return undefined;
    attrs.push({ name: attrName, span: { start: i, end: close + 1 }, inner: { start: i + 1, end: close } });
    i = close + 1;
  }
  return undefined;
}

/** Comments of an XML text: `<!-- … -->` outside tags, CDATA sections and processing instructions. */
export function scanXmlComments(text: string): { span: Span; body: string }[] {
  const out: { span: Span; body: string }[] = [];
  let i = 0;
  const skipTo = (token: string, from: number) => {
    const j = text.indexOf(token, from);
    return j < 0 ? text.length : j + token.length;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      const end = close < 0 ? text.length : close + 3;
      out.push({ span: { start: lt, end }, body: text.slice(lt + 4, close < 0 ? text.length : close) });
      i = end;
    } else if (text.startsWith('<![CDATA[', lt)) {
      i = skipTo(']]>', lt + 9);
    } else if (text.startsWith('<?', lt)) {
      i = skipTo('?>', lt + 2);
    } else if (text.startsWith('<!', lt)) {
      // DOCTYPE: its internal subset may hold comments, which the loop then finds
      i = lt + 2;
    } else {
      // a tag: skip to its end, over quoted attribute values
      let j = lt + 1;
      while (j < text.length && text[j] !== '>') {
        if (text[j] === '"' || text[j] === "'") {
          const close = text.indexOf(text[j], j + 1);
          j = close < 0 ? text.length : close + 1;
        } else j++;
      }
      i = j + 1;
    }
  }
  return out;
}

function tagNameOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ATTRS);
}

class XmlWalker {
  constructor(private readonly b: ConfigModelBuilder, private readonly syntax: PlaceholderSyntax | undefined) {}

  elements(nodes: XmlNode[], path: string[]): Property[] {
    const props: Property[] = [];
    for (const node of nodes) {
      const name = tagNameOf(node);
      if (!name || name === TEXT || name === COMMENT || name === CDATA || name.startsWith('?')) continue;
      const v = this.element(node, name, path);
      if (v) props.push(v);
    }
    return props;
  }

  private element(node: XmlNode, name: string, path: string[]): Property | undefined {
    const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
    const start = meta?.startIndex;
    const children = (Array.isArray(node[name]) ? node[name] : []) as XmlNode[];
    const elementPath = [...path, name];
    const tag = start === undefined ? undefined : readStartTag(this.b.text, start, name);
    if (!tag || start === undefined) {
      // No position for this element: its values cannot be placed, but its children may be.
      this.b.hasErrors = true;
      const inner = this.elements(children, elementPath);
      return { key: name, keySpan: { start: 0, end: 0 }, value: { kind: 'object', props: inner, span: { start: 0, end: 0 } }, span: { start: 0, end: 0 } };
    }
    const tagSpan = { start, end: tag.end };
    const keySpan = { start: start + 1, end: start + 1 + name.length };
    const props: Property[] = [];
    const parsed = node[ATTRS] ?? {};
    const pairName = 'value' in parsed ? (parsed.key ?? parsed.name) : undefined;
    const pairNameAttr = 'value' in parsed ? ('key' in parsed ? 'key' : 'name' in parsed ? 'name' : undefined) : undefined;
    for (const a of tag.attrs) {
      const value = parsed[a.name];
      if (typeof value !== 'string') continue;
      const context: StringContext = { key: a.name, keyPath: [...elementPath, a.name] };
      if (a.name === 'value' && pairName) Object.assign(context, { key: pairName, keyPath: [...elementPath, pairName] });
      // The name of a key/value pair, or of a log4j2 <Property>, names a value: it is not one.
      if (a.name === pairNameAttr || (a.name === 'name' && /^(Property|property)$/.test(name) && !('value' in parsed))) context.nonValue = true;
      const raw = this.b.text.slice(a.inner.start, a.inner.end);
      const v = this.b.scalar({ value, span: a.span, innerSpan: a.inner, exact: raw === value, quoted: true }, context, context.nonValue ? undefined : this.syntax);
      props.push({ key: a.name, keySpan: { start: a.span.start, end: a.span.start }, value: v, span: a.span });
    }
    if (!tag.selfClosing) {
      const elementChildren = children.filter((c) => {
        const n = tagNameOf(c);
        return n && n !== TEXT && n !== COMMENT;
      });
      const onlyText = elementChildren.length === 0 || (elementChildren.length === 1 && tagNameOf(elementChildren[0]) === CDATA);
      if (onlyText) {
        const t = this.text(children, tag.end, name, elementPath, parsed);
        if (t) props.push(t);
      } else {
        props.push(...this.elements(children, elementPath));
      }
    }
    return { key: name, keySpan, value: { kind: 'object', props, span: tagSpan }, span: tagSpan };
  }

  /** The text of a leaf element, with the span of its trimmed content (or of its CDATA section). */
  private text(children: XmlNode[], from: number, name: string, elementPath: string[], attrs: Record<string, string>): Property | undefined {
    const text = this.b.text;
    const cdata = children.find((c) => tagNameOf(c) === CDATA);
    let value: string;
    let span: Span;
    let inner: Span;
    if (cdata) {
      const open = text.indexOf('<![CDATA[', from);
      const close = open < 0 ? -1 : text.indexOf(']]>', open + 9);
      if (close < 0) return undefined;
      const parts = (cdata[CDATA] as XmlNode[] | undefined) ?? [];
      value = parts.map((p) => String(p[TEXT] ?? '')).join('');
      span = { start: open, end: close + 3 };
      inner = { start: open + 9, end: close };
      if (text.slice(inner.start, inner.end) !== value) return undefined;
    } else {
      // A leaf element has no child elements: its text runs to its closing tag (comments included).
      const close = text.indexOf(`</${name}`, from);
      const end = close < 0 ? text.length : close;
      const full = children.map((c) => String(c[TEXT] ?? '')).join('');
      let s = from;
      let e = end;
      while (s < e && SPACE.test(text[s])) s++;
      while (e > s && SPACE.test(text[e - 1])) e--;
      value = full.trim();
      if (!value) return undefined;
      span = { start: s, end: e };
      inner = span;
    }
    const context: StringContext = { key: name, keyPath: elementPath };
    const label = attrs.name ?? attrs.key;
    if (label && !('value' in attrs) && /^(Property|property)$/.test(name)) Object.assign(context, { key: label, keyPath: [...elementPath, label] });
    const raw = text.slice(inner.start, inner.end);
    const v = this.b.scalar({ value, span, innerSpan: inner, exact: raw === value, quoted: true }, context, this.syntax);
    return { key: TEXT, keySpan: { start: span.start, end: span.start }, value: v, span };
  }
}

const IDIOMS = {
  logback: placeholderIdioms({ env: (n) => `\${${n}}`, envWithDefault: (n, f) => `\${${n}:-${f}}`, lineComment: '<!--', lineCommentEnd: '-->' }),
  log4j2: placeholderIdioms({ env: (n) => `\${env:${n}}`, envWithDefault: (n, f) => `\${env:${n}:-${f}}`, lineComment: '<!--', lineCommentEnd: '-->' }),
  'web-config': noPlaceholderIdioms('<!--', '-->'),
};

/** Builds the model of an XML configuration file. Never throws: broken XML gives `hasErrors`. */
export function buildXmlModel(text: string, dialect: XmlDialect): SourceModel {
  const b = new ConfigModelBuilder(text);
  // A byte order mark becomes a blank, so offsets stay those of the text.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  for (const c of scanXmlComments(source)) b.comment(c.span, c.body);
  if (XMLValidator.validate(source, { allowBooleanAttributes: true }) !== true) b.hasErrors = true;
  let tree: XmlNode[] = [];
  try {
    const parser = new XMLParser({
      preserveOrder: true,
      captureMetaData: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      allowBooleanAttributes: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      commentPropName: COMMENT,
      cdataPropName: CDATA,
      ignoreDeclaration: true,
      ignorePiTags: true,
      processEntities: true,
      htmlEntities: false,
    });
    tree = parser.parse(source) as XmlNode[];
  } catch {
    b.hasErrors = true;
  }
  let props: Property[] = [];
  try {
    const walker = new XmlWalker(b, dialect === 'logback' ? LOGBACK_PLACEHOLDERS : dialect === 'log4j2' ? LOG4J2_PLACEHOLDERS : undefined);
    props = walker.elements(Array.isArray(tree) ? tree : [], []);
  } catch {
    // Nesting deep enough to exhaust the stack: the values read so far stay in `strings`.
    b.hasErrors = true;
  }
  b.documents.push({ kind: 'object', props, span: { start: 0, end: text.length } } satisfies Value);
  return b.build('xml', 'app-config', IDIOMS[dialect]);
}
