// Content-addressed store for uploaded files: <data>/files/<aa>/<sha256>. The same bytes uploaded
// twice are stored once. Writes go to a temp name and are renamed into place, so a crash mid-write
// never leaves a half file under a real name.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';

export type StoredKind = 'psd' | 'template';

export interface StoredFile {
  sha256: string;
  size: number;
}

export class FileStore {
  constructor(
    private readonly db: Db,
    private readonly root: string,
  ) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  read(sha256: string): Uint8Array {
    return new Uint8Array(fs.readFileSync(this.pathOf(sha256)));
  }

  putBytes(bytes: Uint8Array, kind: StoredKind): StoredFile {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      const tmp = path.join(this.root, 'tmp', `${sha256}.${process.pid}.${crypto.randomUUID()}`);
      fs.writeFileSync(tmp, bytes);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(tmp, target);
    }
    this.record(sha256, bytes.byteLength, kind);
    return { sha256, size: bytes.byteLength };
  }

  /** Copies a local file into the store, hashing while streaming so large files never sit in memory twice. */
  async putFile(source: string, kind: StoredKind): Promise<StoredFile> {
    const tmp = path.join(this.root, 'tmp', `copy.${process.pid}.${crypto.randomUUID()}`);
    const hash = crypto.createHash('sha256');
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      const input = fs.createReadStream(source);
      const output = fs.createWriteStream(tmp);
      input.on('data', (chunk) => {
        hash.update(chunk);
        size += chunk.length;
      });
      input.on('error', reject);
      output.on('error', reject);
      output.on('finish', () => resolve());
      input.pipe(output);
    });
    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) fs.rmSync(tmp);
    else fs.renameSync(tmp, target);
    this.record(sha256, size, kind);
    return { sha256, size };
  }

  private record(sha256: string, size: number, kind: StoredKind): void {
    this.db
      .prepare('INSERT OR IGNORE INTO files (sha256, kind, size, created_at) VALUES (?, ?, ?, ?)')
      .run(sha256, kind, size, new Date().toISOString());
  }
}
