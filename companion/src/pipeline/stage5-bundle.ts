// Stage 5's I/O edge: the layer PNGs, the generated scripts and the template copy, written as one
// bundle folder jobs/<jobId>/. The folder is built under a temp name and renamed into place, so a
// crash mid-write never leaves a half bundle that could be served or applied.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Match } from '../../../shared/match.js';
import type { FileStore } from '../storage/file-store.js';
import type { LayerImages } from '../http/deps.js';
import { bundleLayout, flatAssetName } from './bundle/bundle-layout.js';
import { LayerAssetCache } from './psd/layer-asset-cache.js';
import { NoPixelsError, openLayerDecoderFile, type LayerDecoder } from './psd/layer-image.js';
import { generateScript, type ScriptInput } from './script/generate-script.js';
import type { Deliverer, DeliveryInput } from './stage5-generate.js';

export { zipFolder } from './bundle/zip-folder.js';

export function createLayerImages(d: { files: FileStore; cacheDir: string }): LayerImages {
  const cache = new LayerAssetCache(path.join(d.cacheDir, 'layers'));
  return {
    async png(sha256, layerId, variant) {
      return (await cache.get(sha256, () => openLayerDecoderFile(d.files.pathOf(sha256)), layerId, variant)).png;
    },
  };
}

/** The PSD layers that image slots take, each once however many slots use it. */
function imageLayerIds(approved: Match[]): number[] {
  const ids = new Set<number>();
  for (const m of approved) if (m.psdLayer && m.slot.kind !== 'text') ids.add(m.psdLayer.id);
  return [...ids];
}

export function createDeliverer(d: { bundleDir: (jobId: string) => string; cacheDir: string }): Deliverer {
  const cache = new LayerAssetCache(path.join(d.cacheDir, 'layers'));
  return {
    async deliver(input: DeliveryInput): Promise<string> {
      const { job, stage1, approved, template, settings } = input;
      const layout = bundleLayout(job.name, template);
      const final = d.bundleDir(job.job_id);
      const work = `${final}.${process.pid}.${crypto.randomUUID()}.tmp`;
      fs.mkdirSync(path.join(work, 'assets'), { recursive: true });
      try {
        let decoder: LayerDecoder | null = null;
        const openDecoder = () => (decoder ??= input.openPsd());
        const assets: ScriptInput['assets'] = {};
        const skipped: string[] = [];
        for (const id of imageLayerIds(approved)) {
          const layer = stage1.psd.layers.find((l) => l.id === id);
          if (!layer) continue;
          try {
            const png = await cache.get(job.psd_sha256, openDecoder, id, 'full');
            const file = layout.asset(layer);
            fs.writeFileSync(path.join(work, file), png.png);
            assets[id] = { file, width: png.width, height: png.height };
          } catch (e) {
            // Validation reported it (no_pixels); an override sends it here: the script skips that slot.
            if (!(e instanceof NoPixelsError)) throw e;
            skipped.push(`${layer.name} (id ${id}): ${e.message}`);
          }
        }
        fs.writeFileSync(path.join(work, layout.template), input.templateBytes());
        const base: Omit<ScriptInput, 'options'> = {
          jobName: job.name,
          templateFile: layout.template,
          outputFile: layout.output,
          template,
          comp: { id: stage1.comp.id, name: stage1.comp.name },
          slots: stage1.slots,
          psd: stage1.psd,
          matches: approved,
          assets,
        };
        const options = {
          fit: settings.defaultFit,
          textStyle: settings.defaultTextStyle,
          autofit: settings.autofitText,
          renderQueue: settings.addToRenderQueue,
        };
        const script = generateScript({ ...base, options: { ...options, mode: 'open-template' } });
        const current = generateScript({ ...base, options: { ...options, mode: 'current-project' } });
        const flatAssets = Object.fromEntries(Object.entries(assets).map(([id, a]) => [id, { ...a, file: flatAssetName(a.file) }]));
        const farm = generateScript({ ...base, assets: flatAssets, options: { ...options, mode: 'current-project', renderQueue: false } });
        fs.writeFileSync(path.join(work, layout.script), script, 'utf8');
        fs.writeFileSync(path.join(work, layout.currentProjectScript), current, 'utf8');
        fs.writeFileSync(path.join(work, layout.farmScript), farm, 'utf8');
        const manifest = {
          job_id: job.job_id,
          name: job.name,
          comp: stage1.comp,
          script: layout.script,
          current_project_script: layout.currentProjectScript,
          farm_script: layout.farmScript,
          template: layout.template,
          output: layout.output,
          assets: Object.values(assets).map((a) => a.file),
          skipped_assets: skipped,
          created_at: new Date().toISOString(),
        };
        fs.writeFileSync(path.join(work, layout.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
        fs.rmSync(final, { recursive: true, force: true });
        fs.renameSync(work, final);
        return script;
      } catch (e) {
        fs.rmSync(work, { recursive: true, force: true });
        throw e;
      }
    },
  };
}
