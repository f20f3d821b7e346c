// The companion's API through Hono's typed client: AppType is imported as a type only, so a changed
// path, parameter or request body breaks this build while none of the companion's code enters the
// bundle. The OpenAPI routes declare loose response schemas, so answers are read as the shared types
// the companion builds them from (shared/job.ts, shared/match.ts…).
import { hc } from 'hono/client';
import type { AppType } from '../../companion/src/http/app.js';

let token = '';
export const setToken = (t: string) => (token = t);
export const authHeader = (): Record<string, string> => ({ authorization: `Bearer ${token}` });

// Outside a page (unit tests of pure modules) there is no location; any origin does there.
export const api = hc<AppType>(globalThis.location?.origin ?? 'http://127.0.0.1', { headers: authHeader });

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface Answer {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

/** The checked answer; an error answer becomes an ApiError carrying the server's sentence. */
export async function answer(res: Answer | Promise<Answer>): Promise<Answer> {
  let r: Answer;
  try {
    r = await res;
  } catch (e) {
    throw new ApiError(`The companion is not reachable (${e instanceof Error ? e.message : String(e)}). Is it running?`, 0);
  }
  if (!r.ok) {
    const text = await r.text();
    let message = `${r.status}: ${text.slice(0, 300)}`;
    try {
      const body = JSON.parse(text) as { error?: string };
      if (body.error) message = body.error;
    } catch {
      // not JSON: keep the raw text
    }
    throw new ApiError(message, r.status);
  }
  return r;
}

/** The JSON body of a successful answer, read as T. */
export async function ok<T>(res: Answer | Promise<Answer>): Promise<T> {
  return JSON.parse(await (await answer(res)).text()) as T;
}

/** Who did it, for the job log: the name the editor typed in the header, else "panel". */
export const userId = () => localStorage.getItem('conform.user') || 'panel';
