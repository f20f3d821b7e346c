// The bytes a PSD's structure is read from, without its pixels: the header, colour-mode data, image
// resources and the layer-and-mask section with the layers' channel image data cut out; the file's
// image-data section (the composite) is left off entirely. ag-psd, reading with
// `skipLayerImageData`, never looks at the bytes we cut (it skips the rest of the layer-info section
// and of each Lr16/Lr32 block after the layer records, and skips the composite), so it builds the
// same tree from this buffer as from the whole file — from a fraction of the memory, and read from
// disk without ever loading the pixels (research/psd.md §1, §5).
//
// Anything unexpected (a section past the end of its parent or of the file, a signature ag-psd would
// have to realign to, a 64-bit length over 4 GB, a layer record overrunning its block) means nothing
// is cut: the whole file is used as it is, so ag-psd meets exactly what it would meet reading the
// whole file and reports the same error (only broken files take this path).
import fs from 'node:fs';
import { FileFormatError } from '../../errors.js';

/** Random access to a PSD: bytes in memory (views, no copies) or a file on disk (positioned reads). */
export interface ByteSource {
  readonly size: number;
  /** `len` bytes at `pos`; never past `size`. */
  read(pos: number, len: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.byteLength, read: (pos, len) => bytes.subarray(pos, pos + len) };
}

export function fileSource(fd: number, size: number, file = 'the file'): ByteSource {
  return {
    size,
    read(pos, len) {
      const out = Buffer.allocUnsafeSlow(len); // its own ArrayBuffer: ag-psd bounds-checks against it
      let got = 0;
      while (got < len) {
        const n = fs.readSync(fd, out, got, len - got, pos + got);
        if (n === 0) throw new FileFormatError(`${file} ended while being read (${size} bytes expected)`);
        got += n;
      }
      return new Uint8Array(out.buffer, out.byteOffset, len);
    },
  };
}

/** Reads through a source with a window, so parsing thousands of layer records costs few reads. */
class Cursor {
  private win: Uint8Array = new Uint8Array(0);
  private winPos = 0;
  constructor(
    private readonly src: ByteSource,
    private readonly chunk: number,
  ) {}

  /** The byte range [pos, pos + len) or null if it runs past the end of the source. */
  private at(pos: number, len: number): { b: Uint8Array; o: number } | null {
    if (pos < 0 || pos + len > this.src.size) return null;
    if (pos < this.winPos || pos + len > this.winPos + this.win.length) {
      this.winPos = pos;
      this.win = this.src.read(pos, Math.min(this.src.size - pos, Math.max(len, this.chunk)));
    }
    return { b: this.win, o: pos - this.winPos };
  }
  u8(pos: number): number | null {
    const r = this.at(pos, 1);
    return r ? r.b[r.o]! : null;
  }
  u16(pos: number): number | null {
    const r = this.at(pos, 2);
    return r ? (r.b[r.o]! << 8) | r.b[r.o + 1]! : null;
  }
  u32(pos: number): number | null {
    const r = this.at(pos, 4);
    return r ? ((r.b[r.o]! << 24) >>> 0) + ((r.b[r.o + 1]! << 16) | (r.b[r.o + 2]! << 8) | r.b[r.o + 3]!) : null;
  }
  /** A 64-bit length; null when past the end or ≥ 4 GB (ag-psd refuses those). */
  u64(pos: number): number | null {
    const hi = this.u32(pos);
    const lo = this.u32(pos + 4);
    return hi === 0 && lo !== null ? lo : null;
  }
  sig(pos: number): string | null {
    const r = this.at(pos, 4);
    return r ? String.fromCharCode(r.b[r.o]!, r.b[r.o + 1]!, r.b[r.o + 2]!, r.b[r.o + 3]!) : null;
  }
}

