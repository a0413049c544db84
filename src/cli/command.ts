/**
 * The shape of one `graft` sub-command. Each lives in its own file under src/cli/ and is a
 * thin shell over library functions: it parses arguments, calls the library, prints. Its
 * one-line summary is in the command table (commands.ts), which loads the file only when needed.
 */
import type { Writable } from 'node:stream';

export interface CommandContext {
  /** Arguments after the sub-command name. */
  argv: string[];
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal: progress bars are drawn only then. */
  interactive: boolean;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Current working directory, for resolving relative paths. */
  cwd: string;
  /** Where `-` as a data file reads from (default: the process's standard input). */
  stdin?: NodeJS.ReadableStream;
}

export interface Command {
  name: string;
  /** Full usage text for `graft help NAME` and usage errors. */
  usage: string;
  /** Command lines that work, shown under "Examples:" in `graft help NAME`. */
  examples?: readonly string[];
  /** Returns the exit code: 0 ok, 2 bad usage or bad data, 1 anything else. Errors thrown
   * as GraftError are printed by the caller (message only, no stack) with their exitCode. */
  run(ctx: CommandContext): Promise<number>;
}
