// Stage 0: a template plus PSDs become a batch of jobs. Checks type (by signature) and size before
// storing anything, parses the template once so a bad template is refused up front, then admits
// each job to stage 1.
import fs from 'node:fs';
import path from 'node:path';
import { BadInputError, ForbiddenError, TooLargeError, UnsupportedMediaError } from '../errors.js';
import type { FileStore, ReceivedFile, StoredFile } from '../storage/file-store.js';
import type { JobsRepo } from '../storage/jobs-repo.js';
import { isPsd, isTemplate, sniff } from './file-signature.js';
import type { Runner } from './runner.js';
import { resolveTargetComp } from './stage1-extract.js';

/** An incoming file: its display name (never used as a path) and a way to read or store it. */
export interface IncomingFile {
  name: string;
  size: number;
  head: Uint8Array;
  store: (files: FileStore, kind: 'psd' | 'template') => Promise<StoredFile>;
}

export interface IngestDeps {
  jobs: JobsRepo;
  files: FileStore;
  runner: Runner;
  maxFileBytes: number;
}

export interface IngestResult {
  success: true;
  batch_id: string;
  jobs: Array<{ job_id: string; name: string }>;
}

/** A display name from an uploaded file name: the last path segment, without its extension, trimmed. */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.(psd|psb)$/i, '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return stem.slice(0, 200) || 'design';
}

function checkFile(f: IncomingFile, field: string, want: 'psd' | 'template', maxBytes: number): void {
  if (f.size > maxBytes) throw new TooLargeError(`${field} "${f.name}" is ${f.size} bytes; the limit is ${maxBytes} bytes`);
  const type = sniff(f.head);
  const ok = want === 'psd' ? isPsd(type) : isTemplate(type);
  if (!ok) {
    const wanted = want === 'psd' ? 'a Photoshop document (PSD/PSB, signature 8BPS)' : 'an After Effects project (.aepx XML or .aep RIFX)';
    throw new UnsupportedMediaError(`${field} "${f.name}" is not ${wanted}`);
  }
}

export async function ingestBatch(
  d: IngestDeps,
  input: { template: IncomingFile; psds: IncomingFile[]; comp: string | null },
): Promise<IngestResult> {
  if (!input.psds.length) throw new BadInputError('psd: at least one PSD file is required');
  checkFile(input.template, 'template', 'template', d.maxFileBytes);
  input.psds.forEach((p, i) => checkFile(p, `psd[${i}]`, 'psd', d.maxFileBytes));

  const template = await input.template.store(d.files, 'template');
  const doc = d.runner.template(template.sha256);
  const comp = resolveTargetComp(doc, input.comp);
  const stored: Array<{ name: string; file: StoredFile }> = [];
  for (const p of input.psds) stored.push({ name: displayName(p.name), file: await p.store(d.files, 'psd') });

  const created = d.jobs.db.transaction(() => {
    const batchId = d.jobs.createBatch({ templateSha256: template.sha256, templateName: displayName(input.template.name), compName: comp.name });
    const jobs = stored.map((s) => ({
      job_id: d.jobs.createJob({ batchId, name: s.name, psdSha256: s.file.sha256, templateSha256: template.sha256, compName: comp.name }),
      name: s.name,
    }));
    return { batchId, jobs };
  })();
  for (const j of created.jobs) d.runner.admit(j.job_id);
  return { success: true, batch_id: created.batchId, jobs: created.jobs };
}

/** A multipart upload already streamed to a temp file. */
export function incomingReceived(name: string, received: ReceivedFile): IncomingFile {
  return { name, size: received.size, head: received.head, store: async (files, kind) => files.commit(received, kind) };
}

/** Uploaded bytes (tests, embedded callers). */
export function incomingBytes(name: string, bytes: Uint8Array): IncomingFile {
  return { name, size: bytes.byteLength, head: bytes.subarray(0, 4096), store: async (files, kind) => files.putBytes(bytes, kind) };
}

/** A local file named by path ({template_path, psd_paths}); must resolve inside an allowed root. */
export function incomingPath(p: string, field: string, allowedRoots: string[]): IncomingFile {
  if (!path.isAbsolute(p)) throw new BadInputError(`${field}: "${p}" must be an absolute path`);
  let real: string;
  try {
    real = fs.realpathSync(p);
  } catch {
    throw new BadInputError(`${field}: no such file "${p}"`);
  }
  const inside = allowedRoots.some((root) => {
    const rel = path.relative(root, real);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
  if (!inside) throw new ForbiddenError(`${field}: "${p}" is outside the allowed folders (${allowedRoots.join(', ')})`);
  const stat = fs.statSync(real);
  if (!stat.isFile()) throw new BadInputError(`${field}: "${p}" is not a file`);
  const fd = fs.openSync(real, 'r');
  const head = Buffer.alloc(Math.min(4096, stat.size));
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return { name: path.basename(real), size: stat.size, head: new Uint8Array(head), store: (files, kind) => files.putFile(real, kind) };
}
