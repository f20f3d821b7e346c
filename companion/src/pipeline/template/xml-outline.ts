// One linear pass over an .aepx that validates the XML skeleton before fast-xml-parser sees any of it,
// and plans what the parser can skip.
//
// fast-xml-parser does not check that tags balance (a truncated file parses "fine"), can expand DOCTYPE
// entities, and builds whole trees. This pass refuses DOCTYPE/ENTITY (entity bombs), unbalanced or
// truncated markup, nesting and item-count bombs; it records where the root's children and the root
// folder's Items are, so the parser sees one Item at a time; and it marks sub-trees the template reader
// never reads (view cameras, comp markers, UI state, and layer property groups other than transform,
// text and effects — half of a typical file) so they are cut out before parsing. A cut is never made
// across an expression, so hasExpressions still sees every one.
import { FileFormatError } from '../../errors.js';
import { hexToBytes } from './chunks.js';
import type { TemplateLimits } from './limits.js';

export interface Span {
  name: string;
  start: number;
  end: number;
}

/** An Item anywhere under the root Fold; folders' Items are listed after their folder (pre-order). */
export interface ItemSpan {
  start: number;
  end: number;
  /** How many folder Items enclose it (0 = in the root folder). */
  depth: number;
  /** A folder's `Sfdr` (its contents), which is parsed as the separate Items it holds. */
  contents: [number, number] | null;
}

export interface XmlOutline {
  /** Children of <AfterEffectsProject>, in order. */
  rootChildren: Span[];
  /** Every project Item, in document order. */
  itemSpans: ItemSpan[];
  /** Sorted, disjoint [start, end) ranges that can be removed before parsing (flat pairs). */
  cuts: number[];
  elements: number;
  items: number;
}

/** Elements that are never read: view cameras, comp markers, timeline UI state, guides. */
const SKIPPED_ELEMENTS = new Set(['SLay', 'CLay', 'DLay', 'SecL', 'Ewst', 'Gide', 'CIF3', 'CIF2', 'CIFO']);

/** Layer root property groups the template reader decodes; the others (Layer Styles, Material Options…) are cut. */
const KEPT_LAYER_GROUPS = new Set(['ADBE Transform Group', 'ADBE Text Properties', 'ADBE Effect Parade']);

const LT = 60, GT = 62, SLASH = 47, QUOT = 34, APOS = 39, BANG = 33, QUEST = 63;

function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === SLASH || c === GT;
}

function matchNameOf(tag: string): string {
  const m = /bdata="([0-9a-fA-F]*)"/.exec(tag);
  if (!m) return '';
  const b = hexToBytes(m[1]!.slice(0, 128));
  let e = 0;
  while (e < b.length && b[e] !== 0) e++;
  return String.fromCharCode(...b.subarray(0, e));
}

