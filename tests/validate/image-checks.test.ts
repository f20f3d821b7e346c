// Image slots: aspect ratio, upscaling, layers with nothing to place, colour modes. Expected numbers
// are worked out by hand in the comments (1280×720 slot, cover/contain/stretch geometry).
import { describe, expect, it } from 'vitest';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { readCorpus } from '../helpers/corpus.js';
import { codes, corpusTemplate, design, env, layer, pixelLayer, slot, textLayer, validateOnly } from './fixtures.js';

// nexrender's "Comp 1" (1920×1080): three photo slots, each 1280×720 (16:9) in the comp.
const T = corpusTemplate('nexrender_2layers1image_ae15.0.aepx');
const photo = slot(T, '2018-aug-deep.jpg');
const one = (w: number, h: number) => design(1920, 1080, [pixelLayer('Photo', 0, 0, w, h)]);

describe('aspect_ratio_mismatch', () => {
  it('the slot is the 16:9 box the template says', () => {
    expect(photo.box.right - photo.box.left).toBe(1280);
    expect(photo.box.bottom - photo.box.top).toBe(720);
  });

  it('a design whose image is 1:1 matched to a 16:9 slot gets a critical aspect_ratio_mismatch', () => {
    const psd = one(720, 720);
    const r = validateOnly(psd, T, [[photo, layer(psd, 'Photo')]]);
    const [i] = codes(r, 'aspect_ratio_mismatch');
    expect(i?.severity).toBe('critical');
    expect(r.critical_issues).toContainEqual(i);
    expect(i).toMatchObject({ slotId: photo.id, slotName: '2018-aug-deep.jpg', psdLayerName: 'Photo', psdLayerId: layer(psd, 'Photo').id });
    // 1 vs 16/9: (16/9)/1 − 1 = 77.8 %. Cover scales 720² to 1280², showing 720 of 1280 rows: 43.75 %
    // of the height cropped. Contain keeps 720×720 in 1280×720: 560/1280 = 43.75 % empty.
    expect(i!.measured).toMatchObject({ contentAspect: 1, slotAspect: 1.778, differencePct: 77.8, fit: 'cover' });
    expect(i!.measured!.coverCropPct).toBeCloseTo(43.75, 0);
    expect(i!.measured!.containEmptyPct).toBeCloseTo(43.75, 0);
    expect(i!.message).toMatch(/^Slot "2018-aug-deep\.jpg"/);
    expect(i!.message).toMatch(/PSD layer "Photo"/);
    expect(i!.message).toMatch(/Cover \(the fit in use\) crops 43\.8% of its height/);
    expect(i!.message).toMatch(/contain would leave 43\.8% of the slot empty \(bars left and right\)/);
    expect(i!.message).toMatch(/stretch would distort it by 77\.8%/);
    expect(i!.threshold).toEqual({ warnPct: 2, criticalPct: 20 });
  });

  it('the message leads with the fit the match uses', () => {
    const psd = one(720, 720);
    const [i] = codes(validateOnly(psd, T, [[photo, layer(psd, 'Photo'), { fit: 'contain' }]]), 'aspect_ratio_mismatch');
    expect(i!.message).toMatch(/Contain \(the fit in use\) leaves 43\.8%/);
    expect(i!.message).toMatch(/cover would crop 43\.8% of its height/);
    expect(i!.measured!.fit).toBe('contain');
  });

  it('is silent for the same shape and for rounding noise under 2%', () => {
    for (const [w, h] of [
      [1280, 720],
      [1920, 1080],
      [1280, 710], // 1.803 vs 1.778: 1.4 %
    ] as const) {
      const psd = one(w, h);
      expect(codes(validateOnly(psd, T, [[photo, layer(psd, 'Photo')]]), 'aspect_ratio_mismatch')).toEqual([]);
    }
  });

  it('warns between 2% and the tolerance, and is critical beyond it', () => {
    const severity = (w: number, h: number, tol?: number) => {
      const psd = one(w, h);
      const e = env({}, tol === undefined ? {} : { aspectTolerance: tol });
      return codes(validateOnly(psd, T, [[photo, layer(psd, 'Photo')]], e), 'aspect_ratio_mismatch')[0]?.severity ?? 'none';
    };
    expect(severity(1280, 792)).toBe('warning'); // 1.778 / 1.616 = 10 %
    expect(severity(1280, 610)).toBe('warning'); // 2.098 / 1.778 = 18 %
    expect(severity(1280, 590)).toBe('critical'); // 2.169 / 1.778 = 22 %
    expect(severity(1280, 590, 0.3)).toBe('warning'); // settings.validation.aspectTolerance
    expect(severity(720, 720, 0.5)).toBe('critical');
  });

  it('uses the size a smart object is placed at, not the size of its original', () => {
    // embedded original 400×300 (4:3), placed on the canvas as 640×360 (16:9)
    const psd = design(1920, 1080, [
      pixelLayer('Placed', 0, 0, 640, 360, {
        placedLayer: { id: '20953ddb-9391-11ec-b4f1-c15674f50bc4', placed: '20953ddb-9391-11ec-b4f1-c15674f50bc4', type: 'raster', transform: [0, 0, 640, 0, 640, 360, 0, 360], width: 400, height: 300 },
      }),
    ], { linkedFiles: [{ id: '20953ddb-9391-11ec-b4f1-c15674f50bc4', name: 'photo.png', data: new Uint8Array(8) }] });
    expect(layer(psd, 'Placed').kind).toBe('smartObject');
    expect(codes(validateOnly(psd, T, [[photo, layer(psd, 'Placed')]]), 'aspect_ratio_mismatch')).toEqual([]);
  });
});

