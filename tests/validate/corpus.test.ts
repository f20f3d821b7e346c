// Validation over the real corpus: the labelled pairs (template + design made for it, matched by
// matchLayers), and any corpus PSD layer put in any slot of any corpus template.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchLayers } from '../../companion/src/pipeline/match/match-layers.js';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { validate } from '../../companion/src/pipeline/validate/validate.js';
import type { PsdDoc } from '../../shared/psd.js';
import type { ValidationReport } from '../../shared/validation.js';
import { PAIRS_CORPUS, PSD_CORPUS, corpusFiles } from '../helpers/corpus.js';
import { all, corpusTemplate, env, match, type Target } from './fixtures.js';

function wellFormed(r: ValidationReport, t: Target): void {
  expect(r.critical_issues.every((i) => i.severity === 'critical')).toBe(true);
  expect(r.warnings.every((i) => i.severity === 'warning')).toBe(true);
  expect(r.info.every((i) => i.severity === 'info')).toBe(true);
  const ids = new Set(t.slots.map((s) => s.id));
  for (const i of all(r)) {
    expect(i.message.length).toBeGreaterThan(20);
    if (i.slotId) {
      expect(ids.has(i.slotId)).toBe(true);
      expect(i.message).toContain(`"${i.slotName}"`);
    }
    if (i.psdLayerId !== undefined) expect(i.message).toContain(`(id ${i.psdLayerId})`);
    for (const v of Object.values(i.measured ?? {})) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  }
}

describe('the labelled pairs', () => {
  const cases = fs.readdirSync(PAIRS_CORPUS).filter((d) => /^p\d+$/.test(d)).sort();

  it('every case validates with auto-matched layers, the same way twice', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const templates = new Map<string, Target>();
    const counts: Record<string, number> = {};
    for (const c of cases) {
      const truth = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, c, 'truth.json'), 'utf8'));
      const key = `${truth.template}|${truth.comp}`;
      if (!templates.has(key)) templates.set(key, corpusTemplate(truth.template, truth.comp));
      const t = templates.get(key)!;
      const psd = extractPsd(new Uint8Array(fs.readFileSync(path.join(PAIRS_CORPUS, c, 'design.psd'))));
      const { matches } = matchLayers(psd, t.slots);
      const e = env({ installedFonts: ['ArialMT'], fontSource: 'after-effects', autofitText: true });
      const r = validate(psd, t, matches, e);
      wellFormed(r, t);
      expect(validate(psd, t, [...matches].reverse(), e)).toEqual(r);
      for (const i of all(r)) counts[i.code] = (counts[i.code] ?? 0) + 1;
    }
    // The set exercises most checks: the designs use other canvases, fonts and hidden copies.
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(['missing_font', 'aspect_ratio_mismatch', 'unmatched_slot', 'text_overflow']));
  });
});

describe('any layer in any slot', () => {
  const psds: PsdDoc[] = [];
  for (const f of corpusFiles(PSD_CORPUS, /\.ps[db]$/)) {
    if (/corrupt/.test(f)) continue;
    try {
      psds.push(extractPsd(new Uint8Array(fs.readFileSync(f))));
    } catch {
      // files the reader refuses are its tests' business
    }
  }
  const templates = ['nexrender_nm05ae12_ae12.1.aepx', 'edforman_test-correct_ae25.5.aepx', 'aepxjs_testProject-converted_ae16.0.1.aepx', 'nexrender_1layer_ae15.0.aepx'].map((f) => corpusTemplate(f));

  it('never throws and always reports well-formed issues', () => {
    expect(psds.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(
        fc.nat(psds.length - 1),
        fc.nat(templates.length - 1),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom('contain', 'cover', 'stretch'),
        fc.constantFrom('template', 'psd'),
        (pi, ti, picks, fit, textStyle) => {
          const psd = psds[pi]!;
          const t = templates[ti]!;
          const matches = t.slots.map((s, k) => {
            const pick = picks[k];
            const l = pick === undefined || !psd.layers.length ? null : psd.layers[pick % psd.layers.length]!;
            return match(s, l, { fit, textStyle });
          });
          const r = validate(psd, t, matches, env({ installedFonts: [], fontSource: 'system', measureText: () => null }));
          wellFormed(r, t);
        },
      ),
      { numRuns: 300 },
    );
  });
});
