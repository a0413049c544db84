import { defineKind, flagsFor, requireArgument } from '../kind.js';
import { OpenAiBackbone } from './index.js';
import { DEFAULT_ENDPOINT, OPENAI_SCHEMA, normalizeEndpoint } from './options.js';
import type { OpenAiOptions } from './options.js';

export const openaiKind = defineKind<'openai'>({
  usage: 'openai:MODEL',
  summary: 'any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, TEI, vLLM, LM Studio); texts leave the machine',
  remote: true,
  cache: 'store',
  schema: OPENAI_SCHEMA,
  parse(arg, flags, ctx) {
    const model = requireArgument('openai:MODEL (e.g. openai:text-embedding-3-small)', arg);
    const picked = flagsFor(OPENAI_SCHEMA, flags) as Partial<OpenAiOptions>;
    // The endpoint is written into the spec, so the task reopens the same one whatever the environment says later.
    const env = ctx.env ?? process.env;
    const endpoint = normalizeEndpoint(picked.endpoint ?? (env.OPENAI_BASE_URL || DEFAULT_ENDPOINT));
    return { ...picked, model, endpoint } as OpenAiOptions;
  },
  create: (options, ctx) => new OpenAiBackbone(options, ctx.env ?? process.env, ctx.apiKey),
});
