/**
 * Placeholders: values that stand for a secret without being one (`changeme`, `<your-key>`,
 * `${DB_PASSWORD}`, `xxx`, `your_api_key_here`, `***`, `example`, `dummy`, `test`, empty).
 * A finding on a placeholder is noise, so every secret check asks this first.
 */

/** Substrings that only appear in made-up values. */
const MARKERS = /example|placeholder|change[-_ ]?me|change[-_ ]?this|replace[-_ ]?(me|this|with)|dummy|redacted|x{5,}|X{5,}|\*{3,}|•{3,}|(^|[^a-z])your[-_ ]|your(api|secret|token|key|password|pass|own|app|client|account|project)|[-_ ]here$|^insert[-_ ]|not[-_ ]?a[-_ ]?real|^fake[-_]|^todo\b|^tbd\b/i;

/** Whole-value templates: `${X}`, `{{x}}`, `<x>`, `%X%`, `$X`, `[X]`, `#{x}`. */
const TEMPLATE = /^(\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>]+>|%[A-Za-z0-9_]+%|\$[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z0-9_ -]+\]|#\{[^}]*\})$/;

/** Words that make a value made only of them a placeholder (`test`, `dummy-secret`, `your_api_key_here`). */
const PLACEHOLDER_WORDS = new Set([
  'test', 'testing', 'tests', 'dummy', 'example', 'examples', 'sample', 'fake', 'placeholder', 'changeme', 'todo', 'tbd', 'fixme',
  'foo', 'bar', 'baz', 'qux', 'none', 'null', 'nil', 'undefined', 'empty', 'redacted', 'mock', 'your', 'here', 'insert',
  'replace', 'enter', 'change', 'xxx', 'xx', 'x', 'n', 'a',
]);

/** Words that may accompany the placeholder words without making the value real. */
const FILLER_WORDS = new Set([
  'my', 'the', 'an', 'api', 'key', 'secret', 'token', 'password', 'pass', 'passwd', 'goes', 'put', 'with', 'value', 'real',
  'own', 'app', 'client', 'id', 'access', 'private', 'this', 'me', 'set', 'to', 'in', 'of', 'for', 'auth', 'jwt', 'session',
  'db', 'database', 'webhook', 'user', 'account', 'sk', 'pk', 'live',
]);

/** True when `value` is empty, a mask (`***`, `xxxx`), a template or an obvious stand-in for a secret. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(.)\1*$/su.test(v)) return true; // one repeated character: `xxxx`, `****`, `0000`
  if (/^[x*•.\-_#?]+$/i.test(v)) return true;
  if (TEMPLATE.test(v)) return true;
  if (MARKERS.test(v)) return true;
  const words = v.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length === 0) return true;
  return words.every((w) => PLACEHOLDER_WORDS.has(w) || FILLER_WORDS.has(w)) && words.some((w) => PLACEHOLDER_WORDS.has(w));
}

/** Markers that only an instruction to fill in a value carries (`change-me`, `<your-key>`, `your_token_here`, `xxxxx`). */
const INSTRUCTIONS = /placeholder|change[-_ ]?me|change[-_ ]?this|replace[-_ ]?(me|this|with)|redacted|x{5,}|X{5,}|\*{3,}|•{3,}|(^|[^a-z])your[-_ ]|your(api|secret|token|key|password|pass|own|app|client|account|project)|[-_ ]here$|^insert[-_ ]|not[-_ ]?a[-_ ]?real|^todo\b|^tbd\b/i;

/**
 * Placeholders in deploy files (Dockerfile, compose, Kubernetes manifests, `.env`): there a value is
 * what the service runs with, so words that stand for a secret in code (`example`, `secret`, `test`)
 * are real passwords (`POSTGRES_PASSWORD: example`). Only empty values, masks, references and
 * instructions to fill a value in (`changeme`, `<your-key>`) are placeholders.
 */
export function isDeployPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(.)\1*$/su.test(v)) return true;
  if (/^[x*•.\-_#?]+$/i.test(v)) return true;
  if (TEMPLATE.test(v) || /^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(v)) return true;
  return INSTRUCTIONS.test(v);
}
