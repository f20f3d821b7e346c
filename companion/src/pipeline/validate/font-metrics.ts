// Installed fonts from the system font folders, indexed by PostScript name on first use (name tables
// only: sfnt.ts), and real advance widths from their files with opentype.js. After Effects' own font
// list, when the panel reports it, takes precedence for what is installed (pipeline/validation-env.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as opentypeModule from 'opentype.js';
import { extractFace, fontFileFaces } from './sfnt.js';

/** The folders fonts are installed in on Linux, macOS and Windows (per user and system wide). */
export function systemFontFolders(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string[] {
  return [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    path.join(home, '.fonts'),
    path.join(home, '.local/share/fonts'),
    '/Library/Fonts',
    '/System/Library/Fonts',
    path.join(home, 'Library/Fonts'),
    env.WINDIR ? path.join(env.WINDIR, 'Fonts') : 'C:\\Windows\\Fonts',
    env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'Microsoft', 'Windows', 'Fonts') : '',
  ].filter(Boolean);
}

const FONT_FILE = /\.(ttf|otf|ttc|otc)$/i;
const MAX_DEPTH = 8;
const MAX_FILES = 20_000;
/** Parsed fonts kept in memory (a CJK font is tens of MB once parsed). */
const PARSED_CACHE = 12;
/** Widths of words already measured (overflow checks measure the same words again and again). */
const WIDTH_CACHE = 20_000;

function fontFiles(dir: string, out: string[], seen: Set<string>, depth = 0): void {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  let entries: fs.Dirent[];
  try {
    const real = fs.realpathSync(dir);
    if (seen.has(real)) return; // symlinked folders can loop
    seen.add(real);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) isDir = fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
    if (isDir) fontFiles(p, out, seen, depth + 1);
    else if (FONT_FILE.test(e.name) && out.length < MAX_FILES) out.push(p);
  }
}

// What Conform uses of an opentype.js 1.x Font (its bundled typings are incomplete).
interface OtGlyph {
  advanceWidth?: number;
}
interface OtFont {
  unitsPerEm: number;
  getAdvanceWidth(text: string, fontSize: number, options?: { kerning?: boolean }): number;
  charToGlyph(ch: string): OtGlyph;
}

// Node loads opentype.js's CommonJS build (a default export); bundlers pick its ES build (named exports).
const ns = opentypeModule as unknown as { parse?: (b: ArrayBuffer) => OtFont; default?: { parse?: (b: ArrayBuffer) => OtFont } };
const parseFont = ns.parse ?? ns.default?.parse;

export interface FontLocation {
  file: string;
  /** Offset of the face's table directory (0 unless the file is a collection). */
  faceOffset: number;
}

export class FontIndex {
  private index: Map<string, FontLocation> | null = null;
  private readonly parsed = new Map<string, OtFont | null>();
  /** `font\0text` → advance width in em (widths scale linearly with the size). */
  private readonly widths = new Map<string, number | null>();

  constructor(private readonly folders: string[] = systemFontFolders()) {}

  /** PostScript name → file, built on first use; unreadable files are skipped. */
  private locations(): Map<string, FontLocation> {
    if (this.index) return this.index;
    const files: string[] = [];
    const seen = new Set<string>();
    for (const d of this.folders) fontFiles(d, files, seen);
    const index = new Map<string, FontLocation>();
    for (const file of files) {
      for (const face of fontFileFaces(file)) {
        if (!index.has(face.postScriptName)) index.set(face.postScriptName, { file, faceOffset: face.faceOffset });
      }
    }
    this.index = index;
    return index;
  }

  /** Every installed PostScript name, sorted. */
  names(): string[] {
    return [...this.locations().keys()].sort();
  }

  has(postScriptName: string): boolean {
    return this.locations().has(postScriptName);
  }

  locate(postScriptName: string): FontLocation | null {
    return this.locations().get(postScriptName) ?? null;
  }

  private font(postScriptName: string): OtFont | null {
    if (this.parsed.has(postScriptName)) {
      const f = this.parsed.get(postScriptName)!;
      this.parsed.delete(postScriptName); // most recently used last
      this.parsed.set(postScriptName, f);
      return f;
    }
    const loc = this.locate(postScriptName);
    let font: OtFont | null = null;
    if (loc && parseFont) {
      try {
        const bytes = extractFace(new Uint8Array(fs.readFileSync(loc.file)), loc.faceOffset);
        font = parseFont(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      } catch {
        font = null; // a font opentype.js cannot parse is measured by the estimate
      }
    }
    this.parsed.set(postScriptName, font);
    if (this.parsed.size > PARSED_CACHE) this.parsed.delete(this.parsed.keys().next().value!);
    return font;
  }

  /** Advance width in px of one line of text, or null when the font file is not here or unreadable. */
  measure(postScriptName: string, sizePx: number, text: string): number | null {
    const key = `${postScriptName}\0${text}`;
    let em = this.widths.get(key);
    if (em === undefined) {
      em = this.measureEm(postScriptName, text);
      if (this.widths.size >= WIDTH_CACHE) this.widths.clear();
      this.widths.set(key, em);
    }
    return em === null ? null : em * sizePx;
  }

  private measureEm(postScriptName: string, text: string): number | null {
    const font = this.font(postScriptName);
    if (!font) return null;
    try {
      return font.getAdvanceWidth(text, 1, { kerning: true });
    } catch {
      // opentype.js 1.x throws on some GSUB lookups it does not implement (DejaVu's ccmp): sum the
      // advances without shaping instead.
      let units = 0;
      for (const ch of text) units += font.charToGlyph(ch).advanceWidth ?? 0;
      return units / font.unitsPerEm;
    }
  }
}

let shared: FontIndex | null = null;
/** The index of this machine's font folders (built once, on first use). */
export const systemFonts = (): FontIndex => (shared ??= new FontIndex());
/** PostScript names of the fonts installed in the system font folders: the env's font list when AE is not connected. */
export const systemFontNames = (): string[] => systemFonts().names();
/** ValidationEnv.measureText backed by the system font folders. */
export const measureWithSystemFonts = (font: string, sizePx: number, text: string): number | null => systemFonts().measure(font, sizePx, text);
