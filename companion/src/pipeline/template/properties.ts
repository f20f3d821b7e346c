// Property groups (`tdgp`): tdsb, tdsn, then runs of "tdmn + value chunks" — every chunk up to the next
// tdmn belongs to that match name (aepx.md §8). Unmodified properties are simply absent.
import { cstr, view } from './bytes.js';
import { type Chunk, type ListChunk, childData, childList, firstString, isList } from './chunks.js';
import { decodeTdb4 } from './decode-chunks.js';

export interface PropEntry {
  matchName: string;
  /** The first value chunk (tdbs leaf, tdgp group, btds text, …), if any. */
  node: Chunk | undefined;
}

export function props(group: ListChunk | undefined): PropEntry[] {
  const out: PropEntry[] = [];
  if (!group) return out;
  let cur: PropEntry | null = null;
  for (const c of group.children) {
    if (c.id === 'tdmn' && c.kind === 'data') {
      cur = { matchName: cstr(c.bytes, 0, c.bytes.length, 'latin1'), node: undefined };
      out.push(cur);
    } else if (cur && !cur.node) cur.node = c;
  }
  return out;
}

export function prop(group: ListChunk | undefined, matchName: string): Chunk | undefined {
  for (const p of props(group)) if (p.matchName === matchName) return p.node;
  return undefined;
}

export function propGroup(group: ListChunk | undefined, matchName: string): ListChunk | undefined {
  const n = prop(group, matchName);
  return n && n.kind === 'list' ? n : undefined;
}

export interface PropertyValue {
  /** Static value (first `dims` f64s of cdat), or the first keyframe's value. */
  value: number[] | null;
  keyframes: number;
  /** Keyframe times (seconds, as ExtendScript reports them) and values, when the value type is numeric. */
  keys: { time: number; value: number[] }[];
  expression: string | null;
}

/** A leaf `tdbs`: tdsb, tdsn, tdb4, then cdat (static) or list{lhd3 ldat} (keyframes), [Utf8 expression]. */
export function readProperty(node: Chunk | undefined): PropertyValue | null {
  if (!isList(node, 'tdbs')) return null;
  const t4 = childData(node, 'tdb4');
  const info = t4 ? decodeTdb4(t4.bytes) : null;
  if (!info) return null;
  const dims = Math.max(1, Math.min(info.dims || 1, 4));
  const out: PropertyValue = { value: null, keyframes: 0, keys: [], expression: null };
  const cdat = childData(node, 'cdat');
  if (cdat && !info.color && cdat.bytes.length >= 8) out.value = f64s(cdat.bytes, 0, Math.min(dims, cdat.bytes.length >> 3));
  const lst = childList(node, 'list');
  const head = lst && childData(lst, 'lhd3');
  if (lst && head && head.bytes.length >= 20) {
    const hv = view(head.bytes);
    out.keyframes = hv.getUint16(10);
    const size = hv.getUint16(18);
    const ldat = childData(lst, 'ldat');
    // Keyframe item: 8-byte header, then the value; spatial (position) items carry 48 more bytes of
    // speed/influence before it (aepx.md §8).
    const valOff = info.spatial ? 56 : 8;
    if (out.keyframes && ldat && !info.color && !info.noValue && size && info.timeDen) {
      const v = view(ldat.bytes);
      const n = Math.min(out.keyframes, Math.floor(ldat.bytes.length / size));
      for (let k = 0; k < n; k++) {
        const base = k * size;
        if (base + valOff + dims * 8 > ldat.bytes.length) break;
        // time = s32 numerator / tdb4 time denominator (py_aep's s16 read only approximates it)
        out.keys.push({ time: v.getInt32(base) / info.timeDen, value: f64s(ldat.bytes, base + valOff, dims) });
      }
      if (out.keys[0]) out.value = out.keys[0].value;
    }
  }
  const expr = firstString(node);
  if (expr) out.expression = expr;
  return out;
}

function f64s(b: Uint8Array, off: number, n: number): number[] {
  const v = view(b);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(v.getFloat64(off + i * 8));
  return out;
}

/** True when any property leaf under this node carries an expression. */
export function hasExpression(node: Chunk): boolean {
  if (node.kind !== 'list') return false;
  if (node.id === 'tdbs' && firstString(node)) return true;
  for (const c of node.children) if (c.kind === 'list' && hasExpression(c)) return true;
  return false;
}
