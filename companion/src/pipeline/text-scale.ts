// How PSD text sizes map into a template text layer, shared by validation (does the PSD-styled text
// fit?) and the script generator (the font size it sets), so both assume the same thing.
import type { Size } from '../../../shared/fit.js';
import type { Slot, TemplateText } from '../../../shared/template.js';
import { textBoxInLayer } from './template/text-box.js';

/** Layer space → target-comp pixels for a text slot, from its box in the comp and in the layer. */
export function textLayerScale(slot: Pick<Slot, 'box'>, t: TemplateText): number {
  const local = textBoxInLayer(t);
  const s = (slot.box.right - slot.box.left) / (local.right - local.left);
  return Number.isFinite(s) && s > 0 ? s : 1;
}

/** PSD pixels → comp pixels: the design's canvas fitted into the comp (contain). */
export function psdToCompScale(comp: Size | null, psd: Size): number {
  if (!comp || !psd.width || !psd.height) return 1;
  return Math.min(comp.width / psd.width, comp.height / psd.height);
}

/** PSD pixels → the slot layer's own space: multiply a PSD font size by this to get AE's fontSize. */
export function psdToLayerScale(comp: Size | null, psd: Size, slot: Pick<Slot, 'box'>, t: TemplateText): number {
  return psdToCompScale(comp, psd) / textLayerScale(slot, t);
}
