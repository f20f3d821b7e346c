// Stage 5: turn the approved matches into a self-contained bundle (script, layer PNGs, template copy).
import type { Stage1Results } from '../../../shared/job.js';
import type { Match } from '../../../shared/match.js';
import type { Settings } from '../../../shared/settings.js';
import type { TemplateDoc } from '../../../shared/template.js';
import type { JobRow } from '../storage/jobs-repo.js';

export interface DeliveryInput {
  job: JobRow;
  stage1: Stage1Results;
  approved: Match[];
  template: TemplateDoc;
  psdBytes: () => Uint8Array;
  templateBytes: () => Uint8Array;
  settings: Settings;
}

export interface Deliverer {
  /** Writes the bundle and returns the generated script text. */
  deliver(input: DeliveryInput): Promise<string>;
}
