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
    // Fastify's types say a serializer returns a string; its reply takes the Buffer as it is
    // (Content-Length from its length, written by res.end), as it does a Buffer a handler sends.
    serializerCompiler: ({ httpStatus }) => (httpStatus === '200' ? (data) => embeddingsJson(data as Embeddings) as unknown as string : (data) => JSON.stringify(data)),
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
 * The UTF-8 bytes of `JSON.stringify(answer)`, written straight into one Buffer. A string
 * embedding is `encode`'s base64 (22 kB for hashing's 4,096 floats), which needs no escaping
 * and is ASCII, so it is copied in as it is. As a string the answer cost the server more per
 * response: JSON.stringify's escape scan, then a second 22 kB string when the pieces were
 * joined, a scan for the Content-Length and a conversion to bytes for the socket; and each
 * such string was young-generation garbage (~45 kB a request, a third of what one allocated).
 * The model name and float vectors go through JSON.stringify as before.
 */
export function embeddingsJson(answer: Embeddings): Buffer {
  const parts: string[] = ['{"object":"list","data":['];
  const ascii: boolean[] = [true];
  answer.data.forEach((d, i) => {
    const base64 = typeof d.embedding === 'string';
    parts.push(`${i > 0 ? ',' : ''}{"object":"embedding","index":${d.index},"embedding":${base64 ? '"' : ''}`, base64 ? d.embedding as string : JSON.stringify(d.embedding), `${base64 ? '"' : ''}}`);
    ascii.push(true, base64, true);
  });
  parts.push(`],"model":${JSON.stringify(answer.model)},"usage":{"prompt_tokens":${answer.usage.prompt_tokens},"total_tokens":${answer.usage.total_tokens}}}`);
  ascii.push(false);
  let bytes = 0;
  for (let k = 0; k < parts.length; k++) bytes += ascii[k] ? parts[k]!.length : Buffer.byteLength(parts[k]!);
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (let k = 0; k < parts.length; k++) at += out.write(parts[k]!, at, ascii[k] ? 'latin1' : 'utf8');
  return out;
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
