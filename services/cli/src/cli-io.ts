/**
 * What a command may touch of the process: its output streams and environment. Tests pass their
 * own; main.ts passes the real ones. Exit codes are part of the contract scripts rely on.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (a progress bar is drawn only then; plain progress lines otherwise). */
  interactive: boolean;
  /** Width of that terminal, when it is one. */
  columns?: number;
}

export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** The command ran but part of the work failed (rejected filings, invalid rule set, unknown MRN…). */
  failed: 1,
  /** Bad arguments or configuration: nothing was done. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A refusal that maps to an exit code, raised anywhere in a command. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.usage) {
    super(message);
    this.name = 'CliError';
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    interactive: process.stderr.isTTY === true,
    ...(process.stderr.isTTY === true ? { columns: process.stderr.columns } : {}),
  };
}
