// PSD reader benchmark. Throughput: extractPsd over every readable corpus PSD against ag-psd's bare
// structure read of the same bytes in the same run (goal: ratio ≥ 0.8, i.e. our extra work — text
// runs, kinds, effective visibility — costs at most a quarter of the read). Memory: peak RSS of a
// child process that extracts a generated ~300 MB PSD (goal: under file size + 300 MB).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPsd, writePsd, type Layer } from 'ag-psd';
import { extractPsd } from '../companion/src/pipeline/psd/extract-psd.js';
import { STRUCTURE_READ } from '../companion/src/pipeline/psd/extract-psd.js';

const HERE = fileURLToPath(import.meta.url);
const CORPUS = path.resolve(path.dirname(HERE), '../../shared/corpus/psd');
const CHILD_FLAG = '--psd-bench-child';
const MB = 1024 * 1024;

function corpusFiles(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of fs.readdirSync(CORPUS).filter((n) => /\.ps[db]$/.test(n) && !n.startsWith('corrupt-'))) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, f)));
    try {
      readPsd(bytes, STRUCTURE_READ);
      out.push(bytes);
    } catch {
      // the colour modes ag-psd refuses: no bare baseline to compare against
    }
  }
  return out;
}

/** Median time of one pass over `files` for each reader, rounds interleaved so load and JIT state hit both alike. */
function compare(files: Uint8Array[], readers: Array<(b: Uint8Array) => unknown>, rounds: number): number[] {
  const times = readers.map(() => [] as number[]);
  for (const read of readers) for (const b of files) read(b);
  for (let r = 0; r < rounds; r++) {
    readers.forEach((read, i) => {
      const t0 = performance.now();
      for (const b of files) read(b);
      times[i]!.push(performance.now() - t0);
    });
  }
  return times.map((t) => t.sort((x, y) => x - y)[rounds >> 1]!);
}

/** A PSD of `layers` noise layers (RLE cannot shrink noise), about `layers × w × h × 4` bytes. */
function bigPsd(file: string, layers: number, w: number, h: number): void {
  if (fs.existsSync(file)) return;
  let seed = 12345;
  const children: Layer[] = [];
  for (let i = 0; i < layers; i++) {
    const data = new Uint8ClampedArray(w * h * 4);
    for (let p = 0; p < data.length; p++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      data[p] = (p & 3) === 3 ? 255 : (seed >> 16) & 255;
    }
    children.push({ name: `Noise ${i + 1}`, left: 0, top: 0, right: w, bottom: h, imageData: { width: w, height: h, data } as ImageData });
  }
  const bytes = writePsd({ width: w, height: h, children }, { noBackground: true, psb: false });
  fs.writeFileSync(`${file}.tmp`, Buffer.from(bytes));
  fs.renameSync(`${file}.tmp`, file);
}

function child(file: string): void {
  const buf = fs.readFileSync(file);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const doc = extractPsd(bytes);
  // maxRSS is in kilobytes
  process.stdout.write(`${JSON.stringify({ layers: doc.layers.length, peakRss: process.resourceUsage().maxRSS * 1024 })}\n`);
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const files = corpusFiles();
  const totalMb = files.reduce((s, b) => s + b.byteLength, 0) / MB;
  const [bare, mine] = compare(files, [(b) => readPsd(b, STRUCTURE_READ), (b) => extractPsd(b)], 11) as [number, number];
  lines.push(`throughput on ${files.length} corpus files (${totalMb.toFixed(1)} MB): extractPsd ${(totalMb / (mine / 1000)).toFixed(1)} MB/s, ag-psd bare read ${(totalMb / (bare / 1000)).toFixed(1)} MB/s`);
  lines.push(`ratio extractPsd / bare read speed: ${(bare / mine).toFixed(2)} (goal ≥ 0.8)`);

  const big = path.join(os.tmpdir(), 'conform-bench-300mb.psd');
  bigPsd(big, 11, 4000, 2400);
  const size = fs.statSync(big).size;
  const r = spawnSync(process.execPath, ['--import', 'tsx', HERE, CHILD_FLAG, big], { encoding: 'utf8', timeout: 300_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`memory child failed: ${r.stderr.slice(0, 300)}`);
  const m = JSON.parse(line) as { peakRss: number };
  lines.push(`peak RSS extracting a ${(size / MB).toFixed(0)} MB PSD: ${(m.peakRss / MB).toFixed(0)} MB; file + 300 MB = ${((size + 300 * MB) / MB).toFixed(0)} MB (${m.peakRss < size + 300 * MB ? 'within goal' : 'over goal'})`);
  return lines;
}

if (process.argv[2] === CHILD_FLAG) child(process.argv[3]!);
