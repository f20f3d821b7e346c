// The pipeline spec's testing checklist (Test 1, 2, 3) over real HTTP, a real SQLite file, a real
// template from the corpus and designs generated to fit it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type TestCompanion } from '../helpers/server.js';
import { EDFORMAN, fittingDesign, job, proposedMatches, templateSlots, uploadBatch } from '../helpers/flow.js';

let t: TestCompanion;
let tpl: ReturnType<typeof templateSlots>;
let wideSlot: string;

beforeAll(async () => {
  t = await startCompanion();
  tpl = templateSlots(EDFORMAN);
  // The fonts After Effects reports through the panel: the template's own font is installed.
  await t.json('/api/environment/fonts', { method: 'PUT', body: { fonts: ['RUSHFLOW', 'ArialMT'] } });
  const image = tpl.slots.find((s) => s.kind !== 'text' && Math.abs((s.box.right - s.box.left) / (s.box.bottom - s.box.top) - 1) > 0.15);
  if (!image) throw new Error('the template has no clearly non-square image slot');
  wideSlot = image.id;
});
afterAll(() => t.stop());

const good = () => ({ name: 'good.psd', bytes: fittingDesign(tpl) });
const bad = () => ({ name: 'bad.psd', bytes: fittingDesign(tpl, { square: wideSlot }) });
const template = () => ({ name: EDFORMAN, bytes: tpl.bytes });
const approve = (id: string, matches: unknown, next_action = 'continue') =>
  t.json(`/api/job/${id}/approve-stage2`, { method: 'POST', body: { approved_matches: matches, user_id: 'editor', next_action } });

describe('Test 1: no validation issues (happy path)', () => {
  it('goes 2→3→5 skipping stage 4, then 6 and complete on download', async () => {
    const { jobs } = await uploadBatch(t, template(), [good()]);
    await t.idle();
    const id = jobs[0]!.job_id;
    expect((await job(t, id)).current_stage).toBe(2);
    const r = await approve(id, await proposedMatches(t, id), 'dashboard');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, job_id: id, requires_validation: false });
    let j = await job(t, id);
    expect(j.current_stage).toBeGreaterThanOrEqual(5);
    expect(j.stage3_completed_at).not.toBeNull();
    expect(j.stage4_completed_at).not.toBeNull();
    expect(j.stage4_skipped).toBe(true);
    await t.idle();
    j = await job(t, id);
    expect(j.error).toBeNull();
    expect(j.current_stage).toBe(6);
    expect(j.status).toBe('awaiting_download');
    const script = await t.api(`/api/job/${id}/script`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('var P =');
    j = await job(t, id);
    expect(j.status).toBe('complete');
    expect(j.stage6_downloaded_at).not.toBeNull();
    const actions = (await t.json(`/api/job/${id}/logs`)).body.logs.map((l: { from_stage: string; to_stage: string }) => `${l.from_stage}->${l.to_stage}`);
    expect(actions).toEqual(expect.arrayContaining(['0->1', '1->2', '2->3', '3->5', '5->6', '6->complete']));
    expect(actions).not.toContain('3->4');
  });
});

describe('Test 2: critical validation issues', () => {
  it('lands in stage 4; return to matching goes to 2; approve again; override with a reason goes to 5', async () => {
    const { jobs } = await uploadBatch(t, template(), [bad()]);
    await t.idle();
    const id = jobs[0]!.job_id;
    const matches = await proposedMatches(t, id);
    const r = await approve(id, matches);
    expect(r.body).toMatchObject({ success: true, requires_validation: true, validation_url: `/validate/${id}` });
    expect(r.body.critical_count).toBeGreaterThan(0);
    let j = await job(t, id);
    expect(j.current_stage).toBe(4);
    expect(j.status).toBe('awaiting_validation_review');
    expect(j.stage3_validation_results.critical_issues.map((i: { code: string }) => i.code)).toContain('aspect_ratio_mismatch');

    const back = await t.json(`/api/job/${id}/return-to-matching`, { method: 'POST', body: { user_id: 'editor' } });
    expect(back.body).toMatchObject({ success: true, redirect_url: `/review-matching/${id}` });
    j = await job(t, id);
    expect(j.current_stage).toBe(2);
    // The approved matches stay as the starting point of the next review.
    expect((await t.json(`/api/job/${id}/matches`)).body.approved).toEqual(j.stage2_approved_matches);

    const again = await approve(id, matches);
    expect(again.body.requires_validation).toBe(true);
    const o = await t.json(`/api/job/${id}/override-validation`, { method: 'POST', body: { user_id: 'lead', override_reason: 'Client accepts the crop on the cutout' } });
    expect(o.status).toBe(200);
    j = await job(t, id);
    expect(j.current_stage).toBeGreaterThanOrEqual(5);
    expect(j.stage4_override_reason).toBe('Client accepts the crop on the cutout');
    expect(j.stage4_skipped).toBe(false);
    await t.idle();
    expect((await job(t, id)).current_stage).toBe(6);
  });
});

describe('Test 3: a batch of three jobs', () => {
  it('override job 1, next job gives job 2, job 2 skips stage 4, next gives job 3', async () => {
    // Earlier tests may have left jobs in stage 2: this batch is judged on its own order.
    const { jobs } = await uploadBatch(t, template(), [bad(), good(), good()]);
    await t.idle();
    const [j1, j2, j3] = jobs.map((j) => j.job_id) as [string, string, string];
    const r1 = await approve(j1, await proposedMatches(t, j1), 'next_job');
    expect(r1.body.requires_validation).toBe(true);
    const o = await t.json(`/api/job/${j1}/override-validation`, { method: 'POST', body: { user_id: 'editor', override_reason: 'Approved by the art director' } });
    expect(o.status).toBe(200);
    const stage2 = (await t.json('/api/jobs?stage=2')).body.jobs.map((j: { job_id: string }) => j.job_id);
    expect(stage2).toEqual(expect.arrayContaining([j2, j3]));
    const r2 = await approve(j2, await proposedMatches(t, j2), 'next_job');
    expect(r2.body.requires_validation).toBe(false);
    const j2row = await job(t, j2);
    expect(j2row.stage4_skipped).toBe(true);
    expect(r2.body.next_job_id).toBe(stage2.filter((x: string) => x !== j2)[0]);
    expect([j3, ...stage2]).toContain(r2.body.next_job_id);
    await t.idle();
    expect((await job(t, j1)).current_stage).toBe(6);
    expect((await job(t, j2)).current_stage).toBe(6);
    expect((await job(t, j3)).current_stage).toBe(2);
  });
});
