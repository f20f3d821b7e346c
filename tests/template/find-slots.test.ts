// findSlots against the labelled pairs corpus (its manifest lists the expected slots of four real
// template comps, its truth.json their boxes) and against hand-computed geometry on edited templates.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Slot, TemplateDoc, TemplateLayer } from '../../shared/template.js';
import { BadInputError } from '../../companion/src/errors.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { defaultTargetComp, findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { PAIRS_CORPUS, readCorpus } from '../helpers/corpus.js';

interface ManifestSlot {
  compName: string;
  layerIndex: number;
  layerName: string;
  kind: string;
}
interface TruthSlot extends ManifestSlot {
  bbox: [number, number, number, number];
}
const manifest = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, 'manifest.json'), 'utf8')) as {
  cases: { case: string; template: string; comp: string; slots: ManifestSlot[] }[];
};
const templates = [...new Map(manifest.cases.map((c) => [`${c.template}|${c.comp}`, c])).values()];
const load = (f: string): TemplateDoc => extractTemplate(readCorpus('aepx', f));
const edforman = (): TemplateDoc => structuredClone(load('edforman_test-correct_ae25.5.aepx'));
const layer = (d: TemplateDoc, comp: string, index: number): TemplateLayer => d.comps.find((c) => c.name === comp)!.layers[index - 1]!;
const key = (s: { layerIndex: number; layerName: string; kind: string }): string => `${s.layerIndex}|${s.layerName}|${s.kind}`;
const boxOf = (s: Slot): number[] => [s.box.left, s.box.top, s.box.right, s.box.bottom];

function iou(a: number[], b: number[]): number {
  const w = Math.max(0, Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!));
  const h = Math.max(0, Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!));
  const area = (r: number[]): number => (r[2]! - r[0]!) * (r[3]! - r[1]!);
  return (w * h) / (area(a) + area(b) - w * h);
}

describe('findSlots on the pairs corpus templates', () => {
  it.each(templates.map((t) => [t.comp, t]))('finds exactly the labelled slots of "%s"', (_name, t) => {
    const slots = findSlots(load(t.template), t.comp);
    expect(slots.map(key)).toEqual(t.slots.map(key));
    expect(new Set(slots.map((s) => s.id)).size).toBe(slots.length);
    for (const s of slots) expect([s.targetComp, s.compName, s.via]).toEqual([t.comp, t.comp, []]);
  });

  it.each(templates.map((t) => [t.comp, t]))('puts the slots of "%s" where the dataset does (footage exact, text estimated)', (_name, t) => {
    const truth = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, t.case, 'truth.json'), 'utf8')) as { slots: TruthSlot[] };
    const slots = findSlots(load(t.template), t.comp);
    for (const ts of truth.slots) {
      const s = slots.find((x) => x.layerIndex === ts.layerIndex)!;
      if (s.kind === 'text') {
        expect(iou(boxOf(s), ts.bbox)).toBeGreaterThan(0.9);
        expect([s.box.top, s.box.bottom]).toEqual([ts.bbox[1], ts.bbox[3]]);
      } else expect(boxOf(s)).toEqual(ts.bbox);
    }
  });

  it('offers the earlier product template’s three RUSHFLOW text slots and two image slots', () => {
    const slots = findSlots(load('edforman_test-correct_ae25.5.aepx'));
    expect(slots.filter((s) => s.kind === 'text').map((s) => [s.id, s.text?.font])).toEqual([
      ['test-aep#1', 'RUSHFLOW'],
      ['test-aep#2', 'RUSHFLOW'],
      ['test-aep#3', 'RUSHFLOW'],
    ]);
    expect(slots.filter((s) => s.kind === 'image').map((s) => [s.layerName, s.sourceSize])).toEqual([
      ['featuredimage1', { width: 1200, height: 1500 }],
      ['green_yellow_bg.png', { width: 1200, height: 1500 }],
    ]);
  });
});

describe('defaultTargetComp', () => {
  it('picks the root comp, not the precomp used inside it, even when both have slots', () => {
    const d = edforman();
    expect(defaultTargetComp(d)).toBe('test-aep');
    expect(findSlots(d, 'test-photoshop-doc').length).toBe(6);
  });

  it('picks the root comp with the most slots', () => {
    const d = load('aetojson_testProject-9c7cf53_ae13.7.aepx');
    const counts = d.comps.map((c) => [c.name, findSlots(d, c.name).length] as const);
    const best = Math.max(...counts.map(([, n]) => n));
    expect(counts.find(([n]) => n === defaultTargetComp(d))?.[1]).toBe(best);
  });

  it('returns null for a project without comps, and findSlots then finds none', () => {
    const d = load('nexrender_empty_ae15.0.aepx');
    expect(defaultTargetComp(d)).toBeNull();
    expect(findSlots(d)).toEqual([]);
  });

  it('names the comps when asked for one that does not exist', () => {
    expect(() => findSlots(edforman(), 'Main')).toThrow(BadInputError);
    expect(() => findSlots(edforman(), 'Main')).toThrow(/"Main".*"test-aep", "test-photoshop-doc"/);
  });
});

