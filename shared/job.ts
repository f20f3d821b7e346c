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
