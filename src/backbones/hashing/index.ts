/**
 * The hashing backbone: a bag of hashed word uni/bi-grams and character 3–5-grams. It has no
 * pretraining and stands for "a narrow model trained from scratch" in comparisons.
 *
 * Design, since a Backbone embeds without a fit step:
 * - No IDF. IDF needs corpus statistics, so the same text would get a different vector in
 *   another corpus and the cache key (backbone id + text) would lie. Instead each feature
 *   weighs 1 + ln(count) (sublinear TF), which damps repeats inside a text; the head on top
 *   learns per-feature weights, which is what IDF approximates.
 * - Signed hashing (Weinberger et al. 2009): one hash bit picks ±1, so colliding features
 *   cancel in expectation instead of piling up.
 * - Three families (words, word pairs, character n-grams inside words) are each scaled to
 *   unit length before they are summed, so the ~10× more numerous character n-grams do not
 *   drown the words; the sum is scaled to unit length again.
 * - Default 4096 dimensions (2^12): every head takes a dense Float32 matrix, so 10,000 texts
 *   cost 164 MB at 4096-d but 655 MB at 2^14; collisions at 4096 cost a few points of accuracy
 *   at most on small task data, where signed hashing keeps them unbiased.
 */
import { Matrix, UsageError, throwIfAborted } from '../../core/index.js';
import type { Backbone, EmbedOptions } from '../backbone.js';

export interface HashingOptions {
  /** Vector length, a power of two from 64 to 1,048,576; default 4096. */
  dim?: number;
}

const WORD_SEED = 0x9747b28c;
const PAIR_SEED = 0x5bd1e995;
const CHAR_SEED = 0x1b873593;
/** Family weights after each family is scaled to unit length. */
const WORD_WEIGHT = 1;
const PAIR_WEIGHT = 0.5;
const CHAR_WEIGHT = 1;
/** A word (letters, marks, digits) or one other non-space symbol such as "!" or "$". */
const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;
const IS_WORD = /^[\p{L}\p{M}\p{N}]/u;

/**
 * @example
 * const X = await new HashingBackbone({ dim: 4096 }).embed(['free money now', 'meeting at 3pm']);
 */
export class HashingBackbone implements Backbone {
  readonly id: string;
  readonly dim: number;
  private readonly mask: number;
  private work: Work | undefined;

  constructor(opts: HashingOptions = {}) {
    const dim = opts.dim ?? 4096;
    if (!Number.isInteger(dim) || dim < 64 || dim > 1 << 20 || (dim & (dim - 1)) !== 0) {
      throw new UsageError(`hashing option dim must be a power of two from 64 to 1048576, got ${dim}.`);
    }
    this.dim = dim;
    this.mask = dim - 1;
    this.id = `hashing@1-d${dim}`;
  }

  /** Every text is read in full: nothing is truncated. */
  countTruncated(): number {
    return 0;
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    const out = new Matrix(texts.length, this.dim);
    const step = 256;
    for (let start = 0; start < texts.length; start += step) {
      throwIfAborted(opts.signal);
      const end = Math.min(texts.length, start + step);
      for (let i = start; i < end; i++) this.embedOne(texts[i]!, out.row(i));
      opts.onProgress?.({ phase: 'embed', done: end, total: texts.length, unit: 'texts' });
      // Yield between chunks so an abort or a progress redraw can run.
      if (end < texts.length) await new Promise((r) => setImmediate(r));
    }
    return out;
  }

  /** A hash function, no weights. */
  weightsBytes(): number {
    return 0;
  }

  async close(): Promise<void> {}

  private embedOne(text: string, row: Float32Array): void {
    const tokens = text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
    const words = new Map<number, number>();
    const pairs = new Map<number, number>();
    const chars = new Map<number, number>();
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      count(words, hashString(token, 0, token.length, WORD_SEED));
      if (t > 0) count(pairs, hashString(tokens[t - 1]! + ' ' + token, 0, tokens[t - 1]!.length + 1 + token.length, PAIR_SEED));
      if (IS_WORD.test(token)) {
        const padded = `<${token}>`;
        for (let n = 3; n <= 5; n++) {
          for (let s = 0; s + n <= padded.length; s++) count(chars, hashString(padded, s, s + n, CHAR_SEED + n));
        }
      }
    }
    const w = (this.work ??= new Work(this.dim));
    w.startText();
    w.addFamily(words, WORD_WEIGHT, this.mask);
    w.addFamily(pairs, PAIR_WEIGHT, this.mask);
    w.addFamily(chars, CHAR_WEIGHT, this.mask);
    w.writeUnit(row);
  }
}

