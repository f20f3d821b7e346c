// Reading a PSD from its path reads only the structure (psd-sections.ts): the result must be the
// one extractPsd gives for the whole file in memory — on every corpus file, corrupt ones included —
// while the pixel data (layer channels, composite) is never read, and layer PNGs decoded from the
// path must be the ones decoded from the bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePsd, type Layer } from 'ag-psd';
import { afterAll, describe, expect, it } from 'vitest';
import { extractPsd, extractPsdFile, readPsdStructure, structureOf } from '../../companion/src/pipeline/psd/extract-psd.js';
import { readPsdHeader } from '../../companion/src/pipeline/psd/psd-header.js';
import { bytesSource, planStructure, type ByteSource } from '../../companion/src/pipeline/psd/psd-sections.js';
import { openLayerDecoder, openLayerDecoderFile } from '../../companion/src/pipeline/psd/layer-image.js';
import { FileFormatError } from '../../companion/src/errors.js';
import { corpusFiles, PSD_CORPUS } from '../helpers/corpus.js';

const files = corpusFiles(PSD_CORPUS, /\.ps[db]$/);
const read = (f: string) => new Uint8Array(fs.readFileSync(f));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-psd-file-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The doc, or the error's class and message: what a caller of either reader sees. */
function outcome(f: () => unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(f()));
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

/** A source that counts the bytes read through it. */
function counting(src: ByteSource): ByteSource & { bytesRead: number } {
  const c = {
    size: src.size,
    bytesRead: 0,
    read(pos: number, len: number) {
      c.bytesRead += len;
      return src.read(pos, len);
    },
  };
  return c;
}

/** Noise layers (RLE cannot shrink them), one in a group, a text layer and a full composite. */
function pixelHeavyDesign(w: number, h: number, layers: number): Uint8Array {
  let seed = 7;
  const noise = () => {
    const data = new Uint8ClampedArray(w * h * 4);
    for (let p = 0; p < data.length; p++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      data[p] = (p & 3) === 3 ? 255 : (seed >> 16) & 255;
    }
    return { width: w, height: h, data } as ImageData;
  };
  const pixels: Layer[] = Array.from({ length: layers }, (_, i) => ({ name: `Photo ${i + 1}`, left: 0, top: 0, right: w, bottom: h, imageData: noise() }));
  const children: Layer[] = [
    ...pixels.slice(0, -1),
    { name: 'Group', opened: true, children: pixels.slice(-1) },
    { name: 'Title', text: { text: 'Hello', transform: [1, 0, 0, 1, 20, 60], style: { font: { name: 'ArialMT' }, fontSize: 40 } } },
  ];
  return new Uint8Array(writePsd({ width: w, height: h, children, imageData: noise() }, { invalidateTextLayers: true }));
}

