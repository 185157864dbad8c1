/**
 * What must hold for every analysis, whatever the input: the robustness tests run the engine on
 * broken, odd and extreme text and check each result with `checkedAnalyze`.
 */
import * as assert from 'node:assert/strict';
import { analyze, onInternalError, type DocumentInput } from '../../server/src/engine/analyze';
import type { AnalysisResult, AnalyzeOptions, LocatedFinding } from '../../server/src/engine/types';

const internalErrors: string[] = [];
onInternalError((ruleId, error) => internalErrors.push(`${ruleId}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));

/** A deterministic pseudo-random generator (mulberry32), so that every run tests the same inputs. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from a string (FNV-1a), so that each file gets its own inputs, the same on every run. */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The parts of a reported literal that must never appear whole in a message: the literal itself for
 * a secret, and the password of a URL (`//user:pw@`), a DSN (`user:pw@tcp(`), a connection string
 * (`Password=pw`) or a bearer token for both secret and backing-service findings (the patterns of the
 * masking test in no-hardcoded-secret.test.ts).
 */
export function secretParts(finding: LocatedFinding, text: string): string[] {
  if (!finding.ruleId.startsWith('no-hardcoded')) return [];
  const literal = text.slice(finding.span.start, finding.span.end).replace(/^['"`]|['"`]$/g, '');
  const parts: string[] = [];
  for (const m of literal.matchAll(/(\/\/[^:/@\s]*:)([^@/\s]+)(@)|^([^:/@\s]+:)([^@/\s]+)(@tcp\()|(Password=)([^;"']+)()|(Bearer )(\S+)()/gi)) {
    const password = m[2] ?? m[5] ?? m[8] ?? m[11];
    // Shown with its context (`:pw@`) it is always a leak; alone only when the literal holds it once
    // (`postgres://postgres:pw@…` shows the user name `postgres`, which may equal the password).
    parts.push(m[0]);
    if (literal.split(password).length === 2) parts.push(password);
  }
  if (finding.ruleId === 'no-hardcoded-secret') parts.push(literal);
  // Short values (a port, `****`) are shown by design, and a reference to a variable (`${DB_PASSWORD`,
  // cut short in broken input) is what the message recommends: only values that can be a secret count.
  return parts.filter((s) => s.length >= 8 && !/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(s));
}

/** Asserts the invariants of one result on `text`; `what` names the input in failure messages. */
export function assertSound(result: AnalysisResult, text: string, what: string): void {
  if (result.skipped) assert.ok(result.skipped.message.trim().length > 0, `${what}: a skip notice says why`);
  for (const f of result.findings) {
    const at = `${what}: ${f.ruleId} at ${f.span.start}-${f.span.end}`;
    assert.ok(Number.isInteger(f.span.start) && Number.isInteger(f.span.end), `${at}: integer span`);
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${at}: span inside the text (${text.length} chars)`);
    const { start, end } = f.range;
    assert.ok(start.line >= 0 && start.character >= 0 && (end.line > start.line || (end.line === start.line && end.character >= start.character)), `${at}: ordered range`);
    assert.ok(f.message.trim().length > 0, `${at}: a message`);
    for (const fix of f.fixes) {
      assert.ok(fix.title.trim().length > 0, `${at}: a fix title`);
      for (const e of fix.edits) {
        assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${at}: fix "${fix.title}" edits ${e.start}-${e.end} inside the text`);
      }
      // A host applies a fix's edits at once: apart from repeats (an import each fix adds), they must not overlap.
      const unique = [...new Map(fix.edits.map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()].sort((a, b) => a.start - b.start || a.end - b.end);
      for (let i = 1; i < unique.length; i++) {
        const [a, b] = [unique[i - 1], unique[i]];
        // Insertions at one offset are allowed (applied in order); a range edited twice is not.
        assert.ok(a.end <= b.start, `${at}: fix "${fix.title}" has overlapping edits ${a.start}-${a.end} and ${b.start}-${b.end}`);
      }
    }
    for (const secret of secretParts(f, text)) {
      assert.ok(!f.message.includes(secret), `${at}: the message shows ${JSON.stringify(secret)} whole: ${f.message}`);
      for (const fix of f.fixes) assert.ok(!fix.title.includes(secret), `${at}: the fix title shows ${JSON.stringify(secret)} whole: ${fix.title}`);
    }
  }
}

/**
 * Runs `analyze` and asserts: it resolves, within `budgetMs` (a hang guard, not a benchmark), with no
 * rule failing inside the engine, and with a sound result (`assertSound`).
 */
export async function checkedAnalyze(input: DocumentInput, options: AnalyzeOptions, what: string, budgetMs = 5000): Promise<AnalysisResult> {
  internalErrors.length = 0;
  const t0 = performance.now();
  let result: AnalysisResult;
  try {
    result = await analyze(input, options);
  } catch (e) {
    assert.fail(`${what}: analyze threw ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
  const ms = performance.now() - t0;
  assert.ok(ms < budgetMs, `${what}: took ${Math.round(ms)} ms (limit ${budgetMs} ms)`);
  assert.deepEqual(internalErrors, [], `${what}: rules failed inside the engine`);
  assertSound(result, input.text, what);
  return result;
}
