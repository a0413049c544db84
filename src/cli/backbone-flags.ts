/**
 * The backbone flags `fit` and `eval` share: `--backbone` takes spec strings (`use-lite`,
 * `hashing`, `onnx:PATH`, `hf:ORG/NAME`, `openai:MODEL`, comma-separated) and the flags below
 * apply to the listed kinds that take them.
 */
import { DEFAULT_BACKBONE, parseBackboneList, formatBackboneSpec } from '../backbones/index.js';
import type { BackboneFlags, BackboneName } from '../backbones/index.js';
import { UsageError } from '../core/index.js';
import { flag, str } from './args.js';
import type { OptionSpec, Parsed } from './args.js';

export const BACKBONE_OPTIONS: OptionSpec = {
  backbone: { type: 'string' },
  endpoint: { type: 'string' }, 'api-key-env': { type: 'string' }, dimensions: { type: 'string' }, 'encoding-format': { type: 'string' },
  concurrency: { type: 'string' }, price: { type: 'string' },
  dtype: { type: 'string' }, pooling: { type: 'string' }, 'no-normalize': { type: 'boolean' }, prefix: { type: 'string' },
  'max-tokens': { type: 'string' }, threads: { type: 'string' },
  'allow-remote-pii': { type: 'boolean' },
};

export const BACKBONE_USAGE = `  --backbone LIST      use-lite (default), hashing, onnx:PATH (a model folder), hf:ORG/NAME,
                       openai:MODEL; comma-separated to compare or combine them
  --dtype fp32|q8      onnx/hf: weights file (onnx/model.onnx or onnx/model_quantized.onnx)
  --pooling mean|cls|max, --no-normalize, --max-tokens N, --threads N
                       onnx/hf: when the folder's own sentence-transformers config does not say
  --prefix TEXT        onnx/hf/openai: put before every text ("query: " for E5 models)
  --endpoint URL       openai: base URL ending in /v1 (default OPENAI_BASE_URL, else OpenAI's)
  --api-key-env NAME   openai: variable holding the key (default OPENAI_API_KEY; never stored)
  --dimensions N, --encoding-format float|base64, --concurrency N
  --price USD          openai: price per million tokens, to report what a run cost
  --allow-remote-pii   with --privacy allow, send raw texts to a remote backbone`;

const NUMBER_FLAGS: Record<string, string> = {
  dimensions: 'dimensions', concurrency: 'concurrency', price: 'pricePerMillionTokens', 'max-tokens': 'maxTokens', threads: 'threads',
};
const STRING_FLAGS: Record<string, string> = {
  endpoint: 'endpoint', 'api-key-env': 'apiKeyEnv', 'encoding-format': 'encodingFormat', dtype: 'dtype', pooling: 'pooling', prefix: 'prefix',
};

/** The backbones of `--backbone` with the flags applied, as spec strings the workspace opens. */
export function backboneList(p: Parsed): BackboneName[] {
  const flags: Record<string, unknown> = {};
  for (const [f, o] of Object.entries(STRING_FLAGS)) if (str(p, f) !== undefined) flags[o] = str(p, f);
  for (const [f, o] of Object.entries(NUMBER_FLAGS)) {
    const v = str(p, f);
    if (v === undefined) continue;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${f} must be a number, got "${v}".`);
    flags[o] = n;
  }
  if (flag(p, 'no-normalize')) flags.normalize = false;
  return parseBackboneList(str(p, 'backbone') ?? DEFAULT_BACKBONE, { flags: flags as BackboneFlags }).map(formatBackboneSpec);
}
