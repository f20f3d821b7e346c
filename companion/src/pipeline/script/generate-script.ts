// Stage 5's pure step: approved matches → one ExtendScript file. The script is the fixed runtime
// (runtime.ts) plus exactly one data literal `var P = {...};` written by shared/es3.ts, inside an
// IIFE, so the script defines no globals and nothing from a file ever sits in a code position.
import type { PsdDoc, PsdLayer } from '../../../../shared/psd.js';
import type { Slot, TemplateDoc } from '../../../../shared/template.js';
import type { FitMode, Match, TextStylePolicy } from '../../../../shared/match.js';
import { es3Literal } from '../../../../shared/es3.js';
import type { Size } from '../../../../shared/fit.js';
import { psdToLayerScale } from '../text-scale.js';
import { RUNTIME } from './runtime.js';

export interface ScriptOptions {
  fit: FitMode;
  textStyle: TextStylePolicy;
  autofit: boolean;
  renderQueue: boolean;
  /** 'open-template': open the bundled template copy and save a new .aep; 'current-project': fill the open project. */
  mode: 'open-template' | 'current-project';
}

export interface ScriptInput {
  jobName: string;
  /** The template copy's file name, relative to the script's folder. */
  templateFile: string;
  /** The .aep to save, relative to the script's folder. */
  outputFile: string;
  template: TemplateDoc;
  comp: { id: number; name: string };
  slots: Slot[];
  psd: PsdDoc;
  matches: Match[];
  /** PSD layer id → PNG path relative to the script's folder (e.g. `assets/12-logo.png`), with its pixel size. */
  assets: Record<number, { file: string; width: number; height: number }>;
  options: ScriptOptions;
}

/** Autofit never shrinks text below this (px in layer space): past it the overflow is reported instead. */
export const MIN_AUTOFIT_FONT_SIZE = 6;

/** What the runtime does for one slot; the runtime's P.slots[i]. */
export interface SlotStep {
  kind: 'text' | 'image';
  label: string;
  via: Array<{ layerIndex: number; layerName: string }>;
  layerIndex: number;
  layerName: string;
  asset?: number;
  fit?: FitMode;
  text?: string;
  style?: { font?: string; fontSize?: number; fillColor?: [number, number, number] } | null;
  autofit?: boolean;
}

export interface ScriptPayload {
  v: 1;
  job: string;
  mode: ScriptOptions['mode'];
  template: string;
  output: string;
  log: string;
  render: string;
  renderQueue: boolean;
  minFontSize: number;
  comp: { id: number; name: string };
  assets: Array<{ file: string; width: number; height: number }>;
  slots: SlotStep[];
}

/** AE separates paragraphs with \r (cep.md §2.7); NUL cannot be set at all. */
export const aeText = (s: string): string => s.replace(/\r\n|\n/g, '\r').replace(/\0/g, '');

const stem = (file: string) => file.replace(/\.[^./]+$/, '');

function holderName(template: TemplateDoc, compId: number, layerIndex: number): string {
  const layer = template.comps.find((c) => c.id === compId)?.layers.find((l) => l.index === layerIndex);
  if (!layer) throw new Error(`generateScript: precomp layer #${layerIndex} of comp ${compId} is not in the template`);
  return layer.name;
}

function textStyle(comp: Size | null, psd: PsdDoc, slot: Slot, layer: PsdLayer, policy: TextStylePolicy): SlotStep['style'] {
  const t = slot.text;
  const run = layer.text?.runs[0];
  if (policy !== 'psd' || !t || !run) return null;
  const k = psdToLayerScale(comp, psd, slot, t);
  const c = run.color;
  return {
    font: run.fontDefaulted ? undefined : run.font,
    fontSize: run.sizeDefaulted ? undefined : Math.round(run.size * k * 100) / 100,
    fillColor: c ? [c.r / 255, c.g / 255, c.b / 255] : undefined,
  };
}

/** The data half of the script, separately testable. */
export function scriptPayload(input: ScriptInput): ScriptPayload {
  const { options } = input;
  const slotsById = new Map(input.slots.map((s) => [s.id, s]));
  const layers = new Map(input.psd.layers.map((l) => [l.id, l]));
  const assetIds = Object.keys(input.assets).map(Number);
  const assetIndex = new Map(assetIds.map((id, i) => [id, i]));
  const comp = input.template.comps.find((c) => c.id === input.comp.id) ?? null;
  const steps: SlotStep[] = [];
  for (const m of input.matches) {
    const slot = slotsById.get(m.slot.id);
    const layer = m.psdLayer ? layers.get(m.psdLayer.id) : undefined;
    if (!slot || !layer) continue;
    const common = {
      label: `${slot.layerName} <- ${layer.name}`,
      via: slot.via.map((h) => ({ layerIndex: h.layerIndex, layerName: holderName(input.template, h.compId, h.layerIndex) })),
      layerIndex: slot.layerIndex,
      layerName: slot.layerName,
    };
    if (slot.kind === 'text') {
      steps.push({
        kind: 'text',
        ...common,
        text: aeText(layer.text?.content ?? layer.name),
        style: textStyle(comp, input.psd, slot, layer, m.textStyle ?? options.textStyle),
        autofit: options.autofit,
      });
    } else {
      const asset = assetIndex.get(layer.id);
      // No PNG (validation's no_pixels, overridden): nothing to place, the slot keeps its footage.
      if (asset === undefined) continue;
      steps.push({ kind: 'image', ...common, asset, fit: m.fit ?? options.fit });
    }
  }
  const base = stem(input.outputFile);
  return {
    v: 1,
    job: input.jobName,
    mode: options.mode,
    template: input.templateFile,
    output: input.outputFile,
    log: options.mode === 'open-template' ? `${base}.log.json` : `${base}.current-project.log.json`,
    render: `${base}.mov`,
    renderQueue: options.renderQueue,
    minFontSize: MIN_AUTOFIT_FONT_SIZE,
    comp: input.comp,
    assets: assetIds.map((id) => input.assets[id]!),
    slots: steps,
  };
}

/** A fixed ES3 runtime plus one data literal `var P = {...};`, ASCII-only. */
export function generateScript(input: ScriptInput): string {
  const P = es3Literal(scriptPayload(input), 'P');
  const script = [
    '// Generated by Conform. Run it from File > Scripts > Run Script File, or from the Conform panel.',
    '// The data it fills the template with is P below; the code after it is the same for every job.',
    '(function () {',
    `var P = ${P};`,
    RUNTIME.trim(),
    '})();',
    '',
  ].join('\n');
  // The literal is ASCII by construction; this guards the runtime text against an edit that is not.
  const bad = /[^\x20-\x7e\n]/.exec(script);
  if (bad) throw new Error(`generateScript: character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index} is not printable ASCII`);
  return script;
}
