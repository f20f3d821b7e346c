// The concurrency storm, shared by tests/reliability/concurrency.test.ts (bounded) and `npm run stress`:
// hundreds of concurrent, conflicting requests across the job routes on the same few real jobs, while a
// second process reads (the CLI's `conform jobs`) and briefly holds the database's write lock. Afterwards
// every job's log must replay, through the allowed transitions only, to the stage the job is at.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import type { Match } from '../../shared/match.js';
import { isAllowedTransition, STATUS_ON_ENTRY, type StageState } from '../../shared/stages.js';
import { stageStateOf } from '../../companion/src/pipeline/stage-machine.js';
import { EDFORMAN, fittingDesign, proposedMatches, templateSlots, uploadBatch } from '../helpers/flow.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import type { TestCompanion } from '../helpers/server.js';
import { deepGroupsPsd, Rng } from './fuzz-cases.js';

export interface StormJobs {
  /** Real jobs that cycle 2 → 3 → 4 → 2 (the design's square image fails validation), or 4 → 5 → 6. */
  jobIds: string[];
  /** Jobs whose extraction failed (a refused PSD), for retry. */
  failedIds: string[];
  matches: Map<string, Match[]>;
}

/** `n` real jobs at stage 2 whose approval stops at stage 4, plus `failed` jobs that failed in stage 1. */
export async function setupStormJobs(t: TestCompanion, n: number, failed = 2): Promise<StormJobs> {
  const put = await t.json('/api/environment/fonts', { method: 'PUT', body: { fonts: ['RUSHFLOW', 'ArialMT'] } });
  if (put.status !== 200) throw new Error(`fonts: ${put.status}`);
  const tpl = templateSlots(EDFORMAN);
  const featured = tpl.slots.find((s) => s.layerName === 'featuredimage1')!.id;
  const texts = (i: number) => Object.fromEntries(tpl.slots.filter((s) => s.kind === 'text').map((s, k) => [s.id, `Storm ${i}.${k}`]));
  const psds = Array.from({ length: n }, (_, i) => ({ name: `storm-${i}.psd`, bytes: fittingDesign(tpl, { square: featured, texts: texts(i) }) }));
  for (let i = 0; i < failed; i++) psds.push({ name: `broken-${i}.psd`, bytes: deepGroupsPsd(150 + i) });
  const { jobs } = await uploadBatch(t, { name: EDFORMAN, bytes: tpl.bytes }, psds);
  await t.idle();
  const out: StormJobs = { jobIds: [], failedIds: [], matches: new Map() };
  for (const j of jobs) {
    const row = t.companion.jobs.get(j.job_id);
    if (j.name.startsWith('broken')) {
      if (row.status !== 'failed') throw new Error(`${j.name} should have failed in stage 1, is ${row.current_stage}/${row.status}`);
      out.failedIds.push(j.job_id);
    } else {
      if (row.current_stage !== 2) throw new Error(`${j.name} should be at stage 2, is ${row.current_stage}/${row.status} ${row.error ?? ''}`);
      out.jobIds.push(j.job_id);
      out.matches.set(j.job_id, await proposedMatches(t, j.job_id));
    }
  }
  return out;
}

type Op = { name: string; run: (t: TestCompanion, id: string, s: StormJobs, i: number) => Promise<{ status: number; body: unknown }> };

const post = (t: TestCompanion, p: string, body: unknown) => t.json(p, { method: 'POST', body });
const getRaw = async (t: TestCompanion, p: string) => {
  const r = await t.api(p);
  const buf = Buffer.from(await r.arrayBuffer());
  return { status: r.status, body: r.status === 200 ? `<${buf.length} bytes>` : buf.toString('utf8').slice(0, 500) };
};

