import type { CommandContext } from './command.js';
import { openWorkspace } from '../pipeline/index.js';
import type { Workspace } from '../pipeline/index.js';
import { resolveHome } from '../store/index.js';
import type { HomeChoice } from '../store/index.js';

/** Where this command's state lives: `$GRAFT_HOME`, an existing `./.graft`, or the platform's data folder. */
export function cliHome(ctx: Pick<CommandContext, 'env' | 'cwd'>): HomeChoice {
  return resolveHome(ctx.env, ctx.cwd);
}

/** The workspace for a command (see cliHome). */
export function openCliWorkspace(ctx: Pick<CommandContext, 'env' | 'cwd'>): Workspace {
  return openWorkspace({ home: cliHome(ctx).home });
}
