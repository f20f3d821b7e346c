// SIGKILL mid-batch: the built companion (worker pool on) is killed while jobs are still at stage 1
// and approved jobs wait in stage 5; started again on the same data folder, it finishes every job
// exactly once — no job lost or duplicated, one 1→2 (and 5→6) transition each, the database intact.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDesign } from '../helpers/designs.js';
import { EDFORMAN, fittingDesign, job, proposedMatches, templateSlots, uploadBatch } from '../helpers/flow.js';
import { spawnCompanion, tempDir, type TestCompanion } from '../helpers/server.js';
import { BUILT_WORKER, client, CRASHY_WORKER, ensureBuilt, freePort, startWithWorker, waitFor } from './helpers.js';

type JobView = { job_id: string; name: string; current_stage: number; status: string; error: string | null };

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));

describe('SIGKILL and restart over a 30-design batch', () => {
  beforeAll(() => ensureBuilt());

  it('every job reaches the stage it would have reached, exactly once, and the database passes integrity_check', async () => {
    const dataDir = tempDir('conform-restart-');
    const tpl = templateSlots(EDFORMAN);
    const text = tpl.slots.find((s) => s.kind === 'text')!.id;
    const psds = Array.from({ length: 30 }, (_, i) => ({ name: `design-${String(i).padStart(2, '0')}.psd`, bytes: fittingDesign(tpl, { texts: { [text]: `Player ${i}` } }) }));

    // First run: upload, let a few jobs reach stage 2, approve some of them, kill.
    const a = await spawnCompanion(dataDir, await freePort(), 'restart-token');
    children.push(a.child);
    const ca = client(a.url, a.token);
    await ca.json('/api/environment/fonts', { method: 'PUT', body: { fonts: ['RUSHFLOW', 'ArialMT'] } });
    const { batch_id, jobs } = await uploadBatch(ca as TestCompanion, { name: EDFORMAN, bytes: tpl.bytes }, psds);
    expect(jobs).toHaveLength(30);
    const list = async (c: typeof ca) => (await c.json(`/api/jobs?batch=${batch_id}`)).body.jobs as JobView[];
    const firstDone = await waitFor(async () => {
      const l = await list(ca);
      const done = l.filter((j) => j.current_stage >= 2);
      return done.length >= 3 ? done : undefined;
    }, 30_000, '3 jobs at stage 2', 20);
    // Approved at once (validation runs on the request; their stage 5 queues behind the extractions).
    const approved = firstDone.slice(0, 3).map((j) => j.job_id);
    await Promise.all(
      approved.map(async (id) => {
        const r = await ca.json(`/api/job/${id}/approve-stage2`, { method: 'POST', body: { approved_matches: await proposedMatches(ca as TestCompanion, id), user_id: 'editor', next_action: 'continue' } });
        expect(r.status).toBe(200);
        if (r.body.requires_validation) {
          const o = await ca.json(`/api/job/${id}/override-validation`, { method: 'POST', body: { user_id: 'editor', override_reason: 'Checked by hand before the restart test' } });
          expect(o.status).toBe(200);
        }
      }),
    );
    const before = await list(ca);
    a.child.kill('SIGKILL');
    await exited(a.child);
    expect(a.child.signalCode).toBe('SIGKILL');
    // The kill landed mid-way: some extractions had not finished, and approved work was in flight.
    const atStage1 = before.filter((j) => j.current_stage === 1).length;
    expect(atStage1).toBeGreaterThan(0);
    expect(atStage1).toBeLessThan(30);
    expect(before.filter((j) => approved.includes(j.job_id) && j.current_stage === 5).length).toBeGreaterThan(0);

    // Second run on the same folder: resume() queues the interrupted work.
    const b = await spawnCompanion(dataDir, await freePort(), 'restart-token');
    children.push(b.child);
    const cb = client(b.url, b.token);
    const final = await waitFor(async () => {
      const l = await list(cb);
      const settled = l.every((j) => j.status === 'failed' || (approved.includes(j.job_id) ? j.current_stage === 6 : j.current_stage === 2));
      return settled ? l : undefined;
    }, 45_000, 'every job settled after the restart', 100);
    b.child.kill('SIGTERM');
    await exited(b.child);

    expect(final.filter((j) => j.status === 'failed').map((j) => `${j.name}: ${j.error}`)).toEqual([]);
    for (const j of final) {
      if (approved.includes(j.job_id)) expect(j).toMatchObject({ current_stage: 6, status: 'awaiting_download' });
      else expect(j).toMatchObject({ current_stage: 2, status: 'awaiting_review' });
    }

    const db = new Database(path.join(dataDir, 'conform.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = db.prepare('SELECT job_id FROM jobs').pluck().all() as string[];
      expect(ids).toHaveLength(30);
      expect(new Set(ids)).toEqual(new Set(jobs.map((j) => j.job_id)));
      const count = db.prepare('SELECT COUNT(*) FROM job_logs WHERE job_id = ? AND from_stage = ? AND to_stage = ?').pluck();
      for (const id of ids) {
        expect(count.get(id, '0', '1'), `${id} 0→1`).toBe(1);
        expect(count.get(id, '1', '2'), `${id} 1→2`).toBe(1);
        expect(count.get(id, '5', '6'), `${id} 5→6`).toBe(approved.includes(id) ? 1 : 0);
      }
      expect(db.prepare("SELECT COUNT(*) FROM job_logs WHERE action = 'stage_failed'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  }, 90_000);
});

describe('a graceful stop mid-extraction', () => {
  beforeAll(() => ensureBuilt());

  it('leaves the job mid-stage (not failed) and the next start finishes it', async () => {
    const tpl = templateSlots(EDFORMAN);
    const first = await startWithWorker(CRASHY_WORKER, { CONFORM_WORKERS: '1' });
    const slow = makeDesign(tpl.width, tpl.height, [...tpl.slots.map((s) => ({ name: s.layerName, kind: (s.kind === 'text' ? 'text' : 'image') as 'text' | 'image', box: s.box })), { name: 'SLOW_WORKER', kind: 'image', box: { left: 0, top: 0, right: 8, bottom: 8 } }]);
    const { jobs } = await uploadBatch(first, { name: EDFORMAN, bytes: tpl.bytes }, [{ name: 'slow.psd', bytes: slow }]);
    await waitFor(async () => (first.companion.pool!.stats().busy === 1 ? true : undefined), 10_000, 'the worker to take the job');
    await first.stop();
    const db = new Database(path.join(first.dataDir, 'conform.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT current_stage, status, error FROM jobs WHERE job_id = ?').get(jobs[0]!.job_id)).toEqual({ current_stage: 1, status: 'extracting', error: null });
      expect(db.prepare("SELECT COUNT(*) FROM job_logs WHERE action = 'stage_failed'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    const second = await startWithWorker(BUILT_WORKER, { CONFORM_WORKERS: '1' }, first.dataDir);
    try {
      await second.idle();
      expect(await job(second, jobs[0]!.job_id)).toMatchObject({ current_stage: 2, status: 'awaiting_review', error: null });
    } finally {
      await second.stop();
    }
  }, 60_000);
});
