// `npm run stress`: the reliability suite at much larger case counts. Runs every fuzz category of
// tests/reliability/fuzz-cases.ts in-process, a sample through the upload API, and the concurrency
// storm (tests/reliability/storm.ts), then prints a report: cases per category, failures (must be 0),
// peak memory (process.resourceUsage().maxRSS) and elapsed time. Exits 1 on any failure.
// STRESS_SCALE (default 1) multiplies the counts; STRESS_SEED picks another seed.
import { CATEGORIES, caseSpecs, runCase } from '../reliability/fuzz-cases.js';
import { runStorm, setupStormJobs } from '../reliability/storm.js';
import { afterFuzzChecks, uploadCase, uploadGoodJob } from '../reliability/upload-fuzz.js';
import { startCompanion } from '../helpers/server.js';

const scale = Number(process.env.STRESS_SCALE ?? 1);
const seed = Number(process.env.STRESS_SEED ?? 0x57e55);
const t0 = performance.now();
const rows: Array<{ name: string; cases: number; failures: number; maxMs: number; ms: number }> = [];
const failures: string[] = [];
const n = (x: number) => Math.max(1, Math.round(x * scale));

const LIGHT = 400;
const HEAVY: Record<string, number> = { 'psd-depth-bomb': 40, 'psd-many-layers': 20, 'aepx-depth-bomb': 60, 'aepx-count-bomb': 8 };

// console.log from ag-psd's engine-data parser (one line per bad byte of a corrupt text layer)
const log = console.log;
console.log = () => undefined;

for (const cat of CATEGORIES) {
  const started = performance.now();
  const count = n(HEAVY[cat.name] ?? LIGHT);
  let bad = 0;
  let maxMs = 0;
  for (const spec of caseSpecs(cat.name, count, seed)) {
    const r = runCase(spec, { timeLimitMs: cat.heavy ? 60_000 : 10_000 });
    maxMs = Math.max(maxMs, r.ms);
    if (!r.ok) {
      bad++;
      failures.push(`${cat.name} ${JSON.stringify(r.spec)} (${r.note}): ${r.failure}`);
    }
  }
  rows.push({ name: cat.name, cases: count, failures: bad, maxMs, ms: performance.now() - started });
  process.stderr.write(`  ${cat.name}: ${count} cases, ${bad} failures\n`);
}

{
  const started = performance.now();
  const t = await startCompanion({ env: { CONFORM_WORKERS: '2' } });
  try {
    const good = await uploadGoodJob(t);
    const specs = CATEGORIES.flatMap((c) => caseSpecs(c.name, n(c.heavy ? 2 : c.target === 'psd' ? 12 : 6), seed ^ 0xabc));
    let bad = 0;
    let maxMs = 0;
    for (const spec of specs) {
      const r = await uploadCase(t, spec, { timeLimitMs: 90_000 });
      maxMs = Math.max(maxMs, r.ms);
      if (r.failure) {
        bad++;
        failures.push(`upload ${JSON.stringify(spec)} (${r.note}) → ${r.status}: ${r.failure}`);
      }
    }
    const after = await afterFuzzChecks(t, good);
    failures.push(...after.map((f) => `upload: ${f}`));
    rows.push({ name: 'upload (HTTP)', cases: specs.length, failures: bad + after.length, maxMs, ms: performance.now() - started });
  } finally {
    await t.stop();
  }
}

{
  const started = performance.now();
  const t = await startCompanion({ env: { CONFORM_WORKERS: '2' } });
  try {
    const jobs = await setupStormJobs(t, 6, 3);
    const rounds = n(10);
    const report = await runStorm(t, jobs, { rounds, perRound: 200, seed, sideProcess: true });
    const bad = [...report.failures, ...report.sideProcess.failures];
    failures.push(...bad.map((f) => `storm: ${f}`));
    rows.push({ name: `storm (${rounds}×200 requests)`, cases: report.requests, failures: bad.length, maxMs: 0, ms: performance.now() - started });
    log(`storm statuses ${JSON.stringify(report.byStatus)}; final ${JSON.stringify(report.finalStages)}; CLI runs ${report.sideProcess.cliRuns}, lock holds ${report.sideProcess.lockHolds}`);
  } finally {
    await t.stop();
  }
}

console.log = log;
const elapsed = (performance.now() - t0) / 1000;
log('\nConform stress report');
log(`${'category'.padEnd(28)} ${'cases'.padStart(7)} ${'failures'.padStart(8)} ${'slowest ms'.padStart(10)} ${'total s'.padStart(8)}`);
for (const r of rows) log(`${r.name.padEnd(28)} ${String(r.cases).padStart(7)} ${String(r.failures).padStart(8)} ${r.maxMs.toFixed(0).padStart(10)} ${(r.ms / 1000).toFixed(1).padStart(8)}`);
log(`total cases ${rows.reduce((a, r) => a + r.cases, 0)}, failures ${failures.length}`);
log(`peak memory (maxRSS) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, elapsed ${elapsed.toFixed(1)} s`);
for (const f of failures.slice(0, 50)) log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
