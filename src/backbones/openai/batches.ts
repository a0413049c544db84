/** Splits texts into requests bounded by item count and estimated tokens. */

/**
 * Tokens a text costs at most, estimated without the model's tokenizer: one per 3 bytes of
 * UTF-8 (English runs near 4 bytes a token, so this over-counts and batches stay under limits).
 */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3) + 1;
}

/** Consecutive index ranges [start, end): at most `maxItems` texts and `maxTokens` estimated tokens each (a longer text goes alone). */
export function planBatches(texts: readonly string[], maxItems: number, maxTokens: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let tokens = 0;
  for (let i = 0; i < texts.length; i++) {
    const t = estimateTokens(texts[i]!);
    if (i > start && (i - start >= maxItems || tokens + t > maxTokens)) {
      out.push([start, i]);
      start = i;
      tokens = 0;
    }
    tokens += t;
  }
  if (start < texts.length) out.push([start, texts.length]);
  return out;
}
