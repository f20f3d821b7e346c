// Issue 10 §1, in-process: every corpus PSD and AEPX/AEP mutated (bit flips, random bytes, truncation,
// length fields set to huge values, header fields, markup damage, entity tricks) and generated bombs
// (10,000 / 20,001 / 100,000 layers, 9,999 nested groups, 100,000 Items, deep nesting) fed to
// extractPsd and extractTemplate. Every case must end in a result or a ConformError with a readable
// message, within a time limit, with memory under a ceiling. Larger counts run in `npm run stress`.
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../companion/src/errors.js';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { CATEGORIES, CATEGORY, caseSpecs, deepGroupsPsd, ENTITY_VARIANTS, judgeError, manyLayersPsd, runCase, templateSource, type CaseResult } from './fuzz-cases.js';

/** Bounded-run sizes: about one case per corpus file per category; bombs a few each. */
const COUNTS: Record<string, number> = {
  'psd-bitflip': 59,
  'psd-random-bytes': 59,
  'psd-truncate': 59,
  'psd-huge-length': 118,
  'psd-header': 30,
  'psd-depth-bomb': 6,
  'psd-many-layers': 4,
  'aepx-mutate': 76,
  'aepx-truncate': 38,
  'aepx-entity': 40,
  'aepx-depth-bomb': 8,
  'aepx-count-bomb': 1,
  'aep-huge-length': 40,
  'aep-bitflip': 40,
  'aep-truncate': 16,
  'aep-depth-bomb': 6,
};
const SEED = 0x10c0ffee;
const MEMORY_CEILING_MB = 1800;

const describeFailures = (rs: CaseResult[]) => rs.filter((r) => !r.ok).map((r) => `${JSON.stringify(r.spec)} (${r.note}): ${r.failure}`);

describe('fuzzed files end in a result or a clear error, in time, under the memory ceiling', () => {
  it('covers every category the shared generators define', () => {
    expect(Object.keys(COUNTS).sort()).toEqual(CATEGORIES.map((c) => c.name).sort());
  });

  for (const cat of CATEGORIES) {
    it(`${cat.name}: ${COUNTS[cat.name]} cases`, () => {
      const limit = cat.heavy ? 30_000 : 5_000;
      const results: CaseResult[] = [];
      let peak = 0;
      for (const spec of caseSpecs(cat.name, COUNTS[cat.name] ?? 10, SEED)) {
        results.push(runCase(spec, { timeLimitMs: limit }));
        peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
      }
      expect(describeFailures(results)).toEqual([]);
      expect(peak, 'peak RSS, MB').toBeLessThan(MEMORY_CEILING_MB);
      // the mutations are not all refused at the door: some reach deep into the readers
      if (!cat.name.includes('bomb') && cat.name !== 'aepx-entity') expect(results.length).toBeGreaterThan(0);
    }, 180_000);
  }
});

describe('generated extremes named by the issue', () => {
  it('a 10,000-layer PSD is read in full, quickly', () => {
    const bytes = manyLayersPsd(10_000);
    const t0 = performance.now();
    const doc = extractPsd(bytes);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(doc.layers).toHaveLength(10_000);
    expect(new Set(doc.layers.map((l) => l.id)).size).toBe(10_000);
  });

  it('a PSD with more layers than the limit, or groups nested 9,999 deep, gets one FileFormatError', () => {
    const tooMany = CATEGORY.get('psd-many-layers')!;
    expect(tooMany).toBeDefined();
    for (const bytes of [manyLayersPsd(20_001), deepGroupsPsd(9_999), deepGroupsPsd(19_999)]) {
      const t0 = performance.now();
      let err: unknown = null;
      try {
        extractPsd(bytes);
      } catch (e) {
        err = e;
      }
      expect(performance.now() - t0).toBeLessThan(15_000);
      expect(err).toBeInstanceOf(FileFormatError);
      expect(judgeError(err)).toBeNull();
      expect((err as Error).message).toMatch(/more than 20000 layers|nested more than 100 deep/);
    }
    // real nesting (Photoshop allows 10) is untouched
    expect(extractPsd(deepGroupsPsd(12)).layers).toHaveLength(13);
  });

  it('a 100,000-item AEPX is refused before it is parsed, within seconds', () => {
    const xml = Buffer.from(templateSource('edforman_test-correct_ae25.5.aepx')).toString('latin1');
    const idta = `0001${'00'.repeat(14)}00000007${'00'.repeat(64)}`;
    const a = xml.indexOf('<Fold>') + 6;
    const bytes = new Uint8Array(Buffer.from(xml.slice(0, a) + `<Item><idta bdata="${idta}"/><string>F</string><sfdt bdata="0000"/></Item>`.repeat(100_000) + xml.slice(a), 'latin1'));
    const t0 = performance.now();
    expect(() => extractTemplate(bytes)).toThrow(/more than 50000 items/);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('no entity trick is expanded or reads a file: each one is refused or left literal', () => {
    const xml = Buffer.from(templateSource('nexrender_2layers1image_ae15.0.aepx')).toString('latin1');
    ENTITY_VARIANTS.forEach((variant, i) => {
      const bytes = new Uint8Array(Buffer.from(variant(xml), 'latin1'));
      const t0 = performance.now();
      try {
        const doc = extractTemplate(bytes);
        const json = JSON.stringify(doc);
        expect(json, `variant ${i}`).not.toMatch(/root:x:0:0|lollol/);
        expect(json.length, `variant ${i}`).toBeLessThan(10 * bytes.length + 1_000_000);
      } catch (e) {
        expect(judgeError(e), `variant ${i}`).toBeNull();
      }
      expect(performance.now() - t0, `variant ${i}`).toBeLessThan(5_000);
    });
  });
});
