/**
 * Where a command's state lives. Apart from workspace.ts (which opens the pipeline's Workspace)
 * so that `graft --version` and `graft help` load the store's home rule and nothing above it.
 */
import type { CommandContext } from './command.js';
import { resolveHome } from '../store/index.js';
import type { HomeChoice } from '../store/index.js';

/** Where this command's state lives: `$GRAFT_HOME`, an existing `./.graft`, or the platform's data folder. */
export function cliHome(ctx: Pick<CommandContext, 'env' | 'cwd'>): HomeChoice {
  return resolveHome(ctx.env, ctx.cwd);
}
