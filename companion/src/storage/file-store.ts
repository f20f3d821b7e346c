// Content-addressed store for uploaded files: <data>/files/<aa>/<sha256>. The same bytes uploaded
// twice are stored once. Writes go to a temp name and are renamed into place, so a crash mid-write
// never leaves a half file under a real name.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Db } from './db.js';
import { TooLargeError } from '../errors.js';

export type StoredKind = 'psd' | 'template';

export interface StoredFile {
  sha256: string;
  size: number;
}

/** An upload streamed to a temp file: hashed and measured on the way, not yet under its real name. */
export interface ReceivedFile {
  tmp: string;
  sha256: string;
  size: number;
  /** The first bytes, for signature checks. */
  head: Uint8Array;
}

export class FileStore {
  constructor(
    private readonly db: Db,
    private readonly root: string,
  ) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
    this.sweepTmp();
  }

  /**
   * Removes temp files left by a process that died mid-write (a crash or kill during an upload). Temp
   * names carry the writer's pid (<kind>.<pid>.<uuid>); files of a live process (a CLI next to the
   * companion) are left alone.
   */
  private sweepTmp(): void {
    const dir = path.join(this.root, 'tmp');
    for (const name of fs.readdirSync(dir)) {
      const pid = Number(name.split('.')[1]);
      if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (!alive) fs.rmSync(path.join(dir, name), { force: true });
    }
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  read(sha256: string): Uint8Array {
    // A view, not a copy: a 300 MB PSD must not sit in memory twice.
    const buf = fs.readFileSync(this.pathOf(sha256));
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
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

  /**
   * Streams an upload to a temp file, refusing it past maxBytes. The stream is always read to its end
   * (a multipart parser stalls on an abandoned part); over the limit, bytes are just dropped.
   */
  receive(stream: Readable, maxBytes: number, label: string): Promise<ReceivedFile> {
    const tmp = path.join(this.root, 'tmp', `upload.${process.pid}.${crypto.randomUUID()}`);
    const hash = crypto.createHash('sha256');
    const out = fs.createWriteStream(tmp);
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let failure: Error | null = null;
    return new Promise((resolve, reject) => {
      const fail = (e: Error) => {
        if (failure) return;
        failure = e;
        out.destroy();
        fs.rmSync(tmp, { force: true });
        stream.resume();
      };
      out.on('error', fail);
      stream.on('error', (e) => {
        fail(e);
        reject(e);
      });
      stream.on('data', (buf: Buffer) => {
        if (failure) return;
        size += buf.length;
        if (size > maxBytes) return fail(new TooLargeError(`${label} is over the size limit of ${maxBytes} bytes`));
        if (headBytes < 4096) {
          const part = buf.subarray(0, 4096 - headBytes);
          head.push(part);
          headBytes += part.length;
        }
        hash.update(buf);
        if (!out.write(buf)) {
          stream.pause();
          out.once('drain', () => stream.resume());
        }
      });
      stream.on('end', () => {
        if (failure) return reject(failure);
        out.end(() => (failure ? reject(failure) : resolve({ tmp, sha256: hash.digest('hex'), size, head: new Uint8Array(Buffer.concat(head)) })));
      });
    });
  }

  /** Moves a received file under its content address (or drops it when those bytes are already stored). */
  commit(received: ReceivedFile, kind: StoredKind): StoredFile {
    const target = this.pathOf(received.sha256);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) fs.rmSync(received.tmp, { force: true });
    else fs.renameSync(received.tmp, target);
    this.record(received.sha256, received.size, kind);
    return { sha256: received.sha256, size: received.size };
  }

  discard(received: ReceivedFile): void {
    fs.rmSync(received.tmp, { force: true });
  }

  private record(sha256: string, size: number, kind: StoredKind): void {
    this.db
      .prepare('INSERT OR IGNORE INTO files (sha256, kind, size, created_at) VALUES (?, ?, ?, ?)')
      .run(sha256, kind, size, new Date().toISOString());
  }
}
