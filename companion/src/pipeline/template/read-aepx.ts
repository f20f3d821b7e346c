// .aepx: the RIFX chunk tree as XML, one element per chunk (aepx.md §2, fast-xml-parser settings §12).
import { XMLParser } from 'fast-xml-parser';
import { FileFormatError } from '../../errors.js';
import { cstr } from './bytes.js';
import { type Chunk, type ProjectItem, type ProjectSource, NAME_WRAPPERS, hexData, hexToBytes, list, text } from './chunks.js';
import { TEMPLATE_LIMITS, type TemplateLimits } from './limits.js';
import { itemRanges, outlineXml } from './xml-outline.js';

/** Root-level chunks the template reader uses; the rest (XMP, render queue, workspace…) is never parsed. */
const ROOT_CHUNKS = new Set(['svap', 'head', 'nhed', 'nnhd', 'ExEn']);

/** Numbers AE ≥ 15 writes as <string> children in .aepx (binary in .aep). */
const STRINGY = new Set(['numS', 'ppSn']);

type XmlNode = Record<string, unknown>;

let parser: XMLParser | null = null;
let parserDepth = 0;
function getParser(limits: TemplateLimits): XMLParser {
  if (!parser || parserDepth !== limits.maxDepth) {
    parser = new XMLParser({
      preserveOrder: true, // order carries meaning: tdmn → value, the first <string> after idta/ldta
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseAttributeValue: false, // bdata="00000001" must stay hex
      parseTagValue: false, // "00:01", "1e5" are names, not numbers
      trimValues: false, // names keep their spaces
      cdataPropName: '__cdata',
      // Entities are decoded by hand in <string> text and attributes: only the five predefined ones and
      // character references, never anything a DOCTYPE could define (the outline pass refuses DOCTYPE).
      processEntities: false,
      maxNestedTags: limits.maxDepth,
      jPath: false, // no path strings per tag: nothing here uses them
    });
    parserDepth = limits.maxDepth;
  }
  return parser;
}

export function readAepx(bytes: Uint8Array, limits: TemplateLimits = TEMPLATE_LIMITS): ProjectSource {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(bom);
  // The outline pass reads the file as latin1: one char per byte, so offsets are byte offsets, and the
  // string stays one byte per char whatever the content (one non-Latin-1 char, like the BOM inside the
  // XMP packet, would make a UTF-8-decoded copy of the whole file twice as big). All markup is ASCII;
  // only the parts handed to the parser are decoded as UTF-8.
  const xml = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  if (xml.includes('\u0000')) throw new FileFormatError('binary data in an XML file, not an After Effects .aepx');
  const outline = outlineXml(xml, limits);
  const p = getParser(limits);
  const utf8 = new TextDecoder('utf-8');
  const text = (ranges: number[]): string => {
    let s = '';
    for (let i = 0; i < ranges.length; i += 2) s += utf8.decode(body.subarray(ranges[i], ranges[i + 1]));
    return s;
  };

  const rootRanges = outline.rootChildren.filter((s) => ROOT_CHUNKS.has(s.name)).flatMap((s) => [s.start, s.end]);
  const rootChunks = parseFragment(p, `<r>${text(rootRanges)}</r>`)[0];
  const children: Chunk[] = rootChunks && rootChunks.kind === 'list' ? [...rootChunks.children] : [];
  if (outline.rootChildren.some((s) => s.name === 'Fold')) children.push(list('Fold', []));
  const root = list('Egg!', children);

  return {
    format: 'aepx',
    root,
    *items(): Iterable<ProjectItem> {
      // A folder's Items are parsed one by one too, not inside their folder: a folder holding every
      // comp would otherwise be one big tree.
      for (const s of outline.itemSpans) {
        const c = parseFragment(p, text(itemRanges(s, outline.cuts)))[0];
        if (c && c.kind === 'list') yield { item: c, depth: s.depth };
      }
    },
  };
}

function parseFragment(p: XMLParser, xml: string): Chunk[] {
  let nodes: XmlNode[];
  try {
    nodes = p.parse(xml) as XmlNode[];
  } catch (e) {
    throw new FileFormatError(`malformed .aepx XML (${(e as Error).message})`);
  }
  const out: Chunk[] = [];
  for (const n of nodes) {
    const c = toChunk(n);
    if (c) out.push(c);
  }
  return out;
}

function tagOf(node: XmlNode): string {
  for (const k in node) if (k !== ':@') return k;
  return '';
}

function textOf(kids: XmlNode[]): string {
  let s = '';
  for (const k of kids) {
    const t = k['#text'];
    if (typeof t === 'string') s += t;
    const cd = k['__cdata'];
    if (Array.isArray(cd)) for (const c of cd as XmlNode[]) if (typeof c['#text'] === 'string') s += c['#text'];
  }
  return s;
}

function stringChild(kids: XmlNode[]): string {
  for (const k of kids) if ('string' in k) return decodeEntities(textOf(k['string'] as XmlNode[]));
  return '';
}

function toChunk(node: XmlNode): Chunk | null {
  const tag = tagOf(node);
  if (tag === '#text' || tag === '__cdata' || tag === '') return null;
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const kids = (node[tag] ?? []) as XmlNode[];
  if (tag === 'string') return text('Utf8', decodeEntities(textOf(kids)));
  if (tag === 'fileReference') {
    const ref: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrs)) if (k !== '__proto__') ref[k] = decodeEntities(v);
    return { kind: 'ref', id: 'alas', ref };
  }
  const hex = attrs['bdata'];
  if (NAME_WRAPPERS.has(tag)) return text(tag, typeof hex === 'string' ? cstr(hexToBytes(hex)) : stringChild(kids));
  if (STRINGY.has(tag) && typeof hex !== 'string') return text(tag, stringChild(kids));
  // XML drops the trailing space of 4cc ids: <Pin> is "Pin ", <LOm> is "LOm " (aepx.md §2).
  const id = tag.length < 4 ? tag.padEnd(4) : tag;
  if (typeof hex === 'string') return hexData(id, hex);
  const children: Chunk[] = [];
  for (const k of kids) {
    const c = toChunk(k);
    if (c) children.push(c);
  }
  return list(id, children);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The predefined XML entities and character references; anything else stays literal. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e] ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}