export function outlineXml(xml: string, limits: TemplateLimits): XmlOutline {
  const names: string[] = [];
  const starts: number[] = [];
  /** Per open element: −1, or the expression count when it opened if it is a cut candidate. */
  const candidates: number[] = [];
  const rootChildren: Span[] = [];
  const itemSpans: ItemSpan[] = [];
  const openItems: number[] = []; // indexes into itemSpans of the Items being read
  const cuts: number[] = [];
  let foldDepth = -1; // stack depth while the root Fold is open
  let elements = 0;
  let items = 0;
  let expressions = 0;
  let rootSeen = false;
  let foldSeen = false;
  let layerGroup = ''; // match name of the last tdmn directly in a Layr's root tdgp
  let pos = 0;
  const n = xml.length;
  const fail = (msg: string, at: number): never => {
    // tag names come from the file: a broken one can be megabytes long
    throw new FileFormatError(`${msg.length > 300 ? `${msg.slice(0, 300)}…` : msg} (at character ${at})`);
  };
  const record = (name: string, start: number, end: number, depth: number): void => {
    if (depth === 1) rootChildren.push({ name, start, end });
  };

  for (;;) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === QUEST) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) fail('truncated XML (unterminated processing instruction)', lt);
      pos = e + 2;
      continue;
    }
    if (c === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e < 0) fail('truncated XML (unterminated comment)', lt);
        pos = e + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const e = xml.indexOf(']]>', lt + 9);
        if (e < 0) fail('truncated XML (unterminated CDATA section)', lt);
        pos = e + 3;
        continue;
      }
      // After Effects never writes a DOCTYPE; refusing it keeps entity expansion out (XXE, billion laughs).
      fail('XML declares a DOCTYPE or ENTITY, which After Effects never writes; refusing it', lt);
    }
    if (c === SLASH) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) fail('truncated XML (unterminated end tag)', lt);
      const name = xml.slice(lt + 2, e).trimEnd();
      const open = names.pop();
      if (open === undefined) fail(`XML end tag </${name}> without a start tag`, lt);
      if (open !== name) fail(`XML end tag </${name}> does not match <${open}>`, lt);
      const start = starts.pop()!;
      const cand = candidates.pop()!;
      if (cand >= 0 && cand === expressions) {
        while (cuts.length && cuts[cuts.length - 2]! >= start) cuts.length -= 2; // cuts nested in this one
        cuts.push(start, e + 1);
      }
      record(name, start, e + 1, names.length);
      if (name === 'Item' && foldDepth > 0) itemSpans[openItems.pop()!]!.end = e + 1;
      else if (name === 'Sfdr' && names[names.length - 1] === 'Item' && openItems.length) {
        itemSpans[openItems[openItems.length - 1]!]!.contents = [start, e + 1];
      }
      if (names.length < foldDepth) foldDepth = -1;
      pos = e + 1;
      continue;
    }
    // start tag: name, then attributes (quoted values may contain '>')
    let j = lt + 1;
    while (j < n && !isNameEnd(xml.charCodeAt(j))) j++;
    const name = xml.slice(lt + 1, j);
    if (!name) fail('malformed XML tag', lt);
    for (;;) {
      if (j >= n) fail(`truncated XML (unterminated <${name}> tag)`, lt);
      const ch = xml.charCodeAt(j);
      if (ch === GT) break;
      if (ch === QUOT || ch === APOS) {
        const q = xml.indexOf(ch === QUOT ? '"' : "'", j + 1);
        if (q < 0) fail(`truncated XML (unterminated attribute in <${name}>)`, lt);
        j = q + 1;
      } else if (ch === LT) fail(`malformed XML ("<" inside the <${name}> tag)`, j);
      else j++;
    }
    const selfClosing = xml.charCodeAt(j - 1) === SLASH;
    if (++elements > limits.maxChunks) fail(`XML has more than ${limits.maxChunks} elements`, lt);
    const depth = names.length;
    if (depth === 0) {
      if (rootSeen) fail('XML has more than one root element', lt);
      rootSeen = true;
      if (name !== 'AfterEffectsProject') fail(`root element is <${name}>, not <AfterEffectsProject>`, lt);
    }
    if (name === 'Item' && ++items > limits.maxItems) fail(`project has more than ${limits.maxItems} items`, lt);
    const parent = depth ? names[depth - 1] : '';
    const inLayerRoot = parent === 'tdgp' && depth >= 2 && names[depth - 2] === 'Layr';
    if (inLayerRoot && name === 'tdmn') layerGroup = matchNameOf(xml.slice(lt, j));
    if (name === 'string' && parent === 'tdbs' && !selfClosing) expressions++;
    if (selfClosing) {
      record(name, lt, j + 1, depth);
    } else {
      const cut = foldDepth > 0 && (SKIPPED_ELEMENTS.has(name) || (inLayerRoot && name !== 'tdmn' && !KEPT_LAYER_GROUPS.has(layerGroup)));
      if (name === 'Item' && foldDepth > 0) {
        openItems.push(itemSpans.length);
        itemSpans.push({ start: lt, end: n, depth: openItems.length - 1, contents: null });
      }
      names.push(name);
      starts.push(lt);
      candidates.push(cut ? expressions : -1);
      if (names.length > limits.maxDepth) fail(`XML nested deeper than ${limits.maxDepth} elements`, lt);
      if (names.length === 2 && name === 'Fold' && !foldSeen) {
        foldSeen = true;
        foldDepth = 2;
      }
    }
    pos = j + 1;
  }
  if (names.length) fail(`truncated XML (<${names[names.length - 1]}> is never closed)`, n);
  if (!rootSeen) fail('no XML root element', 0);
  return { rootChildren, itemSpans, cuts, elements, items };
}

/** The parts of an Item left to parse: without the planned cuts, and without a folder's contents. */
export function itemRanges(item: ItemSpan, cuts: number[]): number[] {
  if (!item.contents) return keptRanges(item.start, item.end, cuts);
  return [...keptRanges(item.start, item.contents[0], cuts), ...keptRanges(item.contents[1], item.end, cuts)];
}

/** The parts of [start, end) left after the planned cuts, as flat [start, end) pairs. */
export function keptRanges(start: number, end: number, cuts: number[]): number[] {
  // binary search: the first cut that ends after `start`
  let lo = 0;
  let hi = cuts.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid * 2 + 1]! <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  let p = start;
  for (let i = lo * 2; i < cuts.length && cuts[i]! < end; i += 2) {
    out.push(p, cuts[i]!);
    p = cuts[i + 1]!;
  }
  out.push(p, end);
  return out;
}
