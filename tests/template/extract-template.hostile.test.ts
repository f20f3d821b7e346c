// Files that are not After Effects projects, broken ones and hostile ones get one clear FileFormatError,
// quickly, without expanding entities or building huge trees.
import { writePsd } from 'ag-psd';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../companion/src/errors.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { TEMPLATE_LIMITS } from '../../companion/src/pipeline/template/limits.js';
import { readCorpus } from '../helpers/corpus.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const realXml = dec(readCorpus('aepx', 'nexrender_2layers1image_ae15.0.aepx'));
const realAep = readCorpus('aepx', 'nexrender_1layer_ae15.0.aep');

/** Runs extractTemplate and returns the error it must throw, checking it came back fast. */
function rejection(bytes: Uint8Array, maxMs = 3000): FileFormatError {
  const t0 = performance.now();
  let err: unknown = null;
  try {
    extractTemplate(bytes);
  } catch (e) {
    err = e;
  }
  expect(performance.now() - t0).toBeLessThan(maxMs);
  expect(err).toBeInstanceOf(FileFormatError);
  return err as FileFormatError;
}

describe('extractTemplate refuses what is not an After Effects project', () => {
  it('rejects the hand-written fake AEPX (right root element, none of AE’s chunks)', () => {
    const e = rejection(readCorpus('aepx', 'edforman_FAKE-handwritten-not-from-AE.aepx'));
    expect(e.message).toMatch(/not written by After Effects.*svap.*head.*Fold/);
  });

  it('rejects a Photoshop document renamed .aepx', () => {
    const psd = new Uint8Array(writePsd({ width: 8, height: 8, children: [] }));
    expect(rejection(psd).message).toMatch(/Photoshop document/);
  });

  it('rejects binary garbage and an empty file', () => {
    const junk = new Uint8Array(200_000);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    expect(rejection(junk).message).toMatch(/not an After Effects project/);
    expect(rejection(new Uint8Array(0)).message).toMatch(/empty/);
  });

  it('rejects XML that declares entities (billion laughs) without expanding them', () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE AfterEffectsProject [<!ENTITY l0 "lol">${lol}]><AfterEffectsProject><svap bdata="0f8a8604"/><string>&l9;</string></AfterEffectsProject>`;
    expect(rejection(enc(bomb), 500).message).toMatch(/DOCTYPE or ENTITY/);
    // entities also refused when the DOCTYPE hides behind a valid-looking project start
    const hidden = realXml.replace('<Fold>', '<!DOCTYPE x [<!ENTITY a "b">]><Fold>');
    expect(rejection(enc(hidden), 500).message).toMatch(/DOCTYPE or ENTITY/);
  });

  it('leaves undeclared entity references literal and decodes only the predefined ones', () => {
    const xml = realXml.replace(/<string>([^<]*)<\/string>/, '<string>A &amp; B &lt;&#x41;&#66;&gt; &bomb;</string>');
    expect(() => extractTemplate(enc(xml))).not.toThrow();
  });

  it.each([0.1, 0.5, 0.9, 0.999])('rejects XML truncated at %s of its length', (f) => {
    const e = rejection(enc(realXml.slice(0, Math.floor(realXml.length * f))));
    expect(e.message).toMatch(/truncated XML/);
  });

  it('rejects unbalanced tags', () => {
    expect(rejection(enc(realXml.replace('</Fold>', '</Fols>'))).message).toMatch(/does not match/);
  });

  it('rejects a nesting-depth bomb in XML and in RIFX', () => {
    const deep = `<?xml version="1.0"?><AfterEffectsProject>${'<tdgp>'.repeat(200_000)}${'</tdgp>'.repeat(200_000)}</AfterEffectsProject>`;
    expect(rejection(enc(deep)).message).toMatch(/nested deeper/);
    const n = 10_000;
    const b = new Uint8Array(12 + n * 12);
    const v = new DataView(b.buffer);
    b.set(enc('RIFX'), 0);
    v.setUint32(4, b.length - 8);
    b.set(enc('Egg!'), 8);
    for (let i = 0; i < n; i++) {
      const o = 12 + i * 12;
      b.set(enc('LIST'), o);
      v.setUint32(o + 4, b.length - o - 8);
      b.set(enc('tdgp'), o + 8);
    }
    expect(rejection(b).message).toMatch(/nested deeper/);
  });

  it('rejects a 100,000-item project built by repeating an Item, before parsing it', () => {
    // a folder item: idta type 1, id 7 (aepx.md §4)
    const idta = `0001${'00'.repeat(14)}00000007${'00'.repeat(64)}`;
    const item = `<Item><idta bdata="${idta}"/><string>Folder</string><sfdt bdata="0000"/></Item>`;
    const a = realXml.indexOf('<Fold>') + 6;
    const xml = realXml.slice(0, a) + item.repeat(100_000) + realXml.slice(a);
    expect(rejection(enc(xml), 5000).message).toMatch(/more than 50000 items/);
  });

  it('rejects truncated RIFX and chunks that declare more bytes than the file has', () => {
    expect(rejection(realAep.subarray(0, realAep.length >> 1)).message).toMatch(/truncated \.aep/);
    const huge = realAep.slice();
    new DataView(huge.buffer).setUint32(16, 0xfffffff0); // the first chunk's size
    expect(rejection(huge).message).toMatch(/declares 4294967280 bytes/);
  });

  it('refuses files over the size limit before reading them', () => {
    expect(() => extractTemplate(realAep, { ...TEMPLATE_LIMITS, maxBytes: 1000 })).toThrow(/limit is 1000/);
  });

  it('never throws anything but FileFormatError on corrupted real projects (byte flips, cut chunks)', () => {
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const sources = [realAep, readCorpus('aepx', 'boltframe_Item-01_ae16.0.aep'), enc(realXml)];
    for (let round = 0; round < 120; round++) {
      const src = sources[round % sources.length]!;
      const b = src.slice();
      for (let k = 0; k < 1 + rnd(20); k++) b[12 + rnd(b.length - 12)] = rnd(256);
      try {
        extractTemplate(b);
      } catch (e) {
        if (!(e instanceof FileFormatError)) throw new Error(`round ${round}: ${(e as Error).stack}`);
      }
    }
  });
});
