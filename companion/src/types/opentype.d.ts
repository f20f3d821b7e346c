// The small part of opentype.js 1.x that Conform uses (the package ships no types).
declare module 'opentype.js' {
  export interface Font {
    names: { postScriptName?: Record<string, string>; fontFamily?: Record<string, string> };
    unitsPerEm: number;
    getAdvanceWidth(text: string, fontSize: number, options?: { kerning?: boolean }): number;
  }
  export function parse(buffer: ArrayBuffer): Font;
  const opentype: { parse: typeof parse };
  export default opentype;
}
