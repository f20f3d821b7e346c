// Differential check against the research decoder (shared/research/aepx-reference/aepx.mjs, itself
// verified by 751 ground-truth checks): on every corpus project both must read the same items, comps,
// layers, transforms, text documents and expressions. It catches what the ground truth does not cover
// (text documents, expressions, AE 12/15/25 files), and proves the parts the .aepx reader skips before
// parsing never held anything the model needs.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TemplateDoc } from '../../shared/template.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { AEPX_CORPUS, CORPUS, REPO_ROOT, corpusFiles, readCorpus } from '../helpers/corpus.js';

interface RefLayer {
  index: number;
  id: number;
  name: string;
  kind: string;
  inPoint: number;
  outPoint: number;
  enabled: boolean;
  solo: boolean;
  locked: boolean;
  shy: boolean;
  guide: boolean;
  threeD: boolean;
  parentIndex?: number | null;
  source: { id: number } | null;
  resolved: { anchor: number[] | string; position: number[] | string; scalePct: number[] | string; rotation: number | string; opacityPct: number | string };
  text?: { text: string; font: string | null; fontSize: number | null; fillColor: number[] | null; justification: number | null };
  expressions?: number;
}
interface RefProject {
  version: { major: number; minor: number; patch: number };
  items: { id: number; type: string; name: string; parentId: number; file?: string; source?: { kind: string; color?: number[] }; sspc?: { width: number; height: number } }[];
  comps: { id: number; name: string; cdta: { width: number; height: number; fps: number; duration: number; bgColor: number[]; pixelAspect: number }; layers: RefLayer[] }[];
}

let loadProject: (file: string) => RefProject;
beforeAll(async () => {
  process.env['FXP_DIR'] = REPO_ROOT; // aepx.mjs finds fast-xml-parser through createRequire(FXP_DIR)
  const ref = await import(pathToFileURL(path.join(CORPUS, '../research/aepx-reference/aepx.mjs')).href);
  loadProject = ref.loadProject as typeof loadProject;
});

const files = corpusFiles(AEPX_CORPUS, /\.aepx?$/).filter((f) => !f.includes('FAKE'));
const JUST = ['left', 'right', 'center', 'justify', 'justify', 'justify', 'justify'];
const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const KIND: Record<string, string> = { footage: 'footage', 'av?': 'footage' };

function differences(mine: TemplateDoc, ref: RefProject): string[] {
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown): void => {
    const ok =
      typeof a === 'number' && typeof b === 'number'
        ? near(a, b)
        : Array.isArray(a) && Array.isArray(b)
          ? a.length === b.length &&
            a.every((x, i) => (typeof x === 'number' && typeof b[i] === 'number' ? near(x, b[i]) : JSON.stringify(x ?? null) === JSON.stringify(b[i] ?? null)))
          : JSON.stringify(a) === JSON.stringify(b);
    if (!ok) out.push(`${what}: mine=${JSON.stringify(a)} reference=${JSON.stringify(b)}`);
  };
  same('version', mine.aeVersion, `${ref.version.major}.${ref.version.minor}.${ref.version.patch}`);
  same('item ids', mine.items.map((i) => i.id), ref.items.map((i) => i.id));
  for (const ri of ref.items) {
    const mi = mine.items.find((i) => i.id === ri.id)!;
    same(`item ${ri.id}`, [mi.name, mi.type, mi.parentId ?? 0], [ri.name, ri.type, ri.parentId]);
    if (ri.source) same(`item ${ri.id} source`, [mi.footage?.kind, mi.footage?.path, mi.footage?.color], [ri.source.kind, ri.file, ri.source.color]);
    if (ri.sspc) same(`item ${ri.id} size`, [mi.footage?.width, mi.footage?.height], [ri.sspc.width, ri.sspc.height]);
  }
  for (const rc of ref.comps) {
    const mc = mine.comps.find((c) => c.id === rc.id)!;
    const cd = rc.cdta;
    same(`comp ${rc.name}`, [mc.name, mc.width, mc.height, mc.frameRate, mc.duration, mc.pixelAspect, ...mc.bgColor], [rc.name, cd.width, cd.height, cd.fps, cd.duration, cd.pixelAspect, ...cd.bgColor]);
    same(`comp ${rc.name} layers`, mc.layers.length, rc.layers.length);
    for (const rl of rc.layers) {
      const ml = mc.layers[rl.index - 1]!;
      const at = `${rc.name}/${rl.index}`;
      const refKind = rl.kind === 'footage' && ml.kind === 'audio' ? 'audio' : (KIND[rl.kind] ?? rl.kind);
      same(`${at} header`, [ml.layerId, ml.name, ml.kind, ml.sourceId, ml.parentIndex], [rl.id, rl.name, refKind, rl.source?.id ?? null, rl.parentIndex ?? null]);
      same(`${at} times`, [ml.inPoint, ml.outPoint], [rl.inPoint, rl.outPoint]);
      same(`${at} flags`, [ml.enabled, ml.solo, ml.locked, ml.shy, ml.guide, ml.threeD], [rl.enabled, rl.solo, rl.locked, rl.shy, rl.guide, rl.threeD]);
      same(`${at} expressions`, ml.hasExpressions, (rl.expressions ?? 0) > 0);
      const R = rl.resolved;
      if (Array.isArray(R.position)) same(`${at} position`, ml.transform.position.slice(0, R.position.length), R.position);
      if (Array.isArray(R.anchor)) same(`${at} anchor`, ml.transform.anchor.slice(0, R.anchor.length), R.anchor);
      if (Array.isArray(R.scalePct)) same(`${at} scale`, ml.transform.scale.slice(0, R.scalePct.length), R.scalePct);
      if (typeof R.rotation === 'number') same(`${at} rotation`, ml.transform.rotation, R.rotation);
      if (typeof R.opacityPct === 'number') same(`${at} opacity`, ml.transform.opacity, R.opacityPct);
      if (rl.text) {
        const t = ml.text;
        same(`${at} text`, [t?.text, t?.font, t?.fontSize, t?.justification], [rl.text.text, rl.text.font ?? '', rl.text.fontSize ?? 0, JUST[rl.text.justification ?? 0]]);
        same(`${at} fill`, t?.fillColor?.map((x) => Math.round(x * 1e4) / 1e4) ?? null, rl.text.fillColor);
      }
    }
  }
  return out;
}

describe('extractTemplate agrees with the research decoder', () => {
  it.each(files.map((f) => [path.basename(f)]))('on %s', (file) => {
    expect(differences(extractTemplate(readCorpus('aepx', file)), loadProject(path.join(AEPX_CORPUS, file)))).toEqual([]);
  });
});
