// Moves jobs through the six stages: reads inputs from storage, calls the pure step of each stage,
// writes its output and asks the stage machine for the transition. The chapters of the pipeline are
// the stage files beside this one.
import type { Stage1Results } from '../../../shared/job.js';
import type { Match } from '../../../shared/match.js';
import type { TemplateDoc } from '../../../shared/template.js';
import type { ValidationEnv } from '../../../shared/validation.js';
import { BadInputError, ConformError, InvalidTransitionError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { FileStore } from '../storage/file-store.js';
import type { JobRow, JobsRepo } from '../storage/jobs-repo.js';
import type { SettingsRepo } from '../storage/settings-repo.js';
import { extractTemplate } from './template/extract-template.js';
import { extractAndMatchFile } from './stage1-extract.js';
import { openLayerDecoderFile } from './psd/layer-image.js';
import { hasCriticalIssues, validateJob } from './stage3-validate.js';
import { stageStateOf, type StageMachine } from './stage-machine.js';
import { WorkQueue } from './work-queue.js';
import type { Deliverer } from './stage5-generate.js';

export interface RunnerDeps {
  jobs: JobsRepo;
  files: FileStore;
  settings: SettingsRepo;
  machine: StageMachine;
  events: EventBus;
  deliverer: Deliverer;
  /** Builds the validation environment (installed fonts, metrics) for the current settings. */
  validationEnv: () => ValidationEnv;
  concurrency: number;
  /** Runs stage 1's step on the stored PSD; the worker pool replaces the in-process default. */
  extract?: (psdPath: string, template: TemplateDoc, compName: string | null) => Promise<Stage1Results>;
}

export interface ApproveResult {
  success: true;
  job_id: string;
  requires_validation: boolean;
  validation_url?: string;
  critical_count?: number;
  next_job_id?: string | null;
  message: string;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Runner {
  readonly queue: WorkQueue;
  private readonly templateCache = new Map<string, TemplateDoc>();

  constructor(private readonly d: RunnerDeps) {
    this.queue = new WorkQueue(d.concurrency);
  }

  /** Parses a template once per file hash and keeps the TemplateDoc in SQLite and memory. */
  template(sha256: string): TemplateDoc {
    const cached = this.templateCache.get(sha256);
    if (cached) return cached;
    const stored = this.d.jobs.templateDoc(sha256);
    const doc = stored ? (JSON.parse(stored) as TemplateDoc) : extractTemplate(this.d.files.read(sha256));
    if (!stored) this.d.jobs.saveTemplateDoc(sha256, JSON.stringify(doc));
    this.templateCache.set(sha256, doc);
    return doc;
  }

  /** Stage 0 → 1 for a newly created job, then queues its extraction. */
  admit(jobId: string): void {
    this.d.machine.transition({ jobId, from: 0, to: 1, userId: 'system', action: 'ingested', message: 'Upload complete; extraction queued' });
    this.queueStage1(jobId);
  }

  private queueStage1(jobId: string): void {
    this.queue.push(jobId, () => this.runStage1(jobId));
  }

  private async runStage1(jobId: string): Promise<void> {
    const row = this.d.jobs.find(jobId);
    if (!row || row.current_stage !== 1) return;
    try {
      this.progress(row, 0.1, 'Reading PSD');
      const template = this.template(row.template_sha256);
      // By path: extraction reads only the PSD's structure from disk, never its pixels into memory.
      const psdPath = this.d.files.pathOf(row.psd_sha256);
      const results = this.d.extract ? await this.d.extract(psdPath, template, row.comp_name) : extractAndMatchFile(psdPath, template, row.comp_name);
      this.progress(row, 0.9, `Read ${results.psd.layers.length} layers; matched ${results.matches.filter((m) => m.psdLayer).length}/${results.slots.length} slots`);
      const matched = results.matches.filter((m) => m.psdLayer).length;
      this.d.machine.transition({
        jobId,
        from: 1,
        to: 2,
        userId: 'system',
        action: 'extracted',
        message: `Extracted ${results.psd.layers.length} PSD layers and ${results.slots.length} template slots; ${matched} matched automatically`,
        set: { stage1_results: JSON.stringify(results) },
      });
    } catch (e) {
      this.fail(jobId, 1, e);
    }
  }

  private progress(row: JobRow, value: number, detail: string): void {
    this.d.jobs.update(row.job_id, { progress: value });
    this.d.events.emit({ type: 'progress', job_id: row.job_id, batch_id: row.batch_id, stage: row.current_stage, progress: value, detail });
  }

  private fail(jobId: string, stage: number, e: unknown): void {
    const message = errorText(e);
    const row = this.d.jobs.find(jobId);
    if (!row) return;
    this.d.jobs.db.transaction(() => {
      this.d.jobs.update(jobId, { status: 'failed', error: message, progress: null });
      this.d.jobs.log({ jobId, stage, action: 'stage_failed', message: `Stage ${stage} failed: ${message}`, userId: 'system' });
    })();
    this.d.events.emit({ type: 'failed', job_id: jobId, batch_id: row.batch_id, stage, status: 'failed', error: message });
  }

  stage1(jobId: string): Stage1Results {
    const row = this.d.jobs.get(jobId);
    if (!row.stage1_results) throw new ConformError(`Job ${jobId} has no extraction results yet (stage ${row.current_stage}, ${row.status})`, 409, 'not_ready');
    return JSON.parse(row.stage1_results) as Stage1Results;
  }

  /** The spec's approve-stage2: save matches, 2→3, validate, then 3→4 or 3→5. */
  approveStage2(jobId: string, approved: Match[], userId: string, nextAction: string): ApproveResult {
    const row = this.d.jobs.get(jobId);
    const state = stageStateOf(row);
    if (state !== 2) throw new InvalidTransitionError(state, 3);
    const stage1 = row.stage1_results ? (JSON.parse(row.stage1_results) as Stage1Results) : null;
    if (stage1) checkMatchesAgainst(stage1, approved);
    this.d.machine.transition({
      jobId,
      from: 2,
      to: 3,
      userId,
      action: 'stage_approved',
      message: `Stage 2 approved by ${userId}, ${approved.length} matches`,
      set: { stage2_approved_matches: JSON.stringify(approved) },
    });
    return this.runValidation(jobId, userId, nextAction);
  }

  private runValidation(jobId: string, userId: string, nextAction: string): ApproveResult {
    const row = this.d.jobs.get(jobId);
    let report;
    try {
      const stage1 = this.stage1(jobId);
      const approved = JSON.parse(row.stage2_approved_matches ?? '[]') as Match[];
      report = validateJob(stage1, this.template(row.template_sha256), approved, this.d.validationEnv());
    } catch (e) {
      this.fail(jobId, 3, e);
      throw e;
    }
    const critical = hasCriticalIssues(report);
    const summary = `${report.critical_issues.length} critical, ${report.warnings.length} warnings, ${report.info.length} info`;
    if (critical) {
      this.d.machine.transition({
        jobId,
        from: 3,
        to: 4,
        userId,
        action: 'validation_failed',
        message: `Validation found ${summary}; review required`,
        set: { stage3_validation_results: JSON.stringify(report) },
      });
      return {
        success: true,
        job_id: jobId,
        requires_validation: true,
        validation_url: `/validate/${jobId}`,
        message: 'Critical validation issues found. Review required.',
        critical_count: report.critical_issues.length,
      };
    }
    this.d.machine.transition({
      jobId,
      from: 3,
      to: 5,
      userId,
      action: 'validation_passed',
      message: `Validation passed (${summary}); stage 4 skipped`,
      set: { stage3_validation_results: JSON.stringify(report) },
    });
    this.queueStage5(jobId);
    const next = nextAction === 'next_job' ? this.d.jobs.nextInStage2(jobId) : undefined;
    return {
      success: true,
      job_id: jobId,
      requires_validation: false,
      next_job_id: next ? next.job_id : null,
      message: 'Validation passed - proceeding to ExtendScript generation',
    };
  }

  returnToMatching(jobId: string, userId: string): void {
    this.d.machine.transition({
      jobId,
      from: 4,
      to: 2,
      userId,
      action: 'returned_to_matching',
      message: `User ${userId} returned to Stage 2 to fix matches`,
    });
  }

  overrideValidation(jobId: string, userId: string, reason: string): void {
    const row = this.d.jobs.get(jobId);
    const report = row.stage3_validation_results ? JSON.parse(row.stage3_validation_results) : { critical_issues: [] };
    const codes = (report.critical_issues as Array<{ code: string; slotName?: string }>).map((i) => (i.slotName ? `${i.code} (${i.slotName})` : i.code));
    this.d.machine.transition({
      jobId,
      from: 4,
      to: 5,
      userId,
      action: 'validation_overridden',
      message: `User ${userId} overrode validation: ${reason}. Issues overridden: ${codes.join(', ') || 'none'}`,
      set: { stage4_override_reason: reason },
    });
    this.queueStage5(jobId);
  }

  private queueStage5(jobId: string): void {
    this.queue.push(jobId, () => this.runStage5(jobId));
  }

  private async runStage5(jobId: string): Promise<void> {
    const row = this.d.jobs.find(jobId);
    if (!row || row.current_stage !== 5) return;
    try {
      this.progress(row, 0.1, 'Generating ExtendScript');
      const stage1 = this.stage1(jobId);
      const approved = JSON.parse(row.stage2_approved_matches ?? '[]') as Match[];
      const script = await this.d.deliverer.deliver({
        job: row,
        stage1,
        approved,
        template: this.template(row.template_sha256),
        openPsd: () => openLayerDecoderFile(this.d.files.pathOf(row.psd_sha256)),
        templateBytes: () => this.d.files.read(row.template_sha256),
        settings: this.d.settings.get(),
      });
      this.d.machine.transition({
        jobId,
        from: 5,
        to: 6,
        userId: 'system',
        action: 'script_generated',
        message: `ExtendScript generated (${script.length} characters); bundle ready`,
        set: { stage5_extendscript: script },
      });
    } catch (e) {
      this.fail(jobId, 5, e);
    }
  }

  /** Re-runs the automatic work of the stage a failed (or interrupted) job is in. */
  retry(jobId: string, userId: string): { stage: number } {
    const row = this.d.jobs.get(jobId);
    if (row.status !== 'failed') throw new ConformError(`Job ${jobId} has not failed (status ${row.status}); nothing to retry`, 409, 'not_failed');
    const stage = row.current_stage;
    if (stage !== 1 && stage !== 5 && stage !== 3) throw new ConformError(`Stage ${stage} has no automatic work to retry`, 409, 'not_retryable');
    const status = stage === 1 ? 'extracting' : stage === 5 ? 'generating_extendscript' : 'validating';
    this.d.jobs.update(jobId, { status, error: null });
    this.d.jobs.log({ jobId, stage, action: 'retry', message: `Retry of stage ${stage} requested by ${userId}`, userId });
    if (stage === 1) this.queueStage1(jobId);
    else if (stage === 5) this.queueStage5(jobId);
    else this.runValidation(jobId, userId, 'continue');
    return { stage };
  }

  /** Records a download (or an apply in AE) of a stage-6 job and completes it; later downloads just serve. */
  delivered(jobId: string, userId: string, how: string): JobRow {
    const row = this.d.jobs.get(jobId);
    const state = stageStateOf(row);
    if (state === 'complete') return row;
    if (state !== 6) throw new ConformError(`Job ${jobId} has no script yet (stage ${row.current_stage}, ${row.status})`, 409, 'not_ready');
    try {
      return this.d.machine.transition({
        jobId,
        from: 6,
        to: 'complete',
        userId,
        action: how,
        message: `${how === 'applied' ? 'Applied in After Effects' : 'Downloaded'} by ${userId}`,
        set: { stage6_downloaded_at: new Date().toISOString() },
      });
    } catch (e) {
      // A concurrent download completed it first: the file is still served.
      const again = this.d.jobs.get(jobId);
      if (stageStateOf(again) === 'complete') return again;
      throw e;
    }
  }

  /** After a restart: queue the automatic work of jobs that were mid-stage. */
  resume(): number {
    let n = 0;
    for (const row of this.d.jobs.list()) {
      if (row.status === 'failed' || row.status === 'complete') continue;
      if (row.current_stage === 0) {
        this.admit(row.job_id);
        n++;
      } else if (row.current_stage === 1) {
        this.queueStage1(row.job_id);
        n++;
      } else if (row.current_stage === 3) {
        try {
          this.runValidation(row.job_id, 'system', 'continue');
        } catch {
          // fail() already recorded it
        }
        n++;
      } else if (row.current_stage === 5) {
        this.queueStage5(row.job_id);
        n++;
      }
    }
    return n;
  }
}

/** Approved matches must name slots of this job and layers of this PSD. */
function checkMatchesAgainst(stage1: Stage1Results, approved: Match[]): void {
  const slotIds = new Set(stage1.slots.map((s) => s.id));
  const layerIds = new Set(stage1.psd.layers.map((l) => l.id));
  approved.forEach((m, i) => {
    if (!slotIds.has(m.slot.id)) throw new BadInputError(`approved_matches[${i}]: unknown slot "${m.slot.id}"`);
    if (m.psdLayer && !layerIds.has(m.psdLayer.id)) throw new BadInputError(`approved_matches[${i}]: unknown PSD layer id ${m.psdLayer.id}`);
  });
}

