// Validation tests: real templates from the corpus through extractTemplate/findSlots, designs written
// with ag-psd and read back with extractPsd, and matches built the way the review screen sends them.
import { writePsd, type Layer, type Psd } from 'ag-psd';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { validate } from '../../companion/src/pipeline/validate/validate.js';
import type { Match } from '../../shared/match.js';
import type { PsdDoc, PsdLayer } from '../../shared/psd.js';
import { DEFAULT_SETTINGS } from '../../shared/settings.js';
import type { Slot, TemplateDoc } from '../../shared/template.js';
import type { ValidationEnv, ValidationIssue, ValidationReport } from '../../shared/validation.js';
import { readCorpus } from '../helpers/corpus.js';

export interface Target {
  doc: TemplateDoc;
  comp: string;
  slots: Slot[];
}

export function corpusTemplate(file: string, comp?: string): Target {
  const doc = extractTemplate(readCorpus('aepx', file));
  const slots = findSlots(doc, comp);
  return { doc, comp: slots[0]?.targetComp ?? comp ?? '', slots };
}

/** A template whose text layer `layerName` is turned into paragraph text with a box of `size` (layer px). */
export function withBoxText(file: string, layerName: string, size: [number, number], comp?: string): Target {
  const doc = structuredClone(extractTemplate(readCorpus('aepx', file)));
  for (const c of doc.comps) {
    for (const l of c.layers) {
      if (l.name === layerName && l.text) Object.assign(l.text, { boxText: true, boxSize: size, boxPosition: [0, 0], justification: 'left' });
    }
  }
  const slots = findSlots(doc, comp);
  return { doc, comp: slots[0]?.targetComp ?? '', slots };
}

export const slot = (t: Target, layerName: string): Slot => {
  const s = t.slots.find((x) => x.layerName === layerName);
  if (!s) throw new Error(`no slot "${layerName}" in ${t.slots.map((x) => x.layerName).join(', ')}`);
  return s;
};

export function env(over: Partial<ValidationEnv> = {}, settings: Partial<ValidationEnv['settings']> = {}): ValidationEnv {
  return {
    installedFonts: null,
    fontSource: 'none',
    settings: { ...DEFAULT_SETTINGS.validation, ...settings },
    defaultFit: 'cover',
    ...over,
  };
}

export function match(s: Slot, layer: PsdLayer | null, extra: Partial<Match> = {}): Match {
  return {
    slot: { id: s.id, comp: s.compName, layerIndex: s.layerIndex, layerName: s.layerName, kind: s.kind },
    psdLayer: layer ? { id: layer.id, name: layer.name, path: layer.path, order: layer.order } : null,
    confidence: 0.9,
    reasons: ['test'],
    ...extra,
  };
}

export const layer = (psd: PsdDoc, name: string): PsdLayer => {
  const l = psd.layers.find((x) => x.name === name);
  if (!l) throw new Error(`no PSD layer "${name}"`);
  return l;
};

export const all = (r: ValidationReport): ValidationIssue[] => [...r.critical_issues, ...r.warnings, ...r.info];
export const codes = (r: ValidationReport, code?: string): ValidationIssue[] => all(r).filter((i) => !code || i.code === code);

/** Validates only the given pairs: every other slot of the target is dropped, so unmatched_slot stays out of the way. */
export function validateOnly(psd: PsdDoc, t: Target, pairs: Array<[Slot, PsdLayer | null, Partial<Match>?]>, e: ValidationEnv = env()): ValidationReport {
  const slots = pairs.map(([s]) => s);
  return validate(psd, { ...t, slots }, pairs.map(([s, l, x]) => match(s, l, x)), e);
}

function pixels(w: number, h: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = (i / 4) % 256;
    data[i + 1] = 128;
    data[i + 2] = 64;
    data[i + 3] = 255;
  }
  return { width: w, height: h, data };
}

/** A pixel layer at (left, top) of w×h. */
export const pixelLayer = (name: string, left: number, top: number, w: number, h: number, extra: Partial<Layer> = {}): Layer => ({
  name,
  left,
  top,
  right: left + w,
  bottom: top + h,
  imageData: pixels(w, h),
  ...extra,
});

/** A point text layer; `size` in px, baseline at (left, top + size). */
export const textLayer = (name: string, text: string, font: string, size: number, left = 10, top = 10, extra: Partial<Layer> = {}): Layer => ({
  name,
  left,
  top,
  right: left + Math.max(1, Math.round(text.length * size * 0.5)),
  bottom: top + Math.round(size * 1.2),
  imageData: pixels(Math.max(1, Math.round(text.length * size * 0.5)), Math.round(size * 1.2)),
  text: { text, transform: [1, 0, 0, 1, left, top + size], style: { font: { name: font }, fontSize: size, fillColor: { r: 0, g: 0, b: 0 } } },
  ...extra,
});

/** Writes the layers (top-most first, as in Photoshop's panel) with ag-psd and reads them back with extractPsd. */
export function design(width: number, height: number, layers: Layer[], extra: Partial<Psd> = {}): PsdDoc {
  const psd: Psd = { width, height, children: [...layers].reverse(), ...extra };
  return extractPsd(new Uint8Array(writePsd(psd, { invalidateTextLayers: true })));
}
