// Layer PNGs cached on disk by (file sha256, layer id, variant). Written to a temp name and renamed,
// so a half-written PNG is never served, even after a crash.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { layerPng, layerThumbnail, type LayerPng } from './layer-image.js';

export type AssetVariant = 'full' | 'thumb';

export class LayerAssetCache {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(sha256: string, layerId: number, variant: AssetVariant): string {
    return path.join(this.dir, sha256.slice(0, 2), `${sha256}.${layerId}.${variant}.png`);
  }

  async get(sha256: string, bytes: () => Uint8Array, layerId: number, variant: AssetVariant): Promise<LayerPng> {
    const file = this.file(sha256, layerId, variant);
    if (fs.existsSync(file)) {
      const png = fs.readFileSync(file);
      // Width and height from the PNG's IHDR chunk.
      return { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    }
    const made = variant === 'full' ? await layerPng(bytes(), layerId) : await layerThumbnail(bytes(), layerId);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
    fs.writeFileSync(tmp, made.png);
    fs.renameSync(tmp, file);
    return made;
  }
}
