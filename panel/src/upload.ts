// Multipart upload with progress. fetch() cannot report upload progress, XMLHttpRequest can.
import { authHeader } from './api.js';

export interface UploadResult {
  batch_id: string;
  jobs: Array<{ job_id: string; name: string }>;
}

/** Posts the template and PSDs as one batch; onProgress gets bytes sent over the whole body. */
export function uploadBatch(template: File, psds: File[], onProgress: (sent: number, total: number) => void): Promise<UploadResult> {
  const form = new FormData();
  form.append('template', template, template.name);
  for (const p of psds) form.append('psd', p, p.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/batches');
    for (const [k, v] of Object.entries(authHeader())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
    xhr.onerror = () => reject(new Error('The upload did not reach the companion. Is it running?'));
    xhr.onload = () => {
      let body: { error?: string } & Partial<UploadResult> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // the message below covers it
      }
      if (xhr.status === 201 && body.batch_id) resolve(body as UploadResult);
      else reject(new Error(body.error ?? `Upload refused (${xhr.status})`));
    };
    xhr.send(form);
  });
}

/** Splits whole-body progress into per-file progress, in form order (template first). */
export function perFileProgress(sizes: number[], sent: number, total: number): number[] {
  const payload = sizes.reduce((a, b) => a + b, 0);
  // The multipart framing adds bytes: scale so the files' share ends exactly at the total.
  const scaled = total > 0 ? (sent / total) * payload : 0;
  let start = 0;
  return sizes.map((s) => {
    const p = s > 0 ? Math.min(1, Math.max(0, (scaled - start) / s)) : scaled >= start ? 1 : 0;
    start += s;
    return p;
  });
}
