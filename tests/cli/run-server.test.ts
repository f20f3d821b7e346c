// `conform run --server`: the same batch driven through a real companion's HTTP API gives the same
// result as embedded, and follows GET /api/events (SSE, resumed with Last-Event-ID) rather than polling.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { followEvents } from '../../companion/src/cli/run/server.js';
import { runInAeSim } from '../ae-sim/index.js';
import { startCompanion, tempDir, type TestCompanion } from '../helpers/server.js';
import { CORRUPT, REASON, cli, csvManifest, subset } from './run-helpers.js';

const CASES = subset(2);

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  walk(dir, '');
  return out;
}

const brief = (report: any) => report.jobs.map((j: any) => ({ name: j.name, result: j.result, stage: j.stage, status: j.status, comp: j.comp, failed: j.error !== null }));

describe('conform run --server', () => {
  let t: TestCompanion;
  beforeAll(async () => {
    t = await startCompanion({ env: { CONFORM_WORKERS: '1' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('gives the same result as embedded, over HTTP, following the SSE event stream', async () => {
    const work = tempDir('conform-run-');
    const manifest = csvManifest(work, CASES, [`${CORRUPT},${path.join(path.dirname(CORRUPT), '../aepx', CASES[0]!.template)},`]);
    const args = ['--manifest', manifest, '--approve', '--min-confidence', '0', '--override-reason', REASON, '--json'];
    const embedded = await cli([...args, '--out', path.join(work, 'embedded')]);

    const subscribe = vi.spyOn(t.companion.events, 'subscribe');
    // Token from companion.json in the companion's data folder (no --token, no CONFORM_TOKEN).
    const served = await cli([...args, '--out', path.join(work, 'served'), '--server', t.url, '--data', t.dataDir]);
    expect(subscribe).toHaveBeenCalled();
    subscribe.mockRestore();

    expect(served.code).toBe(1);
    expect(served.code).toBe(embedded.code);
    const a = embedded.json();
    const b = served.json();
    expect(b.mode).toBe('server');
    expect(b.events.transport).toBe('sse');
    expect(b.events.connections).toBeGreaterThanOrEqual(1);
    expect(b.events.received).toBeGreaterThan(0);
    expect(brief(b)).toEqual(brief(a));
    expect(b.totals).toEqual(a.totals);
    expect(served.stderr).toContain(CORRUPT);
    for (const j of b.jobs.filter((x: any) => x.result === 'complete')) {
      const twin = a.jobs.find((x: any) => x.name === j.name);
      expect(listing(j.bundle_dir)).toEqual(listing(twin.bundle_dir));
      const run = runInAeSim(j.script);
      expect(run.report.ok, j.name).toBe(true);
      // The companion knows the job as delivered.
      expect((await t.json(`/api/job/${j.job_id}`)).body.job.status).toBe('complete');
    }
  });

  it('without --approve jobs stop at stage 2 on the server too (exit 3); a wrong token is exit 2', async () => {
    const work = tempDir('conform-run-');
    const manifest = csvManifest(work, CASES.slice(0, 2));
    const r = await cli(['--manifest', manifest, '--out', path.join(work, 'out'), '--server', t.url, '--token', t.token]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('2 need review');
    const bad = await cli(['--manifest', manifest, '--out', path.join(work, 'out'), '--server', t.url, '--token', 'wrong']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^conform run: --server .*token was refused/);
  });

  it('files outside the companion\'s allowed folders are uploaded instead (multipart)', async () => {
    const narrow = await startCompanion({ env: { CONFORM_WORKERS: '1', CONFORM_ALLOWED_ROOTS: tempDir('conform-roots-') } });
    try {
      const work = tempDir('conform-run-');
      const r = await cli(['--manifest', csvManifest(work, CASES.slice(0, 1)), '--out', path.join(work, 'out'), '--server', narrow.url, '--token', narrow.token, '--approve', '--min-confidence', '0', '--override-reason', REASON, '--json']);
      expect(r.code).toBe(0);
      expect(r.json().jobs[0].result).toBe('complete');
    } finally {
      await narrow.stop();
    }
  });
});

describe('the SSE follower', () => {
  it('reconnects after a drop with Last-Event-ID and asks for a resync', async () => {
    const seen: Array<string | undefined> = [];
    let connection = 0;
    const server = http.createServer((req, res) => {
      seen.push(req.headers['last-event-id'] as string | undefined);
      connection++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connection === 1) {
        res.write(': keep-alive\n\n');
        res.write(`id: 7\nevent: stage_changed\ndata: ${JSON.stringify({ id: 7, type: 'stage_changed', job_id: 'j1' })}\n\n`);
        res.end(`id: 8\nevent: progress\ndata: ${JSON.stringify({ id: 8, type: 'progress', job_id: 'j1' })}\n\n`);
      } else res.write(`id: 9\ndata: ${JSON.stringify({ id: 9, type: 'complete', job_id: 'j1' })}\n\n`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const events: number[] = [];
    let resyncs = 0;
    const stats = { events: 0, connections: 0, transport: 'sse' as const };
    let done!: () => void;
    const got9 = new Promise<void>((r) => (done = r));
    const f = followEvents({ url, token: 'x', retryMs: 20 }, { event: (e) => (events.push(e.id), e.id === 9 && done()), resync: () => resyncs++ }, stats);
    await f.opened;
    await got9;
    f.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    expect(events).toEqual([7, 8, 9]);
    expect(seen).toEqual([undefined, '8']);
    expect(resyncs).toBe(1);
    expect(stats.connections).toBe(2);
  });
});
