// 2D layer geometry: a layer's rect in its own space → the comp's pixels, through AE's transform
// (anchor, scale, rotation, position) and its parent chain. 3D layers are taken orthographically
// (x/y only), which is what a flat design can be matched against anyway.
import type { CompDoc, TemplateLayer } from '../../../../shared/template.js';

/** Affine [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Affine = [number, number, number, number, number, number];

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

export function multiply(m: Affine, n: Affine): Affine {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** Layer space → parent space: translate(position) · rotate · scale · translate(−anchor). */
export function layerMatrix(l: TemplateLayer): Affine {
  const { anchor, position, scale, rotation } = l.transform;
  const sx = (scale[0] ?? 100) / 100;
  const sy = (scale[1] ?? 100) / 100;
  const r = (rotation * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const a = cos * sx;
  const b = sin * sx;
  const c = -sin * sy;
  const d = cos * sy;
  const ax = anchor[0] ?? 0;
  const ay = anchor[1] ?? 0;
  return [a, b, c, d, (position[0] ?? 0) - (a * ax + c * ay), (position[1] ?? 0) - (b * ax + d * ay)];
}

/** Layer space → comp space, following parents (cycles and missing parents end the chain). */
export function layerToComp(comp: CompDoc, l: TemplateLayer): Affine {
  let m = layerMatrix(l);
  const seen = new Set([l.index]);
  let p = l.parentIndex;
  while (p !== null && !seen.has(p)) {
    seen.add(p);
    const parent = comp.layers[p - 1];
    if (!parent) break;
    m = multiply(layerMatrix(parent), m);
    p = parent.parentIndex;
  }
  return m;
}

/** Axis-aligned box of a transformed rect. */
export function transformBox(m: Affine, b: Box): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [
    [b.left, b.top],
    [b.right, b.top],
    [b.right, b.bottom],
    [b.left, b.bottom],
  ] as const) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  const r = (v: number): number => Math.round(v * 100) / 100;
  return { left: r(Math.min(...xs)), top: r(Math.min(...ys)), right: r(Math.max(...xs)), bottom: r(Math.max(...ys)) };
}
