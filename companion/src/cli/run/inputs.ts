// `conform run` inputs: PSD files, folders (searched recursively for .psd/.psb) and globs (`*`, `?`,
// `**`, `[abc]`, `{a,b}`; quoted so the shell leaves them to us). Every input must name at least one
// file, else it is bad input. Results are absolute, de-duplicated, in a stable order.
import fs from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../../errors.js';

const PSD_EXT = /\.(psd|psb)$/i;
const MAGIC = /[*?[{]/;

/** A glob as a RegExp over '/'-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` anything below.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/^!/, '^');
        re += `[${body}]`;
        i = end;
      }
    } else if (ch === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end === -1) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((alt) => alt.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
          .join('|')})`;
        i = end;
      }
    } else re += ch.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, process.platform === 'win32' || process.platform === 'darwin' ? 'i' : '');
}

/** Files under `dir` (recursively, skipping dot-folders and symlinked folders), as relative '/' paths. */
function walk(dir: string, rel = '', out: string[] = [], depth = 0): string[] {
  if (depth > 32) return out;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!e.name.startsWith('.')) walk(dir, r, out, depth + 1);
    } else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Expands one input to absolute file paths. */
export function expandInput(cwd: string, input: string): string[] {
  const full = path.resolve(cwd, input);
  if (fs.existsSync(full)) {
    const stat = fs.statSync(full);
    if (stat.isFile()) return [full];
    if (stat.isDirectory()) {
      const found = walk(full).filter((f) => PSD_EXT.test(f)).map((f) => path.join(full, ...f.split('/')));
      if (!found.length) throw new BadInputError(`${input}: no .psd or .psb files in this folder`);
      return found;
    }
    throw new BadInputError(`${input}: not a file or folder`);
  }
  if (!MAGIC.test(input)) throw new BadInputError(`${input}: no such file or folder`);
  // The literal folders before the first magic segment are the walk's root.
  const normalized = full.split(path.sep).join('/');
  const parts = normalized.split('/');
  const firstMagic = parts.findIndex((p) => MAGIC.test(p));
  const root = parts.slice(0, firstMagic).join('/') || '/';
  const pattern = globToRegExp(parts.slice(firstMagic).join('/'));
  const rootDir = root.split('/').join(path.sep) || path.sep;
  if (!fs.existsSync(rootDir) || !fs.statSync(rootDir).isDirectory()) throw new BadInputError(`${input}: no such folder ${root}`);
  const found = walk(rootDir)
    .filter((f) => pattern.test(f))
    .map((f) => path.join(rootDir, ...f.split('/')));
  if (!found.length) throw new BadInputError(`${input}: no files match`);
  return found;
}

/** Expands all inputs; the same file named twice is one job. */
export function expandInputs(cwd: string, inputs: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const input of inputs) {
    for (const f of expandInput(cwd, input)) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
    }
  }
  return out;
}
