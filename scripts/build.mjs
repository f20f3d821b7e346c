// Builds the three programs into dist/: the companion (Node), the panel (browser) and the host
// ExtendScript (ES3, gated by an acorn parse). `--if-needed` skips the build when dist/ is newer than
// every source file, so `npm start` stays fast.
import { build, transform } from 'esbuild';
import { parse } from 'acorn';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const sources = ['shared', 'companion/src', 'panel', 'host-jsx/src', 'scripts'];

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate() {
  const stamp = path.join(dist, '.stamp');
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  return sources.every((s) => newestMtime(path.join(root, s)) <= built);
}

// Native and heavy packages stay outside the bundle and load from node_modules at run time.
const nodeExternal = ['better-sqlite3', 'sharp', 'ag-psd', 'fast-xml-parser', 'opentype.js', 'fflate', 'hono', '@hono/*', 'zod'];

async function buildCompanion() {
  await build({
    entryPoints: {
      'companion/main': path.join(root, 'companion/src/main.ts'),
      'companion/cli': path.join(root, 'companion/src/cli/main.ts'),
      'companion/worker': path.join(root, 'companion/src/pipeline/worker-entry.ts'),
    },
    outdir: dist,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: nodeExternal,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
}

async function buildPanel() {
  const panelEntry = path.join(root, 'panel/src/main.tsx');
  if (!fs.existsSync(panelEntry)) return;
  await build({
    entryPoints: [panelEntry],
    outfile: path.join(dist, 'panel/main.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // CEP 11 (AE 22–24) embeds Chromium 88.
    target: 'chrome88',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'styles.css']) {
    const src = path.join(root, 'panel', f);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(dist, 'panel', f));
  }
}

async function buildHost() {
  const hostEntry = path.join(root, 'host-jsx/src/index.ts');
  if (!fs.existsSync(hostEntry)) return;
  // Plain transform, no bundler wrapper: esbuild's iife/cjs wrappers call ES5 Object.* helpers that
  // ExtendScript lacks. The source wraps itself in an IIFE.
  const src = fs.readFileSync(hostEntry, 'utf8');
  const { code } = await transform(src, { loader: 'ts', target: 'es5', charset: 'ascii' });
  parse(code, { ecmaVersion: 3, allowReserved: 'never' });
  fs.mkdirSync(path.join(dist, 'host'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'host/host.jsx'), code);
}

const ifNeeded = process.argv.includes('--if-needed');
if (ifNeeded && upToDate()) process.exit(0);
fs.mkdirSync(dist, { recursive: true });
await Promise.all([buildCompanion(), buildPanel(), buildHost()]);
fs.writeFileSync(path.join(dist, '.stamp'), new Date().toISOString());
