// Builds a real stage-5 bundle (the product's deliverer: PNGs decoded from the PSD, template copy,
// both scripts, bundle.json) for a design, a template comp and a set of approved matches.
import fs from 'node:fs';
import path from 'node:path';
import type { Match } from '../../shared/match.js';
import type { PsdDoc, PsdLayer } from '../../shared/psd.js';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings.js';
import type { Slot, TemplateDoc } from '../../shared/template.js';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { createDeliverer } from '../../companion/src/pipeline/stage5-bundle.js';
import { openLayerDecoder } from '../../companion/src/pipeline/psd/layer-image.js';
import type { JobRow } from '../../companion/src/storage/jobs-repo.js';
import { tempDir } from '../helpers/server.js';

export interface Bundle {
  dir: string;
  script: string;
  currentProjectScript: string;
  scriptText: string;
  manifest: { script: string; template: string; output: string; assets: string[] };
  template: TemplateDoc;
  psd: PsdDoc;
  slots: Slot[];
  approved: Match[];
}

export const matchOf = (slot: Slot, layer: PsdLayer | null, extra: Partial<Match> = {}): Match => ({
  slot: { id: slot.id, comp: slot.compName, layerIndex: slot.layerIndex, layerName: slot.layerName, kind: slot.kind },
  psdLayer: layer ? { id: layer.id, name: layer.name, path: layer.path, order: layer.order } : null,
  confidence: 1,
  reasons: ['approved in test'],
  ...extra,
});

export interface BundleSpec {
  name: string;
  templateBytes: Uint8Array;
  compName: string;
  psdBytes: Uint8Array;
  /** Given the parsed design and the comp's slots, the approved matches. */
  approve: (psd: PsdDoc, slots: Slot[]) => Match[];
  settings?: Partial<Settings>;
  /** Parent folder for the bundle (default: a new temp dir). */
  root?: string;
}

export async function makeBundle(spec: BundleSpec): Promise<Bundle> {
  const template = extractTemplate(spec.templateBytes);
  const psd = extractPsd(spec.psdBytes);
  const slots = findSlots(template, spec.compName);
  const comp = template.comps.find((c) => c.name === spec.compName)!;
  const approved = spec.approve(psd, slots);
  const root = spec.root ?? tempDir();
  const dir = path.join(root, 'job-1');
  const deliverer = createDeliverer({ bundleDir: () => dir, cacheDir: path.join(root, 'cache') });
  const job = { job_id: 'job-1', name: spec.name, psd_sha256: `sha-${spec.name}` } as JobRow;
  await deliverer.deliver({
    job,
    stage1: { psd, comp: { id: comp.id, name: comp.name, width: comp.width, height: comp.height, frameRate: comp.frameRate }, slots, matches: approved, unmatchedPsdLayers: [], templateWarnings: [] },
    approved,
    template,
    openPsd: () => openLayerDecoder(spec.psdBytes),
    templateBytes: () => spec.templateBytes,
    settings: { ...DEFAULT_SETTINGS, ...spec.settings },
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'bundle.json'), 'utf8'));
  const script = path.join(dir, manifest.script);
  return {
    dir,
    script,
    currentProjectScript: path.join(dir, manifest.current_project_script),
    scriptText: fs.readFileSync(script, 'latin1'),
    manifest,
    template,
    psd,
    slots,
    approved,
  };
}
