// The project's items (Fold / Item / Sfdr, aepx.md §4) → typed records. Each Item is decoded on its
// own, so the .aepx reader can hand them over one at a time.
import type { FootageSource, TemplateItem } from '../../../../shared/template.js';
import { FileFormatError } from '../../errors.js';
import { type ListChunk, child, childData, childList, childLists, firstString } from './chunks.js';
import { type Cdta, type Opti, type Sspc, ITEM_TYPES, decodeCdta, decodeIdta, decodeOpti, decodeSspc } from './decode-chunks.js';
import { type LayerRecord, decodeLayer } from './layer-record.js';
import type { TemplateLimits } from './limits.js';

export interface CompRecord {
  cdta: Cdta;
  layers: LayerRecord[];
}

export interface ItemRecord {
  item: TemplateItem;
  comp?: CompRecord;
}

/** Audio-only formats seen in AE projects (their sspc has no picture size). */
const AUDIO_FORMATS = new Set(['MP3A', 'WAVE', 'AIFF', 'AIFC', 'M4A ', 'M4Aa', 'mp3 ']);

/** Decodes one Item (a folder's contents are Items of their own). */
export function decodeItem(it: ListChunk, parentId: number | null, limits: TemplateLimits, out: ItemRecord[]): void {
  const idta = childData(it, 'idta');
  if (!idta) throw new FileFormatError('project item without a header (idta)');
  const { type, id } = decodeIdta(idta.bytes);
  const kind = ITEM_TYPES[type];
  const name = firstString(it) ?? '';
  if (!kind) return; // unknown item types (none seen) are skipped rather than guessed
  const item: TemplateItem = { id, name, type: kind, parentId };
  const rec: ItemRecord = { item };
  if (out.length >= limits.maxItems) throw new FileFormatError(`project has more than ${limits.maxItems} items`);
  out.push(rec);
  if (kind === 'comp') {
    const where = `comp "${name}" (id ${id})`;
    const cd = childData(it, 'cdta');
    if (!cd) throw new FileFormatError(`no comp settings (cdta) in ${where}`);
    // SLay/CLay/DLay (view cameras) and SecL (comp markers) look like layers but are not (aepx.md §7).
    const layrs = childLists(it, 'Layr');
    if (layrs.length > limits.maxLayersPerComp) throw new FileFormatError(`${where} has more than ${limits.maxLayersPerComp} layers`);
    rec.comp = {
      cdta: decodeCdta(cd.bytes, where),
      layers: layrs.map((l, i) => decodeLayer(l, `${where} layer ${i + 1}`)),
    };
  } else if (kind === 'footage') {
    item.footage = decodeFootage(it);
    if (!item.name) item.name = footageName(item.footage);
  }
}

function decodeFootage(it: ListChunk): FootageSource {
  const pin = childList(it, 'Pin ');
  const opti = childData(pin, 'opti');
  const sspcChunk = childData(pin, 'sspc');
  const sspc: Sspc = (sspcChunk && decodeSspc(sspcChunk.bytes)) || { format: '', width: 0, height: 0, duration: 0, fps: 0 };
  const o: Opti = opti ? decodeOpti(opti.bytes) : { kind: 'file', format: sspc.format };
  const base = { width: sspc.width, height: sspc.height, duration: sspc.duration, fps: sspc.fps };
  if (o.kind === 'solid') {
    return { kind: 'solid', format: '', ...base, isStill: true, hasVideo: true, hasAudio: false, color: o.color, name: o.name };
  }
  if (o.kind === 'placeholder') {
    return { kind: 'placeholder', format: '', ...base, isStill: sspc.duration === 0, hasVideo: true, hasAudio: false, name: o.name };
  }
  const ref = child(childList(pin, 'Als2'), 'alas');
  const format = o.format || sspc.format;
  const hasVideo = sspc.width > 0 && sspc.height > 0;
  const src: FootageSource = {
    kind: 'file',
    format,
    ...base,
    isStill: hasVideo && sspc.duration === 0,
    hasVideo,
    hasAudio: AUDIO_FORMATS.has(format) || (!hasVideo && sspc.duration > 0),
  };
  if (ref && ref.kind === 'ref') {
    if (ref.ref['fullpath'] !== undefined) src.path = ref.ref['fullpath'];
    if (ref.ref['platform'] !== undefined) src.platform = ref.ref['platform'];
  }
  if (o.kind === 'file' && o.psdLayerName) src.psdLayerName = o.psdLayerName;
  return src;
}

/** AE's Project-panel name for a never-renamed footage item (aepx.md §6, verified against ExtendScript). */
function footageName(f: FootageSource): string {
  if (f.kind !== 'file') return f.name ?? '';
  if (!f.path) return '';
  const base = f.path.split(/[\\/]/).pop() ?? '';
  return f.psdLayerName ? `${f.psdLayerName}/${base}` : base;
}
