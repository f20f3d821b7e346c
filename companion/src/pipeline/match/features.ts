// Evidence that a PSD layer fills a slot, as log-odds terms with a reason each. Every signal a person
// uses: names (and synonyms), kind, layout normalised to each canvas, stacking order, text content.
import type { PsdDoc, PsdLayer, Rect } from '../../../../shared/psd.js';
import type { Slot } from '../../../../shared/template.js';
import { classifyText, expectedContent, isDefaultName, isPhotoFileName, nameKey, nameSimilarity, normalizeName, textShape, type ContentType, type NameKey } from './names.js';

export interface Evidence {
  logit: number;
  reasons: string[];
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  top: number;
}

export interface Candidate {
  layer: PsdLayer;
  /** Layer box in the slots' normalised space under the layout hypothesis in use (see `boxes`). */
  box: NormBox | null;
  /** The box under each layout hypothesis: [stretched to the frame, fitted (contain) into the frame]. */
  boxes: [NormBox | null, NormBox | null];
  /** The box is a guess (a fill or shape layer without pixels covers its frame). */
  boxGuessed: boolean;
  /** Text lines (1 for non-text). */
  lines: number;
  /** What the layer's text looks like (person name, number, time…), '' for non-text. */
  content: ContentType;
  aspect: number | null;
  /** Name carries meaning (not a Photoshop default, not just the layer's own text). */
  informativeName: boolean;
  rank: number;
  name: NameKey;
  /** A smart object's original file name when it says something. */
  fileName: NameKey | null;
  textShape: string;
}

export interface SlotInfo {
  slot: Slot;
  box: NormBox;
  lines: number;
  /** Kind of text the slot expects from its name and placeholder ('' when nothing specific). */
  expects: ContentType;
  /** A full-frame visual slot above another full-frame visual slot: a cut-out whose pixels sit anywhere in it. */
  overlay: boolean;
  aspect: number;
  informativeName: boolean;
  rank: number;
  name: NameKey;
  /** textShape of the placeholder text (or the name when there is none). */
  textShape: string;
}

export const lineCount = (t: string) => t.trim().split(/\r\n|\r|\n/).length;

export function slotKeys(slot: Slot): Pick<SlotInfo, 'name' | 'textShape' | 'lines' | 'expects'> {
  const name = nameKey(slot.layerName);
  return { name, textShape: textShape(slot.text?.text || slot.layerName), lines: slot.text ? lineCount(slot.text.text) : 1, expects: slot.kind === 'text' ? expectedContent(name, slot.text?.text ?? '') : '' };
}

export function candidateKeys(layer: PsdLayer): Pick<Candidate, 'name' | 'fileName' | 'textShape' | 'lines' | 'content'> {
  const content = layer.text?.content ?? '';
  const file = layer.smartObject?.fileName;
  const fileName = file && !isDefaultName(file) && normalizeName(file) !== normalizeName(layer.name) ? nameKey(file) : null;
  return { name: nameKey(layer.name), fileName, textShape: layer.text ? textShape(content) : '', lines: layer.text ? lineCount(content) : 1, content: layer.text ? classifyText(content) : '' };
}

export interface NormBox {
  cx: number;
  cy: number;
  w: number;
  h: number;
}

/** Weights of the evidence terms (log-odds units). */
export const W = {
  pos: 2.0, exact: 1.2, posWide: 0.2, posFine: 0.04, size: 1.2, shape: 0.9, geoBias: 2.1, name: 2.8, order: 0.3,
  noBox: 1.0, sizeFar: 1.0, fullLayerMiss: 2.4, overlayDamp: 0.25,
  group: 5.5, photoName: 0.5, font: 1.0, conflict: 1.5, primitive: 0.5, shapeForImage: 0.5, content: 1.0, contentMiss: 0.8,
};

export const isVisualSlot = (s: Slot) => s.kind !== 'text';

