// .aepx (XML) or .aep (RIFX) bytes → TemplateDoc. Both readers produce the same chunk tree, so one set
// of decoders serves both formats.
import type { CompDoc, TemplateDoc, TemplateItem } from '../../../../shared/template.js';
import { FileFormatError } from '../../errors.js';
import { sniff } from '../file-signature.js';
import { type ListChunk, type ProjectSource, childData, childList, firstString, itemsOf } from './chunks.js';
import { decodeVersion } from './decode-chunks.js';
import { type CompRecord, type ItemRecord, decodeItem } from './item-records.js';
import { TEMPLATE_LIMITS, type TemplateLimits } from './limits.js';
import { readAepx } from './read-aepx.js';
import { readRifx } from './read-rifx.js';
import { resolveComp } from './resolve-comp.js';

export function extractTemplate(bytes: Uint8Array, limits: TemplateLimits = TEMPLATE_LIMITS): TemplateDoc {
  if (bytes.length > limits.maxBytes) {
    throw new FileFormatError(`template is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  const source = openProject(bytes, limits);
  return buildTemplate(source, limits);
}

function openProject(bytes: Uint8Array, limits: TemplateLimits): ProjectSource {
  const type = sniff(bytes.subarray(0, 4096));
  if (type === 'aep') {
    const root = readRifx(bytes, limits);
    const fold = childList(root, 'Fold');
    return { format: 'aep', root, items: () => itemsOf(fold) };
  }
  if (type === 'aepx') return readAepx(bytes, limits);
  if (type === 'psd' || type === 'psb') throw new FileFormatError('this is a Photoshop document, not an After Effects project');
  if (bytes.length === 0) throw new FileFormatError('the file is empty, not an After Effects project');
  throw new FileFormatError('not an After Effects project (.aepx XML or .aep RIFX)');
}

function buildTemplate(source: ProjectSource, limits: TemplateLimits): TemplateDoc {
  const { root } = source;
  // A file with the right root element but none of AE's own chunks is hand-made (aepx.md §16.8).
  const head = childData(root, 'head');
  const svap = childData(root, 'svap');
  if (!head || !svap || !childList(root, 'Fold')) {
    const missing = [!svap && 'svap', !head && 'head', !childList(root, 'Fold') && 'Fold'].filter(Boolean).join(', ');
    throw new FileFormatError(`not written by After Effects (no ${missing} chunk)`);
  }
  const version = decodeVersion(svap.bytes) ?? decodeVersion(head.bytes, 4);
  const records: ItemRecord[] = [];
  const folders: number[] = []; // folder ids by depth: the folder an item at depth d is in is folders[d - 1]
  for (const { item, depth } of source.items()) {
    const parent = depth > 0 ? (folders[depth - 1] ?? null) : null;
    const before = records.length;
    decodeItem(item, parent, limits, records);
    const rec = records[before];
    if (rec?.item.type === 'folder') folders[depth] = rec.item.id;
  }

  const items: TemplateItem[] = records.map((r) => r.item);
  const index = {
    items: new Map(items.map((i) => [i.id, i])),
    comps: new Map(records.filter((r) => r.comp).map((r) => [r.item.id, r.comp as CompRecord])),
  };
  const comps: CompDoc[] = records.filter((r) => r.comp).map((r) => resolveComp(r.item, r.comp!, index));
  const warnings = records.flatMap((r) => r.comp?.layers.flatMap((l) => l.warnings) ?? []);
  for (const c of comps) {
    for (const l of c.layers) {
      if (l.sourceId !== null && !index.items.has(l.sourceId)) {
        warnings.push(`comp "${c.name}" layer ${l.index} "${l.name}": source item ${l.sourceId} is missing`);
      }
    }
  }
  return {
    format: source.format,
    aeVersion: version ? `${version.major}.${version.minor}.${version.patch}` : null,
    bitsPerChannel: bitsPerChannel(root),
    expressionEngine: expressionEngine(root),
    items,
    comps,
    warnings,
  };
}

/** `nnhd`[24]: 0/1/2 = 8/16/32 bpc (absent before AE 15: 8). */
function bitsPerChannel(root: ListChunk): number {
  const nnhd = childData(root, 'nnhd');
  const v = nnhd && nnhd.bytes.length > 24 ? nnhd.bytes[24]! : 0;
  return [8, 16, 32][v] ?? 8;
}

function expressionEngine(root: ListChunk): string | null {
  return firstString(childList(root, 'ExEn')) ?? null;
}
