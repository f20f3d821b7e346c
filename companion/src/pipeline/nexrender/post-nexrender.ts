// Sends a nexrender job to a nexrender server (POST /api/v1/jobs, secret in the nexrender-secret
// header) and returns what the server stored: its uid and state ('queued').
import { ConformError } from '../../errors.js';
import type { NexrenderJob } from './nexrender-job.js';

export interface QueuedNexrenderJob {
  uid: string;
  state: string;
  [key: string]: unknown;
}

export async function postNexrenderJob(server: string, job: NexrenderJob, secret: string | undefined, timeoutMs = 15_000): Promise<QueuedNexrenderJob> {
  const url = `${server.replace(/\/+$/, '')}/api/v1/jobs`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'nexrender-secret': secret } : {}) },
      body: JSON.stringify(job),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ConformError(`nexrender server ${server} did not answer: ${e instanceof Error ? e.message : String(e)}`, 502, 'nexrender_unreachable');
  }
  const text = await res.text();
  if (!res.ok) {
    // The server's own words (first line) say what it refused: a wrong secret is 403, a bad job 400.
    throw new ConformError(`nexrender server refused the job (HTTP ${res.status}): ${text.split('\n')[0]!.slice(0, 300)}`, 502, 'nexrender_refused');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConformError(`nexrender server ${server} answered with something other than JSON`, 502, 'nexrender_bad_answer');
  }
  const queued = body as QueuedNexrenderJob;
  if (typeof queued?.uid !== 'string') throw new ConformError(`nexrender server ${server} answered without a job uid`, 502, 'nexrender_bad_answer');
  return queued;
}
