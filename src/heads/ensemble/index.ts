/**
 * The `ensemble` meta-head: soft voting or stacking over any member strategies, each member
 * optionally reading its own column range (one backbone's share of concatenated embeddings,
 * e.g. use-lite 0..512 and hashing 512..1536).
 *
 * An ensemble costs more to run and to explain, so it must earn its place: members are
 * compared on out-of-fold predictions, and the ensemble is kept only when it beats the best
 * member with a one-sided exact McNemar test at `alpha`. Otherwise the best member wins
 * (the simplest one among ties) and the diagnostics say so.
 */
import { Matrix, Rng, UsageError } from '../../core/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import { custom, headSpec, int, num, oneOf, readParams } from '../params.js';
import type { HeadSpec } from '../params.js';
import type { HeadSummary } from '../describe.js';
import { checkFitInput, checkPredictInput } from '../validate.js';
import { defineHead, strategyOf } from '../definition.js';
import type { HeadFactory } from '../definition.js';
import { headTags } from '../tags.js';
import type { EnsembleSummary } from './summary.js';

export type { EnsembleSummary } from './summary.js';
import { sliceColumns, stratifiedFolds } from '../../math/index.js';
import { outOfFold, correctness, mcnemarGreater } from '../out-of-fold.js';

export interface EnsembleMember {
  kind: string;
  params?: object;
  /** Columns [start, end) this member reads; all columns when absent. */
  columns?: [number, number];
  /** What reports call the member, e.g. `logistic on hashing` (default: its kind). */
  name?: string;
}

export interface EnsembleParams {
  members: EnsembleMember[];
  /** `vote` averages probabilities; `stack` fits `meta` on out-of-fold log-probabilities; `auto` keeps the better. */
  method: 'vote' | 'stack' | 'auto';
  meta: HeadSpec;
  /** Folds for out-of-fold predictions (fewer when the smallest class is smaller). */
  folds: number;
  /** Significance level the ensemble must reach against its best member. */
  alpha: number;
}

const DEFAULTS: EnsembleParams = {
  members: [{ kind: 'logistic' }, { kind: 'mlp' }],
  method: 'auto',
  // As scikit-learn's StackingClassifier: a plain logistic at C = 1 on the members' held-out
  // outputs. Choosing C by inner CV here nests a search inside every outer fold: an `auto`
  // ensemble of logistic, knn and centroid on 616 rows of 77 classes took 144 s, now 32 s.
  meta: { kind: 'logistic', params: { C: 1 } },
  folds: 5,
  alpha: 0.05,
};

export interface EnsembleSelection {
  /** What predicts: the ensemble, or one member (by index). */
  chosen: 'vote' | 'stack' | 'member';
  member?: number;
  /** Out-of-fold accuracy of each member, of the vote and (when tried) of the stack. */
  memberAccuracy: number[];
  voteAccuracy: number;
  stackAccuracy?: number;
  /** One-sided McNemar p-value of the best ensemble against the best member. */
  p: number;
}

const KIND = 'ensemble';
// Calibrating would redo its member selection in every fold; --shards would split a selection.
const TAGS = headTags({ calibratable: false, shardable: false, wraps: true, member: false, acrossBackbones: true, complexity: 5 });

const isMember = (m: unknown): boolean => {
  const v = m as EnsembleMember | null;
  return typeof v === 'object' && v !== null && typeof v.kind === 'string' &&
    (v.params === undefined || (typeof v.params === 'object' && v.params !== null)) &&
    (v.name === undefined || typeof v.name === 'string') &&
    (v.columns === undefined || (Array.isArray(v.columns) && v.columns.length === 2 && Number.isInteger(v.columns[0]) &&
      Number.isInteger(v.columns[1]) && v.columns[0] >= 0 && v.columns[1] > v.columns[0]));
};
const RULES = {
  members: custom<EnsembleMember[]>(
    'a list of at least 2 heads { kind, params?, columns?: [start, end) with 0 ≤ start < end, name? }',
    (v) => Array.isArray(v) && v.length >= 2 && v.every(isMember),
  ),
  method: oneOf(['vote', 'stack', 'auto']),
  meta: headSpec(),
  folds: int({ ge: 2, le: 20 }),
  alpha: num({ ge: 0, le: 1 }),
};

function ensembleParams(given: unknown): EnsembleParams {
  const p = readParams(KIND, given, RULES);
  const out = structuredClone(DEFAULTS) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out as unknown as EnsembleParams;
}

export type EnsembleStrategy = Strategy<EnsembleParams>;

