// Pre-flight from the 26-byte header, before ag-psd sees the file: refuse what is not a PSD, what
// declares impossible sizes, and route colour modes ag-psd refuses through the RGB header patch
// (research/psd.md §1).
import type { PsdColorMode } from '../../../../shared/psd.js';
import { FileFormatError } from '../../errors.js';

export interface PsdHeader {
  version: 1 | 2;
  channels: number;
  height: number;
  width: number;
  depth: number;
  colorMode: PsdColorMode;
  colorModeCode: number;
}

const MODES: Record<number, PsdColorMode> = { 0: 'bitmap', 1: 'grayscale', 2: 'indexed', 3: 'rgb', 4: 'cmyk', 7: 'multichannel', 8: 'duotone', 9: 'lab' };

export function readPsdHeader(bytes: Uint8Array): PsdHeader {
  if (bytes.length < 26) throw new FileFormatError(`file is ${bytes.length} bytes, too short for a PSD header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sig = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (sig !== '8BPS') throw new FileFormatError(`not a Photoshop file (signature "${sig.replace(/[^\x20-\x7e]/g, '?')}", expected "8BPS")`);
  const version = view.getUint16(4);
  if (version !== 1 && version !== 2) throw new FileFormatError(`unknown PSD version ${version} (1 = PSD, 2 = PSB)`);
  const channels = view.getUint16(12);
  const height = view.getUint32(14);
  const width = view.getUint32(18);
  const depth = view.getUint16(22);
  const colorModeCode = view.getUint16(24);
  const maxSide = version === 1 ? 30000 : 300000;
  if (channels < 1 || channels > 56) throw new FileFormatError(`header declares ${channels} channels (1-56 allowed)`);
  if (width < 1 || height < 1 || width > maxSide || height > maxSide) throw new FileFormatError(`header declares ${width}×${height} px (limit ${maxSide} px per side)`);
  if (![1, 8, 16, 32].includes(depth)) throw new FileFormatError(`header declares ${depth} bits per channel (1, 8, 16 or 32 allowed)`);
  const colorMode = MODES[colorModeCode];
  if (!colorMode) throw new FileFormatError(`unknown colour mode ${colorModeCode}`);
  return { version, channels, height, width, depth, colorMode, colorModeCode };
}

/** ag-psd throws at the header for these modes even when only the structure is read. */
export const PATCHED_MODES: ReadonlySet<PsdColorMode> = new Set(['cmyk', 'lab', 'duotone', 'multichannel']);

/** A copy of the file with the colour mode set to RGB, so ag-psd reads the layer structure. */
export function patchToRgb(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[24] = 0;
  copy[25] = 3;
  return copy;
}

/** Whether this mode/depth's pixels can be decoded to RGBA, and why not. */
export function pixelSupport(h: PsdHeader): { ok: boolean; reason?: string } {
  if (h.colorMode === 'cmyk' && h.depth === 8) return { ok: true };
  if (PATCHED_MODES.has(h.colorMode)) return { ok: false, reason: `${h.depth}-bit ${h.colorMode.toUpperCase()} pixels cannot be decoded (only 8-bit CMYK is converted)` };
  if (h.colorMode === 'bitmap') return { ok: false, reason: '1-bit bitmap pixels are not decoded' };
  return { ok: true };
}
