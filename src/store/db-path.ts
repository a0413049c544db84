/** Where a database's file is, however it was opened. */
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

/**
 * The path of a database's file, also when it was opened by URI (`file:…?immutable=1` on a
 * read-only volume); undefined for an in-memory database.
 */
export function dbFilePath(db: Db): string | undefined {
  if (db.memory || db.name === '') return undefined;
  return db.name.startsWith('file:') ? fileURLToPath(db.name.replace(/\?.*$/, '')) : db.name;
}
