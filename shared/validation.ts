// Stage 3: what validate returns. The three lists keep the pipeline spec's field names.
import type { TextStylePolicy } from './match.js';

export type Severity = 'critical' | 'warning' | 'info';

export type IssueCode =
  | 'aspect_ratio_mismatch'
  | 'upscaled'
  | 'text_overflow'
  | 'missing_font'
  | 'unmatched_slot'
  | 'duplicate_source'
  | 'hidden_layer_used'
  | 'empty_text'
  | 'no_pixels'
  | 'colour_mode'
  | 'missing_footage'
  | 'kind_mismatch'
  | 'keyframed_property';

export interface ValidationIssue {
  code: IssueCode;
  severity: Severity;
  /** A sentence a person understands, naming the slot and layer. */
  message: string;
  slotId?: string;
  slotName?: string;
  psdLayerId?: number;
  psdLayerName?: string;
  /** What was measured (e.g. { contentAspect: 1, slotAspect: 1.78, differencePct: 43.8 }). */
  measured?: Record<string, number | string | boolean>;
  /** The threshold(s) it was compared with. */
  threshold?: Record<string, number | string>;
}

export interface ValidationReport {
  critical_issues: ValidationIssue[];
  warnings: ValidationIssue[];
  info: ValidationIssue[];
}

export interface ValidationSettings {
  /** Aspect difference (fraction, 0.2 = 20%) above which aspect_ratio_mismatch is critical. */
  aspectTolerance: number;
  upscaleWarn: number;
  upscaleCritical: number;
  /** Text wider/taller than its box by this ratio (1.0 = fits exactly) warns; above critical ratio is critical. */
  overflowWarnRatio: number;
  overflowCriticalRatio: number;
  /** Issue codes forced to critical (beyond the defaults). */
  criticalCodes: string[];
  /** Issue codes demoted to warnings. */
  warningCodes: string[];
}

export interface ValidationEnv {
  /** PostScript names of installed fonts (from AE's listFonts, else the system font folders). */
  installedFonts: string[] | null;
  /** Where installedFonts came from. */
  fontSource: 'after-effects' | 'system' | 'none';
  /** Measures a string's advance width in px at the given size, when the font file is available. */
  measureText?: (font: string, sizePx: number, text: string) => number | null;
  settings: ValidationSettings;
  /** Default fit mode for image slots. */
  defaultFit: 'contain' | 'cover' | 'stretch';
  /** Text slots' style when a match does not choose one (Settings.defaultTextStyle); 'template' when absent. */
  defaultTextStyle?: TextStylePolicy;
  /** Whether the generated script shrinks overflowing text (Settings.autofitText); messages hedge when absent. */
  autofitText?: boolean;
}
