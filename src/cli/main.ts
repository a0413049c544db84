/**
 * Entry point of the `graft` command: finds the sub-command, runs it, turns errors into
 * a message and an exit code (0 ok, 2 bad usage or bad data, 1 anything else) without a
 * stack trace, and turns Ctrl-C into a clean cancellation.
 */
import { GraftError, graftVersion } from '../core/index.js';
import type { Command, CommandContext } from './command.js';
import { COMMANDS } from './commands.js';
import type { CommandEntry } from './commands.js';
import { cliHome } from './home.js';

export function helpText(commands: readonly CommandEntry[] = COMMANDS): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`).join('\n');
  return `graft — adapt pretrained models to your task without fine-tuning them

Usage: graft <command> [options]

Commands:
${rows}

Run 'graft help <command>' or 'graft <command> --help' for a command's options and examples.
'graft --version' prints the version and where state lives ($GRAFT_HOME; else ./.graft when it
exists; else the platform's data folder, e.g. ~/.local/share/graft). Exit codes: 0 ok, 2 bad
usage or bad data, 1 anything else. 'graft' alone prints this help and exits 0.
`;
}

/** A command's full help: its usage, then its examples. */
export function commandHelp(cmd: Command): string {
  const examples = cmd.examples && cmd.examples.length > 0 ? `\n\nExamples:\n${cmd.examples.map((e) => `  ${e}`).join('\n')}` : '';
  return `${cmd.usage}${examples}\n`;
}

/** `graft --version`: the version, Node's, and where this invocation keeps its state. */
function versionText(ctx: Omit<CommandContext, 'argv'>): string {
  const home = cliHome(ctx);
  return `graft ${graftVersion()} (Node ${process.versions.node})\nstate: ${home.home} (${home.reason})\n`;
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function runCli(argv: string[], ctx: Omit<CommandContext, 'argv'>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    ctx.stdout.write(versionText(ctx));
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    if (rest.length === 0) {
      ctx.stdout.write(helpText());
      return 0;
    }
    const target = COMMANDS.find((c) => c.name === rest[0]);
    if (!target || rest.length > 1) {
      ctx.stderr.write(`graft help: no command "${rest.join(' ')}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`);
      return 2;
    }
    ctx.stdout.write(commandHelp(await target.load()));
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const near = COMMANDS.filter((c) => c.name.startsWith(name.slice(0, 2)) || name.startsWith(c.name)).map((c) => c.name);
    ctx.stderr.write(`graft: unknown command "${name}"${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}. ` +
      `Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\nRun 'graft help' for usage.\n`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(commandHelp(cmd));
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
    stdin: process.stdin,
  });
  process.exitCode = code;
}

const isEntry = process.argv[1] !== undefined && /(?:^|[\\/])(?:main\.[cm]?[jt]s|graft(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) await main();
