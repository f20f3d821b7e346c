// Stage 5's I/O edge: layer PNGs, the bundle folder and its zip. (Wired to the PSD and script modules.)
import type { FileStore } from '../storage/file-store.js';
import type { LayerImages } from '../http/deps.js';
import type { Deliverer } from './stage5-generate.js';

export function createLayerImages(_d: { files: FileStore; cacheDir: string }): LayerImages {
  return {
    async png() {
      throw new Error('layer images: not wired yet');
    },
  };
}

export function createDeliverer(_d: { bundleDir: (jobId: string) => string; cacheDir: string }): Deliverer {
  return {
    async deliver() {
      throw new Error('stage 5: not wired yet');
    },
  };
}

export function zipFolder(_dir: string): Uint8Array {
  throw new Error('zip: not wired yet');
}
