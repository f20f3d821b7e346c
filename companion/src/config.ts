// Where the companion keeps its state and how it listens. Read once at start-up from the environment.
import os from 'node:os';
import path from 'node:path';

export interface CompanionConfig {
  dataDir: string;
  port: number;
  /** Explicit token from CONFORM_TOKEN, or null to generate one per start. */
  token: string | null;
  /** Largest accepted upload per file, bytes. */
  maxFileBytes: number;
  /** Folders under which {template_path, psd_paths} may name files. */
  allowedRoots: string[];
  /** Worker threads for automatic stages (stage 1 extraction, stage 5 bundles); 0 runs them in-process, one at a time. */
  workers: number;
  /** V8 heap ceiling of each worker thread, MB; a job past it fails and its worker is replaced. */
  workerMemoryMb: number;
  /** The worker file; unset picks the built dist/companion/worker.js (tests pass their own). */
  workerScript?: string;
  /** Default nexrender server and secret for render-farm hand-offs that name none. */
  nexrender: { server: string | null; secret: string | null };
}

/** The OS's per-user application data folder for Conform. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Conform');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Conform');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'conform');
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CompanionConfig {
  const roots = env.CONFORM_ALLOWED_ROOTS
    ? env.CONFORM_ALLOWED_ROOTS.split(path.delimiter).filter(Boolean).map((r) => path.resolve(r))
    : [os.homedir()];
  return {
    dataDir: path.resolve(env.CONFORM_DATA_DIR || defaultDataDir(env)),
    port: intFrom(env.CONFORM_PORT, 7788, 'CONFORM_PORT'),
    token: env.CONFORM_TOKEN || null,
    maxFileBytes: intFrom(env.CONFORM_MAX_FILE_BYTES, 2 * 1024 ** 3, 'CONFORM_MAX_FILE_BYTES'),
    allowedRoots: roots,
    workers: intFrom(env.CONFORM_WORKERS, Math.max(1, os.availableParallelism?.() ?? os.cpus().length), 'CONFORM_WORKERS'),
    workerMemoryMb: Math.max(64, intFrom(env.CONFORM_WORKER_MEMORY_MB, 2048, 'CONFORM_WORKER_MEMORY_MB')),
    nexrender: { server: env.CONFORM_NEXRENDER_URL || null, secret: env.CONFORM_NEXRENDER_SECRET || null },
  };
}
