// Fuzz cases through the upload API (POST /api/batches, multipart template + psd), shared by
// tests/reliability/fuzz-upload.test.ts and `npm run stress`. A good job uploaded first must come
// through untouched: same stage, same stage-1 results, its stored files still hashing to their names.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeDesign } from '../helpers/designs.js';
import type { TestCompanion } from '../helpers/server.js';
import { CRASH_MESSAGE, makeCase, psdSource, templateSource, type CaseSpec } from './fuzz-cases.js';

export const GOOD_TEMPLATE = 'nexrender_2layers1image_ae15.0.aepx';
export const goodDesign = () =>
  makeDesign(400, 300, [
    { name: 'Photo', kind: 'image', box: { left: 0, top: 0, right: 200, bottom: 150 } },
    { name: 'Title', kind: 'text', box: { left: 10, top: 200, right: 300, bottom: 240 }, text: 'Good job' },
  ]);

export interface GoodJob {
  id: string;
  snapshot: string;
}

function form(template: { name: string; bytes: Uint8Array }, psds: Array<{ name: string; bytes: Uint8Array }>): FormData {
  const f = new FormData();
  f.append('template', new Blob([template.bytes as Uint8Array<ArrayBuffer>]), template.name);
  for (const p of psds) f.append('psd', new Blob([p.bytes as Uint8Array<ArrayBuffer>]), p.name);
  return f;
}

function snapshotOf(t: TestCompanion, id: string): string {
  const row = t.companion.jobs.get(id);
  return JSON.stringify({ stage: row.current_stage, status: row.status, error: row.error, psd: row.psd_sha256, tpl: row.template_sha256, s1: row.stage1_results, logs: t.companion.jobs.logs(id).length });
}

export async function uploadGoodJob(t: TestCompanion): Promise<GoodJob> {
  const r = await t.json('/api/batches', { method: 'POST', body: form({ name: GOOD_TEMPLATE, bytes: templateSource(GOOD_TEMPLATE) }, [{ name: 'good.psd', bytes: goodDesign() }]) });
  if (r.status !== 201) throw new Error(`good upload: ${r.status} ${JSON.stringify(r.body)}`);
  await t.idle();
  const id = r.body.jobs[0].job_id as string;
  const row = t.companion.jobs.get(id);
  if (row.current_stage !== 2) throw new Error(`good job at ${row.current_stage}/${row.status}: ${row.error}`);
  return { id, snapshot: snapshotOf(t, id) };
}

export interface UploadResult {
  spec: CaseSpec;
  note: string;
  status: number;
  /** The refusal, or the failed job's error. */
  message: string | null;
  failure: string | null;
  ms: number;
}

const readable = (m: unknown): string | null => {
  if (typeof m !== 'string' || !m.trim()) return 'no error message';
  if (m.length > 2000) return `error message of ${m.length} chars`;
  if (CRASH_MESSAGE.test(m)) return `crash-style message: ${m.slice(0, 300)}`;
  return null;
};

/** Uploads one fuzz case (a PSD case with the good template, a template case with the good design). */
export async function uploadCase(t: TestCompanion, spec: CaseSpec, opts: { timeLimitMs: number }): Promise<UploadResult> {
  const c = makeCase(spec);
  const t0 = performance.now();
  const template = c.target === 'template' ? { name: `fuzz-${spec.seed}.aepx`, bytes: c.bytes } : { name: GOOD_TEMPLATE, bytes: templateSource(GOOD_TEMPLATE) };
  const psds = c.target === 'psd' ? [{ name: `fuzz-${spec.seed}.psd`, bytes: c.bytes }] : [{ name: 'design.psd', bytes: goodDesign() }];
  const res: UploadResult = { spec, note: c.note, status: 0, message: null, failure: null, ms: 0 };
  try {
    const r = await t.json('/api/batches', { method: 'POST', body: form(template, psds) });
    res.status = r.status;
    if (r.status === 201) {
      await t.idle();
      const row = t.companion.jobs.get(r.body.jobs[0].job_id);
      if (row.status === 'failed') {
        res.message = row.error;
        res.failure = readable(row.error);
      } else if (row.current_stage !== 2) res.failure = `job ended at ${row.current_stage}/${row.status}`;
    } else if (r.status >= 400 && r.status < 500) {
      res.message = r.body?.error ?? null;
      res.failure = r.body?.success === false ? readable(r.body.error) : `4xx without {success:false}: ${JSON.stringify(r.body).slice(0, 200)}`;
    } else res.failure = `HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`;
  } catch (e) {
    res.failure = `request failed: ${(e as Error).message}`;
  }
  res.ms = performance.now() - t0;
  if (!res.failure && res.ms > opts.timeLimitMs) res.failure = `took ${res.ms.toFixed(0)} ms (limit ${opts.timeLimitMs})`;
  return res;
}

/** Everything that must still hold after a fuzz run: the server answers, the good job is as it was, the store is sound. */
export async function afterFuzzChecks(t: TestCompanion, good: GoodJob): Promise<string[]> {
  const out: string[] = [];
  const health = await t.api('/api/health');
  if (health.status !== 200) out.push(`health ${health.status}`);
  if (snapshotOf(t, good.id) !== good.snapshot) out.push(`the good job changed: ${snapshotOf(t, good.id).slice(0, 300)}`);
  const m = await t.json(`/api/job/${good.id}/matches`);
  if (m.status !== 200) out.push(`good job matches: ${m.status}`);
  out.push(...storeProblems(t.dataDir));
  return out;
}

/** Every stored file's sha256 is its name; nothing is left in files/tmp; every DB file row has its file. */
export function storeProblems(dataDir: string, opts: { allowTmp?: boolean } = {}): string[] {
  const out: string[] = [];
  const root = path.join(dataDir, 'files');
  for (const d of fs.readdirSync(root)) {
    if (d === 'tmp') {
      const left = fs.readdirSync(path.join(root, d));
      if (left.length && !opts.allowTmp) out.push(`files/tmp holds ${left.length} leftovers: ${left.slice(0, 3).join(', ')}`);
      continue;
    }
    for (const f of fs.readdirSync(path.join(root, d))) {
      const sha = crypto.createHash('sha256').update(fs.readFileSync(path.join(root, d, f))).digest('hex');
      if (sha !== f || !f.startsWith(d)) out.push(`files/${d}/${f} hashes to ${sha}`);
    }
  }
  return out;
}

export { psdSource };
