// What a filled project must look like, computed from the template and the bundle independently of
// the runtime: the layer a slot names, the PNG it must show, and the scale the fit gives it.
import { fitScale, type Fit } from '../../shared/fit.js';
import type { Slot, TemplateDoc, TemplateLayer } from '../../shared/template.js';
import { type AVLayer, type CompItem, type Layer, type Project, type TextDocument, Property } from '../ae-sim/index.js';
import { pngSize } from '../ae-sim/files.js';

export function simLayer(project: Project, slot: Slot): Layer {
  let comp: CompItem = project.comp(slot.targetComp);
  for (const hop of slot.via) comp = (comp.layer(hop.layerIndex) as AVLayer).source as CompItem;
  return comp.layer(slot.layerIndex)!;
}

export const simText = (layer: Layer): TextDocument =>
  ((layer.property('ADBE Text Properties') as unknown as { property(k: string): Property }).property('ADBE Text Document').hostValue as TextDocument);

export const hostVec = (layer: Layer, match: string): number[] => [...(layer.prop(match).hostValue as number[])];

export function templateLayer(t: TemplateDoc, slot: Slot): TemplateLayer {
  return t.comps.find((c) => c.id === slot.compId)!.layers.find((l) => l.index === slot.layerIndex)!;
}

/** The template layer's source size before the script ran. */
export function oldSourceSize(t: TemplateDoc, layer: TemplateLayer): { width: number; height: number } {
  const item = t.items.find((i) => i.id === layer.sourceId);
  if (item?.footage) return { width: item.footage.width, height: item.footage.height };
  const comp = t.comps.find((c) => c.id === layer.sourceId);
  if (comp) return { width: comp.width, height: comp.height };
  throw new Error(`no source size for ${layer.name}`);
}

export interface ImageExpectation {
  png: { width: number; height: number };
  scale: number[];
  anchor: number[];
  refit: boolean;
}

export function expectedImage(t: TemplateDoc, slot: Slot, pngFile: string, fit: Fit): ImageExpectation {
  const tl = templateLayer(t, slot);
  const png = pngSize(pngFile)!;
  const old = oldSourceSize(t, tl);
  const [sx, sy] = tl.transform.scale as [number, number];
  const box = { width: (old.width * Math.abs(sx)) / 100, height: (old.height * Math.abs(sy)) / 100 };
  const f = fitScale(png, box, fit);
  const refit = !tl.animated.some((a) => a === 'scale' || a === 'position' || a === 'anchor');
  return {
    png,
    scale: refit ? [Math.sign(sx || 1) * f.sx * 100, Math.sign(sy || 1) * f.sy * 100] : [sx, sy],
    anchor: refit ? [png.width / 2, png.height / 2] : (tl.transform.anchor.slice(0, 2) as number[]),
    refit,
  };
}
