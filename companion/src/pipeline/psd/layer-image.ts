// One layer's pixels as PNG, decoded on demand. The structure is read once without pixels; for each
// asked layer only that layer's compressed channel data is taken from the file (a view of the bytes
// in memory, or a positioned read from disk) and decoded, so peak memory = structure + one layer's
// compressed data + its bitmap + its PNG, whether the PSD is in memory or on disk.
import { getLayerImageData, initializeCanvas, type Layer, type Psd } from 'ag-psd';
import sharp from 'sharp';
import { FileFormatError } from '../../errors.js';
import { PATCHED_MODES, patchToRgb, pixelSupport, readPsdHeader, type PsdHeader } from './psd-header.js';
import { EXTRACT_READ, STRUCTURE_READ, agRead, extractPsd, extractPsdFile, withPsdFile } from './extract-psd.js';
import { bytesSource, planStructure, structureBytes, type ByteSource, type LayerRecord, type StructurePlan } from './psd-sections.js';
import type { PsdDoc, PsdLayer } from '../../../../shared/psd.js';

let canvasReady = false;
function ensureImageDataFactory(): void {
  if (canvasReady) return;
  // Plain ImageData objects; no canvas package (research/psd.md §3).
  initializeCanvas(
    () => {
      throw new Error('no canvas in the companion');
    },
    (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4), colorSpace: 'srgb' }) as ImageData,
  );
  canvasReady = true;
}

export class NoPixelsError extends FileFormatError {}

export interface LayerPng {
  png: Buffer;
  width: number;
  height: number;
}

/** 8-bit RGBA from ag-psd's 8/16/32-bit image data (32-bit is linear light: gamma-encode it). */
function toRgba8(data: ArrayLike<number>, depth: number): Uint8Array {
  if (depth === 8) return new Uint8Array((data as Uint8ClampedArray).buffer, (data as Uint8ClampedArray).byteOffset, data.length);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (depth === 16) out[i] = v >> 8;
    else out[i] = (i & 3) === 3 ? Math.round(Math.min(1, Math.max(0, v)) * 255) : Math.round(255 * Math.pow(Math.min(1, Math.max(0, v)), 1 / 2.2));
  }
  return out;
}

function findLayer(psd: Psd, fileIndex: number): Layer | undefined {
  let i = 0;
  let found: Layer | undefined;
  const walk = (list: Layer[]) => {
    for (const l of list) {
      if (found) return;
      if (i++ === fileIndex) found = l;
      if (l.children) walk(l.children);
    }
  };
  walk(psd.children ?? []);
  return found;
}

/** Decodes layers of one PSD one at a time: the structure is read once, each layer's pixels on request. */
export interface LayerDecoder {
  png(layerId: number): Promise<LayerPng>;
}

type RawData = NonNullable<Layer['rawData']>;

/** The PSD's ag-psd tree, and a way to give one of its layers the raw channel data to decode. */
interface Opened {
  psd: Psd;
  rawData(layer: Layer, src: ByteSource): RawData | undefined;
}

/**
 * One channel as ag-psd's readLayerChannelImageData would have read it, including its repair of
 * channels shifted by one byte and its zero-fill of data cut off by the end of the file.
 */
function readChannel(src: ByteSource, ch: LayerRecord['channels'][number]): RawData['channels'][number] {
  if (ch.length === 1) throw new Error('Invalid channel length');
  if (!ch.length) return { id: ch.id, compression: 0, data: undefined };
  const u16 = (pos: number) => {
    if (pos + 2 > src.size) return 0;
    const b = src.read(pos, 2);
    return (b[0]! << 8) | b[1]!;
  };
  let at = ch.offset + 2;
  let compression = u16(ch.offset);
  if (compression > 3) (compression = u16(ch.offset + 1)), (at = ch.offset + 3);
  if (compression > 3) throw new Error(`Invalid compression: ${compression}`);
  if (ch.length <= 2) return { id: ch.id, compression, data: undefined };
  const len = ch.length - 2;
  if (at + len <= src.size) return { id: ch.id, compression, data: src.read(at, len) };
  if (len > 100 * 1024 * 1024) throw new Error('Reading past end of file');
  const data = new Uint8Array(len);
  if (at < src.size) data.set(src.read(at, src.size - at));
  return { id: ch.id, compression, data };
}

/**
 * Which layer record each tree layer came from. ag-psd builds the tree from the records last to
 * first (a group's record opens it, a bounding divider closes it); replaying that over the tree
 * gives each layer its record, checked against the record's bounds. Null when it does not add up.
 */
function recordsOf(psd: Psd, plan: StructurePlan): Map<Layer, LayerRecord> | null {
  const records = plan.records;
  if (!records || plan.recordBlocks !== 1) return null;
  const order: Array<Layer | null> = [];
  const visit = (list: Layer[]) => {
    for (let i = list.length - 1; i >= 0; i--) {
      const l = list[i]!;
      order.push(l);
      if (l.children) visit(l.children), order.push(null);
    }
  };
  visit(psd.children ?? []);
  if (order.length !== records.length) return null;
  const map = new Map<Layer, LayerRecord>();
  for (let k = 0; k < order.length; k++) {
    const l = order[k];
    const r = records[records.length - 1 - k]!;
    if (!l) continue;
    if (l.top !== r.top || l.left !== r.left || l.bottom !== r.bottom || l.right !== r.right) return null;
    map.set(l, r);
  }
  return map;
}

