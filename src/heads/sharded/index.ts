/**
 * A sharded head, for cheap exact unlearning (SISA: Bourtoule et al., "Machine Unlearning",
 * IEEE S&P 2021). The training rows are split into S shards by a keyed hash of each row's
 * embedding (with the seed), never by position: removing a row leaves every other row in the
 * shard a fresh fit on the remaining data would put it in. Each shard gets its own sub-head
 * (the same strategy and parameters, a seed derived from the shard number) fitted on its rows
 * only; predictions are the mean of the sub-heads' probabilities.
 *
 * Forgetting rows then refits only the shards that held them: `refit(X, y, opts, previous)`
 * keeps every sub-head whose shard data (rows, labels, seed, parameters) hashes the same as
 * before, and the result is bit-for-bit `fit(X, y, opts)`. The price is accuracy: each
 * sub-head sees n/S rows (bench/RESULTS.md `## unlearn` measures it).
 */
import { createHash, hash } from 'node:crypto';
import { DataError, Matrix, UsageError, rowDigests, throwIfAborted } from '../../core/index.js';
import type { FitDiagnostics, FitOptions, FittedHead, HeadJSON, Refitted, Strategy } from '../head.js';
import { headSpec, readParams, refuse, required } from '../params.js';
import { checkFitInput, checkPredictInput } from '../validate.js';
import { defineHead } from '../definition.js';
import type { HeadFactory } from '../definition.js';
import { headTags } from '../tags.js';

const KIND = 'sharded';
/** Most shards a head may have: each is a whole head, fitted and saved. */
export const MAX_SHARDS = 1000;

export interface ShardedParams {
  /** Number of shards S (2..1000). */
  shards: number;
  /** The strategy every shard's sub-head is fitted with, as `{ kind, params }` (e.g. a calibrated logistic). */
  base: { kind: string; params: object };
}

/** Parameters as given to `createStrategy('sharded', ...)`: the base as a kind or `{ kind, params }`. */
export interface ShardedInput {
  shards: number;
  base: string | { kind: string; params?: object };
}

// Calibrating it calibrates every shard's sub-head (mapBase); it is not sharded again.
const TAGS = headTags({ shardable: false, wraps: true, member: false, complexity: 6 });
const RULES = {
  shards: required((v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 2 && v <= MAX_SHARDS ? v : refuse(
    `a whole number from 2 to ${MAX_SHARDS} (each shard trains its own sub-head on about n/S examples; omit sharding for one head on all of them)`, v))),
  base: required(headSpec({ orKind: true })),
};

/** One sub-head as saved: which shard it is, how many rows it saw and the hash of those rows. */
export interface ShardJSON {
  shard: number;
  rows: number;
  /** SHA-256 over the shard's rows (labels and SHA-256 of the embedding bytes, in order), labels, seed and base strategy. */
  dataHash: string;
  head: HeadJSON;
}

/** What `refit` did: which shards it fitted again; the others were reused as saved. */
export interface ShardedRefit extends Refitted {
  head: ShardedHead;
}

/**
 * The shard of each row: a keyed hash (SHA-256 of the seed and the row's digest) mod S.
 * Depends on the row's content and the seed only, so it survives the deletion of other rows.
 */
export function shardOf(X: Matrix, shards: number, seed: number, dig: Uint8Array = rowDigests(X)): Int32Array {
  const out = new Int32Array(X.rows);
  // The seed's 8 bytes, then the row's digest: one-shot hashes of one reused buffer (per-row hash objects cost more than the hashing).
  const buf = Buffer.alloc(40);
  buf.writeDoubleLE(seed, 0);
  for (let i = 0; i < X.rows; i++) {
    buf.set(dig.subarray(i * 32, (i + 1) * 32), 8);
    const h = hash('sha256', buf, 'buffer');
    // The first 8 bytes as a little-endian uint64, mod S, in exact double arithmetic: (hi mod S)·2³² + lo < 2⁵³.
    out[i] = ((h.readUInt32LE(4) % shards) * 2 ** 32 + h.readUInt32LE(0)) % shards;
  }
  return out;
}

/** The seed shard s's sub-head is fitted with: a fixed mix of the task seed and the shard number. */
export function shardSeed(seed: number, shard: number): number {
  return (Math.imul(seed | 0, 0x2545f491) ^ Math.imul(shard + 1, 0x9e3779b1)) >>> 1;
}

/** Row indices of each shard, in their original order. */
function shardRows(assign: Int32Array, shards: number): number[][] {
  const rows: number[][] = Array.from({ length: shards }, () => []);
  for (let i = 0; i < assign.length; i++) rows[assign[i]!]!.push(i);
  return rows;
}

/** SHA-256 over the shard's settings and, row by row, each label and row digest. */
function shardHash(
  X: Matrix, dig: Uint8Array, y: Int32Array, rows: readonly number[], shard: number, seed: number, labels: readonly string[], base: ShardedParams['base'],
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ shard, seed, labels, dim: X.cols, base }));
  const buf = Buffer.alloc(rows.length * 36);
  rows.forEach((i, r) => {
    buf.writeInt32LE(y[i]!, r * 36);
    buf.set(dig.subarray(i * 32, (i + 1) * 32), r * 36 + 4);
  });
  h.update(buf);
  return h.digest('hex');
}

