/**
 * A server over a fresh workspace for tests: hashing backbone (no model to load), request
 * batching, two toy tasks already fitted through the Workspace.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingBackbone } from '../../src/backbones/index.js';
import type { Backbone } from '../../src/backbones/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import type { BackboneFactory, Workspace } from '../../src/pipeline/index.js';
import { createServer, EmbedBatching } from '../../src/serve/index.js';
import type { GraftServer, ServerOptions } from '../../src/serve/index.js';
import { ErrorSchema } from '../../src/serve/schemas.js';
import type { LightMyRequestResponse } from 'fastify';
import type { z } from 'zod';

export const TOPICS: Record<string, string[]> = {
  weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
  cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
  football: ['goal', 'match', 'striker', 'league', 'referee', 'penalty', 'coach', 'team'],
};

/** `n` toy examples per topic; `tag` adds a word so that different calls give different data. */
export function topicExamples(n = 10, tag = ''): Example[] {
  const out: Example[] = [];
  for (const [label, words] of Object.entries(TOPICS)) {
    for (let i = 0; i < n; i++) {
      const text = `${words[i % 8]} ${words[(i * 3 + 1) % 8]} and ${words[(i * 5 + 2) % 8]} today ${i}${tag ? ` ${tag}` : ''}`;
      out.push({ id: `${label}-${i}`, text, label, line: out.length + 2 });
    }
  }
  return out;
}

/** The same rows as JSON `{ text, label }` for a request body. */
export function topicRows(n = 10, tag = ''): { text: string; label: string }[] {
  return topicExamples(n, tag).map((e) => ({ text: e.text, label: e.label }));
}

export interface Fixture {
  home: string;
  ws: Workspace;
  app: GraftServer;
  batching: EmbedBatching;
  close(): Promise<void>;
}

/** A workspace with the task `topics` (2 versions, v2 live) and `sports` (1 version), and a server over it. */
export async function serverFixture(opts: ServerOptions & { tasks?: boolean; home?: string; base?: BackboneFactory } = {}): Promise<Fixture> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'graft-serve-'));
  const batching = new EmbedBatching({ maxWaitMs: 1 });
  const ws = openWorkspace({ home, backbones: batching.factory(opts.base), onEmbed: batching.observe, logger: opts.logger });
  if (opts.tasks !== false) {
    const ds = (tag: string) => datasetFromExamples(topicExamples(10, tag), { source: 'toy.jsonl' });
    await ws.fit(ds(''), { task: 'topics', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
    await ws.fit(ds('again'), { task: 'topics', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 3 });
    await ws.fit(ds('sport'), { task: 'sports', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
  }
  const { tasks: _tasks, home: _home, base: _base, ...options } = opts;
  const app = await createServer(ws, { backbones: ['hashing'], batching, ...options });
  return {
    home, ws, app, batching,
    async close() {
      await app.close();
      await ws.close();
    },
  };
}


/** The body, checked against the route's documented schema. */
export function body<S extends z.ZodType>(res: LightMyRequestResponse, schema: S, status = 200): z.infer<S> {
  assert.equal(res.statusCode, status, `expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 500)}`);
  const parsed = schema.safeParse(res.json());
  assert.ok(parsed.success, `answer does not match its schema: ${parsed.success ? '' : JSON.stringify(parsed.error.issues).slice(0, 500)}`);
  return parsed.data;
}

/** Asserts an error answer in graft's shape, with this status and code; returns the error. */
export function failure(res: LightMyRequestResponse, status: number, code?: string): z.infer<typeof ErrorSchema>['error'] {
  const e = body(res, ErrorSchema, status).error;
  if (code !== undefined) assert.equal(e.code, code, `expected code ${code}: ${e.message}`);
  return e;
}

/** Polls a job until it has ended; returns it. */
export async function settled(app: GraftServer, id: string, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<Record<string, unknown> & { state: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers });
    const job = res.json() as Record<string, unknown> & { state: string };
    if (!['queued', 'running'].includes(job.state)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A multipart/form-data body: option fields, then one file. */
export function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer; field?: string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----graft${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The rows as a CSV file. */
export function csv(rows: { text: string; label: string }[]): string {
  return ['text,label', ...rows.map((r) => `"${r.text.replaceAll('"', '""')}",${r.label}`)].join('\n') + '\n';
}

/** A hashing backbone whose embeds wait, once `shut()`, until `lift()`: holds requests in flight. */
export class GatedBackbone implements Backbone {
  private readonly inner = new HashingBackbone();
  private gate: Promise<void> | undefined;
  private release: (() => void) | undefined;
  /** Embeds waiting at the gate. */
  waiting = 0;
  get id() { return this.inner.id; }
  get dim() { return this.inner.dim; }
  close() { return this.inner.close(); }
  shut(): void {
    this.gate = new Promise((r) => (this.release = r));
  }
  lift(): void {
    this.release?.();
    this.gate = undefined;
  }
  async embed(texts: readonly string[]) {
    if (this.gate) {
      this.waiting++;
      await this.gate;
      this.waiting--;
    }
    return this.inner.embed(texts);
  }
}

/** Resolves once `check` is true (polled every 5 ms), or rejects after `ms`. */
export async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
