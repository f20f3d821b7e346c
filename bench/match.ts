// Matching accuracy per tier against a name-only baseline, and speed at 1,000 layers × 200 slots.
import type { Match, MatchResult } from '../shared/match.js';
import type { PsdDoc } from '../shared/psd.js';
import type { Slot } from '../shared/template.js';
import { matchLayers } from '../companion/src/pipeline/match/match-layers.js';
import { levenshteinRatio } from '../companion/src/pipeline/match/names.js';
import { scorePairs } from '../tests/match/pairs-harness.js';

/** The README's reference: normalised Levenshtein ratio of names, greedy, threshold 0.5. */
function nameOnly(psd: PsdDoc, slots: Slot[]): MatchResult {
  const used = new Set<number>();
  const norm = (s: string) => s.toLowerCase();
  const matches: Match[] = slots.map((s) => {
    let best: { id: number; score: number } | null = null;
    for (const l of psd.layers) {
      if (used.has(l.id) || l.kind === 'group') continue;
      const score = levenshteinRatio(norm(s.layerName), norm(l.name));
      if (score >= 0.5 && (!best || score > best.score)) best = { id: l.id, score };
    }
    if (best) used.add(best.id);
    const l = best ? psd.layers.find((x) => x.id === best!.id)! : null;
    return { slot: { id: s.id, comp: s.compName, layerIndex: s.layerIndex, layerName: s.layerName, kind: s.kind }, psdLayer: l ? { id: l.id, name: l.name, path: l.path, order: l.order } : null, confidence: best ? best.score : 0.5, reasons: [] };
  });
  return { matches, unmatchedPsdLayers: [] };
}

export function synthetic(nLayers: number, nSlots: number): { psd: PsdDoc; slots: Slot[] } {
  const layers = Array.from({ length: nLayers }, (_, i) => ({
    id: i + 1, name: i % 7 ? `Layer ${i}` : `Headline ${i}`, path: [], order: i, fileIndex: nLayers - i, parentId: null, depth: 0,
    kind: (i % 3 ? 'image' : 'text') as 'image' | 'text',
    bounds: { left: (i * 37) % 1800, top: (i * 53) % 1000, right: ((i * 37) % 1800) + 120, bottom: ((i * 53) % 1000) + 80 },
    hidden: false, effectiveHidden: false, opacity: 1, fillOpacity: 1, blendMode: 'normal', clipping: false, hasMask: false, hasVectorMask: false, hasPixels: true,
    ...(i % 3 ? {} : { text: { content: `Text ${i}`, runs: [], justification: 'left' as const, shapeType: 'point' as const, box: null, orientation: 'horizontal' as const, transform: [1, 0, 0, 1, 0, 0], warped: false } }),
  }));
  const psd: PsdDoc = { width: 1920, height: 1080, colorMode: 'rgb', bitsPerChannel: 8, isPsb: false, resolution: 72, pixelsAvailable: true, layers, warnings: [] };
  const slots: Slot[] = Array.from({ length: nSlots }, (_, i) => ({
    id: `Main#${i + 1}`, compId: 1, compName: 'Main', layerIndex: i + 1, layerName: i % 5 ? `slot ${i}` : `headline ${i}`, kind: i % 3 ? 'image' : 'text',
    targetComp: 'Main', targetSize: { width: 1920, height: 1080 }, via: [],
    box: { left: (i * 41) % 1800, top: (i * 59) % 1000, right: ((i * 41) % 1800) + 120, bottom: ((i * 59) % 1000) + 80 }, required: false, animated: [],
  }));
  return { psd, slots };
}

function median(f: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function run(): Promise<string[]> {
  const ours = await scorePairs(matchLayers);
  const base = await scorePairs(nameOnly);
  const lines = ['slot accuracy on the 40 labelled pairs (matcher | name-only baseline, same run):'];
  for (const tier of ['easy', 'medium', 'hard'] as const) lines.push(`  ${tier.padEnd(7)} ${ours.byTier[tier]!.accuracy.toFixed(3)} | ${base.byTier[tier]!.accuracy.toFixed(3)}`);
  lines.push(`  overall ${ours.overall.accuracy.toFixed(3)} | ${base.overall.accuracy.toFixed(3)}  (ratio ${(ours.overall.accuracy / base.overall.accuracy).toFixed(2)}×)`);
  lines.push(`expected calibration error of confidence: ${ours.overall.ece!.toFixed(3)} (goal ≤ 0.05)`);
  const { psd, slots } = synthetic(1000, 200);
  matchLayers(psd, slots);
  const t = median(() => matchLayers(psd, slots), 7);
  const tb = median(() => nameOnly(psd, slots), 7);
  lines.push(`1,000 layers × 200 slots: ${t.toFixed(1)} ms median (goal < 100 ms); name-only greedy baseline ${tb.toFixed(1)} ms (ratio ${(t / tb).toFixed(2)}×)`);
  return lines;
}
