// Every labelled design↔template case, with its truth as the approved matches, generated into a
// real bundle and run in the AE simulator: no step fails, each text slot holds exactly the design's
// text, each image slot shows the right PNG at the scale its fit gives.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import type { PsdDoc } from '../../shared/psd.js';
import type { Slot } from '../../shared/template.js';
import { aeText } from '../../companion/src/pipeline/script/generate-script.js';
import { AEPX_CORPUS, PAIRS_CORPUS } from '../helpers/corpus.js';
import { type AVLayer, type FootageItem, TextLayer, runInAeSim } from '../ae-sim/index.js';
import { makeBundle, matchOf } from './bundle-fixture.js';
import { expectedImage, hostVec, simLayer, simText } from './sim-expect.js';

interface Truth {
  truth: Array<{ slot: { comp: string; layerIndex: number; layerName: string }; psdLayer: { name: string; index: number } | null }>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, 'manifest.json'), 'utf8')) as { cases: Array<{ case: string; template: string; comp: string; psd: string }> };

function truthMatches(c: { case: string }, psd: PsdDoc, slots: Slot[]) {
  const truth = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, c.case, 'truth.json'), 'utf8')) as Truth;
  return truth.truth.map((t) => {
    const slot = slots.find((s) => s.compName === t.slot.comp && s.layerIndex === t.slot.layerIndex);
    if (!slot) throw new Error(`${c.case}: truth names slot ${t.slot.comp}#${t.slot.layerIndex} that findSlots did not find`);
    const layer = t.psdLayer ? psd.layers.find((l) => l.fileIndex === t.psdLayer!.index)! : null;
    return matchOf(slot, layer);
  });
}

describe('the labelled pairs, filled in the AE simulator', () => {
  it.each(manifest.cases.map((c) => [c.case, c] as const))('%s', async (_name, c) => {
    const b = await makeBundle({
      name: `pair ${c.case}`,
      templateBytes: new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, c.template))),
      compName: c.comp,
      psdBytes: new Uint8Array(fs.readFileSync(path.join(PAIRS_CORPUS, c.psd))),
      approve: (psd, slots) => truthMatches(c, psd, slots),
    });
    parse(b.scriptText, { ecmaVersion: 3, allowReserved: 'never' });
    const run = runInAeSim(b.script);
    expect(run.report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(run.report.ok).toBe(true);
    expect(run.leakedGlobals).toEqual([]);
    expect(run.app.project.saves).toEqual([path.join(b.dir, b.manifest.output)]);
    expect(fs.existsSync(path.join(b.dir, b.manifest.output.replace(/\.aep$/, '.log.json')))).toBe(true);

    let texts = 0;
    let images = 0;
    const byId = new Map(b.psd.layers.map((l) => [l.id, l]));
    for (const m of b.approved) {
      if (!m.psdLayer) continue;
      const slot = b.slots.find((s) => s.id === m.slot.id)!;
      const psdLayer = byId.get(m.psdLayer.id)!;
      const layer = simLayer(run.app.project, slot);
      if (slot.kind === 'text') {
        expect(layer).toBeInstanceOf(TextLayer);
        expect(simText(layer).text).toBe(aeText(psdLayer.text?.content ?? psdLayer.name));
        texts++;
        continue;
      }
      const source = (layer as AVLayer).source as FootageItem;
      const asset = b.manifest.assets.find((a) => a.startsWith(`assets/${psdLayer.id}-`));
      if (!asset) continue; // a layer without pixels: validation reports it, the slot keeps its footage
      expect(source.file?.fsName).toBe(path.join(b.dir, asset));
      const want = expectedImage(b.template, slot, path.join(b.dir, asset), 'cover');
      expect([source.width, source.height]).toEqual([want.png.width, want.png.height]);
      const scale = hostVec(layer, 'ADBE Scale');
      expect(scale[0]).toBeCloseTo(want.scale[0]!, 6);
      expect(scale[1]).toBeCloseTo(want.scale[1]!, 6);
      expect(hostVec(layer, 'ADBE Anchor Point').slice(0, 2)).toEqual(want.anchor);
      images++;
    }
    expect(texts + images).toBeGreaterThan(0);
  });
});
