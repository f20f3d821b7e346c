// One headless Chromium per test file against a real companion serving the built panel.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/corpus.js';
import { startCompanion, tempDir, type TestCompanion } from '../helpers/server.js';

export const IMAGES = path.join(REPO_ROOT, 'docs/images');

export interface PanelRig {
  t: TestCompanion;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far (a clean run has none). */
  errors: string[];
  files: string;
  stop: () => Promise<void>;
}

export async function startPanel(): Promise<PanelRig> {
  // The tests load dist/panel: rebuild it when a source is newer (a no-op after `npm test`'s pretest).
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
  const t = await startCompanion();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return {
    t,
    browser,
    context,
    page,
    errors,
    files: tempDir('conform-panel-files-'),
    stop: async () => {
      await browser.close();
      await t.stop();
    },
  };
}

/** Writes test files to disk for setInputFiles. */
export function writeFile(dir: string, name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: path.join(IMAGES, `${name}.png`), fullPage: true, animations: 'disabled' });
}
