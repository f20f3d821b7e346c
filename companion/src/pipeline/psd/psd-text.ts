// Text layers: content with Photoshop's \r, every style run with the font's PostScript name, the
// size on the canvas (after the text transform) and the fill colour (research/psd.md §2 "Text").
import type { Layer, TextStyle } from 'ag-psd';
import type { Justification, PsdText, RGB, TextStyleRun } from '../../../../shared/psd.js';

// Photoshop's normal style sheet when a run names nothing (ag-psd does not apply it).
const DEFAULT_FONT = 'MyriadPro-Regular';
const DEFAULT_SIZE = 12;

function toRgb(c: unknown): RGB | null {
  if (!c || typeof c !== 'object') return null;
  const o = c as Record<string, number>;
  if ('r' in o && 'g' in o && 'b' in o) return { r: o.r!, g: o.g!, b: o.b! };
  if ('k' in o && !('c' in o)) {
    const v = 255 - o.k!;
    return { r: v, g: v, b: v };
  }
  if ('c' in o) {
    // ag-psd gives CMYK 0..255; naive conversion without a profile.
    const k = o.k! / 255;
    return { r: 255 * (1 - o.c! / 255) * (1 - k), g: 255 * (1 - o.m! / 255) * (1 - k), b: 255 * (1 - o.y! / 255) * (1 - k) };
  }
  return null;
}

function justification(j: string | undefined): Justification {
  if (j === 'right' || j === 'justify-right') return 'right';
  if (j === 'center' || j === 'justify-center') return 'center';
  if (j === 'justify-all' || j === 'justify-left') return j === 'justify-all' ? 'justify' : 'left';
  return 'left';
}

export function extractText(layer: Layer, warnings: string[]): PsdText | undefined {
  const t = layer.text;
  if (!t) return undefined;
  // ag-psd turns Photoshop's \r paragraph breaks into \n; AE also uses \r.
  const content = (t.text ?? '').replace(/\r?\n/g, '\r');
  const tr = t.transform && t.transform.length >= 6 ? t.transform : [1, 0, 0, 1, 0, 0];
  const scale = Math.hypot(tr[2]!, tr[3]!) || 1;
  const base: TextStyle = t.style ?? {};
  const runsIn = t.styleRuns && t.styleRuns.length ? t.styleRuns : [{ length: content.length, style: {} as TextStyle }];
  const runs: TextStyleRun[] = [];
  let start = 0;
  let defaulted = false;
  for (const r of runsIn) {
    const s: TextStyle = { ...base, ...r.style };
    const fontName = s.font?.name;
    const fontDefaulted = !fontName || fontName === 'AdobeInvisFont';
    const sizeDefaulted = typeof s.fontSize !== 'number';
    defaulted ||= fontDefaulted || sizeDefaulted;
    runs.push({
      start,
      length: r.length,
      font: fontDefaulted ? DEFAULT_FONT : fontName!,
      fontDefaulted,
      size: (sizeDefaulted ? DEFAULT_SIZE : s.fontSize!) * scale,
      sizeDefaulted,
      color: toRgb(s.fillColor),
      fauxBold: s.fauxBold || undefined,
      fauxItalic: s.fauxItalic || undefined,
      tracking: s.tracking,
      leading: s.autoLeading === false && typeof s.leading === 'number' ? s.leading * scale : undefined,
    });
    start += r.length;
  }
  if (defaulted) warnings.push(`Text layer "${layer.name}": a style run names no font or size; using the document default ${DEFAULT_FONT} ${DEFAULT_SIZE}`);
  const shapeType = t.textPath?.data?.type === 2 ? 'path' : t.shapeType === 'box' ? 'box' : 'point';
  let box = null;
  if (shapeType === 'box' && t.boxBounds && t.boxBounds.length === 4) {
    const [l, tp, r, b] = t.boxBounds as [number, number, number, number];
    const xs = [l, r].flatMap((x) => [tr[0]! * x + tr[2]! * tp + tr[4]!, tr[0]! * x + tr[2]! * b + tr[4]!]);
    const ys = [l, r].flatMap((x) => [tr[1]! * x + tr[3]! * tp + tr[5]!, tr[1]! * x + tr[3]! * b + tr[5]!]);
    box = { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
  }
  return {
    content,
    runs,
    justification: justification(t.paragraphStyle?.justification),
    shapeType,
    box,
    orientation: t.orientation === 'vertical' ? 'vertical' : 'horizontal',
    transform: tr.slice(0, 6),
    warped: Boolean(t.warp && t.warp.style && t.warp.style !== 'none'),
  };
}
