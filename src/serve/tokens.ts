/**
 * Token counts for the OpenAI-compatible `usage` and for batching by a token budget. A backbone
 * that knows its tokenizer says so through the optional `countTokens` and `maxTokens` members;
 * for one that does not, words and symbols are counted, which is what a word-piece tokenizer
 * gives at least (and is labelled as an estimate where it is reported).
 */
import { UseLiteBackbone, USE_LITE_MAX_TOKENS } from '../backbones/index.js';
import type { Backbone } from '../backbones/index.js';

/** Optional members a backbone may have (asked of the Backbone contract; see docs). */
interface TokenAware {
  readonly maxTokens?: number;
  countTokens?(texts: readonly string[]): number[];
}

const WORD_OR_SYMBOL = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

/** Words and symbols in a text: a lower bound of what a subword tokenizer gives. */
export function estimateTokens(text: string): number {
  let n = 0;
  WORD_OR_SYMBOL.lastIndex = 0;
  while (WORD_OR_SYMBOL.exec(text) !== null) n++;
  return n;
}

/** Tokens per text, and whether they are the backbone's own count or an estimate. */
export function countTokens(backbone: Backbone, texts: readonly string[]): { counts: number[]; exact: boolean } {
  const b = backbone as Backbone & TokenAware;
  if (typeof b.countTokens === 'function') return { counts: b.countTokens(texts), exact: true };
  return { counts: texts.map(estimateTokens), exact: false };
}

/** The longest input the backbone reads, in tokens, or null when it reads any length. */
export function maxTokensOf(backbone: Backbone): number | null {
  const b = backbone as Backbone & TokenAware;
  if (typeof b.maxTokens === 'number') return b.maxTokens;
  return backbone instanceof UseLiteBackbone ? USE_LITE_MAX_TOKENS : null;
}
