// How content is fitted into a slot's box, shared by validation (what a fit would crop or distort)
// and the generated script (the scale it sets).

export type Fit = 'contain' | 'cover' | 'stretch';

export interface Size {
  width: number;
  height: number;
}

/** Scale factors (1 = 100%) that fit `content` into `box`. */
export function fitScale(content: Size, box: Size, fit: Fit): { sx: number; sy: number } {
  const rx = box.width / content.width;
  const ry = box.height / content.height;
  if (fit === 'stretch') return { sx: rx, sy: ry };
  const s = fit === 'cover' ? Math.max(rx, ry) : Math.min(rx, ry);
  return { sx: s, sy: s };
}

/** Relative aspect difference: 0 = same shape, 0.78 = one is 78% wider relative to its height. */
export function aspectDifference(a: Size, b: Size): number {
  const ra = a.width / a.height;
  const rb = b.width / b.height;
  return Math.max(ra, rb) / Math.min(ra, rb) - 1;
}

/** What each fit does to content of a different shape: cover crops, contain leaves bars, stretch distorts. */
export function fitEffects(content: Size, box: Size): { coverCropPct: number; containEmptyPct: number; stretchDistortPct: number } {
  const cover = fitScale(content, box, 'cover');
  const contain = fitScale(content, box, 'contain');
  const coveredArea = content.width * cover.sx * content.height * cover.sy;
  const containedArea = content.width * contain.sx * content.height * contain.sy;
  const boxArea = box.width * box.height;
  return {
    coverCropPct: round1((1 - boxArea / coveredArea) * 100),
    containEmptyPct: round1((1 - containedArea / boxArea) * 100),
    stretchDistortPct: round1(aspectDifference(content, box) * 100),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
