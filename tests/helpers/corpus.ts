// The shared corpus sits beside the repo (../shared/corpus), in development and in CI alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
export const PSD_CORPUS = path.join(CORPUS, 'psd');
export const AEPX_CORPUS = path.join(CORPUS, 'aepx');
export const PAIRS_CORPUS = path.join(CORPUS, 'pairs');

export function corpusFiles(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export function readCorpus(...parts: string[]): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(CORPUS, ...parts)));
}
