// The pipeline spec's Tests 1–3 clicked through the panel in Chromium, against a real companion:
// upload, matching review, validation review, delivery and download. Screenshots of each screen go
// to docs/images for the user guide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { AEPX_CORPUS } from '../helpers/corpus.js';
import { EDFORMAN, fittingDesign, job, templateSlots } from '../helpers/flow.js';
import { screenshot, startPanel, writeFile, type PanelRig } from './browser.js';

let rig: PanelRig;
let page: Page;
let tpl: ReturnType<typeof templateSlots>;
let wideSlot: string;
const templatePath = path.join(AEPX_CORPUS, EDFORMAN);

beforeAll(async () => {
  rig = await startPanel();
  page = rig.page;
  tpl = templateSlots(EDFORMAN);
  await rig.t.json('/api/environment/fonts', { method: 'PUT', body: { fonts: ['RUSHFLOW', 'ArialMT'] } });
  wideSlot = tpl.slots.find((s) => s.kind !== 'text' && Math.abs((s.box.right - s.box.left) / (s.box.bottom - s.box.top) - 1) > 0.15)!.id;
});
afterAll(() => rig?.stop());

const good = (name: string) => writeFile(rig.files, name, fittingDesign(tpl));
const bad = (name: string) => writeFile(rig.files, name, fittingDesign(tpl, { square: wideSlot }));
const row = (name: string) => page.locator('[data-job-row]', { has: page.locator('.job-name', { hasText: new RegExp(`^${name}$`) }) });
const jobId = async (name: string) => (await rig.t.json('/api/jobs')).body.jobs.find((j: { name: string }) => j.name === name).job_id as string;

async function upload(psds: string[], shot?: string) {
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.locator('input[name="template"]').setInputFiles(templatePath);
  await page.locator('input[name="psd"]').setInputFiles(psds);
  await expect.poll(() => page.locator('.file').count()).toBe(psds.length + 1);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: /^Upload \d+ design/ }).click();
  await page.getByText(/Batch uploaded/).waitFor();
}

