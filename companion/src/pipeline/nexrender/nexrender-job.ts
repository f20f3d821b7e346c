// A finished bundle as a nexrender job (https://github.com/inlife/nexrender): the template copy, each
// layer PNG as a static asset and the bundle's farm script. nexrender copies every asset flat into
// one work folder, opens the template and runs the script there before rendering; the farm script
// fills the open project and looks for its PNGs beside itself, so nothing in it depends on this
// machine's paths. Pure: the bundle's manifest and folder in, the job document out.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { flatAssetName } from '../bundle/bundle-layout.js';

/** The fields of bundle.json this needs (written by stage5-bundle.ts). */
export interface BundleManifest {
  job_id: string;
  name: string;
  comp: { name: string };
  template: string;
  farm_script?: string;
  assets: string[];
}

export interface NexrenderAsset {
  type: 'static' | 'script';
  src: string;
  name?: string;
}

/** The subset of nexrender's job schema (@nexrender/types/job) that Conform fills in. */
export interface NexrenderJob {
  template: { src: string; composition: string; outputExt?: string };
  assets: NexrenderAsset[];
  actions: { prerender: unknown[]; postrender: unknown[] };
  tags: string;
}

export interface NexrenderOptions {
  /** Container extension nexrender asks aerender for (its default is the output module's). */
  outputExt?: string;
  /** Extra postrender actions (encode, copy, upload) the studio's workers know. */
  postrender?: unknown[];
}

export class NotExportableError extends Error {}

/** `file://` URL of a file in the bundle folder; nexrender reads local and shared-drive files this way. */
const fileUrl = (dir: string, rel: string) => pathToFileURL(path.join(dir, ...rel.split('/'))).href;

export function nexrenderJob(manifest: BundleManifest, bundleDir: string, options: NexrenderOptions = {}): NexrenderJob {
  if (!manifest.farm_script) {
    throw new NotExportableError(`the bundle of job ${manifest.job_id} predates render-farm export: retry stage 5 to rebuild it`);
  }
  const names = new Set<string>();
  const assets: NexrenderAsset[] = manifest.assets.map((file) => {
    const name = flatAssetName(file);
    // The farm script names each PNG by this flat name; two with one name would fill the wrong slot.
    if (names.has(name)) throw new NotExportableError(`two bundle assets share the file name ${name}`);
    names.add(name);
    return { type: 'static', src: fileUrl(bundleDir, file), name };
  });
  assets.push({ type: 'script', src: fileUrl(bundleDir, manifest.farm_script) });
  return {
    template: {
      src: fileUrl(bundleDir, manifest.template),
      composition: manifest.comp.name,
      ...(options.outputExt ? { outputExt: options.outputExt } : {}),
    },
    assets,
    actions: { prerender: [], postrender: options.postrender ?? [] },
    tags: `conform,${manifest.job_id}`,
  };
}
