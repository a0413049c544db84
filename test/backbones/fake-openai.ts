/**
 * A fake OpenAI-compatible /v1/embeddings endpoint: a real HTTP server on 127.0.0.1 that gives
 * each (model, text) a fixed unit vector, records every request, and misbehaves on cue.
 * Model `fake-N` answers N-d vectors (default 8); `dimensions` shortens them as OpenAI does.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createHash } from 'node:crypto';

/** What to do with one request instead of answering it well. */
export interface FakeStep {
  status?: number;
  headers?: Record<string, string>;
  /** Raw body to send (default: a JSON error). */
  body?: string;
  /** Never answer. */
  hang?: boolean;
  /** Answer well, but with vectors of this length. */
  length?: number;
}

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; input: string[]; encoding_format?: string; dimensions?: number };
}

export function fakeVector(model: string, text: string, length?: number): Float32Array {
  const m = /^fake-(\d+)$/.exec(model);
  const n = length ?? (m ? Number(m[1]) : 8);
  const v = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const h = createHash('sha256').update(`${model}\u0000${j}\u0000${text}`).digest();
    v[j] = h.readInt32LE(0) / 2 ** 31;
  }
  const norm = Math.hypot(...v) || 1;
  return Float32Array.from(v, (x) => x / norm);
}

export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  /** Steps taken by the next requests, in order; when empty, requests are answered well. */
  readonly script: FakeStep[] = [];
  /** Delay before each good answer, ms. */
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<FakeOpenAi> {
    let fake: FakeOpenAi | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    fake = new FakeOpenAi(server, `http://127.0.0.1:${port}/v1`);
    server.on('connection', (s) => {
      fake!.sockets.add(s);
      s.on('close', () => fake!.sockets.delete(s));
    });
    return fake;
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
    this.delayMs = 0;
    this.maxInFlight = 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || '{}') as RecordedRequest['body'];
    this.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    const step = this.script.shift();
    if (step?.hang) return;
    if (step?.status !== undefined) {
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(step.body ?? JSON.stringify({ error: { message: `fake failure ${step.status}` } }));
      return;
    }
    if (step?.body !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(step.body);
      return;
    }
    if (req.url !== '/v1/embeddings' || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    this.inFlight--;
    const data = body.input.map((text, index) => {
      const v = fakeVector(body.model, text, step?.length ?? body.dimensions);
      const embedding = body.encoding_format === 'base64' ? Buffer.from(v.buffer).toString('base64') : Array.from(v);
      return { object: 'embedding', index, embedding };
    });
    // Answer in reverse order: clients must place vectors by index.
    data.reverse();
    const tokens = body.input.reduce((s, t) => s + t.split(/\s+/).filter(Boolean).length + 1, 0);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }));
  }
}
