// POST /api/job/:id/nexrender: the render-farm hand-off (see pipeline/nexrender/export-nexrender.ts).
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { NexrenderBody } from '../../../../shared/api.js';
import { exportNexrender } from '../../pipeline/nexrender/export-nexrender.js';
import type { AppDeps } from '../deps.js';
import { ErrorBody, errorResponses, JobIdParam, jsonBody, newRouter } from '../router.js';

const route = createRoute({
  method: 'post',
  path: '/api/job/{id}/nexrender',
  summary: 'Write the job as a nexrender job (template, layer PNGs, farm script) into its bundle; with `server`, post it to that nexrender server',
  request: { params: JobIdParam, ...jsonBody(NexrenderBody) },
  responses: {
    200: {
      description: 'The nexrender job, where it was written, and the server\'s answer when posted',
      content: { 'application/json': { schema: z.object({ success: z.boolean(), file: z.string(), nexrender_job: z.unknown(), queued: z.unknown().nullable() }).passthrough() } },
    },
    ...errorResponses,
    502: { description: 'The nexrender server did not answer or refused the job', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function nexrenderRoutes(d: AppDeps) {
  return newRouter().openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const server = body.server ?? d.nexrender.server ?? undefined;
    const secret = body.secret ?? d.nexrender.secret ?? undefined;
    const out = await exportNexrender(d, id, { server, secret, outputExt: body.output_ext, userId: body.user_id });
    return c.json({ success: true, ...out }, 200);
  });
}
