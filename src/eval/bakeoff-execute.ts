/**
 * The bake-off's executor: runs one backbone's planned fits, in this thread or on a pool of
 * worker threads, and returns what they measured (held-out probabilities, train accuracy,
 * temperatures). With a pool, every pooled learning-curve unit starts first, costliest first,
 * and this thread does the full-set fits, calibration, the path and the OOD section meanwhile,
 * never waiting on the pool while it has work. Same numbers either way.
 */
import { Matrix, throwIfAborted } from '../core/index.js';
import { applyTemperature, calibrated } from '../heads/index.js';
import type { FitOptions, FittedHead, Strategy } from '../heads/index.js';
import type { Fold } from '../math/index.js';
import type { BakeoffResult } from './bakeoff-result.js';
import { evaluateOod } from './bakeoff-ood.js';
import type { BakeoffPath } from './bakeoff.js';
import type { BackbonePlan, BakeoffPlan, PlannedFit, Split } from './bakeoff-plan.js';
import { pick } from './bakeoff-plan.js';
import { sampleFewShot } from './few-shot.js';
import { strategyWithChosen } from './chosen.js';
import { FitPool, registrySpec, scoreFit, trainAccuracyOf } from './fit-job.js';
import type { Chosen, FitJob, JobScore } from './fit-job.js';
import { accuracy, argmaxRows, macroF1 } from './metrics.js';

/** Held-out probabilities of one fit (or of pooled fold fits under CV). */
export interface Outcome {
  yTrue: Int32Array;
  yPred: Int32Array;
  proba: Matrix;
  trainAccuracy: number;
}

/** One full-training-set fit, kept for calibration and the regularization path to reuse. */
export interface FullFit {
  train: Split;
  held: Split;
  head: FittedHead;
  proba: Matrix;
  trainAccuracy: number;
}

type Scored = { proba: Matrix; trainAccuracy: number };
/** A learning-curve unit's scores: held-out accuracy and macro-F1, train accuracy. */
export interface UnitScore {
  acc: number;
  f1: number;
  trainAcc: number;
}

/** What one strategy's fits measured on one backbone. */
export interface StrategyMeasurement {
  /** The full-set fits, one per full split. */
  fulls: FullFit[];
  /** Calibrated: the full-set probabilities tempered, and the temperature (with a test set). */
  calibration?: { tempered: FullFit[]; temperature: number | null };
  /** The path's fits in the order of its values. */
  path?: Scored[];
  /** The curve units: per size (plan order), per seed round. */
  curve: UnitScore[][];
}

export interface BackboneMeasurement {
  strategies: StrategyMeasurement[];
  ood: BakeoffResult['ood'][number];
}

/** Held-out predictions of fold fits pooled into one prediction per training row (CV). */
export function pool(fits: readonly Scored[], folds: readonly Fold[], rows: number, K: number, y: Int32Array): Outcome {
  const proba = new Matrix(rows, K);
  let trainAcc = 0;
  fits.forEach((f, i) => {
    const test = folds[i]!.test;
    for (let r = 0; r < test.length; r++) proba.data.set(f.proba.row(r), test[r]! * K);
    trainAcc += f.trainAccuracy / fits.length;
  });
  return { yTrue: y, yPred: argmaxRows(proba), proba, trainAccuracy: trainAcc };
}

