// The pairing itself: empty slots, one layer in two slots, hidden layers, keyframes the script leaves
// alone, placeholder footage; then the settings' severity re-mapping and a deterministic order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { validate } from '../../companion/src/pipeline/validate/validate.js';
import { readCorpus } from '../helpers/corpus.js';
import { all, codes, corpusTemplate, design, env, layer, match, pixelLayer, slot, textLayer, validateOnly, type Target } from './fixtures.js';

const NM = 'nexrender_nm05ae12_ae12.1.aepx';

/** nm05's "main" comp with `artist` renamed `artist*` (a required slot, as findSlots reads names). */
function requiredArtist(): Target {
  const doc = structuredClone(extractTemplate(readCorpus('aepx', NM)));
  for (const c of doc.comps) for (const l of c.layers) if (l.name === 'artist') l.name = 'artist*';
  const slots = findSlots(doc, 'main');
  return { doc, comp: 'main', slots };
}

describe('unmatched_slot', () => {
  const t = requiredArtist();
  const psd = design(1280, 720, [textLayer('Title', 'Night Moves', 'AvenirNext-Bold', 70)]);

  it('reads the required mark from the template', () => {
    expect(slot(t, 'artist*').required).toBe(true);
    expect(slot(t, 'track name').required).toBe(false);
  });

  it('is critical for a required slot and a warning for the others, matched to nothing or left out', () => {
    const r = validate(psd, t, [match(slot(t, 'artist*'), null), match(slot(t, 'track name'), layer(psd, 'Title'))], env());
    const u = codes(r, 'unmatched_slot');
    expect(u.filter((i) => i.severity === 'critical').map((i) => i.slotName)).toEqual(['artist*']);
    // every other slot of the comp (no match sent for it) is a warning
    const others = t.slots.filter((s) => s.layerName !== 'artist*' && s.layerName !== 'track name').map((s) => s.layerName);
    expect(u.filter((i) => i.severity === 'warning').map((i) => i.slotName)).toEqual(others);
    expect(u.find((i) => i.slotName === 'artist*')!.message).toBe('Slot "artist*" has no PSD layer: it is required, so the design must fill it.');
    expect(u.find((i) => i.slotName === 'base')!.message).toBe('Slot "base" has no PSD layer: it keeps the template’s own content.');
  });

  it('a match naming a layer the PSD does not have is critical', () => {
    const s = slot(t, 'track name');
    const stale = { ...match(s, layer(psd, 'Title')), psdLayer: { id: 4242, name: 'Gone', path: [], order: 0 } };
    const [i] = codes(validate(psd, { ...t, slots: [s] }, [stale], env()), 'unmatched_slot');
    expect(i).toMatchObject({ severity: 'critical', slotId: s.id, measured: { missingPsdLayerId: 4242 } });
    expect(i!.message).toMatch(/PSD layer "Gone" \(id 4242\), which this PSD does not have/);
  });
});

