// Evidence that a PSD layer fills a slot, as log-odds terms with a reason each. Every signal a person
// uses: names (and synonyms), kind, layout normalised to each canvas, stacking order, text content.
import type { PsdDoc, PsdLayer, Rect } from '../../../../shared/psd.js';
import type { Slot } from '../../../../shared/template.js';
import { isDefaultName, nameKey, nameSimilarity, normalizeName, textShape, type NameKey } from './names.js';

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
  /** Layer box normalised to its frame (canvas or artboard), or null when it has no known geometry. */
  box: NormBox | null;
  aspect: number | null;
  /** Name carries meaning (not a Photoshop default, not just the layer's own text). */
  informativeName: boolean;
  rank: number;
  name: NameKey;
  textShape: string;
}

export interface SlotInfo {
  slot: Slot;
  box: NormBox;
  aspect: number;
  informativeName: boolean;
  rank: number;
  name: NameKey;
  /** textShape of the placeholder text (or the name when there is none). */
  textShape: string;
}

export function slotKeys(slot: Slot): Pick<SlotInfo, 'name' | 'textShape'> {
  return { name: nameKey(slot.layerName), textShape: textShape(slot.text?.text || slot.layerName) };
}

export function candidateKeys(layer: PsdLayer): Pick<Candidate, 'name' | 'textShape'> {
  return { name: nameKey(layer.name), textShape: layer.text ? textShape(layer.text.content) : '' };
}

export interface NormBox {
  cx: number;
  cy: number;
  w: number;
  h: number;
}

/** Weights of the evidence terms (log-odds units). */
export const W = { pos: 2.0, exact: 1.2, posWide: 0.2, posFine: 0.04, size: 1.2, shape: 0.9, geoBias: 2.1, name: 2.8, order: 0.8 };

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

export function candidateBox(layer: PsdLayer, frame: Frame): NormBox | null {
  const b = layer.bounds;
  if (b.right > b.left && b.bottom > b.top) return normBox(b, frame);
  // A fill layer without pixels covers its whole canvas.
  if (layer.kind === 'fill') return { cx: 0.5, cy: 0.5, w: 1, h: 1 };
  return null;
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
  }
  const lines = (t: string) => t.split(/\r|\n/).length;
  if (placeholder && lines(placeholder) > 1 && lines(content) > 1) out.logit += 0.3;
}

function geometryEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  if (!c.box) return;
  const dc = Math.hypot(s.box.cx - c.box.cx, s.box.cy - c.box.cy);
  const ds = Math.abs(Math.log((s.box.w * s.box.h) / (c.box.w * c.box.h)));
  const da = c.aspect ? Math.abs(Math.log(s.aspect / c.aspect)) : 0;
  const pos = Math.exp(-((dc / W.posWide) ** 2));
  const exact = Math.exp(-((dc / W.posFine) ** 2));
  const size = Math.exp(-((ds / 0.9) ** 2));
  const shape = Math.exp(-((da / 0.45) ** 2));
  out.logit += W.pos * pos + W.exact * exact + W.size * size + W.shape * shape - W.geoBias;
  if (dc < 0.06) out.reasons.push(`same position ±${pct(dc)}`);
  else if (dc < 0.2) out.reasons.push(`near the slot's position (${pct(dc)} away)`);
  if (ds < 0.25 && da < 0.15) out.reasons.push('same size and shape');
  const fullSlot = s.box.w > 0.9 && s.box.h > 0.9;
  const fullLayer = c.box.w > 0.9 && c.box.h > 0.9;
  if (fullSlot && fullLayer) {
    out.logit += 1;
    out.reasons.push('both fill the frame');
  } else if (fullSlot !== fullLayer && isVisualSlot(s.slot)) out.logit -= 0.6;
}

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
    } else out.logit -= 0.4;
    return;
  }
  if (k === 'image' || k === 'smartObject') {
    out.logit += 0.5;
    out.reasons.push(k === 'smartObject' ? 'smart object for an image slot' : 'pixels for an image slot');
  } else if (k === 'group') out.logit -= 2.2;
  else if (k === 'fill') out.logit -= 0.8;
  else out.logit -= 0.2;
}

function nameEvidence(s: SlotInfo, c: Candidate, out: Evidence): void {
  if (!s.informativeName || !c.informativeName) return;
  const sim = nameSimilarity(s.name, c.name);
  if (sim.how === 'none') {
    out.logit -= 0.7;
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
