// A fixed-size pool of worker threads for the pipeline's automatic work (stage 1 extraction, stage 5
// bundles). One task per worker at a time; each worker has a V8 heap ceiling. A worker that dies
// mid-task (process.exit, uncaught error, out of memory) rejects exactly that task with a readable
// reason and is replaced on demand, so the next task runs on a fresh thread.
//
// Wire protocol (worker-entry.ts speaks it; tests supply their own tiny worker files):
//   main → worker  { id, kind, payload }
//   worker → main  { id, ok: true, result } | { id, ok: false, error: { name, message, status?, code? } }
// An error a task throws is an ordinary rejection; the worker stays and takes the next task.
//
// The ceiling (resourceLimits.maxOldGenerationSizeMb) bounds the JS heap: parsed layers, matches,
// strings. ArrayBuffers (the PSD structure read from disk, decoded pixel buffers) live outside it,
// so a huge layer is bounded by the machine, not by this number.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { Stage1Results } from '../../../shared/job.js';
import type { TemplateDoc } from '../../../shared/template.js';
import type { FileStore } from '../storage/file-store.js';
import type { Deliverer } from './stage5-generate.js';
import type { DeliverPayload } from './worker-entry.js';

export interface WorkerPoolOptions {
  /** Worker threads, at least 1. */
  size: number;
  /** V8 old-generation ceiling per worker, MB (ArrayBuffers such as PSD bytes are outside it). */
  memoryMb: number;
  /** The worker file: dist/companion/worker.js in production, a test worker in tests. */
  script: string;
}

export interface WorkerPoolStats {
  size: number;
  /** Threads alive now. */
  alive: number;
  busy: number;
  queued: number;
  /** Threads started since the pool was made (replacements included). */
  started: number;
  /** Threads that died with a task in hand. */
  crashed: number;
  completed: number;
}

/** A task's own error, rebuilt on the main thread with the worker's name, message, status and code. */
export class WorkerTaskError extends Error {
  status?: number;
  code?: string;
  constructor(e: { name?: string; message?: string; status?: number; code?: string }) {
    super(e.message ?? 'worker task failed');
    this.name = e.name ?? 'Error';
    if (e.status !== undefined) this.status = e.status;
    if (e.code !== undefined) this.code = e.code;
  }
}

/** The worker died with the task in hand (exit, uncaught error, out of memory). */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/** The pool was closed before the task finished. */
export class WorkerPoolClosedError extends Error {
  override name = 'WorkerPoolClosedError';
}

interface Task {
  id: number;
  kind: string;
  payload: unknown;
  transfer: TransferListItem[];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  /** Why it is dying, when the 'error' event said so before 'exit'. */
  reason: string | null;
  dead: boolean;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private counters = { started: 0, crashed: 0, completed: 0 };

