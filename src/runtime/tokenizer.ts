/** A model folder's tokenizer (`tokenizer.json`), through transformers.js. */
import { BackboneError } from '../core/index.js';
import { loadTransformers } from './transformers.js';

export interface Encoded {
  /** Token ids with the model's special tokens. */
  ids: number[];
  /** Whether the text was longer than the limit and lost tokens. */
  truncated: boolean;
}

/**
 * Encodes texts as the model's own tokenizer does, truncating as Hugging Face's Python
 * tokenizers do: the special tokens stay, the text's own tokens are cut (transformers.js 4.3
 * cuts the closing [SEP] instead, which changes the vector).
 */
export class ModelTokenizer {
  constructor(
    private readonly inner: { encode(text: string, opts?: { add_special_tokens?: boolean }): number[] },
    /** Id that pads a batch (the tokenizer's pad token, else 0). */
    readonly padId: number,
  ) {}

  /** Number of tokens of a text, special tokens included, before any cut. */
  length(text: string): number {
    return this.inner.encode(text).length;
  }

  /** Token ids, at most `maxTokens` of them, special tokens kept. */
  encode(text: string, maxTokens: number): Encoded {
    const full = this.inner.encode(text);
    if (full.length <= maxTokens) return { ids: full, truncated: false };
    const bare = this.inner.encode(text, { add_special_tokens: false });
    const specials = full.length - bare.length;
    const head = specialHead(full, bare);
    const keep = Math.max(0, maxTokens - specials);
    return { ids: [...full.slice(0, head), ...bare.slice(0, keep), ...full.slice(head + bare.length)], truncated: true };
  }
}

/** How many special tokens come before the text's own (where `bare` sits inside `full`). */
function specialHead(full: readonly number[], bare: readonly number[]): number {
  for (let h = 0; h + bare.length <= full.length; h++) {
    let same = true;
    for (let i = 0; i < bare.length && same; i++) same = full[h + i] === bare[i];
    if (same) return h;
  }
  return 0;
}

/**
 * Loads `tokenizer.json` (+ `tokenizer_config.json`) from a model folder.
 *
 * @example
 * const tok = await loadTokenizer('/models/minilm');
 * tok.encode('hello world', 256).ids; // [101, 7592, 2088, 102]
 */
export async function loadTokenizer(dir: string): Promise<ModelTokenizer> {
  const t = await loadTransformers();
  try {
    const tok = await t.AutoTokenizer.from_pretrained(dir, { local_files_only: true });
    const pad = (tok as unknown as { pad_token_id?: number | null }).pad_token_id;
    return new ModelTokenizer(tok as unknown as ConstructorParameters<typeof ModelTokenizer>[0], typeof pad === 'number' ? pad : 0);
  } catch (e) {
    throw new BackboneError(
      `Cannot read the tokenizer in ${dir} (${firstLine(e)}). The folder needs tokenizer.json and tokenizer_config.json ` +
        'as the model\'s Hugging Face repository has them; copy them from there.',
      e,
    );
  }
}

export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!.slice(0, 300);
}
