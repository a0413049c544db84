/**
 * Explanations for any head: why did it predict this label for this text?
 *
 * - per-label probabilities and, when the head offers `explain`, its own per-label scores;
 * - per-label similarity: cosine similarity of the text to each label's mean training embedding;
 * - the nearest training examples (by embedding) and which label they carry;
 * - word attributions by occlusion: remove one word, re-embed, and measure how much the
 *   predicted label's probability drops (positive = the word supports the prediction).
 *
 * Returned as data (`TextExplanation`); `formatExplanation` renders a readable table.
 */
import { Matrix, UsageError } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Backbone } from '../backbones/index.js';
import type { FittedHead } from '../heads/index.js';
import { wordSpans, withoutSpan } from './words.js';

export { formatExplanation } from './format.js';
export { wordSpans } from './words.js';
export type { WordSpan } from './words.js';

/** The training set the neighbours come from: embeddings, labels and (redacted) texts. */
export interface ExplainReference {
  X: Matrix;
  labels: readonly string[];
  /** Texts as stored (already redacted by the task's privacy policy); omitted when not kept. */
  texts?: readonly string[];
}

export interface ExplainOptions extends JobOptions {
  reference?: ExplainReference;
  /** Neighbours to return (default 5). */
  neighbours?: number;
  /** Occlude at most this many words (the first ones); longer texts are truncated for attribution (default 64). */
  maxWords?: number;
}

export interface WordAttribution {
  word: string;
  start: number;
  end: number;
  /** p(predicted label | text) − p(predicted label | text without this word). */
  delta: number;
}

export interface TextExplanation {
  text: string;
  label: string;
  probability: number;
  probabilities: Record<string, number>;
  /** The head's own per-label scores (`head.explain`), when it has them. */
  headScores?: Record<string, number>;
  /** Cosine similarity to each label's mean reference embedding (needs a reference). */
  labelSimilarity?: Record<string, number>;
  neighbours: { index: number; label: string; similarity: number; text?: string }[];
  attributions: WordAttribution[];
  /** Words beyond `maxWords` that were not occluded. */
  wordsSkipped: number;
}

/**
 * Explains one prediction.
 *
 * @example
 * const e = await explainText(backbone, head, 'Where is my card?', { reference: { X, labels, texts } });
 * console.log(formatExplanation(e));
 */
export async function explainText(backbone: Backbone, head: FittedHead, text: string, opts: ExplainOptions = {}): Promise<TextExplanation> {
  const [e] = await explainTexts(backbone, head, [text], opts);
  return e!;
}

/** Explains several texts with one embedding call for all their occlusions. */
export async function explainTexts(
  backbone: Backbone, head: FittedHead, texts: readonly string[], opts: ExplainOptions = {},
): Promise<TextExplanation[]> {
  if (backbone.dim !== head.dim) {
    throw new UsageError(`explain: backbone ${backbone.id} gives ${backbone.dim}-d vectors but the head expects ${head.dim}.`, 'dim_mismatch');
  }
  const maxWords = opts.maxWords ?? 64;
  const spans = texts.map((t) => wordSpans(t).slice(0, maxWords));
  const variants = texts.flatMap((t, i) => [t, ...spans[i]!.map((s) => withoutSpan(t, s))]);
  const E = await backbone.embed(variants, { signal: opts.signal, onProgress: opts.onProgress });
  const P = head.predictProba(E);
  const out: TextExplanation[] = [];
  let row = 0;
  for (let i = 0; i < texts.length; i++) {
    const base = row;
    const p = P.row(base);
    let best = 0;
    for (let j = 1; j < p.length; j++) if (p[j]! > p[best]!) best = j;
    const attributions = spans[i]!.map((s, w) => ({ ...s, delta: p[best]! - P.get(base + 1 + w, best) }));
    const x = E.row(base);
    const e: TextExplanation = {
      text: texts[i]!,
      label: head.labels[best]!,
      probability: p[best]!,
      probabilities: Object.fromEntries(head.labels.map((l, j) => [l, p[j]!])),
      neighbours: opts.reference ? nearest(x, opts.reference, opts.neighbours ?? 5) : [],
      attributions,
      wordsSkipped: wordSpans(texts[i]!).length - spans[i]!.length,
    };
    if (head.explain) e.headScores = head.explain(x.slice()).scores;
    if (opts.reference) e.labelSimilarity = labelSimilarity(x, opts.reference, head.labels);
    out.push(e);
    row += 1 + spans[i]!.length;
  }
  return out;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i]! * b[i]!; na += a[i]! * a[i]!; nb += b[i]! * b[i]!; }
  return na > 0 && nb > 0 ? d / Math.sqrt(na * nb) : 0;
}

function nearest(x: Float32Array, ref: ExplainReference, k: number): TextExplanation['neighbours'] {
  if (ref.X.rows !== ref.labels.length) {
    throw new UsageError(`explain: reference has ${ref.X.rows} embeddings but ${ref.labels.length} labels.`, 'shape_mismatch');
  }
  const sims = Array.from({ length: ref.X.rows }, (_, i) => ({ index: i, similarity: cosine(x, ref.X.row(i)) }));
  sims.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  return sims.slice(0, k).map((s) => ({
    ...s, label: ref.labels[s.index]!, ...(ref.texts ? { text: ref.texts[s.index]! } : {}),
  }));
}

function labelSimilarity(x: Float32Array, ref: ExplainReference, labels: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of labels) {
    const mean = new Float32Array(ref.X.cols);
    let n = 0;
    for (let i = 0; i < ref.X.rows; i++) {
      if (ref.labels[i] !== l) continue;
      const r = ref.X.row(i);
      for (let j = 0; j < r.length; j++) mean[j] = mean[j]! + r[j]!;
      n++;
    }
    out[l] = n > 0 ? cosine(x, mean) : NaN;
  }
  return out;
}
