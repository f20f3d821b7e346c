// Stage 1 over a real batch: one bad PSD fails alone, the rest reach review; retry runs stage 1
// again; layer images are served over HTTP for the review screen.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type TestCompanion } from '../helpers/server.js';
import { EDFORMAN, fittingDesign, job, templateSlots, uploadBatch } from '../helpers/flow.js';
import { PSD_CORPUS } from '../helpers/corpus.js';

let t: TestCompanion;
let tpl: ReturnType<typeof templateSlots>;
beforeAll(async () => {
  t = await startCompanion();
  tpl = templateSlots(EDFORMAN);
});
afterAll(() => t.stop());

const corrupt = () => new Uint8Array(fs.readFileSync(path.join(PSD_CORPUS, 'corrupt-section-exceeds-size_pillow.psd')));

describe('a batch with one corrupt PSD', () => {
  it('takes 19 good designs to stage 2 and fails the corrupt one alone, with a readable error and a log entry', async () => {
    const psds = Array.from({ length: 20 }, (_, i) => (i === 7 ? { name: 'broken.psd', bytes: corrupt() } : { name: `design-${i}.psd`, bytes: fittingDesign(tpl, { texts: { [tpl.slots[0]!.id]: `Player ${i}` } }) }));
    const { jobs } = await uploadBatch(t, { name: EDFORMAN, bytes: tpl.bytes }, psds);
    expect(jobs).toHaveLength(20);
    await t.idle();
    const views = await Promise.all(jobs.map((j) => job(t, j.job_id)));
    const failed = views.filter((v) => v.status === 'failed');
    expect(failed.map((v) => v.name)).toEqual(['broken']);
    expect(failed[0].current_stage).toBe(1);
    expect(failed[0].error).toMatch(/PSD|section|size|corrupt/i);
    expect(views.filter((v) => v.current_stage === 2 && v.status === 'awaiting_review')).toHaveLength(19);
    const logs = (await t.json(`/api/job/${failed[0].job_id}/logs`)).body.logs as Array<{ action: string; message: string }>;
    expect(logs.some((l) => l.action === 'stage_failed' && l.message.includes(failed[0].error))).toBe(true);

    // Retry runs stage 1 again: the same bytes fail the same way, and say so again.
    const r = await t.json(`/api/job/${failed[0].job_id}/retry`, { method: 'POST', body: { user_id: 'editor' } });
    expect(r.status).toBe(200);
    await t.idle();
    const again = await job(t, failed[0].job_id);
    expect(again.status).toBe('failed');
    const logs2 = (await t.json(`/api/job/${failed[0].job_id}/logs`)).body.logs as Array<{ action: string }>;
    expect(logs2.filter((l) => l.action === 'stage_failed')).toHaveLength(2);
    expect(logs2.some((l) => l.action === 'retry')).toBe(true);
    // A job that has not failed has nothing to retry.
    expect((await t.json(`/api/job/${jobs[0]!.job_id}/retry`, { method: 'POST', body: {} })).status).toBe(409);
  });
});

describe('layer images over HTTP', () => {
  it('serves a full PNG at the layer size and a thumbnail of at most 256 px, and 404s an unknown layer', async () => {
    const { jobs } = await uploadBatch(t, { name: EDFORMAN, bytes: tpl.bytes }, [{ name: 'pics.psd', bytes: fittingDesign(tpl) }]);
    await t.idle();
    const id = jobs[0]!.job_id;
    const matches = (await t.json(`/api/job/${id}/matches`)).body;
    const layer = (matches.psd?.layers ?? matches.stage1?.psd?.layers ?? []).find((l: { kind: string }) => l.kind === 'image') as { id: number; bounds: { left: number; right: number; top: number; bottom: number } } | undefined;
    const layerId = layer?.id ?? matches.matches.find((m: { slot: { kind: string }; psdLayer: unknown }) => m.slot.kind !== 'text' && m.psdLayer).psdLayer.id;
    const full = await t.api(`/api/job/${id}/psd/layers/${layerId}.png`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await full.arrayBuffer())).metadata();
    expect(meta.channels).toBe(4);
    if (layer) expect([meta.width, meta.height]).toEqual([layer.bounds.right - layer.bounds.left, layer.bounds.bottom - layer.bounds.top]);
    const thumb = await t.api(`/api/job/${id}/psd/layers/${layerId}/thumb.png`);
    expect(thumb.status).toBe(200);
    const tm = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(tm.width!, tm.height!)).toBeLessThanOrEqual(256);
    const missing = await t.json(`/api/job/${id}/psd/layers/999999.png`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/999999/);
  });
});
