// Issue 10 §1 through the upload API: a sample of the fuzz cases (tests/reliability/fuzz-cases.ts)
// uploaded with POST /api/batches. Each ends in 201 with the job at stage 2 or failed with a readable
// error, or in a 4xx {success:false, error}; never a 5xx. A good job uploaded first is untouched, the
// server keeps answering, memory stays under the ceiling, every stored file hashes to its name and
// nothing is left in files/tmp. Malformed multipart bodies get the same treatment.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type TestCompanion } from '../helpers/server.js';
import { CATEGORIES, caseSpecs, type CaseSpec } from './fuzz-cases.js';
import { afterFuzzChecks, goodDesign, GOOD_TEMPLATE, uploadCase, uploadGoodJob, type GoodJob, type UploadResult } from './upload-fuzz.js';
import { templateSource } from './fuzz-cases.js';

const MEMORY_CEILING_MB = 2000;
let t: TestCompanion;
let good: GoodJob;
beforeAll(async () => {
  t = await startCompanion({ env: { CONFORM_WORKERS: '2' } });
  good = await uploadGoodJob(t);
});
afterAll(() => t.stop());

/** A few cases of every category; bombs once. */
function sample(): CaseSpec[] {
  return CATEGORIES.flatMap((c) => caseSpecs(c.name, c.heavy ? 1 : c.target === 'psd' ? 4 : 2, 0x5eed));
}

describe('fuzzed uploads', () => {
  it('every sampled case ends in 201 (stage 2 or a readable failure) or a clear 4xx; the good job is untouched', async () => {
    const results: UploadResult[] = [];
    let peak = 0;
    for (const spec of sample()) {
      results.push(await uploadCase(t, spec, { timeLimitMs: 60_000 }));
      peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
    }
    expect(results.filter((r) => r.failure).map((r) => `${JSON.stringify(r.spec)} (${r.note}) → ${r.status}: ${r.failure}`)).toEqual([]);
    expect(await afterFuzzChecks(t, good)).toEqual([]);
    expect(peak).toBeLessThan(MEMORY_CEILING_MB);
    // both ways out were taken: some refused at the door, some failed in stage 1, some read fine
    expect(results.some((r) => r.status >= 400)).toBe(true);
    expect(results.some((r) => r.status === 201)).toBe(true);
  }, 170_000);
});

/** Raw multipart bytes to the API, so the body can be cut or malformed on purpose. */
function rawPost(body: Buffer, contentType: string, opts: { abortAfter?: number } = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(t.url);
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: Number(port), path: '/api/batches', method: 'POST', headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${t.token}`, 'content-type': contentType, ...(opts.abortAfter === undefined ? { 'content-length': body.length } : {}) } },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: data }));
      },
    );
    req.on('error', (e) => resolve({ status: -1, body: e.message }));
    if (opts.abortAfter !== undefined) {
      req.write(body.subarray(0, opts.abortAfter));
      setTimeout(() => req.destroy(), 100);
    } else req.end(body);
  });
}

function multipart(boundary: string, parts: Array<{ field: string; name?: string; bytes: Uint8Array | string }>): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"${p.name !== undefined ? `; filename="${p.name}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`));
    chunks.push(Buffer.from(p.bytes));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('malformed multipart bodies', () => {
  const tpl = () => templateSource(GOOD_TEMPLATE);

  it('a body cut short, a missing boundary, a wrong boundary and garbage get a clear 4xx', async () => {
    const full = multipart('XyZ', [{ field: 'template', name: 't.aepx', bytes: tpl() }, { field: 'psd', name: 'a.psd', bytes: goodDesign() }]);
    const cut = await rawPost(full.subarray(0, full.length >> 1), 'multipart/form-data; boundary=XyZ');
    const noBoundary = await rawPost(full, 'multipart/form-data');
    const wrongBoundary = await rawPost(full, 'multipart/form-data; boundary=other');
    const garbage = await rawPost(Buffer.from('\u0000\u0001garbage'.repeat(1000)), 'multipart/form-data; boundary=XyZ');
    for (const [name, r] of Object.entries({ cut, noBoundary, wrongBoundary, garbage })) {
      expect(r.status, `${name}: ${r.body}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${name}: ${r.body}`).toBeLessThan(500);
      expect(JSON.parse(r.body).success, name).toBe(false);
    }
    expect(await afterFuzzChecks(t, good)).toEqual([]);
  });

  it('a client that disconnects mid-upload leaves no temp file and no job', async () => {
    const before = t.companion.jobs.list().length;
    const full = multipart('AbC', [{ field: 'template', name: 't.aepx', bytes: tpl() }, { field: 'psd', name: 'a.psd', bytes: goodDesign() }]);
    for (const at of [10, full.length >> 2, full.length - 10]) await rawPost(full, 'multipart/form-data; boundary=AbC', { abortAfter: at });
    await new Promise((r) => setTimeout(r, 300));
    expect(t.companion.jobs.list().length).toBe(before);
    expect(await afterFuzzChecks(t, good)).toEqual([]);
  });

  it('odd parts: hundreds of PSD parts, empty files, unknown fields, a huge text field, duplicate templates', async () => {
    const psd = goodDesign();
    const many = await rawPost(multipart('M', [{ field: 'template', name: 't.aepx', bytes: tpl() }, ...Array.from({ length: 300 }, (_, i) => ({ field: 'psd', name: `p${i}.psd`, bytes: i % 50 === 0 ? new Uint8Array(0) : psd }))]), 'multipart/form-data; boundary=M');
    expect(many.status).toBe(415); // the empty parts are not PSDs
    const twoTemplates = await rawPost(multipart('M', [{ field: 'template', name: 't.aepx', bytes: tpl() }, { field: 'template', name: 'u.aepx', bytes: tpl() }, { field: 'psd', name: 'a.psd', bytes: psd }]), 'multipart/form-data; boundary=M');
    expect(twoTemplates.status).toBe(400);
    const bigField = await rawPost(multipart('M', [{ field: 'comp', bytes: 'x'.repeat(200_000) }, { field: 'template', name: 't.aepx', bytes: tpl() }, { field: 'psd', name: 'a.psd', bytes: psd }]), 'multipart/form-data; boundary=M');
    expect(bigField.status, bigField.body).toBeGreaterThanOrEqual(400);
    expect(bigField.status, bigField.body).toBeLessThan(500);
    expect(JSON.parse(bigField.body).error.length, 'the refusal quotes a readable amount of the field').toBeLessThan(2000);
    const unknown = await rawPost(multipart('M', [{ field: 'evil', name: '../../x', bytes: psd }, { field: 'template', name: 't.aepx', bytes: tpl() }, { field: 'psd', name: 'a.psd', bytes: psd }]), 'multipart/form-data; boundary=M');
    expect(unknown.status).toBe(201);
    await t.idle();
    expect(await afterFuzzChecks(t, good)).toEqual([]);
  });
});
