// Layer images for the review and delivery screens, decoded one layer at a time on demand.
import { z } from 'zod';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { errorResponses, newRouter } from '../router.js';

const Params = z.object({ id: z.string(), layerId: z.string() });

export function assetRoutes(d: AppDeps) {
  const r = newRouter();
  for (const [path, summary] of [
    ['/api/job/{id}/psd/layers/{layerId}.png', "A PSD layer's pixels as a full-resolution PNG with alpha"],
    ['/api/job/{id}/psd/layers/{layerId}/thumb.png', 'A PSD layer thumbnail, at most 256 px'],
  ] as const) {
    r.openAPIRegistry.registerPath({ method: 'get', path, summary, request: { params: Params }, responses: { 200: { description: 'image/png' }, ...errorResponses } });
  }
  const serve = async (jobId: string, layerParam: string, variant: 'full' | 'thumb') => {
    const layerId = Number(layerParam);
    if (!Number.isInteger(layerId)) throw new BadInputError(`layer id must be a whole number, got "${layerParam}"`);
    const row = d.jobs.get(jobId);
    if (row.stage1_results) {
      const known = (JSON.parse(row.stage1_results).psd.layers as Array<{ id: number }>).some((l) => l.id === layerId);
      if (!known) throw new NotFoundError(`PSD of job ${jobId} has no layer ${layerId}`);
    }
    const png = await d.layerImages.png(row.psd_sha256, layerId, variant);
    return new Response(png as unknown as ArrayBuffer, { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'private, max-age=3600' } });
  };
  return r
    .get('/api/job/:id/psd/layers/:layerId{[0-9]+}/thumb.png', (c) => serve(c.req.param('id'), c.req.param('layerId'), 'thumb'))
    .get('/api/job/:id/psd/layers/:file{[0-9]+\\.png}', (c) => serve(c.req.param('id'), c.req.param('file').replace(/\.png$/, ''), 'full'));
}
