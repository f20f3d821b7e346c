// Stage 2: template slots on one side, the design's layers on the other. A match is changed by
// picking a layer in the slot's list or dragging a layer onto the slot; saving sends the spec's
// approve-stage2 with next_action, and the answer decides where the editor goes next.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { JobDetail, Stage1Results } from '../../../shared/job.js';
import type { Match, PsdLayerRef } from '../../../shared/match.js';
import type { PsdLayer } from '../../../shared/psd.js';
import type { Slot } from '../../../shared/template.js';
import { api, ok, userId } from '../api.js';
import { setFlash } from '../flash.js';
import { confidenceBand, STATUS_LABELS } from '../progress.js';
import { fromServerUrl, href, navigate } from '../router.js';
import { useThumb } from '../thumbs.js';
import { useLoad } from '../use-load.js';
import { CompPreview } from '../components/CompPreview.js';
import { Loading, Notice } from '../components/Notice.js';

type MatchesAnswer = Pick<Stage1Results, 'comp' | 'slots' | 'matches' | 'psd' | 'unmatchedPsdLayers'> & { approved: Match[] | null };

interface ApproveAnswer {
  requires_validation: boolean;
  validation_url?: string;
  critical_count?: number;
  next_job_id?: string | null;
}

const ref = (l: PsdLayer): PsdLayerRef => ({ id: l.id, name: l.name, path: l.path, order: l.order });
const layerLabel = (l: Pick<PsdLayer, 'name' | 'path'>) => [...l.path, l.name].join(' / ');
const DRAG_TYPE = 'application/x-conform-layer';

function Thumb({ jobId, layer }: { jobId: string; layer: PsdLayer }) {
  const url = useThumb(jobId, layer.kind === 'text' ? null : layer.id);
  if (layer.kind === 'text') return <span class="thumb thumb-text" aria-hidden="true">T</span>;
  return url ? <img class="thumb" src={url} alt="" /> : <span class="thumb" aria-hidden="true" />;
}

