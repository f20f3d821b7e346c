// One real process: `node bin/conform.mjs run …` exits with the documented code (1: a corrupt PSD in
// the batch, the others complete) and names the bad file on stderr.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';
import { tempDir } from '../helpers/server.js';
import { CORRUPT, MANIFEST, REASON, designFolder, templatePath } from './run-helpers.js';

const CLI = path.join(REPO_ROOT, 'dist/companion/cli.js');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/conform.mjs'), 'run', ...args], {
      env: { HOME: process.env.HOME, PATH: process.env.PATH, CONFORM_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += String(b)));
    child.stderr.on('data', (b) => (stderr += String(b)));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('conform run as a process', () => {
  beforeAll(() => {
    // The built CLI must be at least as new as the CLI's sources (npm test builds first; this file alone may not).
    const newest = (dir: string): number =>
      Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
    if (!fs.existsSync(CLI) || fs.statSync(CLI).mtimeMs < newest(path.join(REPO_ROOT, 'companion/src/cli'))) {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    }
  }, 120_000);

  it('exits 1 for a batch with a corrupt PSD, naming it; the good designs are bundled', async () => {
    const cases = MANIFEST.cases.filter((c) => c.template === MANIFEST.cases[0]!.template).slice(0, 2);
    const input = designFolder(cases, [CORRUPT]);
    const out = path.join(tempDir('conform-run-'), 'out');
    const r = await run(['--template', templatePath(cases[0]!), '--out', out, input, '--approve', '--min-confidence', '0', '--override-reason', REASON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(input, path.basename(CORRUPT)));
    expect(r.stdout).toContain('2 complete');
    expect(r.stdout).toContain('1 failed');
    for (const c of cases) expect(fs.existsSync(path.join(out, c.case, 'bundle.json'))).toBe(true);
  });

  it('exits 2 with one line for bad input', async () => {
    const r = await run(['--out', tempDir('conform-run-'), '/no/such.psd']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('conform run: --template is required (the .aepx/.aep to fill), or use --manifest');
  });
});
