import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveAssignment } from '../../companion/src/pipeline/match/assignment.js';
import { isDefaultName, nameSimilarity, normalizeName, textShape } from '../../companion/src/pipeline/match/names.js';
import { matchLayers } from '../../companion/src/pipeline/match/match-layers.js';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { makeDesign } from '../helpers/designs.js';
import type { Slot } from '../../shared/template.js';

function bruteForce(cost: number[][]): number {
  const n = cost.length;
  const m = cost[0]!.length;
  let best = Infinity;
  const used = new Array(m).fill(false);
  const go = (i: number, sum: number) => {
    if (i === n) return void (best = Math.min(best, sum));
    for (let j = 0; j < m; j++) if (!used[j]) {
      used[j] = true;
      go(i + 1, sum + cost[i]![j]!);
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

describe('the assignment solver', () => {
  it('finds the optimum that brute force finds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 24, maxLength: 24 }), (n, extra, values) => {
        const m = n + extra;
        const cost = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => values[(i * m + j) % values.length]!));
        const choice = solveAssignment(cost);
        expect(new Set(choice).size).toBe(n);
        expect(choice.reduce((s, j, i) => s + cost[i]![j]!, 0)).toBe(bruteForce(cost));
      }),
      { numRuns: 300 },
    );
  });

  it('is not greedy: gives up a row\'s best column when another row needs it more', () => {
    expect(solveAssignment([[1, 2], [1, 100]])).toEqual([1, 0]);
  });
});

describe('layer names', () => {
  it('normalises case, separators, copies, extensions and decorations', () => {
    expect(normalizeName('Headline copy 2')).toBe('headline');
    expect(normalizeName('green_yellow_bg.png')).toBe('green yellow bg');
    expect(normalizeName('T_track_name_final2')).toBe('track name');
    expect(normalizeName('IMG - nm.png new')).toBe('nm');
  });

  it('treats synonyms and translations as the same thing, and numbered siblings as different', () => {
    expect(nameSimilarity('Headline', 'Title').how).toBe('synonym');
    expect(nameSimilarity('BG', 'Background').how).toBe('synonym');
    expect(nameSimilarity('logo', 'Marke').how).toBe('synonym');
    expect(nameSimilarity('CTA', 'Button').how).toBe('synonym');
    expect(nameSimilarity('background.jpg', '背景').how).toBe('synonym');
    expect(nameSimilarity('player1fullname', 'player 1 full name').score).toBe(1);
    expect(nameSimilarity('player1fullname', 'player2fullname').score).toBeLessThan(0.5);
    expect(nameSimilarity('base', 'base_1').score).toBeGreaterThan(0.8);
    expect(nameSimilarity('Headline', 'Price').how).toBe('none');
  });

  it('knows Photoshop default names carry no meaning', () => {
    for (const n of ['Layer 7', 'Rectangle 3', 'Layer 13 copy 2', 'Color Fill 1', 'Group 2', 'Ebene 4']) expect(isDefaultName(n), n).toBe(true);
    for (const n of ['Headline', 'logo_final', 'Price tag']) expect(isDefaultName(n), n).toBe(false);
  });

  it('sees the form of sample values', () => {
    expect(textShape('00:00')).toBe(textShape('5:12'));
    expect(textShape('#00')).toBe(textShape('#7'));
  });
});

const slot = (id: number, name: string, kind: Slot['kind'], box: Slot['box'], text?: string): Slot => ({
  id: `Main#${id}`,
  compId: 1,
  compName: 'Main',
  layerIndex: id,
  layerName: name,
  kind,
  targetComp: 'Main',
  targetSize: { width: 1920, height: 1080 },
  via: [],
  box,
  required: false,
  animated: [],
  ...(text ? { text: { text, font: 'ArialMT', fontSize: 60, fillColor: [1, 1, 1], justification: 'left', boxText: false, keyframed: false } } : {}),
});

describe('matchLayers on generated designs', () => {
  it('matches a 1080×1350 design to a 1920×1080 template by layout when names say nothing', () => {
    const slots = [
      slot(1, 'Title', 'text', { left: 100, top: 80, right: 900, bottom: 180 }, 'Title'),
      slot(2, 'Photo', 'image', { left: 1000, top: 100, right: 1800, bottom: 1000 }),
      slot(3, 'Background', 'image', { left: 0, top: 0, right: 1920, bottom: 1080 }),
    ];
    const psd = extractPsd(
      makeDesign(1080, 1350, [
        { name: 'Big summer sale', kind: 'text', box: { left: 60, top: 100, right: 500, bottom: 220 }, text: 'Big summer sale' },
        { name: 'Layer 4', kind: 'image', box: { left: 560, top: 120, right: 1010, bottom: 1250 } },
        { name: 'Layer 1', kind: 'image', box: { left: 0, top: 0, right: 1080, bottom: 1350 } },
      ]),
    );
    const r = matchLayers(psd, slots);
    expect(r.matches.map((m) => m.psdLayer?.name)).toEqual(['Big summer sale', 'Layer 4', 'Layer 1']);
    expect(r.matches[2]!.reasons.join(' ')).toMatch(/fill the frame/);
  });

  it('leaves a slot empty rather than filling it with a hidden layer', () => {
    const slots = [slot(1, 'Logo', 'image', { left: 1700, top: 50, right: 1870, bottom: 150 })];
    const psd = extractPsd(makeDesign(1920, 1080, [{ name: 'Logo', kind: 'image', hidden: true, box: { left: 1700, top: 50, right: 1870, bottom: 150 } }]));
    const r = matchLayers(psd, slots);
    expect(r.matches[0]!.psdLayer).toBeNull();
  });

  it('matches 1,000 layers against 200 slots', () => {
    const layers = Array.from({ length: 1000 }, (_, i) => ({ name: `Layer ${i}`, kind: (i % 3 ? 'image' : 'text') as 'image' | 'text', box: { left: (i * 37) % 1800, top: (i * 53) % 1000, right: ((i * 37) % 1800) + 100, bottom: ((i * 53) % 1000) + 60 } }));
    const psd = extractPsd(makeDesign(1920, 1080, layers.slice(0, 200)));
    const many = { ...psd, layers: Array.from({ length: 5 }, (_, k) => psd.layers.map((l) => ({ ...l, id: l.id + k * 10000, order: l.order + k * 200 }))).flat() };
    const slots = Array.from({ length: 200 }, (_, i) => slot(i + 1, `Slot ${i}`, i % 3 ? 'image' : 'text', { left: (i * 41) % 1800, top: (i * 59) % 1000, right: ((i * 41) % 1800) + 100, bottom: ((i * 59) % 1000) + 60 }));
    const r = matchLayers(many, slots);
    expect(r.matches).toHaveLength(200);
  });
});
