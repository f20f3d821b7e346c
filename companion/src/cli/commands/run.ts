// `conform run`: the whole pipeline headless, for a batch of PSDs. See USAGE for the contract.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { parseArgs } from '../args.js';
import { BadInputError } from '../../errors.js';
import { configFromEnv } from '../../config.js';
import { isTemplate, sniff } from '../../pipeline/file-signature.js';
import { extractTemplate } from '../../pipeline/template/extract-template.js';
import { resolveTargetComp } from '../../pipeline/stage1-extract.js';
import type { Backend } from '../run/backend.js';
import { Driver, type JobPlan, type JobResult } from '../run/driver.js';
import { embeddedBackend } from '../run/embedded.js';
import { expandInputs } from '../run/inputs.js';
import { readManifest } from '../run/manifest.js';
import { bundleDirFor, canReplace, uniqueJobNames } from '../run/names.js';
import { barProgress, plainProgress, silentProgress } from '../run/progress.js';
import { resolveToken, serverBackend } from '../run/server.js';
import { summaryTable, totalsLine, totalsOf } from '../run/summary.js';

export const USAGE = `Usage: conform run --template <t.aepx|t.aep> [--comp NAME] --out <dir> <psd|folder|glob>... [options]
       conform run --manifest <batch.csv|batch.json> --out <dir> [options]

Runs the whole pipeline headless: extract and auto-match, matching review, validation, validation
review, ExtendScript generation, delivery. Each finished bundle is written to <out>/<job name>/
(job name = the PSD's base name, made unique and file-name safe; an existing folder is replaced only
if it holds an earlier bundle).

Inputs: PSD/PSB files, folders (searched recursively for .psd/.psb) and quoted globs ("designs/*.psd",
"**/*.psd"). Every input must name at least one file.

Options:
  --template FILE          The After Effects template (required unless every manifest row names one)
  --comp NAME              Target composition (default: the template's root comp with the most slots)
  --out DIR                Where bundles are written (required)
  --approve                Auto-approve stage 2 for jobs whose proposed matches all have confidence
                           >= the threshold (a "leave this slot empty" proposal counts too). A job with
                           any match below it stays at stage 2 for review. Without --approve every job
                           stops at stage 2 for review.
  --min-confidence X       The threshold, 0..1 (default: the companion's autoApproveConfidence, 0.5)
  --override-reason TEXT   Override critical validation issues (stage 4) with this reason (>= 10
                           characters); without it such jobs stop at stage 4 for review
  --fit contain|cover|stretch
                           Fit of every image slot (default: the companion's defaultFit setting)
  --manifest FILE          Mixed batch: CSV (header line) or JSON rows with columns psd, template, comp,
                           fit, approve, min_confidence, override_reason; paths relative to the file;
                           flags above are the defaults for empty cells
  --server URL             Drive a running companion over its HTTP API (events over SSE) instead of an
                           embedded one. Token: --token, else CONFORM_TOKEN, else companion.json in --data
                           (default: the companion's data folder)
  --token TOKEN            The companion's API token (with --server)
  --data DIR               Embedded: the run's data folder (default: <out>/.conform; review what is left
                           with \`conform serve --data DIR\`). With --server: where companion.json is
  --json                   Print one JSON document (jobs and totals) instead of progress and a table

Exit codes:
  0  every job complete, bundles written
  1  some job failed (e.g. a corrupt or non-PSD file; named on stderr and in the JSON), or an internal
     error; the other jobs still complete
  2  bad input, nothing run: missing --template/--out, an input that names no file, a bad flag value,
     a bad manifest row ("batch.csv line 4: ..."), an unreadable template or unknown comp
  3  no job failed, but some need review (stopped at stage 2 or 4)`;

const FIT = ['contain', 'cover', 'stretch'] as const;

function fileMustExist(cwd: string, p: string, what: string): string {
  const full = path.resolve(cwd, p);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new BadInputError(`${what} ${p}: no such file`);
  return full;
}

function parseConfidence(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new BadInputError(`--min-confidence must be a number from 0 to 1, got "${v}"`);
  return n;
}

/** Every template is an AE project and has the comp asked for, checked before anything runs. */
function checkTemplates(plans: Array<Pick<JobPlan, 'template' | 'comp'>>): void {
  const seen = new Set<string>();
  const docs = new Map<string, ReturnType<typeof extractTemplate>>();
  for (const p of plans) {
    const key = `${p.template}\0${p.comp ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = path.basename(p.template);
    let doc = docs.get(p.template);
    if (!doc) {
      const bytes = new Uint8Array(fs.readFileSync(p.template));
      if (!isTemplate(sniff(bytes.subarray(0, 4096)))) throw new BadInputError(`template ${name}: not an After Effects project (.aepx XML or .aep RIFX)`);
      try {
        doc = extractTemplate(bytes);
      } catch (e) {
        throw new BadInputError(`template ${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      docs.set(p.template, doc);
    }
    try {
      resolveTargetComp(doc, p.comp);
    } catch (e) {
      throw new BadInputError(`template ${name}: ${(e as Error).message}`);
    }
  }
}

export interface RunReport {
  mode: 'embedded' | 'server';
  data_dir: string | null;
  server: string | null;
  out: string;
  events: { transport: 'event-bus' | 'sse'; received: number; connections: number };
  jobs: Array<Omit<JobResult, 'detail' | 'progress'>>;
  totals: ReturnType<typeof totalsOf>;
  exit_code: number;
}

