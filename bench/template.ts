// Template reader benchmark: parse speed and memory of extractTemplate against the research decoder
// (shared/research/aepx-reference/aepx.mjs, fast-xml-parser over the whole file) measured in the same run,
// on the largest corpus .aepx and on a 10× synthetic project (that file's root-folder children repeated
// ten times). Memory is measured in child processes, one parse each, so the numbers are not polluted by
// this process's heap.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { extractTemplate } from '../companion/src/pipeline/template/extract-template.js';

const HERE = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(HERE), '..');
const CORPUS = path.resolve(REPO, '../shared/corpus/aepx');
const REFERENCE = path.resolve(REPO, '../shared/research/aepx-reference/aepx.mjs');
const CHILD_FLAG = '--template-bench-child';

type Parse = (bytes: Uint8Array) => unknown;

async function parsers(): Promise<{ mine: Parse; reference: Parse }> {
  // aepx.mjs loads fast-xml-parser through createRequire(FXP_DIR): point it at our node_modules' parent.
  process.env['FXP_DIR'] = REPO;
  const ref = (await import(pathToFileURL(REFERENCE).href)) as {
    parseAepxString: (xml: string) => unknown;
    buildProject: (root: unknown) => unknown;
  };
  return {
    mine: (b) => extractTemplate(b),
    reference: (b) => ref.buildProject(ref.parseAepxString(new TextDecoder().decode(b))),
  };
}

function median(fn: () => void, runs: number): number {
  for (let i = 0; i < 2; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[runs >> 1]!;
}

/** The largest corpus file's root-folder children, ten times over. */
function synthetic(xml: string, times: number): string {
  const a = xml.indexOf('<Fold>') + '<Fold>'.length;
  const b = xml.lastIndexOf('</Fold>');
  return xml.slice(0, a) + xml.slice(a, b).repeat(times) + xml.slice(b);
}

interface MemoryReport {
  rssGrowth: number;
  heapCommittedGrowth: number;
  retained: number;
}

function measureInChild(which: 'mine' | 'reference', file: string): MemoryReport {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', HERE, CHILD_FLAG, which, file], {
    env: { ...process.env, FXP_DIR: REPO },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`memory child (${which}) failed: ${r.stderr.slice(0, 300)}`);
  return JSON.parse(line) as MemoryReport;
}

async function child(which: string, file: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const p = await parsers();
  const parse = which === 'mine' ? p.mine : p.reference;
  parse(new Uint8Array(fs.readFileSync(path.join(CORPUS, 'nexrender_1layer_ae15.0.aepx')))); // load code paths
  const bytes = new Uint8Array(fs.readFileSync(file));
  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const committed0 = v8.getHeapStatistics().total_heap_size;
  const result = parse(bytes);
  const committed1 = v8.getHeapStatistics().total_heap_size;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const retained = process.memoryUsage().heapUsed - heap0;
  if (!result) throw new Error('no result');
  process.stdout.write(`${JSON.stringify({ rssGrowth: peakRss - rss0, heapCommittedGrowth: committed1 - committed0, retained })}\n`);
}

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
const times = (n: number, size: number): string => `${(n / size).toFixed(1)}×`;

export async function run(): Promise<string[]> {
  const largest = fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith('.aepx') && !f.includes('FAKE'))
    .map((f) => path.join(CORPUS, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-bench-template-'));
  const big = path.join(tmp, 'synthetic-10x.aepx');
  fs.writeFileSync(big, synthetic(fs.readFileSync(largest, 'utf8'), 10));
  const { mine, reference } = await parsers();
  const lines: string[] = [];
  try {
    for (const [label, file, runs] of [
      [path.basename(largest), largest, 15],
      ['synthetic 10× (Fold children repeated)', big, 5],
    ] as const) {
      const bytes = new Uint8Array(fs.readFileSync(file));
      const size = bytes.length;
      const tMine = median(() => mine(bytes), runs);
      const tRef = median(() => reference(bytes), runs);
      const speed = (ms: number): string => `${(size / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
      lines.push(`${label}, ${mb(size)}`);
      lines.push(
        `  parse: extractTemplate ${tMine.toFixed(1)} ms (${speed(tMine)}), reference ${tRef.toFixed(1)} ms (${speed(tRef)}) → ${(tRef / tMine).toFixed(2)}× the reference's speed (goal ≥ 1.5×)`,
      );
      const mMine = measureInChild('mine', file);
      const mRef = measureInChild('reference', file);
      lines.push(
        `  peak RSS growth: extractTemplate ${mb(mMine.rssGrowth)} (${times(mMine.rssGrowth, size)} file), reference ${mb(mRef.rssGrowth)} (${times(mRef.rssGrowth, size)})`,
      );
      lines.push(
        `  heap committed during parse: extractTemplate ${mb(mMine.heapCommittedGrowth)} (${times(mMine.heapCommittedGrowth, size)} file, goal ≤ 6×), reference ${mb(mRef.heapCommittedGrowth)} (${times(mRef.heapCommittedGrowth, size)})`,
      );
      lines.push(
        `  retained after GC (result kept): extractTemplate ${mb(mMine.retained)} (${times(mMine.retained, size)}), reference ${mb(mRef.retained)} (${times(mRef.retained, size)})`,
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[2] === CHILD_FLAG) await child(process.argv[3]!, process.argv[4]!);
