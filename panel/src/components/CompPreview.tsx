// The template composition drawn to scale: each slot's box (comp pixels) holds what it will show,
// the matched layer's thumbnail or its text. Texts are text nodes, never markup.
import type { Stage1Results } from '../../../shared/job.js';
import type { Match } from '../../../shared/match.js';
import type { PsdLayer } from '../../../shared/psd.js';
import type { Slot } from '../../../shared/template.js';
import { useThumb } from '../thumbs.js';

interface Props {
  jobId: string;
  comp: Stage1Results['comp'];
  slots: Slot[];
  matches: Match[];
  layers: PsdLayer[];
  highlight?: string | null;
  label: string;
}

function SlotBox({ jobId, slot, match, layer, comp, lit }: { jobId: string; slot: Slot; match?: Match; layer?: PsdLayer; comp: Props['comp']; lit: boolean }) {
  const b = slot.box;
  const style = {
    left: `${(b.left / comp.width) * 100}%`,
    top: `${(b.top / comp.height) * 100}%`,
    width: `${((b.right - b.left) / comp.width) * 100}%`,
    height: `${((b.bottom - b.top) / comp.height) * 100}%`,
  };
  const isText = slot.kind === 'text';
  const thumb = useThumb(jobId, !isText && layer ? layer.id : null);
  const fit = match?.fit === 'cover' ? 'cover' : match?.fit === 'stretch' ? 'fill' : 'contain';
  return (
    <div class={`pv-slot${layer ? ' pv-filled' : ''}${lit ? ' pv-lit' : ''}`} style={style} title={`${slot.layerName}${layer ? ` ← ${layer.name}` : ' (empty)'}`}>
      {isText && layer ? <span class="pv-text">{layer.text?.content ?? layer.name}</span> : null}
      {!isText && thumb ? <img src={thumb} alt="" style={{ objectFit: fit }} /> : null}
      {!layer ? <span class="pv-empty">{slot.layerName}</span> : null}
    </div>
  );
}

export function CompPreview({ jobId, comp, slots, matches, layers, highlight, label }: Props) {
  const bySlot = new Map(matches.map((m) => [m.slot.id, m]));
  const byId = new Map(layers.map((l) => [l.id, l]));
  return (
    // Height capped near 440 px, so a portrait comp does not push the actions off screen.
    <figure class="preview" style={{ maxWidth: `${Math.round((440 * comp.width) / comp.height)}px` }}>
      <div class="pv-frame" style={{ paddingTop: `${(comp.height / comp.width) * 100}%` }} role="img" aria-label={label}>
        {/* Bottom layers first, so the DOM stacks them as AE does (layer 1 on top). */}
        {[...slots].sort((a, b) => b.layerIndex - a.layerIndex).map((s) => {
          const m = bySlot.get(s.id);
          return <SlotBox key={s.id} jobId={jobId} slot={s} match={m} layer={m?.psdLayer ? byId.get(m.psdLayer.id) : undefined} comp={comp} lit={highlight === s.id} />;
        })}
      </div>
      <figcaption class="muted">
        {comp.name}: {comp.width}×{comp.height}, {slots.length} slots
      </figcaption>
    </figure>
  );
}
