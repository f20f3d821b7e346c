// What `conform run` drives: a companion's HTTP API, reached in-process (embedded: the app's own
// fetch handler on a private data folder) or over loopback (--server). Both take the same requests,
// so the driver is one piece of code; only the event source differs (EventBus vs SSE).
import fs from 'node:fs';
import path from 'node:path';
import type { JobEvent } from '../../../../shared/job.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface EventSink {
  event: (e: JobEvent) => void;
  /** After a reconnect: events may have been lost beyond the server's ring; re-read every job. */
  resync: () => void;
}

export interface Backend {
  mode: 'embedded' | 'server';
  /** Data folder (embedded) or URL (server), for messages. */
  where: string;
  json<T = any>(method: string, pathname: string, body?: unknown): Promise<T>;
  bytes(pathname: string): Promise<Uint8Array>;
  createBatch(templatePath: string, psdPaths: string[], comp: string | undefined): Promise<CreatedBatch>;
  /** Starts delivering events; resolves once the stream is open (so nothing after it is missed). */
  subscribe(sink: EventSink): Promise<void>;
  stats: { events: number; connections: number; transport: 'event-bus' | 'sse' };
  close(): Promise<void>;
}

type Fetch = (req: Request) => Promise<Response>;

export interface CreatedBatch {
  batch_id: string;
  jobs: Array<{ job_id: string; name: string }>;
}

/** The request half shared by both modes. */
export function httpClient(fetcher: Fetch, base: string, token: string, extraHeaders: Record<string, string> = {}) {
  const call = async (method: string, pathname: string, body?: BodyInit, contentType?: string): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...extraHeaders };
    if (contentType) headers['content-type'] = contentType;
    return fetcher(new Request(base + pathname, { method, headers, body }));
  };
  const fail = async (method: string, pathname: string, res: Response): Promise<never> => {
    let message = `${res.status} ${res.statusText}`;
    try {
      const text = await res.text();
      const j = JSON.parse(text) as { error?: unknown; message?: unknown };
      message = String(j.error ?? j.message ?? text);
    } catch {
      // not JSON
    }
    throw new ApiError(`${method} ${pathname.split('?')[0]}: ${message}`, res.status);
  };
  return {
    async json<T>(method: string, pathname: string, body?: unknown): Promise<T> {
      const res = await call(method, pathname, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
      if (!res.ok) return fail(method, pathname, res);
      return (await res.json()) as T;
    },
    async bytes(pathname: string): Promise<Uint8Array> {
      const res = await call('GET', pathname);
      if (!res.ok) return fail('GET', pathname, res);
      return new Uint8Array(await res.arrayBuffer());
    },
    async createBatch(templatePath: string, psdPaths: string[], comp: string | undefined): Promise<CreatedBatch> {
      try {
        return await this.json<CreatedBatch>('POST', '/api/batches', { template_path: templatePath, psd_paths: psdPaths, ...(comp ? { comp } : {}) });
      } catch (e) {
        // Files outside the companion's allowed folders: upload them instead (streamed from disk).
        if (!(e instanceof ApiError && e.status === 403)) throw e;
      }
      const form = new FormData();
      form.append('template', await fs.openAsBlob(templatePath), path.basename(templatePath));
      for (const p of psdPaths) form.append('psd', await fs.openAsBlob(p), path.basename(p));
      if (comp) form.append('comp', comp);
      // No content-type: fetch writes the multipart boundary itself.
      const res = await call('POST', '/api/batches', form);
      if (!res.ok) return fail('POST', '/api/batches', res);
      return (await res.json()) as CreatedBatch;
    },
    raw: call,
  };
}
