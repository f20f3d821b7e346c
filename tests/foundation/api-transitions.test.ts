import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageState } from '../../shared/stages.js';
import { startCompanion, type TestCompanion } from '../helpers/server.js';
import { syntheticJob } from '../helpers/synthetic-jobs.js';

let t: TestCompanion;
beforeAll(async () => {
  t = await startCompanion();
});
afterAll(() => t.stop());

const ENDPOINTS: Array<{ path: string; body: object; from: StageState; to: StageState }> = [
  { path: 'approve-stage2', body: { approved_matches: [], user_id: 'u' }, from: 2, to: 3 },
  { path: 'return-to-matching', body: { user_id: 'u' }, from: 4, to: 2 },
  { path: 'override-validation', body: { user_id: 'u', override_reason: 'Client signed off on it' }, from: 4, to: 5 },
];

describe('the spec endpoints refuse transitions from the wrong stage', () => {
  for (const e of ENDPOINTS) {
    it(`${e.path} answers 409 from every stage but ${e.from}, changing nothing`, async () => {
      for (const at of [0, 1, 2, 3, 4, 5, 6, 'complete'] as StageState[]) {
        if (at === e.from) continue;
        const jobId = syntheticJob(t.companion, at);
        const before = t.companion.jobs.get(jobId);
        const logs = t.companion.jobs.logs(jobId).length;
        const r = await t.json(`/api/job/${jobId}/${e.path}`, { method: 'POST', body: e.body });
        expect(r.status, `${e.path} at ${at}`).toBe(409);
        expect(r.body).toEqual({ success: false, error: `Invalid transition from stage ${at} to ${e.to}` });
        expect(t.companion.jobs.get(jobId)).toEqual(before);
        expect(t.companion.jobs.logs(jobId).length).toBe(logs);
      }
    });
  }

  it('requires an override reason of at least 10 characters (400) and changes nothing', async () => {
    const jobId = syntheticJob(t.companion, 4);
    for (const reason of [undefined, '', 'too short']) {
      const r = await t.json(`/api/job/${jobId}/override-validation`, { method: 'POST', body: { user_id: 'u', override_reason: reason } });
      expect(r.status).toBe(400);
      expect(r.body.success).toBe(false);
      expect(r.body.error).toMatch(/reason/i);
    }
    expect(t.companion.jobs.get(jobId).current_stage).toBe(4);
    const ok = await t.json(`/api/job/${jobId}/override-validation`, { method: 'POST', body: { user_id: 'lead', override_reason: 'Client approved the crop' } });
    expect(ok.status).toBe(200);
    const row = t.companion.jobs.get(jobId);
    // 4→5, then generation runs in the background and may already have moved it on to 6
    expect(row.stage4_completed_at).not.toBeNull();
    expect([5, 6]).toContain(row.current_stage);
    expect(t.companion.jobs.logs(jobId).some((l) => l.from_stage === '4' && l.to_stage === '5')).toBe(true);
    expect(row.stage4_override_reason).toBe('Client approved the crop');
    const log = t.companion.jobs.logs(jobId).find((l) => l.action === 'validation_overridden')!;
    expect(log.user_id).toBe('lead');
    expect(log.message).toContain('Client approved the crop');
  });
});

describe('concurrent approvals', () => {
  it('50 concurrent approve-stage2 calls move the job exactly once, with one log entry and no 500', async () => {
    const jobId = syntheticJob(t.companion, 2);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.json(`/api/job/${jobId}/approve-stage2`, { method: 'POST', body: { approved_matches: [], user_id: `u${i}` } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(statuses.some((s) => s >= 500)).toBe(false);
    const approvals = t.companion.jobs.logs(jobId).filter((l) => l.from_stage === '2' && l.to_stage === '3');
    expect(approvals).toHaveLength(1);
  });
});
