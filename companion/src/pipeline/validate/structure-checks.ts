// Checks on the pairing itself rather than on the content: slots left empty, one layer in several
// slots, hidden or wrong-kind layers, keyframes the script cannot overwrite, template footage that is
// a placeholder where nothing replaces it.
import type { Slot } from '../../../../shared/template.js';
import type { ValidationIssue } from '../../../../shared/validation.js';
import { type CheckContext, type Pair, issue, layerLabel, pairLabel, slotLabel } from './issues.js';

const cap = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

/** unmatched_slot: critical when the slot is required, else a warning; `staleLayer` = the match names a layer the PSD lacks. */
export function unmatchedSlotIssue(slot: Slot, staleLayer?: { id: number; name: string }): ValidationIssue {
  if (staleLayer) {
    return issue(
      'unmatched_slot',
      'critical',
      `${cap(slotLabel(slot))} is matched to PSD layer "${staleLayer.name}" (id ${staleLayer.id}), which this PSD does not have; match it again.`,
      { slot, measured: { required: slot.required, missingPsdLayerId: staleLayer.id } },
    );
  }
  const consequence = slot.required ? 'it is required, so the design must fill it' : 'it keeps the template’s own content';
  return issue('unmatched_slot', slot.required ? 'critical' : 'warning', `${cap(slotLabel(slot))} has no PSD layer: ${consequence}.`, {
    slot,
    measured: { required: slot.required, kind: slot.kind },
  });
}

/** duplicate_source: one issue per PSD layer placed in more than one slot. */
export function duplicateSourceIssues(pairs: Pair[]): ValidationIssue[] {
  const byLayer = new Map<number, Pair[]>();
  for (const p of pairs) byLayer.set(p.layer.id, [...(byLayer.get(p.layer.id) ?? []), p]);
  const out: ValidationIssue[] = [];
  for (const group of byLayer.values()) {
    if (group.length < 2) continue;
    const names = group.map((p) => `"${p.slot.layerName}"`).join(', ');
    out.push(
      issue('duplicate_source', 'warning', `${cap(layerLabel(group[0]!.layer))} fills ${group.length} slots (${names}); check that one of them should not take another layer.`, {
        slot: group[0]!.slot,
        layer: group[0]!.layer,
        measured: { slots: group.map((p) => p.slot.id).join(', '), count: group.length },
      }),
    );
  }
  return out;
}

/** hidden_layer_used: the layer is switched off in the design, itself or through a group. */
export function hiddenLayerIssue(p: Pair): ValidationIssue | null {
  if (!p.layer.effectiveHidden) return null;
  const how = p.layer.hidden ? 'is hidden in the design' : `is inside a hidden group (${p.layer.path.map((g) => `"${g}"`).join(' › ')})`;
  return issue('hidden_layer_used', 'warning', `${pairLabel(p)}: the layer ${how}; it may be an old or alternative version.`, {
    slot: p.slot,
    layer: p.layer,
    measured: { hidden: p.layer.hidden, effectiveHidden: true },
  });
}

/** kind_mismatch: a text layer into a picture slot or a picture into a text slot. */
export function kindMismatchIssue(p: Pair): ValidationIssue | null {
  const slotIsText = p.slot.kind === 'text';
  const layerIsText = p.layer.kind === 'text';
  if (slotIsText === layerIsText) return null;
  const message = slotIsText
    ? `${pairLabel(p)}: a text slot needs a text layer, and this is ${p.layer.kind === 'image' ? 'a pixel' : `a ${p.layer.kind}`} layer.`
    : `${pairLabel(p)}: a ${p.slot.kind} slot needs pixels, and this is a text layer; pick an image layer (or rasterize the text in Photoshop).`;
  return issue('kind_mismatch', 'critical', message, { slot: p.slot, layer: p.layer, measured: { slotKind: p.slot.kind, layerKind: p.layer.kind } });
}

/** The transform properties the script sets to fit new pixels into an image slot. */
const FIT_PROPERTIES = new Set(['anchor', 'position', 'scale']);

/** keyframed_property: the script leaves keyframed properties alone (setValue on them throws in AE). */
export function keyframedIssue(p: Pair): ValidationIssue | null {
  if (p.slot.kind === 'text') {
    if (!p.slot.text?.keyframed) return null;
    return issue(
      'keyframed_property',
      'warning',
      `${pairLabel(p)}: the template's Source Text has keyframes, which the script cannot overwrite, so the text will not be replaced; remove the keyframes or pick another slot.`,
      { slot: p.slot, layer: p.layer, measured: { property: 'sourceText' } },
    );
  }
  const fitting = p.slot.animated.filter((a) => FIT_PROPERTIES.has(a));
  if (!p.slot.animated.length) return null;
  const list = p.slot.animated.join(', ');
  if (!fitting.length) {
    return issue('keyframed_property', 'info', `${pairLabel(p)}: the slot's ${list} ${p.slot.animated.length === 1 ? 'is' : 'are'} animated; the animation is kept as it is.`, {
      slot: p.slot,
      layer: p.layer,
      measured: { properties: list },
    });
  }
  return issue(
    'keyframed_property',
    'warning',
    `${pairLabel(p)}: the slot's ${fitting.join(', ')} ${fitting.length === 1 ? 'has' : 'have'} keyframes, which the script leaves alone, so the new image is not re-fitted on ${fitting.length === 1 ? 'it' : 'them'}; check the animation with the new content.`,
    { slot: p.slot, layer: p.layer, measured: { properties: list, skipped: fitting.join(', ') } },
  );
}

/**
 * missing_footage (info) for slots nothing replaces: a placeholder item (its file was missing when
 * the template was saved) or file footage without a path. Whether an absolute path exists on this
 * machine is not knowable here; the panel checks that in After Effects.
 */
export function missingFootageIssue(ctx: CheckContext, slot: Slot): ValidationIssue | null {
  const comp = ctx.doc.comps.find((c) => c.id === slot.compId);
  const layer = comp?.layers.find((l) => l.index === slot.layerIndex);
  const item = layer?.sourceId != null ? ctx.doc.items.find((i) => i.id === layer.sourceId) : undefined;
  const f = item?.footage;
  if (!f) return null;
  if (f.kind === 'placeholder') {
    return issue('missing_footage', 'info', `${cap(slotLabel(slot))} shows the placeholder "${item!.name}" (its footage was missing when the template was saved) and no PSD layer replaces it.`, {
      slot,
      measured: { footage: item!.name, kind: 'placeholder' },
    });
  }
  if (f.kind === 'file' && !f.path) {
    return issue('missing_footage', 'info', `${cap(slotLabel(slot))} uses footage "${item!.name}" whose file path is not stored in the template, and no PSD layer replaces it.`, {
      slot,
      measured: { footage: item!.name, kind: 'file' },
    });
  }
  return null;
}
