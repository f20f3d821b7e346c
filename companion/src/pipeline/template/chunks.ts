// The one chunk tree both readers produce. An .aepx is the RIFX chunk tree of an .aep written as XML
// (one element per chunk, aepx.md §2), so .aepx and .aep converge here and share every decoder.

/** A LIST chunk; `id` is the list type padded to 4 chars (`Pin `, `LOm `). */
export interface ListChunk {
  readonly kind: 'list';
  readonly id: string;
  readonly children: Chunk[];
}

/** A data chunk. Bytes are decoded lazily: most hex in an .aepx belongs to properties nobody reads. */
export interface DataChunk {
  readonly kind: 'data';
  readonly id: string;
  readonly bytes: Uint8Array;
}

/** `Utf8` strings, the name wrappers (`tdsn`, `fnam`, `pdnm`, `RCom`), `numS`/`ppSn`, the XMP packet. */
export interface TextChunk {
  readonly kind: 'text';
  readonly id: string;
  readonly text: string;
}

/** `alas` file reference (JSON in .aep, `<fileReference>` attributes in .aepx). */
export interface RefChunk {
  readonly kind: 'ref';
  readonly id: 'alas';
  readonly ref: Readonly<Record<string, string>>;
}

export type Chunk = ListChunk | DataChunk | TextChunk | RefChunk;

/** Chunks whose payload is a nested Utf8 chunk (AE ≥ 15) or a NUL-terminated string (AE 12–13). */
export const NAME_WRAPPERS: ReadonlySet<string> = new Set(['tdsn', 'fnam', 'pdnm', 'RCom']);

export function list(id: string, children: Chunk[]): ListChunk {
  return { kind: 'list', id, children };
}

export function text(id: string, value: string): TextChunk {
  return { kind: 'text', id, text: value };
}

/** A data chunk over already-decoded bytes (RIFX). */
export function data(id: string, bytes: Uint8Array): DataChunk {
  return { kind: 'data', id, bytes };
}

/** A data chunk over lowercase hex (AEPX `bdata`), decoded on first access. */
export function hexData(id: string, hex: string): DataChunk {
  let cached: Uint8Array | null = null;
  return {
    kind: 'data',
    id,
    get bytes(): Uint8Array {
      if (!cached) cached = hexToBytes(hex);
      return cached;
    },
  };
}

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = HEX[65 + i] = 10 + i;

/** Hex → bytes; an invalid digit decodes as 0 (AE only writes [0-9a-f]; the caller validated the file). */
export function hexToBytes(hex: string): Uint8Array {
  const n = hex.length >> 1;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const hi = HEX[hex.charCodeAt(j) & 127]!;
    const lo = HEX[hex.charCodeAt(j + 1) & 127]!;
    out[i] = ((hi & 15) << 4) | (lo & 15);
  }
  return out;
}

export function isList(c: Chunk | undefined, id: string): c is ListChunk {
  return c !== undefined && c.kind === 'list' && c.id === id;
}

/** First child with this id (LIST type or chunk id). */
export function child(parent: ListChunk | null | undefined, id: string): Chunk | undefined {
  if (!parent) return undefined;
  for (const c of parent.children) if (c.id === id) return c;
  return undefined;
}

export function childList(parent: ListChunk | null | undefined, id: string): ListChunk | undefined {
  const c = child(parent, id);
  return c && c.kind === 'list' ? c : undefined;
}

export function childData(parent: ListChunk | null | undefined, id: string): DataChunk | undefined {
  if (!parent) return undefined;
  for (const c of parent.children) if (c.id === id && c.kind === 'data') return c;
  return undefined;
}

export function childLists(parent: ListChunk | null | undefined, id: string): ListChunk[] {
  if (!parent) return [];
  const out: ListChunk[] = [];
  for (const c of parent.children) if (c.kind === 'list' && c.id === id) out.push(c);
  return out;
}

/** The first `Utf8` child: an item's or layer's name, a tdbs expression. */
export function firstString(parent: ListChunk | null | undefined): string | undefined {
  if (!parent) return undefined;
  for (const c of parent.children) if (c.kind === 'text' && c.id === 'Utf8') return c.text;
  return undefined;
}

/** A project item, with how many folders enclose it (its folder is the last one listed before it at depth − 1). */
export interface ProjectItem {
  item: ListChunk;
  depth: number;
}

/**
 * A decoded project, as either reader delivers it: the root-level chunks, and every Item in document
 * order, folders before their contents. The .aepx reader parses each Item only when it is iterated, so
 * one Item's XML tree is alive at a time.
 */
export interface ProjectSource {
  format: 'aepx' | 'aep';
  root: ListChunk;
  items(): Iterable<ProjectItem>;
}

/** The Items of a chunk tree in document order, folders (Sfdr) before their contents. */
export function* itemsOf(folder: ListChunk | undefined, depth = 0): Iterable<ProjectItem> {
  for (const item of childLists(folder, 'Item')) {
    yield { item, depth };
    yield* itemsOf(childList(item, 'Sfdr'), depth + 1);
  }
}
