/**
 * Fine-tuning, estimated: for each reference route (full fine-tuning and LoRA of a base and a
 * large encoder, a hosted fine-tuning API), the expected accuracy range relative to graft's best
 * at this data size, what training costs (FLOPs ≈ 6 × parameters × tokens × epochs, GPU-hours at
 * a stated utilisation, money, wall time) and what serving costs (memory per task, latency).
 * Every number not computed from the data comes from `CONSTANTS`.
 */
import { constant } from './constants.js';
import type { EncoderSize } from './constants.js';
import { applyReduction, estimateGain } from './evidence.js';
import type { GainEstimate } from './evidence.js';

export const ROUTE_IDS = ['finetune-base', 'finetune-large', 'lora-base', 'lora-large', 'hosted-api'] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

/** What the cost model needs to know about the data. */
export interface DataFacts {
  /** Labelled training examples. */
  rows: number;
  classes: number;
  /** Mean tokens per text as a reference encoder reads it (see `tokensPerText`). */
  tokensPerExample: number;
}

export interface RouteEstimate {
  id: RouteId;
  name: string;
  model: string;
  trainableParams: number;
  expected: {
    accuracy: number;
    range: [number, number];
    /** accuracy − graft's best, and its range. */
    gain: number;
    gainRange: [number, number];
  };
  evidence: { rows: string[]; effectiveRows: number; thin: boolean; note: string };
  /** Training compute; null for the hosted route (the provider's hardware is not known). */
  compute: { trainTokens: number; epochs: number; trials: number; flops: number; gpuHours: number; utilisation: number } | null;
  money: { trainingUsd: number; basis: string; per1000PredictionsUsd: number | null };
  wallHours: number;
  serving: {
    /** Bytes each additional task adds. */
    memoryPerTaskBytes: number;
    /** Bytes shared by every task on the route (a LoRA base model); 0 when nothing is shared. */
    sharedBytes: number;
    latencyMs: number;
    /** Whether tasks share one forward pass of the encoder per text, as graft's heads do. */
    sharesForwardPass: boolean;
  };
  /** null when the constraint was not given. */
  withinBudget: boolean | null;
  withinLatency: boolean | null;
  /** False when the route cannot run on this data at all (too few examples for the hosted API). */
  applicable: boolean;
  notes: string[];
}

export interface RouteOptions {
  data: DataFacts;
  /** graft's best measured accuracy on this data (fraction). */
  graftAccuracy: number;
  budgetUsd?: number;
  latencyMs?: number;
  /** Overrides of the price constants (USD). */
  gpuUsdPerHour?: number;
  hostedTrainUsdPerMTokens?: number;
}

/**
 * Tokens per text as the reference encoders read them: characters ÷ `charsPerToken`, plus the
 * two special tokens, cut at `maxSequenceTokens`; the mean over the texts.
 *
 * @example
 * tokensPerText(['short text', 'another one']); // ≈ 5
 */
export function tokensPerText(texts: readonly string[]): number {
  if (texts.length === 0) return 0;
  const cap = constant('maxSequenceTokens');
  const per = constant('charsPerToken');
  return texts.reduce((s, t) => s + Math.min(Math.ceil(t.length / per) + 2, cap), 0) / texts.length;
}

function encoder(size: EncoderSize): { params: number; layers: number; hidden: number; name: string } {
  return size === 'base'
    ? { params: constant('baseParams'), layers: constant('baseLayers'), hidden: constant('baseHidden'), name: 'RoBERTa-base' }
    : { params: constant('largeParams'), layers: constant('largeLayers'), hidden: constant('largeHidden'), name: 'RoBERTa-large' };
}

/** Parameters LoRA trains: rank-r factors of the query and value projections of every layer, plus the classifier. */
export function loraParams(size: EncoderSize, classes: number): number {
  const e = encoder(size);
  const r = constant('loraRank');
  return 2 * e.layers * r * 2 * e.hidden + classifierParams(size, classes);
}

/** The sequence-classification head every route trains: a dense layer and the output layer. */
function classifierParams(size: EncoderSize, classes: number): number {
  const d = encoder(size).hidden;
  return d * d + d + d * classes + classes;
}

/** Epochs a fine-tuning run takes on this many examples. */
export function epochsFor(rows: number): number {
  return rows < constant('smallDataRows') ? constant('epochsSmallData') : constant('epochsLargeData');
}

/**
 * GPU training cost of one route: FLOPs = flopsPerParamToken × parameters × tokens × epochs per
 * run, `trialsPerFineTune` runs, each with `jobOverheadHours` on top.
 *
 * @example
 * gpuCost(125e6, 6, 1000 * 50, 20, 4.1); // { flops: 7.5e15, gpuHours: …, usd: … }
 */
export function gpuCost(params: number, flopsPerParamToken: number, trainTokens: number, epochs: number, usdPerHour: number): { flops: number; gpuHours: number; usd: number; trials: number } {
  const flops = flopsPerParamToken * params * trainTokens * epochs;
  const perRun = flops / (constant('gpuPeakFlops') * constant('gpuUtilisation')) / 3600;
  const trials = constant('trialsPerFineTune');
  const gpuHours = trials * (perRun + constant('jobOverheadHours'));
  return { flops, gpuHours, usd: gpuHours * usdPerHour, trials };
}

/** Milliseconds of one forward pass of `params` parameters over `tokens` tokens on the reference CPU. */
export function cpuLatencyMs(params: number, tokens: number): number {
  return (constant('forwardFlopsPerParamToken') * params * tokens / constant('cpuFlopsPerSecond')) * 1000;
}

