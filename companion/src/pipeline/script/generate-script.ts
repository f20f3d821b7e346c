import type { PsdDoc } from '../../../../shared/psd.js';
import type { Slot, TemplateDoc } from '../../../../shared/template.js';
import type { FitMode, Match, TextStylePolicy } from '../../../../shared/match.js';

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

/** A fixed ES3 runtime plus one data literal `var P = {...};`. (stub: being written) */
export function generateScript(_input: ScriptInput): string {
  throw new Error('generateScript: not implemented yet');
}
