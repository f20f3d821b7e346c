// `--manifest batch.csv|batch.json`: pairs PSDs with templates, comps and per-job options for a
// mixed batch. Validated with zod; a bad row is bad input, reported as "batch.csv line 4: …".
//
// CSV: a header line naming columns, then one row per PSD (or folder/glob of PSDs). JSON: an array
// of objects, or {"jobs": [...]}, with the same keys. Relative paths are relative to the manifest.
//   psd              PSD file, folder or glob (required)
//   template         .aepx/.aep (default: --template)
//   comp             target comp (default: --comp, else the template's main comp)
//   fit              contain | cover | stretch (default: --fit, else the companion's setting)
//   approve          true/false, yes/no, 1/0 (default: --approve)
//   min_confidence   0..1 (default: --min-confidence, else the companion's setting)
//   override_reason  ≥ 10 characters (default: --override-reason)
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BadInputError, ConformError } from '../../errors.js';
import { expandInput } from './inputs.js';

export interface ManifestRow {
  /** "batch.csv line 4" / "batch.json item 2", for messages. */
  where: string;
  psds: string[];
  template?: string;
  comp?: string;
  fit?: 'contain' | 'cover' | 'stretch';
  approve?: boolean;
  minConfidence?: number;
  overrideReason?: string;
}

const COLUMNS = ['psd', 'template', 'comp', 'fit', 'approve', 'min_confidence', 'override_reason'] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const bool = z.preprocess((v) => {
  v = blankToUndefined(v);
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'n', '0'].includes(s)) return false;
  return v;
}, z.boolean({ error: 'must be true or false' }).optional());
const confidence = z.preprocess((v) => {
  v = blankToUndefined(v);
  return typeof v === 'string' ? Number(v.trim()) : v;
}, z.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1').optional());
const text = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

export const ManifestRowSchema = z
  .object({
    psd: z.preprocess(blankToUndefined, z.string({ error: 'is required' }).trim().min(1, 'is required').max(4096)),
    template: text(4096),
    comp: text(1000),
    fit: z.preprocess(blankToUndefined, z.enum(['contain', 'cover', 'stretch'], { error: 'must be contain, cover or stretch' }).optional()),
    approve: bool,
    min_confidence: confidence,
    override_reason: z.preprocess(blankToUndefined, z.string().trim().min(10, 'must be at least 10 characters').max(5000).optional()),
  })
  .strict();

/** RFC 4180-ish CSV: quoted fields ("" escapes, commas and newlines inside), CRLF or LF. Each record with the line it starts on. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const endRecord = () => {
    cells.push(cell);
    if (any || cells.length > 1 || cell.trim() !== '') records.push({ line: start, cells });
    cells = [];
    cell = '';
    any = false;
  };
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      any = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      any = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  if (quoted) throw new BadInputError(`line ${start}: unterminated quoted field`);
  endRecord();
  return records;
}

function rowsFromCsv(label: string, text: string): Array<{ where: string; raw: Record<string, string> }> {
  let records: Array<{ line: number; cells: string[] }>;
  try {
    records = parseCsv(text);
  } catch (e) {
    throw new BadInputError(`${label} ${(e as Error).message}`);
  }
  records = records.filter((r) => !r.cells[0]?.trimStart().startsWith('#'));
  const header = records.shift();
  if (!header) throw new BadInputError(`${label}: empty manifest (expected a header line: ${COLUMNS.join(',')})`);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  names.forEach((n) => {
    if (!(COLUMNS as readonly string[]).includes(n)) throw new BadInputError(`${label} line ${header.line}: unknown column "${n}" (columns: ${COLUMNS.join(', ')})`);
  });
  if (!names.includes('psd')) throw new BadInputError(`${label} line ${header.line}: the header needs a "psd" column`);
  if (!records.length) throw new BadInputError(`${label}: no rows after the header`);
  return records.map((r) => {
    if (r.cells.length > names.length) throw new BadInputError(`${label} line ${r.line}: ${r.cells.length} fields, the header has ${names.length}`);
    const raw: Record<string, string> = {};
    names.forEach((n, i) => (raw[n] = r.cells[i] ?? ''));
    return { where: `${label} line ${r.line}`, raw };
  });
}

function rowsFromJson(label: string, text: string): Array<{ where: string; raw: unknown }> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new BadInputError(`${label}: not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && Array.isArray((doc as { jobs?: unknown }).jobs) ? (doc as { jobs: unknown[] }).jobs : null;
  if (!list) throw new BadInputError(`${label}: expected an array of rows or {"jobs": [...]}`);
  if (!list.length) throw new BadInputError(`${label}: no rows`);
  return list.map((raw, i) => ({ where: `${label} item ${i + 1}`, raw }));
}

/** Reads and validates a manifest; PSD entries are expanded, template paths resolved and checked. */
export function readManifest(cwd: string, file: string): ManifestRow[] {
  const full = path.resolve(cwd, file);
  const label = path.basename(file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new BadInputError(`--manifest ${file}: no such file`);
  const text = fs.readFileSync(full, 'utf8');
  const json = /\.json$/i.test(full) || /^\s*[[{]/.test(text);
  const rows = json ? rowsFromJson(label, text) : rowsFromCsv(label, text);
  const base = path.dirname(full);
  return rows.map(({ where, raw }) => {
    const parsed = ManifestRowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? '' : 'row');
      const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `${field}: ${issue.message}`;
      throw new BadInputError(`${where}: ${message}`);
    }
    const r = parsed.data;
    let psds: string[];
    try {
      psds = expandInput(base, r.psd);
    } catch (e) {
      throw new BadInputError(`${where}: psd ${e instanceof ConformError ? e.message : String(e)}`);
    }
    let template: string | undefined;
    if (r.template) {
      template = path.resolve(base, r.template);
      if (!fs.existsSync(template) || !fs.statSync(template).isFile()) throw new BadInputError(`${where}: template ${r.template}: no such file`);
    }
    return { where, psds, template, comp: r.comp, fit: r.fit, approve: r.approve, minConfidence: r.min_confidence, overrideReason: r.override_reason };
  });
}
