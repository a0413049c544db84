/**
 * One `/embeddings` request with retries: exponential backoff with full jitter on 429, 5xx,
 * timeouts and dropped connections, honouring Retry-After (seconds or a date) and OpenAI's
 * retry-after-ms. Every failure is a BackboneError naming the URL and the fix; the API key is
 * sent in a header only, and blanked out of anything an endpoint echoes back.
 */
import { BackboneError, CancelledError } from '../../core/index.js';

export interface RequestSettings {
  url: string;
  model: string;
  apiKey: string | undefined;
  /** Environment variable the key came from, for messages. */
  keyName: string;
  dimensions: number | undefined;
  encodingFormat: 'float' | 'base64';
  maxRetries: number;
  retryDelayMs: number;
  timeoutMs: number;
}

export interface EmbeddingAnswer {
  vectors: Float32Array[];
  /** Input tokens as the endpoint counted them; undefined when it did not say. */
  tokens: number | undefined;
  retries: number;
  seconds: number;
}

/** Longest wait graft accepts between tries, whatever Retry-After says. */
const MAX_DELAY_MS = 30_000;

/** Statuses worth another try: rate limits, timeouts, overloaded or failing servers. */
function retryable(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

export async function requestEmbeddings(s: RequestSettings, inputs: readonly string[], signal?: AbortSignal): Promise<EmbeddingAnswer> {
  const body = JSON.stringify({
    model: s.model,
    input: inputs,
    encoding_format: s.encodingFormat,
    ...(s.dimensions !== undefined ? { dimensions: s.dimensions } : {}),
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (s.apiKey) headers.authorization = `Bearer ${s.apiKey}`;
  const t0 = performance.now();
  let lastProblem = '';
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new CancelledError();
    const timeout = AbortSignal.timeout(s.timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let wait: number | undefined;
    try {
      const res = await fetch(s.url, { method: 'POST', headers, body, signal: both });
      const text = await res.text();
      if (res.ok) {
        const parsed = parseAnswer(s, text, inputs.length);
        return { ...parsed, retries: attempt, seconds: (performance.now() - t0) / 1000 };
      }
      if (!retryable(res.status)) throw refusal(s, res.status, text);
      lastProblem = `HTTP ${res.status}${excerpt(s, text) ? `: ${excerpt(s, text)}` : ''}`;
      wait = retryAfter(res.headers);
    } catch (e) {
      if (e instanceof BackboneError) throw e;
      if (signal?.aborted) throw new CancelledError();
      lastProblem = timeout.aborted
        ? `no answer within ${s.timeoutMs / 1000} s`
        : `connection failed (${networkReason(e)})`;
    }
    if (attempt >= s.maxRetries) {
      throw new BackboneError(
        `${s.url} failed ${attempt + 1} time${attempt === 0 ? '' : 's'}, the last with ${lastProblem}. ` +
          'Check that the endpoint is up (--endpoint or OPENAI_BASE_URL); if it is rate-limiting, lower --concurrency or try later.',
      );
    }
    const backoff = Math.random() * Math.min(MAX_DELAY_MS, s.retryDelayMs * 2 ** attempt);
    await sleep(Math.min(MAX_DELAY_MS, wait ?? backoff), signal);
  }
}

function parseAnswer(s: RequestSettings, text: string, n: number): Omit<EmbeddingAnswer, 'retries' | 'seconds'> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackboneError(
      `${s.url} answered with a body that is not JSON (${JSON.stringify(text.slice(0, 80))}). ` +
        'Give --endpoint the base URL of an OpenAI-compatible API, ending in /v1.',
    );
  }
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length !== n) {
    throw new BackboneError(
      `${s.url} answered without ${n} embeddings (${Array.isArray(data) ? `${data.length} came back` : 'no "data" list'}). ` +
        'Is this an OpenAI-compatible /v1/embeddings endpoint?',
    );
  }
  const vectors: Float32Array[] = new Array(n);
  data.forEach((d: { index?: unknown; embedding?: unknown }, k) => {
    const i = typeof d.index === 'number' ? d.index : k;
    if (!Number.isInteger(i) || i < 0 || i >= n || vectors[i] !== undefined) {
      throw new BackboneError(`${s.url} answered with a bad or repeated index ${JSON.stringify(d.index)}; the endpoint is not OpenAI-compatible.`);
    }
    vectors[i] = decodeVector(s, d.embedding);
  });
  const usage = (json as { usage?: { prompt_tokens?: unknown; total_tokens?: unknown } }).usage;
  const tokens = typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : typeof usage?.total_tokens === 'number' ? usage.total_tokens : undefined;
  return { vectors, tokens };
}

function decodeVector(s: RequestSettings, e: unknown): Float32Array {
  let v: Float32Array;
  if (typeof e === 'string') {
    const bytes = Buffer.from(e, 'base64');
    if (bytes.byteLength % 4 !== 0) throw new BackboneError(`${s.url} sent a base64 embedding of ${bytes.byteLength} bytes, not whole float32 values.`);
    v = new Float32Array(bytes.byteLength / 4);
    for (let j = 0; j < v.length; j++) v[j] = bytes.readFloatLE(j * 4);
  } else if (Array.isArray(e)) {
    v = Float32Array.from(e as number[]);
  } else {
    throw new BackboneError(`${s.url} sent an embedding that is neither a list of numbers nor base64.`);
  }
  for (let j = 0; j < v.length; j++) {
    if (!Number.isFinite(v[j])) throw new BackboneError(`${s.url} sent an embedding with a non-finite value at position ${j}.`);
  }
  return v;
}

function refusal(s: RequestSettings, status: number, text: string): BackboneError {
  const said = excerpt(s, text);
  const fix = status === 401 || status === 403
    ? `The endpoint refused the API key: put a valid key in ${s.keyName} (graft never shows it).`
    : status === 404
      ? `Check the model name ("${s.model}") and that --endpoint is the API base ending in /v1.`
      : 'The endpoint refused the request; check the model name and --dimensions, and that no text is too long for the model.';
  return new BackboneError(`${s.url} answered HTTP ${status}${said ? ` (${said})` : ''}. ${fix}`);
}

/** The endpoint's own error message, short, with the key blanked out should it be echoed. */
function excerpt(s: RequestSettings, text: string): string {
  let msg = text;
  try {
    const j = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof j.error === 'string' ? j.error : j.error?.message ?? j.message;
    if (typeof m === 'string') msg = m;
  } catch {
    // not JSON: quote the text itself
  }
  if (s.apiKey) msg = msg.split(s.apiKey).join('***');
  // Other keys an endpoint may quote (a proxy's, a masked one): OpenAI-style and bearer tokens.
  msg = msg.replace(/\b(sk-|Bearer\s+)[A-Za-z0-9_\-.*]{8,}/g, '$1***');
  return msg.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Milliseconds the endpoint asked us to wait, if it said. */
function retryAfter(h: Headers): number | undefined {
  const ms = Number(h.get('retry-after-ms'));
  if (h.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const v = h.get('retry-after');
  if (v === null) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message ?? String(e);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
