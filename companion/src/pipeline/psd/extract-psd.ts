import type { PsdDoc } from '../../../../shared/psd.js';

/** PSD/PSB bytes → PsdDoc. Throws FileFormatError for files that are not readable PSDs. (stub: being written) */
export function extractPsd(_bytes: Uint8Array): PsdDoc {
  throw new Error('extractPsd: not implemented yet');
}
