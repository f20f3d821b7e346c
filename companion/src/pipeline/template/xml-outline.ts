// One linear pass over an .aepx that validates the XML skeleton before fast-xml-parser sees any of it.
// fast-xml-parser does not check that tags balance (a truncated file parses "fine"), expands DOCTYPE
// entities, and builds the whole tree at once; this pass refuses DOCTYPE/ENTITY (entity bombs),
// unbalanced or truncated markup, nesting and item-count bombs, and records where the root's children
// and the root folder's Items are, so the parser only ever sees the parts the template reader needs,
// one Item at a time.
import { FileFormatError } from '../../errors.js';
import type { TemplateLimits } from './limits.js';

export interface Span {
  name: string;
  start: number;
  end: number;
}

export interface XmlOutline {
  /** Children of <AfterEffectsProject>, in order. */
  rootChildren: Span[];
  /** Children of the root <Fold>, in order (Items and UI chunks). */
  foldChildren: Span[];
  elements: number;
  items: number;
}

const LT = 60, GT = 62, SLASH = 47, QUOT = 34, APOS = 39, BANG = 33, QUEST = 63;

function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === SLASH || c === GT;
}

export function outlineXml(xml: string, limits: TemplateLimits): XmlOutline {
  const stack: string[] = [];
  const starts: number[] = [];
  const rootChildren: Span[] = [];
  const foldChildren: Span[] = [];
  let foldDepth = -1; // stack depth at which the root Fold is open
  let elements = 0;
  let items = 0;
  let rootSeen = false;
  let foldSeen = false;
  let pos = 0;
  const n = xml.length;
  const fail = (msg: string, at: number): never => {
    throw new FileFormatError(`${msg} (at byte ${at})`);
  };

  for (;;) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === QUEST) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) fail('truncated XML: unterminated processing instruction', lt);
      pos = e + 2;
      continue;
    }
    if (c === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e < 0) fail('truncated XML: unterminated comment', lt);
        pos = e + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const e = xml.indexOf(']]>', lt + 9);
        if (e < 0) fail('truncated XML: unterminated CDATA section', lt);
        pos = e + 3;
        continue;
      }
      // After Effects never writes a DOCTYPE; refusing it is what keeps entity expansion out (XXE, billion laughs).
      fail('XML declares a DOCTYPE or ENTITY, which After Effects never writes; refusing it', lt);
    }
    if (c === SLASH) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) fail('truncated XML: unterminated end tag', lt);
      const name = xml.slice(lt + 2, e).trimEnd();
      const open = stack.pop();
      if (open === undefined) fail(`XML end tag </${name}> without a start tag`, lt);
      if (open !== name) fail(`XML end tag </${name}> does not match <${open}>`, lt);
      const start = starts.pop()!;
      if (stack.length === 1) rootChildren.push({ name, start, end: e + 1 });
      else if (stack.length === foldDepth) foldChildren.push({ name, start, end: e + 1 });
      if (stack.length < foldDepth) foldDepth = -1;
      pos = e + 1;
      continue;
    }
    // start tag: name, then attributes (quoted values may contain '>')
    let j = lt + 1;
    while (j < n && !isNameEnd(xml.charCodeAt(j))) j++;
    const name = xml.slice(lt + 1, j);
    if (!name) fail('malformed XML tag', lt);
    for (;;) {
      if (j >= n) fail(`truncated XML: unterminated <${name}> tag`, lt);
      const ch = xml.charCodeAt(j);
      if (ch === GT) break;
      if (ch === QUOT || ch === APOS) {
        const q = xml.indexOf(ch === QUOT ? '"' : "'", j + 1);
        if (q < 0) fail(`truncated XML: unterminated attribute in <${name}>`, lt);
        j = q + 1;
      } else if (ch === LT) fail(`malformed XML: "<" inside the <${name}> tag`, j);
      else j++;
    }
    const selfClosing = xml.charCodeAt(j - 1) === SLASH;
    if (++elements > limits.maxChunks) fail(`XML has more than ${limits.maxChunks} elements`, lt);
    if (stack.length === 0) {
      if (rootSeen) fail('XML has more than one root element', lt);
      rootSeen = true;
      if (name !== 'AfterEffectsProject') fail(`root element is <${name}>, not <AfterEffectsProject>`, lt);
    }
    if (name === 'Item' && ++items > limits.maxItems) fail(`project has more than ${limits.maxItems} items`, lt);
    if (selfClosing) {
      if (stack.length === 1) rootChildren.push({ name, start: lt, end: j + 1 });
      else if (stack.length === foldDepth) foldChildren.push({ name, start: lt, end: j + 1 });
    } else {
      stack.push(name);
      if (stack.length === 2 && name === 'Fold' && !foldSeen) {
        foldSeen = true;
        foldDepth = 2;
      }
      starts.push(lt);
      if (stack.length > limits.maxDepth) fail(`XML nested deeper than ${limits.maxDepth} elements`, lt);
    }
    pos = j + 1;
  }
  if (stack.length) fail(`truncated XML: <${stack[stack.length - 1]}> is never closed`, n);
  if (!rootSeen) fail('no XML root element', 0);
  return { rootChildren, foldChildren, elements, items };
}
