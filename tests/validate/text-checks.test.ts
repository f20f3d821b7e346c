// Text slots: overflow against the template's room (point text: its own text; paragraph text: its
// box), with the font's metrics when installed and the 0.55 em estimate otherwise; fonts; empty text.
import { describe, expect, it } from 'vitest';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { measureWithSystemFonts, systemFontNames, systemFonts } from '../../companion/src/pipeline/validate/font-metrics.js';
import { readCorpus } from '../helpers/corpus.js';
import { codes, corpusTemplate, design, env, layer, slot, textLayer, validateOnly, withBoxText } from './fixtures.js';

// edforman "test-aep" (1200×1500): point text "player1fullname", RUSHFLOW 60 px, tracking 38 — a font
// no test machine has, so widths are the estimate (template/text-box.ts's character classes) plus
// tracking: "player1fullname" = 6.99 em + 15 × 0.038 em = 7.56 em = 453.6 px, the slot's width.
// An "x" is 0.52 + 0.038 = 0.558 em.
const ED = corpusTemplate('edforman_test-correct_ae25.5.aepx');
const name1 = slot(ED, 'player1fullname');
const withText = (text: string, font = 'RUSHFLOW', size = 60) => design(1200, 1500, [textLayer('Name', text, font, size)]);
const overflow = (text: string, over: Parameters<typeof env>[0] = {}, settings: Parameters<typeof env>[1] = {}, extra = {}) => {
  const psd = withText(text);
  return codes(validateOnly(psd, ED, [[name1, layer(psd, 'Name'), extra]], env(over, settings)), 'text_overflow')[0];
};

