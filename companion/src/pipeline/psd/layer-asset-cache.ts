// Layer PNGs cached on disk by (file sha256, layer id, variant). Written to a temp name and renamed,
// so a half-written PNG is never served, even after a crash.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { thumbnailOf, type LayerDecoder, type LayerPng } from './layer-image.js';

export type AssetVariant = 'full' | 'thumb';

const pngSize = (png: Buffer): LayerPng => ({ png, width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

export class LayerAssetCache {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(sha256: string, layerId: number, variant: AssetVariant): string {
    return path.join(this.dir, sha256.slice(0, 2), `${sha256}.${layerId}.${variant}.png`);
  }

  /** The cached PNG, or one made with `decoder` (opened only on a miss; callers share one across layers). */
  async get(sha256: string, decoder: () => LayerDecoder, layerId: number, variant: AssetVariant): Promise<LayerPng> {
    const file = this.file(sha256, layerId, variant);
    if (fs.existsSync(file)) return pngSize(fs.readFileSync(file));
    // A thumbnail is made from the full PNG, which is cached on the way for the bundle.
    const made = variant === 'full' ? await decoder().png(layerId) : await thumbnailOf(await this.get(sha256, decoder, layerId, 'full'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
    fs.writeFileSync(tmp, made.png);
    fs.renameSync(tmp, file);
    return made;
  }
}
