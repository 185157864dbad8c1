/**
 * Dockerfile adapter, on dockerfile-ast:
 *
 * - `ENV NAME=value` and `ARG NAME=default` values are strings with `key` NAME and `keyPath`
 *   `[keyword, NAME]`; `${OTHER}` references inside them are `env` values (build-time variables).
 * - `EXPOSE 8080 9090/udp` ports are strings with key `EXPOSE`.
 * - `CMD` and `ENTRYPOINT` are command lines: the exec form (`["node", "server.js"]`) as given, the
 *   shell form split into words as `/bin/sh -c` would, its `$PORT` an `env` value (the exec form
 *   does not expand variables).
 *
 * References in a deploy file are what it passes to the app, not reads of the app: `envReads`
 * stays empty.
 *
 * Unknown instructions, an ENV/ARG/EXPOSE without arguments, an ENV name without a value and a
 * bracketed CMD that is not a JSON array mark the model as having errors.
 */
import { DockerfileParser, Keyword, type Dockerfile, type Instruction, type Property as DockerProperty } from 'dockerfile-ast';
import type { Property, SourceModel, Value } from '../model';
import type { Span } from '../types';
import { offsetAt } from '../text';
import { ConfigModelBuilder, literalValue, placeholderIdioms, scalarTypeOf, SHELL_PLACEHOLDERS, unquoteSpan, type PlaceholderSyntax } from './config';
import { splitShellWords } from './shell';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

const KEYWORDS = new Set<string>(Object.values(Keyword));

/** Builds the model of a Dockerfile. */
export function buildDockerfileModel(text: string): SourceModel {
  const b = new ConfigModelBuilder(text, { envReads: false });
  const toSpan = (r: LspRange): Span => ({ start: offsetAt(b.lineStarts, text.length, r.start), end: offsetAt(b.lineStarts, text.length, r.end) });
  const props: Property[] = [];
  try {
    read(b, DockerfileParser.parse(text), props, toSpan);
  } catch {
    b.hasErrors = true;
  }
  b.documents.push({ kind: 'object', props, span: { start: 0, end: text.length } });
  return finish(b);
}

function read(b: ConfigModelBuilder, dockerfile: Dockerfile, props: Property[], toSpan: (r: LspRange) => Span): void {
  const escapeChar = dockerfile.getEscapeCharacter();
  for (const c of dockerfile.getComments()) b.comment(toSpan(c.getRange()), c.getContent());
  for (const ins of dockerfile.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    if (!KEYWORDS.has(keyword)) {
      b.hasErrors = true;
      continue;
    }
    if (keyword === 'ENV' || keyword === 'ARG') {
      const properties = (ins as unknown as { getProperties(): DockerProperty[] }).getProperties();
      if (properties.length === 0) b.hasErrors = true;
      for (const p of properties) {
        const range = p.getValueRange();
        const raw = p.getValue();
        if (!range || raw === null) {
          if (keyword === 'ENV') b.hasErrors = true;
          continue;
        }
        const name = p.getName();
        const value = propertyValue(b, toSpan(range), raw, name, keyword);
        props.push({ key: name, keySpan: toSpan(p.getNameRange()), value, span: toSpan(p.getRange()) });
      }
    } else if (keyword === 'EXPOSE') {
      const args = ins.getArguments();
      if (args.length === 0) b.hasErrors = true;
      for (const a of args) {
        const span = toSpan(a.getRange());
        const v = a.getValue();
        if (v.includes('$')) continue;
        const type = scalarTypeOf(v);
        b.literal({ value: v, span, innerSpan: span, exact: true, quoted: false }, { key: 'EXPOSE', keyPath: ['EXPOSE'] }, type);
        props.push({ key: 'EXPOSE', keySpan: toSpan(ins.getInstructionRange()), value: literalValue(v, span, type), span });
      }
    } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      command(b, ins, keyword, escapeChar, toSpan);
    }
  }
}

function finish(b: ConfigModelBuilder): SourceModel {
  return b.build('dockerfile', 'deploy', placeholderIdioms({ env: (n) => `\${${n}}`, envWithDefault: (n, f) => `\${${n}:-${f}}`, lineComment: '#' }));
}

/** Docker's variable references: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}`; `\$` is a literal `$`. */
const DOCKER_PLACEHOLDERS: PlaceholderSyntax = { ...SHELL_PLACEHOLDERS, escape: '\\$' };

/**
 * The value of an ENV/ARG property: a literal, or the variables it references. References are read
 * from the value's own text (dockerfile-ast's `getVariables` re-resolves every variable against the
 * whole file, which is quadratic on large files).
 */
function propertyValue(b: ConfigModelBuilder, span: Span, value: string, name: string, keyword: string): Value {
  const { inner, quote } = unquoteSpan(b.text, span);
  const context = { key: name, keyPath: [keyword, name] };
  const raw = b.text.slice(inner.start, inner.end);
  // A single-quoted value is literal: Docker does not substitute inside it.
  if (quote === "'" || !raw.includes('$')) {
    const type = quote ? 'string' : scalarTypeOf(value);
    b.literal({ value, span, innerSpan: inner, exact: raw === value, quoted: !!quote }, context, type);
    return literalValue(value, span, type);
  }
  return b.scalar({ value: raw, span, innerSpan: inner, exact: true, quoted: !!quote }, context, DOCKER_PLACEHOLDERS);
}

/** CMD / ENTRYPOINT as a command line. */
function command(b: ConfigModelBuilder, ins: Instruction, keyword: string, escapeChar: string, toSpan: (r: LspRange) => Span): void {
  const argsRange = ins.getArgumentsRange();
  if (!argsRange) return;
  const span = toSpan(argsRange);
  const json = ins as unknown as { getOpeningBracket?(): unknown; getClosingBracket?(): unknown; getJSONStrings?(): { getJSONValue(): string; getRange(): LspRange }[] };
  const rawArgs = b.text.slice(span.start, span.end);
  if (json.getOpeningBracket?.()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawArgs.replace(new RegExp(`\\${escapeChar}\\r?\\n`, 'g'), ''));
    } catch {
      parsed = undefined;
    }
    if (json.getClosingBracket?.() && Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) {
      const strings = json.getJSONStrings?.() ?? [];
      const args: Value[] = strings.map((s) => ({ kind: 'string', value: s.getJSONValue(), span: toSpan(s.getRange()) }));
      // The exec form runs without a shell: `$PORT` there stays the literal text `$PORT`.
      b.commands.push({ label: keyword, form: 'exec', args, span });
      return;
    }
    // Docker runs a bracketed line that is not a JSON array with the shell.
    b.hasErrors = true;
  }
  const split = splitShellWords(b.text, span.start, span.end, escapeChar);
  if (split.hasErrors) b.hasErrors = true;
  for (const r of split.envRefs) b.envRead(r.name, r.span);
  b.commands.push({ label: keyword, form: 'shell', args: split.args, span });
}
