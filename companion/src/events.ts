// In-process event bus behind GET /api/events. Keeps the last events in a ring so an SSE client
// that reconnects with Last-Event-ID gets what it missed.
import type { JobEvent } from '../../shared/job.js';

type Listener = (e: JobEvent) => void;

export class EventBus {
  private nextId = 1;
  private readonly ring: JobEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly capacity = 5000) {}

  emit(event: Omit<JobEvent, 'id' | 'at'>): JobEvent {
    const full: JobEvent = { ...event, id: this.nextId++, at: new Date().toISOString() };
    this.ring.push(full);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    for (const l of this.listeners) {
      try {
        l(full);
      } catch {
        // A broken subscriber (closed socket) must not stop the others.
      }
    }
    return full;
  }

  /** Events with id > lastId still in the ring. */
  since(lastId: number): JobEvent[] {
    return this.ring.filter((e) => e.id > lastId);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
