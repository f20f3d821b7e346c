// Seeded fuzz cases for the two readers of strangers' files, shared by the bounded vitest suites
// (tests/reliability/*.test.ts) and the long runs of `npm run stress` (tests/stress/run.ts).
//
// A case is fully named by { category, source, seed }: the same triple always rebuilds the same
// bytes, so a case that once failed is kept as a JSON seed in tests/fixtures/regressions/ and replayed.
import fs from 'node:fs';
import path from 'node:path';
import { writePsd, type Layer } from 'ag-psd';
import { ConformError } from '../../companion/src/errors.js';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { AEPX_CORPUS, PSD_CORPUS, REPO_ROOT, corpusFiles } from '../helpers/corpus.js';

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: small, fast, good enough to pick offsets; the same seed always gives the same stream. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** 0 ≤ n < max */
  int(max: number): number {
    return Math.floor(this.next() * Math.max(1, max));
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------------------------------------
// Corpus

export const PSD_SOURCES = corpusFiles(PSD_CORPUS, /\.ps[db]$/i).map((f) => path.basename(f));
export const TEMPLATE_SOURCES = corpusFiles(AEPX_CORPUS, /\.aepx?$/i).map((f) => path.basename(f));
export const AEPX_SOURCES = TEMPLATE_SOURCES.filter((f) => f.endsWith('.aepx'));
export const AEP_SOURCES = TEMPLATE_SOURCES.filter((f) => f.endsWith('.aep'));

const corpusCache = new Map<string, Uint8Array>();
function corpus(dir: string, name: string): Uint8Array {
  const key = `${dir}/${name}`;
  let b = corpusCache.get(key);
  if (!b) {
    b = new Uint8Array(fs.readFileSync(path.join(dir, name)));
    corpusCache.set(key, b);
  }
  return b;
}
export const psdSource = (name: string): Uint8Array => corpus(PSD_CORPUS, name);
export const templateSource = (name: string): Uint8Array => corpus(AEPX_CORPUS, name);

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const fromLatin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

// ---------------------------------------------------------------------------------------------
// Where a PSD keeps its length fields (so "length set to a huge value" hits real fields, not noise)

export interface LengthField {
  offset: number;
  /** 2 = a count (u16/i16), 4 = u32, 8 = u64 (PSB). */
  width: 2 | 4 | 8;
  what: string;
}

/** Walks the PSD sections and layer records as far as they parse; never throws. */
export function psdLengthFields(b: Uint8Array): LengthField[] {
  const out: LengthField[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const psb = b.length > 6 && v.getUint16(4) === 2;
  const lenW = psb ? 8 : 4;
  const u32 = (o: number) => v.getUint32(o);
  const len = (o: number, w: 4 | 8) => (w === 8 ? u32(o) * 2 ** 32 + u32(o + 4) : u32(o));
  try {
    let o = 26;
    out.push({ offset: o, width: 4, what: 'color mode data length' });
    o += 4 + u32(o);
    out.push({ offset: o, width: 4, what: 'image resources length' });
    const resEnd = o + 4 + u32(o);
    let r = o + 4;
    while (r + 12 <= resEnd && out.length < 200) {
      const nameLen = b[r + 6]!;
      const sizeAt = r + 6 + ((nameLen + 2) & ~1);
      out.push({ offset: sizeAt, width: 4, what: `image resource ${v.getUint16(r + 4)} size` });
      r = sizeAt + 4 + ((u32(sizeAt) + 1) & ~1);
    }
    o = resEnd;
    out.push({ offset: o, width: lenW, what: 'layer and mask info length' });
    o += lenW;
    out.push({ offset: o, width: lenW, what: 'layer info length' });
    o += lenW;
    out.push({ offset: o, width: 2, what: 'layer count' });
    const count = Math.abs(v.getInt16(o));
    o += 2;
    for (let i = 0; i < Math.min(count, 400); i++) {
      o += 16; // rect
      const channels = v.getUint16(o);
      out.push({ offset: o, width: 2, what: `layer ${i} channel count` });
      o += 2;
      for (let c = 0; c < channels; c++) {
        out.push({ offset: o + 2, width: lenW, what: `layer ${i} channel ${c} length` });
        o += 2 + lenW;
      }
      o += 12; // 8BIM, blend key, opacity, clipping, flags, filler
      out.push({ offset: o, width: 4, what: `layer ${i} extra data length` });
      const extraEnd = o + 4 + u32(o);
      o += 4;
      out.push({ offset: o, width: 4, what: `layer ${i} mask data length` });
      o += 4 + u32(o);
      out.push({ offset: o, width: 4, what: `layer ${i} blending ranges length` });
      o += 4 + u32(o);
      o += (b[o]! + 4) & ~3; // pascal name, padded to 4
      while (o + 12 <= extraEnd) {
        const key = String.fromCharCode(b[o + 4]!, b[o + 5]!, b[o + 6]!, b[o + 7]!);
        const w: 4 | 8 = psb && ['LMsk', 'Lr16', 'Lr32', 'Layr', 'Mt16', 'Mt32', 'Mtrn', 'Alph', 'FMsk', 'lnk2', 'FEid', 'FXid', 'PxSD'].includes(key) ? 8 : 4;
        out.push({ offset: o + 8, width: w, what: `layer ${i} block ${key} length` });
        o += 8 + w + len(o + 8, w);
      }
      o = extraEnd;
    }
  } catch {
    // a field past the end: keep what was found
  }
  return out.filter((f) => f.offset >= 0 && f.offset + f.width <= b.length);
}

const HUGE_U32 = [0xffffffff, 0x7fffffff, 0x80000000, 0xfffffff0, 0x40000000, 0x10000000];

function setHuge(b: Uint8Array, f: LengthField, rng: Rng): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (f.width === 2) {
    const val = rng.pick([0xffff, 0x7fff, 0x8000, 0x8001, 0x4000, 0]);
    v.setUint16(f.offset, val);
    return `${f.what} = ${val}`;
  }
  const choices = [...HUGE_U32, b.length, b.length + 1, b.length - f.offset, 0, v.getUint32(f.offset + f.width - 4) * 2 + 1];
  const val = rng.pick(choices) >>> 0;
  if (f.width === 8) {
    v.setUint32(f.offset, rng.chance(0.5) ? rng.pick([0xffffffff, 0x7fffffff, 1]) : 0);
    v.setUint32(f.offset + 4, val);
  } else v.setUint32(f.offset, val);
  return `${f.what} = ${val}`;
}

// ---------------------------------------------------------------------------------------------
// RIFX (.aep) chunk size fields

export function rifxSizeFields(b: Uint8Array): LengthField[] {
  const out: LengthField[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 12) return out;
  out.push({ offset: 4, width: 4, what: 'RIFX size' });
  const walk = (off: number, stop: number, depth: number) => {
    while (off + 8 <= stop && out.length < 5000 && depth < 50) {
      const id = String.fromCharCode(b[off]!, b[off + 1]!, b[off + 2]!, b[off + 3]!);
      const n = v.getUint32(off + 4);
      out.push({ offset: off + 4, width: 4, what: `chunk ${id} at ${off} size` });
      if (n > stop - off - 8) return;
      if (id === 'LIST' && n >= 4 && String.fromCharCode(...b.subarray(off + 8, off + 12)) !== 'btdk') walk(off + 12, off + 8 + n, depth + 1);
      off += 8 + n + (n & 1);
    }
  };
  walk(12, Math.min(b.length, 8 + v.getUint32(4)), 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Generic byte mutations

function flipBits(b: Uint8Array, rng: Rng, from = 0): string {
  const n = rng.range(1, 24);
  for (let i = 0; i < n; i++) {
    const at = from + rng.int(b.length - from);
    b[at] = b[at]! ^ (1 << rng.int(8));
  }
  return `${n} bit flips`;
}

function randomBytes(b: Uint8Array, rng: Rng, from = 0): string {
  const n = rng.range(1, 8);
  for (let i = 0; i < n; i++) {
    const at = from + rng.int(b.length - from);
    const run = rng.range(1, 64);
    for (let k = 0; k < run && at + k < b.length; k++) b[at + k] = rng.int(256);
  }
  return `${n} random byte runs`;
}

function truncate(b: Uint8Array, rng: Rng): { bytes: Uint8Array; note: string } {
  const at = rng.chance(0.2) ? rng.int(Math.min(200, b.length)) : rng.int(b.length);
  return { bytes: b.slice(0, at), note: `truncated at ${at} of ${b.length}` };
}

// ---------------------------------------------------------------------------------------------
// Hand-made PSDs: the layer records only, so bombs far past what ag-psd's writer can build

interface RawLayer {
  name: string;
  /** lsct section type: 0 layer, 1 open folder, 3 end-of-group marker */
  section: 0 | 1 | 3;
  rect?: [number, number, number, number];
}

/** A minimal 8-bit RGB PSD: layer records with no channels, then a raw composite. */
export function craftPsd(width: number, height: number, layers: RawLayer[], opts: { declaredCount?: number } = {}): Uint8Array {
  let buf = new Uint8Array(1 << 16);
  let n = 0;
  const u8 = (x: number) => {
    if (n === buf.length) {
      const next = new Uint8Array(buf.length * 2);
      next.set(buf);
      buf = next;
    }
    buf[n++] = x & 0xff;
  };
  const u16 = (x: number) => (u8(x >> 8), u8(x));
  const u32 = (x: number) => (u16(x >>> 16), u16(x & 0xffff));
  const str = (s: string) => {
    for (let i = 0; i < s.length; i++) u8(s.charCodeAt(i));
  };
  const patch32 = (at: number, x: number) => new DataView(buf.buffer).setUint32(at, x >>> 0);
  str('8BPS');
  u16(1);
  for (let i = 0; i < 6; i++) u8(0);
  u16(3);
  u32(height);
  u32(width);
  u16(8);
  u16(3);
  u32(0); // colour mode data
  u32(0); // image resources
  const lmiAt = n;
  u32(0); // layer and mask info length, patched below
  const liAt = n;
  u32(0); // layer info length, patched below
  u16(opts.declaredCount ?? layers.length);
  for (const l of layers) {
    const [top, left, bottom, right] = l.rect ?? [0, 0, 0, 0];
    u32(top);
    u32(left);
    u32(bottom);
    u32(right);
    u16(0); // channels
    str('8BIMnorm');
    u8(255);
    u8(0);
    u8(l.section === 0 ? 0 : 0x18);
    u8(0);
    const name = l.name.slice(0, 200);
    const nameLen = (name.length + 4) & ~3;
    u32(4 + 4 + nameLen + 16); // extra data
    u32(0); // mask
    u32(0); // blending ranges
    u8(name.length);
    str(name);
    for (let k = name.length + 1; k < nameLen; k++) u8(0);
    str('8BIMlsct');
    u32(4);
    u32(l.section);
  }
  if ((n - liAt - 4) & 1) u8(0);
  patch32(liAt, n - liAt - 4);
  u32(0); // global mask
  patch32(lmiAt, n - lmiAt - 4);
  u16(0); // raw composite
  for (let i = 0; i < width * height * 3; i++) u8(0);
  return buf.slice(0, n);
}

/** `depth` nested open groups around one leaf layer, as Photoshop lays them out (bottom first). */
export function deepGroupsPsd(depth: number): Uint8Array {
  const layers: RawLayer[] = [];
  for (let i = 0; i < depth; i++) layers.push({ name: '</Layer group>', section: 3 });
  layers.push({ name: 'leaf', section: 0, rect: [0, 0, 2, 2] });
  for (let i = depth - 1; i >= 0; i--) layers.push({ name: `group ${i}`, section: 1 });
  return craftPsd(8, 8, layers);
}

const manyLayersCache = new Map<number, Uint8Array>();
/** Exactly n real ag-psd layers (1-3 px each): groups of 1 + 99 leaves, the remainder at the top level. */
export function manyLayersPsd(n: number): Uint8Array {
  let b = manyLayersCache.get(n);
  if (!b) {
    const leaf = (i: number): Layer => ({ name: `L${i}`, left: i % 97, top: i % 89, right: (i % 97) + 1 + (i % 3), bottom: (i % 89) + 1 });
    const children: Layer[] = [];
    let made = 0;
    for (let g = 0; made + 100 <= n; g++) {
      children.push({ name: `G${g}`, children: Array.from({ length: 99 }, (_, k) => leaf(made + 1 + k)) });
      made += 100;
    }
    while (made < n) children.push(leaf(made++));
    b = new Uint8Array(writePsd({ width: 100, height: 100, children }));
    manyLayersCache.set(n, b);
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// AEPX (XML) structure mutations and bombs

const MARKUP = ['<', '>', '/', '"', "'", '&', '=', '<!--', ']]>', '<![CDATA[', '\u0000', '&#0;', '&#xD800;', '&#x110000;'];

function mutateXml(xml: string, rng: Rng): { xml: string; note: string } {
  const ops: string[] = [];
  let s = xml;
  const rounds = rng.range(1, 4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(s.length);
    switch (rng.int(8)) {
      case 0: {
        // delete one markup char near a random point
        const lt = s.indexOf(rng.pick(['<', '>', '"', '/']), at);
        if (lt >= 0) s = s.slice(0, lt) + s.slice(lt + 1);
        ops.push(`delete char at ${lt}`);
        break;
      }
      case 1: {
        const ins = rng.pick(MARKUP);
        s = s.slice(0, at) + ins + s.slice(at);
        ops.push(`insert ${JSON.stringify(ins)} at ${at}`);
        break;
      }
      case 2: {
        // duplicate a slice (repeated elements, unbalanced tags)
        const len = rng.int(Math.min(20000, s.length - at));
        const to = rng.int(s.length);
        s = s.slice(0, to) + s.slice(at, at + len) + s.slice(to);
        ops.push(`copy ${len} chars from ${at} to ${to}`);
        break;
      }
      case 3: {
        const len = rng.int(Math.min(5000, s.length - at));
        s = s.slice(0, at) + s.slice(at + len);
        ops.push(`delete ${len} chars at ${at}`);
        break;
      }
      case 4: {
        // rewrite one bdata: odd length, non-hex, huge or empty
        const m = s.indexOf('bdata="', at);
        if (m < 0) break;
        const e = s.indexOf('"', m + 7);
        const repl = rng.pick(['', 'f', 'zz', 'ffffffff'.repeat(rng.range(1, 64)), '00'.repeat(rng.range(1, 5)), `${s.slice(m + 7, e)}0`, '7fffffff7fffffff']);
        s = s.slice(0, m + 7) + repl + s.slice(e);
        ops.push(`bdata at ${m} = ${repl.slice(0, 20)}…(${repl.length})`);
        break;
      }
      case 5: {
        // rename a tag (breaks balance or turns one chunk into another)
        const m = s.indexOf('<', at);
        if (m < 0) break;
        const e = m + 1 + (/^[A-Za-z!]+/.exec(s.slice(m + 1, m + 12))?.[0].length ?? 0);
        const repl = rng.pick(['Item', 'Layr', 'tdgp', 'Fold', 'string', 'idta', 'cdta', 'AfterEffectsProject', 'x']);
        s = s.slice(0, m + 1) + repl + s.slice(e);
        ops.push(`rename tag at ${m} to ${repl}`);
        break;
      }
      case 6: {
        // flip bytes
        const b = fromLatin1(s);
        ops.push(flipBits(b, rng, 64));
        s = latin1(b);
        break;
      }
      default: {
        // a string with odd content
        const m = s.indexOf('<string>', at);
        if (m < 0) break;
        const repl = rng.pick(['&amp;&lt;&#x1F3AC;', '\ud800', '&bogus;'.repeat(1000), 'x'.repeat(100000), '&#1114112;']);
        s = `${s.slice(0, m + 8)}${repl}${s.slice(m + 8)}`;
        ops.push(`string text at ${m}`);
      }
    }
  }
  return { xml: s, note: ops.join('; ') };
}

/** Entity tricks, each refused or inert: nothing is expanded, nothing is read from disk. */
export const ENTITY_VARIANTS: Array<(xml: string) => string> = [
  (x) => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    return x.replace('<AfterEffectsProject', `<!DOCTYPE AfterEffectsProject [<!ENTITY l0 "lol">${lol}]><AfterEffectsProject`).replace(/<string>[^<]*<\/string>/, '<string>&l9;</string>');
  },
  (x) => x.replace('<AfterEffectsProject', '<!DOCTYPE AfterEffectsProject [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><AfterEffectsProject').replace(/<string>[^<]*<\/string>/, '<string>&xxe;</string>'),
  (x) => x.replace('<AfterEffectsProject', '<!DOCTYPE AfterEffectsProject [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><AfterEffectsProject'),
  (x) => x.replace('<Fold>', '<Fold><!doctype x [<!ENTITY a "b">]>'),
  (x) => x.replace(/<string>[^<]*<\/string>/, `<string>${'&a;'.repeat(200000)}</string>`),
  (x) => x.replace(/bdata="([0-9a-f]*)"/, 'bdata="&l9;$1"'),
  (x) => x.replace('<AfterEffectsProject', `<!DOCTYPE AfterEffectsProject [${'<!ENTITY e "x">'.repeat(50000)}]><AfterEffectsProject`),
  (x) => x.replace('<Fold>', '<Fold><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'),
  (x) => x.replace(/<string>[^<]*<\/string>/, `<string><![CDATA[<!ENTITY a "b">&a;${']]]]><![CDATA[>'.repeat(1000)}]]></string>`),
  (x) => x.replace('<?xml', '<?xml-stylesheet href="file:///etc/passwd"?><?xml'),
];

/** Nesting bombs inside a real file: elements, Items, property groups. */
function depthBomb(xml: string, rng: Rng): { xml: string; note: string } {
  const depth = rng.pick([97, 98, 200, 5000, 100000, 400000]);
  const tag = rng.pick(['tdgp', 'Item', 'Layr', 'x', 'Fold', 'LIST']);
  const at = rng.pick(['<Fold>', '<Layr>', '</Fold>', '<tdgp>']);
  const i = Math.max(0, xml.indexOf(at));
  return { xml: xml.slice(0, i) + `<${tag}>`.repeat(depth) + `</${tag}>`.repeat(depth) + xml.slice(i), note: `${depth} nested <${tag}> before ${at}` };
}

/** Huge element counts: 100,000 Items, layers or siblings in one real file. */
function countBomb(xml: string, rng: Rng): { xml: string; note: string } {
  const kind = rng.int(4);
  const n = rng.pick([50_001, 100_000]);
  if (kind === 0) {
    const idta = `0001${'00'.repeat(14)}00000007${'00'.repeat(64)}`;
    const item = `<Item><idta bdata="${idta}"/><string>Folder</string><sfdt bdata="0000"/></Item>`;
    const a = xml.indexOf('<Fold>') + 6;
    return { xml: xml.slice(0, a) + item.repeat(n) + xml.slice(a), note: `${n} folder Items` };
  }
  if (kind === 1) {
    const a = xml.indexOf('<Layr>');
    const e = xml.indexOf('</Layr>', a) + 7;
    if (a < 0 || e < 7) return { xml, note: 'no Layr to repeat' };
    const layer = xml.slice(a, e);
    const copies = Math.min(n, Math.floor(20_000_000 / layer.length));
    return { xml: xml.slice(0, e) + layer.repeat(copies) + xml.slice(e), note: `${copies} copies of a Layr` };
  }
  if (kind === 2) {
    const a = Math.max(0, xml.indexOf('<tdgp>'));
    return { xml: xml.slice(0, a) + '<tdsb bdata="00000001"/>'.repeat(n * 3) + xml.slice(a), note: `${n * 3} sibling elements` };
  }
  const a = xml.indexOf('<Fold>') + 6;
  return { xml: xml.slice(0, a) + `<Item>${'<idta bdata="0004"/>'.repeat(20)}</Item>`.repeat(n) + xml.slice(a), note: `${n} malformed Items` };
}

// ---------------------------------------------------------------------------------------------
// Cases

export type Target = 'psd' | 'template';

export interface CaseSpec {
  category: string;
  source: string;
  seed: number;
}

export interface FuzzCase extends CaseSpec {
  target: Target;
  bytes: Uint8Array;
  note: string;
}

export interface Category {
  name: string;
  target: Target;
  /** Sources a case draws from (corpus file names, or 'generated'). */
  sources: readonly string[];
  build: (source: string, rng: Rng) => { bytes: Uint8Array; note: string };
  /** A rough cost weight: bomb categories get fewer cases in bounded runs. */
  heavy?: boolean;
}

const copyPsd = (s: string) => psdSource(s).slice();
const copyTpl = (s: string) => templateSource(s).slice();

export const CATEGORIES: Category[] = [
  {
    name: 'psd-bitflip',
    target: 'psd',
    sources: PSD_SOURCES,
    build: (s, rng) => {
      const b = copyPsd(s);
      // mostly past the 26-byte header, which is checked up front and is the boring part
      return { bytes: b, note: flipBits(b, rng, rng.chance(0.1) ? 4 : 26) };
    },
  },
  {
    name: 'psd-random-bytes',
    target: 'psd',
    sources: PSD_SOURCES,
    build: (s, rng) => {
      const b = copyPsd(s);
      return { bytes: b, note: randomBytes(b, rng, 26) };
    },
  },
  {
    name: 'psd-truncate',
    target: 'psd',
    sources: PSD_SOURCES,
    build: (s, rng) => truncate(psdSource(s), rng),
  },
  {
    name: 'psd-huge-length',
    target: 'psd',
    sources: PSD_SOURCES,
    build: (s, rng) => {
      const b = copyPsd(s);
      const fields = psdLengthFields(b);
      if (!fields.length) return { bytes: b, note: 'no length fields found' };
      const notes: string[] = [];
      for (let i = rng.range(1, 2); i > 0; i--) notes.push(setHuge(b, rng.pick(fields), rng));
      return { bytes: b, note: notes.join('; ') };
    },
  },
  {
    name: 'psd-header',
    target: 'psd',
    sources: PSD_SOURCES,
    build: (s, rng) => {
      const b = copyPsd(s);
      const v = new DataView(b.buffer);
      const field = rng.pick([
        () => v.setUint32(14, rng.pick([0, 1, 30000, 30001, 300000, 0xffffffff])),
        () => v.setUint32(18, rng.pick([0, 1, 30000, 30001, 300000, 0xffffffff])),
        () => v.setUint16(12, rng.pick([0, 1, 2, 4, 56, 57, 0xffff])),
        () => v.setUint16(22, rng.pick([0, 1, 2, 8, 16, 32, 64])),
        () => v.setUint16(24, rng.pick([0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 0xffff])),
        () => v.setUint16(4, rng.pick([0, 1, 2, 3])),
      ]);
      field();
      return { bytes: b, note: 'header field changed' };
    },
  },
  {
    name: 'psd-depth-bomb',
    target: 'psd',
    sources: ['generated'],
    heavy: true,
    build: (_s, rng) => {
      const depth = rng.pick([64, 200, 1000, 5000, 9999, 19999]);
      return { bytes: deepGroupsPsd(depth), note: `${depth} nested groups` };
    },
  },
  {
    name: 'psd-many-layers',
    target: 'psd',
    sources: ['generated'],
    heavy: true,
    build: (_s, rng) => {
      const n = rng.pick([10_000, 10_000, 20_000, 20_001, 100_000]);
      if (n > 20_001 || rng.chance(0.5)) {
        // hand-made records: also the "count says 32767, file has 3" lie
        const layers: RawLayer[] = Array.from({ length: Math.min(n, 32767) }, (_, i) => ({ name: `L${i}`, section: 0 as const, rect: [0, 0, 1, 1] as [number, number, number, number] }));
        const lie = rng.chance(0.3);
        return { bytes: craftPsd(4, 4, lie ? layers.slice(0, 3) : layers, lie ? { declaredCount: 32767 } : {}), note: lie ? '3 layers, count says 32767' : `${layers.length} hand-made layers` };
      }
      return { bytes: manyLayersPsd(n), note: `${n} ag-psd layers` };
    },
  },
  {
    name: 'aepx-mutate',
    target: 'template',
    sources: AEPX_SOURCES,
    build: (s, rng) => {
      const { xml, note } = mutateXml(latin1(templateSource(s)), rng);
      return { bytes: fromLatin1(xml), note };
    },
  },
  {
    name: 'aepx-truncate',
    target: 'template',
    sources: AEPX_SOURCES,
    build: (s, rng) => truncate(templateSource(s), rng),
  },
  {
    name: 'aepx-entity',
    target: 'template',
    sources: AEPX_SOURCES,
    build: (s, rng) => {
      const i = rng.int(ENTITY_VARIANTS.length);
      return { bytes: fromLatin1(ENTITY_VARIANTS[i]!(latin1(templateSource(s)))), note: `entity variant ${i}` };
    },
  },
  {
    name: 'aepx-depth-bomb',
    target: 'template',
    sources: AEPX_SOURCES,
    heavy: true,
    build: (s, rng) => {
      const { xml, note } = depthBomb(latin1(templateSource(s)), rng);
      return { bytes: fromLatin1(xml), note };
    },
  },
  {
    name: 'aepx-count-bomb',
    target: 'template',
    sources: AEPX_SOURCES,
    heavy: true,
    build: (s, rng) => {
      const { xml, note } = countBomb(latin1(templateSource(s)), rng);
      return { bytes: fromLatin1(xml), note };
    },
  },
  {
    name: 'aep-huge-length',
    target: 'template',
    sources: AEP_SOURCES,
    build: (s, rng) => {
      const b = copyTpl(s);
      const fields = rifxSizeFields(b);
      const notes: string[] = [];
      for (let i = rng.range(1, 2); i > 0; i--) notes.push(setHuge(b, rng.pick(fields), rng));
      return { bytes: b, note: notes.join('; ') };
    },
  },
  {
    name: 'aep-bitflip',
    target: 'template',
    sources: AEP_SOURCES,
    build: (s, rng) => {
      const b = copyTpl(s);
      return { bytes: b, note: rng.chance(0.5) ? flipBits(b, rng, 12) : randomBytes(b, rng, 12) };
    },
  },
  {
    name: 'aep-truncate',
    target: 'template',
    sources: AEP_SOURCES,
    build: (s, rng) => truncate(templateSource(s), rng),
  },
  {
    name: 'aep-depth-bomb',
    target: 'template',
    sources: ['generated'],
    build: (_s, rng) => {
      const n = rng.pick([97, 1000, 100_000]);
      const b = new Uint8Array(12 + n * 12);
      const v = new DataView(b.buffer);
      b.set(enc('RIFX'), 0);
      v.setUint32(4, b.length - 8);
      b.set(enc('Egg!'), 8);
      const LIST = enc('LIST');
      const types = ['tdgp', 'Fold', 'Item', 'Layr'].map(enc);
      for (let i = 0; i < n; i++) {
        const o = 12 + i * 12;
        b.set(LIST, o);
        v.setUint32(o + 4, b.length - o - 8);
        b.set(types[rng.int(4)]!, o + 8);
      }
      return { bytes: b, note: `${n} nested LISTs` };
    },
  },
];

export const CATEGORY = new Map(CATEGORIES.map((c) => [c.name, c]));

export function makeCase(spec: CaseSpec): FuzzCase {
  const cat = CATEGORY.get(spec.category);
  if (!cat) throw new Error(`unknown fuzz category ${spec.category}`);
  const rng = new Rng(spec.seed ^ hash(spec.source) ^ hash(spec.category));
  const { bytes, note } = cat.build(spec.source, rng);
  return { ...spec, target: cat.target, bytes, note };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** `count` case specs of a category, cycling through its sources, seeds from `baseSeed`. */
export function caseSpecs(category: string, count: number, baseSeed: number): CaseSpec[] {
  const cat = CATEGORY.get(category)!;
  return Array.from({ length: count }, (_, i) => ({ category, source: cat.sources[i % cat.sources.length]!, seed: (baseSeed + i * 7919) >>> 0 }));
}

// ---------------------------------------------------------------------------------------------
// Running a case and judging how it ended

/** Messages that mean the code crashed rather than explained what is wrong with the file. */
export const CRASH_MESSAGE = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|is not an object|undefined is not|null is not|Maximum call stack|Invalid array length|Invalid typed array length|Invalid string length|out of memory|allocation failed|outside the bounds of the DataView|Offset is outside|RangeError|TypeError|ReferenceError|\bundefined\b/;

export interface CaseResult {
  spec: CaseSpec;
  note: string;
  ok: boolean;
  outcome: 'result' | 'error';
  error?: string;
  errorName?: string;
  ms: number;
  /** Why this case failed the reliability bar, or null. */
  failure: string | null;
}

/** Judges a thrown value: null when it is a clear, typed error, else why not. */
export function judgeError(e: unknown): string | null {
  if (!(e instanceof ConformError)) {
    const name = e instanceof Error ? e.constructor.name : typeof e;
    return `threw ${name}, not a ConformError: ${e instanceof Error ? e.message : String(e)}`.slice(0, 400);
  }
  if (!e.message || e.message.length > 2000) return `unreadable message (${e.message.length} chars)`;
  if (CRASH_MESSAGE.test(e.message)) return `crash-style message: ${e.message.slice(0, 300)}`;
  return null;
}

export function extractFor(target: Target, bytes: Uint8Array): unknown {
  return target === 'psd' ? extractPsd(bytes) : extractTemplate(bytes);
}

/** What a successful extraction must look like (sanity, not exact content). */
function judgeResult(target: Target, out: unknown): string | null {
  const json = JSON.stringify(out);
  if (json.length > 200 * 1024 * 1024) return `result is ${json.length} characters of JSON`;
  if (/root:x:0:0:/.test(json)) return 'a file from the disk (/etc/passwd) leaked into the result';
  if (target === 'psd') {
    const d = out as { layers?: unknown[]; width?: number };
    if (!Array.isArray(d.layers) || !(Number(d.width) > 0)) return 'PSD result without layers or width';
  } else {
    const d = out as { comps?: unknown[] };
    if (!Array.isArray(d.comps)) return 'template result without comps';
  }
  return null;
}

export function runCase(spec: CaseSpec, opts: { timeLimitMs: number }): CaseResult {
  const c = makeCase(spec);
  const t0 = performance.now();
  let failure: string | null = null;
  let outcome: CaseResult['outcome'] = 'result';
  let error: string | undefined;
  let errorName: string | undefined;
  try {
    failure = judgeResult(c.target, extractFor(c.target, c.bytes));
  } catch (e) {
    outcome = 'error';
    error = e instanceof Error ? e.message.slice(0, 300) : String(e);
    errorName = e instanceof Error ? e.constructor.name : typeof e;
    failure = judgeError(e);
  }
  const ms = performance.now() - t0;
  if (!failure && ms > opts.timeLimitMs) failure = `took ${ms.toFixed(0)} ms (limit ${opts.timeLimitMs} ms)`;
  return { spec, note: c.note, ok: failure === null, outcome, error, errorName, ms, failure };
}

// ---------------------------------------------------------------------------------------------
// Regression seeds

export const REGRESSIONS_DIR = path.join(REPO_ROOT, 'tests/fixtures/regressions');

export interface RegressionSeed extends CaseSpec {
  /** What went wrong when it was found, and what was fixed. */
  found: string;
  /** 'extract' (in-process) or 'upload' (through POST /api/batches). */
  via?: 'extract' | 'upload';
}

export function regressionSeeds(): Array<RegressionSeed & { file: string }> {
  if (!fs.existsSync(REGRESSIONS_DIR)) return [];
  return fs
    .readdirSync(REGRESSIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ ...(JSON.parse(fs.readFileSync(path.join(REGRESSIONS_DIR, f), 'utf8')) as RegressionSeed), file: f }));
}
