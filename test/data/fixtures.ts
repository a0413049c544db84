import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp dir for one test file's fixtures. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'graft-'));
}

/** Writes `content` to `dir/name` and returns the path. */
export function write(dir: string, name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}
