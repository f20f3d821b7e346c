// Layer names, texts and job names are the designer's, shown as text: markup in them never becomes
// elements (Preact renders strings as text nodes; the panel never sets innerHTML).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDesign, type DesignLayer } from '../helpers/designs.js';
import { EDFORMAN, templateSlots, uploadBatch } from '../helpers/flow.js';
import { startPanel, type PanelRig } from './browser.js';

const EVIL_NAME = '<img src=x onerror=alert(1)>';
const EVIL_TEXT = '<script>alert(2)</script><b>bold</b>';

let rig: PanelRig;
let jobId: string;

beforeAll(async () => {
  rig = await startPanel();
  const tpl = templateSlots(EDFORMAN);
  let renamedImage = false;
  let renamedText = false;
  const layers: DesignLayer[] = tpl.slots.map((s, i) => {
    if (s.kind === 'text') {
      const text = renamedText ? `Name ${i}` : EVIL_TEXT;
      renamedText = true;
      return { name: s.layerName, kind: 'text', box: { left: s.box.left, top: s.box.top, right: s.box.left + 300, bottom: s.box.top + 50 }, text, size: 40 };
    }
    const name = renamedImage ? s.layerName : EVIL_NAME;
    renamedImage = true;
    return { name, kind: 'image', box: s.box };
  });
  const { jobs } = await uploadBatch(rig.t, { name: EDFORMAN, bytes: tpl.bytes }, [{ name: '<b onclick=alert(3)>job.psd', bytes: makeDesign(tpl.width, tpl.height, layers) }]);
  jobId = jobs[0]!.job_id;
  await rig.t.idle();
});
afterAll(() => rig?.stop());

describe('text from designs', () => {
  it('renders layer names, texts and job names as text, never as markup', async () => {
    const { page } = rig;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${rig.t.url}/#token=${rig.t.token}`);
    await page.locator('[data-job-row] .job-name').first().waitFor();
    const jobName = await page.locator('[data-job-row] .job-name').first().textContent();
    expect(jobName).toBe('<b onclick=alert(3)>job');
    expect(await page.locator('.job-name b').count()).toBe(0);

    await page.goto(`${rig.t.url}/#/review-matching/${jobId}`);
    await page.locator('.layer').first().waitFor();
    const names = await page.locator('.layer-name').allTextContents();
    expect(names).toContain(EVIL_NAME);
    expect(await page.locator('.layer-text').allTextContents()).toContain(EVIL_TEXT);
    // The preview shows the text too, as text.
    expect(await page.locator('.pv-text').allTextContents()).toContain(EVIL_TEXT);
    expect(await page.locator('img[src="x"], script:not([src]), .layers b, .preview b').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
  });
});
