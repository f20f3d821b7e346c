// Inside After Effects: a stand-in for CEP's window.__adobe_cep__ answers like host-jsx does, so the
// panel's start-up font report and "Apply in After Effects" run end to end against the companion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDFORMAN, fittingDesign, job, proposedMatches, templateSlots, uploadBatch } from '../helpers/flow.js';
import { startPanel, type PanelRig } from './browser.js';

let rig: PanelRig;
let jobId: string;

beforeAll(async () => {
  rig = await startPanel();
  const tpl = templateSlots(EDFORMAN);
  await rig.t.json('/api/environment/fonts', { method: 'PUT', body: { fonts: ['RUSHFLOW', 'ArialMT'] } });
  const { jobs } = await uploadBatch(rig.t, { name: EDFORMAN, bytes: tpl.bytes }, [{ name: 'in-ae.psd', bytes: fittingDesign(tpl) }]);
  jobId = jobs[0]!.job_id;
  await rig.t.idle();
  await rig.t.json(`/api/job/${jobId}/approve-stage2`, { method: 'POST', body: { approved_matches: await proposedMatches(rig.t, jobId), user_id: 'editor' } });
  await rig.t.idle();
  await rig.page.addInitScript(() => {
    const w = window as unknown as { __adobe_cep__: unknown; __calls: string[] };
    w.__calls = [];
    w.__adobe_cep__ = {
      evalScript(script: string, done: (r: string) => void) {
        w.__calls.push(script);
        const m = /^conformHost\.applyScript\((".*")\)$/.exec(script);
        if (script === 'conformHost.listFonts()') done(JSON.stringify({ ok: true, data: { available: true, fonts: ['RUSHFLOW', 'ArialMT', 'Inter-Regular'] } }));
        else if (m) done(JSON.stringify({ job: 'in-ae', ok: true, output: 'in-ae.aep', steps: [{ step: 'open template', status: 'done', reason: JSON.parse(m[1]!) }, { step: 'save', status: 'done', reason: 'in-ae.aep' }], warnings: [] }));
        else done('EvalScript error.');
      },
    };
  });
});
afterAll(() => rig?.stop());

describe('the panel inside After Effects', () => {
  it('reports the fonts of After Effects on start-up', async () => {
    const { page } = rig;
    const put = page.waitForRequest((r) => r.url().endsWith('/api/environment/fonts') && r.method() === 'PUT');
    await page.goto(`${rig.t.url}/#token=${rig.t.token}`);
    expect((await put).postDataJSON()).toEqual({ fonts: ['RUSHFLOW', 'ArialMT', 'Inter-Regular'] });
    await page.getByText('After Effects connected').waitFor();
  });

  it('applies the bundle script from disk and records the report, completing the job', async () => {
    const { page } = rig;
    const detail = await job(rig.t, jobId);
    expect(detail.bundle.script_path).toMatch(/in-ae\.jsx$/);
    await page.goto(`${rig.t.url}/#/deliver/${jobId}`);
    await page.getByRole('button', { name: 'Apply in After Effects' }).click();
    await page.getByText('Applied in After Effects: saved in-ae.aep.').waitFor();
    const calls = await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls);
    // The path reaches ExtendScript as one escaped ES3 string literal.
    expect(calls).toContain(`conformHost.applyScript(${JSON.stringify(detail.bundle.script_path)})`);
    expect(await page.locator('.st-done').count()).toBe(2);
    const j = await job(rig.t, jobId);
    expect(j.status).toBe('complete');
    const logs = (await rig.t.json(`/api/job/${jobId}/logs`)).body.logs as Array<{ message: string; to_stage: string }>;
    expect(logs.some((l) => l.to_stage === 'complete')).toBe(true);
  });
});