function expected(graft: number, g: GainEstimate, widen = 1): RouteEstimate['expected'] {
  const lo = g.reduction - widen * (g.reduction - g.range[0]);
  const hi = Math.min(g.reduction + widen * (g.range[1] - g.reduction), 1);
  const accuracy = applyReduction(graft, g.reduction);
  const range: [number, number] = [applyReduction(graft, lo), applyReduction(graft, hi)];
  return { accuracy, range, gain: accuracy - graft, gainRange: [range[0] - graft, range[1] - graft] };
}

function lora(g: GainEstimate): GainEstimate {
  const f = constant('loraErrorRatio');
  const map = (r: number): number => 1 - (1 - r) * f;
  return { ...g, reduction: map(g.reduction), range: [map(g.range[0]), map(g.range[1])] };
}

/**
 * The five reference routes, estimated for this data.
 *
 * @example
 * const routes = estimateRoutes({ data: { rows: 2000, classes: 4, tokensPerExample: 48 }, graftAccuracy: 0.86, budgetUsd: 50 });
 */
export function estimateRoutes(o: RouteOptions): RouteEstimate[] {
  const { rows, classes, tokensPerExample } = o.data;
  const perClass = rows / Math.max(classes, 1);
  const usdPerHour = o.gpuUsdPerHour ?? constant('gpuUsdPerHour');
  const trainTokens = rows * tokensPerExample;
  const epochs = epochsFor(rows);
  const bytes = constant('bytesPerServedParam');
  const out: RouteEstimate[] = [];
  for (const size of ['base', 'large'] as const) {
    const e = encoder(size);
    const gain = estimateGain(perClass, size);
    const latencyMs = cpuLatencyMs(e.params, tokensPerExample);
    for (const kind of ['finetune', 'lora'] as const) {
      const g = kind === 'lora' ? lora(gain) : gain;
      const trainable = kind === 'lora' ? loraParams(size, classes) : e.params + classifierParams(size, classes);
      const c = gpuCost(e.params, constant(kind === 'lora' ? 'loraTrainFlopsPerParamToken' : 'trainFlopsPerParamToken'), trainTokens, epochs, usdPerHour);
      out.push({
        id: `${kind}-${size}`, name: `${kind === 'lora' ? 'LoRA' : 'full fine-tuning'} of ${e.name}`, model: e.name, trainableParams: trainable,
        expected: expected(o.graftAccuracy, g),
        evidence: { rows: g.rows, effectiveRows: g.effectiveRows, thin: g.thin, note: kind === 'lora' ? 'full fine-tuning\'s range; LoRA matches it on GLUE (Hu et al. 2021)' : 'published side-by-side results' },
        compute: { trainTokens, epochs, trials: c.trials, flops: c.flops, gpuHours: c.gpuHours, utilisation: constant('gpuUtilisation') },
        money: { trainingUsd: c.usd, basis: `${c.gpuHours.toFixed(2)} GPU-hours at $${usdPerHour.toFixed(2)}/h`, per1000PredictionsUsd: null },
        wallHours: c.gpuHours,
        serving: {
          memoryPerTaskBytes: (kind === 'lora' ? trainable : e.params) * bytes,
          sharedBytes: kind === 'lora' ? e.params * bytes : 0,
          latencyMs, sharesForwardPass: false,
        },
        withinBudget: o.budgetUsd === undefined ? null : c.usd <= o.budgetUsd,
        withinLatency: o.latencyMs === undefined ? null : latencyMs <= o.latencyMs,
        applicable: true, notes: [],
      });
    }
  }
  out.push(hostedRoute(o, perClass));
  return out;
}

function hostedRoute(o: RouteOptions, perClass: number): RouteEstimate {
  const { rows, tokensPerExample } = o.data;
  const perExample = tokensPerExample + constant('hostedOverheadTokens');
  const billed = rows * perExample * constant('hostedEpochs');
  const price = o.hostedTrainUsdPerMTokens ?? constant('hostedTrainUsdPerMTokens');
  const trainingUsd = billed / 1e6 * price;
  const per1000 = 1000 * (perExample * constant('hostedInputUsdPerMTokens') + constant('hostedOutputTokens') * constant('hostedOutputUsdPerMTokens')) / 1e6;
  const latencyMs = constant('hostedLatencyMs');
  const g = estimateGain(perClass, 'large');
  const applicable = rows >= constant('hostedMinExamples');
  return {
    id: 'hosted-api', name: 'hosted fine-tuning API (gpt-4o-mini)', model: 'gpt-4o-mini', trainableParams: 0,
    // No side-by-side result of a hosted fine-tuning API against frozen heads was found: the large
    // encoder's range, twice as wide.
    expected: expected(o.graftAccuracy, g, 2),
    evidence: { rows: g.rows, effectiveRows: g.effectiveRows, thin: true, note: 'no published side-by-side result for a hosted fine-tuning API: the large encoder\'s range, doubled' },
    compute: null,
    money: { trainingUsd, basis: `${Math.round(billed).toLocaleString('en-US')} billed tokens at $${price.toFixed(2)} per million`, per1000PredictionsUsd: per1000 },
    wallHours: constant('hostedJobHours'),
    serving: { memoryPerTaskBytes: 0, sharedBytes: 0, latencyMs, sharesForwardPass: false },
    withinBudget: o.budgetUsd === undefined ? null : trainingUsd <= o.budgetUsd,
    withinLatency: o.latencyMs === undefined ? null : latencyMs <= o.latencyMs,
    applicable,
    notes: [
      'sends every training text (after the privacy policy) and every text to predict to the provider',
      ...(applicable ? [] : [`needs at least ${constant('hostedMinExamples')} examples`]),
    ],
  };
}
