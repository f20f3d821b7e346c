// Fixed-layout chunk payloads (big-endian; offsets verified in aepx.md §3–§8 against AE's own output).
import { cstr, need, ratio, view, ascii4 } from './bytes.js';

/** `svap` / `head`[4..8]: the AE version bitfield (aepx.md §3). */
export function decodeVersion(b: Uint8Array, off = 0): { major: number; minor: number; patch: number; build: number; os: string } | null {
  if (b.length < off + 4) return null;
  const v = view(b).getUint32(off);
  const os = (v >>> 22) & 0xf;
  return {
    major: ((v >>> 26) & 0x1f) * 8 + ((v >>> 19) & 0x7),
    minor: (v >>> 15) & 0xf,
    patch: (v >>> 11) & 0xf,
    build: v & 0xff,
    os: ({ 12: 'Win', 13: 'Mac', 14: 'MacArm64' } as Record<number, string>)[os] ?? `os${os}`,
  };
}

export const ITEM_TYPES: Record<number, 'folder' | 'comp' | 'footage'> = { 1: 'folder', 4: 'comp', 7: 'footage' };

/** `idta` (84 bytes in every version). */
export function decodeIdta(b: Uint8Array): { type: number; id: number } {
  const v = need(b, 20, 'item header (idta)');
  return { type: v.getUint16(0), id: v.getUint32(16) };
}

export interface Cdta {
  fpsDen: number;
  fpsNum: number;
  duration: number;
  bgColor: [number, number, number];
  width: number;
  height: number;
  pixelAspect: number;
}

/** `cdta` (204 bytes, 12.1 → 25.5). fps = u32@8 / u32@4 is exact (23976/800 = 29.97). */
export function decodeCdta(b: Uint8Array, where: string): Cdta {
  const v = need(b, 152, `comp settings (cdta) of ${where}`);
  return {
    fpsDen: v.getUint32(4),
    fpsNum: v.getUint32(8),
    duration: ratio(v.getUint32(44), v.getUint32(48)),
    bgColor: [b[52]!, b[53]!, b[54]!],
    width: v.getUint16(140),
    height: v.getUint16(142),
    pixelAspect: ratio(v.getUint32(144), v.getUint32(148)) || 1,
  };
}

export interface Ldta {
  layerId: number;
  stretch: number;
  startTime: number;
  inRel: number;
  outRel: number;
  guide: boolean;
  null: boolean;
  solo: boolean;
  threeD: boolean;
  adjustment: boolean;
  shy: boolean;
  locked: boolean;
  collapse: boolean;
  motionBlur: boolean;
  audioEnabled: boolean;
  enabled: boolean;
  sourceId: number;
  /** 0 AV, 1 light, 2 camera, 3 text, 4 shape, 5 3D model. */
  layerType: number;
  parentId: number;
}

/** `ldta` (160 bytes up to AE 22, 164 from AE 23). Times are fractions with varying denominators. */
export function decodeLdta(b: Uint8Array, where: string): Ldta {
  const v = need(b, 136, `layer header (ldta) of ${where}`);
  const frac = (o: number): number => ratio(v.getInt32(o), v.getUint32(o + 4));
  const stretchDen = v.getUint32(108);
  return {
    layerId: v.getUint32(0),
    stretch: stretchDen ? v.getInt32(8) / stretchDen : 1,
    startTime: frac(12),
    inRel: frac(20),
    outRel: frac(28),
    guide: !!(b[37]! & 0x02),
    null: !!(b[38]! & 0x80),
    solo: !!(b[38]! & 0x08),
    threeD: !!(b[38]! & 0x04),
    adjustment: !!(b[38]! & 0x02),
    collapse: !!(b[39]! & 0x80),
    shy: !!(b[39]! & 0x40),
    motionBlur: !!(b[39]! & 0x08),
    locked: !!(b[39]! & 0x20),
    audioEnabled: !!(b[39]! & 0x02),
    enabled: !!(b[39]! & 0x01),
    sourceId: v.getUint32(40),
    layerType: b[131]!,
    parentId: v.getUint32(132),
  };
}

export type Opti =
  | { kind: 'solid'; color: [number, number, number]; name: string }
  | { kind: 'placeholder'; name: string }
  | { kind: 'file'; format: string; psdLayerName?: string };

/** `opti`: footage options; the first 4 bytes are the source type (zeros for placeholders). */
export function decodeOpti(b: Uint8Array): Opti {
  const type = cstr(b, 0, 4, 'latin1');
  if (type === 'Soli' && b.length >= 26) {
    const v = view(b);
    // Stop at the first NUL: "Red Solid\01" is a renamed "Red Solid 1" (aepx.md §6).
    return { kind: 'solid', color: [v.getFloat32(14), v.getFloat32(18), v.getFloat32(22)], name: cstr(b, 26, 256) };
  }
  if (!type && b.length >= 6 && view(b).getUint16(4) === 2) return { kind: 'placeholder', name: cstr(b, 10) };
  const out: Opti = { kind: 'file', format: type };
  if (type === '8BPS' && b.length > 344) out.psdLayerName = cstr(b, 344);
  return out;
}

/** `sspc` (222 bytes): source format, size, duration, native frame rate. */
export function decodeSspc(b: Uint8Array) {
  if (b.length < 62) return null;
  const v = view(b);
  return {
    format: ascii4(b, 22).replace(/\0/g, ''),
    width: v.getUint16(32),
    height: v.getUint16(36),
    duration: ratio(v.getUint32(38), v.getUint32(42)),
    fps: v.getUint32(56) + v.getUint16(60) / 65536,
  };
}

export type Sspc = NonNullable<ReturnType<typeof decodeSspc>>;

export interface Tdb4 {
  dims: number;
  spatial: boolean;
  timeDen: number;
  noValue: boolean;
  color: boolean;
  animated: boolean;
}

/** `tdb4` (124 bytes): property metadata. */
export function decodeTdb4(b: Uint8Array): Tdb4 | null {
  if (b.length < 69) return null;
  const v = view(b);
  return {
    dims: v.getUint16(2),
    spatial: !!(b[5]! & 0x08),
    timeDen: v.getUint32(12),
    noValue: !!(b[57]! & 1),
    color: !!(b[59]! & 1),
    animated: b[68] === 1,
  };
}
