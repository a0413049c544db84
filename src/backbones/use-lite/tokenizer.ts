/**
 * The SentencePiece-unigram tokenizer of Universal Sentence Encoder lite: Viterbi search over
 * the 8k vocabulary for the most likely segmentation. It reproduces the reference port in
 * `@tensorflow-models/universal-sentence-encoder` token for token, including its quirks:
 * symbols are UTF-16 code units (not code points), ties go to the later candidate, a path
 * score of exactly 0 counts as "unset", and runs of unknown symbols merge into one id 0.
 * Unlike the reference it walks the trie in place (no array slicing per position), so a
 * text of n code units costs O(n × longest piece) instead of O(n²).
 */

/** A vocabulary row as shipped in vocab.json: [piece, log-probability score]. */
export type VocabEntry = readonly [string, number];

/** Word-boundary marker that replaces spaces (U+2581 LOWER ONE EIGHTH BLOCK). */
const SEPARATOR = '\u2581';
/** Ids 0..5 are unk, control and user-defined symbols; they never match text. */
const RESERVED_SYMBOLS = 6;
const UNKNOWN_ID = 0;

/**
 * The longest token sequence the USE-lite graph reads: its `ClipToMaxLength` node drops every
 * token at position ≥ 128. Truncating to the same limit before the graph gives identical
 * vectors while sending less data, and lets `countTruncated` say honestly which texts lost words.
 */
export const MAX_TOKENS = 128;

/** First prefix tried by encodeTruncated, in characters per token wanted (English runs about 4–5). */
const PREFIX_CHARS_PER_TOKEN = 6;

export class UseTokenizer {
  /** Trie as parallel arrays; node 0 is the root. */
  private readonly children: Map<number, number>[] = [new Map()];
  private readonly pieceId: number[] = [-1];
  private readonly pieceScore: number[] = [0];
  /** String length of each vocabulary piece, used by the backward pass as the reference does. */
  private readonly pieceLength: Int32Array;
  /** Whether a segmentation always breaks before a word marker (see encodeTruncated). */
  private readonly breaksAtSpaces: boolean;

  constructor(vocabulary: readonly VocabEntry[]) {
    this.pieceLength = Int32Array.from(vocabulary, ([piece]) => piece.length);
    this.breaksAtSpaces = this.pieceLength[UNKNOWN_ID] === 1 &&
      vocabulary.every(([piece], id) => id < RESERVED_SYMBOLS || piece.indexOf(SEPARATOR, 1) < 0);
    for (let id = RESERVED_SYMBOLS; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      if (piece.length === 0) continue;
      let node = 0;
      for (let k = 0; k < piece.length; k++) {
        const c = piece.charCodeAt(k);
        let next = this.children[node]!.get(c);
        if (next === undefined) {
          next = this.children.length;
          this.children.push(new Map());
          this.pieceId.push(-1);
          this.pieceScore.push(0);
          this.children[node]!.set(c, next);
        }
        node = next;
      }
      // A later duplicate overwrites an earlier one, as in the reference trie.
      this.pieceId[node] = id;
      this.pieceScore[node] = score;
    }
  }

  /** Token ids of the whole text (no truncation). */
  encode(text: string): number[] {
    return this.segment(text.normalize('NFKC'));
  }

  /**
   * Token ids cut to the model's limit, and whether anything was cut. Only as much of the text
   * is segmented as gives more than `limit` tokens (a long e-mail costs what its first words
   * cost): no vocabulary piece holds the word marker after its first symbol and an unknown
   * symbol is one unit (both checked when the vocabulary is read), so every segmentation breaks
   * before each space, and the segmentation of the text up to a space is the start of the whole
   * text's, token for token.
   */
  encodeTruncated(text: string, limit = MAX_TOKENS): { ids: number[]; truncated: boolean } {
    const normalized = text.normalize('NFKC');
    if (this.breaksAtSpaces) {
      for (let chars = limit * PREFIX_CHARS_PER_TOKEN; chars < normalized.length; chars *= 2) {
        const space = normalized.indexOf(' ', chars);
        if (space < 0) break;
        const ids = this.segment(normalized.slice(0, space));
        if (ids.length > limit) return { ids: ids.slice(0, limit), truncated: true };
      }
    }
    const ids = this.segment(normalized);
    return ids.length > limit ? { ids: ids.slice(0, limit), truncated: true } : { ids, truncated: false };
  }

  /** Viterbi segmentation of an NFKC-normalized text. */
  private segment(normalized: string): number[] {
    if (normalized.length === 0) return [];
    const s = SEPARATOR + normalized.replaceAll(' ', SEPARATOR);
    const n = s.length;
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);

    // Forward pass. Relaxing end positions from each start in increasing start order visits
    // every (start, end) pair in the same order as the reference's lattice walk, so ties and
    // the "0 means unset" rule resolve identically.
    for (let i = 0; i < n; i++) {
      const base = best[i]!;
      let node = 0;
      let matched = false;
      for (let k = i; k < n; k++) {
        const next = this.children[node]!.get(s.charCodeAt(k));
        if (next === undefined) break;
        node = next;
        const id = this.pieceId[node]!;
        if (id < 0) continue;
        matched = true;
        relax(best, words, k + 1, this.pieceScore[node]! + base, id);
      }
      if (!matched) relax(best, words, i + 1, base, UNKNOWN_ID);
    }

    // Backward pass, then merge runs of unknowns.
    const reversed: number[] = [];
    let previousUnknown = false;
    for (let end = n; end > 0; end -= this.pieceLength[words[end]!]!) {
      const id = words[end]!;
      if (!(previousUnknown && id === UNKNOWN_ID)) reversed.push(id);
      previousUnknown = id === UNKNOWN_ID;
    }
    return reversed.reverse();
  }
}

function relax(best: Float64Array, words: Int32Array, end: number, score: number, id: number): void {
  const current = best[end]!;
  if (current === 0 || score >= current) {
    best[end] = score;
    words[end] = id;
  }
}
