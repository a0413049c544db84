/**
 * OpenAI-compatible embeddings (`POST /v1/embeddings`), so that any OpenAI client (or tool that
 * speaks to one) can use a graft backbone: `model` names the backbone, `encoding_format` is
 * `float` or `base64` (the official `openai` npm client asks for base64 unless told otherwise).
 */
import { endianness } from 'node:os';
import { NotFoundError, UsageError } from '../../core/index.js';
import type { Matrix } from '../../core/index.js';
import type { z } from 'zod';
import { EmbeddingsSchema, embeddingsBody, errors } from '../schemas.js';
import { countTokens, estimateTokens } from '../tokens.js';
import type { App, RouteContext } from './context.js';

export function embeddingsRoutes(app: App, ctx: RouteContext): void {
  app.post('/v1/embeddings', {
    config: { access: { scope: 'predict', tasks: 'free' } },
    schema: {
      summary: 'Embed texts with a backbone (OpenAI-compatible)',
      description: 'The texts are redacted (the default privacy policy) before they are embedded, through the embedding cache and the request batching.',
      tags: ['embeddings'], body: embeddingsBody(ctx.limits),
      response: { 200: EmbeddingsSchema, ...errors(400, 401, 403, 404, 413, 429) },
    },
    serializerCompiler: ({ httpStatus }) => (httpStatus === '200' ? (data) => embeddingsJson(data as Embeddings) : (data) => JSON.stringify(data)),
  }, async (req) => {
    const { input, model, encoding_format: format = 'float', dimensions } = req.body;
    if (!ctx.backbones.includes(model)) {
      // A name is quoted back only when it looks like one (never free text a client put there).
      const named = MODEL_NAME.test(model) ? ` "${model}"` : ' by that name';
      throw new NotFoundError(`This server has no model${named}; it offers ${ctx.backbones.join(', ')} (GET /v1/info).`, 'model_not_found');
    }
    const texts = typeof input === 'string' ? [input] : input;
    const { matrix } = await ctx.ws.embed(model, texts);
    if (dimensions !== undefined && dimensions !== matrix.cols) {
      throw new UsageError(`Model "${model}" gives ${matrix.cols}-dimensional vectors; graft does not shorten them. Leave out "dimensions" or set it to ${matrix.cols}.`, 'bad_dimensions');
    }
    const raw = ctx.batching?.backbones().get(model)?.inner;
    const tokens = (raw ? countTokens(raw, texts).counts : texts.map(estimateTokens)).reduce((a, b) => a + b, 0);
    return {
      object: 'list' as const,
      data: Array.from({ length: matrix.rows }, (_, i) => ({ object: 'embedding' as const, index: i, embedding: encode(matrix, i, format) })),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  });
}

type Embeddings = z.infer<typeof EmbeddingsSchema>;

/**
 * `JSON.stringify(answer)`, the same bytes, without scanning each base64 vector (22 kB for
 * hashing's 4,096 floats; ~30 CPU-µs a response) for characters to escape: a string embedding
 * is `encode`'s base64, which has none. The model name and float vectors go through
 * JSON.stringify as before.
 */
export function embeddingsJson(answer: Embeddings): string {
  let out = '{"object":"list","data":[';
  answer.data.forEach((d, i) => {
    const embedding = typeof d.embedding === 'string' ? `"${d.embedding}"` : JSON.stringify(d.embedding);
    out += `${i > 0 ? ',' : ''}{"object":"embedding","index":${d.index},"embedding":${embedding}}`;
  });
  return `${out}],"model":${JSON.stringify(answer.model)},"usage":{"prompt_tokens":${answer.usage.prompt_tokens},"total_tokens":${answer.usage.total_tokens}}}`;
}

const LITTLE_ENDIAN = endianness() === 'LE';
const MODEL_NAME = /^[\w.:@/+-]{1,100}$/;

/** A row as numbers, or as base64 of its little-endian float32 bytes (what OpenAI sends). */
function encode(M: Matrix, i: number, format: 'float' | 'base64'): number[] | string {
  const row = M.row(i);
  if (format === 'float') return Array.from(row);
  const bytes = Buffer.from(row.buffer, row.byteOffset, row.byteLength);
  if (LITTLE_ENDIAN) return bytes.toString('base64');
  const copy = Buffer.from(bytes);
  copy.swap32();
  return copy.toString('base64');
}
