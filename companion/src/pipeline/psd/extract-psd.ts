// PSD/PSB → PsdDoc. One structure pass with ag-psd that reads no pixel data at all (research/psd.md
// §1); from a file on disk only the structure is read (psd-sections.ts), so memory does not grow
// with the pixels. Pixels are decoded later, one layer at a time, by layer-image.ts.
import fs from 'node:fs';
import { readPsd, type Layer, type Psd } from 'ag-psd';
import type { PsdDoc, PsdLayer, PsdLayerKind, Rect } from '../../../../shared/psd.js';
import { FileFormatError } from '../../errors.js';
import { PATCHED_MODES, pixelSupport, readPsdHeader, type PsdHeader } from './psd-header.js';
import { bytesSource, fileSource, planStructure, structureBytes, type ByteSource, type StructurePlan } from './psd-sections.js';
import { extractText } from './psd-text.js';

/** Structure read options with pixels kept as raw views into the file (layer-image.ts decodes from them). */
export const STRUCTURE_READ = {
  useRawData: true,
  useRawThumbnail: true,
  skipCompositeImageData: true,
  skipThumbnail: true,
  // Declared sizes in a hostile file must not make ag-psd allocate gigabytes.
  totalMemoryLimit: 1024 * 1024 * 1024,
  log: () => undefined,
} as const;

/** What extraction reads with: no channel data, no composite, no thumbnail (ag-psd skips their bytes). */
export const EXTRACT_READ = { ...STRUCTURE_READ, skipLayerImageData: true } as const;

const MAX_LAYERS = 20000;
/** Photoshop nests groups at most 10 deep; far deeper trees are hostile (and would overflow the walk). */
const MAX_GROUP_DEPTH = 100;

export function agRead(input: Uint8Array, options: Parameters<typeof readPsd>[1]): Psd {
  try {
    return readPsd(input, options);
  } catch (e) {
    // ag-psd's own checks throw plain Errors with a reason; a RangeError/TypeError is the reader running
    // off the data (a length pointing past the end), which says nothing useful to a user.
    const msg = e instanceof RangeError || e instanceof TypeError ? '' : e instanceof Error ? e.message : String(e);
    throw new FileFormatError(`cannot read the PSD structure: ${msg || 'corrupt or truncated data (a length or offset points outside the file)'}`);
  }
}

/** The structure bytes of `src` (no pixel data), with refused colour modes patched to RGB. */
export function structureOf(src: ByteSource, header: PsdHeader): { input: Uint8Array; plan: StructurePlan } {
  const plan = planStructure(src);
  return { input: structureBytes(src, plan, PATCHED_MODES.has(header.colorMode) ? 3 : undefined), plan };
}

/** Reads the ag-psd tree (structure only), patching refused colour modes to RGB in a small copy, not the file. */
export function readPsdStructure(bytes: Uint8Array): { psd: Psd; header: PsdHeader } {
  const header = readPsdHeader(bytes);
  // In memory the pixels cost nothing more (ag-psd skips them); only a patched header needs a copy.
  const input = PATCHED_MODES.has(header.colorMode) ? structureOf(bytesSource(bytes), header).input : bytes;
  return { psd: agRead(input, EXTRACT_READ), header };
}

/** Opens a PSD on disk for positioned reads; `use` gets the source and its pre-flighted header. */
export function withPsdFile<T>(file: string, use: (src: ByteSource, header: PsdHeader) => T): T {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const src = fileSource(fd, size);
    const header = readPsdHeader(src.read(0, Math.min(26, size)));
    return use(src, header);
  } finally {
    fs.closeSync(fd);
  }
}

/** Like readPsdStructure, reading from disk only the structure: header, resources, layer records, tagged blocks. */
export function readPsdStructureFile(file: string): { psd: Psd; header: PsdHeader } {
  return withPsdFile(file, (src, header) => ({ psd: agRead(structureOf(src, header).input, EXTRACT_READ), header }));
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
  return docOf(psd, header);
}

/** extractPsd for a file on disk; peak memory does not grow with the file's pixel data. */
export function extractPsdFile(file: string): PsdDoc {
  const { psd, header } = readPsdStructureFile(file);
  return docOf(psd, header);
}

function docOf(psd: Psd, header: PsdHeader): PsdDoc {
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
      if (depth > MAX_GROUP_DEPTH) throw new FileFormatError(`layer groups nested more than ${MAX_GROUP_DEPTH} deep`);
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