const OPS: Array<[number, Op]> = [
  [24, { name: 'approve-stage2', run: (t, id, s, i) => post(t, `/api/job/${id}/approve-stage2`, { approved_matches: s.matches.get(id) ?? [], user_id: `storm${i}`, next_action: i % 2 ? 'next_job' : 'continue' }) }],
  [16, { name: 'return-to-matching', run: (t, id, _s, i) => post(t, `/api/job/${id}/return-to-matching`, { user_id: `storm${i}` }) }],
  [10, { name: 'override-validation', run: (t, id, _s, i) => post(t, `/api/job/${id}/override-validation`, { user_id: `storm${i}`, override_reason: `storm override number ${i}` }) }],
  [10, { name: 'retry', run: (t, id, _s, i) => post(t, `/api/job/${id}/retry`, { user_id: `storm${i}` }) }],
  [14, { name: 'script', run: (t, id, _s, i) => getRaw(t, `/api/job/${id}/script?user_id=storm${i}`) }],
  [4, { name: 'bundle.zip', run: (t, id) => getRaw(t, `/api/job/${id}/bundle.zip`) }],
  [4, { name: 'applied', run: (t, id, _s, i) => post(t, `/api/job/${id}/applied`, { user_id: `storm${i}` }) }],
  [10, { name: 'get job', run: (t, id) => t.json(`/api/job/${id}`) }],
  [4, { name: 'logs', run: (t, id) => t.json(`/api/job/${id}/logs`) }],
  [4, { name: 'matches', run: (t, id) => t.json(`/api/job/${id}/matches`) }],
];
const TOTAL_WEIGHT = OPS.reduce((a, [w]) => a + w, 0);

function pickOp(rng: Rng): Op {
  let x = rng.int(TOTAL_WEIGHT);
  for (const [w, op] of OPS) {
    if (x < w) return op;
    x -= w;
  }
  return OPS[0]![1];
}

export interface StormReport {
  requests: number;
  byStatus: Record<string, number>;
  byOp: Record<string, Record<string, number>>;
  failures: string[];
  sideProcess: { cliRuns: number; lockHolds: number; failures: string[] };
  finalStages: Record<string, number>;
  ms: number;
}

/** Statuses a conflicting request may get: it happened (200) or it lost the race / came at the wrong stage (409). */
const ACCEPTED = new Set([200, 409]);

export async function runStorm(t: TestCompanion, s: StormJobs, opts: { rounds: number; perRound: number; seed: number; sideProcess: boolean }): Promise<StormReport> {
  const t0 = performance.now();
  const rng = new Rng(opts.seed);
  const report: StormReport = { requests: 0, byStatus: {}, byOp: {}, failures: [], sideProcess: { cliRuns: 0, lockHolds: 0, failures: [] }, finalStages: {}, ms: 0 };
  const all = [...s.jobIds, ...s.failedIds];
  const side = opts.sideProcess ? sideProcesses(t.dataDir, report.sideProcess) : null;
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const batch = Array.from({ length: opts.perRound }, (_, k) => {
        const op = pickOp(rng);
        // retries mostly on the failed jobs, everything else mostly on the few real ones
        const id = op.name === 'retry' && rng.chance(0.7) ? rng.pick(s.failedIds) : rng.chance(0.9) ? rng.pick(s.jobIds) : rng.pick(all);
        const i = round * opts.perRound + k;
        return op.run(t, id, s, i).then(
          (r) => ({ op: op.name, id, ...r }),
          (e: unknown) => ({ op: op.name, id, status: -1, body: String(e) }),
        );
      });
      for (const r of await Promise.all(batch)) {
        report.requests++;
        report.byStatus[r.status] = (report.byStatus[r.status] ?? 0) + 1;
        const per = (report.byOp[r.op] ??= {});
        per[r.status] = (per[r.status] ?? 0) + 1;
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        if (!ACCEPTED.has(r.status)) report.failures.push(`${r.op} ${r.id}: ${r.status} ${text.slice(0, 300)}`);
        else if (/SQLITE_BUSY|database is locked|busy/i.test(text)) report.failures.push(`${r.op} ${r.id}: database busy surfaced: ${text.slice(0, 300)}`);
      }
      // let some background stage-5 work land between rounds so later rounds see stage 6 and complete jobs
      await new Promise((r) => setTimeout(r, 50));
    }
    await t.idle();
  } finally {
    await side?.stop();
  }
  for (const id of all) {
    report.failures.push(...checkJobConsistency(t, id));
    const row = t.companion.jobs.get(id);
    const key = `${stageStateOf(row)}/${row.status}`;
    report.finalStages[key] = (report.finalStages[key] ?? 0) + 1;
  }
  report.failures.push(...(await checkScripts(t, all)));
  report.ms = performance.now() - t0;
  return report;
}

