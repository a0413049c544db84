/**
 * The store's folder: found or created one component at a time, and checked for being a
 * folder we may write. Node's `mkdirSync(…, { recursive: true })` loops forever on some
 * pseudo file systems (`GRAFT_HOME=/proc/graft`), so the walk here makes each missing
 * component with a plain mkdir and stops at the first one that cannot be made.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from './errors.js';

/** How the store's folder can be used. */
export type HomeAccess = 'write' | 'read' | 'missing';

/**
 * Whether `home` exists and can be written (`write`), only read (`read`: a read-only volume
 * or folder), or does not exist yet (`missing`). Throws StoreError when it is not a folder.
 */
export function homeAccess(home: string): HomeAccess {
  let isDir: boolean;
  try {
    isDir = statSync(home).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') throw notAFolder(home);
    throw unavailable(home, e);
  }
  if (!isDir) throw notAFolder(home);
  try {
    accessSync(home, constants.W_OK);
    return 'write';
  } catch {
    return 'read';
  }
}

/** Makes `home` and any missing parent folders, or throws a StoreError that says which could not be made and why. */
export function makeHome(home: string): void {
  const missing: string[] = [];
  for (let p = home; ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) throw notAFolder(p);
      break;
    } catch (e) {
      if (e instanceof StoreError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw notAFolder(p);
      if (code !== 'ENOENT') throw unavailable(p, e);
      if (dirname(p) === p) throw unavailable(p, e);
      missing.push(p);
    }
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(p).isDirectory()) continue; // made by a process beside us
      throw unavailable(p, e);
    }
  }
}

function notAFolder(p: string): StoreError {
  return new StoreError(`GRAFT_HOME must be a folder, but ${p} is a file. Set GRAFT_HOME to a folder (it is created if missing).`, 'store_unavailable');
}

function unavailable(p: string, e: unknown): StoreError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  const why: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'the file system is read-only',
    ENOENT: 'this file system does not allow it', ENOSPC: 'the disk is full',
  };
  return new StoreError(
    `Cannot create the graft folder ${p} (${why[code] ?? code}). Set GRAFT_HOME to a folder you can write, ` +
      'or to an existing store with --read-only for read commands.',
    'store_unavailable', e,
  );
}
