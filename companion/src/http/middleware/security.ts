// The local attack surface (research/cep.md §5): binding to 127.0.0.1 is not enough. Any web page
// can send requests to loopback, and DNS rebinding makes them same-origin. So: an exact Host
// allowlist, no cross-site browser requests, no CORS, and a bearer token on every API call.
import crypto from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const deny = (status: 401 | 403, error: string) =>
  new Response(JSON.stringify({ success: false, error }), { status, headers: { 'content-type': 'application/json' } });

/** Host must be exactly 127.0.0.1:<port> or localhost:<port> (defeats DNS rebinding). */
export function hostGuard(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    const p = port();
    if (host !== `127.0.0.1:${p}` && host !== `localhost:${p}`) return deny(403, `Host "${host}" is not allowed; use 127.0.0.1:${p}`);
    await next();
  };
}

/**
 * Browser requests are allowed only from the companion's own page. A request from another site
 * (Origin of another site, or Sec-Fetch-Site cross-site/same-site) is refused even with a valid token.
 * Tools and the CEP panel (Node http) send neither header.
 */
export function browserGuard(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const p = port();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const own = origin === `http://127.0.0.1:${p}` || origin === `http://localhost:${p}`;
    if (origin !== undefined && !own) return deny(403, `Cross-origin request from "${origin}" refused`);
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return deny(403, `Cross-site request (Sec-Fetch-Site: ${site}) refused`);
    if (c.req.method === 'OPTIONS') return deny(403, 'CORS preflight refused: the API is not for other origins');
    await next();
  };
}

/** Authorization: Bearer <token>, compared in constant time. */
export function bearerAuth(token: () => string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const expected = Buffer.from(token());
    const given = Buffer.from(m ? m[1]!.trim() : '');
    if (!m || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return deny(401, 'Missing or wrong token: send Authorization: Bearer <token> (see companion.json in the data folder)');
    }
    await next();
  };
}
