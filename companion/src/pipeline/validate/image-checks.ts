// Image slots: whether the layer has pixels to place, whether its colour mode can be decoded, and
// what the fit will do to it (aspect ratio: crop / bars / distortion; resolution: upscaling).
import { aspectDifference, fitEffects, fitScale, type Size } from '../../../../shared/fit.js';
import type { FitMode } from '../../../../shared/match.js';
import type { PsdLayer } from '../../../../shared/psd.js';
import type { Slot } from '../../../../shared/template.js';
import type { ValidationIssue } from '../../../../shared/validation.js';
import { type CheckContext, type Pair, issue, pairLabel, px, round } from './issues.js';

/** Shapes closer than this (2%) are rounding noise (a 1920×1080 slot and a 1917×1080 layer). */
export const ASPECT_NOISE = 0.02;

const width = (r: { left: number; right: number }) => r.right - r.left;
const height = (r: { top: number; bottom: number }) => r.bottom - r.top;

export function slotSize(slot: Slot): Size | null {
  const s = { width: width(slot.box), height: height(slot.box) };
  return s.width >= 0.5 && s.height >= 0.5 ? s : null;
}

/**
 * The shape the design gives the content: the layer's pixel bounds, or for a smart object the size
 * it is placed at (its transformed corners), which is what the designer framed.
 */
export function contentShape(layer: PsdLayer): Size | null {
  const so = layer.smartObject;
  if (so && so.transform.length === 8) {
    const t = so.transform as [number, number, number, number, number, number, number, number];
    const s = { width: Math.hypot(t[2] - t[0], t[3] - t[1]), height: Math.hypot(t[6] - t[0], t[7] - t[1]) };
    if (s.width >= 1 && s.height >= 1) return s;
  }
  return sourcePixels(layer);
}

/** The pixels the script will place: the layer's own pixels, else a smart object's embedded original. */
export function sourcePixels(layer: PsdLayer): Size | null {
  if (layer.hasPixels && width(layer.bounds) > 0 && height(layer.bounds) > 0) return { width: width(layer.bounds), height: height(layer.bounds) };
  const so = layer.smartObject;
  if (so?.source === 'embedded' && so.placedWidth > 0 && so.placedHeight > 0) return { width: so.placedWidth, height: so.placedHeight };
  return null;
}

export const effectiveFit = (ctx: CheckContext, p: Pair): FitMode => p.match.fit ?? ctx.env.defaultFit;

function why(layer: PsdLayer): string {
  switch (layer.kind) {
    case 'group':
      return 'is a group: its layers are not merged into one image (pick one of its layers, or a smart object)';
    case 'adjustment':
      return `is an adjustment layer${layer.adjustmentType ? ` (${layer.adjustmentType})` : ''}: it changes the layers below and has no pixels of its own`;
    case 'smartObject': {
      const so = layer.smartObject;
      if (so?.source === 'linked') return `is a smart object linked to "${so.linkedPath ?? so.fileName ?? 'an external file'}", which is not in the PSD, and has no rendered pixels`;
      return 'is a smart object with neither rendered pixels nor an embedded original';
    }
    case 'shape':
    case 'fill':
      return `is a ${layer.kind} layer saved without rendered pixels`;
    default:
      return 'is empty: it has no pixels';
  }
}

/** no_pixels: nothing the script could place. Skipped when the whole file's pixels are unreadable (colour_mode says so). */
export function noPixelsIssue(ctx: CheckContext, p: Pair): ValidationIssue | null {
  if (!ctx.psd.pixelsAvailable || sourcePixels(p.layer)) return null;
  return issue('no_pixels', 'critical', `${pairLabel(p)} ${why(p.layer)}; the slot would be left with nothing to show.`, {
    slot: p.slot,
    layer: p.layer,
    measured: { kind: p.layer.kind, hasPixels: p.layer.hasPixels, smartObjectSource: p.layer.smartObject?.source ?? 'none' },
  });
}

/** colour_mode, per image pair: the file's pixels cannot be decoded at all. */
export function undecodablePixelsIssue(ctx: CheckContext, p: Pair): ValidationIssue | null {
  if (ctx.psd.pixelsAvailable) return null;
  const mode = `${ctx.psd.bitsPerChannel}-bit ${ctx.psd.colorMode.toUpperCase()}`;
  return issue('colour_mode', 'critical', `${pairLabel(p)}: the design is ${mode} and its pixels cannot be decoded (${ctx.psd.pixelsUnavailableReason ?? 'unsupported'}); save it as 8-bit RGB.`, {
    slot: p.slot,
    layer: p.layer,
    measured: { colorMode: ctx.psd.colorMode, bitsPerChannel: ctx.psd.bitsPerChannel, pixelsAvailable: false },
  });
}

const APPROXIMATE_MODES = new Set(['cmyk', 'lab', 'duotone', 'multichannel']);

