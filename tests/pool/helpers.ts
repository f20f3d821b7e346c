// Helpers for the worker-pool tests: the built worker, a companion with a chosen worker file, and a
// client for a companion running as a child process.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/corpus.js';
import { startCompanion, tempDir, type TestCompanion } from '../helpers/server.js';
export { client } from '../helpers/server.js';

export const BUILT_WORKER = path.join(REPO_ROOT, 'dist/companion/worker.js');
export const TEST_WORKER = path.join(REPO_ROOT, 'tests/pool/fixtures/test-worker.mjs');
export const CRASHY_WORKER = path.join(REPO_ROOT, 'tests/pool/fixtures/crashy-companion-worker.mjs');

/** dist/ with the pool in it. Rebuilds when the source is newer; a tree that does not build right now (someone mid-edit) keeps the last good build. */
export function ensureBuilt(): void {
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--if-needed'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 60_000 });
  } catch (e) {
    if (!fs.existsSync(BUILT_WORKER) || fs.statSync(BUILT_WORKER).size < 1000) throw e;
    console.warn(`build failed, testing the previous dist/: ${String((e as { stderr?: unknown }).stderr ?? e).slice(0, 300)}`);
  }
}

/** An in-process companion (from source) whose pool runs `workerScript`. */
export const startWithWorker = (workerScript: string, env: Record<string, string> = {}, dataDir = tempDir('conform-pool-')): Promise<TestCompanion> =>
  startCompanion({ workerScript, env, dataDir });

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
