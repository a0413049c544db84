/**
 * Binding a server to a port, with the loopback rule: without any API key the server answers
 * only on loopback (a local tool, and it says so); binding beyond loopback without a key is
 * refused, and once bound there every request needs a key. `close` drains: the port stops
 * accepting, requests in flight finish, running jobs get their grace period, the store closes.
 */
import { isIP } from 'node:net';
import { UsageError } from '../core/index.js';
import type { Workspace } from '../pipeline/index.js';
import { ApiKeyStore, openDb } from '../store/index.js';
import { createServer } from './app.js';
import type { GraftServer } from './app.js';
import type { ServerOptions } from './options.js';

/** Whether `host` names this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

export interface ListenOptions extends Omit<ServerOptions, 'requireKeys' | 'db'> {
  host?: string;
  /** 0 picks a free port (the URL says which). */
  port?: number;
}

export interface RunningServer {
  app: GraftServer;
  /** `http://host:port`, with the port actually bound. */
  url: string;
  /** Whether requests need a key (beyond loopback, or once a key exists). */
  keysRequired: boolean;
  /** Stops accepting, lets requests and jobs finish (jobs up to their grace), closes the server's store connection. */
  close(): Promise<void>;
}

/**
 * Creates the server over `ws` and binds it.
 *
 * @example
 * const server = await listen(ws, { host: '127.0.0.1', port: 8080, batching });
 * process.on('SIGTERM', () => server.close().then(() => ws.close()));
 */
export async function listen(ws: Workspace, opts: ListenOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0 to 65535, got ${port}.`, 'bad_port');
  const db = openDb(ws.home);
  try {
    const loopback = isLoopback(host);
    if (!loopback && !new ApiKeyStore(db).anyActive()) {
      throw new UsageError(
        `Refusing to listen on ${host} without an API key: anyone who can reach it could read and change every task. ` +
          'Create a key first (graft keys create --scope admin), or listen on 127.0.0.1.',
        'keys_required',
      );
    }
    const app = await createServer(ws, { ...opts, db, requireKeys: !loopback });
    try {
      await app.listen({ host, port });
    } catch (e) {
      await app.close();
      throw new UsageError(`Cannot listen on ${host}:${port}: ${(e as Error).message}. Pick another --port or --host.`, 'listen_failed');
    }
    const address = app.server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    let closing: Promise<void> | undefined;
    return {
      app, url, keysRequired: !loopback || new ApiKeyStore(db).anyActive(),
      close: () => (closing ??= app.close().then(() => { db.close(); })),
    };
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}
