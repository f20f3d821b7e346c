// Job names and output folders. A job is named after its PSD's base name; the name is made unique
// within the run (parent folder first, then -2, -3…), and the folder under --out is its
// safeFileName form, never the raw file name, so no input can write outside --out.
import fs from 'node:fs';
import path from 'node:path';
import { safeFileName } from '../../pipeline/bundle/bundle-layout.js';
import { displayName } from '../../pipeline/stage0-ingest.js';

/** Unique display names, one per PSD path (same order). Compared case-insensitively (macOS, Windows). */
export function uniqueJobNames(psdPaths: string[], blocked: (safeName: string) => boolean = () => false): string[] {
  const bases = psdPaths.map((p) => displayName(path.basename(p)));
  const count = new Map<string, number>();
  for (const b of bases) count.set(b.toLowerCase(), (count.get(b.toLowerCase()) ?? 0) + 1);
  const taken = new Set<string>();
  return psdPaths.map((p, i) => {
    let name = bases[i]!;
    // `design.psd` in p001/ and p002/: p001-design, p002-design.
    if (count.get(name.toLowerCase())! > 1) {
      const parent = displayName(path.basename(path.dirname(p)));
      if (parent && parent !== 'design') name = `${parent}-${name}`;
    }
    let unique = name;
    for (let n = 2; taken.has(safeFileName(unique, 'design').toLowerCase()) || blocked(safeFileName(unique, 'design')); n++) unique = `${name}-${n}`;
    taken.add(safeFileName(unique, 'design').toLowerCase());
    return unique;
  });
}

/** The folder a job's bundle goes to: <out>/<safe name>. Always a direct child of `out`. */
export function bundleDirFor(out: string, jobName: string): string {
  const dir = path.join(out, safeFileName(jobName, 'design'));
  if (path.dirname(dir) !== path.resolve(out)) throw new Error(`unsafe output folder for "${jobName}"`);
  return dir;
}

/**
 * May a bundle be written to `dir`? A missing folder or an earlier bundle (it has bundle.json) is
 * replaced; a folder that is something else of the user's is never touched.
 */
export function canReplace(dir: string): boolean {
  if (!fs.existsSync(dir)) return true;
  return fs.statSync(dir).isDirectory() && fs.existsSync(path.join(dir, 'bundle.json'));
}
