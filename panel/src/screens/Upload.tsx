// One template and many designs, dropped or picked, sent as one batch with progress per file.
import { useState } from 'preact/hooks';
import { setFlash } from '../flash.js';
import { navigate, href } from '../router.js';
import { perFileProgress, uploadBatch } from '../upload.js';
import { Notice } from '../components/Notice.js';

const isTemplate = (f: File) => /\.(aepx|aep)$/i.test(f.name);
const isDesign = (f: File) => /\.(psd|psb)$/i.test(f.name);

const size = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function Upload() {
  const [template, setTemplate] = useState<File | null>(null);
  const [psds, setPsds] = useState<File[]>([]);
  const [progress, setProgress] = useState<number[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const busy = progress !== null;

  const add = (files: File[]) => {
    const ignored = files.filter((f) => !isTemplate(f) && !isDesign(f));
    const t = files.find(isTemplate);
    if (t) setTemplate(t);
    const designs = files.filter(isDesign);
    if (designs.length) setPsds((old) => [...old.filter((o) => !designs.some((d) => d.name === o.name)), ...designs]);
    setError(ignored.length ? `Not a template or design, left out: ${ignored.map((f) => f.name).join(', ')}` : null);
  };

  const send = async () => {
    if (!template || !psds.length) return;
    setError(null);
    const sizes = [template.size, ...psds.map((p) => p.size)];
    setProgress(sizes.map(() => 0));
    try {
      const r = await uploadBatch(template, psds, (sent, total) => setProgress(perFileProgress(sizes, sent, total)));
      setFlash(`Batch uploaded: ${r.jobs.length} design${r.jobs.length === 1 ? ' is' : 's are'} being read.`);
      navigate(href.dashboard());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setProgress(null);
    }
  };

  const files = template ? [template, ...psds] : psds;
  const pct = (i: number) => (progress ? progress[template ? i : i + 1] ?? 0 : 0);

  return (
    <section aria-labelledby="up-title">
      <div class="screen-head">
        <h1 id="up-title">Upload a batch</h1>
      </div>
      <p class="muted">One After Effects template and the Photoshop designs to put into it. Each design becomes one job.</p>
      <div
        class={`drop${over ? ' drop-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          add([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <p>Drop the template and designs here, or pick them:</p>
        <div class="pickers">
          <label class="picker">
            <span>Template (.aepx or .aep)</span>
            <input type="file" name="template" accept=".aepx,.aep" disabled={busy} onChange={(e) => add([...((e.target as HTMLInputElement).files ?? [])])} />
          </label>
          <label class="picker">
            <span>Designs (.psd, .psb)</span>
            <input type="file" name="psd" accept=".psd,.psb" multiple disabled={busy} onChange={(e) => add([...((e.target as HTMLInputElement).files ?? [])])} />
          </label>
        </div>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {files.length > 0 && (
        <ul class="files" aria-label="Files to upload">
          {files.map((f, i) => (
            <li key={f.name} class="file">
              <span class="file-kind">{isTemplate(f) ? 'Template' : 'Design'}</span>
              <span class="file-name">{f.name}</span>
              <span class="muted">{size(f.size)}</span>
              <progress max={1} value={pct(i)} aria-label={`Upload of ${f.name}`} />
              {!busy && (
                <button type="button" class="btn btn-small btn-quiet" aria-label={`Remove ${f.name}`} onClick={() => (isTemplate(f) ? setTemplate(null) : setPsds((p) => p.filter((x) => x !== f)))}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="button" class="btn btn-primary" disabled={busy || !template || !psds.length} onClick={send}>
          {busy ? 'Uploading…' : `Upload ${psds.length || ''} design${psds.length === 1 ? '' : 's'}`}
        </button>
        {!template && <span class="muted">Add a template.</span>}
        {template && !psds.length && <span class="muted">Add at least one design.</span>}
      </div>
    </section>
  );
}
