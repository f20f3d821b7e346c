// The panel: bundle size gzipped, and the dashboard's time to show 1,000 jobs in Chromium against a
// real companion, as a ratio to 100 jobs measured in the same run (so about 10× means linear).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import type { StageState } from '../shared/stages.js';
import { REPO_ROOT } from '../tests/helpers/corpus.js';
import { startCompanion } from '../tests/helpers/server.js';
import { syntheticJob } from '../tests/helpers/synthetic-jobs.js';

const STAGES: StageState[] = [1, 2, 3, 4, 5, 6, 'complete'];

async function timeToRows(page: Page, url: string, n: number): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(url);
    await page.waitForFunction((count) => document.querySelectorAll('[data-job-row]').length === count, n, { polling: 'raf', timeout: 60_000 });
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[2]!;
}

export async function run(): Promise<string[]> {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
  const bundle = fs.readFileSync(path.join(REPO_ROOT, 'dist/panel/main.js'));
  const css = fs.readFileSync(path.join(REPO_ROOT, 'dist/panel/styles.css'));
  const lines = [`panel bundle: main.js ${(bundle.length / 1024).toFixed(1)} KB, ${(zlib.gzipSync(bundle, { level: 9 }).length / 1024).toFixed(1)} KB gzipped; styles.css ${(zlib.gzipSync(css, { level: 9 }).length / 1024).toFixed(1)} KB gzipped`];

  const t = await startCompanion();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1180, height: 820 } });
    const url = `${t.url}/#token=${t.token}`;
    const seed = (n: number) => {
      for (let i = 0; i < n; i++) syntheticJob(t.companion, STAGES[i % STAGES.length]!);
    };
    seed(100);
    const base = await timeToRows(page, url, 100);
    seed(900);
    const big = await timeToRows(page, url, 1000);
    lines.push(`dashboard, load to rendered rows (median of 5): 1,000 jobs ${big.toFixed(0)} ms; 100 jobs ${base.toFixed(0)} ms (ratio ${(big / base).toFixed(2)}×)`);
  } finally {
    await browser.close();
    await t.stop();
  }
  return lines;
}
