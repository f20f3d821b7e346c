// Shared by the `conform run` tests: an in-process CLI with captured output, and the labelled pairs.
import fs from 'node:fs';
import path from 'node:path';
import type { CliIO } from '../../companion/src/cli/command.js';
import { runCli } from '../../companion/src/cli/main.js';
import { AEPX_CORPUS, PAIRS_CORPUS, PSD_CORPUS } from '../helpers/corpus.js';
import { tempDir } from '../helpers/server.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

export async function cli(argv: string[], opts: { cwd?: string; isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: opts.isTTY ?? false,
    // No CONFORM_* from the developer's shell leaks into a test run.
    env: { HOME: process.env.HOME, PATH: process.env.PATH, CONFORM_WORKERS: '1', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await runCli(['run', ...argv], io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

export interface PairCase {
  case: string;
  template: string;
  comp: string;
  psd: string;
}

export const MANIFEST = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, 'manifest.json'), 'utf8')) as { cases: PairCase[] };

/** The first `perTemplate` cases of each of the four templates: a representative, bounded subset. */
export function subset(perTemplate: number): PairCase[] {
  const byTemplate = new Map<string, PairCase[]>();
  for (const c of MANIFEST.cases) byTemplate.set(c.template, [...(byTemplate.get(c.template) ?? []), c]);
  return [...byTemplate.values()].flatMap((cases) => cases.slice(0, perTemplate));
}

export const templatePath = (c: PairCase) => path.join(AEPX_CORPUS, c.template);
export const pairPsd = (c: PairCase) => path.join(PAIRS_CORPUS, c.psd);
export const CORRUPT = path.join(PSD_CORPUS, 'corrupt-section-exceeds-size_pillow.psd');
export const NOT_A_PSD = path.join(PSD_CORPUS, 'corrupt-bad-signature_webtoon.psd');

/** Copies designs into a fresh folder as <case>.psd (the job names), returns the folder. */
export function designFolder(cases: PairCase[], extra: string[] = []): string {
  const dir = tempDir('conform-run-in-');
  for (const c of cases) fs.copyFileSync(pairPsd(c), path.join(dir, `${c.case}.psd`));
  for (const f of extra) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  return dir;
}

/** A mixed-template CSV manifest over the cases, written into `dir`. */
export function csvManifest(dir: string, cases: PairCase[], extraRows: string[] = []): string {
  const file = path.join(dir, 'batch.csv');
  const rows = cases.map((c) => `${pairPsd(c)},${templatePath(c)},"${c.comp}"`);
  fs.writeFileSync(file, ['psd,template,comp', ...rows, ...extraRows].join('\n') + '\n');
  return file;
}

export const REASON = 'headless batch run, accepted by the test';
