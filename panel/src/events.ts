// Live job events. EventSource cannot send the Authorization header the API requires, so the stream
// is read with fetch and parsed here; it reconnects with Last-Event-ID after a drop.
import type { JobEvent } from '../../shared/job.js';
import { authHeader } from './api.js';

type Listener = (e: JobEvent) => void;
const listeners = new Set<Listener>();
let started = false;
let lastId = 0;

/** Splits a text/event-stream into events; returns what is left of an incomplete event. */
export function parseSse(buffer: string, emit: (data: string, id: string | null) => void): string {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let data = '';
    let id: string | null = null;
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(5).replace(/^ /, '');
      else if (line.startsWith('id:')) id = line.slice(3).trim();
    }
    if (data) emit(data, id);
  }
  return rest;
}

async function connect(): Promise<void> {
  const res = await fetch('/api/events', { headers: { ...authHeader(), accept: 'text/event-stream', ...(lastId ? { 'last-event-id': String(lastId) } : {}) } });
  if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = parseSse(buffer + decoder.decode(value, { stream: true }), (data, id) => {
      if (id) lastId = Math.max(lastId, Number(id) || 0);
      try {
        const e = JSON.parse(data) as JobEvent;
        for (const l of listeners) l(e);
      } catch {
        // a malformed event is skipped, the stream goes on
      }
    });
  }
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
