// The six-stage machine as data. Every transition in the product goes through this table.

export type Stage = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export type StageState = Stage | 'complete';

export const STAGE_NAMES: Record<Stage, string> = {
  0: 'Upload',
  1: 'Extract',
  2: 'Match',
  3: 'Validate',
  4: 'Review',
  5: 'Generate',
  6: 'Download',
};

/** Allowed transitions, exactly: 0→1, 1→2, 2→3, 3→4, 3→5, 4→2, 4→5, 5→6, 6→complete. */
export const TRANSITIONS: ReadonlyArray<readonly [StageState, StageState]> = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
  [3, 5],
  [4, 2],
  [4, 5],
  [5, 6],
  [6, 'complete'],
];

export function isAllowedTransition(from: StageState, to: StageState): boolean {
  return TRANSITIONS.some(([f, t]) => f === from && t === to);
}

export type JobStatus =
  | 'queued'
  | 'extracting'
  | 'awaiting_review'
  | 'validating'
  | 'awaiting_validation_review'
  | 'generating_extendscript'
  | 'awaiting_download'
  | 'complete'
  | 'failed';

/** The status a job has on arriving in a stage (the pipeline spec's table). */
export const STATUS_ON_ENTRY: Record<StageState, JobStatus> = {
  0: 'queued',
  1: 'extracting',
  2: 'awaiting_review',
  3: 'validating',
  4: 'awaiting_validation_review',
  5: 'generating_extendscript',
  6: 'awaiting_download',
  complete: 'complete',
};

/**
 * Which stageN_completed_at columns a transition stamps. 3→5 marks 3 and 4 complete (4 skipped),
 * 4→2 stamps nothing (the review is reopened, not finished).
 */
export function stampsFor(from: StageState, to: StageState): number[] {
  if (from === 3 && to === 5) return [3, 4];
  if (from === 4 && to === 2) return [];
  // Stage 0 (upload) has no completion column: ingestion is the job's creation.
  if (from === 'complete' || from === 0) return [];
  return [from];
}
