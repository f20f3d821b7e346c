// The panel as a web page at `/`. Static files only: the token is never embedded in the page; the
// page takes it from the URL fragment printed at start-up (#token=…), which browsers never send.
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export function panelRoutes(panelDir: string) {
  const send = (file: string) => {
    const full = path.join(panelDir, file);
    // Only names from the panel folder itself: no separators, no dot-files.
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(file) || !fs.existsSync(full)) return new Response('Not found', { status: 404 });
    return new Response(fs.readFileSync(full), {
      headers: { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
    });
  };
  const index = () =>
    fs.existsSync(path.join(panelDir, 'index.html'))
      ? send('index.html')
      : new Response('The panel is not built: run `npm run build`.', { status: 503, headers: { 'content-type': 'text/plain' } });
  return new Hono()
    .get('/', index)
    .get('/index.html', index)
    .get('/panel/:file', (c) => send(c.req.param('file')))
    .get('/:file{[A-Za-z0-9_-]+\\.(js|css|map|png|svg)}', (c) => send(c.req.param('file')));
}