describe('upscaled', () => {
  const scaleIssue = (w: number, h: number, fit?: 'contain' | 'cover' | 'stretch', defaultFit: 'contain' | 'cover' | 'stretch' = 'cover') => {
    const psd = one(w, h);
    return codes(validateOnly(psd, T, [[photo, layer(psd, 'Photo'), fit ? { fit } : {}]], env({ defaultFit })), 'upscaled')[0];
  };

  it('is silent up to 1.5×, warns above it and is critical above 2×', () => {
    expect(scaleIssue(1280, 720)).toBeUndefined();
    expect(scaleIssue(880, 495)).toBeUndefined(); // 1280/880 = 1.45
    expect(scaleIssue(800, 450)?.severity).toBe('warning'); // 1.6
    const big = scaleIssue(600, 338); // max(1280/600, 720/338) = 2.13
    expect(big?.severity).toBe('critical');
    expect(big!.measured!.scale).toBeCloseTo(2.133, 2);
    expect(big!.threshold).toEqual({ upscaleWarn: 1.5, upscaleCritical: 2 });
    expect(big!.message).toMatch(/600×338 px are scaled 2\.13× to cover the 1280×720 slot/);
  });

  it('follows the effective fit: the match\'s own, else the default', () => {
    // 720×720 into 1280×720: cover scales by 1280/720 = 1.78, contain by 1, stretch by 1.78 on x
    expect(scaleIssue(720, 720)?.severity).toBe('warning');
    expect(scaleIssue(720, 720, 'contain')).toBeUndefined();
    expect(scaleIssue(720, 720, undefined, 'contain')).toBeUndefined();
    expect(scaleIssue(720, 720, 'stretch')?.measured?.scale).toBeCloseTo(1.778, 2);
    expect(scaleIssue(720, 720, 'cover', 'contain')?.measured?.fit).toBe('cover');
  });

  it('measures the pixels that will be placed: a smart object\'s rendered pixels, or its embedded original when it has none', () => {
    const id = '20953ddb-9391-11ec-b4f1-c15674f50bc4';
    const placed = { id, placed: id, type: 'raster' as const, width: 400, height: 225 };
    const psd = design(1920, 1080, [
      pixelLayer('Rendered', 0, 0, 320, 180, { placedLayer: { ...placed, transform: [0, 0, 320, 0, 320, 180, 0, 180] } }),
      { name: 'Original only', placedLayer: { ...placed, transform: [0, 0, 1280, 0, 1280, 720, 0, 720] } },
    ], { linkedFiles: [{ id, name: 'photo.png', data: new Uint8Array(8) }] });
    const r = validateOnly(psd, T, [[photo, layer(psd, 'Rendered')]]);
    expect(codes(r, 'upscaled')[0]?.measured).toMatchObject({ sourceWidth: 320, scale: 4 });
    const o = validateOnly(psd, T, [[photo, layer(psd, 'Original only')]]);
    expect(codes(o, 'no_pixels')).toEqual([]);
    expect(codes(o, 'upscaled')[0]?.measured).toMatchObject({ sourceWidth: 400, scale: 3.2 });
  });
});

