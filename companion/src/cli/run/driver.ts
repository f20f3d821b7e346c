// Moves each job of a `conform run` through the pipeline over a Backend: waits for events, then reads
// the job and does what the run's options allow at the stage it is in:
//   stage 2: with approve, approves the proposed matches when every one of them (a "leave empty"
//            proposal included) is at or above the threshold; else the job stays for review.
//   stage 4: with an override reason, overrides the critical issues; else the job stays for review.
//   stage 6: downloads the bundle (which completes the job) and unpacks it into <out>/<job name>/.
// Events are the only trigger; a re-read of every open job after 15 s without events (or after an
// SSE reconnect) is the safety net, not a polling loop.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { JobEvent } from '../../../../shared/job.js';
import type { Match } from '../../../../shared/match.js';
import { STAGE_NAMES, type Stage } from '../../../../shared/stages.js';
import { sniff, isPsd } from '../../pipeline/file-signature.js';
import { ApiError, type Backend } from './backend.js';
import { canReplace } from './names.js';

export const USER_ID = 'conform-cli';

export interface JobPlan {
  name: string;
  psd: string;
  template: string;
  comp?: string;
  fit?: 'contain' | 'cover' | 'stretch';
  approve: boolean;
  minConfidence?: number;
  overrideReason?: string;
  outDir: string;
}

export type Outcome = 'running' | 'complete' | 'needs_review' | 'failed';

export interface JobResult {
  name: string;
  psd: string;
  template: string;
  comp: string | null;
  job_id: string | null;
  stage: number | null;
  status: string;
  result: Outcome;
  bundle_dir: string | null;
  script: string | null;
  review: string | null;
  error: string | null;
  /** What the job is doing now (progress events), for the progress bar. */
  detail?: string;
  progress?: number | null;
}

interface Tracked {
  plan: JobPlan;
  r: JobResult;
  busy: boolean;
  dirty: boolean;
  conflicts: number;
  threshold: number;
}

export interface DriverHooks {
  /** A job changed stage, status or progress. */
  update: (r: JobResult, all: JobResult[]) => void;
}

interface JobDetail {
  job_id: string;
  name: string;
  current_stage: number;
  status: string;
  error: string | null;
  comp_name: string | null;
  stage3_validation_results: { critical_issues: Array<{ code: string; slotName?: string }> } | null;
}

const terminal = (r: JobResult) => r.result !== 'running';

export class Driver {
  private readonly tracked: Tracked[] = [];
  private readonly byId = new Map<string, Tracked>();
  private finish!: () => void;
  private readonly done = new Promise<void>((r) => (this.finish = r));
  private lastEventAt = Date.now();

  constructor(
    private readonly backend: Backend,
    plans: JobPlan[],
    private readonly hooks: DriverHooks,
    private readonly opts: { defaultThreshold?: number; quietMs?: number } = {},
  ) {
    for (const plan of plans) {
      this.tracked.push({
        plan,
        busy: false,
        dirty: false,
        conflicts: 0,
        threshold: 0,
        r: { name: plan.name, psd: plan.psd, template: plan.template, comp: plan.comp ?? null, job_id: null, stage: null, status: 'pending', result: 'running', bundle_dir: null, script: null, review: null, error: null },
      });
    }
  }

  get results(): JobResult[] {
    return this.tracked.map((t) => t.r);
  }

