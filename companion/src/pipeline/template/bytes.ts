// Byte-level helpers for the big-endian chunk payloads.
import { FileFormatError } from '../../errors.js';

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

export function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** NUL-terminated string inside a fixed field (AE leaves junk after the NUL, aepx.md §2, §6). */
export function cstr(b: Uint8Array, off = 0, len = b.length - off, encoding: 'utf-8' | 'latin1' = 'utf-8'): string {
  const end = Math.min(b.length, off + len);
  let e = Math.max(0, off);
  while (e < end && b[e] !== 0) e++;
  return (encoding === 'latin1' ? latin1 : utf8).decode(b.subarray(off, e));
}

export function ascii4(b: Uint8Array, off: number): string {
  return String.fromCharCode(b[off] ?? 0, b[off + 1] ?? 0, b[off + 2] ?? 0, b[off + 3] ?? 0);
}

/** A chunk shorter than the fields we read is a broken file, not a zero value. */
export function need(b: Uint8Array, min: number, what: string): DataView {
  if (b.length < min) throw new FileFormatError(`${what} is ${b.length} bytes, expected at least ${min}`);
  return view(b);
}

/** num/den as a number; 0 when the denominator is 0 (AE writes 0/0 for "unset"). */
export function ratio(num: number, den: number): number {
  return den ? num / den : 0;
}

export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}