/** The log replays, through allowed transitions only, to the job's current stage; the row agrees with itself. */
export function checkJobConsistency(t: TestCompanion, id: string): string[] {
  const out: string[] = [];
  const row = t.companion.jobs.get(id);
  const logs = t.companion.jobs.logs(id);
  let state: StageState = 0;
  for (const l of logs) {
    if (l.to_stage === null || l.to_stage === undefined) continue;
    const from: StageState = l.from_stage === 'complete' ? 'complete' : (Number(l.from_stage) as StageState);
    const to: StageState = l.to_stage === 'complete' ? 'complete' : (Number(l.to_stage) as StageState);
    if (from !== state) out.push(`${id}: log #${l.id} ${l.action} says ${from}→${to} but the replay is at ${state}`);
    if (!isAllowedTransition(from, to)) out.push(`${id}: log #${l.id} has a forbidden transition ${from}→${to}`);
    state = to;
  }
  const current = stageStateOf(row);
  if (current !== state) out.push(`${id}: the log replays to ${state} but the job is at ${current}`);
  if (row.status !== 'failed' && row.status !== STATUS_ON_ENTRY[current]) out.push(`${id}: status ${row.status} at stage ${current}`);
  if ((current === 6 || current === 'complete') && row.stage5_extendscript === null) out.push(`${id}: at ${current} without a script`);
  if (current === 'complete' && !row.stage6_downloaded_at) out.push(`${id}: complete without stage6_downloaded_at`);
  if (typeof current === 'number' && current >= 3 && !row.stage2_approved_matches) out.push(`${id}: at ${current} without approved matches`);
  return out;
}

/** Every job with a script serves one that parses as ES3. */
async function checkScripts(t: TestCompanion, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const row = t.companion.jobs.get(id);
    if (row.stage5_extendscript === null) continue;
    const r = await t.api(`/api/job/${id}/script`);
    const text = await r.text();
    if (r.status !== 200) out.push(`${id}: GET /script ${r.status} ${text.slice(0, 200)}`);
    else {
      try {
        parse(text, { ecmaVersion: 3, allowReserved: 'never' });
      } catch (e) {
        out.push(`${id}: served script does not parse: ${(e as Error).message}`);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A second process on the same database

const CLI = path.join(REPO_ROOT, 'dist/companion/cli.js');

/** Runs `conform jobs --json` against the data folder; resolves to a failure text or null. */
export function cliJobs(dataDir: string): Promise<string | null> {
  const args = fs.existsSync(CLI) ? [CLI] : [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO_ROOT, 'companion/src/cli/main.ts')];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args, 'jobs', '--json', '--data', dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => {
      if (code !== 0) return resolve(`conform jobs exited ${code}: ${err.slice(0, 300)}`);
      try {
        const parsed = JSON.parse(out) as { jobs: unknown[] };
        resolve(Array.isArray(parsed.jobs) ? null : 'conform jobs printed no jobs array');
      } catch {
        resolve(`conform jobs printed non-JSON: ${out.slice(0, 200)} ${err.slice(0, 200)}`);
      }
    });
  });
}

/** A process that takes the write lock (BEGIN IMMEDIATE) for `holdMs`, `times` times. */
function lockHolder(dbFile: string, holdMs: number, times: number): Promise<string | null> {
  const code = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(dbFile)});
    db.pragma('busy_timeout = 10000');
    const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    for (let i = 0; i < ${times}; i++) {
      db.exec('BEGIN IMMEDIATE');
      db.prepare('SELECT COUNT(*) FROM jobs').get();
      sleep(${holdMs});
      db.exec('COMMIT');
      sleep(${holdMs});
    }
    db.close();
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', code], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (c) => resolve(c === 0 ? null : `lock holder exited ${c}: ${err.slice(0, 300)}`));
  });
}

function sideProcesses(dataDir: string, rec: StormReport['sideProcess']): { stop: () => Promise<void> } {
  let stopping = false;
  const dbFile = path.join(dataDir, 'conform.sqlite');
  const loops = [
    (async () => {
      while (!stopping) {
        const f = await cliJobs(dataDir);
        rec.cliRuns++;
        if (f) rec.failures.push(f);
      }
    })(),
    (async () => {
      while (!stopping) {
        const f = await lockHolder(dbFile, 150, 3);
        rec.lockHolds += 3;
        if (f) rec.failures.push(f);
      }
    })(),
  ];
  return {
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
