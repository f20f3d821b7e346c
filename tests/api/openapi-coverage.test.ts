// GET /api/openapi.json documents every route the companion serves: the routes are read from the
// running app itself, so a route added without its OpenAPI entry fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type TestCompanion } from '../helpers/server.js';

let t: TestCompanion;
beforeAll(async () => {
  t = await startCompanion();
});
afterAll(() => t.stop());

/** A Hono route pattern (`:id`, `:file{[0-9]+\\.png}`) as a regex over concrete paths. */
function honoPattern(p: string): RegExp {
  let out = '';
  for (let i = 0; i < p.length; ) {
    const param = /^:[A-Za-z0-9_]+(\{((?:[^{}]|\{[^{}]*\})+)\})?/.exec(p.slice(i));
    if (param) {
      out += param[2] ? `(?:${param[2]})` : '[^/]+';
      i += param[0].length;
    } else {
      out += p[i]!.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return new RegExp(`^${out}$`);
}

/** An OpenAPI path with a plausible value in each parameter: `/api/job/{id}/x` → `/api/job/1/x`. */
const sample = (p: string) => p.replace(/\{[A-Za-z0-9_]+\}/g, '1');

describe('OpenAPI coverage', () => {
  it('every /api route of the app, with its method, is in the document', async () => {
    const doc = (await t.json('/api/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const served = t.companion.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => ({ method: r.method.toLowerCase(), path: r.path, re: honoPattern(r.path) }));
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m, path: p, sample: sample(p) })));
    expect(served.length).toBeGreaterThan(15);
    const undocumented = served.filter((r) => !documented.some((d) => d.method === r.method && r.re.test(d.sample)));
    expect(undocumented.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // And nothing documented that is not served.
    const phantom = documented.filter((d) => !served.some((r) => d.method === r.method && r.re.test(d.sample)));
    expect(phantom.map((d) => `${d.method} ${d.path}`)).toEqual([]);
  });

  it('request bodies are the schemas that validate them: a documented required field, left out, is a 400 naming it', async () => {
    const doc = (await t.json('/api/openapi.json')).body as { paths: Record<string, Record<string, any>> };
    const approve = doc.paths['/api/job/{id}/approve-stage2']!.post;
    const schema = approve.requestBody.content['application/json'].schema;
    expect(schema.required).toContain('approved_matches');
    const r = await t.json('/api/job/any/approve-stage2', { method: 'POST', body: {} });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/approved_matches/);
  });

  it('every operation has a summary and documents its responses', async () => {
    const doc = (await t.json('/api/openapi.json')).body as { paths: Record<string, Record<string, { summary?: string; responses?: object }>> };
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        expect(op.summary, `${m} ${p}`).toBeTruthy();
        expect(Object.keys(op.responses ?? {}).length, `${m} ${p}`).toBeGreaterThan(0);
      }
    }
  });
});
