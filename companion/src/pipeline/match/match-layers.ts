import type { PsdDoc } from '../../../../shared/psd.js';
import type { Slot } from '../../../../shared/template.js';
import type { MatchOptions, MatchResult } from '../../../../shared/match.js';

/** Pair every slot with the PSD layer that fills it, or none. (stub: being written) */
export function matchLayers(_psd: PsdDoc, _slots: Slot[], _options: MatchOptions = {}): MatchResult {
  throw new Error('matchLayers: not implemented yet');
}
