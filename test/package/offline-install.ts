/**
 * Installs a packed graft-ml tarball into a fresh project without the network: npm's cache
 * holds the tarballs `npm ci` fetched for this checkout, but no registry metadata, so the
 * consumer gets a lockfile made from the checkout's own (the runtime packages, at the versions
 * graft is tested with) and `npm ci --offline` takes everything from the cache.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

interface LockEntry { version?: string; dev?: boolean; devOptional?: boolean; peer?: boolean; [k: string]: unknown }

/** Dev packages of the checkout the consumer also installs: Node's types, to compile against graft's. */
const CONSUMER_DEV = ['node_modules/@types/node', 'node_modules/undici-types'];

/**
 * Writes package.json and package-lock.json for a project depending on the tarball.
 *
 * @example
 * writeConsumer(dir, repo, tarball, manifest); // then npm ci --offline in dir
 */
export function writeConsumer(dir: string, repo: string, tarball: string, manifest: Record<string, unknown>): void {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const typesNode = lock.packages['node_modules/@types/node']!.version!;
  const root = {
    name: 'graft-consumer', version: '1.0.0', private: true, type: 'module',
    dependencies: { 'graft-ml': `file:${tarball}` }, devDependencies: { '@types/node': typesNode },
  };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const pick = (k: string): Record<string, unknown> => Object.fromEntries(Object.entries(manifest).filter(([key]) => key === k));
  const packages: Record<string, LockEntry> = {
    '': { name: root.name, version: root.version, dependencies: root.dependencies, devDependencies: root.devDependencies },
    'node_modules/graft-ml': {
      version: String(manifest.version), resolved: `file:${tarball}`, integrity,
      ...pick('license'), ...pick('dependencies'), ...pick('bin'), ...pick('engines'), ...pick('peerDependencies'), ...pick('peerDependenciesMeta'),
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || !path.startsWith('node_modules/')) continue;
    // graft's runtime tree (devOptional: optional at run time), and the consumer's own dev packages
    if (!entry.dev || CONSUMER_DEV.includes(path)) packages[path] = entry;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(root, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages }, null, 2));
}

/**
 * `npm ci --offline` in `dir`, without install scripts. The one package with a build step is
 * better-sqlite3 (a native addon graft depends on, not graft's own code): its compiled binary
 * is copied from the checkout, built for this Node by the checkout's `npm ci`, instead of
 * compiling it again for minutes on every test run.
 */
export function installOffline(dir: string, repo: string): void {
  execFileSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
  const release = join('node_modules', 'better-sqlite3', 'build', 'Release');
  mkdirSync(join(dir, release), { recursive: true });
  copyFileSync(join(repo, release, 'better_sqlite3.node'), join(dir, release, 'better_sqlite3.node'));
}
