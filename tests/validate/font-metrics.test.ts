// The system font index and real advance widths, against the font files installed on this machine
// (Debian: fonts-liberation, fonts-dejavu). Tests that need a file skip when it is not installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FontIndex, measureWithSystemFonts, systemFontFolders, systemFontNames } from '../../companion/src/pipeline/validate/font-metrics.js';
import { fontFileFaces } from '../../companion/src/pipeline/validate/sfnt.js';

const LIBERATION = '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf';
const SERIF = '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf';
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const has = (f: string) => fs.existsSync(f);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-fonts-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function fcList(): Map<string, string> | null {
  try {
    const out = execFileSync('fc-list', ['--format', '%{postscriptname}\t%{file}\n'], { encoding: 'utf8' });
    const m = new Map<string, string>();
    for (const line of out.split('\n')) {
      const [name, file] = line.split('\t');
      if (name && file) m.set(name, file);
    }
    return m;
  } catch {
    return null;
  }
}

/** A TrueType collection of whole fonts: each face's tables copied, its offsets moved to where they land. */
function collection(files: string[]): Buffer {
  const fonts = files.map((f) => fs.readFileSync(f));
  const header = Buffer.alloc(12 + 4 * fonts.length);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(fonts.length, 8);
  let at = header.length;
  const parts: Buffer[] = [header];
  fonts.forEach((f, i) => {
    const copy = Buffer.from(f);
    const n = copy.readUInt16BE(4);
    for (let t = 0; t < n; t++) copy.writeUInt32BE(copy.readUInt32BE(12 + t * 16 + 8) + at, 12 + t * 16 + 8);
    header.writeUInt32BE(at, 12 + 4 * i);
    parts.push(copy);
    at += copy.length;
  });
  return Buffer.concat(parts);
}

describe('system font folders', () => {
  it('lists the Linux, macOS and Windows folders, per user and system wide', () => {
    const dirs = systemFontFolders({ LOCALAPPDATA: 'C:\\Users\\ed\\AppData\\Local', WINDIR: 'C:\\Windows' }, '/home/ed');
    expect(dirs).toEqual(
      expect.arrayContaining(['/usr/share/fonts', '/home/ed/.fonts', '/home/ed/.local/share/fonts', '/Library/Fonts', '/home/ed/Library/Fonts', path.join('C:\\Windows', 'Fonts'), path.join('C:\\Users\\ed\\AppData\\Local', 'Microsoft', 'Windows', 'Fonts')]),
    );
  });

  it.skipIf(!fcList())('finds the same PostScript names as fontconfig for the fonts in those folders', () => {
    const fc = fcList()!;
    const folders = systemFontFolders();
    const expected = [...fc].filter(([, file]) => folders.some((d) => file.startsWith(d + path.sep)) && /\.(ttf|otf|ttc|otc)$/i.test(file)).map(([n]) => n);
    expect(systemFontNames()).toEqual([...new Set(expected)].sort());
  });
});

describe('the font index', () => {
  it.skipIf(!has(LIBERATION))('indexes by PostScript name, through nested and looping folders, skipping files that are not fonts', () => {
    const root = path.join(tmp, 'index');
    fs.mkdirSync(path.join(root, 'a/b'), { recursive: true });
    fs.copyFileSync(LIBERATION, path.join(root, 'a/b/Some Name.TTF'));
    fs.writeFileSync(path.join(root, 'a/broken.ttf'), Buffer.from('not a font at all, just text'));
    fs.writeFileSync(path.join(root, 'a/readme.txt'), 'LiberationSans');
    fs.symlinkSync(root, path.join(root, 'a/loop'));
    const index = new FontIndex([root, path.join(tmp, 'does-not-exist')]);
    expect(index.names()).toEqual(['LiberationSans']);
    expect(index.measure('LiberationSans', 10, 'x')).toBeGreaterThan(0);
    expect(index.measure('Nope', 10, 'x')).toBeNull();
  });

  it.skipIf(!has(LIBERATION) || !has(SERIF))('reads every face of a font collection (.ttc) and measures each', () => {
    const dir = path.join(tmp, 'ttc');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'both.ttc'), collection([LIBERATION, SERIF]));
    expect(fontFileFaces(path.join(dir, 'both.ttc')).map((f) => f.postScriptName)).toEqual(['LiberationSans', 'LiberationSerif']);
    const fromTtc = new FontIndex([dir]);
    const single = new FontIndex([path.dirname(SERIF)]);
    expect(fromTtc.measure('LiberationSerif', 100, 'Serif text')).toBeCloseTo(single.measure('LiberationSerif', 100, 'Serif text')!, 6);
    expect(fromTtc.measure('LiberationSans', 100, 'Hello')).toBeCloseTo(single.measure('LiberationSans', 100, 'Hello')!, 6);
  });
});

describe('advance widths', () => {
  it.skipIf(!has(LIBERATION))('match Arial’s published metrics in Liberation Sans (metric-compatible by design)', () => {
    // Arial advances in 1/2048 em: H 1479, e 1139, l 455, o 1139, space 569, W 1933
    expect(measureWithSystemFonts('LiberationSans', 100, 'Hello')).toBeCloseTo(((1479 + 1139 + 455 + 455 + 1139) * 100) / 2048, 2);
    expect(measureWithSystemFonts('LiberationSans', 2048, 'W W')).toBeCloseTo(1933 * 2 + 569, 0);
  });

  it.skipIf(!has(DEJAVU))('still measure fonts whose substitutions opentype.js cannot apply (DejaVu Sans)', () => {
    const one = measureWithSystemFonts('DejaVuSans', 100, 'Hello');
    expect(one).toBeGreaterThan(200);
    expect(measureWithSystemFonts('DejaVuSans', 100, 'HelloHello')).toBeCloseTo(2 * one!, 0);
  });

  it('returns null for a font that is not installed', () => {
    expect(measureWithSystemFonts('RUSHFLOW', 100, 'Hello')).toBeNull();
  });
});
