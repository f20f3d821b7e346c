// `npm run bench`: every area's benchmark, each printing ratios against a baseline measured in the
// same run (so the numbers mean the same on any machine). A missing or failing bench is reported,
// not fatal, so one area's problem never hides the others' numbers.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORDER = ['psd', 'template', 'match', 'script', 'batch', 'panel'];
const only = process.argv.slice(2);

const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((n) => !only.length || only.includes(n))
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));

let failed = 0;
for (const name of files) {
  console.log(`\n== ${name} ==`);
  const t0 = performance.now();
  try {
    const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { run?: () => Promise<string[]> };
    if (typeof mod.run !== 'function') throw new Error('exports no run()');
    for (const line of await mod.run()) console.log(`  ${line}`);
  } catch (e) {
    failed++;
    console.log(`  FAILED: ${e instanceof Error ? e.message : String(e)}`);
  }
  console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
process.exitCode = failed ? 1 : 0;
