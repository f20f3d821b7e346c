import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryNamesUnder, startCompanion, tempDir, type TestCompanion } from '../helpers/server.js';
import { AEPX_CORPUS } from '../helpers/corpus.js';
import { makeDesign } from '../helpers/designs.js';

let t: TestCompanion;
beforeAll(async () => {
  t = await startCompanion({ env: { CONFORM_MAX_FILE_BYTES: String(600_000) } });
});
afterAll(() => t.stop());

const TEMPLATE = path.join(AEPX_CORPUS, 'nexrender_2layers1image_ae15.0.aepx');
const design = () => makeDesign(200, 100, [{ name: 'Photo', kind: 'image', box: { left: 0, top: 0, right: 100, bottom: 100 } }]);

function form(parts: Array<[string, Uint8Array | string, string?]>): FormData {
  const f = new FormData();
  for (const [field, value, name] of parts) {
    if (typeof value === 'string') f.append(field, value);
    else f.append(field, new Blob([value as Uint8Array<ArrayBuffer>]), name);
  }
  return f;
}

function storedFiles(): string[] {
  const root = path.join(t.dataDir, 'files');
  return fs
    .readdirSync(root)
    .filter((d) => d !== 'tmp')
    .flatMap((d) => fs.readdirSync(path.join(root, d)));
}

describe('stage 0: ingestion', () => {
  it('stores each upload once by content and lists the job ids at once', async () => {
    const psd = design();
    const tpl = new Uint8Array(fs.readFileSync(TEMPLATE));
    const r = await t.json('/api/batches', { method: 'POST', body: form([['template', tpl, 't.aepx'], ['psd', psd, 'a.psd'], ['psd', psd, 'b.psd']]) });
    expect(r.status).toBe(201);
    expect(r.body.jobs.map((j: { name: string }) => j.name)).toEqual(['a', 'b']);
    const files = storedFiles();
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(path.join(t.dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('checks types by signature, not by name (415)', async () => {
    const tpl = new Uint8Array(fs.readFileSync(TEMPLATE));
    const notPsd = new TextEncoder().encode('GIF89a not a photoshop file');
    const r = await t.json('/api/batches', { method: 'POST', body: form([['template', tpl, 't.aepx'], ['psd', notPsd, 'looks-like.psd']]) });
    expect(r.status).toBe(415);
    expect(r.body.error).toMatch(/looks-like\.psd/);
    const psdAsTemplate = await t.json('/api/batches', { method: 'POST', body: form([['template', design(), 'template.aepx'], ['psd', design(), 'd.psd']]) });
    expect(psdAsTemplate.status).toBe(415);
    expect(psdAsTemplate.body.error).toMatch(/template/);
    expect(fs.readdirSync(path.join(t.dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('refuses a file over the size limit with 413 and keeps nothing of it', async () => {
    const before = storedFiles().length;
    const tpl = new Uint8Array(fs.readFileSync(TEMPLATE));
    const big = new Uint8Array(700_000);
    big.set(new TextEncoder().encode('8BPS'));
    const r = await t.json('/api/batches', { method: 'POST', body: form([['template', tpl, 't.aepx'], ['psd', big, 'huge.psd']]) });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(/huge\.psd/);
    expect(storedFiles().length).toBe(before);
    expect(fs.readdirSync(path.join(t.dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('names a missing field (400) and refuses other content types (415)', async () => {
    const r = await t.json('/api/batches', { method: 'POST', body: form([['psd', design(), 'a.psd']]) });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/template/);
    const text = await t.json('/api/batches', { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('takes local paths inside the allowed roots and refuses others (403)', async () => {
    const dir = tempDir();
    const p = path.join(dir, 'local design.psd');
    fs.writeFileSync(p, design());
    const ok = await t.json('/api/batches', { method: 'POST', body: { template_path: TEMPLATE, psd_paths: [p] } });
    expect(ok.status).toBe(201);
    expect(ok.body.jobs[0].name).toBe('local design');
    const outside = await t.json('/api/batches', { method: 'POST', body: { template_path: TEMPLATE, psd_paths: ['/etc/passwd'] } });
    expect(outside.status).toBe(403);
    const relative = await t.json('/api/batches', { method: 'POST', body: { template_path: TEMPLATE, psd_paths: ['../x.psd'] } });
    expect(relative.status).toBe(400);
  });

  it('never uses an uploaded file name as a path', async () => {
    const tpl = new Uint8Array(fs.readFileSync(TEMPLATE));
    const r = await t.json('/api/batches', { method: 'POST', body: form([['template', tpl, '../../evil.aepx'], ['psd', design(), '../../etc/passwd'], ['psd', design(), 'C:\\x\\y.psd']]) });
    expect(r.status).toBe(201);
    expect(r.body.jobs.map((j: { name: string }) => j.name)).toEqual(['passwd', 'y']);
    const all = entryNamesUnder(t.dataDir);
    expect(all.filter((n) => /passwd|evil|y\.psd/.test(n))).toEqual([]);
  });
});
