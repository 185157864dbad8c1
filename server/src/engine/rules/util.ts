/** Helpers shared by rules: following constants, writing messages, building fixes. */
import { factorLabel } from '../factors';
import type { CallSite, Property, SourceModel, Value } from '../model';
import type { FactorNumber, Fix, Span } from '../types';

/** Follows identifiers to the value of the constant they name (a few hops at most). */
export function resolve(v: Value | undefined): Value | undefined {
  let cur = v;
  for (let i = 0; cur && cur.kind === 'identifier' && i < 8; i++) {
    if (!cur.resolved) return cur;
    cur = cur.resolved;
  }
  return cur;
}

/** A property of an object value (after resolving), by key. */
export function prop(v: Value | undefined, key: string): Property | undefined {
  const r = resolve(v);
  return r?.kind === 'object' ? r.props.find((p) => p.key === key) : undefined;
}

/** The argument at `i`, resolved. */
export function arg(call: CallSite, i: number): Value | undefined {
  return resolve(call.args[i]);
}

/** The literal source text of a span. */
export function textOf(model: SourceModel, span: Span): string {
  return model.text.slice(span.start, span.end);
}

/**
 * A message in the house format: what is wrong, why it matters for a twelve-factor app, what to do.
 * The factor label is appended so every surface (Problems panel, CLI, SARIF) names it.
 */
export function message(factor: FactorNumber, what: string, why: string, todo: string): string {
  return `${what}: ${why} ${todo} [${factorLabel(factor)}]`;
}

/**
 * A fix that replaces `span` with `newText`, plus the edits that make it compile: the imports the
 * idioms need, and turning a constant declaration around `span` into one that can hold a call
 * (`model.idioms.declarationEdits`).
 */
export function replaceFix(model: SourceModel, title: string, span: Span, newText: string, opts: { preferred?: boolean; envVars?: string[] } = {}): Fix {
  return {
    title,
    edits: [{ start: span.start, end: span.end, newText }, ...(model.idioms.declarationEdits?.(span) ?? []), ...model.idioms.envImportEdits()],
    preferred: opts.preferred,
    envVars: opts.envVars,
  };
}
