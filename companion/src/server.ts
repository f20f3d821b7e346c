// The composition root: storage, pipeline and HTTP wired together on one data folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { CompanionConfig } from './config.js';
import { EventBus } from './events.js';
import { createApp } from './http/app.js';
import type { AppDeps } from './http/deps.js';
import { Runner } from './pipeline/runner.js';
import { StageMachine } from './pipeline/stage-machine.js';
import { openDatabase, type Db } from './storage/db.js';
import { FileStore } from './storage/file-store.js';
import { JobsRepo } from './storage/jobs-repo.js';
import { SettingsRepo } from './storage/settings-repo.js';
import { createDeliverer, createLayerImages, zipFolder } from './pipeline/stage5-bundle.js';
import { validationEnvironment } from './pipeline/validation-env.js';
import { pipelineWorkers, type WorkerPool } from './pipeline/worker-pool.js';

export const VERSION = '0.1.0';

export interface Companion {
  db: Db;
  jobs: JobsRepo;
  runner: Runner;
  /** Worker threads for stage 1 and 5, or null when they run in-process (CONFORM_WORKERS=0, no built worker). */
  pool: WorkerPool | null;
  events: EventBus;
  settings: SettingsRepo;
  app: ReturnType<typeof createApp>;
  token: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

/** Where the built panel lives: dist/panel beside the built companion, or the source tree's build. */
function findPanelDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../panel'), path.resolve(here, '../../dist/panel'), path.resolve(here, '../../../dist/panel')]) {
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return path.resolve(here, '../panel');
}

/** Builds the companion on a data folder without listening (the CLI's embedded mode uses this too). */
export function createCompanion(config: CompanionConfig): Omit<Companion, 'port' | 'close'> & { deps: AppDeps; setPort(p: number): void } {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(config.dataDir, 'conform.sqlite'));
  const jobs = new JobsRepo(db);
  const files = new FileStore(db, path.join(config.dataDir, 'files'));
  const settings = new SettingsRepo(db);
  const events = new EventBus();
  const machine = new StageMachine(jobs);
  const bundleDir = (jobId: string) => path.join(config.dataDir, 'jobs', jobId);
  let aeFonts: string[] | null = null;
  const workers = pipelineWorkers(config, {
    files,
    jobsDir: path.join(config.dataDir, 'jobs'),
    cacheDir: path.join(config.dataDir, 'cache'),
    inProcess: createDeliverer({ bundleDir, cacheDir: path.join(config.dataDir, 'cache') }),
  });
  const runner = new Runner({
    jobs,
    files,
    settings,
    machine,
    events,
    deliverer: workers.deliverer,
    extract: workers.extract,
    validationEnv: () => validationEnvironment(settings.get(), aeFonts),
    concurrency: Math.max(1, config.workers),
  });
  machine.onTransition(({ jobId, from, to, status }) => {
    const row = jobs.find(jobId);
    events.emit({ type: to === 'complete' ? 'complete' : 'stage_changed', job_id: jobId, batch_id: row?.batch_id, from: String(from), to: String(to), stage: row?.current_stage, status });
  });
  const token = config.token ?? crypto.randomBytes(32).toString('base64url');
  let port = config.port;
  const deps: AppDeps = {
    jobs,
    files,
    settings,
    runner,
    events,
    layerImages: createLayerImages({ files, cacheDir: path.join(config.dataDir, 'cache') }),
    bundleDir,
    zipFolder,
    setAeFonts: (f) => (aeFonts = f),
    panelDir: findPanelDir(),
    version: VERSION,
    port: () => port,
    token: () => token,
    maxFileBytes: config.maxFileBytes,
    allowedRoots: config.allowedRoots,
    nexrender: config.nexrender,
  };
  const app = createApp(deps);
  return { db, jobs, runner, pool: workers.pool, events, settings, app, token, dataDir: config.dataDir, deps, setPort: (p) => (port = p) };
}

/** Starts the companion on 127.0.0.1, writes companion.json (0600) and resumes interrupted work. */
export async function startCompanion(config: CompanionConfig): Promise<Companion> {
  const c = createCompanion(config);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: c.app.fetch, hostname: '127.0.0.1', port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  c.setPort(port);
  const infoFile = path.join(config.dataDir, 'companion.json');
  const tmp = `${infoFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ port, token: c.token, pid: process.pid, version: VERSION }, null, 2), { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, infoFile);
  c.runner.resume();
  return {
    ...c,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Work in flight is abandoned, not failed: resume() takes it up at the next start.
      await c.pool?.close();
      c.db.close();
    },
  };
}
