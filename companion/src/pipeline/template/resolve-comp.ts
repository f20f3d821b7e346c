// Records → CompDoc: layer kinds, names, and the transform AE would report at time 0, filling in the
// defaults AE omits from the file (aepx.md §7–§8, verified against an ExtendScript export).
import type { CompDoc, TemplateItem, TemplateLayer, TemplateLayerKind, TemplateTransform } from '../../../../shared/template.js';
import type { CompRecord } from './item-records.js';
import type { LayerRecord, TransformKey } from './layer-record.js';

export interface ItemIndex {
  items: Map<number, TemplateItem>;
  comps: Map<number, CompRecord>;
}

export function resolveComp(item: TemplateItem, rec: CompRecord, index: ItemIndex): CompDoc {
  const { cdta } = rec;
  const layers = rec.layers.map((l, i) => resolveLayer(l, i + 1, cdta.width, cdta.height, index));
  const byId = new Map(layers.map((l) => [l.layerId, l.index]));
  rec.layers.forEach((l, i) => {
    if (l.ldta.parentId) layers[i]!.parentIndex = byId.get(l.ldta.parentId) ?? null;
  });
  return {
    id: item.id,
    name: item.name,
    width: cdta.width,
    height: cdta.height,
    pixelAspect: cdta.pixelAspect,
    frameRate: cdta.fpsDen ? cdta.fpsNum / cdta.fpsDen : 0,
    frameRateFraction: [cdta.fpsNum, cdta.fpsDen],
    duration: cdta.duration,
    bgColor: cdta.bgColor,
    layers,
  };
}

export function layerKind(l: LayerRecord, src: TemplateItem | undefined): TemplateLayerKind {
  switch (l.ldta.layerType) {
    case 1:
      return 'light';
    case 2:
      return 'camera';
    case 3:
      return 'text';
    case 4:
      return 'shape';
  }
  if (l.ldta.null) return 'null';
  if (l.ldta.adjustment) return 'adjustment';
  if (!src) return 'footage';
  if (src.type === 'comp') return 'precomp';
  const f = src.footage;
  if (f?.kind === 'solid') return 'solid';
  if (f?.kind === 'placeholder') return 'placeholder';
  if (f && !f.hasVideo && f.hasAudio) return 'audio';
  return 'footage';
}

function resolveLayer(l: LayerRecord, index: number, compW: number, compH: number, ix: ItemIndex): TemplateLayer {
  const d = l.ldta;
  const src = d.sourceId ? ix.items.get(d.sourceId) : undefined;
  const kind = layerKind(l, src);
  const name = l.rawName || src?.name || '';
  // Anchor default = the source's centre for AV layers; text, shape and null layers use [0,0,0].
  let srcW = 0;
  let srcH = 0;
  if (d.layerType === 0 && !d.null && src) {
    if (src.type === 'comp') {
      const c = ix.comps.get(src.id);
      if (c) [srcW, srcH] = [c.cdta.width, c.cdta.height];
    } else if (src.footage) [srcW, srcH] = [src.footage.width, src.footage.height];
  }
  const T = l.transform;
  const vec = (k: TransformKey, dflt: number[]): number[] => {
    const v = T[k]?.value;
    return v && v.length ? pad3(v) : dflt;
  };
  const scalar = (k: TransformKey, dflt: number): number => T[k]?.value?.[0] ?? dflt;
  const transform: TemplateTransform = {
    anchor: vec('anchor', [srcW / 2, srcH / 2, 0]),
    position: vec('position', [compW / 2, compH / 2, 0]),
    // The file stores scale and opacity as fractions (1 = 100 %); ExtendScript reports percent.
    scale: vec('scale', [1, 1, 1]).map((x) => round(x * 100)),
    rotation: scalar('rotation', 0),
    opacity: round(scalar('opacity', 1) * 100),
  };
  const animated = (Object.keys(T) as TransformKey[]).filter((k) => (T[k]?.keyframes ?? 0) > 0);
  const layer: TemplateLayer = {
    index,
    layerId: d.layerId,
    name,
    nameFromSource: !l.rawName,
    kind,
    sourceId: d.sourceId || null,
    parentIndex: null,
    startTime: d.startTime,
    // Absolute in/out = start + relative × stretch (what ExtendScript reports).
    inPoint: round(d.startTime + d.inRel * d.stretch),
    outPoint: round(d.startTime + d.outRel * d.stretch),
    enabled: d.enabled,
    audioEnabled: d.audioEnabled,
    solo: d.solo,
    locked: d.locked,
    guide: d.guide,
    shy: d.shy,
    threeD: d.threeD,
    adjustment: d.adjustment,
    collapse: d.collapse,
    motionBlur: d.motionBlur,
    effects: l.effects,
    transform,
    animated,
    hasExpressions: l.hasExpressions,
  };
  if (animated.length) {
    const keys: Record<string, { time: number; value: number[] }[]> = {};
    for (const k of animated) {
      const pct = k === 'scale' || k === 'opacity';
      keys[k] = (T[k]?.keys ?? []).map((kf) => ({ time: round(kf.time), value: pct ? kf.value.map((x) => round(x * 100)) : kf.value }));
    }
    layer.transformKeys = keys;
  }
  if (l.text && kind === 'text') layer.text = l.text;
  return layer;
}

function pad3(v: number[]): number[] {
  return v.length >= 3 ? v.slice(0, 3) : [...v, ...[0, 0, 0].slice(v.length)];
}

/** Drops float noise from fraction arithmetic (15360/30720 etc.) without hiding real precision. */
function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