function openStructure(src: ByteSource, header: PsdHeader, bytes?: Uint8Array): Opened {
  const patched = PATCHED_MODES.has(header.colorMode);
  const plan = planStructure(src);
  // Bytes in memory are read in place; from disk (or to patch the header) only the structure is copied.
  const psd = agRead(bytes && !patched ? bytes : structureBytes(src, plan, patched ? 3 : undefined), EXTRACT_READ);
  const records = recordsOf(psd, plan);
  if (records) {
    return {
      psd,
      rawData(layer, from) {
        const rec = records.get(layer);
        if (!rec) return undefined;
        return { colorMode: psd.colorMode ?? 3, bitsPerChannel: psd.bitsPerChannel ?? 8, channels: rec.channels.map((ch) => readChannel(from, ch)), large: header.version === 2 } as RawData;
      },
    };
  }
  // A layer list we cannot map to its records (broken files): read the whole file with raw views.
  const whole = bytes ?? src.read(0, src.size);
  const full = agRead(patched ? patchToRgb(whole) : whole, STRUCTURE_READ);
  return { psd: full, rawData: (layer) => layer.rawData };
}

/** How a decoder reaches the file: in memory, or reopened on disk for each layer. */
interface Access {
  header: PsdHeader;
  bytes?: Uint8Array;
  use<T>(f: (src: ByteSource) => T): T;
}

function openDecoder(doc: PsdDoc, a: Access): LayerDecoder {
  let opened: Opened | null = null;
  return {
    async png(layerId: number): Promise<LayerPng> {
      const meta = doc.layers.find((l) => l.id === layerId);
      if (!meta) throw new FileFormatError(`PSD has no layer with id ${layerId}`);
      const where = `PSD layer "${meta.name}" (id ${layerId})`;
      if (!doc.pixelsAvailable) throw new NoPixelsError(`${where}: ${doc.pixelsUnavailableReason}`);
      const h = a.header;
      const found = a.use((src) => {
        const o = (opened ??= openStructure(src, h, a.bytes));
        const layer = findLayer(o.psd, meta.fileIndex);
        if (!layer) throw new FileFormatError(`${where}: not found in the file`);
        let raw: RawData | undefined;
        try {
          raw = meta.hasPixels && meta.kind !== 'group' ? o.rawData(layer, src) : undefined;
        } catch (e) {
          throw new FileFormatError(`${where}: pixel data cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
        }
        return { psd: o.psd, layer, raw };
      });
      return decodeLayer(found.psd, found.layer, found.raw, h, meta, where);
    },
  };
}

/** A decoder over the PSD's bytes in memory (channel data is used in place, never copied whole). */
export function openLayerDecoder(bytes: Uint8Array): LayerDecoder {
  const doc = extractPsd(bytes);
  const header = readPsdHeader(bytes);
  const src = bytesSource(bytes);
  return openDecoder(doc, { header, bytes, use: (f) => f(src) });
}

/** A decoder over a PSD on disk: reads the structure, then only the asked layers' channel data. */
export function openLayerDecoderFile(file: string): LayerDecoder {
  const doc = extractPsdFile(file);
  const header = withPsdFile(file, (_, h) => h);
  return openDecoder(doc, { header, use: (f) => withPsdFile(file, (src) => f(src)) });
}

/** A full-resolution PNG with alpha of one layer. Smart objects without pixels fall back to their embedded original. */
export async function layerPng(bytes: Uint8Array, layerId: number): Promise<LayerPng> {
  return openLayerDecoder(bytes).png(layerId);
}

async function decodeLayer(psd: Psd, layer: Layer, raw: RawData | undefined, header: PsdHeader, meta: PsdLayer, where: string): Promise<LayerPng> {
  ensureImageDataFactory();
  if (raw) {
    if (header.colorMode === 'cmyk') raw.colorMode = 4;
    let img: ImageData | undefined;
    try {
      img = getLayerImageData({ ...layer, rawData: raw }) as ImageData | undefined;
    } catch (e) {
      throw new FileFormatError(`${where}: pixel data cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
    }
    if (img && img.width > 0 && img.height > 0) {
      const rgba = toRgba8(img.data as unknown as ArrayLike<number>, header.depth);
      const png = await sharp(rgba, { raw: { width: img.width, height: img.height, channels: 4 } }).png().toBuffer();
      return { png, width: img.width, height: img.height };
    }
  }
  if (meta.kind === 'smartObject') {
    const id = layer.placedLayer?.id;
    const file = psd.linkedFiles?.find((f) => f.id === id);
    if (file?.data) {
      try {
        const { data, info } = await sharp(Buffer.from(file.data)).ensureAlpha().png().toBuffer({ resolveWithObject: true });
        return { png: data, width: info.width, height: info.height };
      } catch {
        throw new NoPixelsError(`${where}: the smart object's embedded ${file.type ?? 'file'} cannot be decoded`);
      }
    }
  }
  throw new NoPixelsError(`${where}: has no pixels to render (${meta.kind})`);
}

/** A thumbnail at most `max` px on its longer side. */
export async function layerThumbnail(bytes: Uint8Array, layerId: number, max = 256): Promise<LayerPng> {
  return thumbnailOf(await layerPng(bytes, layerId), max);
}

/** Shrinks a layer PNG to at most `max` px on its longer side (never enlarges). */
export async function thumbnailOf(full: LayerPng, max = 256): Promise<LayerPng> {
  const { data, info } = await sharp(full.png).resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true }).png().toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

export { readPsdHeader, pixelSupport };
