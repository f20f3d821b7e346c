// PSD/PSB bytes → PsdDoc. One structure pass with ag-psd (no pixels decoded: research/psd.md §1);
// pixels are decoded later, one layer at a time, by layer-image.ts.
import { readPsd, type Layer, type Psd } from 'ag-psd';
import type { PsdDoc, PsdLayer, PsdLayerKind, Rect } from '../../../../shared/psd.js';
import { FileFormatError } from '../../errors.js';
import { PATCHED_MODES, patchToRgb, pixelSupport, readPsdHeader } from './psd-header.js';
import { extractText } from './psd-text.js';

/** Structure-only read options; also used by layer-image.ts with pixels kept as raw views. */
export const STRUCTURE_READ = {
  useRawData: true,
  useRawThumbnail: true,
  skipCompositeImageData: true,
  skipThumbnail: true,
  // Declared sizes in a hostile file must not make ag-psd allocate gigabytes.
  totalMemoryLimit: 1024 * 1024 * 1024,
  log: () => undefined,
} as const;

const MAX_LAYERS = 20000;

/** Reads the ag-psd tree, patching refused colour modes to RGB (structure only). */
export function readPsdStructure(bytes: Uint8Array): { psd: Psd; header: ReturnType<typeof readPsdHeader> } {
  const header = readPsdHeader(bytes);
  const input = PATCHED_MODES.has(header.colorMode) ? patchToRgb(bytes) : bytes;
  let psd: Psd;
  try {
    psd = readPsd(input, STRUCTURE_READ);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new FileFormatError(`cannot read the PSD structure: ${msg || 'corrupt data'}`);
  }
  return { psd, header };
}

function kindOf(l: Layer): PsdLayerKind {
  if (l.children) return 'group';
  if (l.text) return 'text';
  if (l.placedLayer) return 'smartObject';
  if (l.adjustment) return 'adjustment';
  if (l.vectorFill && (l.vectorMask || l.vectorOrigination)) return 'shape';
  if (l.vectorFill) return 'fill';
  return 'image';
}

const boundsOf = (l: Layer): Rect => ({ left: l.left ?? 0, top: l.top ?? 0, right: l.right ?? 0, bottom: l.bottom ?? 0 });
const isEmpty = (r: Rect) => r.right <= r.left || r.bottom <= r.top;

function union(rects: Rect[]): Rect {
  const live = rects.filter((r) => !isEmpty(r));
  if (!live.length) return { left: 0, top: 0, right: 0, bottom: 0 };
  return {
    left: Math.min(...live.map((r) => r.left)),
    top: Math.min(...live.map((r) => r.top)),
    right: Math.max(...live.map((r) => r.right)),
    bottom: Math.max(...live.map((r) => r.bottom)),
  };
}

