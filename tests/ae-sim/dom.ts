// The After Effects object model, the subset generated scripts use, with AE's rules: 1-based
// collections, property lookup by match name or display name among direct children only, values
// returned as copies, setValue refusing keyframed properties, TextDocument's guarded fields,
// replaceSource keeping the transform. Anything AE would refuse throws here too.
import type { CompDoc, TemplateDoc, TemplateLayer, TemplateText } from '../../shared/template.js';
import { SimFile, SimFolder, pngSize } from './files.js';

export const ImportAsType = { COMP: 3814, COMP_CROPPED_LAYERS: 3812, FOOTAGE: 3813, PROJECT: 3815 } as const;
export const CloseOptions = { DO_NOT_SAVE_CHANGES: 1212, PROMPT_TO_SAVE_CHANGES: 1213, SAVE_CHANGES: 1214 } as const;
export const ParagraphJustification = {
  CENTER_JUSTIFY: 7415,
  FULL_JUSTIFY_LASTLINE_CENTER: 7418,
  FULL_JUSTIFY_LASTLINE_FULL: 7419,
  FULL_JUSTIFY_LASTLINE_LEFT: 7416,
  FULL_JUSTIFY_LASTLINE_RIGHT: 7417,
  LEFT_JUSTIFY: 7413,
  MULTIPLE_JUSTIFICATIONS: 7412,
  RIGHT_JUSTIFY: 7414,
} as const;

/** Makes arrays of the script's realm (see sandbox.ts). */
export type ArrayMaker = (items: unknown[]) => unknown[];
let arr: ArrayMaker = (items) => items;
export const useArrays = (maker: ArrayMaker) => {
  arr = maker;
};

/** Script-side arrays have no ES5 methods: read them by index. */
function numbers(v: unknown, what: string): number[] {
  if (!v || typeof (v as { length?: unknown }).length !== 'number') throw new Error(`${what}: an array is needed`);
  const a = v as ArrayLike<unknown>;
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const n = a[i];
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`${what}: value ${i} is not a finite number`);
    out.push(n);
  }
  return out;
}

// ---------- TextDocument ----------

const JUSTIFY: Record<string, number> = { left: 7413, right: 7414, center: 7415, justify: 7416 };

export class TextDocument {
  text: string;
  font = 'ArialMT';
  private _fontSize = 36;
  private _fillColor = [1, 1, 1];
  applyFill = true;
  applyStroke = false;
  strokeColor = [0, 0, 0];
  strokeWidth = 0;
  tracking = 0;
  justification: number = ParagraphJustification.LEFT_JUSTIFY;
  private _boxText = false;
  private _boxTextSize = [0, 0];

  constructor(docText: string) {
    if (typeof docText !== 'string') throw new Error('TextDocument: the text must be a string');
    this.text = docText;
  }

  get pointText(): boolean {
    return !this._boxText;
  }
  get boxText(): boolean {
    return this._boxText;
  }
  get fontSize(): number {
    return this._fontSize;
  }
  set fontSize(v: number) {
    if (typeof v !== 'number' || !(v >= 0.1 && v <= 1296)) throw new Error(`TextDocument.fontSize: ${v} is out of range [0.1, 1296]`);
    this._fontSize = v;
  }
  get fillColor(): unknown[] {
    if (!this.applyFill) throw new Error('TextDocument.fillColor: cannot read the fill colour when applyFill is false');
    return arr([...this._fillColor]);
  }
  set fillColor(v: unknown) {
    const c = numbers(v, 'TextDocument.fillColor');
    if (c.length !== 3 || c.some((x) => x < 0 || x > 1)) throw new Error('TextDocument.fillColor: three values in [0, 1] are needed');
    this._fillColor = c;
    this.applyFill = true;
  }
  get boxTextSize(): unknown[] {
    if (!this._boxText) throw new Error('TextDocument.boxTextSize: only box text has a box size');
    return arr([...this._boxTextSize]);
  }
  set boxTextSize(v: unknown) {
    if (!this._boxText) throw new Error('TextDocument.boxTextSize: only box text has a box size');
    const s = numbers(v, 'TextDocument.boxTextSize');
    if (s.length !== 2) throw new Error('TextDocument.boxTextSize: two values are needed');
    this._boxTextSize = s;
  }