async function fitEnsemble(p: Readonly<EnsembleParams>, factory: HeadFactory, X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
  checkFitInput(KIND, X, y, opts);
  for (const m of p.members) {
    if (m.columns && m.columns[1] > X.cols) {
      throw new UsageError(`ensemble: member ${m.kind} reads columns ${m.columns.join('..')} but X has ${X.cols}.`, 'bad_param');
    }
  }
  const strategies = p.members.map((m) => factory.createStrategy(m.kind, m.params));
  const K = opts.labels.length;
  const rng = new Rng(opts.seed);
  const counts = new Array<number>(K).fill(0);
  for (const c of y) counts[c]!++;
  const k = Math.min(p.folds, Math.min(...counts.filter((c) => c > 0)));
  const order = rankBySimplicity(p.members, factory);
  const sub = (i: number, M: Matrix): Matrix => sliceColumns(M, p.members[i]!.columns);

  if (k < 2) {
    const m = order[0]!;
    const head = await strategies[m]!.fit(sub(m, X), y, opts);
    const sel: EnsembleSelection = { chosen: 'member', member: m, memberAccuracy: [], voteAccuracy: NaN, p: 1 };
    return new EnsembleHead(p, X.cols, [head], sel, undefined, {
      chosen: { selected: nameOf(p.members[m]!) },
      warnings: [`ensemble: a class has fewer than 2 examples, so members cannot be compared held-out; using the simplest member (${nameOf(p.members[m]!)}).`, ...head.diagnostics.warnings],
    });
  }

  // Stage 1: out-of-fold probabilities of every member.
  const fold = stratifiedFolds(y, K, k, rng.fork(1));
  const oof: Matrix[] = [];
  for (let i = 0; i < strategies.length; i++) {
    oof.push(await outOfFold(strategies[i]!, sub(i, X), y, fold, k, { seed: rng.fork(10 + i).nextUint32(), labels: opts.labels, signal: opts.signal }));
  }
  const memberOk = oof.map((P) => correctness(P, y));
  const memberAccuracy = memberOk.map(mean);
  let best = order[0]!;
  for (const i of order) if (memberAccuracy[i]! > memberAccuracy[best]!) best = i;

  // Stage 2: the ensembles' own held-out predictions.
  const voteOk = correctness(average(oof), y);
  let ensOk = voteOk;
  let method: 'vote' | 'stack' = 'vote';
  let stackAccuracy: number | undefined;
  const metaStrategy = p.method === 'vote' ? undefined : factory.createStrategy(p.meta.kind, p.meta.params);
  if (metaStrategy) {
    const F = stackFeatures(oof);
    const stackOk = correctness(await outOfFold(metaStrategy, F, y, fold, k, { seed: rng.fork(2).nextUint32(), labels: opts.labels, signal: opts.signal }), y);
    stackAccuracy = mean(stackOk);
    if (p.method === 'stack' || stackAccuracy > mean(voteOk)) { ensOk = stackOk; method = 'stack'; }
  }
  const test = mcnemarGreater(ensOk, memberOk[best]!);
  const selection: EnsembleSelection = { chosen: method, memberAccuracy, voteAccuracy: mean(voteOk), p: test.p };
  if (stackAccuracy !== undefined) selection.stackAccuracy = stackAccuracy;
  const ensAcc = mean(ensOk);
  const fitOpts = (i: number): FitOptions => ({ ...opts, seed: rng.fork(100 + i).nextUint32() });

  // Stage 3: refit what won on every row.
  if (!(test.p < p.alpha)) {
    selection.chosen = 'member';
    selection.member = best;
    const head = await strategies[best]!.fit(sub(best, X), y, fitOpts(best));
    const why = `ensemble: ${method} (out-of-fold accuracy ${fmt(ensAcc)}) did not beat its best member ` +
      `${nameOf(p.members[best]!)} (${fmt(memberAccuracy[best]!)}) significantly (one-sided McNemar p = ${test.p.toPrecision(2)} ≥ ${p.alpha}); ` +
      `using ${nameOf(p.members[best]!)} alone.`;
    return new EnsembleHead(p, X.cols, [head], selection, undefined, {
      chosen: { selected: nameOf(p.members[best]!), member: best },
      warnings: [why, ...head.diagnostics.warnings],
    });
  }
  const heads: FittedHead[] = [];
  for (let i = 0; i < strategies.length; i++) heads.push(await strategies[i]!.fit(sub(i, X), y, fitOpts(i)));
  const meta = method === 'stack' ? await metaStrategy!.fit(stackFeatures(oof), y, fitOpts(99)) : undefined;
  return new EnsembleHead(p, X.cols, heads, selection, meta, {
    chosen: { selected: method },
    warnings: heads.flatMap((h) => h.diagnostics.warnings),
  });
}

/** A fitted ensemble, or the single member that beat it. */
export class EnsembleHead implements FittedHead {
  readonly kind = KIND;
  readonly labels: readonly string[];

