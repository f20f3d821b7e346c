// `conform inspect x.aepx` without --json: the project's items and comps as an indented tree, with the
// target comp's slots marked.
import type { CompDoc, Slot, TemplateDoc, TemplateItem, TemplateLayer } from '../../../../shared/template.js';

export function formatTemplateTree(doc: TemplateDoc, slots: Slot[]): string {
  const lines: string[] = [];
  lines.push(`After Effects ${doc.aeVersion ?? '?'} project (.${doc.format}), ${doc.bitsPerChannel} bpc`);
  lines.push(`Items (${doc.items.length}):`);
  const kids = new Map<number, TemplateItem[]>();
  for (const it of doc.items) {
    const p = it.parentId ?? 0;
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p)!.push(it);
  }
  const walk = (parent: number, depth: number, seen: Set<number>): void => {
    for (const it of kids.get(parent) ?? []) {
      lines.push(`${'  '.repeat(depth + 1)}${describeItem(it, doc)}`);
      if (it.type === 'folder' && !seen.has(it.id)) walk(it.id, depth + 1, new Set([...seen, it.id]));
    }
  };
  walk(0, 0, new Set());
  const slotAt = new Map(slots.map((s) => [`${s.compId}#${s.layerIndex}`, s]));
  for (const c of doc.comps) {
    lines.push('');
    lines.push(describeComp(c, slots[0]?.targetComp === c.name));
    for (const l of c.layers) lines.push(`  ${describeLayer(l, slotAt.get(`${c.id}#${l.index}`))}`);
  }
  lines.push('');
  if (slots.length) {
    lines.push(`Slots in "${slots[0]!.targetComp}" (${slots.length}):`);
    for (const s of slots) {
      const b = s.box;
      const req = s.required ? ' required' : '';
      const text = s.text ? `  "${oneLine(s.text.text)}" ${s.text.font} ${s.text.fontSize}px ${s.text.justification}` : '';
      lines.push(`  ${s.id}  ${s.kind}${req}  "${s.layerName}"  [${b.left}, ${b.top}, ${b.right}, ${b.bottom}]${text}`);
    }
  } else lines.push('Slots: none');
  for (const w of doc.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

function describeItem(it: TemplateItem, doc: TemplateDoc): string {
  if (it.type === 'folder') return `[folder] ${it.name}`;
  if (it.type === 'comp') {
    const c = doc.comps.find((x) => x.id === it.id);
    return `[comp] ${it.name}${c ? `  ${c.width}×${c.height}` : ''}  (id ${it.id})`;
  }
  const f = it.footage;
  if (!f) return `[footage] ${it.name}  (id ${it.id})`;
  const size = f.width ? `  ${f.width}×${f.height}` : '';
  if (f.kind === 'solid') return `[solid] ${it.name}${size}  rgb(${(f.color ?? [0, 0, 0]).map((x) => Math.round(x * 255)).join(', ')})  (id ${it.id})`;
  if (f.kind === 'placeholder') return `[placeholder] ${it.name}${size}  (id ${it.id})`;
  const what = f.isStill ? 'image' : f.hasVideo ? 'movie' : 'audio';
  return `[${what} ${f.format.trim()}] ${it.name}${size}  ${f.path ?? ''}  (id ${it.id})`;
}

function describeComp(c: CompDoc, isTarget: boolean): string {
  const [num, den] = c.frameRateFraction;
  const fps = Number.isInteger(c.frameRate) ? `${c.frameRate}` : `${+c.frameRate.toFixed(3)} (${num}/${den})`;
  const par = c.pixelAspect !== 1 ? `, PAR ${+c.pixelAspect.toFixed(4)}` : '';
  return `Comp "${c.name}"${isTarget ? ' (target)' : ''}  ${c.width}×${c.height} @ ${fps} fps, ${+c.duration.toFixed(3)} s${par}, bg rgb(${c.bgColor.join(', ')})  (${c.layers.length} layers)`;
}

function describeLayer(l: TemplateLayer, slot: Slot | undefined): string {
  const flags = [
    !l.enabled && 'hidden',
    l.guide && 'guide',
    l.solo && 'solo',
    l.locked && 'locked',
    l.shy && 'shy',
    l.threeD && '3D',
    l.parentIndex !== null && `parent ${l.parentIndex}`,
    l.animated.length > 0 && `animated ${l.animated.join('/')}`,
    l.hasExpressions && 'expressions',
    l.effects.length > 0 && `fx ${l.effects.join(', ')}`,
  ].filter(Boolean);
  const t = l.transform;
  const pos = t.position.slice(0, 2).map((x) => +x.toFixed(2)).join(', ');
  const text = l.text ? `  "${oneLine(l.text.text)}" ${l.text.font} ${l.text.fontSize}px` : '';
  const mark = slot ? `  ← slot ${slot.kind}` : '';
  return `${String(l.index).padStart(3)}. ${l.kind.padEnd(11)} "${l.name}"  @(${pos})${text}${flags.length ? `  [${flags.join('; ')}]` : ''}${mark}`;
}

function oneLine(s: string): string {
  const flat = s.replace(/[\r\n\u0003]+/g, ' / ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}
