import type { FitMode } from './match.js';
import type { ValidationSettings } from './validation.js';

export interface Settings {
  validation: ValidationSettings;
  defaultFit: FitMode;
  /** Text slots take PSD font/size/colour ('psd') or keep the template's ('template'). */
  defaultTextStyle: 'template' | 'psd';
  /** Shrink overflowing text in the generated script. */
  autofitText: boolean;
  /** Add the filled comp to the render queue. */
  addToRenderQueue: boolean;
  /** Matches at or above this confidence are auto-approved by `conform run --approve`. */
  autoApproveConfidence: number;
}

export const DEFAULT_SETTINGS: Settings = {
  validation: {
    aspectTolerance: 0.2,
    upscaleWarn: 1.5,
    upscaleCritical: 2,
    overflowWarnRatio: 1.0,
    overflowCriticalRatio: 1.25,
    criticalCodes: [],
    warningCodes: [],
  },
  defaultFit: 'cover',
  defaultTextStyle: 'template',
  autofitText: true,
  addToRenderQueue: false,
  autoApproveConfidence: 0.5,
};
