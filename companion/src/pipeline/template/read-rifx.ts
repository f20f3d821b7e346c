// Binary .aep: a RIFX (big-endian RIFF) file with form type `Egg!`, then the XMP packet after the RIFX data.
import { FileFormatError } from '../../errors.js';
import { ascii4, cstr, decodeUtf8, view } from './bytes.js';
import { type Chunk, type ListChunk, NAME_WRAPPERS, data, list, text } from './chunks.js';
import { TEMPLATE_LIMITS, type TemplateLimits } from './limits.js';

export function readRifx(b: Uint8Array, limits: TemplateLimits = TEMPLATE_LIMITS): ListChunk {
  if (b.length < 12 || ascii4(b, 0) !== 'RIFX' || ascii4(b, 8) !== 'Egg!') {
    throw new FileFormatError('not an After Effects .aep (no RIFX/Egg! header)');
  }
  const v = view(b);
  const end = 8 + v.getUint32(4);
  if (end > b.length) {
    throw new FileFormatError(`truncated .aep (the header declares ${end} bytes, the file has ${b.length})`);
  }
  let count = 0;

  function chunks(off: number, stop: number, depth: number, where: string): Chunk[] {
    if (depth > limits.maxDepth) throw new FileFormatError(`.aep chunks nested deeper than ${limits.maxDepth} (in ${where})`);
    const out: Chunk[] = [];
    while (off + 8 <= stop) {
      const id = ascii4(b, off);
      const len = v.getUint32(off + 4);
      const d = off + 8;
      if (len > stop - d) {
        throw new FileFormatError(`.aep chunk "${id}" at byte ${off} (in ${where}) declares ${len} bytes but only ${stop - d} remain`);
      }
      if (++count > limits.maxChunks) throw new FileFormatError(`.aep has more than ${limits.maxChunks} chunks`);
      const body = b.subarray(d, d + len);
      out.push(decodeChunk(id, body, depth, where));
      off = d + len + (len & 1);
    }
    return out;
  }

  function decodeChunk(id: string, body: Uint8Array, depth: number, where: string): Chunk {
    if (id === 'LIST') {
      if (body.length < 4) throw new FileFormatError(`.aep LIST without a list type (in ${where})`);
      const type = ascii4(body, 0);
      // AE writes the text document as a non-conforming LIST whose body is raw COS text (aepx.md §2).
      if (type === 'btdk') return data('btdk', body.subarray(4));
      const start = body.byteOffset - b.byteOffset + 4;
      return list(type, chunks(start, start + body.length - 4, depth + 1, `LIST ${type}`));
    }
    if (id === 'Utf8') return text('Utf8', decodeUtf8(body));
    if (id === 'alas') return { kind: 'ref', id: 'alas', ref: parseAlias(body) };
    if (NAME_WRAPPERS.has(id)) {
      if (body.length >= 8 && ascii4(body, 0) === 'Utf8') {
        const n = Math.min(view(body).getUint32(4), body.length - 8);
        return text(id, decodeUtf8(body.subarray(8, 8 + n)));
      }
      return text(id, cstr(body));
    }
    return data(id, body);
  }

  const root = list('Egg!', chunks(12, end, 0, 'the root'));
  if (end < b.length) root.children.push(text('XMPM', decodeUtf8(b.subarray(end))));
  return root;
}

// .aepx writes the platform as a word where the .aep JSON has a number (aepx.md §2).
const PLATFORMS: Record<string, string> = { '1': 'Win', '2': 'MacPOSIX' };

/** The `alas` chunk is JSON; values are normalised to strings to match the .aepx attributes. */
function parseAlias(body: Uint8Array): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(decodeUtf8(body));
    if (!parsed || typeof parsed !== 'object') return {};
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(parsed as Record<string, unknown>)) {
      if (k === '__proto__' || k === 'constructor') continue;
      out[k] = k === 'platform' ? (PLATFORMS[String(val)] ?? String(val)) : String(val);
    }
    return out;
  } catch {
    return {};
  }
}
