// Stage 4: the validation issues by severity with what was measured; back to matching, or go on
// with a written reason (the spec requires at least 10 characters).
import { useState } from 'preact/hooks';
import type { JobDetail } from '../../../shared/job.js';
import type { Severity, ValidationIssue } from '../../../shared/validation.js';
import { api, ok, userId } from '../api.js';
import { setFlash } from '../flash.js';
import { STATUS_LABELS } from '../progress.js';
import { fromServerUrl, href, navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import { Loading, Notice } from '../components/Notice.js';

export const MIN_REASON = 10;

const GROUPS: Array<{ severity: Severity; key: 'critical_issues' | 'warnings' | 'info'; title: string }> = [
  { severity: 'critical', key: 'critical_issues', title: 'Critical' },
  { severity: 'warning', key: 'warnings', title: 'Warnings' },
  { severity: 'info', key: 'info', title: 'Info' },
];

const show = (v: number | string | boolean) => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v));

function Values({ title, values }: { title: string; values?: Record<string, number | string | boolean> }) {
  if (!values || !Object.keys(values).length) return null;
  return (
    <div class="values">
      <span class="values-title">{title}</span>
      <dl>
        {Object.entries(values).map(([k, v]) => (
          <div key={k} class="kv">
            <dt>{k}</dt>
            <dd>{show(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Issue({ issue }: { issue: ValidationIssue }) {
  return (
    <li class={`issue issue-${issue.severity}`}>
      <p class="issue-msg">{issue.message}</p>
      <p class="muted issue-where">
        {issue.code}
        {issue.slotName ? ` · slot ${issue.slotName}` : ''}
        {issue.psdLayerName ? ` · layer ${issue.psdLayerName}` : ''}
      </p>
      <Values title="Measured" values={issue.measured} />
      <Values title="Limit" values={issue.threshold} />
    </li>
  );
}

export function Validate({ id }: { id: string }) {
  const { data, error } = useLoad(() => ok<{ job: JobDetail }>(api.api.job[':id'].$get({ param: { id } })), [id]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  if (error) return <Notice tone="error">Could not load job {id}: {error}</Notice>;
  if (!data) return <Loading what="the validation report" />;
  const { job } = data;
  const report = job.stage3_validation_results;
  const waiting = job.current_stage === 4 && job.status === 'awaiting_validation_review';
  const length = reason.trim().length;

  const act = async (f: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try {
      await f();
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  const back = () =>
    act(async () => {
      const r = await ok<{ redirect_url: string }>(api.api.job[':id']['return-to-matching'].$post({ param: { id }, json: { user_id: userId() } }));
      setFlash(`${job.name} is back in matching review.`);
      navigate(fromServerUrl(r.redirect_url));
    });
  const override = () =>
    act(async () => {
      await ok(api.api.job[':id']['override-validation'].$post({ param: { id }, json: { user_id: userId(), override_reason: reason.trim() } }));
      setFlash(`${job.name}: issues accepted, the script is being built.`);
      navigate(href.deliver(id));
    });

  return (
    <section aria-labelledby="va-title">
      <div class="screen-head">
        <h1 id="va-title">
          Review issues: <span class="job-name">{job.name}</span>
        </h1>
      </div>
      {!waiting && (
        <Notice tone="warn">
          This job is not waiting for an issue review (now: {STATUS_LABELS[job.status] ?? job.status}). <a href={href.dashboard()}>Back to the jobs</a>
        </Notice>
      )}
      {!report && <p class="muted">No validation report yet.</p>}
      {report &&
        GROUPS.map((g) => (
          <div key={g.key} class={`group group-${g.severity}`}>
            <h2>
              {g.title} <span class="count">({report[g.key].length})</span>
            </h2>
            {report[g.key].length === 0 ? (
              <p class="muted">None.</p>
            ) : (
              <ul class="issues">
                {report[g.key].map((i, n) => (
                  <Issue key={n} issue={i} />
                ))}
              </ul>
            )}
          </div>
        ))}
      {actionError && <Notice tone="error">{actionError}</Notice>}
      {waiting && (
        <div class="decide">
          <div class="decide-col">
            <h2>Fix the matches</h2>
            <p class="muted">Go back to the matching review, change what is wrong and approve again.</p>
            <button type="button" class="btn btn-primary" disabled={busy} onClick={back}>
              Return to matching
            </button>
          </div>
          <div class="decide-col">
            <h2>Continue anyway</h2>
            <label for="override-reason">Why these issues are acceptable (at least {MIN_REASON} characters, kept in the job's log)</label>
            <textarea id="override-reason" rows={3} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} aria-describedby="reason-count" />
            <p id="reason-count" class="muted" aria-live="polite">
              {length < MIN_REASON ? `${MIN_REASON - length} more character${MIN_REASON - length === 1 ? '' : 's'} needed` : 'Reason is long enough'}
            </p>
            <button type="button" class="btn btn-warn" disabled={busy || length < MIN_REASON} onClick={override}>
              Override & continue
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