/** Runs one backbone's plan; `tick` reports each finished unit. */
export async function executeBackbone(plan: BakeoffPlan, bp: BackbonePlan, tick: () => void): Promise<BackboneMeasurement> {
  const { opts, labels, K, cap, seeds } = plan;
  const { train, test, data } = bp;
  const specs = bp.strategies.map(registrySpec);
  const fitPool = (opts.workers ?? 1) > 1 && specs.some(Boolean) ? new FitPool(opts.workers!, data) : undefined;
  const runJob = (strategy: Strategy, spec: ReturnType<typeof registrySpec>, job: FitJob): Promise<JobScore> =>
    (fitPool && spec ? fitPool.run(spec.kind, spec.params, job) : scoreFit(strategy, data, job, opts.signal));
  /**
   * One curve unit: sample `perClass` per class with seed + r, fit, score (pooled over folds
   * under CV). Its head is only scored, so it may stop at the precision a score needs
   * (`scoreOnly`); the full-set fits are the heads `graft fit` would save, at full tolerance.
   */
  const unit = async (strategy: Strategy, spec: ReturnType<typeof registrySpec>, perClass: number, r: number): Promise<UnitScore & { chosen?: Chosen }> => {
    const seed = opts.seed + r;
    let o: Outcome;
    let chosen: Chosen = undefined;
    if (test) {
      const f = await runJob(strategy, spec, { trainRows: sampleFewShot(train.y, perClass, K, seed), held: 'test', seed, cap, scoreOnly: true });
      o = { yTrue: test.y, yPred: argmaxRows(f.proba), proba: f.proba, trainAccuracy: f.trainAccuracy };
      chosen = f.chosen;
    } else {
      const folds = plan.foldSets![r]!;
      const jobs: FitJob[] = folds.map((fold) => ({ trainRows: pick(fold.train, sampleFewShot(pick(train.y, fold.train), perClass, K, seed)), held: fold.test, seed, cap, scoreOnly: true }));
      const fits: Scored[] = [];
      if (fitPool && spec) fits.push(...await Promise.all(jobs.map((j) => runJob(strategy, spec, j))));
      else for (const j of jobs) { throwIfAborted(opts.signal); fits.push(await runJob(strategy, spec, j)); }
      o = pool(fits, folds, train.y.length, K, train.y);
    }
    return { acc: accuracy(o.yTrue, o.yPred), f1: macroF1(o.yTrue, o.yPred, K), trainAcc: o.trainAccuracy, ...(chosen ? { chosen } : {}) };
  };
  /**
   * One size's units, seed by seed. With a test set and a strategy the registry rebuilds, the
   * size chooses once (`strategyWithChosen`): its first seed's fit searches (inner CV on that
   * sample's rows only), and the other seeds fit that choice. Under CV every unit searches:
   * one seed's sample holds rows that another seed's folds hold out, so its choice would have
   * seen them. `start(r)` begins seed r's unit once what it needs is in.
   */
  const sizeUnits = (i: number, perClass: number): ((r: number) => Promise<UnitScore>) => {
    const strategy = bp.strategies[i]!, spec = specs[i];
    if (!test || !spec) return (r) => unit(strategy, spec, perClass, r);
    let first: Promise<UnitScore & { chosen?: Chosen }> | undefined;
    return (r) => {
      if (r === 0) return (first ??= unit(strategy, spec, perClass, 0));
      if (!first) throw new Error(`bake-off: seed ${r} of ${perClass} per class started before its first seed`);
      return first.then((f) => {
        const fixed = strategyWithChosen(strategy, f.chosen);
        return unit(fixed, registrySpec(fixed), perClass, r);
      });
    };
  };
  const curveFits = bp.fits.filter((f): f is Extract<PlannedFit, { kind: 'curve' }> => f.kind === 'curve');
  const units = new Map<string, (r: number) => Promise<UnitScore>>();
  const unitsOf = (i: number, perClass: number): ((r: number) => Promise<UnitScore>) => {
    const key = `${i}:${perClass}`;
    let u = units.get(key);
    if (!u) units.set(key, (u = sizeUnits(i, perClass)));
    return u;
  };
  // With a pool, every pooled curve unit starts now and runs while this thread does the rest; a
  // later seed that fits its first seed's choice joins the pool's queue once that choice is in.
  const started = new Map<string, Promise<UnitScore>>();
  if (fitPool) {
    // the pool runs the costliest first anyway; larger samples are queued first
    for (const f of [...curveFits].sort((a, b) => a.strategy - b.strategy || b.perClass - a.perClass || a.round - b.round)) {
      if (!specs[f.strategy]) continue;
      started.set(`${f.strategy}:${f.perClass}:${f.round}`, background(unitsOf(f.strategy, f.perClass)(f.round).then((v) => { tick(); return v; })));
    }
  }
  // Between this thread's synchronous fits, let I/O in: the pool's replies (so idle workers get
  // their next job), and a server's other requests (its progress stream, a cancel) when the
  // bake-off runs as a job.
  const breathe = (): Promise<void> => new Promise((r) => setImmediate(r));
  const measured: (StrategyMeasurement & { pathDone?: Promise<Scored[]> })[] = [];
  // A full-set fit's independent inner work (logistic's C-search folds) runs on worker threads:
  // without a pool, on fitThreads of them; with one, on as many as the pool has, which is about
  // this thread's event loop more than its cores. A fit here is synchronous and blocks the loop,
  // so the pool could hand no worker its next unit meanwhile: each emptied its IN_FLIGHT units
  // and idled (banking77: the full-set search, 52 of the fit's 90 CPU-seconds, against 64-per-class
  // units of ~20 s). With the folds on threads this thread only awaits them, and the pool's
  // replies, hence its dispatch, go on. Same numbers for any number of threads.
  const fullThreads = fitPool ? opts.workers! : (opts.fitThreads ?? 1);
  try {
    for (const [i, inner] of bp.strategies.entries()) {
      const strategy = new ReuseStrategy(inner);
      const m: StrategyMeasurement & { pathDone?: Promise<Scored[]> } = { fulls: [], curve: [] };
      // The full training set: every seed would draw the same rows, so one fit (one per fold
      // under CV), with the interval from a bootstrap over the held-out rows.
      throwIfAborted(opts.signal);
      for (const [k, sp] of bp.fullSplits.entries()) {
        throwIfAborted(opts.signal);
        const f = await fitOne(bp.splitStrategies?.[k]?.[i] ?? strategy, sp.train, sp.held, labels, opts.seed, cap, opts.signal, fullThreads);
        strategy.remember(sp.train.X, sp.train.y, opts.seed, f.head);
        m.fulls.push(f);
        await breathe();
      }
      tick();
      if (bp.calibrate) {
        m.calibration = await calibrate(strategy, m.fulls, labels, opts.seed, !!test, opts.signal, breathe);
        tick();
      }
      const path = bp.paths[i];
      if (path) m.pathDone = (await runPath(plan, path, bp, m.fulls[0]!, fitPool, tick, breathe)).all;
      measured.push(m);
    }
    // The OOD section needs no head: measured now, while the pool is still busy with curve units.
    throwIfAborted(opts.signal);
    const ood = evaluateOod({
      backbone: bp.embeddings.backbone, train, test, classes: K, seed: opts.seed,
      oodTrain: plan.train.ood.length ? bp.embeddings.train.selectRows(plan.train.ood) : undefined,
      oodTest: plan.test && bp.embeddings.test && plan.test.ood.length ? bp.embeddings.test.selectRows(plan.test.ood) : undefined,
      falseAlarmRate: opts.falseAlarmRate ?? 0.05, signal: opts.signal,
    });
    tick();
    await breathe();
    for (const [i, m] of measured.entries()) {
      if (m.pathDone) m.path = await m.pathDone;
      delete m.pathDone;
      // The learning curve below the full set: one fit per seed (awaited from the pool, or run here).
      for (const perClass of bp.sizes) {
        const scores: UnitScore[] = [];
        for (let r = 0; r < seeds; r++) {
          throwIfAborted(opts.signal);
          const pending = started.get(`${i}:${perClass}:${r}`);
          scores.push(pending ? await pending : await unitsOf(i, perClass)(r));
          if (!pending) { tick(); await breathe(); }
        }
        m.curve.push(scores);
      }
    }
    return { strategies: measured, ood };
  } finally {
    await fitPool?.close();
  }
}

