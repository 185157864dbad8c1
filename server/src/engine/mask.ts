/**
 * Masking of secrets: a found secret is never shown whole, in any message, hover, log or report.
 */

/** `"sk_l…9x" (28 chars)`: a few characters at each end and the length. */
export function maskSecret(value: string): string {
  const chars = [...value];
  const n = chars.length;
  let shown: string;
  if (n >= 16) shown = chars.slice(0, 4).join('') + '…' + chars.slice(-2).join('');
  else if (n >= 8) shown = chars.slice(0, 2).join('') + '…' + chars.slice(-1).join('');
  else shown = '…';
  return `"${shown}" (${n} chars)`;
}

/**
 * Masks the password of a URL with credentials (`postgres://app:s3cr3t@db/x` → `postgres://app:****@db/x`).
 * Returns the text unchanged when it has no password.
 */
export function maskUrlPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)@/i, (_m, head: string) => `${head}****@`);
}
