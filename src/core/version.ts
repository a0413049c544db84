/** graft's own version, read once from its package.json. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedVersion: string | undefined;
/**
 * graft's own version, from the nearest package.json named graft-ml (the published name) above
 * this file. It lives in core, not with the saved runs that record it, so `graft --version`
 * needs nothing above core.
 */
export function graftVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if ((pkg.name === 'graft' || pkg.name === 'graft-ml') && pkg.version) return (cachedVersion = pkg.version);
    }
    dir = dirname(dir);
  }
  return (cachedVersion = 'unknown');
}
