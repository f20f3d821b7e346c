// Stages 5–6: the filled composition, the script and its steps; download it, or apply it in After
// Effects through the host bridge and report the result (either completes the job).
import { useEffect, useState } from 'preact/hooks';
import type { JobDetail, Stage1Results } from '../../../shared/job.js';
import type { Match } from '../../../shared/match.js';
import { api, ok, userId } from '../api.js';
import { download } from '../download.js';
import { onJobEvent } from '../events.js';
import { applyScript, hasHostBridge, type ApplyReport } from '../host-bridge.js';
import { STATUS_LABELS } from '../progress.js';
import { scriptSteps } from '../script-steps.js';
import { href } from '../router.js';
import { useLoad } from '../use-load.js';
import { CompPreview } from '../components/CompPreview.js';
import { Loading, Notice } from '../components/Notice.js';

type JobWithBundle = JobDetail & { stage5_extendscript: string | null; bundle: { dir: string; script_path: string } | null };
type MatchesAnswer = Pick<Stage1Results, 'comp' | 'slots' | 'psd'> & { approved: Match[] | null; matches: Match[] };

function Report({ report }: { report: ApplyReport }) {
  return (
    <div class="report">
      <Notice tone={report.ok ? 'ok' : 'error'}>{report.ok ? `Applied in After Effects${report.output ? `: saved ${report.output}` : ''}.` : 'After Effects could not finish every step; see the failed steps below.'}</Notice>
      <ol class="steps">
        {report.steps.map((s, i) => (
          <li key={i} class={`st st-${s.status}`}>
            <span class="st-status">{s.status}</span> <span>{s.step}</span>
            {s.reason && <span class="muted"> — {s.reason}</span>}
          </li>
        ))}
      </ol>
      {report.warnings.length > 0 && (
        <ul class="warnings">
          {report.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Deliver({ id }: { id: string }) {
  const { data, error, reload } = useLoad(async () => {
    const [j, m] = await Promise.all([ok<{ job: JobWithBundle }>(api.api.job[':id'].$get({ param: { id } })), ok<MatchesAnswer>(api.api.job[':id'].matches.$get({ param: { id } }))]);
    return { job: j.job, m };
  }, [id]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [report, setReport] = useState<ApplyReport | null>(null);
  const bridge = hasHostBridge();

  // While the script is being built, the page follows the job's events.
  const building = data ? data.job.current_stage < 6 && data.job.status !== 'complete' : false;
  useEffect(() => {
    if (!building) return;
    return onJobEvent((e) => {
      if (e.job_id === id && e.type !== 'progress') void reload();
    });
  }, [building, id, reload]);

  if (error) return <Notice tone="error">Could not load job {id}: {error}</Notice>;
  if (!data) return <Loading what="the delivery" />;
  const { job, m } = data;
  const script = job.stage5_extendscript;
  const steps = script ? scriptSteps(script) : null;

  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ tone: 'ok', text: await f() });
      await reload();
    } catch (e) {
      setMessage({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const q = { query: { user_id: userId() }, param: { id } };
  const getBundle = () => run(async () => `Downloaded ${await download(api.api.job[':id']['bundle.zip'].$url(q).toString())}. Unzip it and run the .jsx from File › Scripts › Run Script File.`);
  const getScript = () => run(async () => `Downloaded ${await download(api.api.job[':id'].script.$url(q).toString())}.`);
  const apply = () =>
    run(async () => {
      if (!job.bundle) throw new Error('The bundle is not on disk yet.');
      const r = await applyScript(job.bundle.script_path);
      setReport(r);
      await ok(api.api.job[':id'].applied.$post({ param: { id }, json: { user_id: userId(), report: r } }));
      return r.ok ? 'Recorded as delivered.' : 'Recorded; fix the failed steps in After Effects.';
    });

  return (
    <section aria-labelledby="de-title">
      <div class="screen-head">
        <h1 id="de-title">
          Deliver: <span class="job-name">{job.name}</span>
        </h1>
        <span class={`badge badge-${job.status}`}>{STATUS_LABELS[job.status] ?? job.status}</span>
      </div>
      {job.current_stage < 5 && (
        <Notice tone="warn">
          This job has no script yet (now: {STATUS_LABELS[job.status] ?? job.status}). <a href={href.dashboard()}>Back to the jobs</a>
        </Notice>
      )}
      {job.status === 'failed' && <Notice tone="error">Building the script failed: {job.error}</Notice>}
      {building && job.current_stage === 5 && job.status !== 'failed' && <p class="muted" role="status">Building the script…</p>}
      {job.stage4_override_reason && <p class="muted">Issues accepted: “{job.stage4_override_reason}”</p>}
      <div class="deliver-grid">
        <div class="col col-preview">
          <h2>Preview</h2>
          <CompPreview jobId={id} comp={m.comp} slots={m.slots} matches={m.approved ?? m.matches} layers={m.psd.layers} label={`${m.comp.name} filled with ${job.name}`} />
        </div>
        <div class="col">
          <h2>Steps</h2>
          {steps ? (
            <ol class="plan">
              {steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          ) : (
            <p class="muted">{script ? 'The step list could not be read from the script.' : 'No script yet.'}</p>
          )}
        </div>
      </div>
      {script && (
        <details class="script">
          <summary>Script ({Math.round(script.length / 1024)} KB)</summary>
          <pre>{script}</pre>
        </details>
      )}
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {report && <Report report={report} />}
      {script && (
        <div class="actions">
          {bridge ? (
            <button type="button" class="btn btn-primary" disabled={busy || !job.bundle} onClick={apply}>
              Apply in After Effects
            </button>
          ) : (
            <span class="muted bridge-absent">After Effects is not connected here (this is a browser, not the panel): download the bundle instead.</span>
          )}
          <button type="button" class={bridge ? 'btn' : 'btn btn-primary'} disabled={busy} onClick={getBundle}>
            Download bundle (.zip)
          </button>
          <button type="button" class="btn" disabled={busy} onClick={getScript}>
            Download script (.jsx)
          </button>
        </div>
      )}
    </section>
  );
}
