/**
 * Prometheus metrics, in the spirit of text-embeddings-inference's `te_*`: requests and latency
 * by route and status, predictions per task, embedding batch sizes and queue depth, the
 * embedding cache's hit ratio, job durations, and the process's own (memory, event loop).
 * Labels are route patterns, task names and backbone names: never request content.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EmbedStats } from '../backbones/index.js';
import type { Job } from '../store/index.js';
import type { BatchingMonitor } from './batching.js';

/** Request latencies from 0.5 ms (hashing, cache hits) to 30 s (an upload). */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const TOKEN_BUCKETS = [8, 32, 128, 512, 2048, 8192, 32768];
const JOB_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

export class ServerMetrics implements BatchingMonitor {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly latency: Histogram<'route' | 'method' | 'status'>;
  private readonly predictions: Counter<'task'>;
  private readonly batchSize: Histogram<'backbone'>;
  private readonly batchTokens: Histogram<'backbone'>;
  private readonly batchSeconds: Histogram<'backbone'>;
  private readonly queueDepth: Gauge<'backbone'>;
  private readonly cacheTexts: Counter<'backbone'>;
  private readonly cacheHits: Counter<'backbone'>;
  private readonly truncated: Counter<'backbone'>;
  private readonly jobs: Histogram<'kind' | 'state'>;

  constructor(opts: { jobsActive: () => number }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'graft_' });
    this.requests = new Counter({ name: 'graft_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames: ['route', 'method', 'status'], registers });
    this.latency = new Histogram({ name: 'graft_http_request_duration_seconds', help: 'Time to answer an HTTP request.', labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers });
    this.predictions = new Counter({ name: 'graft_predictions_total', help: 'Texts predicted, by task.', labelNames: ['task'], registers });
    this.batchSize = new Histogram({ name: 'graft_embed_batch_size', help: 'Texts per embedding batch sent to a backbone (after the cache).', labelNames: ['backbone'], buckets: BATCH_BUCKETS, registers });
    this.batchTokens = new Histogram({ name: 'graft_embed_batch_tokens', help: 'Tokens per embedding batch (estimated where the backbone does not count them).', labelNames: ['backbone'], buckets: TOKEN_BUCKETS, registers });
    this.batchSeconds = new Histogram({ name: 'graft_embed_batch_duration_seconds', help: 'Time a backbone took for one batch.', labelNames: ['backbone'], buckets: LATENCY_BUCKETS, registers });
    this.queueDepth = new Gauge({ name: 'graft_embed_queue_texts', help: 'Texts waiting for an embedding batch.', labelNames: ['backbone'], registers });
    this.cacheTexts = new Counter({ name: 'graft_embed_texts_total', help: 'Texts embedded, by backbone: asked of its embedding cache, or sent straight to it when its kind keeps none (hashing, which never hits).', labelNames: ['backbone'], registers });
    this.cacheHits = new Counter({ name: 'graft_embed_cache_hits_total', help: 'Texts found in the embedding cache (hit ratio: this over graft_embed_texts_total).', labelNames: ['backbone'], registers });
    this.truncated = new Counter({ name: 'graft_embed_truncated_total', help: 'Texts longer than the backbone reads (cut to its limit).', labelNames: ['backbone'], registers });
    this.jobs = new Histogram({ name: 'graft_job_duration_seconds', help: 'How long jobs ran, by kind and how they ended.', labelNames: ['kind', 'state'], buckets: JOB_BUCKETS, registers });
    new Gauge({ name: 'graft_jobs_active', help: 'Jobs queued or running in this process.', registers, collect() { this.set(opts.jobsActive()); } });
  }

  request(route: string, method: string, status: number, seconds: number): void {
    const labels = { route, method, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  predicted(task: string, texts: number): void {
    this.predictions.inc({ task }, texts);
  }

  batch(backbone: string, texts: number, tokens: number, seconds: number): void {
    this.batchSize.observe({ backbone }, texts);
    this.batchTokens.observe({ backbone }, tokens);
    this.batchSeconds.observe({ backbone }, seconds);
  }

  queue(backbone: string, texts: number): void {
    this.queueDepth.set({ backbone }, texts);
  }

  cache(backbone: string, stats: EmbedStats): void {
    this.cacheTexts.inc({ backbone }, stats.texts);
    this.cacheHits.inc({ backbone }, stats.cacheHits);
    if (stats.truncated > 0) this.truncated.inc({ backbone }, stats.truncated);
  }

  jobEnded(job: Job, seconds: number): void {
    this.jobs.observe({ kind: job.kind, state: job.state }, seconds);
  }
}