describe('duplicate_source, hidden_layer_used', () => {
  const T = corpusTemplate('nexrender_2layers1image_ae15.0.aepx');
  const [a, b, c] = T.slots as [(typeof T.slots)[0], (typeof T.slots)[0], (typeof T.slots)[0]];

  it('one layer in two slots warns once, naming both slots', () => {
    const psd = design(1920, 1080, [pixelLayer('Photo', 0, 0, 1280, 720), pixelLayer('Other', 0, 0, 1280, 720)]);
    const r = validateOnly(psd, T, [[a, layer(psd, 'Photo')], [b, layer(psd, 'Photo')], [c, layer(psd, 'Other')]]);
    const d = codes(r, 'duplicate_source');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', psdLayerName: 'Photo', slotId: a.id, measured: { count: 2, slots: `${a.id}, ${b.id}` } });
    expect(d[0]!.message).toMatch(/PSD layer "Photo" \(id \d+\) fills 2 slots \("2016-aug-deep\.jpg", "2016-aug-deep\.jpg"\)/);
    expect(codes(validateOnly(psd, T, [[a, layer(psd, 'Photo')], [b, layer(psd, 'Other')]]), 'duplicate_source')).toEqual([]);
  });

  it('a hidden layer, or one inside a hidden group, warns', () => {
    const psd = design(1920, 1080, [
      pixelLayer('Off', 0, 0, 1280, 720, { hidden: true }),
      { name: 'Old versions', hidden: true, children: [pixelLayer('In hidden group', 0, 0, 1280, 720)] },
      pixelLayer('On', 0, 0, 1280, 720),
    ]);
    const r = validateOnly(psd, T, [[a, layer(psd, 'Off')], [b, layer(psd, 'In hidden group')], [c, layer(psd, 'On')]]);
    const h = codes(r, 'hidden_layer_used');
    expect(h.map((i) => [i.psdLayerName, i.severity])).toEqual([
      ['Off', 'warning'],
      ['In hidden group', 'warning'],
    ]);
    expect(h[0]!.message).toMatch(/is hidden in the design/);
    expect(h[1]!.message).toMatch(/inside a hidden group \("Old versions"\)/);
  });
});