/**
 * Temperature scaling around the full-set fits: the calibrated head's base is the full-set fit
 * (reused, not refitted); only its out-of-fold fits are new. Tempering leaves the arg-max, so
 * accuracy is unchanged.
 */
async function calibrate(
  strategy: Strategy, fulls: readonly FullFit[], labels: readonly string[], seed: number, holdout: boolean,
  signal: AbortSignal | undefined, breathe: () => Promise<void>,
): Promise<{ tempered: FullFit[]; temperature: number | null }> {
  const cal = calibrated(strategy);
  const tempered: FullFit[] = [];
  let temperature: number | null = null;
  for (const f of fulls) {
    throwIfAborted(signal);
    const head = await cal.fit(f.train.X, f.train.y, { seed, labels, signal });
    const T = head.diagnostics.chosen?.temperature as number;
    if (holdout) temperature = T;
    tempered.push({ ...f, proba: applyTemperature(f.proba, T) });
    await breathe();
  }
  return { tempered, temperature };
}

/**
 * The regularization path on the first full split. Each point but the reused one is a fit at a
 * fixed value: a pool job (the rows are the first full split's) when the pool can rebuild the
 * strategy, else fitted here, now. `all` resolves when the pooled points are in too.
 */
async function runPath(
  plan: BakeoffPlan, path: BakeoffPath, bp: BackbonePlan, base: FullFit, fitPool: FitPool | undefined, tick: () => void, breathe: () => Promise<void>,
): Promise<{ all: Promise<Scored[]> }> {
  const { opts, cap, labels } = plan;
  const chosen = base.head.diagnostics.chosen?.[path.param];
  const job: FitJob = bp.test
    ? { trainRows: Int32Array.from({ length: bp.train.y.length }, (_, i) => i), held: 'test', seed: opts.seed, cap }
    : { trainRows: plan.foldSets![0]![0]!.train, held: plan.foldSets![0]![0]!.test, seed: opts.seed, cap };
  const fits: (Promise<Scored> | Scored)[] = [];
  for (const value of path.values) {
    throwIfAborted(opts.signal);
    const reuse = path.reuseChosen && chosen === value;
    const spec = fitPool && !reuse ? registrySpec(path.make(value)) : undefined;
    if (fitPool && spec) {
      fits.push(background(fitPool.run(spec.kind, spec.params, job).then((f) => { tick(); return f; })));
      continue;
    }
    fits.push(reuse ? base : await fitOne(path.make(value), base.train, base.held, labels, opts.seed, cap, opts.signal));
    tick();
    await breathe();
  }
  return { all: background(Promise.all(fits)) };
}

