// The research decoder's 751 ground-truth checks (research/aepx-reference/verify.mjs), made against
// extractTemplate: an ExtendScript export made inside After Effects, .aep/.aepx twins of one project,
// and the values boltframe's own tests assert.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TemplateDoc, TemplateLayer } from '../../shared/template.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { AEPX_CORPUS, readCorpus } from '../helpers/corpus.js';
import { Tally } from './ground-truth.js';

const tally = new Tally();
const load = (f: string): TemplateDoc => extractTemplate(readCorpus('aepx', f));

interface GtLayer {
  index: number;
  name: string;
  outPoint: number;
  enabled: boolean;
  threeDLayer?: boolean;
  nullLayer?: boolean;
  adjustmentLayer?: boolean;
  parent?: number | null;
  matchName: string;
  source?: unknown;
  properties: { Transform?: Record<string, { value?: unknown; keyframes?: [number, unknown][] }> };
}
interface GtItem {
  id: number;
  name: string;
  typeName: 'Composition' | 'Footage' | 'Folder';
  width?: number;
  height?: number;
  frameRate?: number;
  duration?: number;
  pixelAspect?: number;
  bgColor?: number[];
  layers: GtLayer[];
}

const KIND_BY_MATCH_NAME: Record<string, string> = {
  'ADBE Camera Layer': 'camera',
  'ADBE Light Layer': 'light',
  'ADBE Text Layer': 'text',
  'ADBE Vector Layer': 'shape',
};

function aeToJson(file: string): number {
  const gt = JSON.parse(fs.readFileSync(path.join(AEPX_CORPUS, 'aetojson_testProject-f63513a_extendscript-export.json'), 'utf8'))
    .project as { items: GtItem[] };
  const doc = load(file);
  const before = tally.total;
  const c = tally.check.bind(tally);
  for (const gi of gt.items) {
    const mi = doc.items.find((i) => i.id === gi.id);
    c(`item#${gi.id} present`, !!mi, true);
    if (!mi) continue;
    c(`item#${gi.id} name`, mi.name, gi.name);
    c(`item#${gi.id} type`, mi.type, { Composition: 'comp', Footage: 'footage', Folder: 'folder' }[gi.typeName]);
    if (gi.typeName === 'Footage') c(`item#${gi.id} size`, mi.footage && [mi.footage.width, mi.footage.height], [gi.width, gi.height]);
    if (gi.typeName !== 'Composition') continue;
    const mc = doc.comps.find((x) => x.id === gi.id)!;
    c(`${gi.name} width,height`, [mc.width, mc.height], [gi.width, gi.height]);
    c(`${gi.name} frameRate`, mc.frameRate, gi.frameRate, 1e-6);
    c(`${gi.name} duration`, mc.duration, gi.duration, 1e-9);
    c(`${gi.name} pixelAspect`, mc.pixelAspect, gi.pixelAspect);
    c(`${gi.name} bgColor`, mc.bgColor.map((x) => x / 255), gi.bgColor);
    c(`${gi.name} numLayers`, mc.layers.length, gi.layers.length);
    for (const gl of gi.layers) {
      const ml: TemplateLayer | undefined = mc.layers[gl.index - 1];
      const t = `${gi.name}/${gl.index} ${gl.name}`;
      c(`${t} present`, !!ml, true);
      if (!ml) continue;
      const pv = (name: string): unknown => gl.properties.Transform?.[name]?.value;
      c(`${t} name`, ml.name, gl.name);
      c(`${t} outPoint`, ml.outPoint, gl.outPoint, 1e-6);
      c(`${t} enabled`, ml.enabled, gl.enabled);
      c(`${t} threeD`, ml.threeD, gl.threeDLayer ?? undefined);
      c(`${t} nullLayer`, ml.kind === 'null', gl.nullLayer);
      c(`${t} adjustmentLayer`, ml.adjustment, gl.adjustmentLayer ?? undefined);
      c(`${t} parent index`, ml.parentIndex, gl.parent ?? null);
      const kind = KIND_BY_MATCH_NAME[gl.matchName];
      if (kind) c(`${t} layer kind`, ml.kind, kind);
      if (typeof gl.source === 'string') {
        const src = doc.items.find((i) => i.id === ml.sourceId);
        c(`${t} source file`, src?.footage?.path?.split('/').pop(), gl.source.split('/').pop());
      }
      const tr = ml.transform;
      if (kind !== 'camera' && kind !== 'light') c(`${t} position (stored or default)`, tr.position.slice(0, 3), pv('Position'));
      c(`${t} anchor (stored or default)`, tr.anchor.slice(0, 3), pv('Anchor Point'));
      c(`${t} scale % (stored or default)`, tr.scale.slice(0, 3), pv('Scale'));
      c(`${t} opacity % (stored or default)`, tr.opacity, pv('Opacity'));
      c(`${t} rotation (stored or default)`, tr.rotation, pv('Rotation') ?? pv('Z Rotation'));
      const gp = gl.properties.Transform?.['Position'];
      const mk = ml.transformKeys?.['position'];
      if (gp?.keyframes && gp.keyframes.length > 1 && mk) {
        c(`${t} position keyframe count`, mk.length, gp.keyframes.length);
        gp.keyframes.forEach((k, i) => {
          if (!mk[i]) return;
          c(`${t} kf${i} time`, mk[i]!.time, k[0]);
          c(`${t} kf${i} value`, mk[i]!.value, k[1]);
        });
      }
    }
  }
  return tally.total - before;
}

