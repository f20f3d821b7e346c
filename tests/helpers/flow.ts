// Helpers for end-to-end API flows: a template's slots, a design made to fit them, uploads, waits.
import fs from 'node:fs';
import path from 'node:path';
import type { Slot } from '../../shared/template.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { AEPX_CORPUS } from './corpus.js';
import { makeDesign, type DesignLayer } from './designs.js';
import type { TestCompanion } from './server.js';

export const EDFORMAN = 'edforman_test-correct_ae25.5.aepx';

export function templateSlots(file: string, comp?: string): { bytes: Uint8Array; slots: Slot[]; width: number; height: number } {
  const bytes = new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, file)));
  const doc = extractTemplate(bytes);
  const slots = findSlots(doc, comp);
  const target = doc.comps.find((c) => c.name === slots[0]?.targetComp)!;
  return { bytes, slots, width: target.width, height: target.height };
}

/** A design with one layer per slot, on the slot's box, named like the slot. `square` makes that image slot's layer 1:1. */
export function fittingDesign(t: { slots: Slot[]; width: number; height: number }, opts: { square?: string; texts?: Record<string, string> } = {}): Uint8Array {
  const layers: DesignLayer[] = t.slots.map((s, i) => {
    const box = { ...s.box };
    if (s.kind !== 'text' && s.id === opts.square) {
      const side = Math.min(box.right - box.left, box.bottom - box.top);
      box.right = box.left + side;
      box.bottom = box.top + side;
    }
    if (s.kind === 'text') {
      const h = Math.max(20, (s.text?.fontSize ?? 40) * 1.2);
      return { name: s.layerName, kind: 'text', box: { left: box.left, top: box.top, right: box.left + Math.min(box.right - box.left, 300), bottom: box.top + h }, text: opts.texts?.[s.id] ?? `Name ${i + 1}`, font: s.text?.font, size: s.text?.fontSize };
    }
    return { name: s.layerName, kind: 'image', box };
  });
  return makeDesign(t.width, t.height, layers);
}

export async function uploadBatch(t: TestCompanion, template: { name: string; bytes: Uint8Array }, psds: Array<{ name: string; bytes: Uint8Array }>): Promise<{ batch_id: string; jobs: Array<{ job_id: string; name: string }> }> {
  const form = new FormData();
  form.append('template', new Blob([template.bytes as Uint8Array<ArrayBuffer>]), template.name);
  for (const p of psds) form.append('psd', new Blob([p.bytes as Uint8Array<ArrayBuffer>]), p.name);
  const r = await t.json('/api/batches', { method: 'POST', body: form });
  if (r.status !== 201) throw new Error(`upload failed ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function job(t: TestCompanion, id: string) {
  return (await t.json(`/api/job/${id}`)).body.job;
}

/** The proposed matches of a job in stage 2, as the panel would approve them untouched. */
export async function proposedMatches(t: TestCompanion, id: string) {
  return (await t.json(`/api/job/${id}/matches`)).body.matches;
}
