// How much room a text needs: widest line and total height, wrapped into a box width for paragraph
// (box) text. Widths come from the font file when it is installed (env.measureText); otherwise from
// the per-character estimate find-slots uses for template point text (template/text-box.ts: 0.52 em
// for most letters, 0.68 em capitals, 0.28 em i/l/space/punctuation, 0.85 em m/w, 1 em CJK, kana,
// Hangul, full-width forms and emoji), combining marks and zero-width characters counting 0.
// Against real advances of Liberation Sans/Serif and DejaVu Sans on 11 strings (bench/validate.ts)
// it is off by 6% (median) and 16% at worst; a flat 0.55 em per character was off by 12% and 38%.
// Lines are 1.2 em apart (AE's auto leading) unless the style sets a leading. Tracking (1/1000 em)
// is added after every character, as AE does.
import { estimateLineWidthEm } from '../template/text-box.js';

/** Advance width in px of a string in a font, or null when the font file is not available. */
export type Measure = (font: string, sizePx: number, text: string) => number | null;

/** A stretch of the text in one font and size. */
export interface TextSpan {
  start: number;
  end: number;
  font: string;
  size: number;
  /** 1/1000 em added after each character. */
  tracking: number;
}

export interface TextLayout {
  /** Widest line, px. */
  width: number;
  /** All lines, px. */
  height: number;
  lines: number;
  /** Whether widths came from font files, the estimate, or both (some fonts missing). */
  metrics: 'font' | 'estimate' | 'mixed';
}

export const AUTO_LEADING_EM = 1.2;
const ZERO_WIDTH = /[\p{M}\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f]/gu;

/** The estimate's width in px of a line without the font file. */
export function estimateWidth(text: string, sizePx: number): number {
  return estimateLineWidthEm(text.replace(ZERO_WIDTH, '')) * sizePx;
}

/** Where a line may break: after whitespace, and between any two wide (CJK) characters. */
function tokens(paragraph: string, offset: number): Array<{ start: number; end: number; space: boolean }> {
  const out: Array<{ start: number; end: number; space: boolean }> = [];
  const re = /\s+|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]+/gu;
  for (const m of paragraph.matchAll(re)) {
    out.push({ start: offset + m.index!, end: offset + m.index! + m[0].length, space: /^\s/.test(m[0]) });
  }
  return out;
}

class Widths {
  real = false;
  estimated = false;
  constructor(
    private readonly text: string,
    private readonly spans: TextSpan[],
    private readonly measure: Measure | undefined,
  ) {}

  /** Width of text[start, end), run by run. */
  of(start: number, end: number): number {
    let w = 0;
    for (const s of this.spans) {
      const a = Math.max(start, s.start);
      const b = Math.min(end, s.end);
      if (a >= b) continue;
      const piece = this.text.slice(a, b);
      const real = this.measure?.(s.font, s.size, piece);
      if (real === null || real === undefined) {
        this.estimated = true;
        w += estimateWidth(piece, s.size);
      } else {
        this.real = true;
        w += real;
      }
      w += ([...piece].length * s.tracking * s.size) / 1000;
    }
    return w;
  }

  /** Largest size over text[start, end) (the first span's size for an empty line). */
  sizeOf(start: number, end: number): number {
    let size = 0;
    for (const s of this.spans) if (s.start < Math.max(end, start + 1) && s.end > start) size = Math.max(size, s.size);
    return size || this.spans[0]?.size || 0;
  }
}

interface Line {
  start: number;
  end: number;
  /** With trailing spaces (they hang past a box edge in AE). */
  width: number;
  /** Without trailing spaces: what the line occupies. */
  inkWidth: number;
}

/** Greedy line breaking at `wrapWidth`; a word wider than the box breaks between characters, as AE does. */
function wrapParagraph(para: { start: number; end: number }, text: string, widths: Widths, wrapWidth: number | undefined): Line[] {
  if (wrapWidth === undefined) {
    const w = widths.of(para.start, para.end);
    return [{ start: para.start, end: para.end, width: w, inkWidth: w }];
  }
  const lines: Line[] = [];
  let line = null as Line | null;
  for (const t of tokens(text.slice(para.start, para.end), para.start)) {
    const w = widths.of(t.start, t.end);
    if (t.space) {
      line = line ? { ...line, end: t.end, width: line.width + w } : { start: t.start, end: t.end, width: w, inkWidth: w };
      continue;
    }
    if (line && line.width + w <= wrapWidth) {
      line = { start: line.start, end: t.end, width: line.width + w, inkWidth: line.width + w };
      continue;
    }
    if (line) lines.push(line);
    if (w <= wrapWidth) {
      line = { start: t.start, end: t.end, width: w, inkWidth: w };
      continue;
    }
    // one word wider than the box: it breaks between characters
    line = null;
    let pos = t.start;
    for (const ch of text.slice(t.start, t.end)) {
      const cw = widths.of(pos, pos + ch.length);
      if (line && line.width + cw > wrapWidth) {
        lines.push(line);
        line = null;
      }
      line = line ? { start: line.start, end: pos + ch.length, width: line.width + cw, inkWidth: line.width + cw } : { start: pos, end: pos + ch.length, width: cw, inkWidth: cw };
      pos += ch.length;
    }
  }
  if (line) lines.push(line);
  if (!lines.length) lines.push({ start: para.start, end: para.end, width: 0, inkWidth: 0 });
  return lines;
}

export interface LayoutOptions {
  /** Paragraph text: the box width lines wrap at. Point text: undefined (lines break at \r only). */
  wrapWidth?: number;
  /** Distance between baselines in px; undefined = auto (1.2 × the line's largest size). */
  leading?: number;
}

/** The room `text` needs in the given spans (fonts and sizes); paragraphs are separated by \r or \n. */
export function layoutText(text: string, spans: TextSpan[], measure: Measure | undefined, opts: LayoutOptions = {}): TextLayout {
  const widths = new Widths(text, spans, measure);
  const lines: Line[] = [];
  let start = 0;
  for (const para of text.split(/\r\n|[\r\n\u0003]/)) {
    lines.push(...wrapParagraph({ start, end: start + para.length }, text, widths, opts.wrapWidth));
    start += para.length + (text.startsWith('\r\n', start + para.length) ? 2 : 1);
  }
  const height = lines.reduce((h, l) => h + (opts.leading ?? AUTO_LEADING_EM * widths.sizeOf(l.start, l.end)), 0);
  return {
    width: Math.max(0, ...lines.map((l) => l.inkWidth)),
    height,
    lines: lines.length,
    metrics: widths.real && widths.estimated ? 'mixed' : widths.real ? 'font' : 'estimate',
  };
}
