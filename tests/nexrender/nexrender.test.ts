// Render-farm hand-off against a real nexrender server (@nexrender/server on loopback): the job is
// posted with the server's secret and read back queued; the job's files, laid out flat the way a
// nexrender worker copies them, fill the template in the AE simulator.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../companion/src/cli/main.js';
import { FootageItem, runInAeSim } from '../ae-sim/index.js';
import { simLayer, simText } from '../script/sim-expect.js';
import { EDFORMAN, fittingDesign, job, proposedMatches, templateSlots, uploadBatch } from '../helpers/flow.js';
import { startCompanion, tempDir, type TestCompanion } from '../helpers/server.js';

const require = createRequire(import.meta.url);
const SECRET = 'farm-secret-123';
const tpl = templateSlots(EDFORMAN);
const textSlot = tpl.slots.find((s) => s.kind === 'text')!;

let t: TestCompanion;
let farm: http.Server;
let farmUrl: string;
let readyJob: string;
let waitingJob: string;

async function listenNexrender(): Promise<http.Server> {
  // The disk database is chosen when the module loads: point it at a temp file first.
  process.env.NEXRENDER_DATABASE = path.join(tempDir('nexrender-db-'), 'database.js');
  const { createHandler } = require('@nexrender/server') as { createHandler: (secret: string) => http.RequestListener };
  const micro = require('micro') as (h: http.RequestListener) => http.Server;
  const server = micro(createHandler(SECRET));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const farmGet = async (p: string, secret = SECRET) => fetch(`${farmUrl}${p}`, { headers: { 'nexrender-secret': secret } });

beforeAll(async () => {
  t = await startCompanion();
  farm = await listenNexrender();
  const a = farm.address() as { port: number };
  farmUrl = `http://127.0.0.1:${a.port}`;
  const design = fittingDesign(tpl, { texts: { [textSlot.id]: 'Farm "quoted" text' } });
  const { jobs } = await uploadBatch(t, { name: EDFORMAN, bytes: tpl.bytes }, [
    { name: 'farm.psd', bytes: design },
    { name: 'waiting.psd', bytes: design },
  ]);
  await t.idle();
  readyJob = jobs[0]!.job_id;
  waitingJob = jobs[1]!.job_id;
  const r = await t.json(`/api/job/${readyJob}/approve-stage2`, { method: 'POST', body: { approved_matches: await proposedMatches(t, readyJob), user_id: 'editor' } });
  expect(r.status).toBe(200);
  await t.idle();
  expect((await job(t, readyJob)).current_stage).toBe(6);
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => farm.close(() => resolve()));
  await t.stop();
});

