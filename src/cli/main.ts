/**
 * Entry point of the `graft` command: finds the sub-command, runs it, turns errors into
 * a message and an exit code (0 ok, 2 bad usage or bad data, 1 anything else) without a
 * stack trace, and turns Ctrl-C into a clean cancellation.
 */
import { GraftError } from '../core/index.js';
import type { Command, CommandContext } from './command.js';
import { COMMANDS } from './commands.js';

export function helpText(commands: readonly Command[] = COMMANDS): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`).join('\n');
  return `graft — adapt pretrained models to your task without fine-tuning them

Usage: graft <command> [options]

Commands:
${rows}

Run 'graft help <command>' or 'graft <command> --help' for a command's options.
Data and models live in $GRAFT_HOME (default ./.graft).
`;
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function runCli(argv: string[], ctx: Omit<CommandContext, 'argv'>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = rest[0] && COMMANDS.find((c) => c.name === rest[0]);
    ctx.stdout.write(target ? target.usage + '\n' : helpText());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    ctx.stderr.write(`graft: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\nRun 'graft help' for usage.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run({ ...ctx, argv: rest });
  } catch (e) {
    if (e instanceof GraftError) {
      ctx.stderr.write(`graft ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    ctx.stderr.write(`graft ${name}: unexpected error: ${err?.message ?? String(e)}\n`);
    if (ctx.env.GRAFT_DEBUG) ctx.stderr.write(`${err?.stack ?? ''}\n`);
    else ctx.stderr.write('Set GRAFT_DEBUG=1 to see the stack trace, and please report it.\n');
    return 1;
  }
}

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nStopping… (press Ctrl-C again to force)\n');
    controller.abort();
  });
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    signal: controller.signal,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}

const isEntry = process.argv[1] !== undefined && /(?:^|[\\/])(?:main\.[cm]?[jt]s|graft(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) await main();
