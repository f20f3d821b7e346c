// Live job events, read with fetch (see shared/sse.ts); reconnects with Last-Event-ID after a drop.
import type { JobEvent } from '../../shared/job.js';
import { readSse } from '../../shared/sse.js';
import { authHeader } from './api.js';

type Listener = (e: JobEvent) => void;
const listeners = new Set<Listener>();
let started = false;
let lastId = 0;

async function connect(): Promise<void> {
  const res = await fetch('/api/events', { headers: { ...authHeader(), accept: 'text/event-stream', ...(lastId ? { 'last-event-id': String(lastId) } : {}) } });
  if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
  await readSse(res.body, ({ id, data }) => {
    if (id) lastId = Math.max(lastId, Number(id) || 0);
    try {
      const e = JSON.parse(data) as JobEvent;
      for (const l of listeners) l(e);
    } catch {
      // a malformed event is skipped, the stream goes on
    }
  });
}

async function loop(): Promise<void> {
  for (;;) {
    try {
      await connect();
    } catch {
      // companion restarting or gone: try again shortly
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Subscribes to every job event; the one shared stream starts on the first subscriber. */
export function onJobEvent(l: Listener): () => void {
  listeners.add(l);
  if (!started) {
    started = true;
    void loop();
  }
  return () => listeners.delete(l);
}
