// Embedded mode: a companion built on its own data folder (createCompanion, no port), driven through
// its HTTP app in-process. Events come straight from its EventBus.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { configFromEnv } from '../../config.js';
import { createCompanion } from '../../server.js';
import { httpClient, type Backend } from './backend.js';

export function embeddedBackend(opts: { dataDir: string; env: NodeJS.ProcessEnv; files: string[] }): Backend {
  const token = crypto.randomBytes(24).toString('base64url');
  const base = configFromEnv({ ...opts.env, CONFORM_DATA_DIR: opts.dataDir, CONFORM_PORT: '0', CONFORM_TOKEN: token });
  // The run may read exactly the folders its inputs are in (real paths, as ingestion resolves them).
  const roots = [...new Set(opts.files.map((f) => path.dirname(fs.realpathSync(f))))];
  const c = createCompanion({ ...base, token, allowedRoots: roots });
  const host = '127.0.0.1:0';
  const http = httpClient((req) => Promise.resolve(c.app.fetch(req)), `http://${host}`, token, { host });
  const stats: Backend['stats'] = { events: 0, connections: 0, transport: 'event-bus' };
  let unsubscribe: (() => void) | null = null;
  return {
    mode: 'embedded',
    where: opts.dataDir,
    json: (m, p, b) => http.json(m, p, b),
    bytes: (p) => http.bytes(p),
    createBatch: (t, p, comp) => http.createBatch(t, p, comp),
    async subscribe(sink) {
      stats.connections++;
      unsubscribe = c.events.subscribe((e) => {
        stats.events++;
        sink.event(e);
      });
    },
    stats,
    async close() {
      unsubscribe?.();
      await c.runner.queue.idle();
      await c.pool?.close();
      c.db.close();
    },
  };
}
