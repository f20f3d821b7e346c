// A bundle folder as one .zip, paths relative to the folder (so it unzips anywhere and still runs).
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';

export function zipFolder(dir: string): Uint8Array {
  const entries: Zippable = {};
  const walk = (at: string, rel: string) => {
    for (const e of fs.readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(at, e.name);
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(full, name);
      // PNGs and .aep are already compressed; deflating them again costs time for nothing.
      else if (e.isFile()) entries[name] = [new Uint8Array(fs.readFileSync(full)), { level: /\.(png|aep)$/i.test(e.name) ? 0 : 6 }];
    }
  };
  walk(dir, '');
  return zipSync(entries);
}
