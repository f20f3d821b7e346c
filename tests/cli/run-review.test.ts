// What `conform run` leaves for people: without --approve every job stops at stage 2 (exit 3, "N need
// review"); with --approve the threshold splits a batch; critical issues stop at stage 4 unless
// --override-reason. Also the folder/glob inputs and the terminal progress bar.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractAndMatch } from '../../companion/src/pipeline/stage1-extract.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { tempDir } from '../helpers/server.js';
import { MANIFEST, REASON, cli, designFolder, pairPsd, templatePath, type PairCase } from './run-helpers.js';

const TWO_LAYERS = MANIFEST.cases.filter((c) => c.template === 'nexrender_2layers1image_ae15.0.aepx').slice(0, 4);

/** The lowest proposed-match confidence of a design, as the auto-matcher gives it now. */
function minConfidence(c: PairCase): number {
  const doc = extractTemplate(new Uint8Array(fs.readFileSync(templatePath(c))));
  const s1 = extractAndMatch(new Uint8Array(fs.readFileSync(pairPsd(c))), doc, c.comp);
  return Math.min(...s1.matches.map((m) => m.confidence));
}

describe('conform run: review and thresholds', () => {
  it('without --approve every job stops at stage 2: exit 3 and "N need review"; no bundles', async () => {
    const input = designFolder(TWO_LAYERS);
    const out = path.join(tempDir('conform-run-'), 'out');
    const r = await cli(['--template', templatePath(TWO_LAYERS[0]!), '--out', out, input]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${TWO_LAYERS.length} need review`);
    expect(r.stdout).toMatch(/conform serve --data /);
    // Plain lines (not a terminal), then the table: one row per job at stage 2.
    expect(r.stdout).not.toContain('\r');
    for (const c of TWO_LAYERS) expect(r.stdout).toMatch(new RegExp(`^${c.case}\\s+2 Match\\s+needs review`, 'm'));
    expect(fs.readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual([]);

    const j = await cli(['--template', templatePath(TWO_LAYERS[0]!), '--out', path.join(tempDir('conform-run-'), 'out'), input, '--json']);
    expect(j.code).toBe(3);
    const report = j.json();
    expect(report.totals).toMatchObject({ jobs: TWO_LAYERS.length, needs_review: TWO_LAYERS.length, review_stage2: TWO_LAYERS.length, complete: 0, failed: 0 });
    for (const job of report.jobs) expect(job).toMatchObject({ stage: 2, status: 'awaiting_review', result: 'needs_review', bundle_dir: null });
  });

  it('--approve: a job whose matches are all at or above --min-confidence is approved; one with a match below stays at stage 2', async () => {
    const scored = TWO_LAYERS.map((c) => ({ c, min: minConfidence(c) })).sort((a, b) => a.min - b.min);
    const low = scored[0]!;
    const high = scored[scored.length - 1]!;
    expect(high.min).toBeGreaterThan(low.min);
    const threshold = ((low.min + high.min) / 2).toFixed(4);
    const input = designFolder([low.c, high.c]);
    const out = path.join(tempDir('conform-run-'), 'out');
    const r = await cli(['--template', templatePath(low.c), '--out', out, input, '--approve', '--min-confidence', threshold, '--override-reason', REASON, '--json']);
    expect(r.code).toBe(3);
    const jobs = Object.fromEntries(r.json().jobs.map((j: { name: string }) => [j.name, j]));
    expect(jobs[high.c.case]).toMatchObject({ result: 'complete', bundle_dir: path.join(out, high.c.case) });
    expect(jobs[low.c.case]).toMatchObject({ result: 'needs_review', stage: 2 });
    expect(jobs[low.c.case].review).toContain(`below ${Number(threshold)}`);
  });

  it('critical validation issues stop a job at stage 4 without --override-reason, and are overridden with it', async () => {
    // p001 (edforman) has critical issues when its auto-matches are approved (aspect ratio, upscale).
    const c = MANIFEST.cases.find((x) => x.case === 'p001')!;
    const input = designFolder([c]);
    const stop = await cli(['--template', templatePath(c), '--out', path.join(tempDir('conform-run-'), 'out'), input, '--approve', '--min-confidence', '0', '--json']);
    expect(stop.code).toBe(3);
    const held = stop.json();
    expect(held.totals).toMatchObject({ needs_review: 1, review_stage4: 1 });
    expect(held.jobs[0]).toMatchObject({ stage: 4, status: 'awaiting_validation_review', result: 'needs_review' });
    expect(held.jobs[0].review).toMatch(/critical validation issue/);

    const go = await cli(['--template', templatePath(c), '--out', path.join(tempDir('conform-run-'), 'out'), input, '--approve', '--min-confidence', '0', '--override-reason', REASON, '--fit', 'contain', '--json']);
    expect(go.code).toBe(0);
    const job = go.json().jobs[0];
    expect(job.result).toBe('complete');
    // --fit reached generation: the script fits image slots with "contain".
    const script = fs.readFileSync(job.script, 'latin1');
    expect(script).toContain('"fit":"contain"');
    expect(script).not.toContain('"fit":"cover"');
  });

  it('a JSON manifest sets options per job: fit, approve and override reason per row, flags as defaults', async () => {
    const [a, b] = TWO_LAYERS;
    const dir = designFolder([a!, b!]);
    const tpl = path.join(dir, 'template.aepx');
    fs.copyFileSync(templatePath(a!), tpl);
    fs.writeFileSync(
      path.join(dir, 'batch.json'),
      JSON.stringify({
        jobs: [
          { psd: `${a!.case}.psd`, template: 'template.aepx', comp: a!.comp, fit: 'stretch', approve: true, min_confidence: 0, override_reason: REASON },
          { psd: `${b!.case}.psd`, template: 'template.aepx', approve: false },
        ],
      }),
    );
    const out = path.join(tempDir('conform-run-'), 'out');
    const r = await cli(['--manifest', path.join(dir, 'batch.json'), '--out', out, '--fit', 'contain', '--json']);
    expect(r.code).toBe(3);
    const [ja, jb] = r.json().jobs;
    expect(ja).toMatchObject({ name: a!.case, result: 'complete' });
    expect(fs.readFileSync(ja.script, 'latin1')).toContain('"fit":"stretch"');
    expect(jb).toMatchObject({ name: b!.case, result: 'needs_review', stage: 2 });
  });

  it('globs and repeated base names: quoted globs expand, same-named designs get unique, safe folders', async () => {
    const root = tempDir('conform-run-in-');
    for (const c of TWO_LAYERS.slice(0, 2)) {
      fs.mkdirSync(path.join(root, c.case));
      fs.copyFileSync(pairPsd(c), path.join(root, c.case, 'design.psd'));
    }
    const out = path.join(tempDir('conform-run-'), 'out');
    const r = await cli(['--template', templatePath(TWO_LAYERS[0]!), '--out', out, '--approve', '--min-confidence', '0', '--override-reason', REASON, '--json', `${root}/**/*.psd`]);
    expect(r.code).toBe(0);
    expect(r.json().jobs.map((j: { name: string }) => j.name)).toEqual(TWO_LAYERS.slice(0, 2).map((c) => `${c.case}-design`));
    // Run again into the same --out: earlier bundles are replaced in place, not renamed.
    const again = await cli(['--template', templatePath(TWO_LAYERS[0]!), '--out', out, '--approve', '--min-confidence', '0', '--override-reason', REASON, '--json', `${root}/**/*.psd`]);
    expect(again.code).toBe(0);
    expect(again.json().jobs.map((j: { bundle_dir: string }) => j.bundle_dir)).toEqual(r.json().jobs.map((j: { bundle_dir: string }) => j.bundle_dir));
    expect(fs.readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(TWO_LAYERS.slice(0, 2).map((c) => `${c.case}-design`));
  });

  it('on a terminal it draws a progress bar (files, stage, ETA) instead of plain lines', async () => {
    const input = designFolder(TWO_LAYERS.slice(0, 2));
    const r = await cli(['--template', templatePath(TWO_LAYERS[0]!), '--out', path.join(tempDir('conform-run-'), 'out'), input, '--approve', '--min-confidence', '0', '--override-reason', REASON], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\r\x1b[2K[');
    expect(r.stdout).toMatch(/\] \d\/2 files/);
    expect(r.stdout).toContain('ETA');
    expect(r.stdout).toContain('2 complete');
  });
});
