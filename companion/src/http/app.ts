// createApp(deps) builds the whole HTTP surface; main.ts only binds it to 127.0.0.1.
import { Hono } from 'hono';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from './deps.js';
import { errorResponse } from './error-response.js';
import { bearerAuth, browserGuard, hostGuard } from './middleware/security.js';
import { newRouter } from './router.js';
import { assetRoutes } from './routes/assets.js';
import { batchRoutes } from './routes/batches.js';
import { deliveryRoutes } from './routes/delivery.js';
import { eventRoutes } from './routes/events.js';
import { jobRoutes } from './routes/jobs.js';
import { nexrenderRoutes } from './routes/nexrender.js';
import { panelRoutes } from './routes/panel-static.js';
import { settingsRoutes } from './routes/settings.js';

const health = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Liveness and version',
  responses: { 200: { description: 'OK', content: { 'application/json': { schema: z.object({ ok: z.boolean(), version: z.string() }) } } } },
});

export function createApi(d: AppDeps) {
  const api = newRouter()
    .openapi(health, (c) => c.json({ ok: true, version: d.version }, 200))
    .route('/', batchRoutes(d))
    .route('/', jobRoutes(d))
    .route('/', deliveryRoutes(d))
    .route('/', nexrenderRoutes(d))
    .route('/', assetRoutes(d))
    .route('/', settingsRoutes(d))
    .route('/', eventRoutes(d));
  api.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Conform companion API',
      version: d.version,
      description: 'Local API of the Conform companion. Every /api call needs Authorization: Bearer <token> (companion.json in the data folder).',
    },
    servers: [{ url: `http://127.0.0.1:${d.port()}` }],
    security: [{ bearer: [] }],
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.openAPIRegistry.registerPath({ method: 'get', path: '/api/openapi.json', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } });
  return api;
}

export function createApp(d: AppDeps) {
  const api = createApi(d);
  const app = new Hono();
  app.onError(errorResponse);
  app.notFound((c) => c.json({ success: false, error: `No route ${c.req.method} ${c.req.path}` }, 404));
  app.use('*', hostGuard(d.port));
  app.use('*', browserGuard(d.port));
  app.use('/api/*', bearerAuth(d.token));
  app.route('/', api);
  app.route('/', panelRoutes(d.panelDir));
  return app;
}

/** The API's type, for the panel's typed client (hc<AppType>). */
export type AppType = ReturnType<typeof createApi>;
