// Where a text layer's text sits, in layer space, without the font: box text has its box; point text is
// estimated from font size, characters, tracking, leading and justification.
//
// Point-text estimate (AE puts the first baseline at the layer origin):
// - width  = Σ per-character advance (em, by character class, below) + tracking, times the font size,
//            at least 3 em — short template text ("00:00", "#00") stands for longer content;
// - height = ascent 0.75 em above the first baseline, descent 0.25 em below the last, lines `leading`
//            apart (auto leading = 1.2 em);
// - left / right / centre justification puts the origin at the left edge / right edge / middle.
// Compared with the boxes the labelled pairs corpus was built with (its truth.json, 9 text slots over
// 3 templates): vertical extent identical, width within 4 % (IoU ≥ 0.96); the dataset's estimator also
// floors at 3 em.
import type { TemplateText } from '../../../../shared/template.js';
import type { Box } from './geometry.js';

const MIN_WIDTH_EM = 3;
const ASCENT_EM = 0.75;
const DESCENT_EM = 0.25;
const AUTO_LEADING_EM = 1.2;

function advanceEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x2e80) return 1; // CJK, Hangul, full-width forms: square
  if (ch === ' ' || "iljI.,:;'!|`".includes(ch)) return 0.28;
  if ('frt1()[]{}-/"'.includes(ch)) return 0.38;
  if ('mwMW@%'.includes(ch)) return 0.85;
  if (ch >= '0' && ch <= '9') return 0.56;
  if (ch !== ch.toLowerCase()) return 0.68; // upper case (any script with case)
  return 0.52;
}

export function estimateLineWidthEm(line: string, trackingPerMille = 0): number {
  let w = 0;
  let n = 0;
  for (const ch of line) {
    w += advanceEm(ch);
    n++;
  }
  return w + (n * trackingPerMille) / 1000;
}

export function textBoxInLayer(t: TemplateText): Box {
  if (t.boxText && t.boxSize) {
    const [x, y] = t.boxPosition ?? [0, 0];
    return { left: x, top: y, right: x + t.boxSize[0], bottom: y + t.boxSize[1] };
  }
  const size = t.fontSize > 0 ? t.fontSize : 12;
  const lines = (t.text || ' ').split(/\r\n|[\r\n\u0003]/);
  const widthEm = Math.max(MIN_WIDTH_EM, ...lines.map((l) => estimateLineWidthEm(l, t.tracking ?? 0)));
  const w = widthEm * size;
  const leading = t.leading && t.leading > 0 ? t.leading : AUTO_LEADING_EM * size;
  const top = -ASCENT_EM * size;
  const bottom = (lines.length - 1) * leading + DESCENT_EM * size;
  const left = t.justification === 'right' ? -w : t.justification === 'center' ? -w / 2 : 0;
  return { left, top, right: left + w, bottom };
}