  static fromTemplate(t: TemplateText): TextDocument {
    const td = new TextDocument(t.text);
    td.font = t.font || 'ArialMT';
    if (t.fontSize > 0) td._fontSize = t.fontSize;
    if (t.fillColor) td._fillColor = [...t.fillColor];
    else td.applyFill = false;
    td.justification = JUSTIFY[t.justification] ?? ParagraphJustification.LEFT_JUSTIFY;
    td.tracking = t.tracking ?? 0;
    if (t.boxText && t.boxSize) {
      td._boxText = true;
      td._boxTextSize = [...t.boxSize];
    }
    return td;
  }

  copy(): TextDocument {
    const td = new TextDocument(this.text);
    Object.assign(td, { font: this.font, _fontSize: this._fontSize, _fillColor: [...this._fillColor], applyFill: this.applyFill });
    Object.assign(td, { justification: this.justification, tracking: this.tracking, _boxText: this._boxText, _boxTextSize: [...this._boxTextSize] });
    return td;
  }

  /** Host-side view for tests. */
  snapshot() {
    return { text: this.text, font: this.font, fontSize: this._fontSize, fillColor: this.applyFill ? [...this._fillColor] : null, boxText: this._boxText, boxTextSize: this._boxText ? [...this._boxTextSize] : null };
  }
}

// ---------- properties ----------

export class PropertyBase {
  parentProperty: PropertyGroup | null = null;
  constructor(
    readonly matchName: string,
    readonly name: string,
  ) {}
}

export class Property extends PropertyBase {
  numKeys = 0;
  dimensionsSeparated = false;
  constructor(
    matchName: string,
    name: string,
    private current: number[] | number | TextDocument,
  ) {
    super(matchName, name);
  }
  get value(): unknown {
    const v = this.current;
    if (v instanceof TextDocument) return v.copy();
    return Array.isArray(v) ? arr([...v]) : v;
  }
  setValue(v: unknown): void {
    if (this.numKeys > 0) throw new Error(`Property "${this.name}": setValue cannot be used on a property with keyframes`);
    const cur = this.current;
    if (cur instanceof TextDocument) {
      if (!(v instanceof TextDocument)) throw new Error(`Property "${this.name}": a TextDocument is needed`);
      this.current = v.copy();
    } else if (Array.isArray(cur)) {
      const n = numbers(v, `Property "${this.name}"`);
      if (n.length !== cur.length) throw new Error(`Property "${this.name}": ${cur.length} values are needed, got ${n.length}`);
      this.current = n;
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`Property "${this.name}": a number is needed`);
      this.current = v;
    }
  }
  /** Host-side read for tests (no copy to the script realm). */
  get hostValue(): number[] | number | TextDocument {
    return this.current;
  }
}

export class PropertyGroup extends PropertyBase {
  private readonly children: PropertyBase[] = [];
  constructor(matchName: string, name: string, children: PropertyBase[]) {
    super(matchName, name);
    for (const c of children) this.add(c);
  }
  add(c: PropertyBase): void {
    c.parentProperty = this;
    this.children.push(c);
  }
  get numProperties(): number {
    return this.children.length;
  }
  /** Direct children only, by 1-based index, match name or English display name; null otherwise. */
  property(key: unknown): PropertyBase | null {
    if (typeof key === 'number') {
      if (key < 1 || key > this.children.length || key % 1 !== 0) throw new Error(`PropertyGroup "${this.name}": index ${key} is out of range`);
      return this.children[key - 1]!;
    }
    if (typeof key !== 'string') throw new Error(`PropertyGroup "${this.name}": property() takes an index or a name`);
    return this.children.find((c) => c.matchName === key || c.name === key) ?? null;
  }
}

// ---------- items ----------

let nextId = 100_000;

export class Item {
  parentFolder: FolderItem | null = null;
  comment = '';
  constructor(
    public name: string,
    readonly id: number,
  ) {}
}

export class FolderItem extends Item {
  get typeName() {
    return 'Folder';
  }
}

export class AVItem extends Item {
  constructor(
    name: string,
    id: number,
    public width: number,
    public height: number,
  ) {
    super(name, id);
  }
}

