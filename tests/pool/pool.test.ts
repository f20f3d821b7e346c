// The worker pool on its own: concurrency up to its size and never two tasks in one worker,
// transferred buffers moved (not copied) to the worker, and the built worker's stage 1 equal to in-process stage 1.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { extractAndMatch } from '../../companion/src/pipeline/stage1-extract.js';
import { resolveWorkerScript, WorkerPool, WorkerTaskError } from '../../companion/src/pipeline/worker-pool.js';
import { EDFORMAN, fittingDesign, templateSlots } from '../helpers/flow.js';
import { tempDir } from '../helpers/server.js';
import { BUILT_WORKER, ensureBuilt, TEST_WORKER } from './helpers.js';

type Slept = { threadId: number; start: number; end: number; tag: number };

let pools: WorkerPool[] = [];
const pool = (size: number, script = TEST_WORKER, memoryMb = 256) => {
  const p = new WorkerPool({ size, memoryMb, script });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

/** The most tasks whose [start, end) intervals overlap at one instant. */
function maxOverlap(xs: Slept[]): number {
  const edges = xs.flatMap((x) => [
    { t: x.start, d: 1 },
    { t: x.end, d: -1 },
  ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of edges) max = Math.max(max, (now += e.d));
  return max;
}

describe('WorkerPool scheduling', () => {
  it('runs up to `size` tasks at once, never two in one worker, and returns each task its own result', async () => {
    const p = pool(3);
    const pending = Array.from({ length: 12 }, (_, tag) => p.run<Slept>('sleep', { ms: 120, tag }));
    // All 12 are accepted at once; only 3 threads exist, the rest wait their turn.
    await new Promise((r) => setTimeout(r, 30));
    expect(p.stats()).toMatchObject({ size: 3, alive: 3, busy: 3, queued: 9 });
    const results = await Promise.all(pending);
    expect(results.map((r) => r.tag)).toEqual([...Array(12).keys()]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(3);
    expect(maxOverlap(results)).toBe(3);
    // Within one worker the tasks run strictly one after another.
    for (const id of new Set(results.map((r) => r.threadId))) expect(maxOverlap(results.filter((r) => r.threadId === id))).toBe(1);
    // 12 tasks × 120 ms on 3 threads: about 4 rounds, not 12 and not 1.
    const span = Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start));
    expect(span).toBeGreaterThanOrEqual(4 * 120 - 20);
    expect(span).toBeLessThan(12 * 120);
    expect(p.stats()).toMatchObject({ alive: 3, busy: 0, queued: 0, started: 3, crashed: 0, completed: 12 });
  });

  it('a size-1 pool runs tasks one at a time, in order', async () => {
    const p = pool(1);
    const results = await Promise.all(Array.from({ length: 4 }, (_, tag) => p.run<Slept>('sleep', { ms: 40, tag })));
    expect(maxOverlap(results)).toBe(1);
    expect(results.map((r) => r.start)).toEqual([...results.map((r) => r.start)].sort((a, b) => a - b));
    expect(p.stats().started).toBe(1);
  });

  it('an error a task throws rejects that task with its name, message and status, and the worker stays for the next task', async () => {
    const p = pool(1);
    const err = await p.run('throw', { message: 'PSD header is not 8BPS' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerTaskError);
    expect(err).toMatchObject({ name: 'BadInputError', message: 'PSD header is not 8BPS', status: 400, code: 'bad_input' });
    const ok = await p.run<Slept>('sleep', { ms: 1, tag: 1 });
    expect(ok.tag).toBe(1);
    expect(p.stats()).toMatchObject({ started: 1, crashed: 0 });
  });

  it('moves a transferred buffer to the worker instead of copying it', async () => {
    const p = pool(1);
    const own = new Uint8Array(1 << 20).fill(1);
    const sent = p.run<{ byteLength: number; sum: number }>('echo', { bytes: own }, [own.buffer]);
    expect(own.byteLength).toBe(0); // detached: the main thread gave the buffer away
    expect(await sent).toMatchObject({ byteLength: 1 << 20, sum: 1 << 20 });
  });
});

describe('the built worker (dist/companion/worker.js)', () => {
  beforeAll(() => ensureBuilt());

  it('is found beside the built companion, or from source only while dist/ is newer than every source file', () => {
    const root = tempDir('conform-resolve-');
    const put = (rel: string, text = '', mtime?: number) => {
      const f = path.join(root, rel);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, text);
      if (mtime) fs.utimesSync(f, mtime / 1000, mtime / 1000);
      return f;
    };
    const now = Date.now();
    // The built companion: dist/companion/main.js is one bundle with worker.js beside it.
    const worker = put('dist/companion/worker.js');
    expect(resolveWorkerScript(pathToFileURL(put('dist/companion/main.js')).href)).toEqual({ script: worker });
    // From source: the repo's built worker while the stamp is newer than companion/src and shared…
    put('package.json', '{}');
    const source = put('companion/src/pipeline/worker-pool.ts', '', now - 60_000);
    put('shared/job.ts', '', now - 60_000);
    put('dist/.stamp', '', now - 30_000);
    const fromSource = pathToFileURL(source).href;
    expect(resolveWorkerScript(fromSource)).toEqual({ script: worker });
    // …and none (in-process) once someone edits the source after the build: a stale bundle would run old code.
    put('shared/job.ts', '// edited', now);
    expect(resolveWorkerScript(fromSource)).toEqual({ script: null, reason: expect.stringMatching(/older than the source/) });
    fs.rmSync(worker);
    expect(resolveWorkerScript(fromSource)).toEqual({ script: null, reason: expect.stringMatching(/not built/) });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('extracts and matches exactly like the in-process stage 1, on 2 workers at once', async () => {
    const tpl = templateSlots(EDFORMAN);
    const template = extractTemplate(tpl.bytes);
    const dir = tempDir('conform-pool-psd-');
    const designs = Array.from({ length: 4 }, (_, i) => fittingDesign(tpl, { texts: { [tpl.slots.find((s) => s.kind === 'text')?.id ?? '']: `Player ${i}` } }));
    const files = designs.map((d, i) => {
      const f = path.join(dir, `d${i}.psd`);
      fs.writeFileSync(f, d);
      return f;
    });
    const expected = designs.map((d) => JSON.parse(JSON.stringify(extractAndMatch(new Uint8Array(d), template, null))));
    const p = pool(2, BUILT_WORKER, 1024);
    expect(await Promise.all(files.map((f) => p.extract(f, template, null)))).toEqual(expected);
    expect(p.stats()).toMatchObject({ started: 2, crashed: 0, completed: 4 });
  });

  it('rejects a corrupt PSD with the same readable error as in-process, without losing the worker', async () => {
    const tpl = templateSlots(EDFORMAN);
    const template = extractTemplate(tpl.bytes);
    const junk = new Uint8Array(4096).fill(7);
    let inProcess = '';
    try {
      extractAndMatch(new Uint8Array(junk), template, null);
    } catch (e) {
      inProcess = (e as Error).message;
    }
    expect(inProcess).not.toBe('');
    const dir = tempDir('conform-pool-psd-');
    const [bad, good] = [path.join(dir, 'junk.psd'), path.join(dir, 'good.psd')];
    fs.writeFileSync(bad, junk);
    fs.writeFileSync(good, fittingDesign(tpl));
    const p = pool(1, BUILT_WORKER, 512);
    await expect(p.extract(bad, template, null)).rejects.toThrow(inProcess);
    await expect(p.extract(good, template, null)).resolves.toMatchObject({ comp: { name: expect.any(String) } });
    expect(p.stats()).toMatchObject({ started: 1, crashed: 0 });
  });
});
