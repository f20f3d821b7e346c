// One layer's pixels as PNG, decoded on demand: the structure is read with pixels left as raw views
// into the file, then only the asked layer is decoded (peak memory = file + one layer bitmap).
import { getLayerImageData, initializeCanvas, readPsd, type Layer, type Psd } from 'ag-psd';
import sharp from 'sharp';
import { FileFormatError } from '../../errors.js';
import { PATCHED_MODES, patchToRgb, pixelSupport, readPsdHeader } from './psd-header.js';
import { STRUCTURE_READ, extractPsd } from './extract-psd.js';
import type { PsdLayer } from '../../../../shared/psd.js';

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

export function openLayerDecoder(bytes: Uint8Array): LayerDecoder {
  const doc = extractPsd(bytes);
  let psd: Psd | null = null;
  let header: ReturnType<typeof readPsdHeader> | null = null;
  return {
    async png(layerId: number): Promise<LayerPng> {
      const meta = doc.layers.find((l) => l.id === layerId);
      if (!meta) throw new FileFormatError(`PSD has no layer with id ${layerId}`);
      const where = `PSD layer "${meta.name}" (id ${layerId})`;
      if (!doc.pixelsAvailable) throw new NoPixelsError(`${where}: ${doc.pixelsUnavailableReason}`);
      if (!psd || !header) {
        header = readPsdHeader(bytes);
        const input = PATCHED_MODES.has(header.colorMode) ? patchToRgb(bytes) : bytes;
        psd = readPsd(input, { ...STRUCTURE_READ, skipLinkedFilesData: false });
      }
      return decodeLayer(psd, header, meta, where);
    },
  };
}

/** A full-resolution PNG with alpha of one layer. Smart objects without pixels fall back to their embedded original. */
export async function layerPng(bytes: Uint8Array, layerId: number): Promise<LayerPng> {
  return openLayerDecoder(bytes).png(layerId);
}

async function decodeLayer(psd: Psd, header: ReturnType<typeof readPsdHeader>, meta: PsdLayer, where: string): Promise<LayerPng> {
  const layer = findLayer(psd, meta.fileIndex);
  if (!layer) throw new FileFormatError(`${where}: not found in the file`);
  ensureImageDataFactory();
  if (meta.hasPixels && meta.kind !== 'group') {
    const raw = (layer as Layer & { rawData?: { colorMode?: number } }).rawData;
    if (raw && header.colorMode === 'cmyk') raw.colorMode = 4;
    let img: ImageData | undefined;
    try {
      img = getLayerImageData(layer) as ImageData | undefined;
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
