// Entry of a worker thread for automatic stage work (see worker-pool.ts for the protocol). Built to
// dist/companion/worker.js. Each task is the same pure step the main thread would run in-process:
// 'extract' is stage 1's extractAndMatch, 'deliver' is stage 5's bundle writer.
import fs from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { Stage1Results } from '../../../shared/job.js';
import type { Match } from '../../../shared/match.js';
import type { Settings } from '../../../shared/settings.js';
import type { TemplateDoc } from '../../../shared/template.js';
import type { JobRow } from '../storage/jobs-repo.js';
import { extractAndMatchFile } from './stage1-extract.js';
import { openLayerDecoderFile } from './psd/layer-image.js';
import { createDeliverer } from './stage5-bundle.js';
import type { Deliverer } from './stage5-generate.js';

export interface ExtractPayload {
  psdPath: string;
  template: TemplateDoc;
  compName: string | null;
}

export interface DeliverPayload {
  /** The folder holding every job's bundle folder (jobs/<jobId>). */
  jobsDir: string;
  cacheDir: string;
  job: JobRow;
  stage1: Stage1Results;
  approved: Match[];
  template: TemplateDoc;
  settings: Settings;
  psdPath: string;
  templatePath: string;
}

const deliverers = new Map<string, Deliverer>();

function deliverer(jobsDir: string, cacheDir: string): Deliverer {
  const key = `${jobsDir}\0${cacheDir}`;
  let d = deliverers.get(key);
  if (!d) {
    d = createDeliverer({ bundleDir: (jobId) => path.join(jobsDir, jobId), cacheDir });
    deliverers.set(key, d);
  }
  return d;
}

const readBytes = (file: string) => {
  const buf = fs.readFileSync(file);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};

async function handle(kind: string, payload: unknown): Promise<unknown> {
  if (kind === 'extract') {
    const p = payload as ExtractPayload;
    return extractAndMatchFile(p.psdPath, p.template, p.compName);
  }
  if (kind === 'deliver') {
    const p = payload as DeliverPayload;
    return deliverer(p.jobsDir, p.cacheDir).deliver({
      job: p.job,
      stage1: p.stage1,
      approved: p.approved,
      template: p.template,
      settings: p.settings,
      openPsd: () => openLayerDecoderFile(p.psdPath),
      templateBytes: () => readBytes(p.templatePath),
    });
  }
  throw new Error(`unknown worker task "${kind}"`);
}

const port = parentPort;
if (port) {
  port.on('message', (m: { id: number; kind: string; payload: unknown }) => {
    handle(m.kind, m.payload).then(
      (result) => port.postMessage({ id: m.id, ok: true, result }),
      (e: unknown) => {
        const err: Error & { status?: unknown; code?: unknown } = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ id: m.id, ok: false, error: { name: err.name, message: err.message, status: typeof err.status === 'number' ? err.status : undefined, code: typeof err.code === 'string' ? err.code : undefined } });
      },
    );
  });
}
