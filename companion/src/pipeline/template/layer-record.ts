// One `Layr` LIST → what the file stores about the layer, before defaults that depend on other items
// (source sizes, the comp size) are filled in by resolve-layers.ts.
import type { TemplateText } from '../../../../shared/template.js';
import { FileFormatError } from '../../errors.js';
import { type ListChunk, childData, childList, firstString } from './chunks.js';
import { type Ldta, decodeLdta } from './decode-chunks.js';
import { type PropertyValue, hasExpression, prop, propGroup, props, readProperty } from './properties.js';
import { decodeTextDocuments } from './text-document.js';

export const TRANSFORM_PROPS = {
  anchor: 'ADBE Anchor Point',
  position: 'ADBE Position',
  scale: 'ADBE Scale',
  rotation: 'ADBE Rotate Z',
  opacity: 'ADBE Opacity',
} as const;
export type TransformKey = keyof typeof TRANSFORM_PROPS;

export interface LayerRecord {
  ldta: Ldta;
  /** The layer's own name; '' when never renamed (AE shows the source's name). */
  rawName: string;
  transform: Partial<Record<TransformKey, PropertyValue>>;
  effects: string[];
  hasExpressions: boolean;
  text?: TemplateText;
  warnings: string[];
}

export function decodeLayer(layr: ListChunk, where: string): LayerRecord {
  const ld = childData(layr, 'ldta');
  if (!ld) throw new FileFormatError(`no layer header (ldta) in ${where}`);
  const ldta = decodeLdta(ld.bytes, where);
  const root = childList(layr, 'tdgp');
  const rec: LayerRecord = {
    ldta,
    rawName: firstString(layr) ?? '',
    transform: {},
    effects: [],
    hasExpressions: root ? hasExpression(root) : false,
    warnings: [],
  };
  const tr = propGroup(root, 'ADBE Transform Group');
  for (const [key, mn] of Object.entries(TRANSFORM_PROPS) as [TransformKey, string][]) {
    const p = readProperty(prop(tr, mn));
    if (p) rec.transform[key] = p;
  }
  const fx = propGroup(root, 'ADBE Effect Parade');
  for (const p of props(fx)) if (p.matchName !== 'ADBE Group End') rec.effects.push(p.matchName);
  const textProps = propGroup(root, 'ADBE Text Properties');
  const btds = textProps ? propGroup(textProps, 'ADBE Text Document') : undefined;
  const btdk = btds ? childData(btds, 'btdk') : undefined;
  if (btdk) {
    try {
      const docs = decodeTextDocuments(btdk.bytes);
      const first = docs[0];
      const tdbs = childList(btds, 'tdbs');
      const source = tdbs ? readProperty(tdbs) : null;
      if (first) rec.text = { ...first, keyframed: docs.length > 1 || (source?.keyframes ?? 0) > 0 };
    } catch (e) {
      rec.warnings.push(`${where}: unreadable text document (${(e as Error).message})`);
    }
  }
  return rec;
}
