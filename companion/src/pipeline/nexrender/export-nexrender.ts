// The render-farm hand-off shared by POST /api/job/:id/nexrender and `conform export-nexrender`:
// builds the nexrender job of a job's bundle, writes it into the bundle as nexrender.json and, given a
// server, posts it there. Handing off does not complete the job: downloading or applying does.
import fs from 'node:fs';
import path from 'node:path';
import { ConformError } from '../../errors.js';
import type { JobsRepo } from '../../storage/jobs-repo.js';
import { nexrenderJob, NotExportableError, type BundleManifest, type NexrenderJob } from './nexrender-job.js';
import { postNexrenderJob, type QueuedNexrenderJob } from './post-nexrender.js';

export interface NexrenderExport {
  job_id: string;
  file: string;
  nexrender_job: NexrenderJob;
  queued: QueuedNexrenderJob | null;
}

export interface ExportRequest {
  server?: string;
  secret?: string;
  outputExt?: string;
  userId: string;
}

export async function exportNexrender(d: { jobs: JobsRepo; bundleDir: (jobId: string) => string }, jobId: string, req: ExportRequest): Promise<NexrenderExport> {
  const row = d.jobs.get(jobId);
  const dir = d.bundleDir(jobId);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'bundle.json'), 'utf8')) as BundleManifest;
  } catch {
    throw new ConformError(`Job ${jobId} has no bundle yet (stage ${row.current_stage}, ${row.status})`, 409, 'not_ready');
  }
  let job: NexrenderJob;
  try {
    job = nexrenderJob(manifest, dir, { outputExt: req.outputExt });
  } catch (e) {
    if (e instanceof NotExportableError) throw new ConformError(`Job ${jobId}: ${e.message}`, 409, 'not_exportable');
    throw e;
  }
  const file = path.join(dir, 'nexrender.json');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(job, null, 2)}\n`);
  fs.renameSync(tmp, file);
  const queued = req.server ? await postNexrenderJob(req.server, job, req.secret) : null;
  d.jobs.log({
    jobId,
    stage: row.current_stage,
    action: 'nexrender_exported',
    message: queued ? `Sent to nexrender server ${req.server} as job ${queued.uid} (${queued.state})` : 'nexrender job written to the bundle',
    userId: req.userId,
  });
  return { job_id: jobId, file, nexrender_job: job, queued };
}
