/**
 * package.json's `overrides` hold only inside this checkout: a project that installs graft-ml
 * resolves graft's dependencies afresh and never sees them. So every runtime override must also
 * be a direct dependency at the same version, or installers get what the override was there to
 * avoid (light-my-request 6.8 pulls cookie 2, which requires Node 22: EBADENGINE on Node 20).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>; devDependencies: Record<string, string>; overrides?: Record<string, string | Record<string, string>>;
};

test('every runtime override is also a direct dependency at the same version, so installers of graft-ml get it', () => {
  const overrides = Object.entries(manifest.overrides ?? {});
  assert.ok(overrides.length > 0);
  for (const [name, spec] of overrides) {
    if (typeof spec === 'string') {
      assert.equal(manifest.dependencies[name], spec, `override ${name}@${spec} must be in dependencies at ${spec}`);
    } else {
      // An override scoped to one package's tree matters to installers only when that package is a runtime dependency.
      assert.ok(name in manifest.devDependencies || Object.values(spec).every((v) => v.startsWith('$') && v.slice(1) in manifest.dependencies),
        `override for ${name}'s tree applies only here: make ${name} a dev dependency or pin its pieces as dependencies`);
    }
  }
});

test('the lockfile\'s runtime tree holds light-my-request 6.6.0 once, with a cookie that runs on Node 20', () => {
  const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean; engines?: Record<string, string> }> };
  const lmr = Object.entries(lock.packages).filter(([p]) => p.endsWith('node_modules/light-my-request'));
  assert.deepEqual(lmr.map(([p, e]) => [p, e.version]), [['node_modules/light-my-request', '6.6.0']]);
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.endsWith('node_modules/cookie') || entry.dev) continue;
    assert.doesNotMatch(entry.engines?.node ?? '', />=\s*2[2-9]/, `${path}@${entry.version} needs ${entry.engines?.node}`);
  }
});
