/**
 * The dashboard: the files of its Vite build (`web/`, built into `dist/web` by `npm run build`)
 * served at `/`. It is a client of the `/v1` API like any other (it signs in with a key), so
 * its files are public; the page may load nothing but its own files and talk only to this
 * server (the CSP says so).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from './routes/context.js';

/** From src/serve (tests, tsx) and from dist/serve (the package) alike: the package root is two folders up. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
});

interface StaticFile {
  body: Buffer;
  type: string;
}

/** Every file of the build, by its path under the folder (`index.html`, `assets/index-1a2b.js`). */
function readBuild(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p).split(sep).join('/'), { body: readFileSync(p), type: TYPES[extname(p)] ?? 'application/octet-stream' });
    }
  };
  if (existsSync(join(dir, 'index.html'))) walk(dir);
  return files;
}

/** `GET /` (the page) and `GET /assets/*` (its hashed, immutable files); nothing when `dir` is false. */
export function dashboardRoutes(app: App, dir: string | false = DASHBOARD_DIR): void {
  if (dir === false) return;
  const files = readBuild(dir);
  const config = { access: { scope: 'public' as const } };
  app.get('/', { config, schema: { hide: true } }, async (_req, reply) => {
    const index = files.get('index.html');
    if (!index) {
      return reply.code(404).type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build` in the graft checkout (the package ships it built). The API is at /v1 and described at /docs.');
    }
    return reply.type(index.type).header('cache-control', 'no-cache').header('content-security-policy', CSP).send(index.body);
  });
  app.get('/assets/*', { config, schema: { hide: true } }, async (req, reply) => {
    const file = files.get(`assets/${(req.params as { '*': string })['*']}`);
    if (!file) return reply.code(404).send({ error: { code: 'no_file', message: 'The dashboard has no such file; reload the page (a newer build may have replaced it).' } });
    return reply.type(file.type).header('cache-control', 'public, max-age=31536000, immutable').send(file.body);
  });
}
