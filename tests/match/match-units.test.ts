import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveAssignment } from '../../companion/src/pipeline/match/assignment.js';
import { classifyText, isDefaultName, nameSimilarity, normalizeName, textShape } from '../../companion/src/pipeline/match/names.js';
import type { PsdDoc, PsdLayer } from '../../shared/psd.js';
import { matchLayers } from '../../companion/src/pipeline/match/match-layers.js';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { makeDesign } from '../helpers/designs.js';
import type { Slot, TemplateText } from '../../shared/template.js';

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
    expect(nameSimilarity('player1fullname', 'player2fullname').score).toBeLessThanOrEqual(0.6);
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

describe('new name signals', () => {
  it('ignores the word "layer" and ties names by a shared year or id', () => {
    expect(nameSimilarity('movie_layer', 'shape_layer').how).toBe('none');
    expect(nameSimilarity('solid_layer', 'solidLayer').score).toBe(1);
    expect(nameSimilarity('写真 2016', '2016-aug-deep.jpg').score).toBeGreaterThan(0.5);
    expect(nameSimilarity('noise', '2016-aug-deep.jpg').how).toBe('none');
  });

  it('counts a concept less when it is only one word of a longer name', () => {
    expect(nameSimilarity('pic_progress_bg', 'base').score).toBeLessThan(nameSimilarity('BG', 'base').score);
    expect(nameSimilarity('Hintergrund', 'background.jpg').how).toBe('synonym');
  });

  it('treats camera, stock and export file names as defaults', () => {
    for (const n of ['IMG_4032', 'unsplash-ba50df', 'export_18@2x', 'DSC05732.jpg', 'AdobeStock_564879994.jpg', 'Untitled-4']) expect(isDefaultName(n), n).toBe(true);
    for (const n of ['hero_shot', 'Background', 'export options', 'photo.jpg']) expect(isDefaultName(n), n).toBe(false);
  });

  it('reads what a text is', () => {
    expect(classifyText("Liam O'Connor")).toBe('person');
    expect(classifyText('ELOISE GRACE')).toBe('person');
    expect(classifyText('Florence + The Machine')).toBe('person');
    expect(classifyText('宇多田ヒカル')).toBe('person');
    expect(classifyText('Free shipping over $50')).toBe('sentence');
    expect(classifyText('Limited time only')).toBe('words');
    expect(classifyText('4:07')).toBe('time');
    expect(classifyText('#7')).toBe('number');
    expect(classifyText('€19,99')).toBe('price');
    expect(classifyText('www.example.com')).toBe('url');
    expect(classifyText('@brandname')).toBe('handle');
  });
});

// PsdDocs built directly, for structures ag-psd test files do not make easily (groups, fonts).
type L = Omit<Partial<PsdLayer>, 'text' | 'name' | 'kind'> & { name: string; kind: PsdLayer['kind']; box?: [number, number, number, number]; text?: string; font?: string; parent?: number };
function doc(width: number, height: number, layers: L[]): PsdDoc {
  const out: PsdLayer[] = layers.map((l, i) => {
    const [left, top, right, bottom] = l.box ?? [0, 0, 0, 0];
    const parent = l.parent !== undefined ? out0(l.parent) : null;
    return {
      id: i + 1, name: l.name, path: parent ? [layers[l.parent!]!.name] : [], order: i, fileIndex: layers.length - i, parentId: parent, depth: parent ? 1 : 0, kind: l.kind,
      bounds: { left, top, right, bottom }, hidden: false, effectiveHidden: false, opacity: 1, fillOpacity: 1, blendMode: 'normal', clipping: false, hasMask: false, hasVectorMask: false, hasPixels: l.kind !== 'group',
      ...(l.text !== undefined ? { text: { content: l.text, runs: [{ start: 0, length: l.text.length, font: l.font ?? 'ArialMT', fontDefaulted: false, size: 40, sizeDefaulted: false, color: null }], justification: 'left' as const, shapeType: 'point' as const, box: null, orientation: 'horizontal' as const, transform: [1, 0, 0, 1, left, bottom], warped: false } } : {}),
    };
  });
  function out0(i: number) { return i + 1; }
  return { width, height, colorMode: 'rgb', bitsPerChannel: 8, isPsb: false, resolution: 72, pixelsAvailable: true, layers: out, warnings: [] };
}
const textOf = (text: string, font = 'ArialMT'): TemplateText => ({ text, font, fontSize: 60, fillColor: [1, 1, 1], justification: 'left', boxText: false, keyframed: false });
const picked = (psd: PsdDoc, slots: Slot[]) => matchLayers(psd, slots).matches.map((m) => m.psdLayer?.name ?? null);