describe('no_pixels and kind_mismatch', () => {
  it('an image slot given a layer with nothing to render is critical, whatever the reason', () => {
    const psd = design(1920, 1080, [
      { name: 'Empty' },
      { name: 'Folder', children: [pixelLayer('inside', 0, 0, 1280, 720)] },
      { name: 'Levels', adjustment: { type: 'brightness/contrast', brightness: 10, contrast: 0 } },
      pixelLayer('Real', 0, 0, 1280, 720),
    ]);
    for (const [name, why] of [
      ['Empty', /is empty/],
      ['Folder', /is a group/],
      ['Levels', /adjustment layer/],
    ] as const) {
      const r = validateOnly(psd, T, [[photo, layer(psd, name)]]);
      const i = codes(r, 'no_pixels');
      expect(i, name).toHaveLength(1);
      expect(i[0]!.severity).toBe('critical');
      expect(i[0]!.message).toMatch(why);
      expect(codes(r, 'aspect_ratio_mismatch')).toEqual([]);
    }
    expect(codes(validateOnly(psd, T, [[photo, layer(psd, 'Real')]]), 'no_pixels')).toEqual([]);
  });

  it('a linked smart object without rendered pixels is critical (its file is not in the PSD)', () => {
    const psd = extractPsd(readCorpus('psd', 'smartobject-embedded-and-linked_psdtools.psd'));
    const linked = layer(psd, 'linked-png');
    expect(linked.smartObject?.source).toBe('linked');
    // Photoshop saved a rendering of it: usable.
    expect(codes(validateOnly(psd, T, [[photo, linked]]), 'no_pixels')).toEqual([]);
    // The same layer saved without its rendering has nothing to place.
    const stripped = { ...psd, layers: psd.layers.map((l) => (l.id === linked.id ? { ...l, hasPixels: false, bounds: { left: 0, top: 0, right: 0, bottom: 0 } } : l)) };
    const [i] = codes(validateOnly(stripped, T, [[photo, linked]]), 'no_pixels');
    expect(i?.severity).toBe('critical');
    expect(i!.message).toMatch(/linked to "linked-layer\.png"/);
  });

  it('text into an image slot, and pixels into a text slot, are critical', () => {
    const nm = corpusTemplate('nexrender_nm05ae12_ae12.1.aepx');
    const psd = design(1280, 720, [textLayer('Headline', 'Hello', 'ArialMT', 40), pixelLayer('Picture', 0, 0, 1280, 720)]);
    const a = codes(validateOnly(psd, nm, [[slot(nm, 'background.jpg'), layer(psd, 'Headline')]]), 'kind_mismatch');
    expect(a.map((i) => i.severity)).toEqual(['critical']);
    expect(a[0]!.message).toMatch(/image slot needs pixels, and this is a text layer/);
    const b = codes(validateOnly(psd, nm, [[slot(nm, 'artist'), layer(psd, 'Picture')]]), 'kind_mismatch');
    expect(b.map((i) => i.severity)).toEqual(['critical']);
    expect(b[0]!.message).toMatch(/text slot needs a text layer/);
    expect(codes(validateOnly(psd, nm, [[slot(nm, 'artist'), layer(psd, 'Headline')]]), 'kind_mismatch')).toEqual([]);
  });
});

describe('colour_mode', () => {
  it('an 8-bit CMYK design (corpus) warns once that colours are converted without a profile', () => {
    const psd = extractPsd(readCorpus('psd', 'cmyk8_agpsd.psd'));
    expect(psd.colorMode).toBe('cmyk');
    const r = validateOnly(psd, T, [[photo, layer(psd, 'Layer 1')]]);
    const c = codes(r, 'colour_mode');
    expect(c.map((i) => i.severity)).toEqual(['warning']);
    expect(c[0]!.message).toMatch(/CMYK.*"Layer 1".*without a colour profile/);
    expect(c[0]!.slotId).toBeUndefined();
  });

  it('a design whose pixels cannot be decoded (16-bit CMYK, Lab) is critical for every image slot it fills', () => {
    const cmyk16 = extractPsd(readCorpus('psd', 'cmyk16-groups_psapi.psd'));
    expect(cmyk16.pixelsAvailable).toBe(false);
    const l = layer(cmyk16, 'MonzaSP1_DawnShot_V1_v002_ED.BaseAOV');
    const r = validateOnly(cmyk16, T, [[photo, l], [slot(T, '2016-aug-deep.jpg'), layer(cmyk16, 'MonzaSP1_DawnShot_V1_v002_ED.Glare')]]);
    const c = codes(r, 'colour_mode');
    expect(c.map((i) => i.severity)).toEqual(['critical', 'critical']);
    expect(c.find((i) => i.slotId === photo.id)!.message).toMatch(/16-bit CMYK.*cannot be decoded/);
    // the cause is the colour mode, not an empty layer
    expect(codes(r, 'no_pixels')).toEqual([]);
    const lab = extractPsd(readCorpus('psd', 'lab8-tiny_psdtools.psd'));
    expect(codes(validateOnly(lab, T, [[photo, layer(lab, 'Gradient Fill 1')]]), 'colour_mode')[0]?.severity).toBe('critical');
  });

  it('an RGB design, or a CMYK design filling only text slots, has no colour_mode issue', () => {
    expect(codes(validateOnly(one(1280, 720), T, [[photo, layer(one(1280, 720), 'Photo')]]), 'colour_mode')).toEqual([]);
    const psd = extractPsd(readCorpus('psd', 'cmyk8_agpsd.psd'));
    expect(codes(validateOnly(psd, T, []), 'colour_mode')).toEqual([]);
  });
});
