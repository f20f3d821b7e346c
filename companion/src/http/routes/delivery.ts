// Stage 6: the script and the bundle. A download (or an apply in AE) completes the job.
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import fs from 'node:fs';
import { AppliedBody } from '../../../../shared/api.js';
import { ConformError } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { errorResponses, JobIdParam, jsonBody, newRouter } from '../router.js';

const UserQuery = z.object({ user_id: z.string().max(200).optional() });

const applied = createRoute({
  method: 'post',
  path: '/api/job/{id}/applied',
  summary: 'Record that the panel applied the script in After Effects (completes the job)',
  request: { params: JobIdParam, ...jsonBody(AppliedBody) },
  responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: z.object({ success: z.boolean() }).passthrough() } } }, ...errorResponses },
});

/** ASCII-only file name for Content-Disposition; the job name is the user's, not ours. */
const fileNameFor = (name: string, ext: string) => `${name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'conform'}${ext}`;

export function deliveryRoutes(d: AppDeps) {
  const r = newRouter();
  for (const [path, summary] of [
    ['/api/job/{id}/script', 'Download the generated .jsx (records stage6_downloaded_at and completes the job)'],
    ['/api/job/{id}/bundle.zip', 'Download the bundle: script, layer PNGs and template copy (completes the job)'],
  ] as const) {
    r.openAPIRegistry.registerPath({ method: 'get', path, summary, request: { params: JobIdParam, query: UserQuery }, responses: { 200: { description: 'The file' }, ...errorResponses } });
  }
  return r
    .openapi(applied, (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      d.runner.delivered(id, body.user_id, 'applied');
      return c.json({ success: true, job_id: id, message: 'Applied in After Effects' }, 200);
    })
    .get('/api/job/:id/script', (c) => {
      const id = c.req.param('id');
      const row = d.jobs.get(id);
      if (row.stage5_extendscript === null) throw new ConformError(`Job ${id} has no script yet (stage ${row.current_stage}, ${row.status})`, 409, 'not_ready');
      d.runner.delivered(id, c.req.query('user_id') ?? 'anonymous', 'downloaded');
      return c.body(row.stage5_extendscript, 200, {
        'content-type': 'application/javascript; charset=us-ascii',
        'content-disposition': `attachment; filename="${fileNameFor(row.name, '.jsx')}"`,
      });
    })
    .get('/api/job/:id/bundle.zip', (c) => {
      const id = c.req.param('id');
      const row = d.jobs.get(id);
      const dir = d.bundleDir(id);
      if (row.stage5_extendscript === null || !fs.existsSync(dir)) throw new ConformError(`Job ${id} has no bundle yet (stage ${row.current_stage}, ${row.status})`, 409, 'not_ready');
      const zip = d.zipFolder(dir);
      d.runner.delivered(id, c.req.query('user_id') ?? 'anonymous', 'downloaded');
      return c.body(zip as unknown as ArrayBuffer, 200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${fileNameFor(row.name, '.zip')}"`,
      });
    });
}
