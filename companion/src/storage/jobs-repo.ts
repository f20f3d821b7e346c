// Jobs, batches and their logs in SQLite. Stage changes go through pipeline/stage-machine.ts only.
import crypto from 'node:crypto';
import type { Db } from './db.js';
import type { BatchView, JobDetail, JobLogEntry, JobView } from '../../../shared/job.js';
import type { JobStatus, Stage } from '../../../shared/stages.js';
import { NotFoundError } from '../errors.js';

export interface JobRow {
  job_id: string;
  batch_id: string;
  seq: number;
  name: string;
  psd_sha256: string;
  template_sha256: string;
  comp_name: string | null;
  options: string | null;
  current_stage: number;
  status: string;
  error: string | null;
  progress: number | null;
  created_at: string;
  updated_at: string;
  stage1_completed_at: string | null;
  stage2_completed_at: string | null;
  stage3_completed_at: string | null;
  stage4_completed_at: string | null;
  stage5_completed_at: string | null;
  stage6_completed_at: string | null;
  stage1_results: string | null;
  stage2_approved_matches: string | null;
  stage3_validation_results: string | null;
  stage4_override_reason: string | null;
  stage4_skipped: number;
  stage5_extendscript: string | null;
  stage6_downloaded_at: string | null;
}

export interface JobFilter {
  stage?: number;
  status?: string;
  batchId?: string;
  limit?: number;
}

export const now = (): string => new Date().toISOString();

export function toJobView(r: JobRow): JobView {
  return {
    job_id: r.job_id,
    batch_id: r.batch_id,
    name: r.name,
    psd_sha256: r.psd_sha256,
    template_sha256: r.template_sha256,
    comp_name: r.comp_name,
    current_stage: r.current_stage as Stage,
    status: r.status as JobStatus,
    error: r.error,
    created_at: r.created_at,
    updated_at: r.updated_at,
    stage1_completed_at: r.stage1_completed_at,
    stage2_completed_at: r.stage2_completed_at,
    stage3_completed_at: r.stage3_completed_at,
    stage4_completed_at: r.stage4_completed_at,
    stage5_completed_at: r.stage5_completed_at,
    stage6_completed_at: r.stage6_completed_at,
    stage6_downloaded_at: r.stage6_downloaded_at,
    stage4_override_reason: r.stage4_override_reason,
    stage4_skipped: r.stage4_skipped === 1,
    progress: r.progress,
  };
}

export function toJobDetail(r: JobRow): JobDetail {
  return {
    ...toJobView(r),
    stage2_approved_matches: r.stage2_approved_matches ? JSON.parse(r.stage2_approved_matches) : null,
    stage3_validation_results: r.stage3_validation_results ? JSON.parse(r.stage3_validation_results) : null,
    has_script: r.stage5_extendscript !== null,
  };
}

export class JobsRepo {
  constructor(readonly db: Db) {}

  createBatch(input: { templateSha256: string; templateName: string; compName: string | null }): string {
    const batchId = `b_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.db
      .prepare('INSERT INTO batches (batch_id, template_sha256, template_name, comp_name, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(batchId, input.templateSha256, input.templateName, input.compName, now());
    return batchId;
  }

  createJob(input: {
    batchId: string;
    name: string;
    psdSha256: string;
    templateSha256: string;
    compName: string | null;
    options?: Record<string, unknown>;
  }): string {
    const jobId = `j_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs').pluck().get() as number) ?? 1;
    const t = now();
    this.db
      .prepare(
        `INSERT INTO jobs (job_id, batch_id, seq, name, psd_sha256, template_sha256, comp_name, options,
           current_stage, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'queued', ?, ?)`,
      )
      .run(jobId, input.batchId, seq, input.name, input.psdSha256, input.templateSha256, input.compName, input.options ? JSON.stringify(input.options) : null, t, t);
    this.log({ jobId, stage: 0, action: 'job_created', message: `Job created for ${input.name}`, userId: 'system' });
    return jobId;
  }

  find(jobId: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow | undefined;
  }

  get(jobId: string): JobRow {
    const row = this.find(jobId);
    if (!row) throw new NotFoundError('Job not found');
    return row;
  }

  list(filter: JobFilter = {}): JobRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.stage !== undefined) {
      where.push('current_stage = ?');
      args.push(filter.stage);
    }
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.batchId) {
      where.push('batch_id = ?');
      args.push(filter.batchId);
    }
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${filter.limit ? ` LIMIT ${Math.floor(filter.limit)}` : ''}`;
    return this.db.prepare(sql).all(...args) as JobRow[];
  }

  /** Jobs waiting for the matching review, oldest first (the spec's get_jobs_for_stage(2)). */
  nextInStage2(excludeJobId: string): JobRow | undefined {
    return this.db
      .prepare("SELECT * FROM jobs WHERE current_stage = 2 AND status = 'awaiting_review' AND job_id <> ? ORDER BY seq LIMIT 1")
      .get(excludeJobId) as JobRow | undefined;
  }

  update(jobId: string, columns: Partial<Record<keyof JobRow, unknown>>): void {
    const keys = Object.keys(columns);
    if (!keys.length) return;
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.db.prepare(`UPDATE jobs SET ${sets}, updated_at = @__now WHERE job_id = @__id`).run({ ...columns, __now: now(), __id: jobId });
  }

  log(entry: { jobId: string; stage: number | null; action: string; message: string; userId: string; from?: string | null; to?: string | null }): void {
    this.db
      .prepare('INSERT INTO job_logs (job_id, stage, action, from_stage, to_stage, message, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.jobId, entry.stage, entry.action, entry.from ?? null, entry.to ?? null, entry.message, entry.userId, now());
  }

  logs(jobId: string): JobLogEntry[] {
    return this.db.prepare('SELECT * FROM job_logs WHERE job_id = ? ORDER BY id').all(jobId) as JobLogEntry[];
  }

  batches(): BatchView[] {
    const rows = this.db.prepare('SELECT * FROM batches ORDER BY created_at DESC').all() as Array<Omit<BatchView, 'job_ids'>>;
    const ids = this.db.prepare('SELECT job_id FROM jobs WHERE batch_id = ? ORDER BY seq').pluck();
    return rows.map((b) => ({ ...b, job_ids: ids.all(b.batch_id) as string[] }));
  }

  templateDoc(sha256: string): string | undefined {
    return this.db.prepare('SELECT doc FROM template_docs WHERE sha256 = ?').pluck().get(sha256) as string | undefined;
  }

  saveTemplateDoc(sha256: string, doc: string): void {
    this.db.prepare('INSERT OR REPLACE INTO template_docs (sha256, doc) VALUES (?, ?)').run(sha256, doc);
  }
}
