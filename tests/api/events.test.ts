// GET /api/events over real HTTP: a batch's life as Server-Sent Events (created, stage changes,
// progress, failed, complete) and resume with Last-Event-ID after a dropped connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDFORMAN, fittingDesign, proposedMatches, templateSlots, uploadBatch } from '../helpers/flow.js';
import { readCorpus } from '../helpers/corpus.js';
import { startCompanion, type TestCompanion } from '../helpers/server.js';
import { readSse } from '../../shared/sse.js';

interface Sse {
  id: number;
  event: string;
  data: { id: number; type: string; job_id: string; from?: string; to?: string; progress?: number; error?: string };
}

let t: TestCompanion;
const tpl = templateSlots(EDFORMAN);
beforeAll(async () => {
  t = await startCompanion();
});
afterAll(() => t.stop());

/** Reads SSE frames until `done(events)` says stop (or the time runs out), then drops the connection. */
async function collect(done: (events: Sse[]) => boolean, lastEventId?: number, timeoutMs = 20_000): Promise<Sse[]> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
  const res = await t.api('/api/events', { headers, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: Sse[] = [];
  // Stops reading once `done` holds: the abort ends the stream, which the catch below expects.
  try {
    await readSse(res.body!, (m) => {
      events.push({ id: Number(m.id), event: m.event!, data: JSON.parse(m.data) });
      if (done(events)) ctrl.abort();
    });
  } catch (e) {
    if (!ctrl.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return events;
}

const of = (events: Sse[], jobId: string) => events.filter((e) => e.data.job_id === jobId);

describe('GET /api/events', () => {
  it("streams each job's life in order: created, 0→1, progress, 1→2; a corrupt PSD's failure", async () => {
    const listening = collect((ev) => ev.filter((e) => e.event === 'stage_changed' && e.data.to === '2').length >= 2 && ev.some((e) => e.event === 'failed'));
    await new Promise((r) => setTimeout(r, 100));
    const { jobs } = await uploadBatch(t, { name: EDFORMAN, bytes: tpl.bytes }, [
      { name: 'a.psd', bytes: fittingDesign(tpl) },
      { name: 'b.psd', bytes: fittingDesign(tpl) },
      { name: 'broken.psd', bytes: readCorpus('psd', 'corrupt-section-exceeds-size_pillow.psd') },
    ]);
    const events = await listening;
    for (const j of jobs.slice(0, 2)) {
      const life = of(events, j.job_id).map((e) => (e.event === 'stage_changed' ? `${e.data.from}→${e.data.to}` : e.event));
      const firstProgress = life.indexOf('progress');
      expect(life.indexOf('job_created')).toBeLessThan(firstProgress);
      expect(life.indexOf('0→1')).toBeGreaterThanOrEqual(0);
      expect(firstProgress).toBeGreaterThan(life.indexOf('0→1'));
      expect(life.indexOf('1→2')).toBeGreaterThan(firstProgress);
      const progress = of(events, j.job_id).filter((e) => e.event === 'progress').map((e) => e.data.progress!);
      expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    }
    const failed = of(events, jobs[2]!.job_id).find((e) => e.event === 'failed')!;
    expect(failed.data.error).toMatch(/\S/);
    // Ids increase and each frame's id is its event's id.
    for (let i = 1; i < events.length; i++) expect(events[i]!.id).toBeGreaterThan(events[i - 1]!.id);
    for (const e of events) expect(e.data.id).toBe(e.id);
  });

  it('a client that reconnects with Last-Event-ID gets exactly the events it missed, then live ones', async () => {
    const { jobs } = await uploadBatch(t, { name: EDFORMAN, bytes: tpl.bytes }, [{ name: 'c.psd', bytes: fittingDesign(tpl) }]);
    await t.idle();
    const id = jobs[0]!.job_id;
    // Everything so far, from the ring.
    const all = await collect((ev) => of(ev, id).some((e) => e.data.to === '2'), 0);
    const cut = all.findIndex((e) => e.data.job_id === id && e.event === 'job_created');
    const missed = all.slice(cut + 1);
    expect(missed.length).toBeGreaterThan(0);

    const resumed = collect((ev) => of(ev, id).some((e) => e.event === 'complete'), all[cut]!.id);
    await new Promise((r) => setTimeout(r, 100));
    const approve = await t.json(`/api/job/${id}/approve-stage2`, { method: 'POST', body: { approved_matches: await proposedMatches(t, id), user_id: 'sse' } });
    expect(approve.status).toBe(200);
    await t.idle();
    expect((await t.api(`/api/job/${id}/script`)).status).toBe(200);
    const after = await resumed;
    // Replay first: the missed events, same ids, same order, nothing before the cut.
    expect(after.slice(0, missed.length).map((e) => e.id)).toEqual(missed.map((e) => e.id));
    expect(after.every((e) => e.id > all[cut]!.id)).toBe(true);
    // Then live: the rest of the job's life, to complete.
    const live = of(after.slice(missed.length), id).map((e) => (e.event === 'stage_changed' ? `${e.data.from}→${e.data.to}` : e.event));
    expect(live.filter((x) => x.includes('→'))).toEqual(['2→3', '3→5', '5→6']);
    expect(live.at(-1)).toBe('complete');
  });

  it('needs the token like every API call', async () => {
    const res = await fetch(`${t.url}/api/events`);
    expect(res.status).toBe(401);
  });
});