export class FootageItem extends AVItem {
  file: SimFile | null = null;
  get typeName() {
    return 'Footage';
  }
}

export class CompItem extends AVItem {
  readonly layerList: Layer[] = [];
  get typeName() {
    return 'Composition';
  }
  get numLayers(): number {
    return this.layerList.length;
  }
  get layers() {
    const list: Record<number, Layer> & { length: number } = { length: this.layerList.length };
    this.layerList.forEach((l, i) => (list[i + 1] = l));
    return list;
  }
  /** 1-based index or name (first match), as AE's CompItem.layer. */
  layer(key: unknown): Layer | null {
    if (typeof key === 'number') {
      if (key < 1 || key > this.layerList.length || key % 1 !== 0) throw new Error(`CompItem "${this.name}": layer index ${key} is out of range 1..${this.layerList.length}`);
      return this.layerList[key - 1]!;
    }
    if (typeof key === 'string') return this.layerList.find((l) => l.name === key) ?? null;
    throw new Error(`CompItem "${this.name}": layer() takes an index or a name`);
  }
}

// ---------- layers ----------

export class Layer {
  readonly root: PropertyGroup;
  constructor(
    readonly containingComp: CompItem,
    public name: string,
    readonly kind: TemplateLayer['kind'],
    transform: PropertyGroup,
    extra: PropertyBase[] = [],
  ) {
    this.root = new PropertyGroup('ADBE Root', name, [...extra, transform]);
  }
  get index(): number {
    return this.containingComp.layerList.indexOf(this) + 1;
  }
  property(key: unknown): PropertyBase | null {
    return this.root.property(key);
  }
  get transform(): PropertyGroup {
    return this.root.property('ADBE Transform Group') as PropertyGroup;
  }
  prop(match: string): Property {
    return this.transform.property(match) as Property;
  }
}

export class CameraLayer extends Layer {}
export class LightLayer extends Layer {}

export class AVLayer extends Layer {
  source: AVItem | null = null;
  get width(): number {
    return this.source ? this.source.width : this.containingComp.width;
  }
  get height(): number {
    return this.source ? this.source.height : this.containingComp.height;
  }
  replaceSource(newSource: unknown, fixExpressions: unknown): void {
    if (!(newSource instanceof AVItem)) throw new Error(`AVLayer "${this.name}": replaceSource needs an AVItem`);
    if (typeof fixExpressions !== 'boolean') throw new Error(`AVLayer "${this.name}": replaceSource needs fixExpressions (a boolean)`);
    if (!(this.kind === 'footage' || this.kind === 'solid' || this.kind === 'placeholder' || this.kind === 'precomp' || this.kind === 'null' || this.kind === 'adjustment')) {
      throw new Error(`AVLayer "${this.name}": a ${this.kind} layer has no source to replace`);
    }
    if (newSource === this.containingComp) throw new Error(`AVLayer "${this.name}": a comp cannot contain itself`);
    // The transform is kept as it was: refitting is the script's job.
    this.source = newSource;
  }
  sourceRectAtTime(t: unknown, extents: unknown): { top: number; left: number; width: number; height: number } {
    if (typeof t !== 'number' || typeof extents !== 'boolean') throw new Error('sourceRectAtTime(timeT, extents) needs a number and a boolean');
    return { top: 0, left: 0, width: this.width, height: this.height };
  }
}

export class ShapeLayer extends AVLayer {}

/** Per-character 0.6 em, lines 1.2 em apart, \r between paragraphs; box text wraps at the box width. */
export function estimateTextRect(td: TextDocument): { top: number; left: number; width: number; height: number } {
  const em = td.fontSize;
  const lines: string[] = [];
  for (const para of td.text.split('\r')) {
    if (!td.boxText) {
      lines.push(para);
      continue;
    }
    const max = Math.max(1, Math.floor(td.boxTextSize[0] as number / (0.6 * em)));
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (next.length <= max || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
      while (line.length > max) {
        lines.push(line.slice(0, max));
        line = line.slice(max);
      }
    }
    lines.push(line);
  }
  const widest = Math.max(0, ...lines.map((l) => [...l].length * 0.6 * em));
  return { top: -0.75 * em, left: 0, width: widest, height: lines.length * 1.2 * em };
}

