/** Options of an OpenAI-compatible `/v1/embeddings` endpoint (`openai:MODEL`). */
import type { OptionSchema } from '../options.js';

export interface OpenAiOptions {
  /** Model name as the endpoint knows it: `text-embedding-3-small`, `nomic-embed-text`, … */
  model: string;
  /**
   * Base URL ending in `/v1` (the CLI fills it from --endpoint, else OPENAI_BASE_URL, else
   * OpenAI's); `/embeddings` is appended.
   */
  endpoint?: string;
  /** Name of the environment variable that holds the API key; default OPENAI_API_KEY. The key itself is never stored. */
  apiKeyEnv?: string;
  /** Ask for vectors of this length (OpenAI's text-embedding-3 models shorten on request); else the model's own. */
  dimensions?: number;
  /** How vectors travel: `float` (JSON numbers, default, understood everywhere) or `base64` (float32 bytes, 4× smaller). */
  encodingFormat?: 'float' | 'base64';
  /** Text put before every input, for models trained with one (`search_document: ` for nomic-embed-text). */
  prefix?: string;
  /** Texts per request; default 64. */
  batchSize?: number;
  /** Estimated tokens per request (about 3 bytes of UTF-8 each, an over-estimate for English); default 50,000. */
  maxBatchTokens?: number;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Tries after the first for a 429, a 5xx, a timeout or a dropped connection; default 6. */
  maxRetries?: number;
  /** First retry delay in ms, doubled each retry (with jitter, capped at 30 s) unless the endpoint says Retry-After; default 500. */
  retryDelayMs?: number;
  /** How long one request may take, in ms; default 60,000. */
  timeoutMs?: number;
  /** Price per million input tokens, to report money spent; none: cost is reported as unknown. */
  pricePerMillionTokens?: number;
}

export const OPENAI_SCHEMA: OptionSchema = Object.freeze({
  model: { type: 'string', nonEmpty: true },
  endpoint: { type: 'string', nonEmpty: true },
  apiKeyEnv: { type: 'string', nonEmpty: true },
  dimensions: { type: 'int', min: 1, max: 65536 },
  encodingFormat: { type: 'enum', values: ['float', 'base64'] },
  prefix: { type: 'string' },
  batchSize: { type: 'int', min: 1, max: 2048 },
  maxBatchTokens: { type: 'int', min: 1, max: 10_000_000 },
  concurrency: { type: 'int', min: 1, max: 64 },
  maxRetries: { type: 'int', min: 0, max: 20 },
  retryDelayMs: { type: 'int', min: 0, max: 60_000 },
  timeoutMs: { type: 'int', min: 1, max: 3_600_000 },
  pricePerMillionTokens: { type: 'number', min: 0, max: 1e6 },
});

export const DEFAULT_ENDPOINT = 'https://api.openai.com/v1';
export const DEFAULT_KEY_ENV = 'OPENAI_API_KEY';

/** The endpoint without a trailing slash or `/embeddings`, so that equal endpoints give equal ids. */
export function normalizeEndpoint(url: string): string {
  let u = url.trim().replace(/\/+$/, '');
  if (u.endsWith('/embeddings')) u = u.slice(0, -'/embeddings'.length);
  return u;
}