describe('POST /api/job/:id/nexrender', () => {
  it('posts the job to the nexrender server, which holds it queued with the template, PNGs and script', async () => {
    const r = await t.json(`/api/job/${readyJob}/nexrender`, { method: 'POST', body: { server: farmUrl, secret: SECRET, user_id: 'td' } });
    expect(r.status).toBe(200);
    expect(r.body.queued).toMatchObject({ state: 'queued' });
    const uid = r.body.queued.uid as string;

    const back = await farmGet(`/api/v1/jobs/${uid}`);
    expect(back.status).toBe(200);
    const stored = await back.json();
    expect(stored.state).toBe('queued');
    expect(stored.template.composition).toBe(textSlot.targetComp);
    const template = fileURLToPath(stored.template.src);
    expect(fs.readFileSync(template)).toEqual(Buffer.from(tpl.bytes));
    const statics = stored.assets.filter((a: { type: string }) => a.type === 'static');
    const scripts = stored.assets.filter((a: { type: string }) => a.type === 'script');
    expect(scripts).toHaveLength(1);
    expect(statics.length).toBe(tpl.slots.filter((s) => s.kind !== 'text').length);
    for (const a of [...statics, ...scripts]) expect(fs.existsSync(fileURLToPath(a.src))).toBe(true);

    // The hand-off is logged on the job and does not complete it.
    const logs = (await t.json(`/api/job/${readyJob}/logs`)).body.logs as Array<{ action: string; message: string }>;
    expect(logs.some((l) => l.action === 'nexrender_exported' && l.message.includes(uid))).toBe(true);
    expect((await job(t, readyJob)).current_stage).toBe(6);
    // Written into the bundle too, for studios that submit jobs themselves.
    expect(JSON.parse(fs.readFileSync(r.body.file, 'utf8'))).toEqual(r.body.nexrender_job);
  });

  it('the files, copied flat into a work folder as a nexrender worker does, fill the opened template in the simulator', async () => {
    const r = await t.json(`/api/job/${readyJob}/nexrender`, { method: 'POST', body: {} });
    expect(r.status).toBe(200);
    expect(r.body.queued).toBeNull();
    const nx = r.body.nexrender_job as { template: { src: string }; assets: Array<{ type: string; src: string; name?: string }> };
    const work = tempDir('nexrender-work-');
    const templateCopy = path.join(work, path.basename(fileURLToPath(nx.template.src)));
    fs.copyFileSync(fileURLToPath(nx.template.src), templateCopy);
    let scriptCopy = '';
    for (const a of nx.assets) {
      const dest = path.join(work, a.name ?? path.basename(fileURLToPath(a.src)));
      fs.copyFileSync(fileURLToPath(a.src), dest);
      if (a.type === 'script') scriptCopy = dest;
    }
    const run = runInAeSim(scriptCopy, { templateFile: templateCopy });
    expect(run.report.ok).toBe(true);
    expect(run.report.mode).toBe('current-project');
    expect(run.report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    // Every image slot got its PNG from the flat folder (a missing file would fail its step).
    const imageSlots = tpl.slots.filter((s) => s.kind !== 'text');
    for (const s of imageSlots) expect(run.report.steps.some((st) => st.status === 'done' && st.step.includes(s.layerName))).toBe(true);
    const imported = run.app.project.itemList.filter((i): i is FootageItem => i instanceof FootageItem && i.file !== null);
    expect(imported.length).toBeGreaterThan(0);
    for (const i of imported) expect(path.dirname(i.file!.fsName)).toBe(work);
    expect(run.app.opened).toEqual([]);
    expect(run.app.project.saves).toEqual([]);
    expect(simText(simLayer(run.app.project, textSlot)).text).toBe('Farm "quoted" text');
  });

  it('a wrong secret is the server refusing the job: 502 with its reason; nothing queued', async () => {
    const before = (await (await farmGet('/api/v1/jobs')).json()).length;
    const r = await t.json(`/api/job/${readyJob}/nexrender`, { method: 'POST', body: { server: farmUrl, secret: 'guess' } });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatch(/refused the job \(HTTP 403\)/);
    expect((await (await farmGet('/api/v1/jobs')).json()).length).toBe(before);
  });

  it('refuses a job without a bundle (409), a non-http server URL (400) and an unknown job (404)', async () => {
    const waiting = await t.json(`/api/job/${waitingJob}/nexrender`, { method: 'POST', body: {} });
    expect(waiting.status).toBe(409);
    expect(waiting.body.error).toMatch(/no bundle yet \(stage 2/);
    const badUrl = await t.json(`/api/job/${readyJob}/nexrender`, { method: 'POST', body: { server: 'file:///etc/passwd' } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error).toMatch(/^server: /);
    expect((await t.json('/api/job/nope/nexrender', { method: 'POST', body: {} })).status).toBe(404);
  });
});

describe('conform export-nexrender', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), isTTY: false, env: {}, cwd: process.cwd() } };
  };

  it('queues the job on the server and prints the document with --json', async () => {
    const { out, io: cli } = io();
    const code = await runCli(['export-nexrender', readyJob, '--data', t.dataDir, '--server', farmUrl, '--secret', SECRET, '--json'], cli);
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out.stdout);
    const back = await (await farmGet(`/api/v1/jobs/${doc.queued.uid}`)).json();
    expect(back.state).toBe('queued');
    expect(back.assets).toEqual(doc.nexrender_job.assets);
  });

  it('one readable line and exit 2 for an unknown job or a job not ready', async () => {
    for (const id of ['no-such-job', waitingJob]) {
      const { out, io: cli } = io();
      expect(await runCli(['export-nexrender', id, '--data', t.dataDir], cli)).toBe(2);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(/^conform export-nexrender: /);
    }
  });

  it('exit 1 when the server is unreachable', async () => {
    const { out, io: cli } = io();
    expect(await runCli(['export-nexrender', readyJob, '--data', t.dataDir, '--server', 'http://127.0.0.1:9'], cli)).toBe(1);
    expect(out.stderr).toMatch(/did not answer/);
  });
});
