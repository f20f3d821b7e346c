import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { SettingsPatch } from '../../../../shared/api.js';
import type { AppDeps } from '../deps.js';
import { errorResponses, jsonBody, newRouter } from '../router.js';

const Reply = z.object({ success: z.boolean(), settings: z.any() });
const getSettings = createRoute({ method: 'get', path: '/api/settings', summary: 'Validation thresholds, default fit and text policy', responses: { 200: { description: 'Settings', content: { 'application/json': { schema: Reply } } } } });
const putSettings = createRoute({ method: 'put', path: '/api/settings', summary: 'Change settings (any subset)', request: jsonBody(SettingsPatch), responses: { 200: { description: 'Settings', content: { 'application/json': { schema: Reply } } }, ...errorResponses } });
const Fonts = z.object({ fonts: z.array(z.string().max(500)).max(100000).nullable() });
const putFonts = createRoute({ method: 'put', path: '/api/environment/fonts', summary: "Fonts installed in After Effects (from the panel's host bridge); null = unknown", request: jsonBody(Fonts), responses: { 200: { description: 'Stored', content: { 'application/json': { schema: z.object({ success: z.boolean(), count: z.number() }) } } }, ...errorResponses } });

export function settingsRoutes(d: AppDeps) {
  return newRouter()
    .openapi(getSettings, (c) => c.json({ success: true, settings: d.settings.get() }, 200))
    .openapi(putSettings, (c) => c.json({ success: true, settings: d.settings.update(c.req.valid('json')) }, 200))
    .openapi(putFonts, (c) => {
      const { fonts } = c.req.valid('json');
      d.setAeFonts(fonts);
      return c.json({ success: true, count: fonts ? fonts.length : 0 }, 200);
    });
}
