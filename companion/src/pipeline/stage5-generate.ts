// Stage 5: turn the approved matches into a self-contained bundle (script, layer PNGs, template copy).
import type { Stage1Results } from '../../../shared/job.js';
import type { Match } from '../../../shared/match.js';
import type { Settings } from '../../../shared/settings.js';
import type { TemplateDoc } from '../../../shared/template.js';
import type { JobRow } from '../storage/jobs-repo.js';
import type { LayerDecoder } from './psd/layer-image.js';

export interface DeliveryInput {
  job: JobRow;
  stage1: Stage1Results;
  approved: Match[];
  template: TemplateDoc;
  /** Opens the job's PSD for decoding layers one at a time (from disk: never the whole file in memory). */
  openPsd: () => LayerDecoder;
  templateBytes: () => Uint8Array;
  settings: Settings;
}

export interface Deliverer {
  /** Writes the bundle and returns the generated script text. */
  deliver(input: DeliveryInput): Promise<string>;
}
