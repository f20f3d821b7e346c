// Text layer documents: the COS `btdk` payload → what a text slot needs (aepx.md §9).
import type { Justification } from '../../../../shared/psd.js';
import type { TemplateText } from '../../../../shared/template.js';
import { type CosValue, cosGet, cosNumber, parseCos } from './cos.js';

const JUSTIFY: Justification[] = ['left', 'right', 'center', 'justify', 'justify', 'justify', 'justify'];

/** All text documents of a `btdk` (one per Source Text keyframe; one when static). */
export function decodeTextDocuments(btdk: Uint8Array): Omit<TemplateText, 'keyframed'>[] {
  const cos = parseCos(btdk);
  const fontList = cosGet(cos, '0', '1', '0');
  const fonts = Array.isArray(fontList) ? fontList.map((f) => cosGet(f, '0', '0', '0')) : [];
  const docs = cosGet(cos, '1', '1');
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => decodeDocument(doc, fonts));
}

function decodeDocument(doc: CosValue, fonts: (CosValue | undefined)[]): Omit<TemplateText, 'keyframed'> {
  const cs = cosGet(doc, '0', '6', '0', 0, '0', '0', '6'); // first character-style run
  const ps = cosGet(doc, '0', '5', '0', 0, '0', '0', '5'); // first paragraph-style run
  const raw = cosGet(doc, '0', '0');
  // Paragraphs are separated by \r and AE ends the text with one more \r (aepx.md §9).
  const text = typeof raw === 'string' ? raw.replace(/\r$/, '') : '';
  const fontIndex = cosNumber(cosGet(cs, '0'));
  const font = fontIndex !== undefined ? fonts[fontIndex] : undefined;
  const fill = cosGet(cs, '53', '0', '1'); // SimplePaint [a r g b], 0..1
  const applyFill = cosGet(cs, '56');
  const just = cosNumber(cosGet(ps, '0')) ?? 0;
  const out: Omit<TemplateText, 'keyframed'> = {
    text,
    font: typeof font === 'string' ? font : '',
    fontSize: cosNumber(cosGet(cs, '1')) ?? 0,
    fillColor:
      Array.isArray(fill) && fill.length >= 4 && applyFill !== false
        ? [num(fill[1]), num(fill[2]), num(fill[3])]
        : null,
    justification: JUSTIFY[just] ?? 'left',
    boxText: false,
  };
  const tracking = cosNumber(cosGet(cs, '8'));
  if (tracking) out.tracking = tracking;
  const leading = cosNumber(cosGet(cs, '10'));
  if (leading) out.leading = leading;
  const box = cosGet(doc, '1', '3'); // present only for paragraph (box) text (py_aep box_text)
  if (box !== undefined) {
    out.boxText = true;
    const rect = firstNumbers(box, 4);
    if (rect) {
      // Unverified layout (no box text in the corpus): read as [left, top, right, bottom] in layer space,
      // the way Photoshop's text engine stores BoxBounds.
      out.boxPosition = [rect[0]!, rect[1]!];
      out.boxSize = [rect[2]! - rect[0]!, rect[3]! - rect[1]!];
    }
  }
  return out;
}

function num(v: CosValue | undefined): number {
  return typeof v === 'number' ? v : 0;
}

function firstNumbers(v: CosValue | undefined, count: number): number[] | null {
  if (Array.isArray(v)) {
    if (v.length >= count && v.slice(0, count).every((x) => typeof x === 'number')) return v.slice(0, count) as number[];
    for (const x of v) {
      const r = firstNumbers(x, count);
      if (r) return r;
    }
    return null;
  }
  if (v && typeof v === 'object' && !('name' in v) && !('hex' in v)) {
    for (const k of Object.keys(v).sort((a, b) => Number(a) - Number(b))) {
      const r = firstNumbers((v as Record<string, CosValue>)[k], count);
      if (r) return r;
    }
  }
  return null;
}
