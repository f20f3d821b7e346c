// Issue 10 §3: the built companion (dist/companion/main.js) is SIGKILLed while uploads are in flight,
// while stage 1 extracts and while stage 5 writes bundles, then restarted on the same data folder.
// After every kill: the database passes PRAGMA integrity_check, every stored file's sha256 is its
// name, a good job from before is unchanged, and interrupted work resumes (runner.resume()). While
// stage 5 runs, every bundle or script the API serves is complete (the zip opens, the scripts parse);
// a bundle is never served before the job reaches stage 6.
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { parse } from 'acorn';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, PSD_CORPUS } from '../helpers/corpus.js';
import { EDFORMAN, fittingDesign, templateSlots } from '../helpers/flow.js';
import { spawnCompanion, tempDir } from '../helpers/server.js';
import { Rng } from './fuzz-cases.js';
import { storeProblems } from './upload-fuzz.js';

const TOKEN = 'crash-test-token';
const dataDir = tempDir('conform-crash-');
const tpl = templateSlots(EDFORMAN);
let child: ChildProcess | null = null;
let url = '';
const rng = new Rng(0xdead);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function boot(): Promise<void> {
  const c = await spawnCompanion(dataDir, await freePort(), TOKEN);
  child = c.child;
  url = c.url;
}

async function kill(): Promise<void> {
  const c = child!;
  child = null;
  if (c.exitCode !== null) return;
  const gone = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await gone;
}

const api = (p: string, init: RequestInit = {}) => fetch(url + p, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) } });
const json = async (p: string, body?: unknown) => {
  const r = await api(p, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: r.status, body: (await r.json()) as any };
};

function form(psds: Array<{ name: string; bytes: Uint8Array }>): FormData {
  const f = new FormData();
  f.append('template', new Blob([tpl.bytes as Uint8Array<ArrayBuffer>]), EDFORMAN);
  for (const p of psds) f.append('psd', new Blob([p.bytes as Uint8Array<ArrayBuffer>]), p.name);
  return f;
}

async function upload(psds: Array<{ name: string; bytes: Uint8Array }>): Promise<string[]> {
  const r = await api('/api/batches', { method: 'POST', body: form(psds) });
  const body = (await r.json()) as any;
  if (r.status !== 201) throw new Error(`upload ${r.status}: ${JSON.stringify(body)}`);
  return body.jobs.map((j: { job_id: string }) => j.job_id);
}

async function jobsById(): Promise<Map<string, any>> {
  const r = await json('/api/jobs');
  return new Map(r.body.jobs.map((j: { job_id: string }) => [j.job_id, j]));
}

