// What the generated script does beyond the happy path: per-match fit and PSD text style, the render
// queue, keyframed properties skipped with a warning, never overwriting a saved project, refusing to
// discard unsaved work, and a bundle that runs from wherever it is unzipped.
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PsdDoc } from '../../shared/psd.js';
import type { Slot, TemplateDoc } from '../../shared/template.js';
import { zipFolder } from '../../companion/src/pipeline/stage5-bundle.js';
import { psdToLayerScale } from '../../companion/src/pipeline/text-scale.js';
import { AEPX_CORPUS } from '../helpers/corpus.js';
import { makeDesign } from '../helpers/designs.js';
import { EDFORMAN } from '../helpers/flow.js';
import { type AVLayer, type FootageItem, projectFromTemplate, runInAeSim } from '../ae-sim/index.js';
import { tempDir } from '../helpers/server.js';
import { type Bundle, makeBundle, matchOf } from './bundle-fixture.js';
import { expectedImage, hostVec, simLayer, simText } from './sim-expect.js';

const templateBytes = new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, EDFORMAN)));
const design = makeDesign(1200, 1500, [
  { name: 'Name', kind: 'text', box: { left: 300, top: 240, right: 900, bottom: 300 }, text: 'Ana', font: 'Georgia', size: 40, color: { r: 255, g: 0, b: 51 } },
  { name: 'Photo', kind: 'image', box: { left: 0, top: 0, right: 800, bottom: 400 } },
]);

function approveFirst(opts: { fit?: 'contain' | 'cover' | 'stretch'; textStyle?: 'psd' | 'template' } = {}) {
  return (psd: PsdDoc, slots: Slot[]) => {
    const text = slots.find((s) => s.kind === 'text')!;
    const image = slots.find((s) => s.kind !== 'text')!;
    return [
      matchOf(text, psd.layers.find((l) => l.name === 'Name')!, opts.textStyle ? { textStyle: opts.textStyle } : {}),
      matchOf(image, psd.layers.find((l) => l.name === 'Photo')!, opts.fit ? { fit: opts.fit } : {}),
    ];
  };
}

const firstOf = (b: Bundle, kind: 'text' | 'image') => b.approved.map((m) => b.slots.find((s) => s.id === m.slot.id)!).find((s) => (kind === 'text') === (s.kind === 'text'))!;

describe('per-match choices', () => {
  it('a contain override and the PSD text style reach the project', async () => {
    const b = await makeBundle({ name: 'choices', templateBytes, compName: 'test-aep', psdBytes: design, approve: approveFirst({ fit: 'contain', textStyle: 'psd' }), settings: { autofitText: false } });
    const run = runInAeSim(b.script);
    expect(run.report.ok).toBe(true);
    const textSlot = firstOf(b, 'text');
    const td = simText(simLayer(run.app.project, textSlot));
    expect(td.font).toBe('Georgia');
    const comp = b.template.comps.find((c) => c.name === 'test-aep')!;
    expect(td.fontSize).toBeCloseTo(40 * psdToLayerScale(comp, b.psd, textSlot, textSlot.text!), 1);
    expect(td.snapshot().fillColor).toEqual([1, 0, 51 / 255]);

    const imageSlot = firstOf(b, 'image');
    const layer = simLayer(run.app.project, imageSlot) as AVLayer;
    const asset = path.join(b.dir, b.manifest.assets[0]!);
    const want = expectedImage(b.template, imageSlot, asset, 'contain');
    expect(hostVec(layer, 'ADBE Scale')[0]).toBeCloseTo(want.scale[0]!, 6);
    expect(want.scale[0]).not.toBeCloseTo(expectedImage(b.template, imageSlot, asset, 'cover').scale[0]!, 3);
    expect((layer.source as FootageItem).file?.fsName).toBe(asset);
  });

  it('autofit shrinks text that overflows its room until it fits', async () => {
    const long = makeDesign(1200, 1500, [
      { name: 'Name', kind: 'text', box: { left: 300, top: 240, right: 900, bottom: 300 }, text: 'A much longer name than the template ever had' },
      { name: 'Photo', kind: 'image', box: { left: 0, top: 0, right: 800, bottom: 400 } },
    ]);
    const b = await makeBundle({ name: 'autofit', templateBytes, compName: 'test-aep', psdBytes: long, approve: approveFirst() });
    const slot = firstOf(b, 'text');
    const before = slot.text!.fontSize;
    const run = runInAeSim(b.script);
    const step = run.report.steps.find((s) => s.step.startsWith('autofit '))!;
    expect(step.status).toBe('done');
    const layer = simLayer(run.app.project, slot);
    expect(simText(layer).fontSize).toBeLessThan(before);
    expect(simText(layer).text).toBe('A much longer name than the template ever had');
  });
});

