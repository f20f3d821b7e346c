// Where things go inside a job's bundle folder. Every path is relative to the folder, so a bundle
// can be zipped, moved or unzipped anywhere and its script still finds its files.
import type { PsdLayer } from '../../../../shared/psd.js';
import type { TemplateDoc } from '../../../../shared/template.js';

/** A file-name-safe form of a user's name: ASCII letters, digits, `.`, `_`, `-`; never empty, never a path. */
export function safeFileName(name: string, fallback = 'conform'): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80)
    .replace(/[._]+$/, '');
  return s || fallback;
}

export interface BundleLayout {
  script: string;
  /** The same fill for a project that is already open (panel's "apply to open project", render farms). */
  currentProjectScript: string;
  /**
   * The current-project fill with every asset named flat beside the script, for render-farm workers
   * (nexrender) that copy a job's files into one work folder without its sub-folders.
   */
  farmScript: string;
  template: string;
  output: string;
  manifest: string;
  asset(layer: Pick<PsdLayer, 'id' | 'name'>): string;
}

export function bundleLayout(jobName: string, template: Pick<TemplateDoc, 'format'>): BundleLayout {
  const base = safeFileName(jobName);
  return {
    script: `${base}.jsx`,
    currentProjectScript: `${base}.current-project.jsx`,
    farmScript: `${base}.farm.jsx`,
    template: `template.${template.format}`,
    output: `${base}.aep`,
    manifest: 'bundle.json',
    asset: (layer) => `assets/${layer.id}-${safeFileName(layer.name, 'layer')}.png`,
  };
}

/** An asset's name in a flat work folder: its file name without the `assets/` folder. */
export const flatAssetName = (file: string): string => file.slice(file.lastIndexOf('/') + 1);