describe('keyframed_property', () => {
  // ae-to-json's test project: staticLogo, animatedLogo (position keyframed), animatedLogo 2 (position, opacity)
  const T = corpusTemplate('aepxjs_testProject-converted_ae16.0.1.aepx');
  const psd = design(500, 500, [pixelLayer('Logo', 0, 0, 500, 500)]);

  it('warns when the slot\'s position/scale/anchor is keyframed, since the fit is not applied there', () => {
    const r = validateOnly(psd, T, [[slot(T, 'staticLogo'), layer(psd, 'Logo')], [slot(T, 'animatedLogo'), layer(psd, 'Logo')], [slot(T, 'animatedLogo 2'), layer(psd, 'Logo')]]);
    const k = codes(r, 'keyframed_property');
    expect(k.map((i) => [i.slotName, i.severity])).toEqual([
      ['animatedLogo', 'warning'],
      ['animatedLogo 2', 'warning'],
    ]);
    expect(k[1]!.measured).toMatchObject({ properties: 'position, opacity', skipped: 'position' });
    expect(k[0]!.message).toMatch(/the slot's position has keyframes, which the script leaves alone/);
  });

  it('an opacity or rotation animation is only noted; a keyframed Source Text warns', () => {
    const s = { ...slot(T, 'staticLogo'), animated: ['opacity'] };
    expect(codes(validateOnly(psd, T, [[s, layer(psd, 'Logo')]]), 'keyframed_property').map((i) => i.severity)).toEqual(['info']);
    const nm = corpusTemplate(NM);
    const text = { ...slot(nm, 'artist'), text: { ...slot(nm, 'artist').text!, keyframed: true } };
    const tp = design(1280, 720, [textLayer('Artist', 'Nina', 'AvenirNext-Bold', 70)]);
    const [i] = codes(validateOnly(tp, nm, [[text, layer(tp, 'Artist')]]), 'keyframed_property');
    expect(i?.severity).toBe('warning');
    expect(i!.message).toMatch(/Source Text has keyframes/);
  });
});

describe('missing_footage', () => {
  it('notes a placeholder item that no PSD layer replaces', () => {
    const doc = structuredClone(extractTemplate(readCorpus('aepx', NM)));
    const slots = findSlots(doc, 'main');
    const logo = slots.find((s) => s.layerName === 'nm.png')!;
    const layerRow = doc.comps.find((c) => c.id === logo.compId)!.layers.find((l) => l.index === logo.layerIndex)!;
    const item = doc.items.find((i) => i.id === layerRow.sourceId)!;
    item.footage = { ...item.footage!, kind: 'placeholder', path: undefined };
    const t = { doc, comp: 'main', slots: [logo] };
    const [i] = codes(validate(design(1280, 720, []), t, [], env()), 'missing_footage');
    expect(i).toMatchObject({ severity: 'info', slotName: 'nm.png' });
    expect(i!.message).toMatch(/shows the placeholder ".*" \(its footage was missing when the template was saved\)/);
    const psd = design(1280, 720, [pixelLayer('Logo', 0, 0, 141, 105)]);
    expect(codes(validate(psd, t, [match(logo, layer(psd, 'Logo'))], env()), 'missing_footage')).toEqual([]);
  });
});

describe('severities from settings, and order', () => {
  const T = corpusTemplate('nexrender_2layers1image_ae15.0.aepx');
  const [a, b] = T.slots as [(typeof T.slots)[0], (typeof T.slots)[0]];
  const psd = design(1920, 1080, [pixelLayer('Square', 0, 0, 720, 720, { hidden: true }), pixelLayer('Wide', 0, 0, 1280, 720)]);
  const pairs: Parameters<typeof validateOnly>[2] = [[a, layer(psd, 'Square')], [b, layer(psd, 'Wide')]];

  it('criticalCodes raise warnings, warningCodes lower critical issues; info stays info', () => {
    const base = validateOnly(psd, T, pairs);
    expect(codes(base, 'hidden_layer_used')[0]!.severity).toBe('warning');
    expect(codes(base, 'aspect_ratio_mismatch')[0]!.severity).toBe('critical');
    const r = validateOnly(psd, T, pairs, env({}, { criticalCodes: ['hidden_layer_used', 'missing_font'], warningCodes: ['aspect_ratio_mismatch'] }));
    expect(codes(r, 'hidden_layer_used')[0]!.severity).toBe('critical');
    expect(codes(r, 'aspect_ratio_mismatch')[0]!.severity).toBe('warning');
    expect(r.warnings).toContainEqual(codes(r, 'aspect_ratio_mismatch')[0]);
    // a code in both lists stays critical
    const both = validateOnly(psd, T, pairs, env({}, { criticalCodes: ['aspect_ratio_mismatch'], warningCodes: ['aspect_ratio_mismatch'] }));
    expect(codes(both, 'aspect_ratio_mismatch')[0]!.severity).toBe('critical');
    const tp = design(1200, 1500, [textLayer('N', 'Ann', 'ArialMT', 60)]);
    const ED = corpusTemplate('edforman_test-correct_ae25.5.aepx');
    const notes = validateOnly(tp, ED, [[slot(ED, 'player1fullname'), layer(tp, 'N')]], env({}, { criticalCodes: ['missing_font'] }));
    expect(codes(notes, 'missing_font').map((i) => i.severity)).toEqual(['info']);
  });

  it('lists whole-design issues first, then by slot in template order, whatever the order of the matches', () => {
    const cmyk = { ...psd, colorMode: 'cmyk' as const };
    const ms = pairs.map(([s, l]) => match(s, l));
    const r = validate(cmyk, { ...T, slots: [a, b] }, ms, env());
    expect(r.warnings[0]!.code).toBe('colour_mode');
    expect(r.warnings[0]!.slotId).toBeUndefined();
    const slotIds = all(r).filter((i) => i.slotId).map((i) => i.slotId);
    expect(slotIds).toEqual([...slotIds].sort((x, y) => [a.id, b.id].indexOf(x!) - [a.id, b.id].indexOf(y!)));
    fc.assert(
      fc.property(fc.shuffledSubarray(ms, { minLength: ms.length, maxLength: ms.length }), (shuffled) => {
        expect(validate(cmyk, { ...T, slots: [a, b] }, shuffled, env())).toEqual(r);
      }),
      { numRuns: 20 },
    );
  });

  it('every issue about a slot names it in its message', () => {
    const r = validate(psd, T, pairs.map(([s, l]) => match(s, l)), env());
    for (const i of all(r)) {
      if (i.slotName) expect(i.message).toContain(`"${i.slotName}"`);
      if (i.psdLayerName) expect(i.message).toContain(`"${i.psdLayerName}"`);
    }
  });
});