function count(m: Map<number, number>, h: number): void {
  m.set(h, (m.get(h) ?? 0) + 1);
}

/**
 * A text's scratch space, kept by the backbone between texts (embedOne never awaits, so texts
 * never share it at once). The vector is the dense definition — per family, sublinear TF with
 * signed hashing, scaled to unit length and added to the total; the total scaled to unit length
 * — computed over the buckets a text touches only (tens, of 4,096): untouched buckets hold 0,
 * which adds nothing to a sum of squares or to the total, and sums of squares run over the
 * touched buckets in ascending order, as the dense loops ran over all of them, so every float
 * is the same, bit for bit. (Two 4,096-long Float64 arrays per text, filled and swept five
 * times, were most of a short text's cost and its garbage.)
 */
class Work {
  private readonly scratch: Float64Array;
  private readonly total: Float64Array;
  /** Buckets the current family (`scratch`) and the current text (`total`) have written. */
  private readonly family: TouchedBuckets;
  private readonly text: TouchedBuckets;

  constructor(dim: number) {
    this.scratch = new Float64Array(dim);
    this.total = new Float64Array(dim);
    this.family = new TouchedBuckets(dim);
    this.text = new TouchedBuckets(dim);
  }

  startText(): void {
    this.text.clear();
  }

  /** Sublinear TF with signed hashing, scaled to unit length, added to the text's total. */
  addFamily(m: Map<number, number>, weight: number, mask: number): void {
    if (m.size === 0) return;
    const { scratch, total, family, text } = this;
    family.clear();
    for (const [h, c] of m) {
      const j = h & mask;
      if (family.add(j)) scratch[j] = 0;
      scratch[j]! += (h < 0 ? -1 : 1) * (1 + Math.log(c));
    }
    const touched = family.sorted();
    let sq = 0;
    for (let k = 0; k < touched.length; k++) sq += scratch[touched[k]!]! * scratch[touched[k]!]!;
    if (sq === 0) return;
    const scale = weight / Math.sqrt(sq);
    for (let k = 0; k < touched.length; k++) {
      const j = touched[k]!;
      if (text.add(j)) total[j] = 0;
      total[j]! += scratch[j]! * scale;
    }
  }

  /** The total scaled to unit length into `row` (all zeros: the zero vector stays zero). */
  writeUnit(row: Float32Array): void {
    const { total } = this;
    const touched = this.text.sorted();
    let sq = 0;
    for (let k = 0; k < touched.length; k++) sq += total[touched[k]!]! * total[touched[k]!]!;
    const norm = Math.sqrt(sq) || 1;
    for (let k = 0; k < touched.length; k++) row[touched[k]!] = total[touched[k]!]! / norm;
  }
}

/**
 * A set of bucket indices, emptied in O(1): a bucket is in it when its stamp is the current
 * generation, so nothing is cleared between uses (the stamps are reset once in 2^31 uses).
 */
class TouchedBuckets {
  private readonly stamp: Int32Array;
  private gen = 0;
  private readonly list: Int32Array;
  private size = 0;

  constructor(dim: number) {
    this.stamp = new Int32Array(dim);
    this.list = new Int32Array(dim);
  }

  clear(): void {
    this.size = 0;
    if (++this.gen === 0x7fffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
  }

  /** Adds bucket `j`; true when it was not in the set (the caller's value there is then stale). */
  add(j: number): boolean {
    if (this.stamp[j] === this.gen) return false;
    this.stamp[j] = this.gen;
    this.list[this.size++] = j;
    return true;
  }

  /** The buckets, in ascending order. */
  sorted(): Int32Array {
    return this.list.subarray(0, this.size).sort();
  }
}

/**
 * MurmurHash3-style 32-bit hash of s[from..to) by UTF-16 code unit, as a signed int: the sign
 * bit picks the feature's sign, the low bits its bucket. Stable across processes and machines.
 */
export function hashString(s: string, from: number, to: number, seed: number): number {
  let h = seed | 0;
  for (let i = from; i < to; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= to - from;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