/** A promise awaited later: an early failure is not reported as unhandled meanwhile. */
function background<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

async function fitOne(
  strategy: Strategy, train: Split, held: Split, labels: readonly string[], seed: number, cap: number, signal?: AbortSignal, threads = 1,
): Promise<FullFit> {
  const head = await strategy.fit(train.X, train.y, { seed, labels, signal, threads });
  throwIfAborted(signal);
  return { train, held, head, proba: head.predictProba(held.X), trainAccuracy: trainAccuracyOf(head, train.X, train.y, cap, seed) };
}

/**
 * A strategy that hands back heads it was given for exactly these rows and seed, and fits
 * anything else with the wrapped strategy. It lets calibration's base fit reuse the curve's
 * full-size fit instead of repeating it. Same kind, params and tags as the wrapped strategy.
 */
class ReuseStrategy implements Strategy {
  readonly kind: string;
  readonly params: object;
  readonly tags: Strategy['tags'];
  private readonly known: { X: Matrix; y: Int32Array; seed: number; head: FittedHead }[] = [];

  constructor(private readonly inner: Strategy) {
    this.kind = inner.kind;
    this.params = inner.params;
    this.tags = inner.tags;
  }

  remember(X: Matrix, y: Int32Array, seed: number, head: FittedHead): void {
    this.known.push({ X, y, seed, head });
  }

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    const hit = this.known.find((k) => k.X === X && k.y === y && k.seed === opts.seed);
    return hit ? hit.head : this.inner.fit(X, y, opts);
  }
}
