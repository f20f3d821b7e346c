import type { Slot, TemplateDoc } from '../../../../shared/template.js';

/** The layers a design can fill in the target comp (default: the root comp with the most slots). (stub) */
export function findSlots(_template: TemplateDoc, _compName?: string): Slot[] {
  throw new Error('findSlots: not implemented yet');
}

/** The comp findSlots targets when none is named. (stub) */
export function defaultTargetComp(_template: TemplateDoc): string | null {
  throw new Error('defaultTargetComp: not implemented yet');
}
