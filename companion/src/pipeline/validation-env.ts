// The environment validation checks against: fonts from After Effects when the panel reported them,
// else the system font folders.
import type { Settings } from '../../../shared/settings.js';
import type { ValidationEnv } from '../../../shared/validation.js';

export function validationEnvironment(settings: Settings, aeFonts: string[] | null): ValidationEnv {
  return {
    installedFonts: aeFonts,
    fontSource: aeFonts ? 'after-effects' : 'none',
    settings: settings.validation,
    defaultFit: settings.defaultFit,
  };
}
