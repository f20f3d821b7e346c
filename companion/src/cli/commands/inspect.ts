import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { parseArgs } from '../args.js';
import { BadInputError, FileFormatError } from '../../errors.js';
import { isPsd, isTemplate, sniff } from '../../pipeline/file-signature.js';
import { extractPsd } from '../../pipeline/psd/extract-psd.js';
import { formatPsdTree } from '../../pipeline/psd/format-psd-tree.js';
import { extractTemplate } from '../../pipeline/template/extract-template.js';
import { defaultTargetComp, findSlots } from '../../pipeline/template/find-slots.js';
import { formatTemplateTree } from '../../pipeline/template/format-template-tree.js';

const inspect: Command = {
  name: 'inspect',
  summary: 'Print what Conform reads from a PSD or an After Effects template',
  usage: 'Usage: conform inspect <file.psd|file.psb|file.aepx|file.aep> [--comp NAME] [--json]',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { json: 'boolean', comp: 'string' });
    if (positionals.length !== 1) throw new BadInputError('give exactly one file');
    const file = path.resolve(io.cwd, positionals[0]!);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BadInputError(`${positionals[0]}: no such file`);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const type = sniff(bytes.subarray(0, 4096));
    const name = path.basename(file);
    try {
      if (isPsd(type)) {
        const doc = extractPsd(bytes);
        io.stdout(flags.json ? `${JSON.stringify(doc, null, 2)}\n` : `${formatPsdTree(doc)}\n`);
        return EXIT.ok;
      }
      if (isTemplate(type) || /\.aepx?$/i.test(name)) {
        const doc = extractTemplate(bytes);
        const comp = (flags.comp as string | undefined) ?? defaultTargetComp(doc) ?? undefined;
        const slots = comp ? findSlots(doc, comp) : [];
        io.stdout(flags.json ? `${JSON.stringify({ template: doc, targetComp: comp ?? null, slots }, null, 2)}\n` : `${formatTemplateTree(doc, slots)}\n`);
        return EXIT.ok;
      }
    } catch (e) {
      if (e instanceof FileFormatError && e.file === undefined) throw new FileFormatError(e.message, name);
      throw e;
    }
    throw new FileFormatError('not a PSD/PSB (8BPS) nor an After Effects project (.aepx/.aep)', name);
  },
};

export default inspect;
