// `conform run` embedded, end to end on the labelled pairs: a mixed-template manifest batch with
// --approve and --override-reason gives a bundle per design whose script runs in the AE simulator;
// a corrupt PSD fails alone (exit 1, named); --json matches the bundles on disk.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInAeSim } from '../ae-sim/index.js';
import { tempDir } from '../helpers/server.js';
import { CORRUPT, NOT_A_PSD, REASON, cli, csvManifest, subset } from './run-helpers.js';

// 3 designs per template (12 of the 40 pairs) keep this bounded; the other 28 run the same code.
const CASES = subset(3);

function expectScriptsRun(jobs: Array<{ result: string; bundle_dir: string; script: string; name: string }>) {
  for (const j of jobs.filter((x) => x.result === 'complete')) {
    expect(fs.existsSync(j.script), j.name).toBe(true);
    expect(path.dirname(j.script)).toBe(j.bundle_dir);
    const run = runInAeSim(j.script);
    expect(run.report.steps.filter((s) => s.status === 'failed'), j.name).toEqual([]);
    expect(run.report.ok, j.name).toBe(true);
    expect(run.leakedGlobals).toEqual([]);
  }
}

describe('conform run (embedded)', () => {
  it('--approve --override-reason on a mixed manifest batch: one bundle per design under --out, each script runs in the AE simulator', async () => {
    const work = tempDir('conform-run-');
    const out = path.join(work, 'out');
    const manifest = csvManifest(work, CASES);
    const r = await cli(['--manifest', manifest, '--out', out, '--approve', '--min-confidence', '0', '--override-reason', REASON, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = r.json();
    expect(report.mode).toBe('embedded');
    expect(report.data_dir).toBe(path.join(out, '.conform'));
    expect(report.totals).toMatchObject({ jobs: CASES.length, complete: CASES.length, needs_review: 0, failed: 0 });
    // The JSON and the disk agree: one folder per job, named after it, holding that job's bundle.
    const folders = fs.readdirSync(out).filter((f) => !f.startsWith('.')).sort();
    expect(folders).toEqual(CASES.map((c) => `${c.case}-design`).sort());
    for (const j of report.jobs) {
      expect(j).toMatchObject({ result: 'complete', status: 'complete', error: null });
      expect(j.bundle_dir).toBe(path.join(out, j.name));
      const bundle = JSON.parse(fs.readFileSync(path.join(j.bundle_dir, 'bundle.json'), 'utf8'));
      expect(bundle.job_id).toBe(j.job_id);
      expect(path.join(j.bundle_dir, bundle.script)).toBe(j.script);
      expect(fs.existsSync(path.join(j.bundle_dir, bundle.template))).toBe(true);
    }
    // Every template's comp was used (the batch really was mixed).
    expect(new Set(report.jobs.map((j: { comp: string }) => j.comp))).toEqual(new Set(CASES.map((c) => c.comp)));
    expectScriptsRun(report.jobs);
  });

  it('the same batch plus corrupt files: the others complete, exit 1, stderr and --json name each bad file', async () => {
    const work = tempDir('conform-run-');
    const out = path.join(work, 'out');
    const manifest = csvManifest(work, CASES, [`${CORRUPT},${path.join(path.dirname(CORRUPT), '../aepx', CASES[0]!.template)},`, `${NOT_A_PSD},${path.join(path.dirname(CORRUPT), '../aepx', CASES[0]!.template)},`]);
    const r = await cli(['--manifest', manifest, '--out', out, '--approve', '--min-confidence', '0', '--override-reason', REASON, '--json']);
    expect(r.code).toBe(1);
    const report = r.json();
    expect(report.totals).toMatchObject({ jobs: CASES.length + 2, complete: CASES.length, failed: 2 });
    expect(report.exit_code).toBe(1);
    const failed = report.jobs.filter((j: { result: string }) => j.result === 'failed');
    expect(failed.map((j: { psd: string }) => j.psd).sort()).toEqual([CORRUPT, NOT_A_PSD].sort());
    for (const f of failed) {
      expect(f.error).toContain(f.psd);
      expect(f.bundle_dir).toBeNull();
      expect(r.stderr).toContain(f.psd);
    }
    // The corrupt-but-signed PSD failed in extraction (stage 1); the unsigned one was never submitted.
    expect(failed.find((j: { psd: string }) => j.psd === CORRUPT).stage).toBe(1);
    expect(failed.find((j: { psd: string }) => j.psd === NOT_A_PSD).job_id).toBeNull();
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expectScriptsRun(report.jobs);
    expect(fs.readdirSync(out).filter((f) => !f.startsWith('.'))).toHaveLength(CASES.length);
  });
});
