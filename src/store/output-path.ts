/**
 * Output files (HTML reports, JSON exports) are checked before any work: their folder must
 * exist and be writable, and they must not be one of the store's own files (`scan --html
 * $GRAFT_HOME/graft.db` would overwrite the database), through whatever path, link or hard
 * link names them.
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/index.js';
import { DB_FILE } from './db.js';
import { KEY_FILE } from './key-ring.js';

/** The files of a store that no output may replace. */
const STORE_FILES = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`, KEY_FILE];

/**
 * Checks that a report can be written at `path` without harm, and returns the absolute path.
 * `flag` names the option in messages (e.g. `--html`).
 *
 * @example
 * const out = checkOutputPath(p.html, { home: ws.home, flag: '--html' }); // before scanning
 */
export function checkOutputPath(path: string, opts: { home: string; flag?: string; cwd?: string }): string {
  const flag = opts.flag ?? 'the output file';
  const abs = resolve(opts.cwd ?? process.cwd(), path);
  const dir = dirname(abs);
  let dirReal: string;
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    dirReal = realpathSync(dir);
  } catch {
    throw new UsageError(`${flag} ${path}: the folder ${dir} does not exist; create it first (mkdir -p ${dir}) or choose another path.`, 'bad_output_path');
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: the folder ${dir} is not writable; choose another path.`, 'bad_output_path');
  }
  const target = join(dirReal, basename(abs));
  const existing = statOrUndefined(target);
  if (existing && !existing.isFile()) {
    throw new UsageError(`${flag} ${path} is ${existing.isDirectory() ? 'a folder' : 'not a regular file'}; give a file name.`, 'bad_output_path');
  }
  if (isStoreFile(target, existing, opts.home)) {
    throw new UsageError(
      `${flag} ${path} is one of graft's own store files in ${opts.home}; writing there would destroy the store. Choose another path.`,
      'output_is_store',
    );
  }
  return abs;
}

function isStoreFile(target: string, st: ReturnType<typeof statOrUndefined>, home: string): boolean {
  let homeReal: string;
  try {
    homeReal = realpathSync(home);
  } catch {
    return false; // no store yet: nothing to overwrite
  }
  for (const f of STORE_FILES) {
    const p = join(homeReal, f);
    if (p === target) return true;
    const s = statOrUndefined(p);
    // The same file under another name (a hard link, a bind mount).
    if (st && s && s.dev === st.dev && s.ino === st.ino) return true;
  }
  return false;
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
