// Validation: time per job against reading the same design (extractPsd, structure pass), the font
// index against a bare walk of the font folders, and how far the no-font estimate is from real widths.
import fs from 'node:fs';
import path from 'node:path';
import { matchLayers } from '../companion/src/pipeline/match/match-layers.js';
import { extractPsd } from '../companion/src/pipeline/psd/extract-psd.js';
import { extractTemplate } from '../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../companion/src/pipeline/template/find-slots.js';
import { FontIndex, systemFontFolders } from '../companion/src/pipeline/validate/font-metrics.js';
import { estimateWidth } from '../companion/src/pipeline/validate/text-measure.js';
import { validate } from '../companion/src/pipeline/validate/validate.js';
import type { Match } from '../shared/match.js';
import type { PsdDoc, PsdLayer } from '../shared/psd.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import type { Slot } from '../shared/template.js';
import { AEPX_CORPUS, PAIRS_CORPUS } from '../tests/helpers/corpus.js';

function time(f: () => void, runs = 5): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) (e.isDirectory() ? walk(path.join(dir, e.name), out) : out.push(e.name));
}

const SAMPLES = [
  'The quick brown fox jumps over the lazy dog',
  'BREAKING NEWS TONIGHT',
  'Ben Forman',
  'Summer Sale 50% off everything',
  'Großer Preis von Österreich',
  'player1fullname',
  'Doors open at 8:30 pm',
  'Jordan Smith',
  'ELOISE GRACE',
  'Midnight drive in the rain',
  'Live at the Arena 2025',
];

function errorStats(errors: number[]): string {
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
  return `mean ${(mean * 100).toFixed(1)}%, median |error| ${(abs[Math.floor(abs.length / 2)]! * 100).toFixed(1)}%, worst ${(abs[abs.length - 1]! * 100).toFixed(1)}%`;
}