describe('text_overflow, point text', () => {
  it('the slot is point text in a font that is not installed here', () => {
    expect(name1.text).toMatchObject({ text: 'player1fullname', font: 'RUSHFLOW', fontSize: 60, boxText: false });
    expect(systemFonts().has('RUSHFLOW')).toBe(false);
  });

  it('a text that fits in the template box is not flagged; the same text twice as long is', () => {
    expect(overflow('Jordan Smith')).toBeUndefined(); // (6.13 + 12 × 0.038) / 7.56 = 0.87
    const twice = overflow('Jordan Smith Jordan Smith'); // (12.54 + 25 × 0.038) / 7.56 = 1.78
    expect(twice?.severity).toBe('critical');
    expect(twice!.measured!.ratio).toBeCloseTo(13.49 / 7.56, 2);
    expect(twice!.measured).toMatchObject({ metrics: 'estimate', basis: 'template text', textStyle: 'template', font: 'RUSHFLOW', fontSize: 60 });
    expect(twice!.message).toMatch(/^Slot "player1fullname" ← PSD layer "Name" \(id \d+\): at 60 px RUSHFLOW, it is \d+ px wide where the template’s text takes \d+ px \(1\.78×; estimated/);
  });

  it('warns above overflowWarnRatio and is critical above overflowCriticalRatio', () => {
    expect(overflow('player1fullname')).toBeUndefined(); // the template's own text: 1.0 is not above 1.0
    expect(overflow('x'.repeat(13))).toBeUndefined(); // 13 × 0.558 / 7.56 = 0.96
    expect(overflow('x'.repeat(14))?.severity).toBe('warning'); // 1.03
    expect(overflow('x'.repeat(16))?.severity).toBe('warning'); // 1.18
    expect(overflow('x'.repeat(18))?.severity).toBe('critical'); // 1.33 > 1.25
    expect(overflow('x'.repeat(18), {}, { overflowCriticalRatio: 1.5 })?.severity).toBe('warning');
    expect(overflow('x'.repeat(14), {}, { overflowWarnRatio: 1.1 })).toBeUndefined();
    expect(overflow('x'.repeat(18))!.threshold).toEqual({ overflowWarnRatio: 1, overflowCriticalRatio: 1.25 });
  });

  it('estimates CJK characters at a full em', () => {
    // 7.56 em of room; 7 ideographs × 1.038 = 7.27 em fit, 8 × 1.038 = 8.30 em do not
    expect(overflow('李娜'.repeat(3) + '李')).toBeUndefined();
    expect(overflow('李娜'.repeat(4))?.severity).toBe('warning');
  });

  it('a second line counts against the template\'s one line', () => {
    const i = overflow('Jordan\rSmith');
    expect(i?.measured).toMatchObject({ lines: 2, ratio: 2 });
    expect(i!.message).toMatch(/takes 2 lines/);
  });

  it('sizes the text as the policy says: the template\'s size, or the PSD\'s with the psd text style', () => {
    const psd = withText('Ben Forman', 'RUSHFLOW', 120); // 10 characters at twice the template's size
    const run = (extra: object, over = {}) => codes(validateOnly(psd, ED, [[name1, layer(psd, 'Name'), extra]], env(over)), 'text_overflow')[0];
    expect(run({})).toBeUndefined(); // (5.47 + 10 × 0.038) / 7.56 = 0.77 at 60 px
    // at 120 px the line is 1.2 × 120 = 144 px tall where the template's is 72 px: 2× (the width is
    // 5.47 em × 120 = 656.4 px, no tracking in the PSD, against 453.6 px: 1.45×)
    const big = run({ textStyle: 'psd' });
    expect(big?.measured).toMatchObject({ fontSize: 120, textStyle: 'psd', ratio: 2, neededWidth: 656.4, neededHeight: 144, availableHeight: 72, availableWidth: 453.6 });
    expect(big!.message).toMatch(/at 120 px RUSHFLOW, it takes 1 line \(144 px\) where the template’s text takes 72 px/);
    expect(run({}, { defaultTextStyle: 'psd' })?.severity).toBe('critical');
    // a half-size design (600×750 for the 1200×1500 comp) is scaled up to the comp: 60 px becomes 120
    const half = design(600, 750, [textLayer('Name', 'Ben Forman', 'RUSHFLOW', 60)]);
    expect(codes(validateOnly(half, ED, [[name1, layer(half, 'Name'), { textStyle: 'psd' }]]), 'text_overflow')[0]?.measured).toMatchObject({ fontSize: 120 });
    expect(run({ textStyle: 'template' }, { defaultTextStyle: 'psd' })).toBeUndefined();
  });

  it('says what autofit will do', () => {
    const on = overflow('x'.repeat(30), { autofitText: true })!; // 30 × 0.558 / 7.56 = 2.21×: 45 %
    expect(on.message).toMatch(/Autofit is on: the script will shrink it to about 45% to fit\./);
    expect(on.measured).toMatchObject({ autofit: true });
    expect(overflow('x'.repeat(30), { autofitText: false })!.message).toMatch(/Autofit is off: the text will run past its space\./);
    expect(overflow('x'.repeat(30))!.message).toMatch(/With autofit on, the script would shrink it/);
  });

  it('an empty template text leaves the room to the comp\'s edge', () => {
    // nexrender "testcomp1": an empty point text layer, 36 px, left-aligned at x = 960 in a 1920 px comp
    const T = corpusTemplate('nexrender_1layer_ae15.0.aepx');
    const s = T.slots[0]!;
    expect(s.text?.text).toBe('');
    const psd = design(1920, 1080, [textLayer('Short', 'Hello there', 'TimesNewRomanPSMT', 36), textLayer('Long', 'x'.repeat(60), 'TimesNewRomanPSMT', 36)]);
    expect(codes(validateOnly(psd, T, [[s, layer(psd, 'Short')]]), 'text_overflow')).toEqual([]);
    const long = codes(validateOnly(psd, T, [[s, layer(psd, 'Long')]]), 'text_overflow')[0]; // 60 × 0.52 × 36 = 1123.2 px in 960
    expect(long?.measured).toMatchObject({ basis: 'comp frame', availableWidth: 960, neededWidth: 1123.2 });
    expect(long!.measured!.ratio).toBeCloseTo(1123.2 / 960, 2);
  });
});

describe('text_overflow, paragraph (box) text, with real font metrics', () => {
  const liberation = systemFonts().has('LiberationSans');
  // nm05's "track name" as a 400×120 text box in LiberationSans 48 px: two lines of 57.6 px fit.
  const box = (() => {
    const t = withBoxText('nexrender_nm05ae12_ae12.1.aepx', 'track name', [400, 120]);
    for (const c of t.doc.comps) for (const l of c.layers) if (l.name === 'track name') l.text!.font = 'LiberationSans';
    for (const s of t.slots) if (s.layerName === 'track name') s.text!.font = 'LiberationSans';
    return t;
  })();
  const track = slot(box, 'track name');
  const e = env({ installedFonts: systemFontNames(), fontSource: 'system', measureText: measureWithSystemFonts });
  const run = (text: string) => {
    const psd = design(1280, 720, [textLayer('Copy', text, 'LiberationSans', 48)]);
    return codes(validateOnly(psd, box, [[track, layer(psd, 'Copy')]], e), 'text_overflow')[0];
  };

  it('the slot is the box', () => {
    expect(track.text).toMatchObject({ boxText: true, boxSize: [400, 120] });
  });

  it('a text that fits in the template box is not flagged; the same text twice as long is', () => {
    const text = 'Midnight drive in the rain'; // ≈ 580 px at 48 px: two lines in 400 px
    expect(run(text)).toBeUndefined();
    const twice = run(`${text} ${text}`); // ≈ 1180 px: 3–4 lines, 173–230 px in 120
    expect(twice?.severity).toBe('critical');
    expect(twice!.measured).toMatchObject({ basis: 'text box', availableWidth: 400, availableHeight: 120, metrics: liberation ? 'font' : 'estimate' });
    expect(twice!.measured!.lines).toBeGreaterThanOrEqual(3);
    expect(twice!.message).toMatch(/wrapped into the 400 px wide text box it takes [34] lines, \d+ px, but the box is 120 px tall/);
  });

  it.skipIf(!liberation)('measures with the installed font (Liberation Sans has Arial’s published advances)', () => {
    // "WWWWWWW" = 7 × 1933/2048 em × 48 px = 317.1 px (the estimate says 7 × 0.85 × 48 = 285.6 px);
    // two of them and a space (569/2048 em) are 647 px: each word on its own line, 3 × 57.6 px tall
    const w = run('WWWWWWW WWWWWWW WWWWWWW');
    expect(w?.measured).toMatchObject({ metrics: 'font', lines: 3, neededWidth: 317.1, neededHeight: 172.8 });
    expect(w!.measured!.ratio).toBeCloseTo(172.8 / 120, 3);
  });
});

describe('missing_font', () => {
  it('a PSD font that is not installed (corpus: text-missing-font) is critical when the PSD style is used', () => {
    const psd = extractPsd(readCorpus('psd', 'text-missing-font_psapi.psd'));
    const l = layer(psd, 'FontFallbackRequestedMissing');
    expect(l.text!.runs[0]!.font).toBe('ZZZMissingFontTok');
    const installed = env({ installedFonts: [...systemFontNames(), 'RUSHFLOW'], fontSource: 'after-effects' });
    const psdStyle = codes(validateOnly(psd, ED, [[name1, l, { textStyle: 'psd' }]], installed), 'missing_font');
    expect(psdStyle.map((i) => i.severity)).toEqual(['critical']);
    expect(psdStyle[0]!.message).toMatch(/the PSD’s font "ZZZMissingFontTok" is not installed in After Effects/);
    expect(psdStyle[0]!.measured).toMatchObject({ font: 'ZZZMissingFontTok', textStyle: 'psd' });
    // with the template's style the script sets RUSHFLOW, which this AE has
    expect(codes(validateOnly(psd, ED, [[name1, l]], installed), 'missing_font')).toEqual([]);
  });

  it('with the PSD style, every run\'s font counts, and a defaulted one says so (corpus)', () => {
    const installed = env({ installedFonts: ['ArialMT', 'RUSHFLOW'], fontSource: 'after-effects' });
    const runs = extractPsd(readCorpus('psd', 'text-style-runs-3fonts_agpsd.psd'));
    const r = validateOnly(runs, ED, [[name1, runs.layers.find((l) => l.kind === 'text')!, { textStyle: 'psd' }]], installed);
    expect(codes(r, 'missing_font').map((i) => i.measured!.font)).toEqual(['CourierNewPSMT', 'MyriadPro-Bold']);
    const dflt = extractPsd(readCorpus('psd', 'text-default-stylesheet-font_psdtools.psd'));
    const [i] = codes(validateOnly(dflt, ED, [[name1, dflt.layers.find((l) => l.kind === 'text')!, { textStyle: 'psd' }]], installed), 'missing_font');
    expect(i!.message).toMatch(/Photoshop’s default font \(the PSD names none\) "MyriadPro-Regular" is not installed/);
    expect(i!.measured).toMatchObject({ defaulted: true });
  });

  it('the template\'s font counts when the template style is used', () => {
    const psd = withText('Ben Forman', 'ArialMT');
    const r = validateOnly(psd, ED, [[name1, layer(psd, 'Name')]], env({ installedFonts: ['ArialMT'], fontSource: 'system' }));
    const [i] = codes(r, 'missing_font');
    expect(i?.severity).toBe('critical');
    expect(i!.message).toMatch(/the template’s font "RUSHFLOW" is not installed in this machine’s font folders/);
    // PostScript names compare without case (AE's font list and the file can differ in case)
    expect(codes(validateOnly(psd, ED, [[name1, layer(psd, 'Name')]], env({ installedFonts: ['rushflow'], fontSource: 'system' })), 'missing_font')).toEqual([]);
  });

  it('without a font list, says once that fonts were not checked', () => {
    const psd = design(1200, 1500, [textLayer('A', 'Ann', 'ArialMT', 60), textLayer('B', 'Bo', 'ArialMT', 60)]);
    const r = validateOnly(psd, ED, [[name1, layer(psd, 'A')], [slot(ED, 'player2fullname'), layer(psd, 'B')]]);
    const m = codes(r, 'missing_font');
    expect(m.map((i) => i.severity)).toEqual(['info']);
    expect(m[0]!.message).toMatch(/Fonts were not checked/);
    expect(r.critical_issues).toEqual([]);
  });
});

describe('empty_text', () => {
  it('an empty PSD text warns, and is critical for a required slot', () => {
    const psd = withText('   ');
    const i = codes(validateOnly(psd, ED, [[name1, layer(psd, 'Name')]]), 'empty_text');
    expect(i.map((x) => x.severity)).toEqual(['warning']);
    const required = { ...name1, required: true };
    const j = codes(validateOnly(psd, ED, [[required, layer(psd, 'Name')]]), 'empty_text');
    expect(j.map((x) => x.severity)).toEqual(['critical']);
    expect(j[0]!.message).toMatch(/the PSD text is empty; this slot is required/);
    const ann = withText('Ann');
    expect(codes(validateOnly(ann, ED, [[name1, layer(ann, 'Name')]]), 'empty_text')).toEqual([]);
  });
});
