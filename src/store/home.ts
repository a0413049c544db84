/**
 * Where graft keeps its state when nobody says: `$GRAFT_HOME` if set; else `./.graft` when that
 * folder exists in the working directory (workspaces made before this default); else the
 * platform's folder for application data, so that graft run from two folders finds one store.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface HomeChoice {
  home: string;
  /** Why this folder: the variable, an existing ./.graft, or the platform default. */
  reason: 'GRAFT_HOME' | 'existing ./.graft' | 'platform data folder';
}

/**
 * @example
 * resolveHome(process.env, process.cwd()); // { home: '/home/ana/.local/share/graft', reason: 'platform data folder' }
 */
export function resolveHome(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), platform: NodeJS.Platform = process.platform): HomeChoice {
  if (env.GRAFT_HOME) return { home: resolve(cwd, env.GRAFT_HOME), reason: 'GRAFT_HOME' };
  const local = join(cwd, '.graft');
  if (existsSync(local)) return { home: local, reason: 'existing ./.graft' };
  return { home: platformDataHome(env, platform), reason: 'platform data folder' };
}

/** XDG_DATA_HOME (or ~/.local/share) on Linux, Application Support on macOS, LOCALAPPDATA on Windows; each + `graft`. */
export function platformDataHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'graft');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'graft');
  return join(env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share'), 'graft');
}