function SlotRow(p: { jobId: string; slot: Slot; match: Match; layers: PsdLayer[]; lit: boolean; onHover: (id: string | null) => void; onPick: (layerId: number | null) => void }) {
  const { slot, match } = p;
  const [dropping, setDropping] = useState(false);
  const band = confidenceBand(match.confidence);
  const selectId = `slot-${slot.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <li
      class={`slot${dropping ? ' slot-drop' : ''}${p.lit ? ' slot-lit' : ''}`}
      data-slot={slot.id}
      onMouseEnter={() => p.onHover(slot.id)}
      onMouseLeave={() => p.onHover(null)}
      onDragOver={(e) => {
        if (e.dataTransfer?.types.includes(DRAG_TYPE)) {
          e.preventDefault();
          setDropping(true);
        }
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDropping(false);
        const id = Number(e.dataTransfer?.getData(DRAG_TYPE));
        if (Number.isInteger(id)) p.onPick(id);
      }}
    >
      <div class="slot-head">
        <label for={selectId} class="slot-name">
          {slot.layerName}
          {slot.required && <span class="req"> (required)</span>}
        </label>
        <span class="kind">{slot.kind}</span>
        <span class={`conf conf-${band}`} title="How sure the matcher is">
          {Math.round(match.confidence * 100)}%<span class="sr-only"> confidence, {band}</span>
        </span>
      </div>
      <div class="slot-pick">
        <select id={selectId} value={match.psdLayer ? String(match.psdLayer.id) : ''} onFocus={() => p.onHover(slot.id)} onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          p.onPick(v === '' ? null : Number(v));
        }}>
          <option value="">— No layer —</option>
          {p.layers.map((l) => (
            <option key={l.id} value={String(l.id)}>
              {layerLabel(l)}
              {l.kind === 'text' ? ' (text)' : ''}
            </option>
          ))}
        </select>
        <button type="button" class="btn btn-small btn-quiet" disabled={!match.psdLayer} aria-label={`Clear the match of ${slot.layerName}`} onClick={() => p.onPick(null)}>
          Clear
        </button>
      </div>
      {match.reasons.length > 0 && (
        <ul class="reasons">
          {match.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

function LayerItem({ jobId, layer, usedBy }: { jobId: string; layer: PsdLayer; usedBy: string[] }) {
  return (
    <li
      class={`layer${usedBy.length ? ' layer-used' : ''}`}
      draggable
      data-layer={layer.id}
      onDragStart={(e) => {
        e.dataTransfer?.setData(DRAG_TYPE, String(layer.id));
        e.dataTransfer?.setData('text/plain', layer.name);
      }}
    >
      <Thumb jobId={jobId} layer={layer} />
      <div class="layer-info">
        <span class="layer-name">{layerLabel(layer)}</span>
        <span class="muted">
          {layer.kind}
          {layer.effectiveHidden ? ', hidden' : ''}
          {usedBy.length ? ` → ${usedBy.join(', ')}` : ''}
        </span>
        {layer.text && <span class="layer-text">{layer.text.content}</span>}
      </div>
    </li>
  );
}

export function ReviewMatching({ id }: { id: string }) {
  const { data, error } = useLoad(
    async () => {
      const [m, j] = await Promise.all([
        ok<MatchesAnswer>(api.api.job[':id'].matches.$get({ param: { id } })),
        ok<{ job: JobDetail }>(api.api.job[':id'].$get({ param: { id } })),
      ]);
      return { ...m, job: j.job };
    },
    [id],
  );
  const [matches, setMatches] = useState<Match[]>([]);
  const [lit, setLit] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    if (!data) return;
    // A job sent back from validation starts from what was approved last time.
    const start = data.approved ?? data.matches;
    setMatches(data.slots.map((s) => start.find((m) => m.slot.id === s.id) ?? { slot: { id: s.id, comp: s.compName, layerIndex: s.layerIndex, layerName: s.layerName, kind: s.kind }, psdLayer: null, confidence: 1, reasons: [] }));
  }, [data]);

  const layers = useMemo(() => (data ? data.psd.layers.filter((l) => l.kind !== 'group' && l.kind !== 'adjustment') : []), [data]);
  const byId = useMemo(() => new Map(layers.map((l) => [l.id, l])), [layers]);

  if (error) return <Notice tone="error">Could not load the matches of job {id}: {error}</Notice>;
  if (!data) return <Loading what="matches" />;
  const { job } = data;
  if (job.current_stage !== 2 || job.status !== 'awaiting_review') {
    return (
      <Notice tone="warn">
        {job.name} is not waiting for a matching review (now: {STATUS_LABELS[job.status] ?? job.status}). <a href={href.dashboard()}>Back to the jobs</a>
      </Notice>
    );
  }

  const pick = (slotId: string, layerId: number | null) =>
    setMatches((ms) =>
      ms.map((m) => {
        if (m.slot.id !== slotId) return m;
        const l = layerId === null ? null : byId.get(layerId);
        if (layerId !== null && !l) return m;
        return { ...m, psdLayer: l ? ref(l) : null, confidence: 1, reasons: [l ? 'Chosen in review' : 'Left empty in review'] };
      }),
    );

  const usedBy = new Map<number, string[]>();
  for (const m of matches) if (m.psdLayer) usedBy.set(m.psdLayer.id, [...(usedBy.get(m.psdLayer.id) ?? []), m.slot.layerName]);

  const save = async (next: 'next_job' | 'dashboard') => {
    setBusy(true);
    setSaveError(null);
    try {
      const r = await ok<ApproveAnswer>(api.api.job[':id']['approve-stage2'].$post({ param: { id }, json: { approved_matches: matches, user_id: userId(), next_action: next } }));
      if (r.requires_validation) {
        setFlash(`${r.critical_count ?? 'Some'} critical issue(s) found in ${job.name}: review them before it goes on.`, 'warn');
        navigate(r.validation_url ? fromServerUrl(r.validation_url) : href.validate(id));
      } else if (next === 'next_job' && r.next_job_id) {
        setFlash(`${job.name} approved. Next design:`);
        navigate(href.review(r.next_job_id));
      } else {
        setFlash(next === 'next_job' ? `${job.name} approved. No more designs to review.` : `${job.name} approved.`);
        navigate(href.dashboard());
      }
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  const matched = matches.filter((m) => m.psdLayer).length;
  return (
    <section aria-labelledby="rv-title" class="review">
      <div class="screen-head">
        <h1 id="rv-title">
          Review matches: <span class="job-name">{job.name}</span>
        </h1>
        <span class="muted">
          {matched} of {matches.length} slots filled
        </span>
      </div>
      <div class="review-grid">
        <div class="col">
          <h2>Template slots</h2>
          <ul class="slots">
            {data.slots.map((s) => {
              const m = matches.find((x) => x.slot.id === s.id);
              return m ? <SlotRow key={s.id} jobId={id} slot={s} match={m} layers={layers} lit={lit === s.id} onHover={setLit} onPick={(l) => pick(s.id, l)} /> : null;
            })}
          </ul>
        </div>
        <div class="col">
          <h2>Design layers</h2>
          <p class="muted hint">Drag a layer onto a slot, or pick it in the slot's list.</p>
          {layers.length === 0 ? (
            <p class="muted">This design has no usable layers.</p>
          ) : (
            <ul class="layers">
              {layers.map((l) => (
                <LayerItem key={l.id} jobId={id} layer={l} usedBy={usedBy.get(l.id) ?? []} />
              ))}
            </ul>
          )}
        </div>
        <div class="col col-preview">
          <h2>Preview</h2>
          <CompPreview jobId={id} comp={data.comp} slots={data.slots} matches={matches} layers={data.psd.layers} highlight={lit} label={`Layout of ${data.comp.name} with the chosen layers`} />
        </div>
      </div>
      {saveError && <Notice tone="error">Not saved: {saveError}</Notice>}
      <div class="actions sticky">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => save('next_job')}>
          Save & next
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => save('dashboard')}>
          Save & dashboard
        </button>
        <a class="btn btn-quiet" href={href.dashboard()}>
          Cancel
        </a>
      </div>
    </section>
  );
}
