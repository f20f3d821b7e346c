// Replays every fuzz case that once failed (tests/fixtures/regressions/*.json: category, source, seed).
// The same triple rebuilds the same bytes (tests/reliability/fuzz-cases.ts), so each seed is a
// permanent test of the fix it led to.
import { describe, expect, it } from 'vitest';
import { makeCase, regressionSeeds, runCase } from './fuzz-cases.js';

const seeds = regressionSeeds();

describe('fuzz regressions', () => {
  it('has seeds to replay', () => {
    expect(seeds.length).toBeGreaterThan(0);
  });

  it.each(seeds.map((s) => [s.file, s] as const))('%s ends in a result or a clear error', (_file, seed) => {
    const r = runCase(seed, { timeLimitMs: 10_000 });
    expect(r.failure, `${seed.found}\n${r.note}`).toBeNull();
  });

  it('the seeds still build the hostile input they were found with', () => {
    for (const s of seeds) expect(makeCase(s).bytes.length, s.file).toBeGreaterThan(0);
    const deep = seeds.find((s) => s.category === 'psd-depth-bomb');
    if (deep) expect(makeCase(deep).note).toMatch(/\d{4,} nested groups/);
  });
});
