/**
 * The proportional learning curve: the strategy fitted on random fractions (½, ¼, ⅛, …) of the
 * training rows that keep the data's class proportions, scored on held-out rows. The bench found
 * the per-class curve (n examples of every class) mis-extrapolates on imbalanced data, since its
 * points are balanced samples and the full data is not; this curve has no such mismatch. Its
 * largest point is the full-data score measured elsewhere (the bake-off's), so no fit is repeated.
 *
 * Many classes with few rows each (banking77: 77 classes, ~26 rows a class in a quarter) leave a
 * class with under 2 rows at every fraction but ½; so a class's rows are floored at 2 (all of them
 * when it has fewer), which gives such data sizes per class of about 2, 4, 8, 16, … A fraction is
 * measured while the floor adds at most a quarter of its rows (so it stays nearly proportional) and
 * its size is at most ¾ of the next larger one's (a floored size that repeats another is dropped).
 */
import { Rng, throwIfAborted } from '../core/index.js';
import type { JobOptions, Matrix } from '../core/index.js';
import type { FittedHead, Strategy } from '../heads/index.js';
import { FitPool, accuracy, argmaxRows, confusionMatrix, registrySpec, summarize } from '../eval/index.js';

/** One point of the curve. */
export interface CurveMeasurement {
  /** Training rows the fits used (the x axis). */
  n: number;
  /** Fraction of the training pool, or null for the full-data point. */
  fraction: number | null;
  /** Mean held-out accuracy over the seeds. */
  mean: number;
  /** Standard error of that mean (the full-data point: its bootstrap standard error). */
  se: number;
  seeds: number;
  /** Training rows per class at this point (mean over seeds). */
  classCounts: number[];
  /** Held-out confusion summed over the seeds (rows = true class). */
  confusion: number[][];
}

export interface CurveInput extends JobOptions {
  strategy: Strategy;
  X: Matrix;
  y: Int32Array;
  labels: readonly string[];
  /** Score on these rows; without them each seed holds out its own stratified `holdout` share. */
  test?: { X: Matrix; y: Int32Array };
  seed: number;
  seeds: number;
  /** Fractions of the training pool below 1 (default: ½ down to 1/32). */
  fractions?: readonly number[];
  /** Share held out per seed when there is no test set (default 0.2, as one fold of five). */
  holdout?: number;
  /** The full-data point, measured by the bake-off: rows trained on, accuracy, its standard error, its confusion. */
  full: { n: number; accuracy: number; se: number; confusion: number[][] };
  /** Threads each fit in this thread may use (`FitOptions.threads`; default 1). The same numbers for any number. */
  threads?: number;
  /**
   * Worker threads for the other seeds' fits when `retune` is given (default 1: every fit in this
   * thread). The same numbers for any number.
   */
  workers?: number;
  /**
   * The strategy the other seeds of a size fit, from the first seed's head: its chosen
   * hyper-parameters fixed (`strategyWithChosen`), so each size searches once instead of once per
   * seed. Absent: every seed fits `strategy` (and searches).
   */
  retune?(head: FittedHead): Strategy;
  /**
   * Called with each head fitted in this thread, in the order fitted: fraction by fraction (smallest
   * first), seed by seed (with worker threads, only each size's first seed).
   */
  onHead?(fraction: number, round: number, head: FittedHead): void;
}

export const DEFAULT_FRACTIONS: readonly number[] = Object.freeze([1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2]);
/** Every class gets at least this many rows at every fraction (all its rows when it has fewer). */
export const MIN_ROWS_PER_CLASS = 2;
/** A fraction is skipped when the floor adds more than this share of its rows. */
const MAX_FLOORED_SHARE = 0.25;
/** A fraction is skipped when its size is more than this share of the next larger size. */
const MAX_SIZE_RATIO = 0.75;

/**
 * More labels per class (every class scaled by the same factor, 1.5× to 16× the data) after which
 * the curve has at least `sizes` sizes, the full-data point included; null when it has them already
 * or when even 16× would not give them.
 *
 * @example
 * labelsForSizes([3, 3, 3], DEFAULT_FRACTIONS, 4); // [9, 9, 9]: at 4× the data, ⅛, ¼, ½ and all of it are measured
 */