export class TextLayer extends AVLayer {
  get sourceText(): Property {
    return (this.root.property('ADBE Text Properties') as PropertyGroup).property('ADBE Text Document') as Property;
  }
  override replaceSource(): void {
    throw new Error(`TextLayer "${this.name}": a text layer has no source to replace`);
  }
  override sourceRectAtTime(t: unknown, extents: unknown) {
    if (typeof t !== 'number' || typeof extents !== 'boolean') throw new Error('sourceRectAtTime(timeT, extents) needs a number and a boolean');
    return estimateTextRect(this.sourceText.hostValue as TextDocument);
  }
}

function transformGroup(l: TemplateLayer): PropertyGroup {
  const d = l.threeD ? 3 : 2;
  const vec = (v: number[], fill: number) => Array.from({ length: d }, (_, i) => v[i] ?? fill);
  const prop = (match: string, name: string, key: string, value: number[] | number) => {
    const p = new Property(match, name, value);
    p.numKeys = l.animated.includes(key) ? Math.max(2, l.transformKeys?.[key]?.length ?? 2) : 0;
    return p;
  };
  const t = l.transform;
  return new PropertyGroup('ADBE Transform Group', 'Transform', [
    prop('ADBE Anchor Point', 'Anchor Point', 'anchor', vec(t.anchor, 0)),
    prop('ADBE Position', 'Position', 'position', vec(t.position, 0)),
    prop('ADBE Scale', 'Scale', 'scale', vec(t.scale, 100)),
    prop('ADBE Rotate Z', 'Rotation', 'rotation', t.rotation),
    prop('ADBE Opacity', 'Opacity', 'opacity', t.opacity),
  ]);
}

function makeLayer(comp: CompItem, l: TemplateLayer, sources: Map<number, AVItem>): Layer {
  const tr = transformGroup(l);
  if (l.kind === 'text') {
    const td = l.text ? TextDocument.fromTemplate(l.text) : new TextDocument('');
    const doc = new Property('ADBE Text Document', 'Source Text', td);
    doc.numKeys = l.text?.keyframed ? 2 : 0;
    return new TextLayer(comp, l.name, l.kind, tr, [new PropertyGroup('ADBE Text Properties', 'Text', [doc])]);
  }
  if (l.kind === 'camera') return new CameraLayer(comp, l.name, l.kind, tr);
  if (l.kind === 'light') return new LightLayer(comp, l.name, l.kind, tr);
  const layer = l.kind === 'shape' ? new ShapeLayer(comp, l.name, l.kind, tr) : new AVLayer(comp, l.name, l.kind, tr);
  layer.source = l.sourceId !== null ? (sources.get(l.sourceId) ?? null) : null;
  return layer;
}

// ---------- project ----------

export class RenderQueueItem {
  private readonly modules: OutputModule[] = [new OutputModule()];
  constructor(readonly comp: CompItem) {}
  get numOutputModules() {
    return this.modules.length;
  }
  outputModule(i: unknown): OutputModule {
    if (i !== 1) throw new Error(`RenderQueueItem: output module ${String(i)} does not exist`);
    return this.modules[0]!;
  }
}

export class OutputModule {
  file: SimFile | null = null;
  readonly templates = ['Lossless', 'High Quality', 'H.264 - Match Render Settings - 15 Mbps'];
  applied: string | null = null;
  applyTemplate(name: unknown): void {
    if (typeof name !== 'string' || !this.templates.includes(name)) throw new Error(`OutputModule: no template "${String(name)}"`);
    this.applied = name;
  }
}

export class Project {
  readonly itemList: Item[] = [];
  dirty = false;
  file: SimFile | null = null;
  readonly queued: RenderQueueItem[] = [];
  readonly renderQueue = {
    items: {
      add: (comp: unknown): RenderQueueItem => {
        if (!(comp instanceof CompItem)) throw new Error('RenderQueue.items.add needs a CompItem');
        const rq = new RenderQueueItem(comp);
        this.queued.push(rq);
        return rq;
      },
    },
    render: () => {
      throw new Error('renderQueue.render() blocks After Effects until the render ends: the script must only queue');
    },
  };
  readonly saves: string[] = [];