  constructor(
    readonly params: Readonly<EnsembleParams>,
    readonly dim: number,
    /** The members that predict: all of them, or the one chosen (`selection.member`). */
    readonly heads: readonly FittedHead[],
    readonly selection: EnsembleSelection,
    readonly meta: FittedHead | undefined,
    readonly diagnostics: FitDiagnostics,
  ) {
    this.labels = heads[0]!.labels;
  }

  private columnsOf(i: number): [number, number] | undefined {
    const m = this.selection.chosen === 'member' ? this.selection.member! : i;
    return this.params.members[m]?.columns;
  }

  predictProba(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    const P = this.heads.map((h, i) => h.predictProba(sliceColumns(X, this.columnsOf(i))));
    if (this.selection.chosen === 'member') return P[0]!;
    if (this.selection.chosen === 'stack') return this.meta!.predictProba(stackFeatures(P));
    return average(P);
  }

  explain(x: Float32Array): Explanation {
    const p = this.predictProba(new Matrix(1, x.length, x));
    return { scores: Object.fromEntries(this.labels.map((l, j) => [l, p.data[j]!])) };
  }

  toJSON(): HeadJSON {
    return {
      kind: KIND, format: 1, params: structuredClone(this.params), labels: [...this.labels], dim: this.dim,
      diagnostics: this.diagnostics,
      state: {
        selection: { ...this.selection, voteAccuracy: nanToNull(this.selection.voteAccuracy) },
        heads: this.heads.map((h) => h.toJSON()),
        ...(this.meta ? { meta: this.meta.toJSON() } : {}),
      },
    };
  }

  /** Which of ensemble and members predicts, and why. */
  summary(): HeadSummary {
    const names = this.params.members.map(nameOf);
    const sel = this.selection;
    const ensemble: EnsembleSummary = {
      chosen: sel.chosen, members: names, memberAccuracy: sel.memberAccuracy, voteAccuracy: nanToNull(sel.voteAccuracy),
      p: sel.p, alpha: this.params.alpha,
    };
    if (sel.member !== undefined) ensemble.member = names[sel.member];
    if (sel.stackAccuracy !== undefined) ensemble.stackAccuracy = sel.stackAccuracy;
    return { ensemble };
  }
}

function restoreEnsemble(json: HeadJSON, heads: HeadFactory): EnsembleHead {
  const s = json.state as { selection: EnsembleSelection & { voteAccuracy: number | null }; heads: HeadJSON[]; meta?: HeadJSON };
  const params = Object.freeze(ensembleParams(json.params));
  const selection = { ...s.selection, voteAccuracy: s.selection.voteAccuracy ?? NaN };
  return new EnsembleHead(params, json.dim, s.heads.map((h) => heads.restoreHead(h)), selection,
    s.meta ? heads.restoreHead(s.meta) : undefined, json.diagnostics);
}

/**
 * Soft voting or stacking over member heads, kept only when it beats its best member.
 *
 * @example
 * createStrategy('ensemble', { members: [{ kind: 'logistic', columns: [0, 512] }, { kind: 'logistic', columns: [512, 1536] }] });
 */
export const ensemble = defineHead<Partial<EnsembleParams>, EnsembleStrategy, EnsembleHead>({
  tags: TAGS,
  create: (params, heads) => {
    const p = ensembleParams(params);
    return strategyOf(KIND, TAGS, p, (X, y, opts) => fitEnsemble(p, heads, X, y, opts));
  },
  restore: restoreEnsemble,
});

function nameOf(m: EnsembleMember): string {
  return m.name ?? m.kind;
}

/** Member indices, simpler kinds first (their `complexity` tag), in the order given among equals. */
function rankBySimplicity(members: readonly EnsembleMember[], heads: HeadFactory): number[] {
  const rank = members.map((m) => heads.tags(m.kind).complexity);
  return members.map((_, i) => i).sort((a, b) => (rank[a]! === rank[b]! ? a - b : rank[a]! < rank[b]! ? -1 : 1));
}

function average(P: readonly Matrix[]): Matrix {
  const out = new Matrix(P[0]!.rows, P[0]!.cols);
  for (const m of P) for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i]! + m.data[i]! / P.length;
  return out;
}

/** Members' log-probabilities side by side: the meta-head's input. Clipped so log(0) stays finite. */
function stackFeatures(P: readonly Matrix[]): Matrix {
  const K = P[0]!.cols;
  const w = K * P.length;
  const out = new Matrix(P[0]!.rows, w);
  for (let r = 0; r < out.rows; r++) {
    for (let m = 0; m < P.length; m++) {
      for (let j = 0; j < K; j++) out.data[r * w + m * K + j] = Math.log(Math.max(P[m]!.data[r * K + j]!, 1e-6));
    }
  }
  return out;
}

function mean(a: Uint8Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}

function fmt(x: number): string {
  return x.toFixed(3);
}

function nanToNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
