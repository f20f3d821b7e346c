// PSDs generated in tests with ag-psd: layers placed on chosen boxes, so a test controls exactly
// what the matcher and validation see.
import { writePsd, type Layer, type Psd } from 'ag-psd';

export interface DesignLayer {
  name: string;
  kind: 'image' | 'text';
  box: { left: number; top: number; right: number; bottom: number };
  text?: string;
  font?: string;
  /** Font size in px. */
  size?: number;
  color?: { r: number; g: number; b: number };
  hidden?: boolean;
}

function pixels(w: number, h: number, seed: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      data[i] = (x * 255) / Math.max(1, w - 1);
      data[i + 1] = (y * 255) / Math.max(1, h - 1);
      data[i + 2] = (seed * 47) % 256;
      data[i + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}

/** Layers are given top-most first (as in Photoshop's panel). */
export function makeDesign(width: number, height: number, layers: DesignLayer[]): Uint8Array {
  const children: Layer[] = layers
    .map((l, i): Layer => {
      const left = Math.round(l.box.left);
      const top = Math.round(l.box.top);
      const w = Math.max(1, Math.round(l.box.right - l.box.left));
      const h = Math.max(1, Math.round(l.box.bottom - l.box.top));
      if (l.kind === 'text') {
        const size = l.size ?? Math.max(8, Math.round(h * 0.8));
        return {
          name: l.name,
          hidden: l.hidden,
          left,
          top,
          right: left + w,
          bottom: top + h,
          imageData: pixels(w, h, i + 1),
          text: {
            text: l.text ?? l.name,
            transform: [1, 0, 0, 1, left, top + size],
            style: { font: { name: l.font ?? 'ArialMT' }, fontSize: size, fillColor: l.color ?? { r: 255, g: 255, b: 255 } },
          },
        };
      }
      return { name: l.name, hidden: l.hidden, left, top, right: left + w, bottom: top + h, imageData: pixels(w, h, i + 1) };
    })
    .reverse(); // ag-psd's children are bottom-most first
  const psd: Psd = { width, height, children };
  return new Uint8Array(writePsd(psd, { invalidateTextLayers: true }));
}
