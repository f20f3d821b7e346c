// What a run shows while it works: on a terminal, one redrawn line (bar, files done, the stage of a
// job in flight, ETA); in a pipe or log, one plain line per stage change. --json shows neither.
import path from 'node:path';
import type { CliIO } from '../command.js';
import { stageLabel, type JobResult } from './driver.js';

export interface Progress {
  update(r: JobResult, all: JobResult[]): void;
  /** Clears the bar before the summary. */
  end(): void;
}

/** Relative to cwd when inside it, else absolute. */
export function shortPath(cwd: string, p: string): string {
  const rel = path.relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

export const silentProgress: Progress = { update() {}, end() {} };

const fmtDuration = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Estimated time left from the mean time per finished job so far; null until one has finished. */
export function eta(startedAt: number, now: number, finished: number, total: number): number | null {
  if (finished === 0 || finished >= total) return finished >= total ? 0 : null;
  return ((now - startedAt) / finished) * (total - finished);
}

export function plainProgress(io: CliIO): Progress {
  const seen = new Map<JobResult, string>();
  return {
    update(r, all) {
      const key = `${r.result}|${r.stage}|${r.status}`;
      if (seen.get(r) === key) return;
      seen.set(r, key);
      const done = all.filter((x) => x.result !== 'running').length;
      const head = `[${String(done).padStart(String(all.length).length)}/${all.length}] ${r.name}:`;
      if (r.result === 'complete') io.stdout(`${head} complete → ${r.bundle_dir ? shortPath(io.cwd, r.bundle_dir) : ''}\n`);
      else if (r.result === 'needs_review') io.stdout(`${head} needs review, ${r.review}\n`);
      else if (r.result === 'failed') io.stdout(`${head} failed: ${r.error}\n`);
      else if (r.stage !== null && r.status !== 'failed') io.stdout(`${head} stage ${stageLabel(r)} (${r.status})\n`);
    },
    end() {},
  };
}

export function barProgress(io: CliIO, opts: { width?: number; now?: () => number; minIntervalMs?: number } = {}): Progress {
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const width = opts.width ?? 24;
  let last = 0;
  let shown = false;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let latest: { r: JobResult; all: JobResult[] } | null = null;
  const draw = () => {
    pending = null;
    if (!latest) return;
    const { r, all } = latest;
    last = now();
    const finished = all.filter((x) => x.result !== 'running').length;
    const filled = Math.round((finished / Math.max(1, all.length)) * width);
    const active = r.result === 'running' ? r : all.find((x) => x.result === 'running');
    const doing = active ? ` · ${active.name}: ${stageLabel(active)}${active.progress ? ` ${Math.round(active.progress * 100)}%` : ''}` : '';
    const review = all.filter((x) => x.result === 'needs_review').length;
    const failed = all.filter((x) => x.result === 'failed').length;
    const left = eta(startedAt, last, finished, all.length);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${all.length} files${doing}${review ? ` · ${review} review` : ''}${failed ? ` · ${failed} failed` : ''} · ETA ${left === null ? '--:--' : fmtDuration(left)}`;
    io.stdout(`\r\x1b[2K${line.slice(0, 160)}`);
    shown = true;
  };
  return {
    update(r, all) {
      latest = { r, all };
      const gap = opts.minIntervalMs ?? 100;
      if (now() - last >= gap) draw();
      else pending ??= setTimeout(draw, gap);
    },
    end() {
      if (pending) clearTimeout(pending);
      pending = null;
      if (latest) draw();
      if (shown) io.stdout('\r\x1b[2K');
    },
  };
}
