/**
 * Shannon entropy of strings: how random a value looks. Used to tell generated keys from words,
 * where the name a value is bound to is too vague to decide alone (`key`, `auth`).
 */

/** Shannon entropy in bits per character (0 for the empty string). */
export function shannonEntropy(value: string): number {
  const chars = [...value];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * True for a value that looks machine-generated: long enough, no spaces, letters and digits mixed
 * (or mixed case), and high entropy. Hex strings have a 16-symbol alphabet, so their bar is lower.
 */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength || /\s/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(value)).length;
  if (classes < 2) return false;
  const hex = /^[0-9a-fA-F]+$/.test(value);
  return shannonEntropy(value) >= (hex ? 3.0 : 3.5);
}
