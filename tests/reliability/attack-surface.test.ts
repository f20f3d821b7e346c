// Issue 10 §4, beyond tests/foundation/api-security.test.ts (which checks one route each for 401, a
// foreign Host, a cross-site Origin and CORS headers, companion.json's mode, and a few upload names):
// every route of the OpenAPI document and the panel's pages, every Host and Origin trick, the socket
// only on 127.0.0.1, upload names that look like paths, and local paths that escape the allowed roots
// through symlinks, `..` and prefix tricks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../companion/src/config.js';
import { AEPX_CORPUS } from '../helpers/corpus.js';
import { entryNamesUnder, startCompanion, tempDir, type TestCompanion } from '../helpers/server.js';
import { goodDesign } from './upload-fuzz.js';

const TEMPLATE_FILE = 'nexrender_2layers1image_ae15.0.aepx';
const sandbox = tempDir('conform-attack-');
const allowed = path.join(sandbox, 'allowed');
const outside = path.join(sandbox, 'outside');
let t: TestCompanion;
let port = 0;

beforeAll(async () => {
  fs.mkdirSync(allowed);
  fs.mkdirSync(outside);
  fs.copyFileSync(path.join(AEPX_CORPUS, TEMPLATE_FILE), path.join(allowed, 'template.aepx'));
  fs.writeFileSync(path.join(allowed, 'design.psd'), goodDesign());
  fs.copyFileSync(path.join(AEPX_CORPUS, TEMPLATE_FILE), path.join(outside, 'template.aepx'));
  fs.writeFileSync(path.join(outside, 'secret.psd'), goodDesign());
  t = await startCompanion({ dataDir: path.join(sandbox, 'data'), env: { CONFORM_ALLOWED_ROOTS: allowed, CONFORM_WORKERS: '1' } });
  port = Number(new URL(t.url).port);
});
afterAll(() => t.stop());

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function raw(method: string, pathname: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers, setHost: false }, (res) => {
      // the event stream never ends: its headers are what matters here
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        resolve({ status: res.statusCode!, headers: res.headers, body: '' });
        return void req.destroy();
      }
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every route as a concrete request: the OpenAPI document's paths with placeholder parameters, and the panel's. */
async function everyRoute(): Promise<Array<{ method: string; path: string }>> {
  const doc = (await t.json('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes: Array<{ method: string; path: string }> = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    const concrete = p.replace('{id}', 'j_0000000000000000').replace('{layerId}', '1');
    for (const m of Object.keys(methods)) routes.push({ method: m.toUpperCase(), path: concrete });
  }
  for (const p of ['/', '/index.html', '/panel/index.js', '/main.js']) routes.push({ method: 'GET', path: p });
  expect(routes.length).toBeGreaterThan(15);
  return routes;
}

const host = () => `127.0.0.1:${port}`;
const auth = () => `Bearer ${t.token}`;
const corsHeaders = (r: RawResponse) => Object.keys(r.headers).filter((h) => h.startsWith('access-control-'));

describe('every route, every trick', () => {
  it('no token, a wrong token, or the token somewhere else than the Authorization header → 401 on every /api route', async () => {
    for (const r of await everyRoute()) {
      if (!r.path.startsWith('/api/')) continue;
      for (const headers of <Array<Record<string, string>>>[{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${t.token}x` }, { authorization: `Basic ${Buffer.from(`u:${t.token}`).toString('base64')}` }, { authorization: t.token }, { cookie: `token=${t.token}` }]) {
        const res = await raw(r.method, `${r.path}${r.path.includes('?') ? '&' : '?'}token=${t.token}`, { host: host(), ...headers, 'content-type': 'application/json' }, r.method === 'GET' ? undefined : '{}');
        expect(res.status, `${r.method} ${r.path} ${JSON.stringify(headers)}`).toBe(401);
        expect(corsHeaders(res)).toEqual([]);
      }
    }
  });

  it('a Host other than 127.0.0.1:<port> or localhost:<port> → 403 on every route, even with the token', async () => {
    const hosts = ['evil.example', `evil.example:${port}`, `127.0.0.1:${port}.evil.example`, '127.0.0.1', 'localhost', `127.0.0.1:${port + 1}`, `0.0.0.0:${port}`, `[::1]:${port}`, `localhost.:${port}`, `127.0.0.2:${port}`, `127.1:${port}`, `2130706433:${port}`, ''];
    for (const r of await everyRoute()) {
      for (const h of hosts) {
        const res = await raw(r.method, r.path, { host: h, authorization: auth(), 'content-type': 'application/json' }, r.method === 'GET' ? undefined : '{}');
        // 403 from the Host guard, or 400 when Node's parser already refuses the header
        expect([400, 403], `${r.method} ${r.path} Host: ${h} → ${res.status}`).toContain(res.status);
        expect(corsHeaders(res)).toEqual([]);
      }
    }
  });

  it('a request with no Host header at all (HTTP/1.0) → 403', async () => {
    const reply = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write(`GET /api/jobs HTTP/1.0\r\nAuthorization: ${auth()}\r\n\r\n`));
      let data = '';
      s.on('data', (b) => (data += b));
      s.on('end', () => resolve(data));
      s.on('error', () => resolve(data));
    });
    expect(reply.split('\r\n')[0]).toMatch(/^HTTP\/1\.\d (400|403)/);
  });

  it('cross-site browser requests → 403 on every route with the right token and Host; same-origin ones pass', async () => {
    const foreign: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${port}.evil.example` },
      { origin: `http://localhost:${port + 1}` },
      { origin: `https://127.0.0.1:${port}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' },
    ];
    for (const r of await everyRoute()) {
      for (const h of foreign) {
        const res = await raw(r.method, r.path, { host: host(), authorization: auth(), 'content-type': 'application/json', ...h }, r.method === 'GET' ? undefined : '{}');
        expect(res.status, `${r.method} ${r.path} ${JSON.stringify(h)}`).toBe(403);
        expect(corsHeaders(res)).toEqual([]);
      }
    }
    const own = await raw('GET', '/api/jobs', { host: `localhost:${port}`, authorization: auth(), origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('OPTIONS (CORS preflight) on every route, from anywhere, → 403 and never an Access-Control-* header', async () => {
    for (const r of await everyRoute()) {
      for (const h of <Array<Record<string, string>>>[{}, { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' }, { origin: `http://127.0.0.1:${port}` }]) {
        const res = await raw('OPTIONS', r.path, { host: host(), authorization: auth(), ...h });
        expect(res.status, `OPTIONS ${r.path} ${JSON.stringify(h)}`).toBe(403);
        expect(corsHeaders(res), `OPTIONS ${r.path}`).toEqual([]);
      }
    }
  });

  it('no response of a normal session carries an Access-Control-* header either', async () => {
    for (const r of await everyRoute()) {
      const res = await raw(r.method, r.path, { host: host(), authorization: auth(), 'content-type': 'application/json' }, r.method === 'GET' ? undefined : '{}');
      expect(corsHeaders(res), `${r.method} ${r.path} → ${res.status}`).toEqual([]);
      expect(res.status, `${r.method} ${r.path}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    }
  });
});

describe('the socket', () => {
  it('listens on 127.0.0.1 only: connecting on every other address of this machine fails', async (ctx) => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => Boolean(a) && !a!.internal)
      .map((a) => a.address.split('%')[0]!);
    const candidates = [...others, '::1'];
    if (!others.length) console.warn('attack-surface: this machine has no non-loopback address; only ::1 is checked');
    for (const address of candidates) {
      const result = await new Promise<string>((resolve) => {
        const s = net.connect({ host: address, port, timeout: 2000 });
        s.on('connect', () => (s.destroy(), resolve('connected')));
        s.on('timeout', () => (s.destroy(), resolve('timeout')));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(result, `connect to [${address}]:${port}`).not.toBe('connected');
    }
    if (!others.length) ctx.skip();
  });
});

describe('file names and paths from outside', () => {
  const form = (parts: Array<[string, Uint8Array, string]>) => {
    const f = new FormData();
    for (const [field, bytes, name] of parts) f.append(field, new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
    return f;
  };
  const tpl = () => new Uint8Array(fs.readFileSync(path.join(allowed, 'template.aepx')));

  it('uploaded names that are paths, absolute or relative, POSIX or Windows, never become paths: nothing is written outside the data folder', async () => {
    const marker = `conform-evil-${process.pid}-${Date.now()}`;
    const names = [`../../${marker}.psd`, `/tmp/${marker}.psd`, `..\\..\\${marker}.psd`, `C:\\${marker}\\x.psd`, `\\\\server\\share\\${marker}.psd`, `%2e%2e%2f${marker}.psd`, `${'a'.repeat(5000)}.psd`, `./.${marker}`, `~/${marker}.psd`];
    const before = fs.readdirSync(sandbox).sort();
    const r = await t.json('/api/batches', { method: 'POST', body: form([['template', tpl(), `../../${marker}.aepx`], ...names.map((n): [string, Uint8Array, string] => ['psd', goodDesign(), n])]) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await t.idle();
    for (const j of r.body.jobs as Array<{ name: string }>) {
      expect(j.name).not.toMatch(/[\\/\u0000]/);
      expect(j.name.length).toBeLessThanOrEqual(200);
    }
    // a NUL in a part header is refused by the multipart parser: a clear 400, nothing stored
    const nul = await t.json('/api/batches', { method: 'POST', body: form([['template', tpl(), 't.aepx'], ['psd', goodDesign(), `${marker}\u0000/../x.psd`]]) });
    expect([201, 400], JSON.stringify(nul.body)).toContain(nul.status);
    await t.idle();
    expect(fs.readdirSync(sandbox).sort()).toEqual(before);
    for (const p of [`/tmp/${marker}.psd`, path.join(os.tmpdir(), `${marker}.psd`), path.resolve(t.dataDir, '..', '..', `${marker}.psd`), path.join(os.homedir(), `${marker}.psd`)]) expect(fs.existsSync(p), p).toBe(false);
    // inside the data folder, files are content-addressed: no name from the upload appears anywhere
    const all = entryNamesUnder(t.dataDir);
    expect(all.filter((n) => n.includes(marker) || n.includes('aaaaaaaaaa'))).toEqual([]);
  });

  it('{template_path, psd_paths} outside the allowed roots are refused (4xx): symlinks, .. tricks, prefix siblings, devices', async () => {
    const link = (target: string, name: string) => {
      const p = path.join(allowed, name);
      fs.symlinkSync(target, p);
      return p;
    };
    const fileLink = link(path.join(outside, 'secret.psd'), 'innocent.psd');
    const dirLink = link(outside, 'shared');
    const chain = link(fileLink, 'chain.psd'); // allowed → allowed → outside
    const loop = path.join(allowed, 'loop.psd');
    fs.symlinkSync(loop, loop);
    const devLink = link('/dev/zero', 'zero.psd');
    const sibling = `${allowed}-evil`;
    fs.mkdirSync(sibling);
    fs.writeFileSync(path.join(sibling, 'x.psd'), goodDesign());
    fs.mkdirSync(path.join(allowed, 'sub'));
    const fifo = path.join(allowed, 'fifo.psd');
    let haveFifo = true;
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      haveFifo = false;
    }
    const ok = path.join(allowed, 'design.psd');
    const template = path.join(allowed, 'template.aepx');
    const cases: Array<[string, { template_path: string; psd_paths: string[] }]> = [
      ['symlinked file', { template_path: template, psd_paths: [fileLink] }],
      ['symlinked folder', { template_path: template, psd_paths: [path.join(dirLink, 'secret.psd')] }],
      ['symlink chain', { template_path: template, psd_paths: [chain] }],
      ['symlink loop', { template_path: template, psd_paths: [loop] }],
      ['symlink to a device', { template_path: template, psd_paths: [devLink] }],
      ['.. out of the root', { template_path: template, psd_paths: [`${allowed}/../outside/secret.psd`] }],
      ['.. through a subfolder', { template_path: template, psd_paths: [`${allowed}/sub/../../outside/secret.psd`] }],
      ['a sibling sharing the prefix', { template_path: template, psd_paths: [path.join(sibling, 'x.psd')] }],
      ['the template outside', { template_path: path.join(outside, 'template.aepx'), psd_paths: [ok] }],
      ['the template through a symlinked folder', { template_path: path.join(dirLink, 'template.aepx'), psd_paths: [ok] }],
      ['one bad path among good ones', { template_path: template, psd_paths: [ok, ok, '/etc/passwd'] }],
      ['relative', { template_path: template, psd_paths: ['design.psd'] }],
      ['home shorthand', { template_path: template, psd_paths: ['~/design.psd'] }],
      ['a NUL byte', { template_path: template, psd_paths: [`${ok}\u0000../../etc/passwd`] }],
      ['a folder', { template_path: template, psd_paths: [path.join(allowed, 'sub')] }],
      ['/proc', { template_path: template, psd_paths: ['/proc/self/environ'] }],
      ['a file URL', { template_path: template, psd_paths: [`file://${ok}`] }],
      ...(haveFifo ? ([['a FIFO', { template_path: template, psd_paths: [fifo] }]] as Array<[string, { template_path: string; psd_paths: string[] }]>) : []),
    ];
    const jobsBefore = t.companion.jobs.list().length;
    const filesBefore = t.companion.db.prepare('SELECT COUNT(*) FROM files').pluck().get();
    for (const [name, body] of cases) {
      const r = await t.json('/api/batches', { method: 'POST', body });
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
      expect(r.body.success, name).toBe(false);
      expect(JSON.stringify(r.body), name).not.toMatch(/root:x:0|PATH=/);
    }
    expect(t.companion.jobs.list().length).toBe(jobsBefore);
    expect(t.companion.db.prepare('SELECT COUNT(*) FROM files').pluck().get()).toBe(filesBefore);
    // and the same request inside the root, through a symlink that stays inside, is fine
    const inner = link(ok, 'inner-link.psd');
    const good = await t.json('/api/batches', { method: 'POST', body: { template_path: template, psd_paths: [inner] } });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
  });

  it('the allowed roots default to the home folder', () => {
    expect(configFromEnv({}).allowedRoots).toEqual([os.homedir()]);
    expect(configFromEnv({ CONFORM_ALLOWED_ROOTS: ['/a', '/b/../c'].join(path.delimiter) }).allowedRoots).toEqual(['/a', '/c']);
  });

  it('ids and file parameters in URLs are never paths', async () => {
    const probes = [
      `/api/job/${encodeURIComponent('../../../../etc/passwd')}`,
      `/api/job/${encodeURIComponent('../../../../etc/passwd')}/script`,
      `/api/job/${encodeURIComponent('..')}/bundle.zip`,
      `/api/job/j_x/psd/layers/${encodeURIComponent('../../etc/passwd')}.png`,
      '/panel/..%2F..%2F..%2Fetc%2Fpasswd',
      '/panel/.env',
      '/..%2F..%2Fetc%2Fpasswd.js',
      '/%2e%2e/%2e%2e/etc/passwd',
    ];
    for (const p of probes) {
      const r = await raw('GET', p, { host: host(), authorization: auth() });
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.status, p).toBeLessThan(500);
      expect(r.body, p).not.toMatch(/root:x:0/);
    }
  });
});
