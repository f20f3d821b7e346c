// The pipeline spec's job endpoints, with its request and response field names.
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import fs from 'node:fs';
import path from 'node:path';
import { ApproveStage2Body, JobsQuery, OverrideValidationBody, RetryBody, ReturnToMatchingBody } from '../../../../shared/api.js';
import { BadInputError } from '../../errors.js';
import { toJobDetail, toJobView } from '../../storage/jobs-repo.js';
import type { AppDeps } from '../deps.js';
import { errorResponses, JobIdParam, jsonBody, newRouter } from '../router.js';

const ok = (description: string, schema: z.ZodType = z.object({ success: z.boolean() }).passthrough()) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...errorResponses,
});

const listJobs = createRoute({ method: 'get', path: '/api/jobs', summary: 'List jobs, optionally by stage, status or batch', request: { query: JobsQuery }, responses: ok('Jobs') });
const getJob = createRoute({ method: 'get', path: '/api/job/{id}', summary: 'One job with its stage outputs', request: { params: JobIdParam }, responses: ok('The job') });
const getLogs = createRoute({ method: 'get', path: '/api/job/{id}/logs', summary: 'Every transition and action on a job (who, when, why)', request: { params: JobIdParam }, responses: ok('Log entries') });
const getMatches = createRoute({ method: 'get', path: '/api/job/{id}/matches', summary: 'Stage 1 results for the matching review: slots, proposed and approved matches, PSD layers', request: { params: JobIdParam }, responses: ok('Matches') });
const getValidation = createRoute({ method: 'get', path: '/api/job/{id}/validation', summary: 'The stage 3 validation report', request: { params: JobIdParam }, responses: ok('Validation report') });
const approve = createRoute({ method: 'post', path: '/api/job/{id}/approve-stage2', summary: 'Approve the matches: 2→3, validate, then 3→4 (critical issues) or 3→5', request: { params: JobIdParam, ...jsonBody(ApproveStage2Body) }, responses: ok('Approved') });
const returnToMatching = createRoute({ method: 'post', path: '/api/job/{id}/return-to-matching', summary: 'Stage 4 → 2: fix the matches', request: { params: JobIdParam, ...jsonBody(ReturnToMatchingBody) }, responses: ok('Returned') });
const override = createRoute({ method: 'post', path: '/api/job/{id}/override-validation', summary: 'Stage 4 → 5 with a reason of at least 10 characters', request: { params: JobIdParam, ...jsonBody(OverrideValidationBody) }, responses: ok('Overridden') });
const retry = createRoute({ method: 'post', path: '/api/job/{id}/retry', summary: 'Run the automatic work of a failed job again', request: { params: JobIdParam, ...jsonBody(RetryBody) }, responses: ok('Queued') });

/**
 * Where the job's bundle is on this machine, so the panel can hand the script to After Effects
 * (which runs it from disk: it finds its template and PNGs next to itself). Null until stage 5 wrote it.
 */
function bundleOnDisk(dir: string): { dir: string; script_path: string; current_project_script_path: string } | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'bundle.json'), 'utf8')) as { script: string; current_project_script: string };
    return { dir, script_path: path.join(dir, m.script), current_project_script_path: path.join(dir, m.current_project_script) };
  } catch {
    return null;
  }
}

export function jobRoutes(d: AppDeps) {
  return newRouter()
    .openapi(listJobs, (c) => {
      const q = c.req.valid('query');
      return c.json({ success: true, jobs: d.jobs.list({ stage: q.stage, status: q.status, batchId: q.batch }).map(toJobView) }, 200);
    })
    .openapi(getJob, (c) => {
      const row = d.jobs.get(c.req.valid('param').id);
      // The script text is here for reading: GET /script is the download and completes the job.
      const delivery = { stage5_extendscript: row.stage5_extendscript, bundle: bundleOnDisk(d.bundleDir(row.job_id)) };
      return c.json({ success: true, job: { ...toJobDetail(row), ...delivery } }, 200);
    })
    .openapi(getLogs, (c) => {
      const { id } = c.req.valid('param');
      d.jobs.get(id);
      return c.json({ success: true, logs: d.jobs.logs(id) }, 200);
    })
    .openapi(getMatches, (c) => {
      const { id } = c.req.valid('param');
      const row = d.jobs.get(id);
      const s1 = d.runner.stage1(id);
      const approved = row.stage2_approved_matches ? JSON.parse(row.stage2_approved_matches) : null;
      return c.json({ success: true, job_id: id, comp: s1.comp, slots: s1.slots, matches: s1.matches, unmatchedPsdLayers: s1.unmatchedPsdLayers, approved, psd: s1.psd }, 200);
    })
    .openapi(getValidation, (c) => {
      const row = d.jobs.get(c.req.valid('param').id);
      return c.json({ success: true, job_id: row.job_id, report: row.stage3_validation_results ? JSON.parse(row.stage3_validation_results) : null }, 200);
    })
    .openapi(approve, (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      return c.json(d.runner.approveStage2(id, body.approved_matches, body.user_id, body.next_action), 200);
    })
    .openapi(returnToMatching, (c) => {
      const { id } = c.req.valid('param');
      d.runner.returnToMatching(id, c.req.valid('json').user_id);
      return c.json({ success: true, job_id: id, redirect_url: `/review-matching/${id}`, message: 'Returned to matching review' }, 200);
    })
    .openapi(override, (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      d.jobs.get(id);
      const reason = (body.override_reason ?? '').trim();
      if (!reason) throw new BadInputError('Override reason is required');
      if (reason.length < 10) throw new BadInputError(`Override reason must be at least 10 characters (got ${reason.length})`);
      d.runner.overrideValidation(id, body.user_id, reason);
      return c.json({ success: true, job_id: id, message: 'Validation overridden - proceeding to ExtendScript generation' }, 200);
    })
    .openapi(retry, (c) => {
      const { id } = c.req.valid('param');
      const { stage } = d.runner.retry(id, c.req.valid('json').user_id);
      return c.json({ success: true, job_id: id, stage, message: `Stage ${stage} queued again` }, 200);
    });
}