  get numItems(): number {
    return this.itemList.length;
  }
  item(i: unknown): Item {
    if (typeof i !== 'number' || i < 1 || i > this.itemList.length || i % 1 !== 0) throw new Error(`Project.item: index ${String(i)} is out of range 1..${this.itemList.length}`);
    return this.itemList[i - 1]!;
  }
  get items() {
    return {
      length: this.itemList.length,
      addFolder: (name: unknown): FolderItem => {
        if (typeof name !== 'string') throw new Error('ItemCollection.addFolder needs a name');
        const f = new FolderItem(name, nextId++);
        this.itemList.push(f);
        this.dirty = true;
        return f;
      },
    };
  }
  importFile(io: unknown): FootageItem {
    if (!(io instanceof ImportOptions)) throw new Error('Project.importFile needs an ImportOptions');
    if (!io.file || !io.file.exists) throw new Error(`Project.importFile: the file ${io.file?.fsName ?? '(none)'} does not exist`);
    if (io.importAs !== ImportAsType.FOOTAGE) throw new Error('Project.importFile: only FOOTAGE imports are simulated (set importAs)');
    const size = pngSize(io.file.fsName);
    if (!size) throw new Error(`Project.importFile: ${io.file.displayName} is not a readable image`);
    const item = new FootageItem(io.file.displayName, nextId++, size.width, size.height);
    item.file = io.file;
    this.itemList.push(item);
    this.dirty = true;
    return item;
  }
  save(file?: unknown): void {
    if (!(file instanceof SimFile)) throw new Error('Project.save without a File would open a Save dialog');
    if (!file.parent.exists) throw new Error(`Project.save: the folder ${file.parent.fsName} does not exist`);
    this.file = file;
    this.saves.push(file.fsName);
    this.dirty = false;
  }
  close(opt: unknown): boolean {
    if (opt !== CloseOptions.DO_NOT_SAVE_CHANGES && opt !== CloseOptions.SAVE_CHANGES && opt !== CloseOptions.PROMPT_TO_SAVE_CHANGES) throw new Error('Project.close needs CloseOptions');
    return true;
  }

  comp(name: string): CompItem {
    const c = this.itemList.find((i): i is CompItem => i instanceof CompItem && i.name === name);
    if (!c) throw new Error(`sim: no comp "${name}"`);
    return c;
  }
}

/** A project as AE would have it after opening the file that `doc` was parsed from. */
export function projectFromTemplate(doc: TemplateDoc): Project {
  const project = new Project();
  const byId = new Map<number, Item>();
  for (const it of doc.items) {
    let item: Item;
    if (it.type === 'folder') item = new FolderItem(it.name, it.id);
    else if (it.type === 'comp') {
      const c = doc.comps.find((x) => x.id === it.id) as CompDoc | undefined;
      item = new CompItem(it.name, it.id, c?.width ?? 0, c?.height ?? 0);
    } else item = new FootageItem(it.name, it.id, it.footage?.width ?? 0, it.footage?.height ?? 0);
    byId.set(it.id, item);
    project.itemList.push(item);
  }
  for (const it of doc.items) {
    const parent = it.parentId ? byId.get(it.parentId) : undefined;
    if (parent instanceof FolderItem) byId.get(it.id)!.parentFolder = parent;
  }
  const sources = new Map([...byId].filter((e): e is [number, AVItem] => e[1] instanceof AVItem));
  for (const c of doc.comps) {
    const comp = byId.get(c.id);
    if (!(comp instanceof CompItem)) continue;
    for (const l of [...c.layers].sort((a, b) => a.index - b.index)) comp.layerList.push(makeLayer(comp, l, sources));
  }
  return project;
}

export class ImportOptions {
  importAs: number = ImportAsType.FOOTAGE;
  sequence = false;
  forceAlphabetical = false;
  file: SimFile | null;
  constructor(file?: unknown) {
    if (file !== undefined && !(file instanceof SimFile)) throw new Error('ImportOptions needs a File');
    this.file = (file as SimFile | undefined) ?? null;
  }
  canImportAs(type: unknown): boolean {
    if (!this.file) throw new Error('ImportOptions.canImportAs: no file set');
    const png = /\.png$/i.test(this.file.fsName);
    return png ? type === ImportAsType.FOOTAGE : false;
  }
}

export { SimFile, SimFolder };
