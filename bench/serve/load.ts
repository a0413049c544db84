/**
 * A small closed-loop load generator (as autocannon runs it): `clients` connections, each
 * sending its next request as soon as the last is answered, for `seconds`. Keep-alive
 * connections to 127.0.0.1 only. Latency is measured per request, from send to last byte.
 */
import { Agent, request } from 'node:http';

export interface LoadOptions {
  /** `http://127.0.0.1:PORT`: anything else is refused (the bench never leaves the machine). */
  url: string;
  path: string;
  /** The JSON body of request number i (unique texts keep the embedding cache out of it). */
  body: (i: number) => unknown;
  clients: number;
  seconds: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Status codes other than 200 seen, with counts. */
  statuses: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const u = new URL(opts.url);
  if (u.hostname !== '127.0.0.1') throw new Error(`bench/serve loads 127.0.0.1 only, not ${u.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  const one = (body: string): Promise<number> => new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname, port: u.port, path: opts.path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...opts.headers },
    }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  const client = async (): Promise<void> => {
    while (performance.now() < end) {
      const body = JSON.stringify(opts.body(next++));
      const s = performance.now();
      try {
        const status = await one(body);
        if (status === 200) latencies.push(performance.now() - s);
        else {
          errors++;
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      } catch {
        errors++;
        statuses.network = (statuses.network ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { requests: latencies.length, errors, statuses, seconds, rps: latencies.length / seconds, p50: q(0.5), p99: q(0.99) };
}
