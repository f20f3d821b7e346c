// PSD reader benchmark. Throughput: extractPsd over every readable corpus PSD against ag-psd's bare
// structure read of the same bytes with the same options, in the same run (goal: ratio ≥ 0.8, i.e.
// our extra work — text runs, kinds, effective visibility — costs at most a quarter of the read).
// Memory: peak RSS of a fresh child process that extracts a generated ~300 MB PSD — pixel layers, a group, a text layer and a full composite, as
// Photoshop saves with "Maximize compatibility" (goal: under file size + 300 MB). Measured twice,
// each in its own fresh child: from the path (extractPsdFile, reads only the structure) and from
// the whole file read into memory first (extractPsd on bytes); plus an idle child for the runtime's
// own share. The child measures its own peak as VmHWM from /proc/self/status (Linux): its
// process.resourceUsage().maxRSS is not its own — Linux carries the parent's high-water mark over
// fork + exec into the child's maxRSS (an idle child of a 800 MB parent reports 804 MB maxRSS, 40 MB
// VmHWM). maxRSS is the fallback elsewhere, and the design is generated in a child of its own so the
// parent stays small either way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPsd, writePsd, type Layer } from 'ag-psd';
import { EXTRACT_READ, extractPsd, extractPsdFile } from '../companion/src/pipeline/psd/extract-psd.js';

const HERE = fileURLToPath(import.meta.url);
const CORPUS = path.resolve(path.dirname(HERE), '../../shared/corpus/psd');
const CHILD_FLAG = '--psd-bench-child';
const MB = 1024 * 1024;

function corpusFiles(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of fs.readdirSync(CORPUS).filter((n) => /\.ps[db]$/.test(n) && !n.startsWith('corrupt-'))) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, f)));
    try {
      readPsd(bytes, EXTRACT_READ);
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

/**
 * A design of `layers` full-canvas noise layers (RLE cannot shrink noise; the last few in a group), a
 * text layer on top and the flattened composite, about `(layers + 1) × w × h × 3` bytes. Cached in
 * the temp dir under a name that changes with this recipe.
 */
function bigPsd(file: string, layers: number, w: number, h: number): void {
  if (fs.existsSync(file)) return;
  let seed = 12345;
  const noise = (): Uint8ClampedArray => {
    const data = new Uint8ClampedArray(w * h * 4);
    for (let p = 0; p < data.length; p++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      data[p] = (p & 3) === 3 ? 255 : (seed >> 16) & 255;
    }
    return data;
  };
  const pixels: Layer[] = [];
  let top: Uint8ClampedArray | null = null;
  for (let i = 0; i < layers; i++) {
    top = noise();
    pixels.push({ name: `Photo ${i + 1}`, left: 0, top: 0, right: w, bottom: h, imageData: { width: w, height: h, data: top } as ImageData });
  }
  const inGroup = Math.min(4, layers - 1);
  const children: Layer[] = [
    ...pixels.slice(0, layers - inGroup),
    { name: 'Photos', opened: true, children: pixels.slice(layers - inGroup) },
    { name: 'Headline', text: { text: 'Summer sale', transform: [1, 0, 0, 1, 200, 400], style: { font: { name: 'ArialMT' }, fontSize: 160, fillColor: { r: 255, g: 255, b: 255 } } } },
  ];
  // The composite of opaque full-canvas layers is the top one (the text has no pixels of its own).
  const bytes = writePsd({ width: w, height: h, children, imageData: { width: w, height: h, data: top! } as ImageData }, { psb: false, invalidateTextLayers: true });
  fs.writeFileSync(`${file}.tmp`, Buffer.from(bytes));
  fs.renameSync(`${file}.tmp`, file);
}

type ChildMode = 'file' | 'bytes' | 'idle' | 'make';

/** This process's own peak RSS in bytes (see the file comment for why not maxRSS on Linux). */
function ownPeakRss(): number {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024; // kilobytes
}

function child(mode: ChildMode, file: string): void {
  if (mode === 'make') return bigPsd(file, 10, 4000, 2400);
  let layers = 0;
  if (mode === 'file') layers = extractPsdFile(file).layers.length;
  if (mode === 'bytes') {
    // What the runner does today: FileStore.read (a view of readFileSync's buffer), then extractPsd.
    const buf = fs.readFileSync(file);
    layers = extractPsd(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)).layers.length;
  }
  process.stdout.write(`${JSON.stringify({ layers, peakRss: ownPeakRss() })}\n`);
}

function measure(mode: ChildMode, file: string): { layers: number; peakRss: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', HERE, CHILD_FLAG, mode, file], { encoding: 'utf8', timeout: 300_000 });
  if (mode === 'make' && r.status === 0) return { layers: 0, peakRss: 0 };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`memory child (${mode}) failed: ${r.stderr.slice(0, 300)}`);
  return JSON.parse(line) as { layers: number; peakRss: number };
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const files = corpusFiles();
  const totalMb = files.reduce((s, b) => s + b.byteLength, 0) / MB;
  const [bare, mine] = compare(files, [(b) => readPsd(b, EXTRACT_READ), (b) => extractPsd(b)], 11) as [number, number];
  lines.push(`throughput on ${files.length} corpus files (${totalMb.toFixed(1)} MB): extractPsd ${(totalMb / (mine / 1000)).toFixed(1)} MB/s, ag-psd bare read ${(totalMb / (bare / 1000)).toFixed(1)} MB/s`);
  lines.push(`ratio extractPsd / bare read speed: ${(bare / mine).toFixed(2)} (goal ≥ 0.8)`);

  const big = path.join(os.tmpdir(), 'conform-bench-300mb-v2.psd');
  if (!fs.existsSync(big)) measure('make', big);
  const size = fs.statSync(big).size;
  const goal = size + 300 * MB;
  const idle = measure('idle', big);
  const byPath = measure('file', big);
  const inMemory = measure('bytes', big);
  if (byPath.layers !== inMemory.layers || byPath.layers !== 12) throw new Error(`memory children read ${byPath.layers} and ${inMemory.layers} layers, expected 12`);
  const verdict = (rss: number) => (rss < goal ? 'within goal' : 'over goal');
  lines.push(`peak RSS extracting a ${(size / MB).toFixed(0)} MB PSD (${byPath.layers} layers, with composite) from its path: ${(byPath.peakRss / MB).toFixed(0)} MB; file + 300 MB = ${(goal / MB).toFixed(0)} MB (${verdict(byPath.peakRss)})`);
  lines.push(`peak RSS extracting it from bytes already in memory (the file read whole first): ${(inMemory.peakRss / MB).toFixed(0)} MB (${verdict(inMemory.peakRss)}); an idle child: ${(idle.peakRss / MB).toFixed(0)} MB`);
  return lines;
}

if (process.argv[2] === CHILD_FLAG) child(process.argv[3] as ChildMode, process.argv[4]!);