export function normBox(r: Rect, f: Frame): NormBox {
  return {
    cx: ((r.left + r.right) / 2 - f.left) / f.width,
    cy: ((r.top + r.bottom) / 2 - f.top) / f.height,
    w: Math.max(1e-4, (r.right - r.left) / f.width),
    h: Math.max(1e-4, (r.bottom - r.top) / f.height),
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function layerFrame(layer: PsdLayer, doc: PsdDoc, byId: Map<number, PsdLayer>): Frame {
  for (let p = layer.parentId; p !== null; p = byId.get(p)?.parentId ?? null) {
    const parent = byId.get(p);
    if (parent?.isArtboard) {
      const b = parent.bounds;
      if (b.right > b.left && b.bottom > b.top) return { left: b.left, top: b.top, width: b.right - b.left, height: b.bottom - b.top };
    }
  }
  return { left: 0, top: 0, width: doc.width, height: doc.height };
}

/** Whether the layer has real bounds; a fill or shape layer without pixels covers its whole frame. */
export function hasBounds(layer: PsdLayer): boolean {
  const b = layer.bounds;
  return b.right > b.left && b.bottom > b.top;
}

export function candidateBox(layer: PsdLayer, frame: Frame): NormBox | null {
  if (hasBounds(layer)) return normBox(layer.bounds, frame);
  // A fill layer without pixels covers its whole canvas; a shape without pixels has no known extent.
  if (layer.kind === 'fill') return { cx: 0.5, cy: 0.5, w: 1, h: 1 };
  return null;
}

/**
 * The layer's box in the comp's normalised space when the design holds the comp's layout scaled to
 * fit (contain) and centred in its frame, e.g. a 16:9 layout letter-boxed on a 4:5 canvas.
 */
export function fittedBox(box: NormBox | null, frame: Frame, comp: { width: number; height: number }): NormBox | null {
  if (!box) return null;
  const k = Math.min(frame.width / comp.width, frame.height / comp.height);
  const ox = (frame.width - comp.width * k) / 2;
  const oy = (frame.height - comp.height * k) / 2;
  const cx = (box.cx * frame.width - ox) / k / comp.width;
  const cy = (box.cy * frame.height - oy) / k / comp.height;
  const w = (box.w * frame.width) / k / comp.width;
  const h = (box.h * frame.height) / k / comp.height;
  // Only the part inside the comp's area shows (a canvas-wide background covers the comp).
  const l = Math.max(0, cx - w / 2), r = Math.min(1, cx + w / 2), t = Math.max(0, cy - h / 2), b = Math.min(1, cy + h / 2);
  if (r - l < 1e-3 || b - t < 1e-3) return { cx, cy, w, h };
  return { cx: (l + r) / 2, cy: (t + b) / 2, w: r - l, h: b - t };
}

export function compatible(slot: Slot, layer: PsdLayer): boolean {
  if (layer.kind === 'adjustment') return false;
  if (slot.kind === 'text') return layer.kind === 'text';
  if (layer.kind === 'text') return false;
  if (layer.kind === 'group') return !layer.isArtboard;
  return true;
}

function textEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  const content = c.layer.text?.content ?? '';
  const placeholder = s.slot.text?.text ?? '';
  if (!content) return;
  if (placeholder && content.trim() === placeholder.trim()) {
    out.logit += 2;
    out.reasons.push('same text as the template');
    return;
  }
  const ref = placeholder || s.slot.layerName;
  const shapeA = s.textShape;
  const shapeB = c.textShape;
  if (shapeA && shapeA === shapeB && shapeA.includes('9')) {
    out.logit += 1.6;
    out.reasons.push(`text has the same form as "${ref}"`);
  } else if (s.expects && c.content) {
    // What the text is: a slot for a person's name wants a name, not "Free shipping over $50".
    if (s.expects === c.content) {
      out.logit += W.content;
      out.reasons.push(`text reads like ${CONTENT_LABEL[c.content]}, as the slot expects`);
    } else out.logit -= W.contentMiss;
  }
  if (placeholder && s.lines > 1 && c.lines > 1) out.logit += 0.3;
  fontEvidence(s, c, out);
}

const fontFamily = (ps: string) => ps.toLowerCase().replace(/[-_,].*$/, '').replace(/(mt|ps|std|pro)$/, '');

/** A design that keeps the template's font for a layer keeps it for that slot (only ever a "yes"). */
function fontEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  const want = s.slot.text?.font;
  const runs = c.layer.text?.runs;
  if (!want || !runs?.length) return;
  const fonts = runs.filter((r) => !r.fontDefaulted).map((r) => r.font);
  if (fonts.some((f) => f.toLowerCase() === want.toLowerCase())) {
    out.logit += W.font;
    out.reasons.push(`same font as the template (${want})`);
  } else if (fonts.some((f) => fontFamily(f) === fontFamily(want) && fontFamily(want).length >= 3)) {
    out.logit += W.font / 2;
    out.reasons.push(`same font family as the template (${fontFamily(want)})`);
  }
}