/** A job with `n` paragraph-text slots (400×200 boxes, LiberationSans 32 px), each given `chars` characters. */
function bigTextJob(n: number, chars: number): { psd: PsdDoc; target: { doc: ReturnType<typeof extractTemplate>; comp: string; slots: Slot[] }; matches: Match[] } {
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(' ');
  const layers: PsdLayer[] = [];
  const slots: Slot[] = [];
  const matches: Match[] = [];
  for (let i = 0; i < n; i++) {
    let text = '';
    for (let w = i; text.length < chars; w++) text += `${words[w % words.length]} `;
    text = text.slice(0, chars);
    const l: PsdLayer = {
      id: i + 1, name: `Copy ${i}`, path: [], order: i, fileIndex: n - i, parentId: null, depth: 0, kind: 'text',
      bounds: { left: 0, top: 0, right: 400, bottom: 200 }, hidden: false, effectiveHidden: false, opacity: 1, fillOpacity: 1, blendMode: 'normal',
      clipping: false, hasMask: false, hasVectorMask: false, hasPixels: true,
      text: { content: text, runs: [{ start: 0, length: text.length, font: 'LiberationSans', fontDefaulted: false, size: 32, sizeDefaulted: false, color: null }], justification: 'left', shapeType: 'box', box: null, orientation: 'horizontal', transform: [1, 0, 0, 1, 0, 0], warped: false },
    };
    const s: Slot = {
      id: `Main#${i + 1}`, compId: 1, compName: 'Main', layerIndex: i + 1, layerName: `copy ${i}`, kind: 'text', targetComp: 'Main', targetSize: { width: 1920, height: 1080 }, via: [],
      box: { left: 0, top: 0, right: 400, bottom: 200 }, required: false, animated: [],
      text: { text: 'placeholder', font: 'LiberationSans', fontSize: 32, fillColor: [1, 1, 1], justification: 'left', boxText: true, boxSize: [400, 200], boxPosition: [0, 0], keyframed: false },
    };
    layers.push(l);
    slots.push(s);
    matches.push({ slot: { id: s.id, comp: 'Main', layerIndex: s.layerIndex, layerName: s.layerName, kind: 'text' }, psdLayer: { id: l.id, name: l.name, path: [], order: i }, confidence: 1, reasons: [] });
  }
  const psd: PsdDoc = { width: 1920, height: 1080, colorMode: 'rgb', bitsPerChannel: 8, isPsb: false, resolution: 72, pixelsAvailable: true, layers, warnings: [] };
  const doc = { format: 'aepx' as const, aeVersion: null, bitsPerChannel: 8, items: [], warnings: [], comps: [{ id: 1, name: 'Main', width: 1920, height: 1080, pixelAspect: 1, frameRate: 30, frameRateFraction: [30, 1] as [number, number], duration: 10, bgColor: [0, 0, 0] as [number, number, number], layers: [] }] };
  return { psd, target: { doc, comp: 'Main', slots }, matches };
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const fonts = new FontIndex();
  const env = { installedFonts: null, fontSource: 'system' as const, measureText: fonts.measure.bind(fonts), settings: DEFAULT_SETTINGS.validation, defaultFit: 'cover' as const, autofitText: true };

  // per job, on the 40 labelled pairs
  const cases = fs.readdirSync(PAIRS_CORPUS).filter((d) => /^p\d+$/.test(d)).sort();
  const templates = new Map<string, { doc: ReturnType<typeof extractTemplate>; comp: string; slots: ReturnType<typeof findSlots> }>();
  let tValidate = 0;
  let tExtract = 0;
  let issues = 0;
  for (const c of cases) {
    const truth = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, c, 'truth.json'), 'utf8'));
    if (!templates.has(truth.template)) {
      const doc = extractTemplate(new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, truth.template))));
      templates.set(truth.template, { doc, comp: truth.comp, slots: findSlots(doc, truth.comp) });
    }
    const t = templates.get(truth.template)!;
    const bytes = new Uint8Array(fs.readFileSync(path.join(PAIRS_CORPUS, c, 'design.psd')));
    const psd = extractPsd(bytes);
    const { matches } = matchLayers(psd, t.slots);
    validate(psd, t, matches, env); // warm the font cache
    tExtract += time(() => extractPsd(bytes));
    tValidate += time(() => {
      const r = validate(psd, t, matches, env);
      issues = r.critical_issues.length + r.warnings.length + r.info.length;
    });
  }
  lines.push(`validate: ${(tValidate / cases.length).toFixed(2)} ms per job over ${cases.length} pairs = ${(tValidate / tExtract).toFixed(2)}× the PSD structure pass (${(tExtract / cases.length).toFixed(2)} ms)  [last job: ${issues} issues]`);

  // a heavy job: 200 paragraph slots of 600 characters, real metrics vs the estimate
  const big = bigTextJob(200, 600);
  const estimateEnv = { ...env, measureText: () => null };
  validate(big.psd, big.target, big.matches, env);
  const tBigReal = time(() => validate(big.psd, big.target, big.matches, env));
  const tBigEst = time(() => validate(big.psd, big.target, big.matches, estimateEnv));
  lines.push(`200 text boxes × 600 characters: ${tBigReal.toFixed(1)} ms with font metrics = ${(tBigReal / tBigEst).toFixed(1)}× the estimate (${tBigEst.toFixed(1)} ms)`);

  // font index: cold build vs only listing the folders
  const folders = systemFontFolders();
  const tWalk = time(() => folders.forEach((d) => walk(d, [])));
  let n = 0;
  const tIndex = time(() => (n = new FontIndex().names().length));
  lines.push(`font index: ${n} faces in ${tIndex.toFixed(1)} ms cold = ${(tIndex / Math.max(tWalk, 0.01)).toFixed(1)}× listing the folders (${tWalk.toFixed(1)} ms)`);

  // the estimate against real advance widths, and a flat 0.55 em per character as the baseline
  const errors: number[] = [];
  const flat: number[] = [];
  for (const name of ['LiberationSans', 'LiberationSans-Bold', 'LiberationSerif', 'DejaVuSans']) {
    for (const s of SAMPLES) {
      const real = fonts.measure(name, 100, s);
      if (!real) continue;
      errors.push(estimateWidth(s, 100) / real - 1);
      flat.push(([...s].length * 55) / real - 1);
    }
  }
  if (errors.length) {
    lines.push(`no-font estimate vs font metrics (${errors.length} strings × fonts): ${errorStats(errors)}`);
    lines.push(`  baseline, flat 0.55 em per character:            ${errorStats(flat)}`);
    const tReal = time(() => SAMPLES.forEach((s) => fonts.measure('LiberationSans', 100, s)), 21);
    const tEst = time(() => SAMPLES.forEach((s) => estimateWidth(s, 100)), 21);
    lines.push(`measuring a line: font metrics ${((tReal / SAMPLES.length) * 1000).toFixed(1)} µs = ${(tReal / Math.max(tEst, 1e-6)).toFixed(1)}× the estimate`);
  } else lines.push('no Liberation/DejaVu fonts installed: estimate accuracy not measured');
  return lines;
}
