// Stage 1/2: the pairing of template slots with PSD layers.
import type { SlotKind } from './template.js';

export type FitMode = 'contain' | 'cover' | 'stretch';

/** Whether a text slot takes the PSD's font, size and colour or keeps the template's. */
export type TextStylePolicy = 'template' | 'psd';

export interface SlotRef {
  /** Slot id from findSlots. */
  id: string;
  comp: string;
  layerIndex: number;
  layerName: string;
  kind: SlotKind;
}

export interface PsdLayerRef {
  id: number;
  name: string;
  path: string[];
  /** Position in the top-most-first flattened list. */
  order: number;
}

export interface Match {
  slot: SlotRef;
  psdLayer: PsdLayerRef | null;
  /** 0..1: of the matches given 0.9, about 90% are right. For a null match, the confidence that no layer fits. */
  confidence: number;
  reasons: string[];
  /** Per-match overrides chosen in review (image slots: fit; text slots: style policy). */
  fit?: FitMode;
  textStyle?: TextStylePolicy;
}

export interface MatchResult {
  matches: Match[];
  unmatchedPsdLayers: PsdLayerRef[];
}

export interface MatchOptions {
  /** Leave a slot empty when the best candidate's score is below this (0..1). */
  minScore?: number;
}
