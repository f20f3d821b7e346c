import type { TemplateDoc } from '../../../../shared/template.js';

/** .aepx (XML) or .aep (RIFX) bytes → TemplateDoc. Throws FileFormatError otherwise. (stub: being written) */
export function extractTemplate(_bytes: Uint8Array): TemplateDoc {
  throw new Error('extractTemplate: not implemented yet');
}
