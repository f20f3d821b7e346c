// extractPsd over every file of the PSD corpus, checked against what SOURCES.md records for each.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { FileFormatError } from '../../companion/src/errors.js';
import { corpusFiles, PSD_CORPUS } from '../helpers/corpus.js';

const files = corpusFiles(PSD_CORPUS, /\.ps[db]$/);
const real = files.filter((f) => !path.basename(f).startsWith('corrupt-'));
const corrupt = files.filter((f) => path.basename(f).startsWith('corrupt-'));
const read = (f: string) => new Uint8Array(fs.readFileSync(f));

/** SOURCES.md rows: file → its "contents" column (written from an independent read). */
const sources = new Map<string, string>();
for (const line of fs.readFileSync(path.join(PSD_CORPUS, 'SOURCES.md'), 'utf8').split('\n')) {
  const m = /^\| `([^`]+)` \|.*\| ([^|]*) \|$/.exec(line);
  if (m) sources.set(m[1]!, m[2]!);
}

describe('extractPsd on the corpus', () => {
  it('has the files SOURCES.md lists: 54 real and 5 corrupt', () => {
    expect(real).toHaveLength(54);
    expect(corrupt).toHaveLength(5);
  });

  for (const f of real) {
    const name = path.basename(f);
    it(`reads ${name} as SOURCES.md describes it`, () => {
      const doc = extractPsd(read(f));
      const desc = sources.get(name) ?? '';
      const head = /(PSD|PSB) (\d+)x(\d+) (\w+) (\d+)-bit/.exec(desc);
      if (head) {
        expect(doc.isPsb).toBe(head[1] === 'PSB');
        expect([doc.width, doc.height]).toEqual([Number(head[2]), Number(head[3])]);
        expect(doc.bitsPerChannel).toBe(Number(head[5]));
        const mode = head[4]!.toLowerCase();
        expect(doc.colorMode).toBe(mode === 'gray' ? 'grayscale' : mode);
      }
      const counts = /(\d+) layers \+ (\d+) groups/.exec(desc);
      if (counts) {
        expect(doc.layers.filter((l) => l.kind !== 'group').length).toBe(Number(counts[1]));
        expect(doc.layers.filter((l) => l.kind === 'group').length).toBe(Number(counts[2]));
      }
      const texts = /(\d+) text \((\d+) box/.exec(desc);
      if (texts) {
        const t = doc.layers.filter((l) => l.kind === 'text');
        expect(t.length).toBe(Number(texts[1]));
        expect(t.filter((l) => l.text!.shapeType === 'box').length).toBe(Number(texts[2]));
      }
      const fonts = /fonts: ([^;)]+)/.exec(desc);
      if (fonts) {
        const mine = new Set(doc.layers.flatMap((l) => l.text?.runs.map((r) => r.font) ?? []));
        // AdobeInvisFont is Photoshop's placeholder for "no font": we resolve it to the default on purpose.
        for (const font of fonts[1]!.split(',').map((s) => s.trim()).filter((f) => f !== 'AdobeInvisFont')) expect(mine, `${name}: font ${font}`).toContain(font);
      }
      // Panel order: top-most first, each layer after its group.
      doc.layers.forEach((l, i) => expect(l.order).toBe(i));
      for (const l of doc.layers) if (l.parentId !== null) expect(doc.layers.findIndex((p) => p.id === l.parentId)).toBeLessThan(l.order);
      expect(new Set(doc.layers.map((l) => l.id)).size).toBe(doc.layers.length);
    });
  }

  it('gives every one of the 75 text layers its text', () => {
    const text = real.flatMap((f) => extractPsd(read(f)).layers.filter((l) => l.kind === 'text'));
    expect(text).toHaveLength(75);
    for (const l of text) {
      expect(l.text!.content.length, l.name).toBeGreaterThan(0);
      expect(l.text!.runs.reduce((n, r) => n + r.length, 0)).toBeGreaterThanOrEqual(l.text!.content.length);
      expect(l.text!.content).not.toContain('\n');
    }
  });

  for (const f of corrupt) {
    it(`refuses ${path.basename(f)} with a clear error, quickly`, () => {
      const t0 = performance.now();
      expect(() => extractPsd(read(f))).toThrow(FileFormatError);
      expect(performance.now() - t0).toBeLessThan(2000);
    });
  }
});

describe('text details recorded in research/psd.md and SOURCES.md', () => {
  const doc = (name: string) => extractPsd(read(path.join(PSD_CORPUS, name)));

  it('gives each style run its own font (three fonts in one layer)', () => {
    const t = doc('text-style-runs-3fonts_agpsd.psd').layers.find((l) => l.kind === 'text')!;
    expect(t.text!.runs.map((r) => r.font)).toEqual(expect.arrayContaining(['MyriadPro-Bold', 'ArialMT', 'CourierNewPSMT']));
    const starts = t.text!.runs.map((r) => r.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('resolves a run without a font to the document default and says so', () => {
    const d = doc('text-default-stylesheet-font_psdtools.psd');
    const runs = d.layers.flatMap((l) => l.text?.runs ?? []);
    expect(runs.some((r) => r.fontDefaulted && r.font === 'MyriadPro-Regular')).toBe(true);
    expect(d.warnings.join('\n')).toMatch(/default/);
  });

  it('reports the real colour mode of CMYK, Lab and Duotone files, and which pixels are unavailable', () => {
    expect(doc('cmyk8_agpsd.psd')).toMatchObject({ colorMode: 'cmyk', pixelsAvailable: true });
    expect(doc('cmyk16-groups_psapi.psd')).toMatchObject({ colorMode: 'cmyk', pixelsAvailable: false });
    expect(doc('lab8-tiny_psdtools.psd').colorMode).toBe('lab');
    expect(doc('duotone8-tiny_psdtools.psd').pixelsUnavailableReason).toMatch(/DUOTONE/);
  });

  it('gives box text its box in document pixels', () => {
    const box = doc('text-paragraph-box_psapi.psd').layers.find((l) => l.text?.shapeType === 'box')!;
    expect(box.text!.box).not.toBeNull();
    const b = box.text!.box!;
    expect(b.right).toBeGreaterThan(b.left);
    expect(b.bottom).toBeGreaterThan(b.top);
  });

  it('describes smart objects with their placed size and source', () => {
    const d = doc('smartobject-embedded-and-linked_psdtools.psd');
    const so = d.layers.filter((l) => l.kind === 'smartObject');
    expect(so.length).toBe(3);
    expect(so.find((l) => l.name === 'embedded-png')!.smartObject).toMatchObject({ source: 'embedded' });
    for (const l of so) expect(l.smartObject!.placedWidth).toBeGreaterThan(0);
  });
});
