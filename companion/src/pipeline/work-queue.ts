// Runs automatic stage work in the background with bounded concurrency, one task per job at a time.
export type Task = () => Promise<void>;

export class WorkQueue {
  private running = 0;
  private readonly pending: Array<{ key: string; task: Task }> = [];
  private readonly active = new Set<string>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  /** Queues `task` under `key` (a job id) unless that job already has work queued or running. */
  push(key: string, task: Task): boolean {
    if (this.active.has(key) || this.pending.some((p) => p.key === key)) return false;
    this.pending.push({ key, task });
    this.pump();
    return true;
  }

  get size(): number {
    return this.running + this.pending.length;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.pending.length) {
      const next = this.pending.shift()!;
      this.running++;
      this.active.add(next.key);
      // Yield first so the HTTP response that queued the work is sent before CPU-heavy work starts.
      setImmediate(() => {
        next
          .task()
          .catch(() => undefined)
          .finally(() => {
            this.running--;
            this.active.delete(next.key);
            this.pump();
            if (this.size === 0) {
              const waiters = this.idleWaiters;
              this.idleWaiters = [];
              for (const w of waiters) w();
            }
          });
      });
    }
  }
}
