// The layers a design can fill: text layers, image / movie / placeholder footage and plain solids of the
// target comp, and of the enabled precomps it contains, each with its box in the target comp's pixels.
import type { CompDoc, Slot, SlotHop, SlotKind, TemplateDoc, TemplateLayer, TemplateText } from '../../../../shared/template.js';
import { BadInputError, FileFormatError } from '../../errors.js';
import { isGeneratorEffect } from './generator-effects.js';
import { type Affine, type Box, IDENTITY, layerToComp, multiply, transformBox } from './geometry.js';
import { textBoxInLayer } from './text-box.js';

const UNREADABLE_TEXT: TemplateText = { text: '', font: '', fontSize: 0, fillColor: null, justification: 'left', boxText: false, keyframed: false };

/** Precomps nested deeper than this are not searched (and a comp never recurses into itself). */
const MAX_NESTING = 16;
/**
 * Most layers one search may visit. Precomps used several times at several levels multiply (10 uses
 * per level, 8 levels = 10^8 layers); a template like that is refused rather than searched forever.
 */
const MAX_VISITS = 200_000;

export function findSlots(template: TemplateDoc, compName?: string): Slot[] {
  const target = compName === undefined ? defaultTargetComp(template) : compName;
  if (target === null) return [];
  const comp = template.comps.find((c) => c.name === target);
  if (!comp) {
    const names = template.comps.map((c) => `"${c.name}"`).join(', ') || 'none';
    throw new BadInputError(`template has no comp named "${target}" (comps: ${names})`);
  }
  return slotsIn(template, comp);
}

/** The root comp (not used as a layer in another comp) with the most slots; null without comps. */
export function defaultTargetComp(template: TemplateDoc): string | null {
  const used = new Set<number>();
  for (const c of template.comps) for (const l of c.layers) if (l.kind === 'precomp' && l.sourceId !== null) used.add(l.sourceId);
  const roots = template.comps.filter((c) => !used.has(c.id));
  const candidates = roots.length ? roots : template.comps;
  let best: CompDoc | null = null;
  let bestCount = -1;
  for (const c of candidates) {
    const n = slotsIn(template, c).length;
    if (n > bestCount) [best, bestCount] = [c, n];
  }
  return best ? best.name : null;
}

function slotsIn(template: TemplateDoc, target: CompDoc): Slot[] {
  const out: Slot[] = [];
  const comps = new Map(template.comps.map((c) => [c.id, c]));
  const items = new Map(template.items.map((i) => [i.id, i]));
  let visits = 0;

  function walk(comp: CompDoc, toTarget: Affine, via: SlotHop[], chain: Set<number>): void {
    for (const layer of comp.layers) {
      if (++visits > MAX_VISITS) {
        throw new FileFormatError(`comp "${target.name}" nests precomps that expand to more than ${MAX_VISITS} layers`);
      }
      if (!layer.enabled || layer.guide || layer.name.startsWith('_')) continue;
      const toComp = layerToComp(comp, layer);
      if (layer.kind === 'precomp') {
        const inner = layer.sourceId !== null ? comps.get(layer.sourceId) : undefined;
        if (!inner || chain.has(inner.id) || via.length >= MAX_NESTING) continue;
        const hop: SlotHop = { compId: comp.id, compName: comp.name, layerIndex: layer.index };
        walk(inner, multiply(toTarget, toComp), [...via, hop], new Set([...chain, inner.id]));
        continue;
      }
      const src = layer.sourceId !== null ? items.get(layer.sourceId)?.footage : undefined;
      const kind = slotKind(layer, src);
      if (!kind) continue;
      let local: Box;
      if (kind === 'text') {
        // a text layer whose document could not be read (a warning says so) still gets a nominal box
        local = textBoxInLayer(layer.text ?? UNREADABLE_TEXT);
      } else {
        local = { left: 0, top: 0, right: src?.width ?? 0, bottom: src?.height ?? 0 };
      }
      const prefix = via.map((h) => `${h.compName}#${h.layerIndex}>`).join('');
      const slot: Slot = {
        id: `${prefix}${comp.name}#${layer.index}`,
        compId: comp.id,
        compName: comp.name,
        layerIndex: layer.index,
        layerName: layer.name,
        kind,
        targetComp: target.name,
        targetSize: { width: target.width, height: target.height },
        via,
        box: transformBox(multiply(toTarget, toComp), local),
        required: isRequired(layer.name),
        animated: layer.animated,
      };
      if (src && kind !== 'text') slot.sourceSize = { width: src.width, height: src.height };
      if (layer.text) slot.text = layer.text;
      out.push(slot);
    }
  }
  walk(target, IDENTITY, [], new Set([target.id]));
  return out;
}

type Footage = NonNullable<TemplateDoc['items'][number]['footage']>;

function slotKind(layer: TemplateLayer, src: Footage | undefined): SlotKind | null {
  switch (layer.kind) {
    case 'text':
      return 'text';
    case 'placeholder':
      return 'placeholder';
    case 'solid':
      return layer.effects.some(isGeneratorEffect) ? null : 'solid';
    case 'footage':
      if (!src || !src.hasVideo) return null;
      return src.isStill ? 'image' : 'video';
    default:
      return null; // null, shape, adjustment, camera, light, audio
  }
}

/** `Logo*` or `Logo [required]` marks a slot the design must fill. */
export function isRequired(name: string): boolean {
  return name.trimEnd().endsWith('*') || name.toLowerCase().includes('[required]');
}
