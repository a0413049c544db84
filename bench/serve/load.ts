/**
 * A small load generator: `clients` keep-alive connections to 127.0.0.1 only, for `seconds`.
 * Closed loop (as autocannon runs it, the default): each connection sends its next request as
 * soon as the last is answered, and latency is from send to last byte. Open loop (`rate`):
 * requests are due at a fixed rate whatever the answers, each sent on a free connection, and
 * latency is from the time it was due, so a request that waited for a free connection (or for
 * the generator itself) counts that wait, as a user arriving then would (no coordinated omission).
 *
 * It speaks HTTP/1.1 on raw sockets, as autocannon does, rather than through `node:http`: the
 * generator shares the 2 cores with the server it measures, and node's client (an
 * IncomingMessage, every header parsed, a stream per response) cost about a third of the
 * server's own CPU per request, taken from the server. Here a request is one write of bytes
 * made once per body, and a response is read for its status and Content-Length only.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';

export interface LoadOptions {
  /** `http://127.0.0.1:PORT`: anything else is refused (the bench never leaves the machine). */
  url: string;
  path: string;
  /** The JSON body of request number i (unique texts keep the embedding cache out of it). */
  body: (i: number) => unknown;
  clients: number;
  seconds: number;
  /** Open loop: requests due per second over all connections. Default: closed loop. */
  rate?: number;
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
  /** CPU seconds this process (the generator) spent during the run. */
  cpuSeconds: number;
  /**
   * The generator's own garbage-collection pauses during the run: while one lasts, no answer is
   * read, so every request in flight is measured that much slower (a p99 to read beside it).
   */
  gc: { pauses: number; ms: number; maxMs: number };
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/**
 * Where every connection's socket reads into (`onread`): one buffer, reused. A read is taken
 * apart at once (only an incomplete response head is copied out), so the generator makes no
 * Buffer per read: with Node's own per-read Buffers, 100 MB/s of 22 kB answers made the
 * generator's heap grow until a mark-compact stopped it (122 ms once at load 15), and every
 * request then in flight was measured that much slower.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** One keep-alive connection that sends a request and resolves with the status of its response. */
class Connection {
  private readonly socket: Socket;
  private head: Buffer | undefined;
  /** Body bytes still to come for the response being read, or -1 while reading its head. */
  private remaining = -1;
  private status = 0;
  private waiting: { resolve: (status: number) => void; reject: (e: Error) => void } | undefined;
  private failed: Error | undefined;

  constructor(host: string, port: number) {
    // (`onread` is read when the socket is made: connect() makes it with these options)
    this.socket = connect({ port, host, onread: { buffer: READ_BUFFER, callback: (n, buf) => this.read(buf as Buffer, n) } });
    this.socket.setNoDelay(true);
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  send(request: string): Promise<number> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.remaining = -1;
      this.head = undefined;
      this.socket.write(request);
    });
  }

  get broken(): boolean {
    return this.failed !== undefined;
  }

  close(): void {
    this.socket.destroy();
  }

  /** The first `n` bytes of `chunk` arrived (the shared read buffer: nothing keeps it). True: keep reading. */
  private read(chunk: Buffer, n: number): true {
    this.take(chunk, n);
    return true;
  }

  private take(chunk: Buffer, n: number): void {
    if (this.remaining < 0) {
      const buf = this.head ? Buffer.concat([this.head, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const end = buf.indexOf(HEADER_END);
      if (end < 0) {
        this.head = Buffer.from(buf);
        return;
      }
      const head = buf.toString('latin1', 0, end);
      const length = CONTENT_LENGTH.exec(head);
      if (!length) return this.fail(new Error(`a response without Content-Length: ${head.split('\r\n')[0]}`));
      this.status = Number(head.slice(9, 12));
      this.remaining = Number(length[1]) - (buf.length - end - HEADER_END.length);
      this.head = undefined;
    } else {
      this.remaining -= n;
    }
    if (this.remaining > 0) return;
    if (this.remaining < 0) return this.fail(new Error('more bytes than the response announced (no pipelining here)'));
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve(this.status);
  }

  private fail(e: Error): void {
    this.failed ??= e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(e);
    this.socket.destroy();
  }
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const u = new URL(opts.url);
  if (u.hostname !== '127.0.0.1') throw new Error(`bench/serve loads 127.0.0.1 only, not ${u.hostname}`);
  const port = Number(u.port);
  const extra = Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const prefix = `POST ${opts.path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\n${extra}Content-Length: `;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const gc = { pauses: 0, ms: 0, maxMs: 0 };
  const pauses = (entries: readonly PerformanceEntry[]): void => {
    for (const e of entries) {
      gc.pauses++;
      gc.ms += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  };
  const gcWatch = new PerformanceObserver((list) => pauses(list.getEntries()));
  gcWatch.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  const rate = opts.rate;
  if (rate !== undefined && !(rate > 0)) throw new Error(`load: rate is requests per second, more than 0 (got ${rate})`);
  /** When the next request is due: now (closed loop), or at its place in the open loop's schedule. */
  const due = async (i: number): Promise<number> => {
    if (rate === undefined) return performance.now();
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return at;
  };
  const client = async (): Promise<void> => {
    let conn = new Connection(u.hostname, port);
    try {
      while (performance.now() < end) {
        const i = next++;
        const s = await due(i);
        if (s >= end) break;
        const body = JSON.stringify(opts.body(i));
        const request = `${prefix}${Buffer.byteLength(body)}\r\n\r\n${body}`;
        try {
          const status = await conn.send(request);
          if (status === 200) latencies.push(performance.now() - s);
          else {
            errors++;
            statuses[status] = (statuses[status] ?? 0) + 1;
          }
        } catch {
          errors++;
          statuses.network = (statuses.network ?? 0) + 1;
        }
        if (conn.broken) {
          conn.close();
          conn = new Connection(u.hostname, port);
        }
      }
    } finally {
      conn.close();
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // entries still queued for the observer are delivered first
  pauses(gcWatch.takeRecords());
  gcWatch.disconnect();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return {
    requests: latencies.length, errors, statuses, seconds, rps: latencies.length / seconds, p50: q(0.5), p99: q(0.99),
    cpuSeconds: (cpu.user + cpu.system) / 1e6, gc,
  };
}