describe('findSlots rules', () => {
  it('skips guide, disabled and underscore layers', () => {
    const d = edforman();
    layer(d, 'test-aep', 1).guide = true;
    layer(d, 'test-aep', 2).enabled = false;
    layer(d, 'test-aep', 3).name = '_notes';
    expect(findSlots(d, 'test-aep').map((s) => s.layerIndex)).toEqual([4, 5]);
  });

  it('marks names ending in * or containing [required] as required', () => {
    const d = edforman();
    layer(d, 'test-aep', 1).name = 'Headline*';
    layer(d, 'test-aep', 4).name = 'Hero [Required]';
    expect(findSlots(d, 'test-aep').map((s) => s.required)).toEqual([true, false, false, true, false]);
  });

  it('skips solids that host a generator effect but keeps one with a colour effect', () => {
    const slots = findSlots(load('nexrender_nm05ae12_ae12.1.aepx'), 'main');
    expect(slots.some((s) => s.layerName === 'audio_spectrum')).toBe(false); // ADBE AudSpect
    expect(slots.find((s) => s.layerName === 'base')?.kind).toBe('solid'); // ADBE Change To Color
  });

  it('walks into an enabled precomp and maps its slots into the target comp through the precomp layer', () => {
    const d = edforman();
    const pre = layer(d, 'test-aep', 6);
    pre.enabled = true;
    // precomp 1200×1500 scaled to 50 % around its centre (anchor 600,750) and placed at (300, 400)
    pre.transform = { ...pre.transform, scale: [50, 50, 100], position: [300, 400, 0] };
    const slots = findSlots(d, 'test-aep');
    const nested = slots.filter((s) => s.via.length);
    expect(nested.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `test-aep#6>test-photoshop-doc#${i}`));
    expect(nested[0]!.via).toEqual([{ compId: 1, compName: 'test-aep', layerIndex: 6 }]);
    // inner layer 6 "Background": 1200×1500 PSD layer centred in the precomp → the whole precomp,
    // i.e. 600×750 centred on (300, 400)
    expect(boxOf(nested[5]!)).toEqual([0, 25, 600, 775]);
    // inner layer 3 "BEN FORMAN": 244×38 at (194, 288) in precomp pixels → ((194−600)/2+300, (288−750)/2+400) ± half size
    const ben = nested[2]!;
    expect(ben.layerName).toBe('BEN FORMAN');
    expect(boxOf(ben)).toEqual([97 - 61, 169 - 9.5, 97 + 61, 169 + 9.5]);
  });

  it('applies rotation and parenting to boxes', () => {
    const d = edforman();
    const img = layer(d, 'test-aep', 4); // 1200×1500 image, anchor at its centre
    img.transform = { ...img.transform, rotation: 90, position: [600, 750, 0] };
    expect(boxOf(findSlots(d, 'test-aep')[3]!)).toEqual([-150, 150, 1350, 1350]);
    // parent the text layer to the image, then move the parent: the child moves with it
    const d2 = edforman();
    const before = findSlots(d2, 'test-aep')[0]!.box;
    layer(d2, 'test-aep', 1).parentIndex = 4;
    const parent = layer(d2, 'test-aep', 4);
    // a parent at its rest transform (anchor = position) leaves the child where it was
    expect(findSlots(d2, 'test-aep')[0]!.box).toEqual(before);
    parent.transform = { ...parent.transform, position: [700, 800, 0] };
    const after = findSlots(d2, 'test-aep')[0]!.box;
    expect([after.left - before.left, after.top - before.top]).toEqual([100, 50]);
  });

  it('estimates point text from size and justification, and uses the box of box text', () => {
    const d = edforman();
    const t = layer(d, 'test-aep', 1);
    t.transform = { ...t.transform, position: [100, 200, 0] };
    t.text = { ...t.text!, text: 'AB', fontSize: 100, justification: 'center', tracking: 0 };
    // two capitals are narrower than the 3 em minimum → 300 px wide, centred on x=100; ascent 75, descent 25
    expect(boxOf(findSlots(d, 'test-aep')[0]!)).toEqual([-50, 125, 250, 225]);
    t.text = { ...t.text, boxText: true, boxPosition: [-200, -50], boxSize: [400, 300] };
    expect(boxOf(findSlots(d, 'test-aep')[0]!)).toEqual([-100, 150, 300, 450]);
  });
});

describe('findSlots on hostile nesting', () => {
  it('refuses precomps that multiply into too many layers instead of searching forever', () => {
    const d = edforman();
    const base = d.comps[0]!;
    const pre = base.layers[5]!;
    // 9 comps, each using the next one 10 times: 10^8 layers if expanded
    d.comps = Array.from({ length: 9 }, (_, k) => ({
      ...base,
      id: 1000 + k,
      name: `Level ${k}`,
      layers: Array.from({ length: 10 }, (_, i) => ({ ...pre, index: i + 1, enabled: true, sourceId: k < 8 ? 1001 + k : null, kind: k < 8 ? ('precomp' as const) : ('null' as const) })),
    }));
    d.items = [...d.items, ...d.comps.map((c) => ({ id: c.id, name: c.name, type: 'comp' as const, parentId: null }))];
    const t0 = performance.now();
    expect(() => findSlots(d, 'Level 0')).toThrow(/expand to more than/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