// ag-psd's `largeAdditionalInfoKeys`: in a PSB these blocks have 8-byte lengths even under '8BIM'.
const LARGE_KEYS = new Set(['LMsk', 'Lr16', 'Lr32', 'Layr', 'Mt16', 'Mt32', 'Mtrn', 'Alph', 'FMsk', 'lnk2', 'FEid', 'FXid', 'PxSD', 'cinf']);
const roundUp2 = (n: number) => n + (n & 1);

/** A length field to rewrite: the field at `at` (file position) gets the new length of its section. */
interface Patch {
  at: number;
  width: 4 | 8;
  value: number;
}

export interface StructurePlan {
  /** Keep [0, end) of the file… */
  end: number;
  /** …except these ranges (file positions, ascending, disjoint). */
  drops: Array<[number, number]>;
  patches: Patch[];
  /** The layer records, in file order, with where each channel's data starts in the file (null: not parsed). */
  records: LayerRecord[] | null;
  /** How many layer-info blocks (the main one, Lr16, Lr32) held records. */
  recordBlocks: number;
  /** How many of `records` come from the main layer-info block (the rest from Lr16/Lr32). */
  mainRecords: number;
}

export interface LayerRecord {
  top: number;
  left: number;
  bottom: number;
  right: number;
  channels: Array<{ id: number; length: number; offset: number }>;
}

/**
 * Parses the layer records of a layer-info block [start, end) the way ag-psd's readLayerInfo does;
 * returns where the records end (the channel image data follows), or null if a record overruns.
 */
function parseLayerInfo(c: Cursor, start: number, end: number, large: boolean, out: LayerRecord[]): number | null {
  const raw = c.u16(start);
  if (raw === null) return null;
  const count = Math.abs((raw << 16) >> 16);
  let p = start + 2;
  const recs: LayerRecord[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 18 > end) return null;
    const s32 = (q: number) => (c.u32(q)! | 0);
    const rec: LayerRecord = { top: s32(p), left: s32(p + 4), bottom: s32(p + 8), right: s32(p + 12), channels: [] };
    const channelCount = c.u16(p + 16)!;
    p += 18;
    for (let k = 0; k < channelCount; k++) {
      if (p + (large ? 10 : 6) > end) return null;
      const id = (c.u16(p)! << 16) >> 16;
      const length = large ? c.u64(p + 2) : c.u32(p + 2);
      if (length === null) return null;
      rec.channels.push({ id, length, offset: 0 });
      p += large ? 10 : 6;
    }
    p += 12; // '8BIM', blend key, opacity, clipping, flags, filler
    const extra = c.u32(p);
    if (extra === null) return null;
    p += 4 + extra;
    if (p > end) return null;
    recs.push(rec);
  }
  // The channel image data follows the records, layer by layer, channel by channel.
  let q = p;
  for (const r of recs) for (const ch of r.channels) (ch.offset = q), (q += ch.length);
  out.push(...recs);
  return p;
}

