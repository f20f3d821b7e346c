import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { parseArgs } from '../args.js';
import { BadInputError, FileFormatError } from '../../errors.js';
import { extractPsd } from '../../pipeline/psd/extract-psd.js';
import { extractTemplate } from '../../pipeline/template/extract-template.js';
import { defaultTargetComp, findSlots } from '../../pipeline/template/find-slots.js';
import { matchLayers } from '../../pipeline/match/match-layers.js';

function readFile(cwd: string, p: string): { name: string; bytes: Uint8Array } {
  const full = path.resolve(cwd, p);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new BadInputError(`${p}: no such file`);
  return { name: path.basename(full), bytes: new Uint8Array(fs.readFileSync(full)) };
}

function withFile<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FileFormatError && e.file === undefined) throw new FileFormatError(e.message, name);
    throw e;
  }
}

const match: Command = {
  name: 'match',
  summary: 'Match a PSD\'s layers to a template\'s slots, with confidence and reasons',
  usage: 'Usage: conform match <file.psd> <template.aepx|.aep> [--comp NAME] [--json]',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { comp: 'string', json: 'boolean' });
    if (positionals.length !== 2) throw new BadInputError('give a PSD and a template');
    const psdFile = readFile(io.cwd, positionals[0]!);
    const tplFile = readFile(io.cwd, positionals[1]!);
    const psd = withFile(psdFile.name, () => extractPsd(psdFile.bytes));
    const template = withFile(tplFile.name, () => extractTemplate(tplFile.bytes));
    const comp = (flags.comp as string | undefined) ?? defaultTargetComp(template) ?? undefined;
    const slots = findSlots(template, comp);
    const result = matchLayers(psd, slots);
    if (flags.json) {
      io.stdout(`${JSON.stringify({ matches: result.matches.map((m) => ({ slot: { comp: m.slot.comp, layerIndex: m.slot.layerIndex, layerName: m.slot.layerName, kind: m.slot.kind }, psdLayer: m.psdLayer, confidence: m.confidence, reasons: m.reasons })), unmatchedPsdLayers: result.unmatchedPsdLayers }, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout(`${psdFile.name} → ${tplFile.name} / ${comp}\n`);
    for (const m of result.matches) {
      const target = m.psdLayer ? `"${m.psdLayer.name}"${m.psdLayer.path.length ? ` in ${m.psdLayer.path.join('/')}` : ''}` : '(none)';
      io.stdout(`  #${m.slot.layerIndex} ${m.slot.layerName} [${m.slot.kind}] ← ${target}  ${Math.round(m.confidence * 100)}%  ${m.reasons.join('; ')}\n`);
    }
    io.stdout(`  ${result.unmatchedPsdLayers.length} PSD layers unmatched\n`);
    return EXIT.ok;
  },
};

export default match;
