// Stage 1 auto-matching: score every (slot, PSD layer) pair from all the evidence a person would use,
// solve one global assignment with a "no layer" option per slot, then turn each choice's score and
// its margin over the alternatives into a calibrated confidence.
import type { PsdDoc, PsdLayer } from '../../../../shared/psd.js';
import type { Slot } from '../../../../shared/template.js';
import type { Match, MatchOptions, MatchResult, PsdLayerRef } from '../../../../shared/match.js';
import { solveAssignment } from './assignment.js';
import { candidateBox, candidateKeys, compatible, evidence, fittedBox, hasBounds, informativeLayerName, isVisualSlot, layerFrame, normBox, slotKeys, type Candidate, type NormBox, type SlotInfo } from './features.js';
import { isDefaultName } from './names.js';

/** Log-odds a candidate must beat for a slot to be filled rather than left empty. */
export const NULL_LOGIT = { value: -0.3 };

/**
 * Confidence = σ(A·margin + B·score + C), margin = the choice's log-odds over the best alternative
 * (another layer or no layer). A, B, C (and NULL_CAL's two) were fitted by grid search minimising
 * ECE + log-loss/4 on the public labelled pairs, pooled over ten perturbed variants of this matcher's
 * weights so the curve is learnt from more than the handful of errors one run makes; among near-equal
 * fits the one that leans on evidence strength (B) is kept, as it holds up best on the hard tier.
 */
export const CAL = { A: 0.5, B: 0.25, C: 2.0 };
export const NULL_CAL = { A: 0.1, C: 2.9 };

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export const layerRef = (l: PsdLayer): PsdLayerRef => ({ id: l.id, name: l.name, path: l.path, order: l.order });

function ranks<T>(items: T[], key: (t: T) => number): Map<T, number> {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return new Map(sorted.map((t, i) => [t, sorted.length > 1 ? i / (sorted.length - 1) : 0.5]));
}

/** Slots and candidate layers with everything the evidence terms need, computed once. */
export function prepare(psd: PsdDoc, slots: Slot[]): { slotInfo: SlotInfo[]; candidates: Candidate[] } {
  const byId = new Map(psd.layers.map((l) => [l.id, l]));
  // Hidden layers are never proposed: a hidden copy is an old version (the editor may still pick it).
  const live = psd.layers.filter((l) => !l.effectiveHidden && l.kind !== 'adjustment');

  const slotInfo: SlotInfo[] = [];
  const slotRank = new Map<Slot, number>();
  for (const cls of [true, false]) {
    const group = slots.filter((s) => isVisualSlot(s) === cls);
    const r = ranks(group, (s) => s.via.length * 1000 + s.layerIndex);
    for (const [s, v] of r) slotRank.set(s, v);
  }
  const fullVisual = (s: Slot) => isVisualSlot(s) && s.box.left <= 1 && s.box.top <= 1 && s.box.right >= s.targetSize.width - 1 && s.box.bottom >= s.targetSize.height - 1;
  for (const s of slots) {
    const frame = { left: 0, top: 0, width: s.targetSize.width, height: s.targetSize.height };
    const w = s.box.right - s.box.left;
    const h = s.box.bottom - s.box.top;
    // A full-frame image above another full-frame image of the same comp is a cut-out (its pixels
    // sit somewhere in the frame), not a background.
    const overlay = s.kind === 'image' && fullVisual(s) && slots.some((o) => o !== s && o.compName === s.compName && fullVisual(o) && o.layerIndex > s.layerIndex);
    slotInfo.push({ slot: s, box: normBox(s.box, frame), aspect: w > 0 && h > 0 ? w / h : 1, informativeName: !isDefaultName(s.layerName), rank: slotRank.get(s)!, overlay, ...slotKeys(s) });
  }
  const comp = slots[0]?.targetSize ?? { width: psd.width, height: psd.height };

  const candidates: Candidate[] = [];
  for (const cls of ['text', 'visual'] as const) {
    const group = live.filter((l) => (l.kind === 'text') === (cls === 'text') && !(l.kind === 'group' && l.isArtboard));
    const r = ranks(group, (l) => l.order);
    for (const l of group) {
      const frame = layerFrame(l, psd, byId);
      const box = candidateBox(l, frame);
      const guessed = !hasBounds(l);
      const b = l.bounds;
      const boxes: [NormBox | null, NormBox | null] = [box, guessed ? box : fittedBox(box, frame, comp)];
      candidates.push({ layer: l, box, boxes, boxGuessed: guessed, aspect: b.right > b.left && b.bottom > b.top ? (b.right - b.left) / (b.bottom - b.top) : null, informativeName: informativeLayerName(l), rank: r.get(l)!, ...candidateKeys(l) });
    }
  }
  return { slotInfo, candidates };
}