describe('matchLayers signals', () => {
  it('reads a layout fitted (letter-boxed) into another canvas by where it was fitted, not stretched', () => {
    // 1920×1080 comp fitted into 1080×1350: scale 0.5625, content from y = 371.25.
    const slots = [slot(1, 'Title', 'text', { left: 100, top: 100, right: 700, bottom: 200 }, 'Title'), slot(2, 'Caption', 'text', { left: 100, top: 880, right: 700, bottom: 980 }, 'Caption')];
    const y = (v: number) => 371.25 + v * 0.5625;
    const psd = doc(1080, 1350, [
      { name: 'Layer 1', kind: 'text', text: 'Summer', box: [56, y(100), 394, y(200)] },
      { name: 'Layer 2', kind: 'text', text: 'See you there', box: [56, y(880), 394, y(980)] },
      // Where the title would be if the layout were stretched to the canvas.
      { name: 'Layer 3', kind: 'text', text: 'Extra', box: [56, 125, 394, 250] },
    ]);
    const r = matchLayers(psd, slots);
    expect(r.matches.map((m) => m.psdLayer?.name)).toEqual(['Layer 1', 'Layer 2']);
    expect(r.matches[0]!.reasons.join(' ')).toMatch(/scaled to fit/);
  });

  it('does not fill a slot with a folder of layers when a layer of the right kind is there', () => {
    const slots = [slot(1, 'Photo', 'image', { left: 0, top: 0, right: 1920, bottom: 1080 })];
    const psd = doc(1920, 1080, [
      { name: 'Photo', kind: 'group', box: [0, 0, 1920, 1080] },
      { name: 'Layer 5', kind: 'image', box: [200, 100, 1720, 980], parent: 0 },
      { name: 'Layer 6', kind: 'shape', box: [800, 500, 900, 600], parent: 0 },
    ]);
    expect(picked(psd, slots)).toEqual(['Layer 5']);
  });

  it('puts a person\'s name, not a promotion, into a name slot', () => {
    const slots = [slot(1, 'speaker_name', 'text', { left: 100, top: 100, right: 700, bottom: 160 }, 'Speaker Name')];
    const psd = doc(1920, 1080, [
      { name: 'Layer 1', kind: 'text', text: 'Free shipping over $50', box: [100, 100, 700, 160] },
      { name: 'Layer 2', kind: 'text', text: 'Ana Souza', box: [120, 130, 420, 190] },
    ]);
    expect(picked(psd, slots)).toEqual(['Layer 2']);
    expect(matchLayers(psd, slots).matches[0]!.reasons.join(' ')).toMatch(/person's name/);
  });

  it('prefers the layer set in the template\'s font', () => {
    const slots = [slot(1, 'Line', 'text', { left: 100, top: 100, right: 700, bottom: 160 }, undefined)];
    slots[0]!.text = textOf('Sample line', 'Oswald-Bold');
    const psd = doc(1920, 1080, [
      { name: 'Layer 1', kind: 'text', text: 'Something here', font: 'Roboto-Regular', box: [100, 100, 700, 160] },
      { name: 'Layer 2', kind: 'text', text: 'Other words', font: 'Oswald-Bold', box: [100, 100, 700, 160] },
    ]);
    expect(picked(psd, slots)).toEqual(['Layer 2']);
  });

  it('lets layout overrule swapped sibling names', () => {
    const slots = [slot(1, 'player1', 'text', { left: 100, top: 100, right: 700, bottom: 160 }, 'player1'), slot(2, 'player2', 'text', { left: 100, top: 300, right: 700, bottom: 360 }, 'player2')];
    const psd = doc(1920, 1080, [
      { name: 'player2', kind: 'text', text: 'Mia Wong', box: [100, 100, 600, 160] },
      { name: 'player1', kind: 'text', text: 'Leo Park', box: [100, 300, 600, 360] },
    ]);
    expect(picked(psd, slots)).toEqual(['player2', 'player1']);
  });

  it('leaves a photo slot empty rather than giving it the background that covers the frame', () => {
    const slots = [slot(1, 'photo.jpg', 'image', { left: 320, top: 180, right: 1600, bottom: 900 })];
    const psd = doc(1920, 1080, [{ name: 'Background', kind: 'image', box: [0, 0, 1920, 1080] }]);
    expect(picked(psd, slots)).toEqual([null]);
  });

  it('fills a full-frame cut-out above a full-frame background with the figure, wherever it stands', () => {
    const slots = [slot(1, 'cutout.png', 'image', { left: 0, top: 0, right: 1920, bottom: 1080 }), slot(2, 'bg.png', 'image', { left: 0, top: 0, right: 1920, bottom: 1080 })];
    const psd = doc(1920, 1080, [
      { name: 'Layer 3', kind: 'image', box: [1200, 100, 1700, 1080] },
      { name: 'Layer 1', kind: 'image', box: [0, 0, 1920, 1080] },
    ]);
    expect(picked(psd, slots)).toEqual(['Layer 3', 'Layer 1']);
  });
});
