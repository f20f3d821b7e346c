import type { JobStatus, Stage } from './stages.js';
import type { ValidationReport } from './validation.js';
import type { Match } from './match.js';

/** A job as the API returns it. Field names follow the pipeline spec's columns. */
export interface JobView {
  job_id: string;
  batch_id: string;
  /** The PSD's file name without extension, for people. */
  name: string;
  psd_sha256: string;
  template_sha256: string;
  comp_name: string | null;
  current_stage: Stage;
  status: JobStatus;
  error: string | null;
  created_at: string;
  updated_at: string;
  stage1_completed_at: string | null;
  stage2_completed_at: string | null;
  stage3_completed_at: string | null;
  stage4_completed_at: string | null;
  stage5_completed_at: string | null;
  stage6_completed_at: string | null;
  stage6_downloaded_at: string | null;
  stage4_override_reason: string | null;
  /** True when the job went 3→5 without a review. */
  stage4_skipped: boolean;
  /** Progress within the current automatic stage, 0..1, when known. */
  progress: number | null;
}

export interface JobDetail extends JobView {
  stage2_approved_matches: Match[] | null;
  stage3_validation_results: ValidationReport | null;
  has_script: boolean;
}

export interface JobLogEntry {
  id: number;
  job_id: string;
  stage: number | null;
  action: string;
  from_stage: string | null;
  to_stage: string | null;
  message: string;
  user_id: string;
  created_at: string;
}

export interface BatchView {
  batch_id: string;
  template_name: string;
  template_sha256: string;
  comp_name: string | null;
  created_at: string;
  job_ids: string[];
}

import type { PsdDoc } from './psd.js';
import type { Slot } from './template.js';
import type { PsdLayerRef } from './match.js';

/** What stage 1 stores in `stage1_results` (and GET /api/job/:id/matches returns, with the approved matches). */
export interface Stage1Results {
  psd: PsdDoc;
  comp: { id: number; name: string; width: number; height: number; frameRate: number };
  slots: Slot[];
  matches: Match[];
  unmatchedPsdLayers: PsdLayerRef[];
  templateWarnings: string[];
}

export type JobEventType = 'job_created' | 'stage_changed' | 'progress' | 'failed' | 'complete';

export interface JobEvent {
  id: number;
  type: JobEventType;
  job_id: string;
  batch_id?: string;
  stage?: number;
  status?: string;
  from?: string;
  to?: string;
  /** progress events: 0..1 within the stage, with what is being done. */
  progress?: number;
  detail?: string;
  error?: string;
  at: string;
}
