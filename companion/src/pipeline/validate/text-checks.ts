// Text slots: empty text, fonts the script will set that are not installed, and text that needs more
// room than the template gives it.
import type { TextStylePolicy } from '../../../../shared/match.js';
import type { TemplateText } from '../../../../shared/template.js';
import type { ValidationIssue } from '../../../../shared/validation.js';
import { psdToLayerScale, textLayerScale } from '../text-scale.js';
import { type CheckContext, type Pair, issue, pairLabel, px, round } from './issues.js';
import { AUTO_LEADING_EM, type TextLayout, type TextSpan, layoutText } from './text-measure.js';

export const textStyleOf = (ctx: CheckContext, p: Pair): TextStylePolicy => p.match.textStyle ?? ctx.env.defaultTextStyle ?? 'template';

const content = (p: Pair): string => p.layer.text?.content ?? '';

/** empty_text: the slot would be set to nothing. */
export function emptyTextIssue(p: Pair): ValidationIssue | null {
  if (content(p).trim() !== '') return null;
  const consequence = p.slot.required ? 'this slot is required' : 'the slot will show no text';
  return issue('empty_text', p.slot.required ? 'critical' : 'warning', `${pairLabel(p)}: the PSD text is empty; ${consequence}.`, {
    slot: p.slot,
    layer: p.layer,
    measured: { characters: content(p).length, required: p.slot.required },
  });
}

/** The fonts the generated script sets for this pair, with whether the PSD named it or it was defaulted. */
function fontsSet(ctx: CheckContext, p: Pair): Array<{ font: string; defaulted: boolean }> {
  if (textStyleOf(ctx, p) === 'template') return p.slot.text?.font ? [{ font: p.slot.text.font, defaulted: false }] : [];
  const runs = p.layer.text?.runs ?? [];
  const used = runs.some((r) => r.length > 0) ? runs.filter((r) => r.length > 0) : runs;
  // a font counts as defaulted only when no run names it explicitly
  const defaulted = new Map<string, boolean>();
  for (const r of used) defaulted.set(r.font, (defaulted.get(r.font) ?? true) && r.fontDefaulted);
  return [...defaulted].map(([font, d]) => ({ font, defaulted: d }));
}

/** missing_font: one critical issue per font the script would set that this machine / AE does not have. */
export function missingFontIssues(ctx: CheckContext, p: Pair): ValidationIssue[] {
  const installed = ctx.env.installedFonts;
  if (!installed) return [];
  const exact = new Set(installed);
  const folded = new Set(installed.map((f) => f.toLowerCase()));
  const where = ctx.env.fontSource === 'after-effects' ? 'in After Effects' : 'in this machine’s font folders';
  const policy = textStyleOf(ctx, p);
  return fontsSet(ctx, p)
    .filter(({ font }) => !exact.has(font) && !folded.has(font.toLowerCase()))
    .map(({ font, defaulted }) => {
      const origin = policy === 'template' ? 'the template’s font' : defaulted ? 'Photoshop’s default font (the PSD names none)' : 'the PSD’s font';
      return issue('missing_font', 'critical', `${pairLabel(p)}: ${origin} "${font}" is not installed ${where}; After Effects would substitute another font.`, {
        slot: p.slot,
        layer: p.layer,
        measured: { font, textStyle: policy, fontSource: ctx.env.fontSource, defaulted },
      });
    });
}

/** missing_font (info), once: nothing to compare fonts against. */
export function fontsNotCheckedIssue(ctx: CheckContext, textPairs: Pair[]): ValidationIssue | null {
  if (ctx.env.installedFonts || !textPairs.length) return null;
  return issue('missing_font', 'info', 'Fonts were not checked: After Effects is not connected and no list of installed fonts was available.', {
    measured: { fontSource: ctx.env.fontSource, textSlots: textPairs.length },
  });
}

/** The spans and leading the new text gets in the slot's layer space, per the text-style policy. */
function newTextStyle(ctx: CheckContext, p: Pair, t: TemplateText): { spans: TextSpan[]; leading?: number } {
  const text = content(p);
  if (textStyleOf(ctx, p) === 'template') {
    return { spans: [{ start: 0, end: text.length, font: t.font, size: t.fontSize, tracking: t.tracking ?? 0 }], leading: t.leading };
  }
  const k = psdToLayerScale(ctx.comp, ctx.psd, p.slot, t);
  const runs = p.layer.text?.runs ?? [];
  const spans = runs.map((r) => ({ start: r.start, end: r.start + r.length, font: r.font, size: r.size * k, tracking: r.tracking ?? 0 }));
  if (!spans.length) spans.push({ start: 0, end: text.length, font: t.font, size: t.fontSize, tracking: 0 });
  spans[spans.length - 1]!.end = Math.max(spans[spans.length - 1]!.end, text.length);
  const leading = runs[0]?.leading;
  return { spans, leading: leading !== undefined ? leading * k : undefined };
}