export function extractPsd(bytes: Uint8Array): PsdDoc {
  const { psd, header } = readPsdStructure(bytes);
  const warnings: string[] = [];
  const support = pixelSupport(header);

  // ag-psd lists children bottom-most first; fileIndex follows that pre-order walk.
  interface Visit {
    layer: Layer;
    path: string[];
    fileIndex: number;
    parent: Visit | null;
    hiddenAbove: boolean;
    depth: number;
    children: Visit[];
  }
  const roots: Visit[] = [];
  let fileIndex = 0;
  const walk = (list: Layer[], path: string[], parent: Visit | null, hiddenAbove: boolean, depth: number, into: Visit[]) => {
    for (const layer of list) {
      if (fileIndex >= MAX_LAYERS) throw new FileFormatError(`more than ${MAX_LAYERS} layers`);
      checkBounds(layer, fileIndex, header);
      const v: Visit = { layer, path, fileIndex: fileIndex++, parent, hiddenAbove, depth, children: [] };
      into.push(v);
      if (layer.children) walk(layer.children, [...path, layer.name ?? ''], v, hiddenAbove || Boolean(layer.hidden), depth + 1, v.children);
    }
  };
  walk(psd.children ?? [], [], null, false, 0, roots);

  // Ids: the file's own layer ids when present and unique, else synthesised from the file position.
  const all: Visit[] = [];
  const collect = (vs: Visit[]) => vs.forEach((v) => (all.push(v), collect(v.children)));
  collect(roots);
  const seen = new Map<number, number>();
  for (const v of all) if (typeof v.layer.id === 'number') seen.set(v.layer.id, (seen.get(v.layer.id) ?? 0) + 1);
  const idOf = new Map<Visit, number>();
  for (const v of all) {
    const own = v.layer.id;
    idOf.set(v, typeof own === 'number' && seen.get(own) === 1 ? own : 1_000_000 + v.fileIndex);
  }

  // Photoshop's panel order: top-most first, a group before its children.
  const layers: PsdLayer[] = [];
  const emit = (vs: Visit[]): Rect[] => {
    const rects: Rect[] = [];
    for (const v of [...vs].reverse()) {
      const l = v.layer;
      const kind = kindOf(l);
      const entry: PsdLayer = {
        id: idOf.get(v)!,
        name: l.name ?? '',
        path: v.path,
        order: layers.length,
        fileIndex: v.fileIndex,
        parentId: v.parent ? idOf.get(v.parent)! : null,
        depth: v.depth,
        kind,
        bounds: boundsOf(l),
        hidden: Boolean(l.hidden),
        effectiveHidden: Boolean(l.hidden) || v.hiddenAbove,
        opacity: l.opacity ?? 1,
        fillOpacity: l.fillOpacity ?? 1,
        blendMode: l.blendMode ?? 'normal',
        clipping: Boolean(l.clipping),
        hasMask: Boolean(l.mask && !(l.mask.right! <= l.mask.left! && l.mask.defaultColor === 255)),
        hasVectorMask: Boolean(l.vectorMask),
        hasPixels: false,
      };
      if (l.artboard) entry.isArtboard = true;
      if (l.adjustment) entry.adjustmentType = l.adjustment.type;
      layers.push(entry);
      if (kind === 'group') {
        const childRects = emit(v.children);
        entry.bounds = l.artboard?.rect ? { left: l.artboard.rect.left, top: l.artboard.rect.top, right: l.artboard.rect.right, bottom: l.artboard.rect.bottom } : union(childRects);
      } else {
        entry.hasPixels = support.ok && kind !== 'adjustment' && !isEmpty(entry.bounds);
        if (kind === 'text') entry.text = extractText(l, warnings);
        if (kind === 'smartObject') entry.smartObject = smartObjectOf(l, psd);
      }
      rects.push(entry.bounds);
    }
    return rects;
  };
  emit(roots);

  return {
    width: psd.width,
    height: psd.height,
    colorMode: header.colorMode,
    bitsPerChannel: header.depth,
    isPsb: header.version === 2,
    resolution: psd.imageResources?.resolutionInfo?.horizontalResolution ?? 72,
    pixelsAvailable: support.ok,
    ...(support.reason ? { pixelsUnavailableReason: support.reason } : {}),
    layers,
    warnings,
  };
}

/**
 * A layer may extend past the canvas, but not by billions of pixels: such records come from broken
 * or hostile files, and decoding them would overflow. Empty layers written as (0,0,0,-1) are real.
 */
function checkBounds(l: Layer, index: number, header: { width: number; height: number }): void {
  const reach = 10 * Math.max(header.width, header.height, 30000);
  const b = boundsOf(l);
  const coords = [b.left, b.top, b.right, b.bottom];
  const where = `layer ${index}${l.name ? ` "${l.name}"` : ''}`;
  if (coords.some((c) => !Number.isFinite(c) || Math.abs(c) > reach)) throw new FileFormatError(`${where} has impossible bounds (${coords.join(', ')})`);
  if (b.right < b.left - 1 || b.bottom < b.top - 1) throw new FileFormatError(`${where} has negative size (${coords.join(', ')})`);
}

function smartObjectOf(l: Layer, psd: Psd): PsdLayer['smartObject'] {
  const p = l.placedLayer!;
  const linked = psd.linkedFiles?.find((f) => f.id === p.id);
  const t = p.transform ?? [];
  return {
    placedWidth: p.width ?? Math.hypot((t[2] ?? 0) - (t[0] ?? 0), (t[3] ?? 0) - (t[1] ?? 0)),
    placedHeight: p.height ?? Math.hypot((t[6] ?? 0) - (t[0] ?? 0), (t[7] ?? 0) - (t[1] ?? 0)),
    transform: t.slice(0, 8),
    source: linked?.data ? 'embedded' : linked ? 'linked' : 'unknown',
    ...(linked?.type ? { fileType: String(linked.type).trim() } : {}),
    ...(linked?.name ? { fileName: linked.name } : {}),
  };
}
