// The PostScript names inside a font file (.ttf/.otf, and each face of a .ttc/.otc collection), read
// from the table directory and the `name` table only: indexing a system font folder must not parse
// every glyph outline (a Windows machine has 1,000+ font files; opentype.js takes 5-500 ms per file).
import fs from 'node:fs';

const SFNT_VERSIONS = new Set([0x00010000, 0x4f54544f /* OTTO */, 0x74727565 /* true */]);
const TTCF = 0x74746366;
const POSTSCRIPT_NAME_ID = 6;

/** Reads `length` bytes at `position`; short reads at the end of the file return what is there. */
export type ReadAt = (position: number, length: number) => Uint8Array;

export function fileReader(fd: number): ReadAt {
  return (position, length) => {
    const buf = Buffer.alloc(length);
    const n = fs.readSync(fd, buf, 0, length, position);
    return buf.subarray(0, n);
  };
}

export const bytesReader =
  (bytes: Uint8Array): ReadAt =>
  (position, length) =>
    bytes.subarray(position, position + length);

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Offsets of the faces' table directories: one for a plain font, several for a collection. */
export function faceOffsets(read: ReadAt): number[] {
  const head = read(0, 12);
  if (head.length < 12) return [];
  const tag = view(head).getUint32(0);
  if (SFNT_VERSIONS.has(tag)) return [0];
  if (tag !== TTCF) return [];
  const count = Math.min(view(head).getUint32(8), 256);
  const offs = read(12, count * 4);
  const out: number[] = [];
  for (let p = 0; p + 4 <= offs.length; p += 4) out.push(view(offs).getUint32(p));
  return out;
}

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

function tables(read: ReadAt, faceOffset: number): TableRecord[] {
  const head = read(faceOffset, 12);
  if (head.length < 12) return [];
  const n = Math.min(view(head).getUint16(4), 512);
  const dir = read(faceOffset + 12, n * 16);
  const out: TableRecord[] = [];
  for (let p = 0; p + 16 <= dir.length; p += 16) {
    const tag = String.fromCharCode(dir[p]!, dir[p + 1]!, dir[p + 2]!, dir[p + 3]!);
    out.push({ tag, offset: view(dir).getUint32(p + 8), length: view(dir).getUint32(p + 12) });
  }
  return out;
}

function utf16be(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

/** nameID 6 of one face: Windows/Unicode (UTF-16BE) records first, then Mac Roman. */
export function postScriptName(read: ReadAt, faceOffset: number): string | null {
  const name = tables(read, faceOffset).find((t) => t.tag === 'name');
  if (!name || name.length < 6) return null;
  const table = read(name.offset, Math.min(name.length, 1 << 20));
  if (table.length < 6) return null;
  const v = view(table);
  const count = v.getUint16(2);
  const strings = v.getUint16(4);
  let mac: string | null = null;
  for (let i = 0; i < count; i++) {
    const r = 6 + i * 12;
    if (r + 12 > table.length) break;
    if (v.getUint16(r + 6) !== POSTSCRIPT_NAME_ID) continue;
    const platform = v.getUint16(r);
    const start = strings + v.getUint16(r + 10);
    const raw = table.subarray(start, start + v.getUint16(r + 8));
    if (platform === 3 || platform === 0) {
      const s = utf16be(raw).trim();
      if (s) return s;
    } else if (platform === 1 && mac === null) {
      mac = String.fromCharCode(...raw).trim() || null;
    }
  }
  return mac;
}

export interface FontFace {
  postScriptName: string;
  /** Offset of the face's table directory (0 unless the file is a collection). */
  faceOffset: number;
}

/** Every named face in a font file; [] for files that are not sfnt fonts or cannot be read. */
export function fontFileFaces(file: string): FontFace[] {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const read = fileReader(fd);
    const faces: FontFace[] = [];
    for (const faceOffset of faceOffsets(read)) {
      const name = postScriptName(read, faceOffset);
      if (name) faces.push({ postScriptName: name, faceOffset });
    }
    return faces;
  } catch {
    return [];
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * One face of a collection as a stand-alone sfnt, for parsers that read a single font at offset 0:
 * its table directory is put in front of the whole file and every table offset shifted past it.
 */
export function extractFace(bytes: Uint8Array, faceOffset: number): Uint8Array {
  if (faceOffset === 0) return bytes;
  const records = tables(bytesReader(bytes), faceOffset);
  const dirLength = 12 + records.length * 16;
  const out = new Uint8Array(dirLength + bytes.length);
  out.set(bytes.subarray(faceOffset, faceOffset + dirLength), 0);
  out.set(bytes, dirLength);
  const v = view(out);
  for (let i = 0; i < records.length; i++) v.setUint32(12 + i * 16 + 8, records[i]!.offset + dirLength);
  return out;
}
