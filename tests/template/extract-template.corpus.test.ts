// Every real project in the corpus parses, and what it holds matches what its sources say about it
// (SOURCES.md, aepx.md §1) — independent of this decoder's own output.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompDoc, TemplateDoc } from '../../shared/template.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { AEPX_CORPUS, corpusFiles, readCorpus } from '../helpers/corpus.js';

const load = (f: string): TemplateDoc => extractTemplate(readCorpus('aepx', f));
const comp = (d: TemplateDoc, name: string): CompDoc => {
  const c = d.comps.find((x) => x.name === name);
  if (!c) throw new Error(`no comp ${name}`);
  return c;
};
const projects = corpusFiles(AEPX_CORPUS, /\.aepx?$/).filter((f) => !f.includes('FAKE'));

describe('extractTemplate over the corpus', () => {
  it.each(projects.map((f) => [path.basename(f)]))('parses %s and reads the AE version its name records', (file) => {
    const doc = load(file);
    const version = /_ae(\d+\.\d+(?:\.\d+)?)\.aepx?$/.exec(file)![1]!;
    expect(doc.aeVersion?.startsWith(version)).toBe(true);
    expect(doc.format).toBe(file.endsWith('.aep') ? 'aep' : 'aepx');
    for (const c of doc.comps) {
      expect(c.width).toBeGreaterThan(0);
      expect(c.frameRate).toBeGreaterThan(0);
      c.layers.forEach((l, i) => expect(l.index).toBe(i + 1));
      for (const l of c.layers) if (l.sourceId !== null) expect(doc.items.some((i) => i.id === l.sourceId)).toBe(true);
    }
    expect(doc.warnings).toEqual([]);
  });

  it('reads the earlier product template: test-aep 1200×1500 at 30 fps, RUSHFLOW text, PNG footage', () => {
    const doc = load('edforman_test-correct_ae25.5.aepx');
    const c = comp(doc, 'test-aep');
    expect([c.width, c.height, c.frameRate, c.duration, c.pixelAspect]).toEqual([1200, 1500, 30, 10, 1]);
    const texts = c.layers.filter((l) => l.kind === 'text');
    expect(texts.map((l) => l.name)).toEqual(['player1fullname', 'player2fullname', 'player3fullname']);
    for (const l of texts) {
      expect(l.text?.font).toBe('RUSHFLOW');
      // the three layers were duplicated from the first: same Source Text (aepx.md §9)
      expect(l.text?.text).toBe('player1fullname');
      expect(l.text?.keyframed).toBe(false);
    }
    const featured = c.layers[3]!;
    expect([featured.name, featured.kind, featured.nameFromSource]).toEqual(['featuredimage1', 'footage', false]);
    const src = doc.items.find((i) => i.id === featured.sourceId)!;
    expect(src.name).toBe('cutout.png');
    expect(src.footage).toMatchObject({ kind: 'file', format: 'png!', width: 1200, height: 1500, isStill: true });
    expect(src.footage?.path).toMatch(/cutout\.png$/);
    // the nested PSD comp is in the project but switched off in test-aep
    const pre = c.layers[5]!;
    expect([pre.kind, pre.enabled]).toEqual(['precomp', false]);
    expect(doc.items.find((i) => i.id === pre.sourceId)?.type).toBe('comp');
    // PSD-layer footage is named "<layer>/<file>" and lives in the "<psd> Layers" folder
    const folder = doc.items.find((i) => i.type === 'folder')!;
    expect(folder.name).toBe('test-photoshop-doc Layers');
    const psdLayer = doc.items.find((i) => i.name === 'BEN FORMAN/test-photoshop-doc.psd')!;
    expect([psdLayer.parentId, psdLayer.footage?.format, psdLayer.footage?.psdLayerName]).toEqual([folder.id, '8BPS', 'BEN FORMAN']);
    expect(doc.expressionEngine).toBe('javascript-1.0');
  });

  it('keeps the relative paths a script wrote into the "fixed" copy', () => {
    const doc = load('edforman_test-correct-fixed_ae25.5.aepx');
    const paths = doc.items.flatMap((i) => (i.footage?.path ? [i.footage.path] : []));
    expect(paths.some((p) => !p.startsWith('/'))).toBe(true);
  });

  it('reads text documents of the nm05 template: fonts, sizes, white fill, right-aligned timer', () => {
    const c = comp(load('nexrender_nm05ae12_ae12.1.aepx'), 'main');
    const t = (i: number) => c.layers[i - 1]!.text!;
    // AE names a new text layer after its content, and these were never renamed
    for (const i of [1, 2, 3, 4, 5]) expect(t(i).text).toBe(c.layers[i - 1]!.name);
    expect(t(3).font).toBe('AvenirNext-Bold');
    expect(t(1).font).toBe('AvenirNext-Regular');
    expect([t(1).fontSize, t(3).fontSize, t(4).fontSize, t(5).fontSize]).toEqual([40, 90, 48, 70]);
    expect(t(1).fillColor).toEqual([1, 1, 1]);
    expect([t(1).justification, t(2).justification, t(3).justification]).toEqual(['left', 'right', 'right']);
    expect(c.layers[8]!.effects).toEqual(['ADBE AudSpect']);
    expect(c.layers[11]!.kind).toBe('audio');
    expect(c.layers.filter((l) => l.kind === 'shape').length).toBe(2);
  });

  it('reads the AE 22 text layer of boltframe Property-01 (BritannicBold 185 px) and its expression controls', () => {
    const c = load('boltframe_Property-01_ae22.1.aep').comps[0]!;
    const text = c.layers.find((l) => l.kind === 'text')!;
    expect([text.text?.font, text.text?.fontSize]).toEqual(['BritannicBold', 185]);
    const ctl = c.layers.find((l) => l.kind === 'null')!;
    expect(ctl.effects).toContain('ADBE Slider Control');
  });

  it('names an empty text layer "<empty text layer>" and decodes its text as ""', () => {
    const c = load('nexrender_1layer_ae15.0.aepx').comps[0]!;
    expect([c.width, c.height, c.frameRate]).toEqual([1920, 1080, 60]);
    expect(c.layers[0]).toMatchObject({ kind: 'text', name: '<empty text layer>', text: { text: '' } });
  });

  it('keeps 29.97 fps exact as 23976/800 and the 10/11 pixel aspect of boltframe Comp 02', () => {
    const doc = load('boltframe_Item-01_ae16.0.aep');
    const c2 = doc.comps.find((c) => c.id === 59)!;
    expect(c2.frameRateFraction).toEqual([23976, 800]);
    expect(c2.pixelAspect).toBeCloseTo(10 / 11, 12);
    const red = doc.items.find((i) => i.id === 72)!;
    expect(red.footage).toMatchObject({ kind: 'solid', color: [1, 0, 0] });
  });

  it('sees the moved and trimmed layers of the "movedtime" re-save', () => {
    const a = comp(load('nexrender_nm05ae15_ae15.0.aepx'), 'main').layers;
    const b = comp(load('nexrender_nm05ae15-movedtime_ae15.0.aepx'), 'main').layers;
    const moved = b.filter((l, i) => Math.abs(l.startTime - a[i]!.startTime - 0.5) < 1e-9);
    expect(moved.length).toBe(1);
    const trimmed = b.filter((l, i) => l.outPoint !== a[i]!.outPoint && l.startTime === a[i]!.startTime);
    expect(trimmed.length).toBeGreaterThanOrEqual(1);
    const renamed = b.filter((l, i) => l.kind === 'solid' && l.name !== a[i]!.name);
    expect(renamed.map((l) => l.name)).toEqual(['base_25']);
  });

  it('marks keyframed transform properties and takes their first keyframe as the value at time 0', () => {
    const c = comp(load('aetojson_testProject-f63513a_ae13.7.aepx'), 'Test-Comp-Animated');
    const animated = c.layers.filter((l) => l.animated.length);
    expect(animated.length).toBeGreaterThan(0);
    for (const l of animated) {
      for (const k of l.animated) {
        const first = l.transformKeys![k]![0]!;
        const now = l.transform[k as 'position'];
        expect(Array.isArray(now) ? now.slice(0, first.value.length) : [now]).toEqual(first.value);
      }
    }
  });
});

describe('extractTemplate on a large project', () => {
  it('reads a project ten times the largest corpus file (its root-folder items repeated) completely', () => {
    const xml = new TextDecoder().decode(readCorpus('aepx', 'edforman_uploads-autosave1_ae25.5.aepx'));
    const a = xml.indexOf('<Fold>') + '<Fold>'.length;
    const b = xml.lastIndexOf('</Fold>');
    const big = extractTemplate(new TextEncoder().encode(xml.slice(0, a) + xml.slice(a, b).repeat(10) + xml.slice(b)));
    const one = load('edforman_uploads-autosave1_ae25.5.aepx');
    expect(big.items.length).toBe(one.items.length * 10);
    expect(big.comps.length).toBe(one.comps.length * 10);
    expect(big.comps[big.comps.length - 1]).toEqual(one.comps[one.comps.length - 1]);
  });
});
