/**
 * Reading a source file as text: UTF-8 (a byte-order mark is dropped), or UTF-16 when a byte-order
 * mark says so. Anything else is refused with a reason instead of being analysed as garbage.
 */
import * as fs from 'node:fs';

/** A file's text, or why it is not analysed. */
export type ReadResult =
  | { ok: true; text: string; bytes: number }
  /** `quiet`: skipped by design (binary content), worth a notice only for a file named explicitly. */
  | { ok: false; message: string; quiet?: boolean };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });

/** Decodes file content, or says why it is not analysed (binary, or not valid text in a supported encoding). */
export function decodeSource(bytes: Uint8Array): ReadResult {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: utf16le.decode(bytes.subarray(2)), bytes: bytes.length };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      const swapped = Buffer.from(bytes.subarray(2));
      swapped.swap16();
      return { ok: true, text: utf16le.decode(swapped), bytes: bytes.length };
    }
  } catch {
    return { ok: false, message: 'Not checked: the file starts with a UTF-16 byte-order mark but is not valid UTF-16.' };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, message: 'Not checked: the file looks binary.', quiet: true };
  try {
    // The decoder drops a UTF-8 byte-order mark, so columns count from the first real character.
    return { ok: true, text: utf8.decode(bytes), bytes: bytes.length };
  } catch {
    return { ok: false, message: 'Not checked: the file is not valid UTF-8 (save it as UTF-8 to have it checked).' };
  }
}

/** Reads a file unless it is larger than `maxBytes` (checked before reading, so huge files cost nothing). */
export function readSource(file: string, maxBytes: number): ReadResult {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    return { ok: false, message: `Not checked: the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  if (size > maxBytes) {
    return { ok: false, message: `Not checked: the file is ${kb(size)} KB, above the ${kb(maxBytes)} KB limit.` };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, message: `Not checked: the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  return decodeSource(bytes);
}

function kb(bytes: number): number {
  return Math.max(1, Math.round(bytes / 1024));
}
