// The end of a run: a table (one row per job) and totals, or one JSON document with --json.
import { stageLabel, type JobResult } from './driver.js';
import { shortPath } from './progress.js';

export interface Totals {
  jobs: number;
  complete: number;
  needs_review: number;
  review_stage2: number;
  review_stage4: number;
  failed: number;
}

export function totalsOf(results: JobResult[]): Totals {
  const review = results.filter((r) => r.result === 'needs_review');
  return {
    jobs: results.length,
    complete: results.filter((r) => r.result === 'complete').length,
    needs_review: review.length,
    review_stage2: review.filter((r) => r.stage === 2).length,
    review_stage4: review.filter((r) => r.stage === 4).length,
    failed: results.filter((r) => r.result === 'failed').length,
  };
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function summaryTable(results: JobResult[], cwd: string): string {
  const rows = results.map((r) => [
    r.name,
    stageLabel(r),
    r.result === 'needs_review' ? 'needs review' : r.result,
    r.result === 'complete' ? shortPath(cwd, r.bundle_dir ?? '') : cut(r.result === 'failed' ? (r.error ?? '') : (r.review ?? ''), 140),
  ]);
  const head = ['JOB', 'STAGE', 'RESULT', 'BUNDLE / REASON'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : cut(c, widths[i]!).padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function totalsLine(t: Totals): string {
  const parts = [`${t.complete} complete`];
  if (t.needs_review) {
    const where = [t.review_stage2 ? `stage 2: ${t.review_stage2}` : '', t.review_stage4 ? `stage 4: ${t.review_stage4}` : ''].filter(Boolean).join(', ');
    parts.push(`${t.needs_review} need review (${where})`);
  }
  if (t.failed) parts.push(`${t.failed} failed`);
  return `${parts.join(', ')} — ${t.jobs} job${t.jobs === 1 ? '' : 's'}`;
}