export function labelsForSizes(poolCounts: readonly number[], fractions: readonly number[], sizes: number): number[] | null {
  if (usableFractions(poolCounts, fractions).length + 1 >= sizes) return null;
  for (const factor of [1.5, 2, 3, 4, 6, 8, 12, 16]) {
    const scaled = poolCounts.map((c) => Math.ceil(c * factor));
    if (usableFractions(scaled, fractions).length + 1 >= sizes) return scaled.map((c, k) => c - poolCounts[k]!);
  }
  return null;
}

/** Row indices by class, each list shuffled by its own fork of the seed. */
function shuffledByClass(y: Int32Array, K: number, rng: Rng): number[][] {
  const by: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < y.length; i++) by[y[i]!]!.push(i);
  return by.map((rows, k) => rng.fork(k).shuffle(rows));
}

/** Per class: training pool and held-out rows for one seed. */
function splitForSeed(y: Int32Array, K: number, seed: number, holdout: number | undefined): { pool: number[][]; held: number[] } {
  const by = shuffledByClass(y, K, new Rng(seed));
  if (holdout === undefined) return { pool: by, held: [] };
  const held: number[] = [];
  const pool = by.map((rows) => {
    const h = rows.length >= 2 ? Math.max(1, Math.round(rows.length * holdout)) : 0;
    held.push(...rows.slice(0, h));
    return rows.slice(h);
  });
  return { pool, held: held.sort((a, b) => a - b) };
}

/** Rows per class a fraction of the pool takes: proportional, rounded, at least MIN_ROWS_PER_CLASS (at most the class's rows). */
export function fractionCounts(poolCounts: readonly number[], fraction: number): number[] {
  return poolCounts.map((c) => Math.min(c, Math.max(MIN_ROWS_PER_CLASS, Math.round(c * fraction))));
}

/**
 * The fractions worth measuring (ascending): from the largest down, a fraction is kept while the
 * floor adds at most MAX_FLOORED_SHARE of its rows and its size is at most MAX_SIZE_RATIO of the
 * size above it (the full pool above the largest).
 *
 * @example
 * usableFractions([26, 26, 7], [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2]); // [1/8, 1/4, 1/2]
 */
export function usableFractions(poolCounts: readonly number[], fractions: readonly number[]): number[] {
  const kept: number[] = [];
  let above = poolCounts.reduce((a, b) => a + b, 0);
  for (const f of [...fractions].sort((a, b) => b - a)) {
    const counts = fractionCounts(poolCounts, f);
    const n = counts.reduce((a, b) => a + b, 0);
    const floored = counts.reduce((s, c, k) => s + Math.max(0, c - Math.round(poolCounts[k]! * f)), 0);
    if (floored > MAX_FLOORED_SHARE * n || n > MAX_SIZE_RATIO * above) continue;
    kept.unshift(f);
    above = n;
  }
  return kept;
}

/** One size's measurements as its fits come in (in any order; each seed has its slot). */
interface SizeTally {
  fraction: number;
  accs: number[];
  confusion: number[][];
  counts: number[];
  n: number;
}

/**
 * Measures the curve. Samples are nested (a seed's ⅛ is inside its ¼), so the curve compares like
 * with like; each seed also draws its own held-out rows when there is no test set, so the spread
 * over seeds includes the held-out sampling. With `retune`, each size's first seed searches in this
 * thread and the other seeds fit its choice, on `workers` worker threads (a `FitPool` on the
 * embeddings in shared memory) while this thread goes on to the next size's search; the numbers are
 * the same with any number of workers. Cancelling throws CancelledError.
 *
 * @example
 * const points = await proportionalCurve({ strategy, X, y, labels, seed: 42, seeds: 3, full: { n: 800, accuracy: 0.91, se: 0.01, confusion } });
 */
