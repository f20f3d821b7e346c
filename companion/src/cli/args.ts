// A small, strict argument parser: unknown flags are bad input, not silently ignored.
import { BadInputError } from '../errors.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[]>;
}

/** `spec` maps flag names to 'boolean', 'string' or 'strings' (repeatable). */
export function parseArgs(args: string[], spec: Record<string, 'boolean' | 'string' | 'strings'>): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new BadInputError(`unknown option --${name}`);
    if (kind === 'boolean') {
      out.flags[name] = true;
      continue;
    }
    const value = eq !== -1 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new BadInputError(`--${name} needs a value`);
    if (kind === 'strings') out.flags[name] = [...((out.flags[name] as string[]) ?? []), value];
    else out.flags[name] = value;
  }
  return out;
}