  constructor(readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`worker pool size must be a whole number ≥ 1, got ${options.size}`);
    if (!(options.memoryMb > 0)) throw new Error(`worker memory ceiling must be > 0 MB, got ${options.memoryMb}`);
  }

  /** Runs one task on a free worker (queued FIFO while all are busy). `transfer` moves buffers instead of copying them. */
  run<T>(kind: string, payload: unknown, transfer: TransferListItem[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new WorkerPoolClosedError('worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, kind, payload, transfer, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stage 1 in a worker, on the PSD file at `psdPath` (the worker reads only its structure). */
  extract(psdPath: string, template: TemplateDoc, compName: string | null): Promise<Stage1Results> {
    return this.run<Stage1Results>('extract', { psdPath, template, compName });
  }

  stats(): WorkerPoolStats {
    let busy = 0;
    for (const s of this.slots) if (s.task) busy++;
    return { size: this.options.size, alive: this.slots.size, busy, queued: this.queue.length, ...this.counters };
  }

  /** Stops every worker; queued and running tasks reject with WorkerPoolClosedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = () => new WorkerPoolClosedError('worker pool closed before the task finished');
    for (const t of this.queue.splice(0)) t.reject(err());
    const exits: Array<Promise<unknown>> = [];
    for (const s of this.slots) {
      s.dead = true;
      if (s.task) s.task.reject(err());
      s.task = null;
      exits.push(s.worker.terminate().catch(() => undefined));
    }
    this.slots.clear();
    await Promise.all(exits);
  }

  private pump(): void {
    while (!this.closed && this.queue.length) {
      let slot: Slot | undefined;
      for (const s of this.slots) if (!s.task && !s.dead) slot = s;
      if (!slot && this.slots.size < this.options.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      try {
        slot.worker.postMessage({ id: task.id, kind: task.kind, payload: task.payload }, task.transfer);
      } catch (e) {
        // Not cloneable: the task's fault, not the worker's.
        slot.task = null;
        task.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    for (const s of this.slots) if (!s.task) s.worker.unref();
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.script, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      // The companion's own flags (e.g. a test runner's loaders) are not meant for the worker.
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, task: null, reason: null, dead: false };
    this.counters.started++;
    worker.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: { name?: string; message?: string; status?: number; code?: string } }) => {
      const task = slot.task;
      if (!task || m?.id !== task.id) return;
      slot.task = null;
      this.counters.completed++;
      if (m.ok) task.resolve(m.result);
      else task.reject(new WorkerTaskError(m.error ?? {}));
      this.pump();
    });
    worker.on('messageerror', (e: Error) => {
      // The reply could not be deserialized: the task cannot finish, but the worker is fine.
      const task = slot.task;
      if (!task) return;
      slot.task = null;
      task.reject(new Error(`worker reply could not be read: ${e.message}`));
      this.pump();
    });
    worker.on('error', (e: Error & { code?: string }) => {
      slot.reason =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `worker ran out of memory (ceiling ${this.options.memoryMb} MB)`
          : `worker crashed: ${e.message || String(e)}`;
    });
    worker.on('exit', (code) => {
      const task = slot.task;
      slot.task = null;
      slot.dead = true;
      this.slots.delete(slot);
      if (task) {
        this.counters.crashed++;
        task.reject(new WorkerCrashError(slot.reason ?? `worker exited with code ${code}`));
      }
      // A replacement starts when there is work for it.
      this.pump();
    });
    this.slots.add(slot);
    return slot;
  }
}


/** Where the built worker is, and whether it can be used. */
export interface WorkerScriptChoice {
  script: string | null;
  /** Why there is no script (extraction then runs in-process). */
  reason?: string;
}

const SOURCE_DIRS = ['companion/src', 'shared'];

function newestMtime(dir: string): number {
  let newest = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The worker file for this running companion:
 *  1. worker.js beside the running module: the built companion (dist/companion/main.js, cli.js) is
 *     one bundle, so import.meta.url is dist/companion/*.js and its worker is right there.
 *  2. Running from TypeScript source (vitest, tsx): the repo's dist/companion/worker.js, but only
 *     when dist/.stamp is newer than every source file — a stale bundle would run old extraction
 *     code behind the back of whoever is editing the source.
 *  3. Otherwise none: the caller extracts in-process (worker threads cannot load .ts without a loader).
 */
export function resolveWorkerScript(moduleUrl: string = import.meta.url): WorkerScriptChoice {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const sibling = path.join(here, 'worker.js');
  if (fs.existsSync(sibling)) return { script: sibling };
  let dir = here;
  for (let i = 0; i < 6; i++) {
    const built = path.join(dir, 'dist/companion/worker.js');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'companion/src'))) {
      if (!fs.existsSync(built)) return { script: null, reason: `${built} is not built (run npm run build)` };
      const stamp = path.join(dir, 'dist/.stamp');
      const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
      const newest = Math.max(...SOURCE_DIRS.map((s) => newestMtime(path.join(dir, s))));
      if (newest > builtAt) return { script: null, reason: `${built} is older than the source (run npm run build)` };
      return { script: built };
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return { script: null, reason: 'no built worker.js found' };
}

/** What the composition root hands the Runner: stage 1 and stage 5 through the pool, or in-process. */
export interface PipelineWorkers {
  pool: WorkerPool | null;
  /** Why there is no pool (CONFORM_WORKERS=0, or no usable built worker). */
  reason?: string;
  extract?: (psdPath: string, template: TemplateDoc, compName: string | null) => Promise<Stage1Results>;
  deliverer: Deliverer;
}

/**
 * Tasks still running when the pool closes (companion shutdown) never settle: the job must stay
 * mid-stage, not be marked failed, so resume() picks it up at the next start.
 */
function abandonOnClose<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    if (e instanceof WorkerPoolClosedError) return new Promise<T>(() => undefined);
    throw e;
  });
}

function removeTempBundles(jobsDir: string, jobId: string): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(jobsDir);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(`${jobId}.`) && n.endsWith('.tmp')) fs.rmSync(path.join(jobsDir, n), { recursive: true, force: true });
}

export function pipelineWorkers(
  config: { workers: number; workerMemoryMb: number; workerScript?: string },
  d: { files: FileStore; jobsDir: string; cacheDir: string; inProcess: Deliverer },
): PipelineWorkers {
  if (config.workers < 1) return { pool: null, reason: 'CONFORM_WORKERS=0', deliverer: d.inProcess };
  const choice = config.workerScript ? { script: config.workerScript } : resolveWorkerScript();
  if (!choice.script) return { pool: null, reason: choice.reason, deliverer: d.inProcess };
  const pool = new WorkerPool({ size: config.workers, memoryMb: config.workerMemoryMb, script: choice.script });
  return {
    pool,
    extract: (psdPath, template, compName) => abandonOnClose(pool.extract(psdPath, template, compName)),
    deliverer: {
      deliver: (input) => {
        const payload: DeliverPayload = {
          jobsDir: d.jobsDir,
          cacheDir: d.cacheDir,
          // The stage outputs travel parsed (stage1, approved); their JSON copies in the row stay behind.
          job: { ...input.job, stage1_results: null, stage2_approved_matches: null, stage3_validation_results: null, stage5_extendscript: null },
          stage1: input.stage1,
          approved: input.approved,
          template: input.template,
          settings: input.settings,
          psdPath: d.files.pathOf(input.job.psd_sha256),
          templatePath: d.files.pathOf(input.job.template_sha256),
        };
        return abandonOnClose(pool.run<string>('deliver', payload)).catch((e: unknown) => {
          // A worker that died mid-bundle left its temp folder (jobs/<id>.<pid>.<uuid>.tmp) behind.
          if (e instanceof WorkerCrashError) removeTempBundles(d.jobsDir, input.job.job_id);
          throw e;
        });
      },
    },
  };
}
