import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startCompanion, type TestCompanion } from '../helpers/server.js';

let t: TestCompanion;
beforeAll(async () => {
  t = await startCompanion();
});
afterAll(() => t.stop());

/** Raw request so the Host header can be anything (fetch forbids setting it). */
function raw(pathname: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(port), path: pathname, method, headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('the local attack surface', () => {
  it('answers 401 without the token and with a wrong one', async () => {
    const none = await fetch(`${t.url}/api/jobs`);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatch(/token/);
    const wrong = await fetch(`${t.url}/api/jobs`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await t.api('/api/jobs');
    expect(right.status).toBe(200);
  });

  it('answers 403 to a foreign Host header even with the token (DNS rebinding)', async () => {
    const r = await raw('/api/jobs', { host: 'evil.example', authorization: `Bearer ${t.token}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toMatch(/Host/);
    const port = new URL(t.url).port;
    expect((await raw('/api/jobs', { host: `localhost:${port}`, authorization: `Bearer ${t.token}` })).status).toBe(200);
    expect((await raw('/api/jobs', { host: `127.0.0.1:${Number(port) + 1}`, authorization: `Bearer ${t.token}` })).status).toBe(403);
  });

  it('refuses cross-site browser requests with a valid token and sends no CORS headers', async () => {
    const port = new URL(t.url).port;
    const base = { host: `127.0.0.1:${port}`, authorization: `Bearer ${t.token}` };
    const a = await raw('/api/jobs', { ...base, origin: 'https://evil.example' });
    expect(a.status).toBe(403);
    const b = await raw('/api/jobs', { ...base, 'sec-fetch-site': 'cross-site' });
    expect(b.status).toBe(403);
    const pre = await raw('/api/jobs', { ...base, origin: 'https://evil.example', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(pre.status).toBe(403);
    for (const r of [a, b, pre, await raw('/api/jobs', base)]) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect((await raw('/api/jobs', { ...base, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('answers malformed JSON with a clear 400 and keeps serving', async () => {
    const r = await t.api('/api/job/j_x/approve-stage2', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"approved_matches": [' });
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.success).toBe(false);
    expect(body.error).toMatch(/JSON/i);
    expect((await t.api('/api/health')).status).toBe(200);
  });

  it('answers schema errors with 400 naming the field', async () => {
    const r = await t.json('/api/job/j_x/approve-stage2', { method: 'POST', body: { approved_matches: 'all of them' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/approved_matches/);
  });

  it('answers an unknown job with 404 {success:false, error:"Job not found"}', async () => {
    for (const p of ['approve-stage2', 'return-to-matching', 'override-validation']) {
      const body = p === 'approve-stage2' ? { approved_matches: [] } : p === 'override-validation' ? { override_reason: 'a long enough reason' } : {};
      const r = await t.json(`/api/job/j_missing/${p}`, { method: 'POST', body });
      expect(r.status, p).toBe(404);
      expect(r.body).toEqual({ success: false, error: 'Job not found' });
    }
    expect((await t.json('/api/job/j_missing')).status).toBe(404);
  });

  it('writes companion.json with mode 0600 holding the port and token', () => {
    const file = path.join(t.dataDir, 'companion.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const info = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(info.token).toBe(t.token);
    expect(info.port).toBe(Number(new URL(t.url).port));
  });

  it('serves the API health and the OpenAPI document', async () => {
    expect((await t.json('/api/health')).body).toMatchObject({ ok: true });
    const doc = (await t.json('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/job/{id}/approve-stage2');
  });
});
