import type { PsdDoc } from '../../../../shared/psd.js';
import type { Slot, TemplateDoc } from '../../../../shared/template.js';
import type { Match } from '../../../../shared/match.js';
import type { ValidationEnv, ValidationReport } from '../../../../shared/validation.js';

export interface ValidationTarget {
  doc: TemplateDoc;
  comp: string;
  slots: Slot[];
}

/** Compare each approved match's content with the slot it fills. (stub: being written) */
export function validate(_psd: PsdDoc, _template: ValidationTarget, _approved: Match[], _env: ValidationEnv): ValidationReport {
  return { critical_issues: [], warnings: [], info: [] };
}