const CONTENT_LABEL: Record<Exclude<ContentType, ''>, string> = {
  person: "a person's name",
  number: 'a number',
  time: 'a time',
  price: 'a price',
  url: 'a web address',
  handle: 'a handle or hashtag',
  sentence: 'a sentence',
  words: 'a short phrase',
};

/** Reference point and size of a box for comparing layouts (text: first line, at its alignment). */
function anchor(box: NormBox, lines: number, justification: string | undefined): { x: number; y: number; size: number; w: number; h: number } {
  if (!justification) return { x: box.cx, y: box.cy, size: box.w * box.h, w: box.w, h: box.h };
  const lineH = box.h / Math.max(1, lines);
  const x = justification === 'left' ? box.cx - box.w / 2 : justification === 'right' ? box.cx + box.w / 2 : box.cx;
  return { x, y: box.cy - box.h / 2 + lineH / 2, size: lineH * lineH, w: box.w, h: lineH };
}

function geometryEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  if (!c.box) {
    // Unknown extent: weak evidence against (less for a solid, which vector fills often are).
    out.logit -= s.slot.kind === 'solid' ? W.noBox / 3 : W.noBox;
    return;
  }
  const isText = s.slot.kind === 'text';
  // Text is compared by its first line where the slot aligns it, and by font size (line height):
  // the slot's box is estimated from the placeholder's characters, and a design may wrap a line.
  const just = isText ? (s.slot.text?.justification ?? 'left') : undefined;
  const a = anchor(s.box, s.lines, just);
  const b = anchor(c.box, c.lines, just);
  const dc = Math.hypot(a.x - b.x, a.y - b.y);
  const ds = Math.abs(Math.log(a.size / b.size));
  const da = isText ? Math.abs(Math.log(a.w / b.w)) / 3 : c.aspect ? Math.abs(Math.log(s.aspect / c.aspect)) : 0;
  // A cut-out on a full-frame layer can sit anywhere in it: only its size says something.
  const damp = s.overlay ? W.overlayDamp : c.boxGuessed ? 0.5 : 1;
  const pos = Math.exp(-((dc / W.posWide) ** 2));
  const exact = Math.exp(-((dc / W.posFine) ** 2));
  const size = Math.exp(-((ds / 0.9) ** 2));
  const shape = Math.exp(-((da / 0.45) ** 2));
  out.logit += damp * (W.pos * pos + W.exact * exact + W.shape * shape - W.geoBias) + W.size * size - (s.overlay ? W.size * 0.5 : 0);
  // Far beyond the tolerances: a strip of 1% is not a frame-high video, whatever else agrees.
  if (ds > 1.8 && !s.overlay) out.logit -= Math.min(2, (ds - 1.8) * W.sizeFar);
  if (!s.overlay) {
    if (dc < 0.06) out.reasons.push(`same position ±${pct(dc)}`);
    else if (dc < 0.2) out.reasons.push(`near the slot's position (${pct(dc)} away)`);
  }
  if (ds < 0.25 && da < 0.15) out.reasons.push(isText ? 'same font size' : 'same size and shape');
  const fullSlot = s.box.w > 0.9 && s.box.h > 0.9;
  const fullLayer = c.box.w > 0.9 && c.box.h > 0.9;
  if (fullSlot && fullLayer) {
    if (!s.overlay) {
      out.logit += 1;
      out.reasons.push('both fill the frame');
    }
  } else if (isVisualSlot(s.slot)) {
    // A layer that covers the frame is a background, not a photo in part of it; a full-frame slot
    // that is a cut-out (overlay) takes a smaller layer readily.
    if (fullLayer) out.logit -= W.fullLayerMiss;
    else if (!s.overlay) out.logit -= 0.6;
  }
}

