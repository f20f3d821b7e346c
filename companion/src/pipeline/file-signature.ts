// File types are decided by their first bytes, never by their names.
export type SniffedType = 'psd' | 'psb' | 'aepx' | 'aep' | 'unknown';

export function sniff(head: Uint8Array): SniffedType {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 6 && ascii(0, 4) === '8BPS') {
    const version = (head[4]! << 8) | head[5]!;
    return version === 2 ? 'psb' : 'psd';
  }
  if (head.length >= 12 && ascii(0, 4) === 'RIFX' && ascii(8, 12) === 'Egg!') return 'aep';
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(start, Math.min(head.length, 4096)));
  if (/^\s*<\?xml/.test(text) && text.includes('AfterEffectsProject')) return 'aepx';
  return 'unknown';
}

export const isPsd = (t: SniffedType): boolean => t === 'psd' || t === 'psb';
export const isTemplate = (t: SniffedType): boolean => t === 'aepx' || t === 'aep';
