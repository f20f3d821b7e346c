// Text and names from a PSD reach the script only as data: hostile strings come out in the
// simulator as exactly themselves, the script stays ASCII and parses as ES3, nothing runs.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PsdDoc, PsdLayer } from '../../shared/psd.js';
import { aeText, generateScript, type ScriptInput } from '../../companion/src/pipeline/script/generate-script.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { AEPX_CORPUS } from '../helpers/corpus.js';
import { makeDesign } from '../helpers/designs.js';
import { EDFORMAN } from '../helpers/flow.js';
import { projectFromTemplate, runInAeSim } from '../ae-sim/index.js';
import { tempDir } from '../helpers/server.js';
import { makeBundle, matchOf } from './bundle-fixture.js';
import { simLayer, simText } from './sim-expect.js';

const HOSTILE = [
  'He said "hi"',
  'C:\\path\\to\\file',
  "it's",
  '</script><script>alert(1)</script>',
  'line\u2028sep\u2029para',
  'two\r\nlines',
  'emoji 🎬🇯🇵 👩‍👩‍👧',
  'שלום עולם مرحبا',
  '"); app.quit(); ("',
];

const templateBytes = new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, EDFORMAN)));

describe('hostile PSD text and layer names', () => {
  it('come out as exactly that text, from an ASCII-only ES3 script', async () => {
    const slots = findSlots(extractTemplate(templateBytes), 'test-aep');
    const textSlots = slots.filter((s) => s.kind === 'text');
    const imageSlot = slots.find((s) => s.kind !== 'text')!;
    // three text slots per run: run the list in groups so every string goes through a real PSD
    for (let start = 0; start < HOSTILE.length; start += textSlots.length) {
      const group = HOSTILE.slice(start, start + textSlots.length);
      const psdBytes = makeDesign(1200, 1500, [
        ...group.map((text, i) => ({ name: `${text} #${i}`, kind: 'text' as const, box: { left: 100, top: 100 + 150 * i, right: 1100, bottom: 200 + 150 * i }, text })),
        { name: group[0]!, kind: 'image' as const, box: { left: 0, top: 0, right: 600, bottom: 750 } },
      ]);
      const b = await makeBundle({
        name: `inject ${group[0]}`,
        templateBytes,
        compName: 'test-aep',
        psdBytes,
        approve: (psd: PsdDoc) => {
          const texts = psd.layers.filter((l) => l.kind === 'text');
          const image = psd.layers.find((l) => l.kind !== 'text' && l.kind !== 'group')!;
          return [...group.map((_, i) => matchOf(textSlots[i]!, texts[i]!)), matchOf(imageSlot, image)];
        },
      });
      for (const file of [b.script, b.currentProjectScript]) {
        const text = fs.readFileSync(file, 'latin1');
        expect(/[^\x20-\x7e\n]/.test(text), `${file} has a byte outside printable ASCII`).toBe(false);
        parse(text, { ecmaVersion: 3, allowReserved: 'never' });
      }
      const run = runInAeSim(b.script);
      expect(run.report.steps.filter((s) => s.status === 'failed')).toEqual([]);
      group.forEach((text, i) => {
        expect(simText(simLayer(run.app.project, textSlots[i]!)).text).toBe(aeText(text));
        // the report quotes the layer names back exactly (they only ever travel as data)
        expect(run.report.steps.some((s) => s.step === `text ${textSlots[i]!.layerName} <- ${text} #${i}`)).toBe(true);
      });
    }
  });
});

describe('any string survives the script (property)', () => {
  const doc = extractTemplate(templateBytes);
  const slots = findSlots(doc, 'test-aep');
  const slot = slots.find((s) => s.kind === 'text')!;
  const comp = doc.comps.find((c) => c.name === 'test-aep')!;
  const dir = tempDir();

  const inputFor = (text: string, layerName: string, jobName: string): ScriptInput => {
    const layer = { id: 7, name: layerName, path: [layerName], order: 0, fileIndex: 0, kind: 'text', text: { content: text, runs: [] } } as unknown as PsdLayer;
    return {
      jobName,
      templateFile: 'template.aepx',
      outputFile: 'out.aep',
      template: doc,
      comp: { id: comp.id, name: comp.name },
      slots,
      psd: { width: 1200, height: 1500, layers: [layer] } as unknown as PsdDoc,
      matches: [matchOf(slot, layer)],
      assets: {},
      options: { fit: 'cover', textStyle: 'template', autofit: false, renderQueue: false, mode: 'current-project' },
    };
  };

  it('parses as ES3, is ASCII, sets exactly the text, and quotes the layer and job names back exactly', () => {
    const unit = fc.oneof(fc.constantFrom('"', '\\', "'", '\r', '\n', '\u2028', '\u2029', '*/', '/*', '\ud83c', '\udfac', '${', '#include', '\u0000', '");app.quit();("', '<-'), fc.string({ unit: 'binary', maxLength: 4 }));
    const hostile = fc.array(unit, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      // Three different strings, so a name leaking into the text (or the other way) is caught.
      fc.property(hostile, hostile, hostile, (text, layerName, name) => {
        const script = generateScript(inputFor(text, layerName, name));
        expect(/[^\x20-\x7e\n]/.test(script)).toBe(false);
        parse(script, { ecmaVersion: 3, allowReserved: 'never' });
        const file = path.join(dir, 'fill.jsx');
        fs.writeFileSync(file, script, 'latin1');
        const run = runInAeSim(file, { project: projectFromTemplate(doc) });
        expect(run.report.ok).toBe(true);
        expect(run.report.job).toBe(name);
        expect(run.report.steps.some((st) => st.step === `text ${slot.layerName} <- ${layerName}`)).toBe(true);
        expect(simText(simLayer(run.app.project, slot)).text).toBe(aeText(text));
      }),
      { numRuns: 150 },
    );
  });
});
