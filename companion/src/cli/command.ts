// One CLI command = one file in commands/. Exit codes are the CLI's contract with scripts:
// 0 success, 2 bad input (one readable line on stderr), 1 internal error; `run` adds 3 (needs review).
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars) rather than a pipe (plain lines). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export const EXIT = { ok: 0, internal: 1, badInput: 2, needsReview: 3 } as const;