  async run(): Promise<JobResult[]> {
    const settings = await this.backend.json<{ settings: { autoApproveConfidence: number } }>('GET', '/api/settings');
    const fallback = this.opts.defaultThreshold ?? settings.settings.autoApproveConfidence;
    for (const t of this.tracked) t.threshold = t.plan.minConfidence ?? fallback;

    // Files that are not PSDs by signature would make the whole batch refused: they fail alone, here.
    for (const t of this.tracked) {
      const why = notAPsd(t.plan.psd);
      if (why) this.settle(t, { result: 'failed', error: `${t.plan.psd}: ${why}` });
    }

    await this.backend.subscribe({
      event: (e) => this.onEvent(e),
      resync: () => this.recheckAll(),
    });

    // One batch per template and comp, in first-seen order.
    const groups = new Map<string, Tracked[]>();
    for (const t of this.tracked) {
      if (terminal(t.r)) continue;
      const key = JSON.stringify([t.plan.template, t.plan.comp ?? null]);
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    for (const group of groups.values()) {
      const { template, comp } = group[0]!.plan;
      try {
        const batch = await this.backend.createBatch(template, group.map((t) => t.plan.psd), comp);
        batch.jobs.forEach((j, i) => {
          const t = group[i]!;
          t.r.job_id = j.job_id;
          t.r.stage = 1;
          t.r.status = 'extracting';
          this.byId.set(j.job_id, t);
          this.hooks.update(t.r, this.results);
        });
      } catch (e) {
        for (const t of group) this.settle(t, { result: 'failed', error: `${t.plan.psd}: the batch for ${path.basename(template)} was refused: ${message(e)}` });
      }
    }
    for (const t of this.tracked) if (t.r.job_id) this.schedule(t);

    const quietMs = this.opts.quietMs ?? 15_000;
    const safety = setInterval(() => {
      if (Date.now() - this.lastEventAt >= quietMs) {
        this.lastEventAt = Date.now();
        this.recheckAll();
      }
    }, Math.min(quietMs, 5000));
    this.checkDone();
    try {
      await this.done;
    } finally {
      clearInterval(safety);
    }
    return this.results;
  }

  private onEvent(e: JobEvent): void {
    this.lastEventAt = Date.now();
    const t = this.byId.get(e.job_id);
    if (!t || terminal(t.r)) return;
    if (e.type === 'progress') {
      t.r.detail = e.detail;
      t.r.progress = e.progress ?? null;
      this.hooks.update(t.r, this.results);
      return;
    }
    this.schedule(t);
  }

  private recheckAll(): void {
    for (const t of this.tracked) if (t.r.job_id && !terminal(t.r)) this.schedule(t);
  }

  private schedule(t: Tracked): void {
    if (terminal(t.r)) return;
    if (t.busy) {
      t.dirty = true;
      return;
    }
    t.busy = true;
    void (async () => {
      try {
        do {
          t.dirty = false;
          try {
            await this.step(t);
          } catch (e) {
            // Someone else moved the job (the panel, another run) or it is not ready: read it again.
            if (e instanceof ApiError && e.status === 409 && ++t.conflicts < 5) {
              await new Promise((r) => setTimeout(r, 100 * t.conflicts));
              t.dirty = true;
            } else this.settle(t, { result: 'failed', error: `${t.plan.psd}: ${message(e)}` });
          }
        } while (t.dirty && !terminal(t.r));
      } finally {
        t.busy = false;
        this.checkDone();
      }
    })();
  }

  private async step(t: Tracked): Promise<void> {
    const id = t.r.job_id!;
    const { job } = await this.backend.json<{ job: JobDetail }>('GET', `/api/job/${id}`);
    const changed = t.r.stage !== job.current_stage || t.r.status !== job.status;
    t.r.stage = job.current_stage;
    t.r.status = job.status;
    t.r.comp = job.comp_name ?? t.r.comp;
    if (changed) {
      t.r.detail = undefined;
      t.r.progress = null;
      this.hooks.update(t.r, this.results);
    }
    if (job.status === 'failed') {
      this.settle(t, { result: 'failed', error: `${t.plan.psd}: stage ${job.current_stage} failed: ${job.error ?? 'unknown error'}` });
      return;
    }
    if (job.current_stage === 2 && job.status === 'awaiting_review') return this.atMatching(t, id);
    if (job.current_stage === 4 && job.status === 'awaiting_validation_review') return this.atValidation(t, id, job);
    if (job.current_stage === 6 || job.status === 'complete') return this.deliver(t, id);
    // Stages 0, 1, 3, 5: automatic work in progress; its next event brings us back.
  }

  private async atMatching(t: Tracked, id: string): Promise<void> {
    if (!t.plan.approve) {
      this.settle(t, { result: 'needs_review', review: 'stage 2: matches await review (run with --approve to auto-approve)' });
      return;
    }
    const { matches } = await this.backend.json<{ matches: Match[] }>('GET', `/api/job/${id}/matches`);
    const below = matches.filter((m) => m.confidence < t.threshold);
    if (below.length) {
      const names = below.map((m) => `${m.slot.layerName} ${Math.round(m.confidence * 100)}%`).join(', ');
      this.settle(t, { result: 'needs_review', review: `stage 2: ${below.length} of ${matches.length} matches below ${t.threshold} (${names})` });
      return;
    }
    const fit = t.plan.fit;
    const approved = matches.map((m) => (fit && m.slot.kind !== 'text' && m.psdLayer ? { ...m, fit } : m));
    await this.backend.json('POST', `/api/job/${id}/approve-stage2`, { approved_matches: approved, user_id: USER_ID, next_action: 'continue' });
    t.dirty = true;
  }

  private async atValidation(t: Tracked, id: string, job: JobDetail): Promise<void> {
    const issues = job.stage3_validation_results?.critical_issues ?? [];
    const codes = issues.map((i) => (i.slotName ? `${i.code} (${i.slotName})` : i.code)).join(', ');
    if (!t.plan.overrideReason) {
      this.settle(t, { result: 'needs_review', review: `stage 4: ${issues.length} critical validation issue${issues.length === 1 ? '' : 's'}${codes ? `: ${codes}` : ''} (--override-reason to override)` });
      return;
    }
    await this.backend.json('POST', `/api/job/${id}/override-validation`, { user_id: USER_ID, override_reason: t.plan.overrideReason });
    t.dirty = true;
  }

  /** Downloads the bundle (completing the job) and unpacks it next to the others, replacing only an earlier bundle. */
  private async deliver(t: Tracked, id: string): Promise<void> {
    const zip = await this.backend.bytes(`/api/job/${id}/bundle.zip?user_id=${USER_ID}`);
    const dir = t.plan.outDir;
    if (!canReplace(dir)) throw new Error(`${dir} exists and is not a Conform bundle; not overwriting it`);
    const work = `${dir}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    try {
      const entries = unzipSync(zip);
      for (const [name, data] of Object.entries(entries)) {
        if (name.endsWith('/')) continue;
        const parts = name.split('/');
        if (name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name) || parts.some((p) => p === '..' || p === '.' || p === '')) throw new Error(`bundle entry "${name}" is not a safe relative path`);
        const target = path.join(work, ...parts);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, data);
      }
      const manifest = JSON.parse(fs.readFileSync(path.join(work, 'bundle.json'), 'utf8')) as { script: string };
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(work, dir);
      const { job } = await this.backend.json<{ job: JobDetail }>('GET', `/api/job/${id}`);
      t.r.stage = job.current_stage;
      t.r.status = job.status;
      this.settle(t, { result: 'complete', bundle_dir: dir, script: path.join(dir, path.basename(manifest.script)) });
    } catch (e) {
      fs.rmSync(work, { recursive: true, force: true });
      throw e;
    }
  }

  private settle(t: Tracked, patch: Partial<JobResult>): void {
    Object.assign(t.r, patch, { detail: undefined, progress: null });
    if (patch.result === 'failed' && t.r.status !== 'failed') t.r.status = 'failed';
    this.hooks.update(t.r, this.results);
    this.checkDone();
  }

  private checkDone(): void {
    if (this.tracked.every((t) => terminal(t.r) && !t.busy)) this.finish();
  }
}

/** Why a file cannot be a PSD (by its first bytes), or null. */
function notAPsd(file: string): string | null {
  try {
    const fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4096);
    let n: number;
    try {
      n = fs.readSync(fd, head, 0, head.length, 0);
    } finally {
      fs.closeSync(fd);
    }
    return isPsd(sniff(new Uint8Array(head.subarray(0, n)))) ? null : 'not a Photoshop document (PSD/PSB signature 8BPS missing)';
  } catch (e) {
    return `cannot read the file (${message(e)})`;
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const stageLabel = (r: Pick<JobResult, 'stage' | 'status'>): string =>
  r.status === 'complete' ? 'complete' : r.stage === null ? '-' : `${r.stage} ${STAGE_NAMES[r.stage as Stage] ?? ''}`.trim();
