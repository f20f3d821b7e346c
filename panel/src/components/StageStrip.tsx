import type { JobView } from '../../../shared/job.js';
import { stripFor, type StepState } from '../progress.js';

const STATE_TEXT: Record<StepState, string> = {
  done: 'done',
  skipped: 'skipped',
  current: 'in progress',
  waiting: 'waiting for you',
  failed: 'failed',
  pending: 'not yet',
};

/** The six stages of a job in one row; each cell says its state in text too, not only by colour. */
export function StageStrip({ job, progress }: { job: JobView; progress?: number | null }) {
  return (
    <ol class="strip" aria-label="Stages">
      {stripFor(job).map((s) => (
        <li key={s.stage} class={`step step-${s.state}`} title={`${s.stage}. ${s.name}: ${STATE_TEXT[s.state]}`}>
          <span class="step-name">{s.name}</span>
          <span class="sr-only">: {STATE_TEXT[s.state]}</span>
          {s.state === 'skipped' && <span class="step-tag" aria-hidden="true">skipped</span>}
          {s.state === 'current' && progress != null && <span class="step-bar" style={{ width: `${Math.round(progress * 100)}%` }} />}
        </li>
      ))}
    </ol>
  );
}
