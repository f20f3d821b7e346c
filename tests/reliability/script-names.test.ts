// Issue 10 §5. tests/script/injection.test.ts property-tests arbitrary PSD *text* into the AE
// simulator, and hostile *layer names* from a fixed list; its property passes an arbitrary name only as
// the job name. This adds the missing property: an arbitrary PSD layer name (and text, and job name,
// all different) reaches the simulator unchanged, quoted back in the report, from an ASCII ES3 script.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PsdDoc, PsdLayer } from '../../shared/psd.js';
import { aeText, generateScript } from '../../companion/src/pipeline/script/generate-script.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { projectFromTemplate, runInAeSim } from '../ae-sim/index.js';
import { AEPX_CORPUS } from '../helpers/corpus.js';
import { EDFORMAN } from '../helpers/flow.js';
import { tempDir } from '../helpers/server.js';
import { matchOf } from '../script/bundle-fixture.js';
import { simLayer, simText } from '../script/sim-expect.js';

describe('arbitrary PSD layer names reach After Effects as data (property)', () => {
  const doc = extractTemplate(new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, EDFORMAN))));
  const slots = findSlots(doc, 'test-aep');
  const slot = slots.find((s) => s.kind === 'text')!;
  const comp = doc.comps.find((c) => c.name === 'test-aep')!;
  const dir = tempDir();

  it('the layer name is quoted back exactly, the text set exactly, the job name kept, nothing runs', () => {
    const unit = fc.oneof(fc.constantFrom('"', '\\', "'", '\r', '\n', '\u2028', '\u2029', '*/', '/*', '\ud83c', '\udfac', '${', '#include', '\u0000', '");app.quit();("', '<-'), fc.string({ unit: 'binary', maxLength: 4 }));
    const hostile = fc.array(unit, { maxLength: 10 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(hostile, hostile, hostile, (layerName, text, jobName) => {
        const layer = { id: 7, name: layerName, path: [layerName], order: 0, fileIndex: 0, kind: 'text', text: { content: text, runs: [] } } as unknown as PsdLayer;
        const script = generateScript({
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
        });
        expect(/[^\x20-\x7e\n]/.test(script)).toBe(false);
        parse(script, { ecmaVersion: 3, allowReserved: 'never' });
        const file = path.join(dir, 'names.jsx');
        fs.writeFileSync(file, script, 'latin1');
        const run = runInAeSim(file, { project: projectFromTemplate(doc) });
        expect(run.report.ok).toBe(true);
        expect(run.report.job).toBe(jobName);
        expect(run.report.steps.some((s) => s.step === `text ${slot.layerName} <- ${layerName}`), JSON.stringify(run.report.steps.map((s) => s.step))).toBe(true);
        expect(simText(simLayer(run.app.project, slot)).text).toBe(aeText(text));
      }),
      { numRuns: 80 },
    );
  });
});
