// Stage 3: automatic validation of the approved matches; decides 3→4 (critical issues) or 3→5.
import type { Stage1Results } from '../../../shared/job.js';
import type { Match } from '../../../shared/match.js';
import type { TemplateDoc } from '../../../shared/template.js';
import type { ValidationEnv, ValidationReport } from '../../../shared/validation.js';
import { validate } from './validate/validate.js';

export function validateJob(stage1: Stage1Results, template: TemplateDoc, approved: Match[], env: ValidationEnv): ValidationReport {
  return validate(stage1.psd, { doc: template, comp: stage1.comp.name, slots: stage1.slots }, approved, env);
}

export const hasCriticalIssues = (report: ValidationReport): boolean => report.critical_issues.length > 0;