async function waitFor(what: string, pred: (jobs: Map<string, any>) => boolean, ms = 90_000): Promise<Map<string, any>> {
  const end = Date.now() + ms;
  for (;;) {
    const jobs = await jobsById();
    if (pred(jobs)) return jobs;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify([...jobs.values()].map((j) => [j.name, j.current_stage, j.status, j.error]))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Checks that need the companion stopped: the database file and the store as a crash left them. Returns the jobs' stages as the kill left them. */
function coldChecks(): Record<string, number> {
  const db = new Database(path.join(dataDir, 'conform.sqlite'));
  try {
    const stages: Record<string, number> = {};
    for (const r of db.prepare("SELECT current_stage || '/' || status AS k, COUNT(*) AS n FROM jobs GROUP BY k").all() as Array<{ k: string; n: number }>) stages[r.k] = r.n;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // every file row has its file, every job its PSD and template rows
    const rows = db.prepare('SELECT sha256 FROM files').pluck().all() as string[];
    for (const sha of rows) expect(fs.existsSync(path.join(dataDir, 'files', sha.slice(0, 2), sha)), sha).toBe(true);
    // temp files may be left by the kill: they are never under a real name, and the restart sweeps them
    expect(storeProblems(dataDir, { allowTmp: true })).toEqual([]);
    for (const f of bundleDirs()) expect(bundleProblems(f), f).toEqual([]);
    return stages;
  } finally {
    db.close();
  }
}

/** Final bundle folders (jobs/<id>); a kill may leave <id>.<pid>.<uuid>.tmp work folders, which are never served. */
function bundleDirs(): string[] {
  const root = path.join(dataDir, 'jobs');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((d) => /^j_[0-9a-f]+$/.test(d))
    .map((d) => path.join(root, d));
}

/** A bundle folder is whole: its manifest lists files that exist, its scripts parse as ES3. */
function bundleProblems(dir: string): string[] {
  const out: string[] = [];
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(fs.readFileSync(path.join(dir, 'bundle.json'), 'utf8'));
  } catch (e) {
    return [`bundle.json unreadable: ${(e as Error).message}`];
  }
  for (const key of ['script', 'current_project_script', 'template']) {
    const f = m[key];
    if (typeof f !== 'string' || !fs.existsSync(path.join(dir, f))) out.push(`${key} missing`);
  }
  for (const a of (m.assets as string[]) ?? []) if (!fs.existsSync(path.join(dir, a))) out.push(`asset ${a} missing`);
  for (const key of ['script', 'current_project_script']) {
    const f = path.join(dir, String(m[key]));
    if (!fs.existsSync(f)) continue;
    try {
      parse(fs.readFileSync(f, 'latin1'), { ecmaVersion: 3, allowReserved: 'never' });
    } catch (e) {
      out.push(`${key} does not parse: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Streams one multipart upload slowly; resolves when `sent` bytes are out (the kill comes after). */
function slowUpload(psd: Uint8Array, name: string): { sentHalf: Promise<void> } {
  const { port } = new URL(url);
  const boundary = `b${Math.random().toString(36).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="template"; filename="t.aepx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(tpl.bytes),
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="psd"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(psd),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const req = http.request({ host: '127.0.0.1', port: Number(port), path: '/api/batches', method: 'POST', headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length } });
  req.on('error', () => undefined); // the server dies under it
  req.on('response', (res) => res.resume());
  const sentHalf = new Promise<void>((resolve) => {
    let off = 0;
    const step = () => {
      if (req.destroyed) return resolve();
      const n = Math.min(64 * 1024, body.length - off);
      req.write(body.subarray(off, off + n));
      off += n;
      if (off >= body.length * 0.6) resolve();
      if (off < body.length - 100) setTimeout(step, 15);
      // never sends the last bytes: the upload is in flight when the kill comes
    };
    step();
  });
  return { sentHalf };
}

const design = (i: number) => fittingDesign(tpl, { texts: Object.fromEntries(tpl.slots.filter((s) => s.kind === 'text').map((s) => [s.id, `Crash ${i}`])) });
const corpusPsd = (f: string) => new Uint8Array(fs.readFileSync(path.join(PSD_CORPUS, f)));

let goodId = '';
let goodMatches = '';

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/companion/main.js'))) execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
  await boot();
  [goodId] = await upload([{ name: 'good.psd', bytes: design(0) }]);
  await waitFor('the good job', (j) => j.get(goodId)?.current_stage === 2);
  goodMatches = JSON.stringify((await json(`/api/job/${goodId}/matches`)).body);
}, 60_000);

afterAll(async () => {
  if (child) await kill();
});

async function goodJobIntact(): Promise<void> {
  const j = (await json(`/api/job/${goodId}`)).body.job;
  expect([j.current_stage, j.status]).toEqual([2, 'awaiting_review']);
  expect(JSON.stringify((await json(`/api/job/${goodId}/matches`)).body)).toBe(goodMatches);
}

describe('SIGKILL and restart', () => {
  it('during uploads in flight: no job, no file under a real name, temp files swept at restart', async () => {
    const before = (await jobsById()).size;
    const big = corpusPsd('design-web-mockup-rgb16_psdjs.psd');
    const inflight = [slowUpload(big, 'a.psd'), slowUpload(design(1), 'b.psd'), slowUpload(big.slice(0, 2_000_000), 'c.psd')];
    await Promise.all(inflight.map((u) => u.sentHalf));
    expect(fs.readdirSync(path.join(dataDir, 'files', 'tmp')).length).toBeGreaterThan(0); // they are being written
    await kill();
    coldChecks();
    await boot();
    expect((await jobsById()).size).toBe(before);
    expect(fs.readdirSync(path.join(dataDir, 'files', 'tmp'))).toEqual([]);
    expect(fs.statSync(path.join(dataDir, 'companion.json')).mode & 0o777).toBe(0o600);
    await goodJobIntact();
  }, 90_000);

  let stage1Jobs: string[] = [];
  it('during stage 1 (twice, at seeded moments): extraction resumes and every job reaches stage 2', async () => {
    const psds = [
      { name: 'mockup.psd', bytes: corpusPsd('design-web-mockup_psdjs.psd') },
      { name: 'slices.psd', bytes: corpusPsd('design-slices-39-layers_psdrb.psd') },
      { name: 'many.psd', bytes: corpusPsd('many-layers-164-blendmodes_psdtools.psd') },
      ...[2, 3, 4].map((i) => ({ name: `design-${i}.psd`, bytes: design(i) })),
    ];
    stage1Jobs = await upload(psds);
    const interrupted: number[] = [];
    for (let k = 0; k < 2; k++) {
      await new Promise((r) => setTimeout(r, rng.range(10, k === 0 ? 80 : 400)));
      await kill();
      interrupted.push(coldChecks()['1/extracting'] ?? 0);
      await boot();
    }
    // the first kill came while designs were still being extracted
    expect(interrupted[0]).toBeGreaterThan(0);
    const jobs = await waitFor('stage 1 to finish', (j) => stage1Jobs.every((id) => j.get(id)?.current_stage === 2 || j.get(id)?.status === 'failed'));
    expect(stage1Jobs.map((id) => [jobs.get(id).name, jobs.get(id).current_stage, jobs.get(id).error])).toEqual(psds.map((p) => [p.name.replace('.psd', ''), 2, null]));
    await goodJobIntact();
  }, 150_000);

  it('during stage 5 bundle writes: what is served is always whole, and every job reaches stage 6', async () => {
    const ids = stage1Jobs.slice(3); // the fitting designs: they have images to write
    for (const id of ids) {
      const m = (await json(`/api/job/${id}/matches`)).body.matches;
      const r = await json(`/api/job/${id}/approve-stage2`, { approved_matches: m, user_id: 'crash' });
      expect(r.status).toBe(200);
      if (r.body.requires_validation) expect((await json(`/api/job/${id}/override-validation`, { user_id: 'crash', override_reason: 'crash test override' })).status).toBe(200);
    }
    // poll downloads while stage 5 runs; whatever is served must be whole
    const served: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        for (const id of ids) {
          const z = await api(`/api/job/${id}/bundle.zip`).catch(() => null);
          if (!z) continue;
          const buf = new Uint8Array(await z.arrayBuffer());
          if (z.status === 200) {
            const files = unzipSync(buf);
            const names = Object.keys(files);
            served.push(id);
            expect(names.some((n) => n.endsWith('bundle.json')), names.join()).toBe(true);
            for (const n of names.filter((x) => x.endsWith('.jsx'))) parse(new TextDecoder('latin1').decode(files[n]), { ecmaVersion: 3, allowReserved: 'never' });
          } else expect(z.status).toBe(409);
        }
      }
    })().catch((e) => e);
    await new Promise((r) => setTimeout(r, rng.range(10, 100)));
    polling = false;
    await kill();
    expect(await poller).toBeUndefined();
    const atKill = coldChecks();
    // the kill came while bundles were being written
    expect(atKill['5/generating_extendscript'] ?? 0, JSON.stringify(atKill)).toBeGreaterThan(0);
    await boot();
    const jobs = await waitFor('stage 5 to finish', (j) => ids.every((id) => [6].includes(j.get(id)?.current_stage) || j.get(id)?.status === 'failed' || j.get(id)?.status === 'complete'));
    for (const id of ids) {
      const j = jobs.get(id);
      expect([j.name, j.status, j.error]).toEqual([j.name, expect.stringMatching(/awaiting_download|complete/), null]);
      const detail = (await json(`/api/job/${id}`)).body.job;
      expect(detail.bundle).not.toBeNull();
      expect(bundleProblems(detail.bundle.dir)).toEqual([]);
      const script = await api(`/api/job/${id}/script`);
      expect(script.status).toBe(200);
      parse(await script.text(), { ecmaVersion: 3, allowReserved: 'never' });
    }
    // the job left at stage 2 has no bundle to serve
    expect((await api(`/api/job/${goodId}/bundle.zip`)).status).toBe(409);
    await goodJobIntact();
    await kill();
    coldChecks();
    await boot();
  }, 150_000);
});
