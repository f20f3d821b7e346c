// ExtendScript's File and Folder over the real disk: enough for a script that finds its bundle
// through File($.fileName).parent, checks `exists`, writes its log and saves a project.
import fs from 'node:fs';
import path from 'node:path';

export class SimFolder {
  readonly fsName: string;
  constructor(p: string) {
    this.fsName = path.resolve(String(p));
  }
  get exists(): boolean {
    return fs.existsSync(this.fsName) && fs.statSync(this.fsName).isDirectory();
  }
  get name(): string {
    return encodeURIComponent(path.basename(this.fsName));
  }
  get parent(): SimFolder {
    return new SimFolder(path.dirname(this.fsName));
  }
  create(): boolean {
    fs.mkdirSync(this.fsName, { recursive: true });
    return true;
  }
  toString(): string {
    return this.fsName;
  }
}

export class SimFile {
  readonly fsName: string;
  encoding = 'BINARY';
  lineFeed = 'Unix';
  private mode: string | null = null;
  private buffer = '';
  constructor(p: string) {
    if (typeof p !== 'string' || p === '') throw new Error('File: a path string is needed');
    this.fsName = path.resolve(p);
  }
  get exists(): boolean {
    return fs.existsSync(this.fsName) && fs.statSync(this.fsName).isFile();
  }
  /** Like ExtendScript, `name` is URI-encoded; `displayName` is not. */
  get name(): string {
    return encodeURIComponent(path.basename(this.fsName));
  }
  get displayName(): string {
    return path.basename(this.fsName);
  }
  get parent(): SimFolder {
    return new SimFolder(path.dirname(this.fsName));
  }
  open(mode: string): boolean {
    if (!/^[rwea]$/.test(mode)) throw new Error(`File.open: bad mode ${mode}`);
    if (mode === 'r' && !this.exists) return false;
    if (!fs.existsSync(path.dirname(this.fsName))) return false;
    this.mode = mode;
    this.buffer = mode === 'r' || mode === 'e' ? fs.readFileSync(this.fsName, this.encoding === 'UTF-8' ? 'utf8' : 'latin1') : '';
    return true;
  }
  read(): string {
    if (this.mode === null) throw new Error('File.read: the file is not open');
    return this.buffer;
  }
  write(...parts: string[]): boolean {
    if (this.mode === null || this.mode === 'r') throw new Error('File.write: the file is not open for writing');
    for (const p of parts) this.buffer += String(p);
    return true;
  }
  close(): boolean {
    if (this.mode === 'w' || this.mode === 'e' || this.mode === 'a') {
      fs.writeFileSync(this.fsName, this.buffer, this.encoding === 'UTF-8' ? 'utf8' : 'latin1');
    }
    this.mode = null;
    return true;
  }
  remove(): boolean {
    fs.rmSync(this.fsName, { force: true });
    return true;
  }
  toString(): string {
    return this.fsName;
  }
}

/** Width and height from a PNG's IHDR, or null when the bytes are not a PNG. */
export function pngSize(file: string): { width: number; height: number } | null {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
