// One place maps errors to HTTP: typed ConformErrors keep their status; anything else is a 500
// with a message that names what failed, and is logged.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ConformError } from '../errors.js';

export function errorResponse(err: unknown, c: Context): Response {
  if (err instanceof ConformError) return c.json({ success: false, error: err.message }, err.status as 400);
  if (err instanceof HTTPException) {
    const message = err.message || (err.status === 400 ? 'Malformed request body' : 'Request refused');
    return c.json({ success: false, error: message }, err.status);
  }
  if (err instanceof SyntaxError) return c.json({ success: false, error: `Malformed JSON in request body: ${err.message}` }, 400);
  const sqliteBusy = err instanceof Error && /SQLITE_BUSY|database is locked/.test(err.message);
  if (sqliteBusy) return c.json({ success: false, error: 'The database is busy; try again' }, 503);
  console.error('[conform] internal error', c.req.method, c.req.path, err);
  return c.json({ success: false, error: `Internal error while handling ${c.req.method} ${c.req.path}: ${err instanceof Error ? err.message : String(err)}` }, 500);
}
