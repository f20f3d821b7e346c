// Stage 1: read the design, find the template's slots, and propose matches. Pure: bytes (or the path
// of the stored PSD) and a parsed template in, Stage1Results out.
import type { Stage1Results } from '../../../shared/job.js';
import type { PsdDoc } from '../../../shared/psd.js';
import type { TemplateDoc } from '../../../shared/template.js';
import { BadInputError } from '../errors.js';
import { extractPsd, extractPsdFile } from './psd/extract-psd.js';
import { defaultTargetComp, findSlots } from './template/find-slots.js';
import { matchLayers } from './match/match-layers.js';

export function resolveTargetComp(template: TemplateDoc, compName: string | null | undefined) {
  const name = compName ?? defaultTargetComp(template);
  const comp = template.comps.find((c) => c.name === name);
  if (!comp) {
    const names = template.comps.map((c) => `"${c.name}"`).join(', ') || 'none';
    throw new BadInputError(`Template has no composition ${name ? `"${name}"` : 'to fill'} (compositions: ${names})`);
  }
  return comp;
}

export function extractAndMatch(psdBytes: Uint8Array, template: TemplateDoc, compName: string | null): Stage1Results {
  return matchExtracted(template, compName, () => extractPsd(psdBytes));
}

/**
 * extractAndMatch reading the PSD from its path: only the structure is read from disk (no pixel
 * data), so memory does not grow with the file — prefer it over reading the file into bytes first.
 */
export function extractAndMatchFile(psdPath: string, template: TemplateDoc, compName: string | null): Stage1Results {
  return matchExtracted(template, compName, () => extractPsdFile(psdPath));
}

function matchExtracted(template: TemplateDoc, compName: string | null, extract: () => PsdDoc): Stage1Results {
  const comp = resolveTargetComp(template, compName);
  const slots = findSlots(template, comp.name);
  const psd = extract();
  const { matches, unmatchedPsdLayers } = matchLayers(psd, slots);
  return {
    psd,
    comp: { id: comp.id, name: comp.name, width: comp.width, height: comp.height, frameRate: comp.frameRate },
    slots,
    matches,
    unmatchedPsdLayers,
    templateWarnings: template.warnings,
  };
}
