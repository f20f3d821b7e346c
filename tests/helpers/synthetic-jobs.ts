// Jobs placed directly at a given stage through the real stage machine, for tests of the machine
// and of the API's refusal paths that do not need real extraction.
import type { Stage1Results } from '../../shared/job.js';
import type { StageState } from '../../shared/stages.js';
import type { TemplateDoc } from '../../shared/template.js';
import type { Companion } from '../../companion/src/server.js';
import { FileStore } from '../../companion/src/storage/file-store.js';
import { StageMachine } from '../../companion/src/pipeline/stage-machine.js';
import path from 'node:path';

export const EMPTY_STAGE1: Stage1Results = {
  psd: { width: 100, height: 100, colorMode: 'rgb', bitsPerChannel: 8, isPsb: false, resolution: 72, pixelsAvailable: true, layers: [], warnings: [] },
  comp: { id: 1, name: 'Main', width: 1920, height: 1080, frameRate: 30 },
  slots: [],
  matches: [],
  unmatchedPsdLayers: [],
  templateWarnings: [],
};

export const EMPTY_TEMPLATE: TemplateDoc = {
  format: 'aepx',
  aeVersion: '25.5',
  bitsPerChannel: 8,
  items: [{ id: 1, name: 'Main', type: 'comp', parentId: null }],
  comps: [{ id: 1, name: 'Main', width: 1920, height: 1080, pixelAspect: 1, frameRate: 30, frameRateFraction: [30, 1], duration: 10, bgColor: [0, 0, 0], layers: [] }],
  warnings: [],
};

/** The path of allowed transitions that reaches each stage from 0. */
const PATH_TO: Record<string, StageState[]> = {
  '0': [],
  '1': [1],
  '2': [1, 2],
  '3': [1, 2, 3],
  '4': [1, 2, 3, 4],
  '5': [1, 2, 3, 5],
  '6': [1, 2, 3, 5, 6],
  complete: [1, 2, 3, 5, 6, 'complete'],
};

export function syntheticJob(c: Pick<Companion, 'jobs' | 'dataDir'>, at: StageState, machine = new StageMachine(c.jobs)): string {
  const files = new FileStore(c.jobs.db, path.join(c.dataDir, 'files'));
  const psd = files.putBytes(new TextEncoder().encode(`psd ${Math.random()}`), 'psd');
  const tpl = files.putBytes(new TextEncoder().encode('template'), 'template');
  c.jobs.saveTemplateDoc(tpl.sha256, JSON.stringify(EMPTY_TEMPLATE));
  const batchId = c.jobs.createBatch({ templateSha256: tpl.sha256, templateName: 'tpl', compName: 'Main' });
  const jobId = c.jobs.createJob({ batchId, name: `job-at-${at}`, psdSha256: psd.sha256, templateSha256: tpl.sha256, compName: 'Main' });
  let from: StageState = 0;
  for (const to of PATH_TO[String(at)]!) {
    const set = to === 2 ? { stage1_results: JSON.stringify(EMPTY_STAGE1) } : to === 3 ? { stage2_approved_matches: '[]' } : to === 6 ? { stage5_extendscript: '// script' } : undefined;
    machine.transition({ jobId, from, to, userId: 'test', action: 'setup', message: 'test setup', set });
    from = to;
  }
  return jobId;
}
