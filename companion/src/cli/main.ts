// `conform <command> …`: the CLI for scripted runs. Commands live one per file in commands/.
import type { CliIO, Command } from './command.js';
import { EXIT } from './command.js';
import { ConformError } from '../errors.js';
import inspect from './commands/inspect.js';
import serve from './commands/serve.js';
import jobs from './commands/jobs.js';
import match from './commands/match.js';
import run from './commands/run.js';
import exportNexrender from './commands/export-nexrender.js';

const COMMANDS: Command[] = [serve, inspect, match, jobs, exportNexrender, run];

export function registerCommand(c: Command): void {
  if (!COMMANDS.some((x) => x.name === c.name)) COMMANDS.push(c);
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['Usage: conform <command> [options]', '', 'Commands:', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', 'Run `conform <command> --help` for its options.'].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${help()}\n`);
    return name ? EXIT.ok : EXIT.badInput;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`conform: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // One readable line; bad input is the caller's to fix (2), anything else is ours (1).
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`conform ${name}: ${message.split('\n')[0]}\n`);
    return e instanceof ConformError && e.status < 500 ? EXIT.badInput : EXIT.internal;
  }
}

const isMain = process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1]);
if (isMain) {
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`conform: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
