// GET /api/events: Server-Sent Events for job progress, with Last-Event-ID resume.
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../deps.js';
import { newRouter } from '../router.js';

export function eventRoutes(d: AppDeps) {
  const r = newRouter();
  r.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/events',
    summary: 'Server-Sent Events: job_created, stage_changed, progress, failed, complete. Send Last-Event-ID to resume.',
    responses: { 200: { description: 'text/event-stream' } },
  });
  return r.get('/api/events', (c) => {
    const lastId = Number(c.req.header('last-event-id') ?? c.req.query('since') ?? 0) || 0;
    return streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      const push = (e: { id: number; type: string }) => {
        queue.push(JSON.stringify(e));
        wake?.();
      };
      for (const e of d.events.since(lastId)) push(e);
      const unsubscribe = d.events.subscribe(push);
      let open = true;
      stream.onAbort(() => {
        open = false;
        unsubscribe();
        wake?.();
      });
      // A comment every 15 s keeps proxies and the panel's reader from timing out an idle stream.
      const heartbeat = setInterval(() => {
        void stream.write(': keep-alive\n\n').catch(() => undefined);
      }, 15_000);
      try {
        while (open) {
          while (queue.length) {
            const data = queue.shift()!;
            const e = JSON.parse(data) as { id: number; type: string };
            await stream.writeSSE({ id: String(e.id), event: e.type, data });
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });
}
