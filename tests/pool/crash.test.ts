// A worker that dies mid-task: that task rejects with the reason, the pool replaces the worker and
// the next tasks succeed; through the companion, the job whose extraction killed its worker ends
// failed with the reason and a log entry while the rest of the batch finishes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkerCrashError, WorkerPool, WorkerPoolClosedError } from '../../companion/src/pipeline/worker-pool.js';
import { makeDesign } from '../helpers/designs.js';
import { EDFORMAN, fittingDesign, job, templateSlots, uploadBatch } from '../helpers/flow.js';
import type { TestCompanion } from '../helpers/server.js';
import { CRASHY_WORKER, ensureBuilt, startWithWorker, TEST_WORKER } from './helpers.js';

type Slept = { threadId: number; tag: number };

let pools: WorkerPool[] = [];
const pool = (size: number, memoryMb = 256) => {
  const p = new WorkerPool({ size, memoryMb, script: TEST_WORKER });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

describe('a worker that dies mid-task', () => {
  it('process.exit: the task rejects with "worker exited with code 7"; a new worker takes the next tasks', async () => {
    const p = pool(1);
    const first = await p.run<Slept>('sleep', { ms: 1, tag: 0 });
    const crash = p.run('exit', { code: 7 });
    const after = [p.run<Slept>('sleep', { ms: 1, tag: 1 }), p.run<Slept>('sleep', { ms: 1, tag: 2 })];
    await expect(crash).rejects.toThrow(new WorkerCrashError('worker exited with code 7'));
    const rest = await Promise.all(after);
    expect(rest.map((r) => r.tag)).toEqual([1, 2]);
    expect(rest[0]!.threadId).not.toBe(first.threadId);
    expect(p.stats()).toMatchObject({ alive: 1, started: 2, crashed: 1 });
  });

  it('past the heap ceiling: the task rejects with "worker ran out of memory (ceiling 32 MB)"; the others on the pool are untouched', async () => {
    const p = pool(2, 32);
    const slow = p.run<Slept>('sleep', { ms: 300, tag: 9 });
    const oom = p.run('oom', {});
    await expect(oom).rejects.toThrow('worker ran out of memory (ceiling 32 MB)');
    expect((await slow).tag).toBe(9);
    const next = await Promise.all([1, 2, 3].map((tag) => p.run<Slept>('sleep', { ms: 1, tag })));
    expect(next.map((r) => r.tag)).toEqual([1, 2, 3]);
    expect(p.stats()).toMatchObject({ alive: 2, started: 3, crashed: 1 });
  }, 30_000);

  it('an uncaught error outside any task: the task in hand rejects with "worker crashed: <message>"', async () => {
    const p = pool(1);
    await expect(p.run('uncaught', { message: 'boom in a timer' })).rejects.toThrow('worker crashed: boom in a timer');
    await expect(p.run<Slept>('sleep', { ms: 1, tag: 5 })).resolves.toMatchObject({ tag: 5 });
  });

  it('a worker file that cannot start fails each task with the reason instead of hanging', async () => {
    const p = new WorkerPool({ size: 1, memoryMb: 64, script: '/nonexistent/worker.js' });
    pools.push(p);
    await expect(p.run('sleep', { ms: 1 })).rejects.toThrow(/worker crashed: .*nonexistent/);
    await expect(p.run('sleep', { ms: 1 })).rejects.toThrow(WorkerCrashError);
  });

  it('close() rejects running and queued tasks with WorkerPoolClosedError and refuses new ones', async () => {
    const p = pool(1);
    const running = p.run('sleep', { ms: 5_000, tag: 1 }).catch((e: unknown) => e);
    const queued = p.run('sleep', { ms: 1, tag: 2 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    expect(await running).toBeInstanceOf(WorkerPoolClosedError);
    expect(await queued).toBeInstanceOf(WorkerPoolClosedError);
    await expect(p.run('sleep', { ms: 1 })).rejects.toBeInstanceOf(WorkerPoolClosedError);
    expect(p.stats().alive).toBe(0);
  });
});

describe('through the companion: extraction that kills its worker', () => {
  let t: TestCompanion;
  let tpl: ReturnType<typeof templateSlots>;
  beforeAll(async () => {
    ensureBuilt();
    tpl = templateSlots(EDFORMAN);
    // The real worker behind a trap for two marked designs; a ceiling low enough to hit quickly.
    t = await startWithWorker(CRASHY_WORKER, { CONFORM_WORKERS: '2', CONFORM_WORKER_MEMORY_MB: '128' });
  });
  afterAll(() => t?.stop());

  it('fails the crashing and the out-of-memory job with the reason and a log entry; the other 6 reach stage 2', async () => {
    expect(t.companion.pool).not.toBeNull();
    const marked = (name: string) => makeDesign(tpl.width, tpl.height, [{ name, kind: 'image', box: { left: 0, top: 0, right: 64, bottom: 64 } }]);
    const text = tpl.slots.find((s) => s.kind === 'text')!.id;
    const psds = Array.from({ length: 8 }, (_, i) =>
      i === 2 ? { name: 'crash.psd', bytes: marked('CRASH_WORKER') } : i === 5 ? { name: 'oom.psd', bytes: marked('OOM_WORKER') } : { name: `ok-${i}.psd`, bytes: fittingDesign(tpl, { texts: { [text]: `Player ${i}` } }) },
    );
    const { jobs } = await uploadBatch(t as TestCompanion, { name: EDFORMAN, bytes: tpl.bytes }, psds);
    await t.idle();
    const views = await Promise.all(jobs.map((j) => job(t as TestCompanion, j.job_id)));
    const byName = Object.fromEntries(views.map((v) => [v.name, v]));
    expect(byName.crash).toMatchObject({ status: 'failed', current_stage: 1, error: 'worker exited with code 3' });
    expect(byName.oom).toMatchObject({ status: 'failed', current_stage: 1, error: 'worker ran out of memory (ceiling 128 MB)' });
    const ok = views.filter((v) => v.name.startsWith('ok-'));
    expect(ok).toHaveLength(6);
    for (const v of ok) expect(v).toMatchObject({ current_stage: 2, status: 'awaiting_review', error: null });
    for (const v of [byName.crash, byName.oom]) {
      const logs = (await t.json(`/api/job/${v.job_id}/logs`)).body.logs as Array<{ action: string; message: string }>;
      expect(logs.filter((l) => l.action === 'stage_failed').map((l) => l.message)).toEqual([`Stage 1 failed: ${v.error}`]);
    }
    const s = t.companion.pool!.stats();
    expect(s.crashed).toBe(2);
    expect(s.alive).toBeLessThanOrEqual(2);

    // The pool recovered: a retry of the crashed job runs on a fresh worker (and crashes it again, the
    // same way), and a new good design still goes through.
    expect((await t.json(`/api/job/${byName.crash.job_id}/retry`, { method: 'POST', body: { user_id: 'editor' } })).status).toBe(200);
    const more = await uploadBatch(t as TestCompanion, { name: EDFORMAN, bytes: tpl.bytes }, [{ name: 'late.psd', bytes: fittingDesign(tpl, { texts: { [text]: 'Late' } }) }]);
    await t.idle();
    expect(await job(t as TestCompanion, byName.crash.job_id)).toMatchObject({ status: 'failed', error: 'worker exited with code 3' });
    expect(await job(t as TestCompanion, more.jobs[0]!.job_id)).toMatchObject({ current_stage: 2, status: 'awaiting_review' });
    expect(t.companion.pool!.stats().crashed).toBe(3);
  }, 60_000);

  it('a worker dying while it writes a bundle fails that job at stage 5 with the reason, leaves no temp folder, and the next bundle is written', async () => {
    const text = tpl.slots.find((s) => s.kind === 'text')!.id;
    const { jobs } = await uploadBatch(t as TestCompanion, { name: EDFORMAN, bytes: tpl.bytes }, [
      { name: 'CRASH_DELIVER.psd', bytes: fittingDesign(tpl, { texts: { [text]: 'Doomed' } }) },
      { name: 'fine.psd', bytes: fittingDesign(tpl, { texts: { [text]: 'Fine' } }) },
    ]);
    await t.idle();
    for (const j of jobs) {
      const matches = (await t.json(`/api/job/${j.job_id}/matches`)).body.matches;
      const r = await t.json(`/api/job/${j.job_id}/approve-stage2`, { method: 'POST', body: { approved_matches: matches, user_id: 'editor', next_action: 'continue' } });
      expect(r.status).toBe(200);
      if (r.body.requires_validation) expect((await t.json(`/api/job/${j.job_id}/override-validation`, { method: 'POST', body: { user_id: 'editor', override_reason: 'accepted for the crash test' } })).status).toBe(200);
    }
    await t.idle();
    const [doomed, fine] = await Promise.all(jobs.map((j) => job(t as TestCompanion, j.job_id)));
    expect(doomed).toMatchObject({ current_stage: 5, status: 'failed', error: 'worker exited with code 4' });
    expect(fine).toMatchObject({ current_stage: 6, status: 'awaiting_download', error: null });
    const logs = (await t.json(`/api/job/${doomed.job_id}/logs`)).body.logs as Array<{ action: string; stage: number; message: string }>;
    expect(logs.filter((l) => l.action === 'stage_failed')).toMatchObject([{ stage: 5, message: 'Stage 5 failed: worker exited with code 4' }]);
    const left = fs.readdirSync(path.join(t.dataDir, 'jobs'));
    expect(left.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(left).toContain(fine.job_id);
    expect(left).not.toContain(doomed.job_id);
  }, 60_000);
});
