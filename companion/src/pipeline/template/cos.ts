// COS, the PDF-like object syntax of AE text documents (`btdk`, aepx.md §9): `/name`, `<< >>` dicts,
// `[ ]` arrays, `( )` strings, numbers, true/false. The top level is a bare dictionary body.
import { FileFormatError } from '../../errors.js';

export type CosValue = number | boolean | null | string | CosValue[] | CosDict | { name: string } | { hex: string };
export interface CosDict {
  [key: string]: CosValue;
}

const MAX_DEPTH = 64;
const latin1 = new TextDecoder('latin1');
const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}
function isDelim(c: number): boolean {
  return isWs(c) || c === 0x2f || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x28 || c === 0x29;
}

export function parseCos(bytes: Uint8Array): CosDict {
  let i = 0;
  const n = bytes.length;

  function ws(): void {
    for (;;) {
      while (i < n && isWs(bytes[i]!)) i++;
      if (bytes[i] !== 0x25) return; // % comment
      while (i < n && bytes[i] !== 0x0a) i++;
    }
  }
  function name(): string {
    const s = ++i;
    while (i < n && !isDelim(bytes[i]!)) i++;
    return latin1.decode(bytes.subarray(s, i));
  }
  // AE backslash-escapes every ( ) \ *byte*, even one that is half of a UTF-16 unit (U+2029 is
  // written 20 5c 29), so unescape bytes first and decode the UTF-16 afterwards.
  function str(): string {
    i++;
    // the unescaped string is never longer than its source: find the end first, then size the buffer
    let e = i;
    for (let depth = 0; e < n; e++) {
      const c = bytes[e];
      if (c === 0x5c) e++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && depth-- === 0) break;
    }
    const out = new Uint8Array(Math.max(0, e - i));
    let o = 0;
    let depth = 0;
    while (i < n) {
      const c = bytes[i++]!;
      if (c === 0x5c) {
        const esc = bytes[i++] ?? 0;
        if (esc in ESCAPES) out[o++] = ESCAPES[esc]!;
        else if (esc >= 0x30 && esc <= 0x37) {
          let v = esc - 0x30;
          for (let k = 0; k < 2 && bytes[i]! >= 0x30 && bytes[i]! <= 0x37; k++) v = v * 8 + bytes[i++]! - 0x30;
          out[o++] = v & 0xff;
        } else out[o++] = esc;
      } else if (c === 0x28) {
        depth++;
        out[o++] = c;
      } else if (c === 0x29) {
        if (depth-- === 0) break;
        out[o++] = c;
      } else out[o++] = c;
    }
    const u = out.subarray(0, o);
    if (u[0] === 0xfe && u[1] === 0xff) return new TextDecoder('utf-16be').decode(u.subarray(2));
    if (u[0] === 0xff && u[1] === 0xfe) return new TextDecoder('utf-16le').decode(u.subarray(2));
    return new TextDecoder('utf-8').decode(u);
  }
  function value(depth: number): CosValue | undefined {
    if (depth > MAX_DEPTH) throw new FileFormatError(`text document nested deeper than ${MAX_DEPTH}`);
    ws();
    const c = bytes[i];
    if (c === 0x3c && bytes[i + 1] === 0x3c) {
      i += 2;
      const d = dict(0x3e, depth + 1);
      i += 2;
      return d;
    }
    if (c === 0x3c) {
      const s = ++i;
      while (i < n && bytes[i] !== 0x3e) i++;
      const hex = latin1.decode(bytes.subarray(s, i)).replace(/\s/g, '');
      i++;
      return { hex };
    }
    if (c === 0x5b) {
      i++;
      const a: CosValue[] = [];
      for (;;) {
        ws();
        if (i >= n || bytes[i] === 0x5d) {
          i++;
          return a;
        }
        const v = value(depth + 1);
        if (v !== undefined) a.push(v);
      }
    }
    if (c === 0x28) return str();
    if (c === 0x2f) return { name: name() };
    const s = i;
    while (i < n && !isDelim(bytes[i]!)) i++;
    const tok = latin1.decode(bytes.subarray(s, i));
    if (!tok) {
      i++; // a stray delimiter: skip it so the parse always advances
      return undefined;
    }
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (tok === 'null') return null;
    const num = Number(tok);
    return Number.isNaN(num) ? { name: tok } : num;
  }
  function dict(endChar: number, depth: number): CosDict {
    const d: CosDict = Object.create(null) as CosDict;
    for (;;) {
      ws();
      if (i >= n || bytes[i] === endChar) return d;
      if (bytes[i] !== 0x2f) {
        i++;
        continue;
      }
      const k = name();
      const v = value(depth);
      if (v !== undefined) d[k] = v;
    }
  }
  return dict(-1, 0);
}

/** Walks COS keys / array indexes; undefined when any step is missing. */
export function cosGet(v: CosValue | undefined, ...path: (string | number)[]): CosValue | undefined {
  let cur: CosValue | undefined = v;
  for (const k of path) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) cur = typeof k === 'number' ? cur[k] : undefined;
    else cur = (cur as CosDict)[String(k)];
  }
  return cur;
}

export function cosNumber(v: CosValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
