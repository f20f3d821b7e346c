// The pipeline spec's Test 2 with real content, over HTTP: a design whose featured image is square
// goes into the edforman template's 4:5 slot; validation stops the job at stage 4 with a critical
// aspect_ratio_mismatch that names the slot and the layer; back to matching, the editor leaves that
// slot empty and the job goes on to stage 5; a second design is overridden with a reason instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '../../shared/match.js';
import type { ValidationIssue } from '../../shared/validation.js';
import { EDFORMAN, fittingDesign, job, proposedMatches, templateSlots, uploadBatch } from '../helpers/flow.js';
import { startCompanion, type TestCompanion } from '../helpers/server.js';

let t: TestCompanion;
let tpl: ReturnType<typeof templateSlots>;
let featured: string;

beforeAll(async () => {
  t = await startCompanion();
  tpl = templateSlots(EDFORMAN);
  featured = tpl.slots.find((s) => s.layerName === 'featuredimage1')!.id;
  // what After Effects reports through the panel: the template's font is installed
  const put = await t.json('/api/environment/fonts', { method: 'PUT', body: { fonts: ['RUSHFLOW', 'ArialMT'] } });
  expect(put.status).toBe(200);
});
afterAll(() => t.stop());

const approve = (id: string, matches: Match[]) => t.json(`/api/job/${id}/approve-stage2`, { method: 'POST', body: { approved_matches: matches, user_id: 'editor', next_action: 'continue' } });

async function squareJob(name: string): Promise<{ id: string; matches: Match[] }> {
  const { jobs } = await uploadBatch(t, { name: EDFORMAN, bytes: tpl.bytes }, [{ name, bytes: fittingDesign(tpl, { square: featured }) }]);
  await t.idle();
  const id = jobs[0]!.job_id;
  expect((await job(t, id)).current_stage).toBe(2);
  return { id, matches: await proposedMatches(t, id) };
}

describe('Test 2: critical validation issues, with real content', () => {
  it('the featured slot is 4:5 and the design gives it a square: 25% apart, beyond the 20% tolerance', () => {
    const s = tpl.slots.find((x) => x.id === featured)!;
    expect([s.box.right - s.box.left, s.box.bottom - s.box.top]).toEqual([1200, 1500]);
  });

  it('stops at stage 4 with the issue; fixing the match in stage 2 lets it through to stage 5', async () => {
    const { id, matches } = await squareJob('square-featured.psd');
    const m = matches.find((x) => x.slot.id === featured)!;
    expect(m.psdLayer?.name).toBe('featuredimage1');

    const r = await approve(id, matches);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, requires_validation: true, validation_url: `/validate/${id}`, critical_count: 1 });
    let j = await job(t, id);
    expect(j.current_stage).toBe(4);
    const critical: ValidationIssue[] = j.stage3_validation_results.critical_issues;
    expect(critical.map((i) => i.code)).toEqual(['aspect_ratio_mismatch']);
    expect(critical[0]).toMatchObject({ slotId: featured, slotName: 'featuredimage1', psdLayerName: 'featuredimage1', measured: { contentAspect: 1, slotAspect: 0.8, differencePct: 25 } });
    expect(critical[0]!.message).toMatch(/^Slot "featuredimage1" ← PSD layer "featuredimage1" \(id \d+\): the layer is 1200×1200 .* and the slot 1200×1500/);
    // nothing else is wrong with this design: fonts installed, names fit, other images on their boxes
    expect(j.stage3_validation_results.warnings).toEqual([]);

    const back = await t.json(`/api/job/${id}/return-to-matching`, { method: 'POST', body: { user_id: 'editor' } });
    expect(back.body).toMatchObject({ success: true, redirect_url: `/review-matching/${id}` });
    expect((await job(t, id)).current_stage).toBe(2);

    // the editor leaves the featured slot to the template rather than crop the square
    const fixed = matches.map((x) => (x.slot.id === featured ? { ...x, psdLayer: null } : x));
    const again = await approve(id, fixed);
    expect(again.body).toMatchObject({ success: true, requires_validation: false });
    j = await job(t, id);
    expect(j.current_stage).toBeGreaterThanOrEqual(5);
    expect(j.stage4_skipped).toBe(true);
    expect(j.stage3_validation_results.critical_issues).toEqual([]);
    expect(j.stage3_validation_results.warnings.map((i: ValidationIssue) => [i.code, i.slotName])).toEqual([['unmatched_slot', 'featuredimage1']]);
    await t.idle();
  });

  it('override with a reason takes the job to stage 5 with the issue on record', async () => {
    const { id, matches } = await squareJob('square-override.psd');
    expect((await approve(id, matches)).body.requires_validation).toBe(true);
    const o = await t.json(`/api/job/${id}/override-validation`, { method: 'POST', body: { user_id: 'lead', override_reason: 'The client wants the square crop' } });
    expect(o.status).toBe(200);
    const j = await job(t, id);
    expect(j.current_stage).toBeGreaterThanOrEqual(5);
    expect(j.stage4_override_reason).toBe('The client wants the square crop');
    expect(j.stage3_validation_results.critical_issues.map((i: ValidationIssue) => i.code)).toEqual(['aspect_ratio_mismatch']);
    await t.idle();
  });
});
