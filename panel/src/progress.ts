// What the six-stage strip shows for a job, from its stageN_completed_at stamps and status.
import type { JobView } from '../../shared/job.js';
import { STAGE_NAMES, type Stage } from '../../shared/stages.js';

export type StepState = 'done' | 'skipped' | 'current' | 'failed' | 'waiting' | 'pending';

export interface StripStep {
  stage: Stage;
  name: string;
  state: StepState;
}

/** Stages a person acts in: the job waits for them rather than working. */
const USER_STAGES = new Set<number>([2, 4, 6]);

export function stripFor(job: Pick<JobView, 'current_stage' | 'status' | 'stage4_skipped'> & Partial<Record<`stage${1 | 2 | 3 | 4 | 5 | 6}_completed_at`, string | null>>): StripStep[] {
  return ([1, 2, 3, 4, 5, 6] as const).map((stage) => {
    const name = STAGE_NAMES[stage];
    const stamped = job[`stage${stage}_completed_at`] != null || job.status === 'complete';
    if (stage === 4 && job.stage4_skipped && stamped) return { stage, name, state: 'skipped' };
    if (stamped && stage !== job.current_stage) return { stage, name, state: 'done' };
    if (stage === job.current_stage) {
      if (job.status === 'complete') return { stage, name, state: 'done' };
      if (job.status === 'failed') return { stage, name, state: 'failed' };
      return { stage, name, state: USER_STAGES.has(stage) ? 'waiting' : 'current' };
    }
    return { stage, name, state: stage < job.current_stage ? 'done' : 'pending' };
  });
}

export const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  extracting: 'Reading the PSD',
  awaiting_review: 'Matches to review',
  validating: 'Checking',
  awaiting_validation_review: 'Issues to review',
  generating_extendscript: 'Building the script',
  awaiting_download: 'Ready to deliver',
  complete: 'Delivered',
  failed: 'Failed',
};

/** Where clicking a job takes the editor: the screen of the stage it waits in. */
export function screenFor(job: Pick<JobView, 'job_id' | 'current_stage' | 'status'>): string | null {
  if (job.status === 'failed') return null;
  if (job.current_stage === 2) return `#/review-matching/${encodeURIComponent(job.job_id)}`;
  if (job.current_stage === 4) return `#/validate/${encodeURIComponent(job.job_id)}`;
  if (job.current_stage >= 5) return `#/deliver/${encodeURIComponent(job.job_id)}`;
  return null;
}

/** Confidence bands the review colours by: the matcher is calibrated, so 0.9 means about 9 in 10 right. */
export function confidenceBand(c: number): 'high' | 'medium' | 'low' {
  return c >= 0.85 ? 'high' : c >= 0.6 ? 'medium' : 'low';
}
