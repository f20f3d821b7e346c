// Stage 3: compare each approved match's content with the slot it fills, before anything touches
// After Effects. Pure: the environment (installed fonts, font metrics, settings) comes in `env`.
import type { Match } from '../../../../shared/match.js';
import type { PsdDoc, PsdLayer } from '../../../../shared/psd.js';
import { DEFAULT_SETTINGS } from '../../../../shared/settings.js';
import type { Slot, TemplateDoc } from '../../../../shared/template.js';
import type { ValidationEnv, ValidationIssue, ValidationReport } from '../../../../shared/validation.js';
import { approximateColourIssue, aspectRatioIssue, noPixelsIssue, undecodablePixelsIssue, upscaleIssue } from './image-checks.js';
import { type CheckContext, type Pair, toReport } from './issues.js';
import { duplicateSourceIssues, hiddenLayerIssue, keyframedIssue, kindMismatchIssue, missingFootageIssue, unmatchedSlotIssue } from './structure-checks.js';
import { emptyTextIssue, fontsNotCheckedIssue, missingFontIssues, textOverflowIssue } from './text-checks.js';

export interface ValidationTarget {
  doc: TemplateDoc;
  comp: string;
  slots: Slot[];
}

type Found<T> = T | null | undefined;
const present = <T>(xs: Found<T>[]): T[] => xs.filter((x): x is T => x !== null && x !== undefined);

function imageChecks(ctx: CheckContext, p: Pair): Found<ValidationIssue>[] {
  const undecodable = undecodablePixelsIssue(ctx, p);
  if (undecodable) return [undecodable];
  const empty = noPixelsIssue(ctx, p);
  if (empty) return [empty];
  // a colour / gradient / pattern fill looks the same cropped, stretched or enlarged
  if (p.layer.kind === 'fill') return [];
  return [aspectRatioIssue(ctx, p), upscaleIssue(ctx, p)];
}

function textChecks(ctx: CheckContext, p: Pair): Found<ValidationIssue>[] {
  const empty = emptyTextIssue(p);
  return [...missingFontIssues(ctx, p), empty, empty ? null : textOverflowIssue(ctx, p)];
}

/** Compare each approved match's content with the slot it fills. */
export function validate(psd: PsdDoc, template: ValidationTarget, approved: Match[], env: ValidationEnv): ValidationReport {
  const settings = { ...DEFAULT_SETTINGS.validation, ...env.settings };
  const ctx: CheckContext = {
    psd,
    doc: template.doc,
    comp: template.doc.comps.find((c) => c.name === template.comp) ?? null,
    slots: template.slots,
    env,
    settings,
  };
  const layers = new Map<number, PsdLayer>(psd.layers.map((l) => [l.id, l]));
  // the first match for a slot wins, as in the review screen (one row per slot)
  const matchOf = new Map<string, Match>();
  for (const m of approved) if (!matchOf.has(m.slot.id)) matchOf.set(m.slot.id, m);

  const issues: Found<ValidationIssue>[] = [];
  const pairs: Pair[] = [];
  for (const slot of template.slots) {
    const match = matchOf.get(slot.id);
    const ref = match?.psdLayer;
    const layer = ref ? layers.get(ref.id) : undefined;
    if (!match || !ref) issues.push(unmatchedSlotIssue(slot), missingFootageIssue(ctx, slot));
    else if (!layer) issues.push(unmatchedSlotIssue(slot, ref));
    else pairs.push({ slot, match, layer });
  }
  issues.push(...duplicateSourceIssues(pairs));

  const imagePairs: Pair[] = [];
  const textPairs: Pair[] = [];
  for (const p of pairs) {
    issues.push(hiddenLayerIssue(p), keyframedIssue(p));
    const mismatch = kindMismatchIssue(p);
    if (mismatch) {
      issues.push(mismatch);
      continue;
    }
    if (p.slot.kind === 'text') {
      textPairs.push(p);
      issues.push(...textChecks(ctx, p));
    } else {
      imagePairs.push(p);
      issues.push(...imageChecks(ctx, p));
    }
  }
  issues.push(approximateColourIssue(ctx, imagePairs), fontsNotCheckedIssue(ctx, textPairs));
  return toReport(present(issues), template.slots, settings);
}