export function matchLayers(psd: PsdDoc, slots: Slot[], options: MatchOptions = {}): MatchResult {
  const nullLogit = options.minScore !== undefined ? Math.log(options.minScore / (1 - options.minScore)) : NULL_LOGIT.value;
  const { slotInfo, candidates } = prepare(psd, slots);
  const { ev, choice, hyp } = assign(slotInfo, candidates, nullLogit);
  const layoutNote = hyp === 1 ? ["layout read as the comp's, scaled to fit the design's canvas"] : [];

  const matches: Match[] = slotInfo.map((s, i) => {
    const j = choice[i]!;
    const ref = { id: s.slot.id, comp: s.slot.compName, layerIndex: s.slot.layerIndex, layerName: s.slot.layerName, kind: s.slot.kind };
    const scores = Array.from(ev[i]!, (x) => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x));
    if (j >= candidates.length || Number.isNaN(ev[i]![j]!)) {
      const best = scores.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
      const margin = Number.isFinite(best) ? nullLogit - best : 4;
      return { slot: ref, psdLayer: null, confidence: round(sigmoid(NULL_CAL.A * margin + NULL_CAL.C)), reasons: nullReasons(best, nullLogit) };
    }
    const e = evidence(s, candidates[j]!);
    let runnerUp = nullLogit;
    for (let k = 0; k < scores.length; k++) if (k !== j && scores[k]! > runnerUp) runnerUp = scores[k]!;
    const margin = e.logit - runnerUp;
    return { slot: ref, psdLayer: layerRef(candidates[j]!.layer), confidence: round(sigmoid(CAL.A * margin + CAL.B * e.logit + CAL.C)), reasons: e.reasons.length ? dedupe([...e.reasons, ...layoutNote]) : [`best remaining ${candidates[j]!.layer.kind} layer (score ${e.logit.toFixed(1)})`] };
  });
  const used = new Set(matches.map((m) => m.psdLayer?.id).filter((x) => x !== undefined));
  const unmatchedPsdLayers = psd.layers.filter((l) => !used.has(l.id) && l.kind !== 'group' && l.kind !== 'adjustment').map(layerRef);
  return { matches, unmatchedPsdLayers };
}

/**
 * Two readings of the design's layout: stretched to its canvas (reflowed), or the comp's layout
 * scaled to fit inside it. Where they differ, the one under which the best assignment scores higher
 * is the design's; candidates' `box` is left set to it.
 */
const FIT_MARGIN = 1.5;

export function assign(slotInfo: SlotInfo[], candidates: Candidate[], nullLogit: number): { ev: Float64Array[]; choice: number[]; hyp: 0 | 1 } {
  const differ = candidates.some((c) => !sameBox(c.boxes[0], c.boxes[1]));
  let best: { ev: Float64Array[]; choice: number[]; total: number; hyp: 0 | 1 } | null = null;
  for (const hyp of differ ? ([0, 1] as const) : ([0] as const)) {
    for (const c of candidates) c.box = c.boxes[hyp];
    const run = scoreAndAssign(slotInfo, candidates, nullLogit);
    // Stretching is the plain reading; fitting must explain the layout clearly better.
    if (!best || run.total > best.total + FIT_MARGIN) best = { ...run, hyp };
  }
  for (const c of candidates) c.box = c.boxes[best!.hyp];
  return best!;
}

function scoreAndAssign(slotInfo: SlotInfo[], candidates: Candidate[], nullLogit: number): { ev: Float64Array[]; choice: number[]; total: number } {
  // Rows: slots. Columns: candidates, then one "no layer" column per slot.
  const FORBIDDEN = 1e6;
  const ev: Float64Array[] = slotInfo.map((s) => {
    const row = new Float64Array(candidates.length).fill(Number.NaN);
    for (let j = 0; j < candidates.length; j++) if (compatible(s.slot, candidates[j]!.layer)) row[j] = evidence(s, candidates[j]!, false).logit;
    return row;
  });
  const width = candidates.length + slotInfo.length;
  const cost = slotInfo.map((_, i) => {
    const row = new Array<number>(width).fill(FORBIDDEN);
    const e = ev[i]!;
    for (let j = 0; j < e.length; j++) if (!Number.isNaN(e[j]!)) row[j] = -e[j]!;
    row[candidates.length + i] = -nullLogit;
    return row;
  });
  const choice = solveAssignment(cost);
  let total = 0;
  choice.forEach((j, i) => (total += j < candidates.length && !Number.isNaN(ev[i]![j]!) ? ev[i]![j]! : nullLogit));
  return { ev, choice, total };
}

function sameBox(a: NormBox | null, b: NormBox | null): boolean {
  if (!a || !b) return a === b;
  return Math.abs(a.cx - b.cx) < 1e-6 && Math.abs(a.cy - b.cy) < 1e-6 && Math.abs(a.w - b.w) < 1e-6 && Math.abs(a.h - b.h) < 1e-6;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const dedupe = (xs: string[]) => [...new Set(xs)];

function nullReasons(best: number, threshold: number): string[] {
  if (!Number.isFinite(best)) return ['no PSD layer of a compatible kind'];
  return [`no layer is a convincing fit (best score ${best.toFixed(1)} < ${threshold.toFixed(1)})`];
}