/** Short template text ("#00", "00:00") stands for longer content: point text gets at least 3 em (as text-box.ts). */
const MIN_POINT_WIDTH_EM = 3;

interface Room {
  width: number;
  height: number;
  basis: 'text box' | 'template text' | 'comp frame';
}

/** What the template gives: the paragraph box, or for point text the room its own text takes. */
function roomIn(ctx: CheckContext, p: Pair, t: TemplateText, measure: CheckContext['env']['measureText']): Room {
  if (t.boxText && t.boxSize) return { width: t.boxSize[0], height: t.boxSize[1], basis: 'text box' };
  const size = t.fontSize > 0 ? t.fontSize : 12;
  const line = t.leading && t.leading > 0 ? t.leading : AUTO_LEADING_EM * size;
  if (t.text.trim() === '' && ctx.comp) {
    // nothing to go by but the frame: the room from the text's anchor to the comp's edge
    const { left, right } = p.slot.box;
    const W = ctx.comp.width;
    const fromAnchor = t.justification === 'right' ? right : t.justification === 'center' ? 2 * Math.min((left + right) / 2, W - (left + right) / 2) : W - left;
    return { width: Math.max(fromAnchor, 0) / textLayerScale(p.slot, t), height: line, basis: 'comp frame' };
  }
  const own = layoutText(t.text, [{ start: 0, end: t.text.length, font: t.font, size, tracking: t.tracking ?? 0 }], measure, { leading: t.leading });
  return { width: Math.max(own.width, MIN_POINT_WIDTH_EM * size), height: Math.max(own.height, line), basis: 'template text' };
}

const metricsNote = (m: TextLayout['metrics']): string =>
  m === 'font' ? "measured with the font's metrics" : m === 'mixed' ? 'partly estimated: some fonts are not installed' : 'estimated: the font file is not installed here';

function autofitNote(ctx: CheckContext, ratio: number): string {
  const shrink = `shrink it to about ${Math.round(100 / ratio)}% to fit`;
  if (ctx.env.autofitText === true) return `Autofit is on: the script will ${shrink}.`;
  if (ctx.env.autofitText === false) return 'Autofit is off: the text will run past its space.';
  return `With autofit on, the script would ${shrink}.`;
}

/** text_overflow: the new text needs more room than the template's box (paragraph text) or text (point text). */
export function textOverflowIssue(ctx: CheckContext, p: Pair): ValidationIssue | null {
  const t = p.slot.text;
  const text = content(p);
  if (!t || !t.font || !(t.fontSize > 0) || text.trim() === '') return null;
  const measure = ctx.env.measureText;
  const style = newTextStyle(ctx, p, t);
  const room = roomIn(ctx, p, t, measure);
  const box = room.basis === 'text box';
  const need = layoutText(text, style.spans, measure, { wrapWidth: box ? room.width : undefined, leading: style.leading });
  const widthRatio = box ? 0 : need.width / room.width;
  const heightRatio = need.height / room.height;
  const ratio = Math.max(widthRatio, heightRatio);
  const { overflowWarnRatio, overflowCriticalRatio } = ctx.settings;
  if (!(ratio > overflowWarnRatio)) return null;
  const severity = ratio > overflowCriticalRatio ? 'critical' : 'warning';
  const fonts = [...new Set(style.spans.map((s) => `${px(s.size)} px ${s.font}`))].join(', ');
  const lines = (n: number) => `${n} ${n === 1 ? 'line' : 'lines'}`;
  const what = box
    ? `wrapped into the ${px(room.width)} px wide text box it takes ${lines(need.lines)}, ${px(need.height)} px, but the box is ${px(room.height)} px tall`
    : widthRatio >= heightRatio
      ? `it is ${px(need.width)} px wide where ${room.basis === 'comp frame' ? 'the comp frame leaves' : 'the template’s text takes'} ${px(room.width)} px`
      : `it takes ${lines(need.lines)} (${px(need.height)} px) where the template’s text takes ${px(room.height)} px`;
  const message = `${pairLabel(p)}: at ${fonts}, ${what} (${round(ratio, 2)}×; ${metricsNote(need.metrics)}). ${autofitNote(ctx, ratio)}`;
  return issue('text_overflow', severity, message, {
    slot: p.slot,
    layer: p.layer,
    measured: {
      ratio: round(ratio, 3),
      neededWidth: round(need.width, 1),
      neededHeight: round(need.height, 1),
      lines: need.lines,
      availableWidth: round(room.width, 1),
      availableHeight: round(room.height, 1),
      basis: room.basis,
      fontSize: round(style.spans[0]?.size ?? 0, 2),
      font: style.spans[0]?.font ?? '',
      textStyle: textStyleOf(ctx, p),
      metrics: need.metrics,
      ...(ctx.env.autofitText !== undefined ? { autofit: ctx.env.autofitText } : {}),
    },
    threshold: { overflowWarnRatio, overflowCriticalRatio },
  });
}
