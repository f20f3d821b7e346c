// The only code that moves a job between stages. One SQLite transaction per transition:
// compare-and-set on the current stage, the stage's outputs, the timestamps and the log entry
// commit together or not at all.
import { isAllowedTransition, STATUS_ON_ENTRY, stampsFor, type StageState } from '../../../shared/stages.js';
import { InvalidTransitionError, NotFoundError } from '../errors.js';
import { now, type JobRow, type JobsRepo } from '../storage/jobs-repo.js';

export interface TransitionRequest {
  jobId: string;
  from: StageState;
  to: StageState;
  userId: string;
  /** Log action name, e.g. 'stage_approved', 'validation_overridden'. */
  action: string;
  message: string;
  /** Columns written in the same transaction (stage outputs). */
  set?: Partial<Record<keyof JobRow, unknown>>;
}

export function stageStateOf(row: Pick<JobRow, 'current_stage' | 'status'>): StageState {
  return row.status === 'complete' ? 'complete' : (row.current_stage as StageState);
}

export type TransitionListener = (event: { jobId: string; from: StageState; to: StageState; status: string }) => void;

export class StageMachine {
  private listeners: TransitionListener[] = [];

  constructor(private readonly jobs: JobsRepo) {}

  onTransition(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  /** Moves the job from `from` to `to` or throws (409 InvalidTransitionError, 404 NotFoundError); nothing changes on a throw. */
  transition(req: TransitionRequest): JobRow {
    const { jobId, from, to } = req;
    const run = this.jobs.db.transaction((): JobRow => {
      const row = this.jobs.find(jobId);
      if (!row) throw new NotFoundError('Job not found');
      const current = stageStateOf(row);
      if (current !== from || !isAllowedTransition(from, to)) throw new InvalidTransitionError(current, to);
      const t = now();
      const columns: Record<string, unknown> = { ...req.set, status: STATUS_ON_ENTRY[to], error: null, progress: null };
      if (to !== 'complete') columns.current_stage = to;
      for (const n of stampsFor(from, to)) columns[`stage${n}_completed_at`] = t;
      if (from === 3 && to === 5) columns.stage4_skipped = 1;
      if (from === 4) columns.stage4_skipped = 0;
      const sets = Object.keys(columns).map((k) => `${k} = @${k}`).join(', ');
      const changed = this.jobs.db
        .prepare(`UPDATE jobs SET ${sets}, updated_at = @__now WHERE job_id = @__id AND current_stage = @__stage AND status ${from === 'complete' ? '=' : '<>'} 'complete'`)
        .run({ ...columns, __now: t, __id: jobId, __stage: row.current_stage }).changes;
      if (changed !== 1) throw new InvalidTransitionError(current, to);
      this.jobs.log({
        jobId,
        stage: typeof from === 'number' ? from : 6,
        action: req.action,
        from: String(from),
        to: String(to),
        message: req.message,
        userId: req.userId,
      });
      return this.jobs.get(jobId);
    });
    const row = run.immediate();
    for (const l of this.listeners) l({ jobId, from, to, status: row.status });
    return row;
  }
}
