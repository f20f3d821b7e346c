// What every check shares: the resolved pairs (slot ← PSD layer), how issues name them, the
// settings' severity re-mapping and one deterministic order.
import type { Match } from '../../../../shared/match.js';
import type { PsdDoc, PsdLayer } from '../../../../shared/psd.js';
import type { CompDoc, Slot, TemplateDoc } from '../../../../shared/template.js';
import type { IssueCode, Severity, ValidationEnv, ValidationIssue, ValidationReport, ValidationSettings } from '../../../../shared/validation.js';

export interface CheckContext {
  psd: PsdDoc;
  doc: TemplateDoc;
  /** The target comp, when the template has it. */
  comp: CompDoc | null;
  slots: Slot[];
  env: ValidationEnv;
  /** env.settings with defaults for fields an older settings record lacks. */
  settings: ValidationSettings;
}

/** An approved match resolved to its slot and PSD layer. */
export interface Pair {
  slot: Slot;
  match: Match;
  layer: PsdLayer;
}

export interface IssueInput {
  slot?: Slot;
  layer?: PsdLayer;
  measured?: ValidationIssue['measured'];
  threshold?: ValidationIssue['threshold'];
}

export function issue(code: IssueCode, severity: Severity, message: string, at: IssueInput = {}): ValidationIssue {
  const out: ValidationIssue = { code, severity, message };
  if (at.slot) {
    out.slotId = at.slot.id;
    out.slotName = at.slot.layerName;
  }
  if (at.layer) {
    out.psdLayerId = at.layer.id;
    out.psdLayerName = at.layer.name;
  }
  if (at.measured) out.measured = at.measured;
  if (at.threshold) out.threshold = at.threshold;
  return out;
}

/** `slot "Logo"`, with the precomp it sits in when that is not the target comp. */
export function slotLabel(slot: Slot): string {
  return slot.compName === slot.targetComp ? `slot "${slot.layerName}"` : `slot "${slot.layerName}" (in precomp "${slot.compName}")`;
}

export function layerLabel(layer: PsdLayer): string {
  return `PSD layer "${layer.name}" (id ${layer.id})`;
}

/** `Slot "Logo" ← PSD layer "logo" (id 12)`: how a message about one pair starts. */
export function pairLabel(p: { slot: Slot; layer: PsdLayer }): string {
  const s = slotLabel(p.slot);
  return `${s[0]!.toUpperCase()}${s.slice(1)} ← ${layerLabel(p.layer)}`;
}

export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export const px = (x: number): string => `${Math.round(x)}`;

/**
 * settings.criticalCodes raise warnings of those codes to critical; settings.warningCodes lower
 * critical issues to warnings (criticalCodes wins when a code is in both). Info issues are notes
 * (e.g. "fonts were not checked"), never re-mapped.
 */
export function remapSeverity(i: ValidationIssue, s: ValidationSettings): ValidationIssue {
  if (i.severity === 'info') return i;
  if (s.criticalCodes.includes(i.code)) return i.severity === 'critical' ? i : { ...i, severity: 'critical' };
  if (s.warningCodes.includes(i.code) && i.severity === 'critical') return { ...i, severity: 'warning' };
  return i;
}

// Code-unit order, not localeCompare: the same on every machine.
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const CODE_ORDER: IssueCode[] = [
  'unmatched_slot',
  'kind_mismatch',
  'no_pixels',
  'colour_mode',
  'missing_font',
  'empty_text',
  'text_overflow',
  'aspect_ratio_mismatch',
  'upscaled',
  'hidden_layer_used',
  'duplicate_source',
  'keyframed_property',
  'missing_footage',
];

/**
 * One order for every run: issues about the whole design first, then by slot in the template's
 * order, then by code (above), PSD layer id and message.
 */
export function sortIssues(issues: ValidationIssue[], slots: Slot[]): ValidationIssue[] {
  const slotOrder = new Map(slots.map((s, i) => [s.id, i]));
  const key = (i: ValidationIssue) => (i.slotId === undefined ? -1 : (slotOrder.get(i.slotId) ?? slots.length));
  return [...issues].sort(
    (a, b) =>
      key(a) - key(b) ||
      cmp(a.slotId ?? '', b.slotId ?? '') ||
      CODE_ORDER.indexOf(a.code) - CODE_ORDER.indexOf(b.code) ||
      (a.psdLayerId ?? -1) - (b.psdLayerId ?? -1) ||
      cmp(a.message, b.message),
  );
}

export function toReport(issues: ValidationIssue[], slots: Slot[], settings: ValidationSettings): ValidationReport {
  const sorted = sortIssues(
    issues.map((i) => remapSeverity(i, settings)),
    slots,
  );
  return {
    critical_issues: sorted.filter((i) => i.severity === 'critical'),
    warnings: sorted.filter((i) => i.severity === 'warning'),
    info: sorted.filter((i) => i.severity === 'info'),
  };
}