describe('the panel in a browser', () => {
  it('takes the token from the link, keeps it for reloads and removes it from the address bar', async () => {
    await page.goto(`${rig.t.url}/#token=${rig.t.token}`);
    await page.getByText('No jobs yet.').waitFor();
    expect(page.url()).toBe(`${rig.t.url}/#/`);
    expect(await page.evaluate(() => sessionStorage.getItem('conform.token'))).toBe(rig.t.token);
    await page.reload();
    await page.getByText('No jobs yet.').waitFor();
    await expect.poll(() => page.locator('.host').textContent()).toContain('no After Effects');
  });

  it('Test 1: upload, review, stage 4 skipped, deliver and download', async () => {
    await upload([good('t1-good.psd')], 'upload');
    // The row moves to "Matches to review" live, from the event stream.
    await row('t1-good').getByRole('link', { name: 'Review matches' }).waitFor();
    await row('t1-good').getByRole('link', { name: 'Review matches' }).click();
    await page.getByRole('heading', { name: /Review matches/ }).waitFor();
    await expect.poll(() => page.locator('.layer img.thumb').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.pv-slot img').count()).toBeGreaterThan(0);
    await screenshot(page, 'review-matching');
    await page.getByRole('button', { name: 'Save & dashboard' }).click();
    await page.getByText(/t1-good approved/).waitFor();
    expect(page.url()).toMatch(/#\/$/);
    await row('t1-good').getByRole('link', { name: 'Deliver' }).waitFor();
    expect(await row('t1-good').locator('.step-skipped .step-name').textContent()).toBe('Review');
    await row('t1-good').getByRole('link', { name: 'Deliver' }).click();
    await page.getByRole('heading', { name: /Deliver/ }).waitFor();
    await page.locator('.plan li').first().waitFor();
    expect(await page.locator('.plan li').first().textContent()).toMatch(/^Open the template/);
    await page.getByText(/After Effects is not connected here/).waitFor();
    expect(await page.getByRole('button', { name: 'Apply in After Effects' }).count()).toBe(0);
    await expect.poll(() => page.locator('.pv-slot img').count()).toBeGreaterThan(0);
    await screenshot(page, 'deliver');
    const id = await jobId('t1-good');
    // Reading the script on screen did not deliver the job; downloading does.
    expect((await job(rig.t, id)).status).toBe('awaiting_download');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download bundle (.zip)' }).click()]);
    expect(dl.suggestedFilename()).toBe('t1-good.zip');
    await page.locator('.badge-complete').waitFor();
    const j = await job(rig.t, id);
    expect(j.status).toBe('complete');
    expect(j.stage4_skipped).toBe(true);
  });

  it('Test 2: critical issues → validation review, back to matching, override with a reason', async () => {
    await upload([bad('t2-bad.psd')]);
    await row('t2-bad').getByRole('link', { name: 'Review matches' }).click();
    await page.getByRole('heading', { name: /Review matches/ }).waitFor();
    await page.getByRole('button', { name: 'Save & dashboard' }).click();
    const id = await jobId('t2-bad');
    await page.waitForURL(`**/#/validate/${id}`);
    await page.getByRole('heading', { name: /Critical/ }).waitFor();
    expect(await page.locator('.issue-critical .issue-where').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('aspect_ratio_mismatch')]));
    expect(await page.locator('.issue-critical .kv').count()).toBeGreaterThan(0);
    await screenshot(page, 'validate');

    await page.getByRole('button', { name: 'Return to matching' }).click();
    await page.waitForURL(`**/#/review-matching/${id}`);
    expect((await job(rig.t, id)).current_stage).toBe(2);
    await page.getByRole('button', { name: 'Save & next' }).click();
    await page.waitForURL(`**/#/validate/${id}`);
    const override = page.getByRole('button', { name: 'Override & continue' });
    await page.getByLabel(/Why these issues are acceptable/).fill('too short');
    expect(await override.isDisabled()).toBe(true);
    await page.getByLabel(/Why these issues are acceptable/).fill('Client accepts the crop on the cutout');
    expect(await override.isDisabled()).toBe(false);
    await override.click();
    await page.waitForURL(`**/#/deliver/${id}`);
    // Follows the build live until the script is there.
    await page.getByRole('button', { name: 'Download script (.jsx)' }).waitFor();
    const j = await job(rig.t, id);
    expect(j.stage4_override_reason).toBe('Client accepts the crop on the cutout');
    expect(j.stage4_skipped).toBe(false);
  });

  it('Test 3: a batch of three; override the first, "Save & next" walks to the next design', async () => {
    await upload([bad('t3-a.psd'), good('t3-b.psd'), good('t3-c.psd')]);
    for (const n of ['t3-a', 't3-b', 't3-c']) await row(n).getByRole('link', { name: 'Review matches' }).waitFor();
    const [a, b, c] = [await jobId('t3-a'), await jobId('t3-b'), await jobId('t3-c')];
    await row('t3-a').getByRole('link', { name: 'Review matches' }).click();
    await page.getByRole('button', { name: 'Save & next' }).click();
    await page.waitForURL(`**/#/validate/${a}`);
    await page.getByLabel(/Why these issues are acceptable/).fill('Approved by the art director');
    await page.getByRole('button', { name: 'Override & continue' }).click();
    await page.waitForURL(`**/#/deliver/${a}`);

    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await row('t3-b').getByRole('link', { name: 'Review matches' }).click();
    await page.waitForURL(`**/#/review-matching/${b}`);
    await page.getByRole('button', { name: 'Save & next' }).click();
    await page.waitForURL(`**/#/review-matching/${c}`);
    await page.getByText(/t3-b approved. Next design/).waitFor();
    await page.getByRole('button', { name: 'Save & next' }).click();
    await page.getByText(/No more designs to review/).waitFor();
    expect(page.url()).toMatch(/#\/$/);
    await rig.t.idle();
    for (const id of [a, b, c]) expect((await job(rig.t, id)).current_stage).toBe(6);
    await expect.poll(() => page.locator('.badge-awaiting_download').count()).toBe(4);
    await screenshot(page, 'dashboard');
    // The filters narrow the list to the stage asked for.
    await page.getByLabel('Stage', { exact: true }).selectOption('6');
    await expect.poll(() => page.locator('[data-job-row]').count()).toBe(4);
    expect(rig.errors).toEqual([]);
  });
});