const PRIMITIVE = /^(rectangle|rounded rectangle|ellipse|polygon|line|shape|custom shape|star|triangle)\b/i;

function kindEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  const k = c.layer.kind;
  if (s.slot.kind === 'text') {
    out.reasons.push('both text');
    return;
  }
  if (s.slot.kind === 'solid') {
    if (k === 'fill' || k === 'shape') {
      out.logit += 1.2;
      out.reasons.push(`${k} layer for a solid`);
    } else if (k === 'group') out.logit -= W.group;
    else out.logit -= 0.4;
    return;
  }
  if (k === 'image' || k === 'smartObject') {
    out.logit += 0.5;
    out.reasons.push(k === 'smartObject' ? 'smart object for an image slot' : 'pixels for an image slot');
    // "Rectangle 3" or "Shape 3" rasterised is decoration more often than a picture.
    if (!c.informativeName && PRIMITIVE.test(c.layer.name.trim())) out.logit -= W.primitive;
    else if (isPhotoFileName(c.layer.name)) {
      out.logit += W.photoName;
      out.reasons.push(`"${c.layer.name}" is a photo's file name`);
    }
  } else if (k === 'group') out.logit -= W.group;
  else if (k === 'fill') out.logit -= 0.8;
  else out.logit -= W.shapeForImage;
}

function nameEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  if (!s.informativeName) return;
  // A smart object's original file name ("hero.jpg") speaks as well as the layer's name.
  const alt = c.fileName && nameSimilarity(s.name, c.fileName);
  if (!c.informativeName && !(alt && alt.how !== 'none')) return;
  let sim = c.informativeName ? nameSimilarity(s.name, c.name) : alt!;
  if (alt && alt.score > sim.score) sim = alt;
  if (sim.how === 'none') {
    out.logit -= sim.conflict ? W.conflict : 0.7;
    return;
  }
  out.logit += W.name * sim.score - 0.4;
  out.reasons.push(sim.how === 'synonym' ? `name "${c.layer.name}" means "${s.slot.layerName}" (${sim.score.toFixed(2)})` : `name ≈ '${s.slot.layerName}' (${sim.score.toFixed(2)})`);
}

function orderEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  out.logit += W.order * (1 - 2 * Math.abs(s.rank - c.rank));
}

// Scoring every pair only needs the number; reasons are written for the chosen pairs.
const NO_REASONS = { push: () => 0 } as unknown as string[];

export function evidence(s: SlotInfo, c: Candidate, withReasons = true): Evidence {
  const out: Evidence = { logit: 0, reasons: withReasons ? [] : NO_REASONS };
  kindEvidence(s, c, out);
  nameEvidence(s, c, out);
  geometryEvidence(s, c, out);
  if (s.slot.kind === 'text') textEvidence(s, c, out);
  orderEvidence(s, c, out);
  return out;
}

/** A name is informative unless it is a default or merely repeats the layer's own text. */
export function informativeLayerName(layer: PsdLayer): boolean {
  if (!layer.name.trim() || isDefaultName(layer.name)) return false;
  if (layer.text && normalizeName(layer.text.content) === normalizeName(layer.name)) return false;
  return true;
}
