// Stage 0: POST /api/batches, as multipart upload (template + psd files) or JSON naming local files.
import { z } from 'zod';
import { BatchJsonBody } from '../../../../shared/api.js';
import { BadInputError, UnsupportedMediaError } from '../../errors.js';
import { incomingPath, incomingReceived, ingestBatch, type IncomingFile } from '../../pipeline/stage0-ingest.js';
import { receiveMultipart, type ReceivedPart } from '../multipart.js';
import type { AppDeps } from '../deps.js';
import { errorResponses, newRouter } from '../router.js';

const Created = z.object({ success: z.literal(true), batch_id: z.string(), jobs: z.array(z.object({ job_id: z.string(), name: z.string() })) });
const Multipart = z.object({
  template: z.any().describe('The After Effects template (.aepx or .aep)'),
  psd: z.array(z.any()).describe('One or more PSD/PSB files'),
  comp: z.string().optional().describe('Target composition (default: the root comp with the most slots)'),
});

export function batchRoutes(d: AppDeps) {
  const r = newRouter();
  r.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/batches',
    summary: 'Upload a template and PSDs; each PSD becomes a job processed in the background',
    request: {
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: Multipart }, 'application/json': { schema: BatchJsonBody } },
      },
    },
    responses: {
      201: { description: 'Batch created; job ids listed at once', content: { 'application/json': { schema: Created } } },
      ...errorResponses,
      413: { description: 'A file is over the size limit' },
      415: { description: 'A file is not of the expected type (checked by signature)' },
      422: { description: 'The template cannot be read' },
    },
  });
  r.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/batches',
    summary: 'List batches with their job ids',
    responses: { 200: { description: 'Batches' } },
  });
  return r
    .get('/api/batches', (c) => c.json({ success: true, batches: d.jobs.batches() }, 200))
    .post('/api/batches', async (c) => {
      const type = c.req.header('content-type') ?? '';
      let template: IncomingFile;
      let psds: IncomingFile[];
      let comp: string | null = null;
      let received: ReceivedPart[] = [];
      if (type.startsWith('multipart/form-data')) {
        const upload = await receiveMultipart(c.req.raw, d.files, d.maxFileBytes);
        received = upload.files;
        const templates = received.filter((f) => f.field === 'template');
        const psdParts = received.filter((f) => f.field === 'psd');
        try {
          if (templates.length !== 1) throw new BadInputError('template: exactly one file is required (multipart field "template")');
          if (!psdParts.length) throw new BadInputError('psd: one or more files are required (multipart field "psd")');
        } catch (e) {
          for (const f of received) d.files.discard(f);
          throw e;
        }
        template = incomingReceived(templates[0]!.name, templates[0]!);
        psds = psdParts.map((p) => incomingReceived(p.name, p));
        for (const f of received) if (f.field !== 'template' && f.field !== 'psd') d.files.discard(f);
        comp = upload.fields.comp ? upload.fields.comp : null;
        // as BatchJsonBody's comp: a name, not 64 KB echoed back in the refusal
        if (comp !== null && comp.length > 1000) {
          for (const f of received) d.files.discard(f);
          throw new BadInputError(`comp: at most 1000 characters (got ${comp.length})`);
        }
      } else if (type.startsWith('application/json')) {
        const parsed = BatchJsonBody.safeParse(await c.req.json());
        if (!parsed.success) throw new BadInputError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        template = incomingPath(parsed.data.template_path, 'template_path', d.allowedRoots);
        psds = parsed.data.psd_paths.map((p, i) => incomingPath(p, `psd_paths[${i}]`, d.allowedRoots));
        comp = parsed.data.comp ?? null;
      } else {
        throw new UnsupportedMediaError('POST /api/batches takes multipart/form-data (fields template, psd) or application/json {template_path, psd_paths}');
      }
      let result;
      try {
        result = await ingestBatch({ jobs: d.jobs, files: d.files, runner: d.runner, maxFileBytes: d.maxFileBytes }, { template, psds, comp });
      } finally {
        // Parts not committed (a refused batch) leave no temp files behind.
        for (const f of received) d.files.discard(f);
      }
      for (const j of result.jobs) d.events.emit({ type: 'job_created', job_id: j.job_id, batch_id: result.batch_id, stage: 1 });
      return c.json(result, 201);
    });
}
