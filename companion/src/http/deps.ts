import type { EventBus } from '../events.js';
import type { Runner } from '../pipeline/runner.js';
import type { FileStore } from '../storage/file-store.js';
import type { JobsRepo } from '../storage/jobs-repo.js';
import type { SettingsRepo } from '../storage/settings-repo.js';

/** Serves one layer of a stored PSD as a PNG (full size or thumbnail), cached by (file hash, layer id). */
export interface LayerImages {
  png(psdSha256: string, layerId: number, variant: 'full' | 'thumb'): Promise<Uint8Array>;
}

export interface AppDeps {
  jobs: JobsRepo;
  files: FileStore;
  settings: SettingsRepo;
  runner: Runner;
  events: EventBus;
  layerImages: LayerImages;
  /** Folder of a job's bundle (jobs/<jobId>/). */
  bundleDir: (jobId: string) => string;
  zipFolder: (dir: string) => Uint8Array;
  /** Font names reported by After Effects through the panel's host bridge. */
  setAeFonts: (fonts: string[] | null) => void;
  panelDir: string;
  version: string;
  port: () => number;
  token: () => string;
  maxFileBytes: number;
  allowedRoots: string[];
  nexrender: { server: string | null; secret: string | null };
}
