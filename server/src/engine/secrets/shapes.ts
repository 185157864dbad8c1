/**
 * Values whose shape says they are not a secret even where a secret-like name holds them: digests,
 * UUIDs, lockfile integrity strings, password hashes, URLs without credentials, file paths, public
 * keys, environment variable names, e-mail addresses.
 */

/** What a non-secret value is. */
export type ValueShape =
  | 'hex-digest'
  | 'uuid'
  | 'integrity'
  | 'password-hash'
  | 'url'
  | 'path'
  | 'public-key'
  | 'env-name'
  | 'email'
  | 'validation-rules';

/** Validation rules of a form field (Laravel `'password' => 'required|min:12|confirmed'`). */
const VALIDATION_RULES = /^[a-z_]+(:[^|\s]+)?(\|[a-z_]+(:[^|\s]+)?)+$/;
const VALIDATION_WORD = /(^|\|)(required|nullable|sometimes|string|confirmed|min|max|size|between|regex|email|numeric|integer|alpha|alpha_num|alpha_dash|current_password|password|different|same)(:|\||$)/;

/** Shapes that are random-looking identifiers: a secret when a clear secret name holds them, noise otherwise. */
export const IDENTIFIER_SHAPES: ReadonlySet<ValueShape> = new Set(['hex-digest', 'uuid']);

/** The shape of a value that is (or is usually) not a secret, if it has one. */
export function valueShape(value: string): ValueShape | undefined {
  const v = value.trim();
  if (/^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$|^[0-9a-f]{128}$/i.test(v)) return 'hex-digest';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return 'uuid';
  if (/^(sha1|sha256|sha384|sha512)-[A-Za-z0-9+/]{20,}={0,2}$/.test(v)) return 'integrity';
  // also with Spring's DelegatingPasswordEncoder prefix: `{bcrypt}$2a$10$…`
  if (/^(\{(bcrypt|argon2|scrypt|pbkdf2|sha256)[^}]*\})?\$(2[abxy]?|argon2(id|i|d)|scrypt|pbkdf2(-[a-z0-9]+)?|[156])\$/.test(v)) return 'password-hash';
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----|^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/.test(v)) return 'public-key';
  if (isUrlWithoutCredentials(v)) return 'url';
  if (/^(\.{1,2}\/|\/[A-Za-z0-9._-]|~\/|[A-Za-z]:\\)/.test(v) || /^[\w./\\-]+\.(pem|key|crt|cer|der|p8|p12|pfx|jks|keystore|json|txt|env)$/i.test(v)) return 'path';
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return 'env-name';
  if (/^[^\s@:/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(v)) return 'email';
  if (VALIDATION_RULES.test(v) && VALIDATION_WORD.test(v)) return 'validation-rules';
  return undefined;
}

function isUrlWithoutCredentials(v: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v)) return false;
  const authority = v.slice(v.indexOf('//') + 2).split(/[/?#]/)[0];
  return !authority.includes('@');
}

/** True for a URL whose authority holds credentials (`scheme://user:password@host`). */
export function urlHasCredentials(value: string): boolean {
  const v = value.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v)) return false;
  const authority = v.slice(v.indexOf('//') + 2).split(/[/?#]/)[0];
  const at = authority.lastIndexOf('@');
  return at > 0 && authority.slice(0, at).includes(':');
}