const run: Command = {
  name: 'run',
  summary: 'Run the whole pipeline headless on a batch of PSDs; bundles to --out',
  usage: USAGE,
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, {
      template: 'string',
      comp: 'string',
      out: 'string',
      approve: 'boolean',
      'min-confidence': 'string',
      'override-reason': 'string',
      fit: 'string',
      server: 'string',
      token: 'string',
      data: 'string',
      json: 'boolean',
      manifest: 'string',
    });
    const str = (k: string) => (flags[k] === undefined ? undefined : String(flags[k]));
    if (!str('out')) throw new BadInputError('--out is required (the folder bundles are written to)');
    const out = path.resolve(io.cwd, str('out')!);
    if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new BadInputError(`--out ${str('out')}: not a folder`);
    const fit = str('fit');
    if (fit !== undefined && !(FIT as readonly string[]).includes(fit)) throw new BadInputError(`--fit must be contain, cover or stretch, got "${fit}"`);
    const minConfidence = str('min-confidence') === undefined ? undefined : parseConfidence(str('min-confidence')!);
    const reason = str('override-reason')?.trim();
    if (reason !== undefined && reason.length < 10) throw new BadInputError(`--override-reason must be at least 10 characters (got ${reason.length})`);
    const server = str('server');
    if (server !== undefined) {
      let u: URL;
      try {
        u = new URL(server);
      } catch {
        throw new BadInputError(`--server must be a URL like http://127.0.0.1:7788, got "${server}"`);
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BadInputError(`--server must be an http URL, got "${server}"`);
    }
    if (str('token') !== undefined && server === undefined) throw new BadInputError('--token is for --server');
    const template = str('template') === undefined ? undefined : fileMustExist(io.cwd, str('template')!, '--template');
    const defaults = { comp: str('comp'), fit: fit as JobPlan['fit'], approve: flags.approve === true, minConfidence, overrideReason: reason };

    // The plan: one entry per PSD, with its template, comp and options.
    const planned: Array<Omit<JobPlan, 'name' | 'outDir'>> = [];
    if (str('manifest') !== undefined) {
      for (const row of readManifest(io.cwd, str('manifest')!)) {
        const t = row.template ?? template;
        if (!t) throw new BadInputError(`${row.where}: template: missing (no value in the row and no --template)`);
        for (const psd of row.psds) {
          planned.push({
            psd,
            template: t,
            comp: row.comp ?? defaults.comp,
            fit: row.fit ?? defaults.fit,
            approve: row.approve ?? defaults.approve,
            minConfidence: row.minConfidence ?? defaults.minConfidence,
            overrideReason: row.overrideReason ?? defaults.overrideReason,
          });
        }
      }
      if (positionals.length && !template) throw new BadInputError('inputs given beside --manifest need --template');
    } else {
      if (!template) throw new BadInputError('--template is required (the .aepx/.aep to fill), or use --manifest');
      if (!positionals.length) throw new BadInputError('give at least one PSD, folder or glob');
    }
    for (const psd of expandInputs(io.cwd, positionals)) planned.push({ psd, template: template!, ...defaults });
    if (!planned.length) throw new BadInputError('no PSDs found in the inputs');
    checkTemplates(planned);

    const names = uniqueJobNames(
      planned.map((p) => p.psd),
      (safe) => !canReplace(path.join(out, safe)),
    );
    const plans: JobPlan[] = planned.map((p, i) => ({ ...p, name: names[i]!, outDir: bundleDirFor(out, names[i]!) }));

    let backend: Backend;
    let dataDir: string | null;
    if (server) {
      dataDir = null;
      const lookIn = str('data') ? path.resolve(io.cwd, str('data')!) : configFromEnv(io.env).dataDir;
      backend = await serverBackend({ url: server, token: resolveToken(str('token'), io.env, lookIn) });
    } else {
      dataDir = str('data') ? path.resolve(io.cwd, str('data')!) : path.join(out, '.conform');
      fs.mkdirSync(out, { recursive: true });
      backend = embeddedBackend({ dataDir, env: io.env, files: [...new Set([...plans.map((p) => p.psd), ...plans.map((p) => p.template)])] });
    }
    fs.mkdirSync(out, { recursive: true });

    const progress = flags.json ? silentProgress : io.isTTY ? barProgress(io) : plainProgress(io);
    let results: JobResult[];
    try {
      const driver = new Driver(backend, plans, { update: (r, all) => progress.update(r, all) });
      results = await driver.run();
    } finally {
      progress.end();
      await backend.close();
    }

    const totals = totalsOf(results);
    const code = totals.failed ? EXIT.internal : totals.needs_review ? EXIT.needsReview : EXIT.ok;
    for (const r of results) if (r.result === 'failed') io.stderr(`conform run: failed: ${r.error}\n`);
    if (flags.json) {
      const report: RunReport = {
        mode: backend.mode,
        data_dir: dataDir,
        server: server ?? null,
        out,
        events: { transport: backend.stats.transport, received: backend.stats.events, connections: backend.stats.connections },
        jobs: results.map(({ detail: _d, progress: _p, ...r }) => r),
        totals,
        exit_code: code,
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return code;
    }
    io.stdout(`${summaryTable(results, io.cwd)}\n\n${totalsLine(totals)}\n`);
    if (totals.needs_review) {
      io.stdout(
        `${totals.needs_review} need review: ${server ? `open them in the panel (${server})` : `open them with \`conform serve --data ${path.relative(io.cwd, dataDir!) || '.'}\``}\n`,
      );
    }
    return code;
  },
};

export default run;
