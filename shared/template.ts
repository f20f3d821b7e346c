// The template side of the pipeline: what extractTemplate and findSlots return.
import type { Justification } from './psd.js';

export type TemplateItemType = 'folder' | 'comp' | 'footage';

export interface FootageSource {
  kind: 'file' | 'solid' | 'placeholder';
  /** File footage: the path as saved in the project (absolute, platform-specific). */
  path?: string;
  platform?: string;
  /** Source format 4cc as stored (`png!`, `8BPS`, `MOoV`…); '' for solids and placeholders. */
  format: string;
  width: number;
  height: number;
  /** Seconds; 0 for stills. */
  duration: number;
  fps: number;
  isStill: boolean;
  hasVideo: boolean;
  hasAudio: boolean;
  /** Solids: RGB 0..1. */
  color?: [number, number, number];
  /** Solids and placeholders: the name stored with the source (`opti`). */
  name?: string;
  /** Footage that is one layer of a PSD: that layer's name. */
  psdLayerName?: string;
}

export interface TemplateItem {
  id: number;
  name: string;
  type: TemplateItemType;
  /** Folder item id; 0 or null = project root. */
  parentId: number | null;
  footage?: FootageSource;
}

export type TemplateLayerKind =
  | 'text'
  | 'footage'
  | 'solid'
  | 'precomp'
  | 'null'
  | 'shape'
  | 'adjustment'
  | 'camera'
  | 'light'
  | 'audio'
  | 'placeholder';

export interface TemplateTransform {
  anchor: number[];
  position: number[];
  /** Percent, as ExtendScript reports it. */
  scale: number[];
  rotation: number;
  /** Percent. */
  opacity: number;
}

export interface TemplateText {
  text: string;
  font: string;
  fontSize: number;
  /** RGB 0..1, or null when fill is off. */
  fillColor: [number, number, number] | null;
  justification: Justification;
  boxText: boolean;
  /** Box text: [width, height] of the box. */
  boxSize?: [number, number];
  /** Box text: top-left of the box in layer space. */
  boxPosition?: [number, number];
  /** Source Text has keyframes (setValue would throw in AE). */
  keyframed: boolean;
  /** Tracking of the first character run, 1/1000 em (absent when 0). */
  tracking?: number;
  /** Leading of the first character run in px (absent when auto). */
  leading?: number;
}

export interface TemplateLayer {
  /** 1-based, as in AE (1 = top of the timeline). */
  index: number;
  /** Layer id unique within the comp (parent references use it). */
  layerId: number;
  name: string;
  /** True when AE derived the name from the source (never renamed). */
  nameFromSource: boolean;
  kind: TemplateLayerKind;
  sourceId: number | null;
  /** 1-based index of the parent layer, or null. */
  parentIndex: number | null;
  startTime: number;
  inPoint: number;
  outPoint: number;
  enabled: boolean;
  audioEnabled: boolean;
  solo: boolean;
  locked: boolean;
  guide: boolean;
  shy: boolean;
  threeD: boolean;
  adjustment: boolean;
  /** Collapse transformations (precomps) / continuously rasterize (vector footage). */
  collapse?: boolean;
  motionBlur?: boolean;
  /** Effects present on the layer (match names). */
  effects: string[];
  /** Transform at time 0, with AE's defaults where the file omits a property. */
  transform: TemplateTransform;
  /** Transform properties that carry keyframes ('anchor' | 'position' | 'scale' | 'rotation' | 'opacity'). */
  animated: string[];
  /** Keyframes of the animated transform properties: layer time in seconds, value in the units of `transform`. */
  transformKeys?: Record<string, { time: number; value: number[] }[]>;
  hasExpressions: boolean;
  text?: TemplateText;
}

export interface CompDoc {
  id: number;
  name: string;
  width: number;
  height: number;
  pixelAspect: number;
  frameRate: number;
  /** Exact frame rate as a fraction (29.97 = 23976/800). */
  frameRateFraction: [number, number];
  duration: number;
  /** RGB 0..255. */
  bgColor: [number, number, number];
  layers: TemplateLayer[];
}

export interface TemplateDoc {
  format: 'aepx' | 'aep';
  aeVersion: string | null;
  bitsPerChannel: number;
  /** `javascript-1.0` or `extendscript` (AE ≥ 16); null when the file does not say. */
  expressionEngine?: string | null;
  items: TemplateItem[];
  comps: CompDoc[];
  warnings: string[];
}

export type SlotKind = 'text' | 'image' | 'video' | 'placeholder' | 'solid';

/** Where a slot lives: the chain of precomp layers from the target comp down to the slot's comp. */
export interface SlotHop {
  compId: number;
  compName: string;
  layerIndex: number;
}

export interface Slot {
  /** Unique within a findSlots result: `<compName>#<layerIndex>` prefixed by the precomp chain. */
  id: string;
  /** The comp the slot's layer is in (the target comp or a nested precomp). */
  compId: number;
  compName: string;
  layerIndex: number;
  layerName: string;
  kind: SlotKind;
  /** The target comp the design fills. */
  targetComp: string;
  /** The target comp's size in pixels (the frame slot boxes are measured in). */
  targetSize: { width: number; height: number };
  /** Precomp layers walked from the target comp to reach this slot (empty for the target comp's own layers). */
  via: SlotHop[];
  /** The slot's box in the target comp's pixels at t = 0. */
  box: { left: number; top: number; right: number; bottom: number };
  /** The source's pixel size (footage / solid / placeholder), when known. */
  sourceSize?: { width: number; height: number };
  text?: TemplateText;
  /** A slot that must be filled (names ending in `*` or containing `[required]`, or marked in settings). */
  required: boolean;
  /** Transform properties keyframed on the layer. */
  animated: string[];
}