export async function proportionalCurve(o: CurveInput): Promise<CurveMeasurement[]> {
  const K = o.labels.length;
  const fractions = [...(o.fractions ?? DEFAULT_FRACTIONS)].filter((f) => f > 0 && f < 1).sort((a, b) => a - b);
  const holdout = o.test ? undefined : (o.holdout ?? 0.2);
  const splits = Array.from({ length: o.seeds }, (_, r) => splitForSeed(o.y, K, o.seed + 7919 * (r + 1), holdout));
  const poolCounts = splits[0]!.pool.map((rows) => rows.length);
  const usable = usableFractions(poolCounts, fractions);
  const total = usable.length * o.seeds;
  let done = 0;
  o.onProgress?.({ phase: 'advise: learning curve', done, total, unit: 'fits' });
  const tallies: SizeTally[] = usable.map((fraction) => ({
    fraction, accs: new Array<number>(o.seeds).fill(Number.NaN), confusion: Array.from({ length: K }, () => new Array<number>(K).fill(0)), counts: new Array<number>(K).fill(0), n: 0,
  }));
  const workers = o.retune && o.seeds > 1 ? (o.workers ?? 1) : 1;
  const pool = workers > 1 ? new FitPool(workers, { train: o.X, yTrain: o.y, ...(o.test ? { test: o.test.X, yTest: o.test.y } : {}), labels: o.labels }) : undefined;
  const cancel = (): void => void pool?.close();
  o.signal?.addEventListener('abort', cancel, { once: true });
  const pending: Promise<void>[] = [];
  try {
    for (const tally of tallies) {
      let strategy = o.strategy;
      let spec: ReturnType<typeof registrySpec>;
      for (let r = 0; r < o.seeds; r++) {
        throwIfAborted(o.signal);
        const { pool: byClass, held } = splits[r]!;
        const take = fractionCounts(byClass.map((rows) => rows.length), tally.fraction);
        const rows = Int32Array.from(byClass.flatMap((p, k) => p.slice(0, take[k]!))).sort();
        take.forEach((t, k) => { tally.counts[k]! += t / o.seeds; });
        tally.n += rows.length / o.seeds;
        const yh = o.test ? o.test.y : Int32Array.from(held, (i) => o.y[i]!);
        const score = (proba: Matrix): void => {
          const pred = argmaxRows(proba);
          tally.accs[r] = accuracy(yh, pred);
          confusionMatrix(yh, pred, K).forEach((row, a) => row.forEach((v, b) => { tally.confusion[a]![b]! += v; }));
          o.onProgress?.({ phase: 'advise: learning curve', done: ++done, total, unit: 'fits' });
        };
        if (pool && spec && r > 0) {
          // Only scored, then dropped (scoreOnly); train accuracy is not read, so it is scored on one row (cap)
          const job = pool.run(spec.kind, spec.params, { trainRows: rows, held: o.test ? 'test' : Int32Array.from(held), seed: o.seed + r, cap: 1, scoreOnly: true });
          const scored = job.then((j) => score(j.proba));
          scored.catch(() => undefined); // awaited below; a rejection before then is not unhandled
          pending.push(scored);
          continue;
        }
        // Only scored, then dropped: the fit may stop at the precision a score needs (FitOptions.scoreOnly)
        const head = await strategy.fit(o.X.selectRows(rows), Int32Array.from(rows, (i) => o.y[i]!), { seed: o.seed + r, labels: o.labels, signal: o.signal, scoreOnly: true, threads: o.threads });
        throwIfAborted(o.signal);
        if (r === 0 && o.retune) {
          strategy = o.retune(head);
          spec = registrySpec(strategy);
        }
        o.onHead?.(tally.fraction, r, head);
        score(head.predictProba(o.test ? o.test.X : o.X.selectRows(held)));
      }
    }
    await Promise.all(pending);
  } catch (e) {
    throwIfAborted(o.signal); // a cancelled pool's jobs fail; the cancel is what happened
    throw e;
  } finally {
    o.signal?.removeEventListener('abort', cancel);
    await pool?.close();
  }
  const points: CurveMeasurement[] = tallies.map((t) => {
    const s = summarize(t.accs);
    return { n: Math.round(t.n), fraction: t.fraction, mean: s.mean, se: s.se, seeds: o.seeds, classCounts: t.counts, confusion: t.confusion };
  });
  // The full-data point: with a test set its rows are fixed, so its only spread is the test
  // sample's, which every point shares; it should not weigh less than the points below it.
  const minSe = Math.min(...points.map((p) => p.se).filter((v) => v > 0), Number.POSITIVE_INFINITY);
  const fullCounts = fullClassCounts(o.y, K, o.full.n);
  points.push({
    n: o.full.n, fraction: null, mean: o.full.accuracy, se: o.test && Number.isFinite(minSe) ? Math.min(minSe, o.full.se) : o.full.se,
    seeds: 1, classCounts: fullCounts, confusion: o.full.confusion.map((row) => [...row]),
  });
  return points;
}

/** Rows per class of a fit on `n` of the training rows, in the data's proportions. */
function fullClassCounts(y: Int32Array, K: number, n: number): number[] {
  const counts = new Array<number>(K).fill(0);
  for (const k of y) counts[k]!++;
  return counts.map((c) => (c * n) / y.length);
}