/** Where the structure lives in the file and which pixel ranges can be left out. */
export function planStructure(src: ByteSource): StructurePlan {
  const c = new Cursor(src, 64 << 10);
  const whole: StructurePlan = { end: src.size, drops: [], patches: [], records: null, recordBlocks: 0, mainRecords: 0 };
  const version = c.u16(4);
  const large = version === 2;
  let pos = 26;
  for (let s = 0; s < 2; s++) {
    // colour-mode data, image resources
    const len = c.u32(pos);
    if (len === null) return whole;
    pos += 4 + len;
    if (pos > src.size) return whole;
  }
  const lmLenAt = pos;
  const lmLen = large ? c.u64(pos) : c.u32(pos);
  if (lmLen === null) return whole;
  pos += large ? 8 : 4;
  const lmEnd = pos + lmLen;
  if (lmEnd > src.size) return whole;
  const plan: StructurePlan = { end: lmEnd, drops: [], patches: [], records: [], recordBlocks: 0, mainRecords: 0 };
  if (lmLen === 0) return plan;

  const dropped = () => plan.drops.reduce((n, [a, b]) => n + b - a, 0);
  const finish = () => {
    plan.patches.push({ at: lmLenAt, width: large ? 8 : 4, value: lmLen - dropped() });
    return plan;
  };

  /** Cuts a layer-info block's channel data: the block's content is [start, start + len). */
  const cut = (lenAt: number, width: 4 | 8, start: number, len: number): boolean => {
    const end = start + len;
    const before = plan.records!.length;
    const recordsEnd = parseLayerInfo(c, start, end, large, plan.records!);
    if (recordsEnd === null) return false;
    if (plan.records!.length > before) plan.recordBlocks++;
    if (recordsEnd < end) {
      const newLen = roundUp2(recordsEnd - start);
      // up to where ag-psd goes on reading (its 2-byte rounding), never past the section
      plan.drops.push([start + newLen, Math.min(start + roundUp2(len), lmEnd)]);
      plan.patches.push({ at: lenAt, width, value: newLen });
    }
    return true;
  };

  // Layer info (8-bit files keep their layers here; 16/32-bit files in an Lr16/Lr32 block below).
  const liLenAt = pos;
  const liLen = large ? c.u64(pos) : c.u32(pos);
  if (liLen === null) return whole;
  pos += large ? 8 : 4;
  if (liLen > 0) {
    if (pos + roundUp2(liLen) > lmEnd) return whole;
    if (!cut(liLenAt, large ? 8 : 4, pos, liLen)) return whole;
    plan.mainRecords = plan.records!.length;
    pos += roundUp2(liLen);
  }

  // Global layer mask info, then tagged blocks (ag-psd's loop in readPsd).
  if (lmEnd - pos > 0) {
    const len = c.u32(pos);
    if (len === null || pos + 4 + len > lmEnd) return whole;
    pos += 4 + len;
  }
  while (lmEnd - pos > 0) {
    while (pos < lmEnd && c.u8(pos) === 0) pos++;
    if (lmEnd - pos < 12) break; // ag-psd skips what is left
    const sig = c.sig(pos);
    if (sig !== '8BIM' && sig !== '8B64') return whole; // ag-psd realigns here, maybe into bytes we cut
    const key = c.sig(pos + 4)!;
    const u64 = sig === '8B64' || (large && LARGE_KEYS.has(key));
    const lenAt = pos + 8;
    const len = u64 ? c.u64(lenAt) : c.u32(lenAt);
    if (len === null) return whole;
    const start = lenAt + (u64 ? 8 : 4);
    if (start + len > lmEnd) return whole;
    if ((key === 'Lr16' || key === 'Lr32') && len > 0 && !cut(lenAt, u64 ? 8 : 4, start, len)) return whole;
    pos = start + roundUp2(len);
  }
  return finish();
}

/** The structure bytes of a PSD (see the file comment) as one fresh buffer, the colour mode optionally patched. */
export function structureBytes(src: ByteSource, plan: StructurePlan, colorModePatch?: number): Uint8Array {
  const kept: Array<[number, number]> = [];
  let from = 0;
  for (const [a, b] of plan.drops) {
    if (a > from) kept.push([from, a]);
    from = b;
  }
  if (plan.end > from) kept.push([from, plan.end]);
  const total = kept.reduce((n, [a, b]) => n + b - a, 0);
  const out = new Uint8Array(total);
  let o = 0;
  const CHUNK = 16 << 20;
  for (const [a, b] of kept) {
    for (let p = a; p < b; p += CHUNK) {
      const part = src.read(p, Math.min(CHUNK, b - p));
      out.set(part, o);
      o += part.length;
    }
  }
  const view = new DataView(out.buffer);
  const moved = (at: number) => at - plan.drops.filter(([a]) => a <= at).reduce((n, [a, b]) => n + b - a, 0);
  for (const p of plan.patches) {
    const at = moved(p.at);
    if (p.width === 8) {
      view.setUint32(at, 0);
      view.setUint32(at + 4, p.value);
    } else view.setUint32(at, p.value);
  }
  if (colorModePatch !== undefined) view.setUint16(24, colorModePatch);
  return out;
}
