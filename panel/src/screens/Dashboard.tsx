// Every job with its six-stage strip, filters, live batch progress and failed jobs' errors.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { BatchView, JobView } from '../../../shared/job.js';
import { STAGE_NAMES, type Stage } from '../../../shared/stages.js';
import { api, ok, userId } from '../api.js';
import { onJobEvent } from '../events.js';
import { takeFlash } from '../flash.js';
import { screenFor, STATUS_LABELS } from '../progress.js';
import { href } from '../router.js';
import { useLoad } from '../use-load.js';
import { Loading, Notice } from '../components/Notice.js';
import { StageStrip } from '../components/StageStrip.js';

interface Data {
  jobs: JobView[];
  batches: BatchView[];
}

async function loadAll(): Promise<Data> {
  const [j, b] = await Promise.all([ok<{ jobs: JobView[] }>(api.api.jobs.$get({ query: {} })), ok<{ batches: BatchView[] }>(api.api.batches.$get())]);
  return { jobs: j.jobs, batches: b.batches };
}

const ACTION_TEXT: Record<number, string> = { 2: 'Review matches', 4: 'Review issues', 5: 'Open', 6: 'Deliver' };

function JobRow({ job, progress, onRetry }: { job: JobView; progress: number | null; onRetry: (id: string) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const link = screenFor(job);
  return (
    <li class={`job job-${job.status}`} data-job-row={job.job_id}>
      <div class="job-head">
        <span class="job-name">{job.name}</span>
        <span class={`badge badge-${job.status}`}>{STATUS_LABELS[job.status] ?? job.status}</span>
        {link && (
          <a class="btn btn-small" href={link}>
            {job.status === 'complete' ? 'View' : (ACTION_TEXT[job.current_stage] ?? 'Open')}
          </a>
        )}
      </div>
      <StageStrip job={job} progress={progress ?? job.progress} />
      {job.status === 'failed' && (
        <div class="job-error">
          <span class="error-text">{job.error ?? 'Failed without a message'}</span>
          <button
            type="button"
            class="btn btn-small"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await onRetry(job.job_id).finally(() => setBusy(false));
            }}
          >
            Retry
          </button>
        </div>
      )}
    </li>
  );
}

function BatchBar({ batch, jobs }: { batch: BatchView; jobs: JobView[] }) {
  const done = jobs.filter((j) => j.status === 'complete').length;
  const ready = jobs.filter((j) => j.current_stage === 6 && j.status !== 'complete').length;
  const review = jobs.filter((j) => (j.current_stage === 2 || j.current_stage === 4) && j.status !== 'failed').length;
  const failed = jobs.filter((j) => j.status === 'failed').length;
  const working = jobs.length - done - ready - review - failed;
  const pct = (n: number) => `${jobs.length ? (n / jobs.length) * 100 : 0}%`;
  return (
    <li class="batch">
      <div class="batch-head">
        <span class="batch-name">{batch.template_name}</span>
        <span class="muted">
          {jobs.length} design{jobs.length === 1 ? '' : 's'} · {done} delivered · {ready} ready · {review} to review · {working} working{failed ? ` · ${failed} failed` : ''}
        </span>
      </div>
      <div class="bar" role="progressbar" aria-label={`Batch ${batch.template_name}`} aria-valuemin={0} aria-valuemax={jobs.length} aria-valuenow={done + ready}>
        <span class="bar-done" style={{ width: pct(done) }} />
        <span class="bar-ready" style={{ width: pct(ready) }} />
        <span class="bar-review" style={{ width: pct(review) }} />
        <span class="bar-failed" style={{ width: pct(failed) }} />
      </div>
    </li>
  );
}

export function Dashboard() {
  const { data, error, reload } = useLoad(loadAll, []);
  const [stage, setStage] = useState('');
  const [status, setStatus] = useState('');
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [flash] = useState(takeFlash);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    return onJobEvent((e) => {
      if (e.type === 'progress' && e.progress != null) {
        setProgress((p) => ({ ...p, [e.job_id]: e.progress! }));
        return;
      }
      // Events come in bursts (a batch of 20 moves at once): one reload per burst.
      timer ??= setTimeout(() => {
        timer = null;
        void reload();
      }, 250);
    });
  }, [reload]);

  const retry = async (id: string) => {
    try {
      setActionError(null);
      await ok(api.api.job[':id'].retry.$post({ param: { id }, json: { user_id: userId() } }));
      await reload();
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    }
  };

  const jobs = data?.jobs ?? [];
  const shown = useMemo(
    () => jobs.filter((j) => (stage === '' || (stage === 'complete' ? j.status === 'complete' : j.current_stage === Number(stage) && j.status !== 'complete')) && (status === '' || j.status === status)),
    [jobs, stage, status],
  );
  const batches = useMemo(() => {
    const byBatch = new Map<string, JobView[]>();
    for (const j of jobs) byBatch.set(j.batch_id, [...(byBatch.get(j.batch_id) ?? []), j]);
    return [...(data?.batches ?? [])]
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .filter((b) => byBatch.has(b.batch_id))
      .map((b) => ({ batch: b, jobs: byBatch.get(b.batch_id)! }));
  }, [data]);
  const toReview = jobs.filter((j) => j.current_stage === 2 && j.status === 'awaiting_review');

  return (
    <section aria-labelledby="dash-title">
      <div class="screen-head">
        <h1 id="dash-title">Jobs</h1>
        {toReview.length > 0 && (
          <a class="btn btn-primary" href={href.review(toReview[0]!.job_id)}>
            Review next ({toReview.length})
          </a>
        )}
        <a class="btn" href={href.upload()}>
          Upload a batch
        </a>
      </div>
      {flash && <Notice tone={flash.tone}>{flash.text}</Notice>}
      {error && <Notice tone="error">Could not load the jobs: {error}</Notice>}
      {actionError && <Notice tone="error">{actionError}</Notice>}
      {!data && !error && <Loading what="jobs" />}
      {data && jobs.length === 0 && (
        <div class="empty">
          <p>No jobs yet.</p>
          <p>
            <a class="btn btn-primary" href={href.upload()}>
              Upload a template and designs
            </a>
          </p>
        </div>
      )}
      {batches.length > 0 && (
        <ul class="batches" aria-label="Batches">
          {batches.slice(0, 5).map((b) => (
            <BatchBar key={b.batch.batch_id} batch={b.batch} jobs={b.jobs} />
          ))}
        </ul>
      )}
      {jobs.length > 0 && (
        <div class="filters">
          <label for="f-stage">Stage</label>
          <select id="f-stage" value={stage} onChange={(e) => setStage((e.target as HTMLSelectElement).value)}>
              <option value="">All</option>
              {([1, 2, 3, 4, 5, 6] as Stage[]).map((s) => (
                <option key={s} value={String(s)}>
                  {s}. {STAGE_NAMES[s]}
                </option>
              ))}
              <option value="complete">Delivered</option>
          </select>
          <label for="f-status">Status</label>
          <select id="f-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
              <option value="">All</option>
              {Object.entries(STATUS_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
          </select>
          <span class="muted" aria-live="polite">
            {shown.length} of {jobs.length}
          </span>
        </div>
      )}
      {jobs.length > 0 && shown.length === 0 && <p class="muted">No job matches these filters.</p>}
      <ul class="jobs" aria-label="Jobs">
        {shown.map((j) => (
          <JobRow key={j.job_id} job={j} progress={progress[j.job_id] ?? null} onRetry={retry} />
        ))}
      </ul>
    </section>
  );
}
