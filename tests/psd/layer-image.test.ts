import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { layerPng, layerThumbnail, NoPixelsError, openLayerDecoder } from '../../companion/src/pipeline/psd/layer-image.js';
import { LayerAssetCache } from '../../companion/src/pipeline/psd/layer-asset-cache.js';
import { PSD_CORPUS } from '../helpers/corpus.js';
import { makeDesign } from '../helpers/designs.js';

const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(PSD_CORPUS, name)));

async function alphaStats(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let transparent = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] === 0) transparent++;
  return { width: info.width, height: info.height, channels: info.channels, transparent };
}

describe('layer PNGs', () => {
  it('exports a pixel layer at its bounds size with an alpha channel', async () => {
    const bytes = read('design-web-mockup_psdjs.psd');
    const doc = extractPsd(bytes);
    const layer = doc.layers.find((l) => l.kind === 'shape' && l.hasPixels)!;
    const r = await layerPng(bytes, layer.id);
    const s = await alphaStats(r.png);
    expect([s.width, s.height]).toEqual([layer.bounds.right - layer.bounds.left, layer.bounds.bottom - layer.bounds.top]);
    expect(s.channels).toBe(4);
    // A logo glyph on a transparent layer: some pixels are see-through, some are not.
    expect(s.transparent).toBeGreaterThan(0);
    expect(s.transparent).toBeLessThan(s.width * s.height);
  });

  it('exports a smart object, and one generated in the test keeps its exact pixels', async () => {
    const bytes = read('smartobject-2000px_loonghao.psd');
    const so = extractPsd(bytes).layers.find((l) => l.kind === 'smartObject')!;
    const r = await layerPng(bytes, so.id);
    expect([r.width, r.height]).toEqual([130, 260]);
    const design = makeDesign(300, 200, [{ name: 'Photo', kind: 'image', box: { left: 10, top: 20, right: 110, bottom: 70 } }]);
    const photo = extractPsd(design).layers[0]!;
    const p = await alphaStats((await layerPng(design, photo.id)).png);
    expect(p).toMatchObject({ width: 100, height: 50, channels: 4, transparent: 0 });
  });

  it('makes thumbnails of at most 256 px', async () => {
    const bytes = read('smartobject-2000px_loonghao.psd');
    const bg = extractPsd(bytes).layers.find((l) => l.name === 'Background')!;
    const t = await layerThumbnail(bytes, bg.id);
    expect(Math.max(t.width, t.height)).toBe(256);
  });

  it('converts 8-bit CMYK pixels and says why 16-bit CMYK and groups have none', async () => {
    const cmyk = read('cmyk8_agpsd.psd');
    const l = extractPsd(cmyk).layers[0]!;
    expect((await layerPng(cmyk, l.id)).width).toBeGreaterThan(0);
    const c16 = read('cmyk16-groups_psapi.psd');
    const any = extractPsd(c16).layers.find((x) => x.kind !== 'group')!;
    await expect(layerPng(c16, any.id)).rejects.toThrow(/16-bit CMYK/);
    const web = read('design-web-mockup_psdjs.psd');
    const group = extractPsd(web).layers.find((x) => x.kind === 'group')!;
    await expect(layerPng(web, group.id)).rejects.toBeInstanceOf(NoPixelsError);
  });

  it('caches by file hash and layer id and never leaves temp files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-cache-'));
    const cache = new LayerAssetCache(dir);
    const bytes = read('cmyk8_agpsd.psd');
    const id = extractPsd(bytes).layers[0]!.id;
    let reads = 0;
    const load = () => (reads++, openLayerDecoder(bytes));
    const a = await cache.get('ab'.repeat(32), load, id, 'full');
    const b = await cache.get('ab'.repeat(32), load, id, 'full');
    expect(reads).toBe(1);
    expect(b.png.equals(a.png)).toBe(true);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    const names = fs.readdirSync(path.join(dir, 'ab'));
    expect(names.every((n) => n.endsWith('.png') && !n.includes('.tmp'))).toBe(true);
  });
});