describe('project handling', () => {
  it('queues the comp when asked and never overwrites an earlier result', async () => {
    const b = await makeBundle({ name: 'queue', templateBytes, compName: 'test-aep', psdBytes: design, approve: approveFirst(), settings: { addToRenderQueue: true } });
    const first = runInAeSim(b.script);
    expect(first.app.project.queued.map((q) => q.comp.name)).toEqual(['test-aep']);
    expect(first.app.project.queued[0]!.outputModule(1).file?.fsName).toBe(path.join(b.dir, 'queue.mov'));
    // the sim does not write .aep files: stand one in, as AE's save would have
    fs.writeFileSync(path.join(b.dir, 'queue.aep'), 'saved');
    const second = runInAeSim(b.script);
    expect(second.app.project.saves).toEqual([path.join(b.dir, 'queue 2.aep')]);
    expect(fs.existsSync(path.join(b.dir, 'queue 2.log.json'))).toBe(true);
    expect(fs.readFileSync(path.join(b.dir, 'queue.aep'), 'utf8')).toBe('saved');
  });

  it('refuses to replace an open project with unsaved changes, and says so', async () => {
    const b = await makeBundle({ name: 'dirty', templateBytes, compName: 'test-aep', psdBytes: design, approve: approveFirst() });
    const open = projectFromTemplate(b.template);
    open.dirty = true;
    const run = runInAeSim(b.script, { project: open });
    expect(run.report.ok).toBe(false);
    expect(run.report.steps).toEqual([expect.objectContaining({ step: 'run', status: 'failed', reason: expect.stringMatching(/unsaved changes/) })]);
    expect(run.app.project).toBe(open);
    expect(run.app.project.saves).toEqual([]);
  });

  it('current-project mode fills the open project without opening or saving', async () => {
    const b = await makeBundle({ name: 'current', templateBytes, compName: 'test-aep', psdBytes: design, approve: approveFirst() });
    const open = projectFromTemplate(b.template);
    const run = runInAeSim(b.currentProjectScript, { project: open });
    expect(run.report.ok).toBe(true);
    expect(run.app.opened).toEqual([]);
    expect(open.saves).toEqual([]);
    expect(simText(simLayer(open, firstOf(b, 'text'))).text).toBe('Ana');
    expect(fs.existsSync(path.join(b.dir, 'current.current-project.log.json'))).toBe(true);
  });
});

describe('keyframed template properties', () => {
  let b: Bundle;
  let animated: TemplateDoc;
  beforeAll(async () => {
    b = await makeBundle({ name: 'keys', templateBytes, compName: 'test-aep', psdBytes: design, approve: approveFirst() });
    animated = structuredClone(b.template);
    const comp = animated.comps.find((c) => c.name === 'test-aep')!;
    const text = comp.layers.find((l) => l.index === firstOf(b, 'text').layerIndex)!;
    text.text!.keyframed = true;
    comp.layers.find((l) => l.index === firstOf(b, 'image').layerIndex)!.animated = ['scale'];
  });

  it('are skipped with a warning; the rest of the job still fills', () => {
    const open = projectFromTemplate(animated);
    const before = hostVec(simLayer(open, firstOf(b, 'image')), 'ADBE Scale');
    const run = runInAeSim(b.currentProjectScript, { project: open });
    const byStep = Object.fromEntries(run.report.steps.map((s) => [s.step.split(' ')[0], s.status]));
    expect(byStep).toMatchObject({ text: 'skipped', replace: 'done', fit: 'skipped' });
    expect(run.report.warnings).toEqual([expect.stringMatching(/Source Text is keyframed/), expect.stringMatching(/Scale animated/)]);
    expect(run.report.ok).toBe(true);
    expect(hostVec(simLayer(open, firstOf(b, 'image')), 'ADBE Scale')).toEqual(before);
  });
});

describe('the bundle', () => {
  it('runs from a new folder after zip and unzip: no absolute paths inside', async () => {
    const b = await makeBundle({ name: 'moved', templateBytes, compName: 'test-aep', psdBytes: design, approve: approveFirst() });
    const files = unzipSync(zipFolder(b.dir));
    const elsewhere = path.join(tempDir('conform-unzipped-'), 'somewhere else');
    for (const [name, bytes] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(elsewhere, name)), { recursive: true });
      fs.writeFileSync(path.join(elsewhere, name), bytes);
    }
    fs.rmSync(b.dir, { recursive: true });
    expect(fs.readFileSync(path.join(elsewhere, 'moved.jsx'), 'utf8')).not.toContain(b.dir);
    const run = runInAeSim(path.join(elsewhere, 'moved.jsx'));
    expect(run.report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(run.app.opened).toEqual([path.join(elsewhere, 'template.aepx')]);
    expect(run.app.project.saves).toEqual([path.join(elsewhere, 'moved.aep')]);
  });
});
