import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedTransition, TRANSITIONS, type StageState } from '../../shared/stages.js';
import { StageMachine, stageStateOf } from '../../companion/src/pipeline/stage-machine.js';
import { InvalidTransitionError } from '../../companion/src/errors.js';
import { startCompanion, type TestCompanion } from '../helpers/server.js';
import { syntheticJob } from '../helpers/synthetic-jobs.js';

const STAGES: StageState[] = [0, 1, 2, 3, 4, 5, 6];
let t: TestCompanion;
let machine: StageMachine;

beforeAll(async () => {
  t = await startCompanion();
  machine = new StageMachine(t.companion.jobs);
});
afterAll(() => t.stop());

describe('the stage machine', () => {
  it('allows exactly the nine transitions of the spec', () => {
    expect(TRANSITIONS.map(([a, b]) => `${a}->${b}`)).toEqual(['0->1', '1->2', '2->3', '3->4', '3->5', '4->2', '4->5', '5->6', '6->complete']);
  });

  it('refuses every pair of 0..6 outside the table and changes nothing', () => {
    let refused = 0;
    for (const from of STAGES) {
      for (const to of STAGES) {
        if (isAllowedTransition(from, to)) continue;
        const jobId = syntheticJob(t.companion, from, machine);
        const before = t.companion.jobs.get(jobId);
        const logsBefore = t.companion.jobs.logs(jobId).length;
        expect(() => machine.transition({ jobId, from, to, userId: 'u', action: 'x', message: 'x' })).toThrow(InvalidTransitionError);
        expect(t.companion.jobs.get(jobId)).toEqual(before);
        expect(t.companion.jobs.logs(jobId).length).toBe(logsBefore);
        refused++;
      }
    }
    // 49 pairs, 8 of them allowed (6→complete is not among 0..6 pairs).
    expect(refused).toBe(41);
  });

  it('refuses a transition whose expected current stage is stale (compare-and-set)', () => {
    const jobId = syntheticJob(t.companion, 3, machine);
    machine.transition({ jobId, from: 3, to: 5, userId: 'a', action: 'x', message: 'x' });
    expect(() => machine.transition({ jobId, from: 3, to: 4, userId: 'b', action: 'x', message: 'x' })).toThrow('Invalid transition from stage 5 to 4');
  });

  it('marks stages 3 and 4 complete and 4 skipped on 3→5', () => {
    const jobId = syntheticJob(t.companion, 5, machine);
    const row = t.companion.jobs.get(jobId);
    expect(row.stage3_completed_at).not.toBeNull();
    expect(row.stage4_completed_at).not.toBeNull();
    expect(row.stage4_skipped).toBe(1);
    expect(row.status).toBe('generating_extendscript');
  });

  it('stamps stage 4 and clears the skip flag on 4→5, and stamps nothing on 4→2', () => {
    const jobId = syntheticJob(t.companion, 4, machine);
    expect(t.companion.jobs.get(jobId).stage4_completed_at).toBeNull();
    machine.transition({ jobId, from: 4, to: 2, userId: 'u', action: 'back', message: 'back' });
    expect(t.companion.jobs.get(jobId).stage4_completed_at).toBeNull();
    expect(t.companion.jobs.get(jobId).status).toBe('awaiting_review');
    machine.transition({ jobId, from: 2, to: 3, userId: 'u', action: 'x', message: 'x' });
    machine.transition({ jobId, from: 3, to: 4, userId: 'u', action: 'x', message: 'x' });
    machine.transition({ jobId, from: 4, to: 5, userId: 'u', action: 'x', message: 'x' });
    const row = t.companion.jobs.get(jobId);
    expect(row.stage4_completed_at).not.toBeNull();
    expect(row.stage4_skipped).toBe(0);
  });

  it('logs who, when, from, to and why for every transition, and completes from 6', () => {
    const jobId = syntheticJob(t.companion, 6, machine);
    machine.transition({ jobId, from: 6, to: 'complete', userId: 'editor-7', action: 'downloaded', message: 'because' });
    const row = t.companion.jobs.get(jobId);
    expect(stageStateOf(row)).toBe('complete');
    expect(row.stage6_completed_at).not.toBeNull();
    const last = t.companion.jobs.logs(jobId).at(-1)!;
    expect(last).toMatchObject({ from_stage: '6', to_stage: 'complete', user_id: 'editor-7', message: 'because', action: 'downloaded' });
    expect(Date.parse(last.created_at)).not.toBeNaN();
    expect(() => machine.transition({ jobId, from: 6, to: 'complete', userId: 'x', action: 'x', message: 'x' })).toThrow(InvalidTransitionError);
  });
});
