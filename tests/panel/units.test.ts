// The panel's pure parts: the stage strip, routes, the SSE parser, upload progress, the step list.
import { describe, expect, it } from 'vitest';
import { stripFor } from '../../panel/src/progress.js';
import { parseRoute } from '../../panel/src/router.js';
import { readSse } from '../../shared/sse.js';
import { perFileProgress } from '../../panel/src/upload.js';
import { scriptSteps } from '../../panel/src/script-steps.js';

const stamps = (...done: number[]) => Object.fromEntries([1, 2, 3, 4, 5, 6].map((s) => [`stage${s}_completed_at`, done.includes(s) ? '2024-01-01' : null]));

describe('stripFor', () => {
  it('shows stage 4 as skipped after 3→5', () => {
    const s = stripFor({ current_stage: 6, status: 'awaiting_download', stage4_skipped: true, ...stamps(1, 2, 3, 4, 5) });
    expect(s.map((x) => x.state)).toEqual(['done', 'done', 'done', 'skipped', 'done', 'waiting']);
  });
  it('marks the failed stage and the review a person waits in', () => {
    expect(stripFor({ current_stage: 1, status: 'failed', stage4_skipped: false, ...stamps() }).map((x) => x.state)).toEqual(['failed', 'pending', 'pending', 'pending', 'pending', 'pending']);
    expect(stripFor({ current_stage: 4, status: 'awaiting_validation_review', stage4_skipped: false, ...stamps(1, 2, 3) })[3]!.state).toBe('waiting');
  });
  it('a completed job is done everywhere but a skipped review', () => {
    expect(stripFor({ current_stage: 6, status: 'complete', stage4_skipped: true, ...stamps(1, 2, 3, 4, 5, 6) }).map((x) => x.state)).toEqual(['done', 'done', 'done', 'skipped', 'done', 'done']);
  });
  it('a review reopened by 4→2 keeps stage 2 waiting', () => {
    expect(stripFor({ current_stage: 2, status: 'awaiting_review', stage4_skipped: false, ...stamps(1, 2, 3) })[1]!.state).toBe('waiting');
  });
});

describe('parseRoute', () => {
  it('reads the five screens', () => {
    expect(parseRoute('')).toEqual({ screen: 'dashboard' });
    expect(parseRoute('#/')).toEqual({ screen: 'dashboard' });
    expect(parseRoute('#/upload')).toEqual({ screen: 'upload' });
    expect(parseRoute('#/review-matching/j_1')).toEqual({ screen: 'review-matching', id: 'j_1' });
    expect(parseRoute('#/validate/j%2F2')).toEqual({ screen: 'validate', id: 'j/2' });
    expect(parseRoute('#/deliver/x')).toEqual({ screen: 'deliver', id: 'x' });
    expect(parseRoute('#/nope')).toEqual({ screen: 'not-found', path: '/nope' });
  });
});

describe('readSse', () => {
  it('emits complete events across chunk boundaries, skips comments, and never the unfinished last one', async () => {
    const chunks = ['id: 1\nevent: x\nda', 'ta: {"a":1}\n\n: keep-alive\n\nid: 2\ndata: {"b"'];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const t of chunks) c.enqueue(new TextEncoder().encode(t));
        c.close();
      },
    });
    const got: Array<[string, string | undefined, string | undefined]> = [];
    await readSse(body, (e) => got.push([e.data, e.id, e.event]));
    expect(got).toEqual([['{"a":1}', '1', 'x']]);
  });
});

describe('perFileProgress', () => {
  it('splits the body progress over the files in order', () => {
    expect(perFileProgress([100, 100], 0, 220)).toEqual([0, 0]);
    expect(perFileProgress([100, 100], 165, 220)).toEqual([1, 0.5]);
    expect(perFileProgress([100, 100], 220, 220)).toEqual([1, 1]);
  });
});

describe('scriptSteps', () => {
  it('reads the plan from the data literal, negative numbers included', () => {
    const p = '{"template":"template.aepx","output":"a (1).aep","renderQueue":false,"comp":{"id":(-1)},"assets":[{"file":"assets/1-a.png"}],"slots":[{"kind":"image","label":"bg <- a","fit":"cover"},{"kind":"text","label":"t <- \\"x\\" (-2)"}]}';
    expect(scriptSteps(`// x\n(function () {\nvar P = ${p};\n})();`)).toEqual([
      'Open the template (template.aepx)',
      'Import assets/1-a.png',
      'Replace and fit (cover): bg <- a',
      'Set text: t <- "x" (-2)',
      'Save as a (1).aep',
    ]);
  });
  it('gives null for a script without a plan', () => {
    expect(scriptSteps('alert(1)')).toBeNull();
  });
});
