// `conform inspect design.psd` without --json: the layer tree as a person reads it in Photoshop.
import type { PsdDoc, PsdLayer } from '../../../../shared/psd.js';

function describe(l: PsdLayer): string {
  const b = l.bounds;
  const size = l.kind === 'group' && b.right <= b.left ? '' : ` ${b.right - b.left}×${b.bottom - b.top} @ ${b.left},${b.top}`;
  const flags = [l.effectiveHidden ? (l.hidden ? 'hidden' : 'hidden by group') : '', l.clipping ? 'clipped' : '', l.hasMask ? 'mask' : '', l.opacity < 1 ? `${Math.round(l.opacity * 100)}%` : '']
    .filter(Boolean)
    .join(', ');
  let extra = '';
  if (l.text) {
    const r = l.text.runs[0];
    const text = l.text.content.replace(/\r/g, '⏎');
    extra = ` "${text.length > 60 ? `${text.slice(0, 57)}…` : text}"${r ? ` ${r.font} ${Math.round(r.size * 10) / 10}px` : ''}`;
  }
  if (l.smartObject) extra = ` (${l.smartObject.source} ${l.smartObject.fileType ?? ''} ${Math.round(l.smartObject.placedWidth)}×${Math.round(l.smartObject.placedHeight)})`;
  return `${'  '.repeat(l.depth)}${l.kind === 'group' ? '▾' : '·'} ${l.name || '(unnamed)'} [${l.kind} #${l.id}]${size}${extra}${flags ? ` {${flags}}` : ''}`;
}

export function formatPsdTree(doc: PsdDoc): string {
  const head = `${doc.isPsb ? 'PSB' : 'PSD'} ${doc.width}×${doc.height} ${doc.colorMode} ${doc.bitsPerChannel}-bit, ${doc.resolution} ppi, ${doc.layers.length} layers`;
  const lines = [head];
  if (!doc.pixelsAvailable) lines.push(`pixels unavailable: ${doc.pixelsUnavailableReason}`);
  for (const l of doc.layers) lines.push(describe(l));
  for (const w of doc.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
