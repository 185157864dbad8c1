/**
 * Helpers for the tests of the configuration and deploy format adapters: building a model the way
 * the engine does (file name → format → model), finding values, and a rule that opts in to those
 * file kinds so suppression comments can be tested through the engine.
 */
import * as assert from 'node:assert/strict';
import { buildModel, runRules } from '../../server/src/engine/analyze';
import { languageFor, prepareLanguage } from '../../server/src/engine/languages';
import type { SourceModel, StringLiteral, Value } from '../../server/src/engine/model';
import type { LocatedFinding, Rule, Span } from '../../server/src/engine/types';

/** The model of `text` as a file at `path`, through the engine's format selection. */
export async function formatModel(path: string, text: string, expectedSpec?: string): Promise<SourceModel> {
  const spec = languageFor(path, undefined, text);
  assert.ok(spec, `a format for ${path}`);
  if (expectedSpec) assert.equal(spec.id, expectedSpec, `format of ${path}`);
  await prepareLanguage(spec);
  const built = buildModel(spec, text);
  assert.ok(built, 'a model');
  built.tree.delete();
  return built.model;
}

/** The text a span covers. */
export function textAt(m: SourceModel, span: Span): string {
  return m.text.slice(span.start, span.end);
}

/** The nth string with this value. */
export function str(m: SourceModel, value: string, nth = 0): StringLiteral {
  const found = m.strings.filter((s) => s.value === value);
  assert.ok(found[nth], `string ${JSON.stringify(value)} #${nth} in ${JSON.stringify(m.strings.map((s) => s.value))}`);
  return found[nth];
}

/** The string bound to a dotted key path (`services.db.environment.POSTGRES_PASSWORD`). */
export function byPath(m: SourceModel, path: string, nth = 0): StringLiteral {
  const found = m.strings.filter((s) => s.context.keyPath.join('.') === path);
  assert.ok(found[nth], `string at ${path} #${nth} in ${JSON.stringify(m.strings.map((s) => s.context.keyPath.join('.')))}`);
  return found[nth];
}

/** Asserts a literal's value, its span without quotes, and its span as written. */
export function assertLiteral(m: SourceModel, s: StringLiteral, inner: string, written = inner): void {
  assert.equal(textAt(m, s.innerSpan), inner, `inner span of ${JSON.stringify(s.value)}`);
  assert.equal(textAt(m, s.span), written, `span of ${JSON.stringify(s.value)}`);
}

/** Follows object keys from a document value. */
export function valueAt(v: Value | undefined, ...keys: (string | number)[]): Value | undefined {
  let cur = v;
  for (const k of keys) {
    if (!cur) return undefined;
    if (typeof k === 'number') cur = cur.kind === 'array' ? cur.items[k] : undefined;
    else cur = cur.kind === 'object' ? cur.props.find((p) => p.key === k)?.value : undefined;
  }
  return cur;
}

/** Drops spans so values compare by content. */
export function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === 'span' || k === 'keySpan' ? undefined : x)));
}

/** A rule that reports every value whose key matches `pattern`, in configuration and deploy files. */
export function keyRule(pattern: RegExp, id = 'test-config-key'): Rule {
  return {
    meta: {
      id,
      factor: 3,
      description: 'Reports values whose key matches a pattern (a rule for tests).',
      defaultSeverity: 'warning',
      fixable: false,
      fileKinds: ['deploy', 'app-config'],
    },
    create(ctx) {
      for (const s of ctx.model.strings) {
        if (s.context.key && pattern.test(s.context.key) && !s.context.nonValue) ctx.report({ span: s.innerSpan, message: `value of ${s.context.key}` });
      }
    },
  };
}

/** Runs rules on a format model through the engine (suppressions included); findings by 1-based line. */
export async function findingLines(path: string, text: string, rules: Rule[]): Promise<number[]> {
  const m = await formatModel(path, text);
  return runRules(m, path, {}, rules).map((f: LocatedFinding) => f.range.start.line + 1);
}

/** A text of roughly `bytes` characters made of `line(i)` repeated. */
export function repeatLines(bytes: number, line: (i: number) => string): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const l = line(i);
    out.push(l);
    n += l.length + 1;
  }
  return out.join('\n') + '\n';
}
