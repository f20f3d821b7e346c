// Real companions for tests: in-process on a random loopback port over a temp data folder, or as a
// child process of the built companion (for kill/restart tests).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../../companion/src/config.js';
import { startCompanion as start, type Companion } from '../../companion/src/server.js';
import { REPO_ROOT } from './corpus.js';

export interface TestCompanion {
  url: string;
  token: string;
  dataDir: string;
  companion: Companion;
  /** fetch with the token and the right Host. */
  api: (pathname: string, init?: RequestInit) => Promise<Response>;
  json: <T = any>(pathname: string, init?: Omit<RequestInit, 'body'> & { body?: unknown }) => Promise<{ status: number; body: T }>;
  /** Waits until the background queue is idle. */
  idle: () => Promise<void>;
  stop: () => Promise<void>;
}

export function tempDir(prefix = 'conform-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The name of every file and folder under `dir`, at any depth (to check what a data folder holds). */
export function entryNamesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => [e.name, ...(e.isDirectory() ? entryNamesUnder(path.join(dir, e.name)) : [])]);
}

/** A client for any companion URL and token: fetch with the token, and JSON in and out. */
export function client(url: string, token: string): Pick<TestCompanion, 'url' | 'token' | 'api' | 'json'> {
  const api = (pathname: string, init: RequestInit = {}) =>
    fetch(url + pathname, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
  const json = async (pathname: string, init: Omit<RequestInit, 'body'> & { body?: unknown } = {}) => {
    const body = init.body === undefined || typeof init.body === 'string' || init.body instanceof FormData ? init.body : JSON.stringify(init.body);
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] ??= 'application/json';
    const res = await api(pathname, { ...init, body: body as BodyInit | undefined, headers });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: leave as text
    }
    return { status: res.status, body: parsed as any };
  };
  return { url, token, api, json };
}

/** `workerScript` makes the pool run that worker file (the pool tests' crashing workers). */
export async function startCompanion(opts: { dataDir?: string; env?: Record<string, string>; workerScript?: string } = {}): Promise<TestCompanion> {
  const dataDir = opts.dataDir ?? tempDir();
  const config = configFromEnv({
    CONFORM_DATA_DIR: dataDir,
    CONFORM_PORT: '0',
    CONFORM_TOKEN: `test-token-${Math.random().toString(36).slice(2)}`,
    CONFORM_ALLOWED_ROOTS: [os.tmpdir(), path.resolve(REPO_ROOT, '..')].join(path.delimiter),
    ...opts.env,
  });
  if (opts.workerScript) config.workerScript = opts.workerScript;
  const companion = await start(config);
  return {
    ...client(`http://127.0.0.1:${companion.port}`, companion.token),
    dataDir,
    companion,
    idle: () => companion.runner.queue.idle(),
    stop: () => companion.close(),
  };
}

/** Runs the built companion (dist/companion/main.js) as a child process. */
export async function spawnCompanion(dataDir: string, port: number, token = 'spawned-token'): Promise<{ child: ChildProcess; url: string; token: string }> {
  const main = path.join(REPO_ROOT, 'dist/companion/main.js');
  if (!fs.existsSync(main)) throw new Error('dist/companion/main.js is missing: run `npm run build`');
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, CONFORM_DATA_DIR: dataDir, CONFORM_PORT: String(port), CONFORM_TOKEN: token, CONFORM_ALLOWED_ROOTS: [os.tmpdir(), path.resolve(REPO_ROOT, '..')].join(path.delimiter) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`companion did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (b) => {
      out += String(b);
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (b) => (out += String(b)));
    child.once('exit', (code) => reject(new Error(`companion exited ${code}: ${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, token };
}