describe('extractPsdFile', () => {
  for (const f of files) {
    it(`gives what extractPsd gives for ${path.basename(f)}`, () => {
      const want = outcome(() => extractPsd(read(f)));
      expect(outcome(() => extractPsdFile(f))).toEqual(want);
      if (path.basename(f).startsWith('corrupt-')) expect(() => extractPsdFile(f)).toThrow(FileFormatError);
    });
  }

  it('reads only the structure of a pixel-heavy design, and the same tree as from the whole file', () => {
    const bytes = pixelHeavyDesign(600, 400, 4);
    const file = path.join(tmp, 'heavy.psd');
    fs.writeFileSync(file, bytes);
    const src = counting(bytesSource(bytes));
    const { input } = structureOf(src, readPsdHeader(bytes));
    // 5 × 600 × 400 × 3 bytes of noise (4 layers + composite); the structure is a few kB.
    expect(bytes.length).toBeGreaterThan(3_000_000);
    expect(input.length).toBeLessThan(50_000);
    expect(src.bytesRead).toBeLessThan(bytes.length / 10);
    const doc = extractPsdFile(file);
    expect(doc).toEqual(extractPsd(bytes));
    expect(doc.layers.map((l) => `${l.kind}:${l.name}`)).toEqual(['text:Title', 'group:Group', 'image:Photo 4', 'image:Photo 3', 'image:Photo 2', 'image:Photo 1']);
    expect(doc.layers.find((l) => l.name === 'Photo 1')).toMatchObject({ hasPixels: true, bounds: { left: 0, top: 0, right: 600, bottom: 400 } });
  });

  it('leaves out the channel data of Lr16 blocks (16-bit) and of PSB layer info (64-bit lengths)', () => {
    for (const name of ['rgb16-single_agpsd.psd', 'design-web-mockup-rgb16_psdjs.psd', 'psb-rgb16-37-groups-masks_psapi.psb']) {
      const bytes = read(path.join(PSD_CORPUS, name));
      const { input } = structureOf(bytesSource(bytes), readPsdHeader(bytes));
      expect(input.length, name).toBeLessThan(bytes.length / 5);
    }
  });

  it('patches refused colour modes in the small structure copy, never in the caller’s bytes', () => {
    const bytes = read(path.join(PSD_CORPUS, 'cmyk8_agpsd.psd'));
    const before = Buffer.from(bytes);
    const { psd, header } = readPsdStructure(bytes);
    expect(header.colorMode).toBe('cmyk');
    expect(psd.children!.length).toBeGreaterThan(0);
    expect(Buffer.from(bytes).equals(before)).toBe(true);
  });

  it('reads a file cut inside the composite like the whole bytes, and refuses one cut inside the layers the same way', () => {
    const bytes = pixelHeavyDesign(300, 200, 2);
    const plan = planStructure(bytesSource(bytes));
    const inComposite = bytes.subarray(0, plan.end + 1000);
    const inLayers = bytes.subarray(0, Math.floor(plan.end / 2));
    for (const [name, cut] of [['composite', inComposite], ['layers', inLayers]] as const) {
      const file = path.join(tmp, `cut-${name}.psd`);
      fs.writeFileSync(file, cut);
      expect(outcome(() => extractPsdFile(file)), name).toEqual(outcome(() => extractPsd(cut)));
    }
    expect(extractPsdFile(path.join(tmp, 'cut-composite.psd')).layers).toHaveLength(4);
    expect(() => extractPsdFile(path.join(tmp, 'cut-layers.psd'))).toThrow(FileFormatError);
  });

  it('refuses a file too short for a header with a clear error', () => {
    const file = path.join(tmp, 'short.psd');
    fs.writeFileSync(file, '8BPS');
    expect(() => extractPsdFile(file)).toThrow(/too short/);
  });
});

describe('layer PNGs from a path', () => {
  it('are the PNGs decoded from the bytes (8/16/32-bit, CMYK, PSB, masks, smart objects)', async () => {
    const heavy = path.join(tmp, 'heavy2.psd');
    fs.writeFileSync(heavy, pixelHeavyDesign(200, 100, 2));
    const names = ['design-mobile-ui-masks-text_psdtools.psd', 'rgb16-single_agpsd.psd', 'rgb32_agpsd.psd', 'cmyk8_agpsd.psd', 'psb-gray-text-smartobject_agpsd.psb', 'smartobject-embedded-and-linked_psdtools.psd'];
    for (const f of [heavy, ...names.map((n) => path.join(PSD_CORPUS, n))]) {
      const bytes = read(f);
      const fromBytes = openLayerDecoder(bytes);
      const fromFile = openLayerDecoderFile(f);
      for (const l of extractPsd(bytes).layers) {
        const [a, b] = await Promise.all([fromBytes.png(l.id).then((r) => r.png.toString('base64'), (e: Error) => e.message), fromFile.png(l.id).then((r) => r.png.toString('base64'), (e: Error) => e.message)]);
        expect(b, `${path.basename(f)} ${l.name}`).toBe(a);
      }
    }
  });
});