/** colour_mode, once per design: decodable but converted to RGB without the file's colour profile. */
export function approximateColourIssue(ctx: CheckContext, imagePairs: Pair[]): ValidationIssue | null {
  if (!ctx.psd.pixelsAvailable || !APPROXIMATE_MODES.has(ctx.psd.colorMode) || !imagePairs.length) return null;
  const names = imagePairs.map((p) => `"${p.layer.name}"`).join(', ');
  return issue(
    'colour_mode',
    'warning',
    `The design is ${ctx.psd.colorMode.toUpperCase()}: ${imagePairs.length === 1 ? 'layer' : 'layers'} ${names} ${imagePairs.length === 1 ? 'is' : 'are'} converted to RGB without a colour profile, so colours will shift; export an RGB version for exact colours.`,
    { measured: { colorMode: ctx.psd.colorMode, bitsPerChannel: ctx.psd.bitsPerChannel, layers: imagePairs.length } },
  );
}

const ratio = (s: Size) => s.width / s.height;
const dims = (s: Size) => `${px(s.width)}×${px(s.height)} (${ratio(s).toFixed(2)}:1)`;

/** aspect_ratio_mismatch: content and slot differ in shape; the message says what each fit does about it. */
export function aspectRatioIssue(ctx: CheckContext, p: Pair): ValidationIssue | null {
  const box = slotSize(p.slot);
  const content = contentShape(p.layer);
  if (!box || !content) return null;
  const diff = aspectDifference(content, box);
  const noise = Math.min(ASPECT_NOISE, ctx.settings.aspectTolerance);
  if (diff <= noise) return null;
  const fx = fitEffects(content, box);
  const wider = ratio(content) > ratio(box);
  const fit = effectiveFit(ctx, p);
  // [what it does, what it would do, to what]
  const effects: Record<FitMode, [string, string, string]> = {
    cover: ['crops', 'would crop', `${fx.coverCropPct}% of its ${wider ? 'width (left and right)' : 'height (top and bottom)'}`],
    contain: ['leaves', 'would leave', `${fx.containEmptyPct}% of the slot empty (bars ${wider ? 'above and below' : 'left and right'})`],
    stretch: ['distorts', 'would distort', `it by ${fx.stretchDistortPct}%`],
  };
  const others = (['cover', 'contain', 'stretch'] as FitMode[]).filter((f) => f !== fit).map((f) => `${f} ${effects[f][1]} ${effects[f][2]}`);
  const severity = diff > ctx.settings.aspectTolerance ? 'critical' : 'warning';
  const message =
    `${pairLabel(p)}: the layer is ${dims(content)} and the slot ${dims(box)}, shapes ${round(diff * 100, 1)}% apart. ` +
    `${fit[0]!.toUpperCase()}${fit.slice(1)} (the fit in use) ${effects[fit][0]} ${effects[fit][2]}; ${others.join('; ')}.`;
  return issue('aspect_ratio_mismatch', severity, message, {
    slot: p.slot,
    layer: p.layer,
    measured: {
      contentWidth: round(content.width),
      contentHeight: round(content.height),
      contentAspect: round(ratio(content), 3),
      slotWidth: round(box.width),
      slotHeight: round(box.height),
      slotAspect: round(ratio(box), 3),
      differencePct: round(diff * 100, 1),
      fit,
      coverCropPct: fx.coverCropPct,
      containEmptyPct: fx.containEmptyPct,
      stretchDistortPct: fx.stretchDistortPct,
    },
    threshold: { warnPct: round(noise * 100, 1), criticalPct: round(ctx.settings.aspectTolerance * 100, 1) },
  });
}

/** upscaled: the fit scales the layer's pixels up beyond what stays sharp. */
export function upscaleIssue(ctx: CheckContext, p: Pair): ValidationIssue | null {
  const box = slotSize(p.slot);
  const src = sourcePixels(p.layer);
  if (!box || !src) return null;
  const fit = effectiveFit(ctx, p);
  const { sx, sy } = fitScale(src, box, fit);
  const scale = Math.max(sx, sy);
  const { upscaleWarn, upscaleCritical } = ctx.settings;
  if (scale <= upscaleWarn) return null;
  const severity = scale > upscaleCritical ? 'critical' : 'warning';
  const needed = { width: src.width * (scale / upscaleWarn), height: src.height * (scale / upscaleWarn) };
  const message =
    `${pairLabel(p)}: its ${px(src.width)}×${px(src.height)} px are scaled ${round(scale, 2)}× to ${fit} the ${px(box.width)}×${px(box.height)} slot and will look soft; ` +
    `an image of at least ${px(needed.width)}×${px(needed.height)} px stays within ${upscaleWarn}×.`;
  return issue('upscaled', severity, message, {
    slot: p.slot,
    layer: p.layer,
    measured: { sourceWidth: round(src.width), sourceHeight: round(src.height), slotWidth: round(box.width), slotHeight: round(box.height), fit, scale: round(scale, 3) },
    threshold: { upscaleWarn, upscaleCritical },
  });
}