/** The mean of S sub-heads' probabilities. */
export class ShardedHead implements FittedHead {
  readonly kind = KIND;
  readonly labels: readonly string[];

  constructor(
    readonly params: ShardedParams,
    labels: readonly string[],
    readonly dim: number,
    readonly diagnostics: FitDiagnostics,
    /** Sub-heads in shard order, with the JSON they were saved as (kept as is, so a reused one saves byte-for-byte the same). */
    readonly shards: ReadonlyArray<{ json: ShardJSON; head: FittedHead }>,
  ) {
    this.labels = Object.freeze([...labels]);
  }

  predictProba(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    const sum = new Float64Array(X.rows * this.labels.length);
    for (const s of this.shards) {
      const P = s.head.predictProba(X);
      for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + P.data[i]!;
    }
    const out = new Matrix(X.rows, this.labels.length);
    const inv = 1 / this.shards.length;
    for (let i = 0; i < sum.length; i++) out.data[i] = sum[i]! * inv;
    return out;
  }

  toJSON(): HeadJSON {
    return {
      kind: KIND,
      format: 1,
      params: { shards: this.params.shards, base: this.params.base },
      labels: [...this.labels],
      dim: this.dim,
      diagnostics: structuredClone(this.diagnostics),
      state: { shards: this.shards.map((s) => s.json) },
    };
  }
}

/**
 * Fits S sub-heads of one strategy on disjoint shards of the rows and averages them. Built by
 * `sharded(base, S)` (any strategy) or `createStrategy('sharded', { shards, base })`.
 *
 * @example
 * const s = createStrategy('sharded', { shards: 10, base: { kind: 'calibrated', params: { base: 'logistic' } } });
 * const head = await s.fit(X, y, { seed: 1, labels });
 * const { head: after, refitted } = await s.refit(Xless, yless, { seed: 1, labels }, head.toJSON());
 */
export class ShardedStrategy implements Strategy<ShardedParams> {
  readonly kind = KIND;
  readonly tags = TAGS;
  readonly params: Readonly<ShardedParams>;

  /** `heads` restores the sub-heads a refit reuses. */
  constructor(readonly base: Strategy, shards: number, private readonly heads: HeadFactory) {
    readParams(KIND, { shards }, { shards: RULES.shards });
    if (base.kind === KIND) throw new UsageError('sharded: the base strategy is already sharded; give the strategy of one shard (e.g. logistic).', 'bad_param');
    this.params = Object.freeze({ shards, base: { kind: base.kind, params: base.params } });
  }

  describe(): string {
    return `${this.base.kind} in ${this.params.shards} shards`;
  }

  mapBase(f: (base: Strategy) => Strategy): Strategy {
    return new ShardedStrategy(f(this.base), this.params.shards, this.heads);
  }

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<ShardedHead> {
    return (await this.refit(X, y, opts)).head;
  }

  /**
   * `fit(X, y, opts)`, reusing each sub-head of `previous` (a saved sharded head) whose shard
   * holds exactly the same data as before: the result is bit-for-bit a fresh fit. `digests`:
   * `rowDigests(X)` when the caller has them already (computed here otherwise).
   */
  async refit(X: Matrix, y: Int32Array, opts: FitOptions, previous?: HeadJSON, digests?: Uint8Array): Promise<ShardedRefit> {
    checkFitInput(KIND, X, y, opts);
    const S = this.params.shards;
    const labels = [...opts.labels];
    const dig = digests?.length === X.rows * 32 ? digests : rowDigests(X);
    const rows = shardRows(shardOf(X, S, opts.seed, dig), S);
    checkShardsHoldLabels(rows, y, labels, X.rows, S);
    const old = previousShards(previous, this.params, labels, X.cols);
    const subs: Array<{ json: ShardJSON; head: FittedHead }> = [];
    const refitted: number[] = [];
    const reused: number[] = [];
    for (let s = 0; s < S; s++) {
      throwIfAborted(opts.signal);
      const idx = rows[s]!;
      const seed = shardSeed(opts.seed, s);
      const dataHash = shardHash(X, dig, y, idx, s, seed, labels, this.params.base);
      const prev = old.get(s);
      if (prev && prev.dataHash === dataHash && prev.rows === idx.length) {
        subs.push({ json: prev, head: this.heads.restoreHead(prev.head) });
        reused.push(s);
        continue;
      }
      const ix = Int32Array.from(idx);
      const head = await this.base.fit(X.selectRows(ix), Int32Array.from(idx, (i) => y[i]!), { seed, labels, signal: opts.signal });
      // Through JSON text, as the store keeps it: a reused sub-head then saves the same bytes.
      const json = JSON.parse(JSON.stringify({ shard: s, rows: idx.length, dataHash, head: head.toJSON() })) as ShardJSON;
      subs.push({ json, head });
      refitted.push(s);
    }
    const head = new ShardedHead({ ...this.params }, labels, X.cols, shardedDiagnostics(subs), subs);
    return { head, refitted, reused };
  }
}

