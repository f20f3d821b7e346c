// The steps a generated script will take, read from its data literal (`var P = {…};`). The literal is
// JSON except that negative numbers are parenthesised, so those are unwrapped outside strings.
interface Payload {
  template: string;
  output: string;
  renderQueue: boolean;
  assets: Array<{ file: string }>;
  slots: Array<{ kind: 'text' | 'image'; label: string; fit?: string }>;
}

function es3DataToJson(src: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += src[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '(' || ch === ')') {
      // (-1) → -1
    } else out += ch;
  }
  return out;
}

export function scriptSteps(script: string): string[] | null {
  const line = script.split('\n').find((l) => l.startsWith('var P = '));
  if (!line) return null;
  let p: Payload;
  try {
    p = JSON.parse(es3DataToJson(line.slice('var P = '.length).replace(/;\s*$/, '')));
  } catch {
    return null;
  }
  const steps = [`Open the template (${p.template})`];
  for (const a of p.assets) steps.push(`Import ${a.file}`);
  for (const s of p.slots) steps.push(s.kind === 'text' ? `Set text: ${s.label}` : `Replace and fit (${s.fit ?? 'contain'}): ${s.label}`);
  if (p.renderQueue) steps.push('Add the composition to the render queue');
  steps.push(`Save as ${p.output}`);
  return steps;
}
