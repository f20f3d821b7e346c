// --server mode: drives a running companion over its HTTP API and follows GET /api/events (SSE).
// The stream is reopened with Last-Event-ID after a drop, so no event is missed while the server's
// ring still holds it; after each reopen the driver re-reads its jobs in case the ring overflowed.
import fs from 'node:fs';
import path from 'node:path';
import type { JobEvent } from '../../../../shared/job.js';
import { BadInputError } from '../../errors.js';
import { readSse } from '../../../../shared/sse.js';
import { httpClient, type Backend, type EventSink } from './backend.js';

/** The token: --token, else CONFORM_TOKEN, else companion.json in the data folder. */
export function resolveToken(flag: string | undefined, env: NodeJS.ProcessEnv, dataDir: string): string {
  if (flag) return flag;
  if (env.CONFORM_TOKEN) return env.CONFORM_TOKEN;
  const info = path.join(dataDir, 'companion.json');
  try {
    const token = (JSON.parse(fs.readFileSync(info, 'utf8')) as { token?: unknown }).token;
    if (typeof token === 'string' && token) return token;
  } catch {
    // fall through
  }
  throw new BadInputError(`--server needs a token: pass --token, set CONFORM_TOKEN, or point --data at the companion's data folder (no token in ${info})`);
}

export interface SseOptions {
  url: string;
  token: string;
  /** Delay before reconnecting, ms (doubles to 2 s). */
  retryMs?: number;
}

/** Follows /api/events until closed. Resolves `opened` on the first connection; reconnects with Last-Event-ID. */
export function followEvents(opts: SseOptions, sink: EventSink, stats: Backend['stats']): { opened: Promise<void>; close: () => void; lastId: () => number } {
  const abort = new AbortController();
  let lastId = 0;
  let closed = false;
  let first = true;
  let resolveOpened!: () => void;
  let rejectOpened!: (e: unknown) => void;
  const opened = new Promise<void>((res, rej) => {
    resolveOpened = res;
    rejectOpened = rej;
  });
  void (async () => {
    let delay = opts.retryMs ?? 250;
    while (!closed) {
      try {
        const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, accept: 'text/event-stream' };
        if (lastId) headers['last-event-id'] = String(lastId);
        const res = await fetch(`${opts.url}/api/events`, { headers, signal: abort.signal });
        if (!res.ok || !res.body) {
          const text = await res.text().catch(() => '');
          throw Object.assign(new Error(`GET /api/events: ${res.status} ${text.slice(0, 200)}`), { status: res.status });
        }
        stats.connections++;
        if (first) {
          first = false;
          resolveOpened();
        } else sink.resync();
        delay = opts.retryMs ?? 250;
        await readSse(res.body, (m) => {
          let e: JobEvent;
          try {
            e = JSON.parse(m.data) as JobEvent;
          } catch {
            return;
          }
          const id = Number(m.id ?? e.id);
          if (Number.isFinite(id) && id > lastId) lastId = id;
          stats.events++;
          sink.event(e);
        });
      } catch (e) {
        if (closed) return;
        if (first) {
          closed = true;
          rejectOpened(e);
          return;
        }
      }
      if (closed) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(2000, delay * 2);
    }
  })();
  return {
    opened,
    close() {
      closed = true;
      abort.abort();
    },
    lastId: () => lastId,
  };
}

export async function serverBackend(opts: { url: string; token: string }): Promise<Backend> {
  const url = opts.url.replace(/\/+$/, '');
  const http = httpClient((req) => fetch(req), url, opts.token);
  try {
    await http.json('GET', '/api/health');
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 401) throw new BadInputError(`--server ${url}: the token was refused (401)`);
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new BadInputError(`--server ${url}: cannot reach the companion (${cause ?? (e as Error).message})`);
  }
  const stats: Backend['stats'] = { events: 0, connections: 0, transport: 'sse' };
  let stream: ReturnType<typeof followEvents> | null = null;
  return {
    mode: 'server',
    where: url,
    json: (m, p, b) => http.json(m, p, b),
    bytes: (p) => http.bytes(p),
    createBatch: (t, p, comp) => http.createBatch(t, p, comp),
    async subscribe(sink) {
      stream = followEvents({ url, token: opts.token }, sink, stats);
      await stream.opened;
    },
    stats,
    async close() {
      stream?.close();
    },
  };
}
