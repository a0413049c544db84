import { resolve } from 'node:path';
import type { CommandContext } from './command.js';
import { openWorkspace } from '../pipeline/index.js';
import type { Workspace } from '../pipeline/index.js';

/** The workspace for a command: `$GRAFT_HOME` (relative to the cwd), else `./.graft`. */
export function openCliWorkspace(ctx: Pick<CommandContext, 'env' | 'cwd'>): Workspace {
  const home = ctx.env.GRAFT_HOME && ctx.env.GRAFT_HOME.length > 0 ? ctx.env.GRAFT_HOME : '.graft';
  return openWorkspace(resolve(ctx.cwd, home));
}
