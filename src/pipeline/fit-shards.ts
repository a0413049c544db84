/**
 * How many shards a fit splits its head into when `shards` is not given (SISA unlearning: see
 * heads/sharded). A forget refits the shards that held the forgotten rows; with one shard it
 * refits the whole head, which for logistic on 10,000 rows takes 3–6 s against the 1 s goal.
 *
 * The default splits only where it is needed and cheap:
 * - only heads tagged `shardedByDefault` (logistic, the default head): a centroid refit is
 *   already a fraction of a second whole, and knn loses 0.6–3.4 points when sharded
 *   (bench/RESULTS.md "## unlearn", "The price of sharding");
 * - one head while its whole refit is estimated to fit REFIT_BUDGET_CPU_S (so small and
 *   few-shot sets fit exactly as they did before the default existed);
 * - above that, the fewest shards whose sub-head refit fits the budget;
 * - never so many that a sub-head would see fewer than MIN_ROWS_PER_CLASS examples of the rarest
 *   label (many-class data is not starved: below two shards it stays one head).
 * An explicit `shards` (1 = one head) always wins.
 */
import { UsageError } from '../core/index.js';
import { MAX_SHARDS, tagsOf } from '../heads/index.js';
import type { Strategy } from '../heads/index.js';

/**
 * CPU-seconds a forget may spend refitting the sub-head: the 1 s goal less what every forget
 * costs besides, measured at S = 20 (bench/RESULTS.md "## unlearn": reading the cached embeddings
 * 0.1–0.4 s, hashing the rows for the shards and the detector ~0.15 s, refitting the novelty
 * detector 0.1–0.4 s, writes + audit 0.1–0.3 s; about 0.7 s in the middle of those ranges).
 */
export const REFIT_BUDGET_CPU_S = 0.25;

/**
 * Cost model of one calibrated-logistic refit (C by inner CV, then the temperature) in
 * CPU-seconds: `REFIT_FIXED_CPU_S + rows · classes · (per row·class)`, the latter
 * REFIT_CPU_S_PER_ROW_CLASS_BINARY for 2 labels, REFIT_CPU_S_PER_ROW_CLASS for more. From
 * `npx tsx bench/unlearn/shard-cost.ts` (2026-12-06, load 27–35, use-lite vectors; CPU-seconds
 * of one refit, after the first fit of the process): sst2 (2 labels) 0.12 s at 1,000 rows, 0.26 at
 * 2,000, 0.50 at 4,000 (62–64 µs per row·class); ag_news (4) 0.42 s at 1,000 rows, 0.96 at 2,000
 * (105–121 µs); banking77 (77) 9.6 s at 1,000 rows, 19.3 at 2,000 (120–125 µs). The largest of
 * each kind is kept. Larger fits cost a little more per row (sst2 at 8,000: 87 µs), and the
 * smallest more than linear (the C search's fixed part), so the estimate is rough either way.
 */
export const REFIT_FIXED_CPU_S = 0.02;
export const REFIT_CPU_S_PER_ROW_CLASS_BINARY = 64e-6;
export const REFIT_CPU_S_PER_ROW_CLASS = 125e-6;

/**
 * Fewest examples of the rarest label each sub-head must get on average. Above 32 so that every
 * few-shot set (bench/fewshot.ts: up to 64 per class) stays one head; at 50 a sub-head's C search
 * and temperature still see 50 rows of every label (banking77's rarest intent has 35 examples in
 * all, so banking77 stays one head: bench/RESULTS.md "### Sharding by default").
 */
export const MIN_ROWS_PER_CLASS = 50;

/** How a fit's shard count was chosen, reported with the fit. */
export interface ShardChoice {
  /** Sub-heads the head is split into (1: one head on all examples). */
  shards: number;
  /** `option`: given by the caller; `default`: chosen from the data by the rules above. */
  by: 'option' | 'default';
  /** Why this many, in a sentence (for the fit's output). */
  why: string;
  /** CPU-seconds a forget's head refit is estimated to take: the whole head when unsharded, one sub-head otherwise (default logistic only). */
  refitCpuSeconds?: number;
}

/** Estimated CPU-seconds of one calibrated-logistic refit on `rows` rows of `classes` labels. */
export function refitCpuSeconds(rows: number, classes: number): number {
  const K = Math.max(classes, 2);
  return REFIT_FIXED_CPU_S + rows * K * (K === 2 ? REFIT_CPU_S_PER_ROW_CLASS_BINARY : REFIT_CPU_S_PER_ROW_CLASS);
}

/**
 * The shard count of a fit of `kind` on labels `y` (0..classes−1); `given` (the caller's
 * `shards`) wins: a whole number 1..MAX_SHARDS, else a UsageError.
 *
 * @example
 * chooseShards(createStrategy('logistic'), y, 2).shards; // 1 for 2,000 rows, 5 for 10,000
 */
export function chooseShards(head: Pick<Strategy, 'kind' | 'tags'>, y: Int32Array, classes: number, given?: number): ShardChoice {
  if (given !== undefined) {
    checkShards(given);
    return { shards: given, by: 'option', why: given === 1 ? 'one head, as asked' : `${given} shards, as asked` };
  }
  if (!tagsOf(head).shardedByDefault) {
    return { shards: 1, by: 'default', why: `${head.kind} heads are not sharded unless asked` };
  }
  const n = y.length;
  const whole = refitCpuSeconds(n, classes);
  if (whole <= REFIT_BUDGET_CPU_S) {
    return { shards: 1, by: 'default', why: `a whole refit of ${n} examples is fast enough`, refitCpuSeconds: whole };
  }
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) counts[y[i]!]!++;
  const rarest = Math.min(...counts);
  const most = Math.min(MAX_SHARDS, Math.floor(rarest / MIN_ROWS_PER_CLASS));
  let S = 2;
  while (S < most && refitCpuSeconds(Math.ceil(n / S), classes) > REFIT_BUDGET_CPU_S) S++;
  if (most < 2) {
    return {
      shards: 1, by: 'default', refitCpuSeconds: whole,
      why: `the rarest label has ${rarest} examples, too few to split (each sub-head needs ${MIN_ROWS_PER_CLASS} of every label)`,
    };
  }
  return { shards: S, by: 'default', why: `so a forget refits one sub-head of about ${Math.ceil(n / S)} examples`, refitCpuSeconds: refitCpuSeconds(Math.ceil(n / S), classes) };
}

/** UsageError unless `given` is a whole number from 1 (one head) to MAX_SHARDS. */
export function checkShards(given: number): void {
  if (!Number.isInteger(given) || given < 1 || given > MAX_SHARDS) {
    throw new UsageError(`shards must be a whole number from 1 (one head) to ${MAX_SHARDS}, got ${String(given)}; omit it to let the fit choose.`, 'bad_shards');
  }
}