/** A TemplateDoc without what legitimately differs between an .aep and its re-saved .aepx twin. */
function comparable(d: TemplateDoc): string {
  return JSON.stringify({
    ...d,
    format: null,
    items: d.items.map((i) => (i.footage ? { ...i, footage: { ...i.footage, path: null, platform: null } } : i)),
  });
}

describe('extractTemplate against independent ground truth', () => {
  it('matches the ExtendScript export of the ae-to-json test project (AE 13.7, a later save, the AE 16.0.1 re-save)', () => {
    const counts = [
      aeToJson('aetojson_testProject-f63513a_ae13.7.aepx'),
      aeToJson('aetojson_testProject-9c7cf53_ae13.7.aepx'),
      aeToJson('aepxjs_testProject-converted_ae16.0.1.aepx'),
    ];
    expect(tally.failures).toEqual([]);
    expect(counts).toEqual([239, 239, 239]);
  });

  it('decodes .aep and .aepx twins of the same project to equal TemplateDocs (except footage paths)', () => {
    const a = load('edforman_test-after-effects-project_ae25.5.aep');
    const b = load('edforman_test-correct_ae25.5.aepx');
    tally.check('edforman .aep and .aepx decode identically (except file paths)', comparable(a) === comparable(b), true);
    expect(comparable(a)).toEqual(comparable(b));
    const c = load('nexrender_1layer_ae15.0.aep');
    const d = load('nexrender_1layer_ae15.0.aepx');
    tally.check('nexrender 1layer .aep and .aepx decode identically', comparable(c) === comparable(d), true);
    expect(comparable(c)).toEqual(comparable(d));
    expect([a.format, b.format]).toEqual(['aep', 'aepx']);
  });

  it("reproduces the values boltframe's Go tests assert (placeholder, solid, 21 and 29.97 fps, bg colours, layer switches)", () => {
    const c = tally.check.bind(tally);
    const p = load('boltframe_Item-01_ae16.0.aep');
    const it = (id: number) => p.items.find((i) => i.id === id);
    const c1 = p.comps.find((x) => x.id === 48)!;
    const c2 = p.comps.find((x) => x.id === 59)!;
    c('Item-01 Folder 01 id 46', it(46)?.name, 'Folder 01');
    c('Item-01 Comp 01 size', [c1.width, c1.height], [351, 856]);
    c('Item-01 Comp 01 fps', c1.frameRate, 21);
    c('Item-01 Comp 01 duration', c1.duration, 31);
    c('Item-01 Comp 01 bg', c1.bgColor, [15, 75, 82]);
    c('Item-01 Comp 02 size', [c2.width, c2.height], [452, 639]);
    c('Item-01 Comp 02 fps', c2.frameRate, 29.97);
    c('Item-01 Comp 02 duration', c2.duration, 71.338004671338, 1e-12);
    c('Item-01 Comp 02 bg', c2.bgColor, [145, 206, 85]);
    c('Item-01 placeholder name', it(71)?.name, 'Missing Footage');
    c('Item-01 placeholder kind', it(71)?.footage?.kind, 'placeholder');
    c('Item-01 placeholder size', [it(71)?.footage?.width, it(71)?.footage?.height], [1234, 5678]);
    c('Item-01 placeholder duration', it(71)?.footage?.duration, 127);
    c('Item-01 placeholder fps', it(71)?.footage?.fps, 123.45669555664062, 1e-12);
    c('Item-01 red solid colour', it(72)?.footage?.color, [1, 0, 0]);
    const L = load('boltframe_Layer-01_ae16.0.aep').comps[0]!.layers;
    const by = (n: string) => L.find((l) => l.name === n)!;
    // Layer-01 has one layer per switch, each named after the switch it toggles.
    const flags: Record<string, keyof TemplateLayer> = { 'Transformations Collapsed': 'collapse', 'Motion Blur': 'motionBlur', Locked: 'locked', Shy: 'shy', Adjustment: 'adjustment', '3D': 'threeD', Solo: 'solo', Guide: 'guide' };
    for (const [n, flag] of Object.entries(flags)) {
      c(`Layer-01 "${n}" has ${flag}`, by(n)[flag], true);
      c(`Layer-01 "Default" lacks ${flag}`, by('Default')[flag], false);
    }
    c('Layer-01 "Default" enabled+audio', [by('Default').enabled, by('Default').audioEnabled], [true, true]);
    expect(tally.failures).toEqual([]);
  });

  it('passes all checks', () => {
    expect(tally.failures).toEqual([]);
    // 3 × 239 ae-to-json + 2 twins + 32 boltframe, the same 751 as verify.mjs
    expect(tally.ok).toBe(751);
  });
});