/** The sub-heads of a saved sharded head with the same parameters, labels and width, by shard. */
function previousShards(previous: HeadJSON | undefined, params: ShardedParams, labels: readonly string[], dim: number): Map<number, ShardJSON> {
  const out = new Map<number, ShardJSON>();
  if (!previous || previous.kind !== KIND || previous.dim !== dim) return out;
  if (JSON.stringify(previous.params) !== JSON.stringify(params) || JSON.stringify(previous.labels) !== JSON.stringify(labels)) return out;
  const list = (previous.state as { shards?: unknown }).shards;
  if (!Array.isArray(list)) return out;
  for (const s of list as ShardJSON[]) {
    if (s && Number.isInteger(s.shard) && typeof s.dataHash === 'string' && s.head) out.set(s.shard, s);
  }
  return out;
}

/** Warnings of every sub-head (prefixed by its shard) and the hyper-parameters they chose. */
function shardedDiagnostics(subs: ReadonlyArray<{ json: ShardJSON; head: FittedHead }>): FitDiagnostics {
  const warnings: string[] = [];
  const chosen: Record<string, number | string> = { shards: subs.length };
  const values = new Map<string, Array<number | string>>();
  for (const { json } of subs) {
    const d = json.head.diagnostics;
    for (const w of d.warnings ?? []) warnings.push(`shard ${json.shard}: ${w}`);
    for (const [k, v] of Object.entries(d.chosen ?? {})) {
      const list = values.get(k) ?? [];
      list.push(v);
      values.set(k, list);
    }
  }
  for (const [k, list] of values) {
    if (k === 'shards') continue;
    chosen[k] = list.every((v) => v === list[0]) && list.length === subs.length ? list[0]! : list.join(',');
  }
  return { chosen, warnings };
}

/** Every shard must hold every label, or its sub-head could not say anything about that label. */
function checkShardsHoldLabels(rows: readonly number[][], y: Int32Array, labels: readonly string[], n: number, S: number): void {
  const counts = new Int32Array(labels.length);
  for (let i = 0; i < n; i++) counts[y[i]!]!++;
  for (let s = 0; s < S; s++) {
    const seen = new Int32Array(labels.length);
    for (const i of rows[s]!) seen[y[i]!]!++;
    const missing = labels.filter((_, k) => seen[k] === 0);
    if (rows[s]!.length === 0 || missing.length > 0) {
      const rarest = Math.min(...Array.from(counts));
      throw new DataError(
        `sharded: shard ${s} (of shards 0–${S - 1}) got ${rows[s]!.length} of the ${n} examples and none labelled ${missing.map((l) => `"${l}"`).join(', ') || '(any)'}; ` +
          `every shard needs every label. Use fewer shards (the rarest label has ${rarest} examples; S well below that, e.g. ${Math.max(2, Math.floor(rarest / 10))}), ` +
          'or add examples of that label.',
        'shard_lacks_label',
      );
    }
  }
}

/** Every sub-head is restored by its own kind. */
function restoreSharded(json: HeadJSON, heads: HeadFactory): ShardedHead {
  const params = json.params as ShardedParams;
  const list = (json.state as { shards?: unknown }).shards;
  if (!Array.isArray(list) || list.length !== params.shards) {
    throw new DataError(`sharded: saved head should hold ${String(params.shards)} sub-heads, has ${Array.isArray(list) ? list.length : 'none'}; the file is damaged.`, 'bad_head');
  }
  const subs = (list as ShardJSON[]).map((s, i) => {
    if (!s || s.shard !== i || typeof s.dataHash !== 'string' || typeof s.head !== 'object') {
      throw new DataError(`sharded: saved sub-head ${i} lacks its shard number, data hash or head; the file is damaged.`, 'bad_head');
    }
    const head = heads.restoreHead(s.head);
    if (head.dim !== json.dim || head.labels.join('\u0000') !== json.labels.join('\u0000')) {
      throw new DataError(`sharded: saved sub-head ${i} has other labels or width than the head; the file is damaged.`, 'bad_head');
    }
    return { json: s, head };
  });
  return new ShardedHead(params, json.labels, json.dim, structuredClone(json.diagnostics), subs);
}

/**
 * S sub-heads of one strategy on disjoint shards, for cheap exact unlearning.
 *
 * @example
 * createStrategy('sharded', { shards: 8, base: { kind: 'calibrated', params: { base: 'centroid' } } });
 */
export const sharded = defineHead<ShardedInput, ShardedStrategy, ShardedHead>({
  tags: TAGS,
  create(params, heads) {
    const p = readParams(KIND, params, RULES);
    return new ShardedStrategy(heads.createStrategy(p.base!.kind, p.base!.params ?? {}), p.shards!, heads);
  },
  restore: restoreSharded,
});
