// The design side of the pipeline: what extractPsd returns. Plain serialisable data (stored as JSON
// in SQLite, sent to the panel), in the spirit of ag-psd's own plain-object tree.

/** A rectangle in document pixels; right/bottom are exclusive. */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** sRGB colour, channels 0..255. */
export interface RGB {
  r: number;
  g: number;
  b: number;
}

export type PsdLayerKind = 'text' | 'image' | 'smartObject' | 'shape' | 'fill' | 'adjustment' | 'group';

export type PsdColorMode =
  | 'bitmap'
  | 'grayscale'
  | 'indexed'
  | 'rgb'
  | 'cmyk'
  | 'multichannel'
  | 'duotone'
  | 'lab';

export type Justification = 'left' | 'right' | 'center' | 'justify';

export interface TextStyleRun {
  /** Offset and length in UTF-16 code units over `PsdText.content`. */
  start: number;
  length: number;
  /** PostScript name (e.g. `ArialMT`). */
  font: string;
  /** True when the run named no font and the document default was used. */
  fontDefaulted: boolean;
  /** Size in document pixels after the text transform. */
  size: number;
  sizeDefaulted: boolean;
  color: RGB | null;
  fauxBold?: boolean;
  fauxItalic?: boolean;
  tracking?: number;
  leading?: number;
}

export interface PsdText {
  /** Photoshop's text with its \r paragraph breaks kept as \r. */
  content: string;
  runs: TextStyleRun[];
  justification: Justification;
  shapeType: 'point' | 'box' | 'path';
  /** Paragraph (box) text: the box in document pixels. */
  box: Rect | null;
  orientation: 'horizontal' | 'vertical';
  /** [xx, xy, yx, yy, tx, ty]: text space → document pixels. */
  transform: number[];
  warped: boolean;
}

export interface PsdSmartObject {
  /** Size of the placed original, in its own pixels. */
  placedWidth: number;
  placedHeight: number;
  /** Four corners TL, TR, BR, BL as x,y pairs in document pixels. */
  transform: number[];
  source: 'embedded' | 'linked' | 'unknown';
  fileType?: string;
  fileName?: string;
  linkedPath?: string;
}

export interface PsdLayer {
  /** Stable within the file: the PSD layer id when present and unique, otherwise synthesised. */
  id: number;
  name: string;
  /** Enclosing group names, outermost first. */
  path: string[];
  /** Position in the flattened, top-most-first list (Photoshop's layers panel order). */
  order: number;
  /** Pre-order position over ag-psd's file-order tree (bottom-most first; a group before its children). */
  fileIndex: number;
  parentId: number | null;
  depth: number;
  kind: PsdLayerKind;
  /** Bounds of the layer's pixels (or of its content for groups), document pixels. */
  bounds: Rect;
  hidden: boolean;
  /** Hidden itself or inside a hidden group. */
  effectiveHidden: boolean;
  opacity: number;
  fillOpacity: number;
  blendMode: string;
  clipping: boolean;
  hasMask: boolean;
  hasVectorMask: boolean;
  /** Whether the layer carries pixel data that can be exported as a PNG. */
  hasPixels: boolean;
  isArtboard?: boolean;
  adjustmentType?: string;
  text?: PsdText;
  smartObject?: PsdSmartObject;
}

export interface PsdDoc {
  width: number;
  height: number;
  colorMode: PsdColorMode;
  bitsPerChannel: number;
  isPsb: boolean;
  /** Pixels per inch. */
  resolution: number;
  /** False when pixels of this colour mode / depth cannot be decoded. */
  pixelsAvailable: boolean;
  pixelsUnavailableReason?: string;
  /** Flattened, top-most first. Groups are listed before their children. */
  layers: PsdLayer[];
  warnings: string[];
}
