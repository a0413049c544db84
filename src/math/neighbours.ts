/** Exact cosine nearest neighbours over L2-normalised rows, in blocks of queries. */

import { matmulTransB } from './gemm.js';
import { GemmWorkspace } from './wasm-gemm.js';
import { gatherRows } from './gather.js';

export interface Neighbours {
  /** Row-major q×k: training row indices, nearest first (ties: lower index first). */
  index: Int32Array;
  /** Row-major q×k: cosine similarities matching `index`. */
  sim: Float64Array;
  k: number;
}

const BLOCK = 64; // queries per block: the q×n similarity block stays small

/**
 * The k most similar training rows for each query. Both sides must already be
 * L2-normalised (so the dot product is the cosine similarity).
 */
export function nearest(
  train: Float32Array | Float64Array, nTrain: number, d: number, queries: Float32Array | Float64Array, nQ: number, k: number,
): Neighbours {
  return nearestSegments(train, [nTrain], d, queries, nQ, k)[0]!;
}

/**
 * The training rows column by column, non-zero entries only (compressed sparse columns): column
 * j's entries are `value[start[j] .. start[j+1])`, of the rows `row[...]` (ascending). For
 * sparse queries (`nearestSparse`): a query then reads, per non-zero column, only the rows that
 * have that column (for 300 hashing rows of 4,096 columns, a quarter of them) instead of every
 * row's entry. Keep it beside a reference that sparse queries search often.
 */
export interface SparseColumns<T extends Float32Array | Float64Array = Float32Array | Float64Array> {
  /** d + 1 offsets into `row` and `value`. */
  start: Int32Array;
  row: Int32Array;
  value: T;
}

/** `train` (n × d, row-major) as sparse columns (see `SparseColumns`). */
export function sparseColumnsOf<T extends Float32Array | Float64Array>(train: T, n: number, d: number): SparseColumns<T> {
  const start = new Int32Array(d + 1);
  for (let t = 0; t < n; t++) for (let j = 0; j < d; j++) if (train[t * d + j] !== 0) start[j + 1]!++;
  for (let j = 0; j < d; j++) start[j + 1]! += start[j]!;
  const at = start.slice(0, d);
  const row = new Int32Array(start[d]!);
  const value = new (train.constructor as { new (len: number): T })(start[d]!);
  for (let t = 0; t < n; t++) {
    for (let j = 0; j < d; j++) {
      const v = train[t * d + j]!;
      if (v === 0) continue;
      const p = at[j]!++;
      row[p] = t;
      value[p] = v;
    }
  }
  return { start, row, value };
}

/** Whether the queries are sparse enough for `nearest` to sum over their non-zero columns only. */
export function sparseQueries(queries: Float32Array | Float64Array, nQ: number, d: number): boolean {
  return isSparse(queries, nQ * d);
}

/**
 * `nearest` against each of several consecutive segments of the training rows on its own, in
 * one pass over the queries: result s is segment s's top k' = min(k, its rows), indices within
 * the segment. One product of the queries with all the rows instead of one per segment: the
 * similarities are the same numbers (each is the same dot product), found with fewer, larger
 * multiplications.
 *
 * `train` and `queries` may be Float32 (a saved reference, rows rounded to Float32): they are
 * widened exactly, so the similarities are those of their Float64 copies, without keeping one. Up to FEW queries (a prediction of one text)
 * are multiplied here straight from `train`, summing as the wasm kernel does (even and odd
 * columns apart, then added), instead of building a workspace and copying `train` into it:
 * every query gets the same bits alone as in a batch.
 */
export function nearestSegments(
  train: Float32Array | Float64Array, segments: readonly number[], d: number, queries: Float32Array | Float64Array, nQ: number, k: number,
): Neighbours[] {
  const nTrain = segments.reduce((n, m) => n + m, 0);
  const out = segments.map((m) => {
    const kk = Math.min(k, m);
    return { index: new Int32Array(nQ * kk), sim: new Float64Array(nQ * kk), k: kk };
  });
  // The wasm kernel's arithmetic whenever a full block's workspace is possible (decided for a
  // full block whatever nQ is, so a query's bits never depend on how many came with it).
  const lanes = GemmWorkspace.fits(BLOCK, d, nTrain);
  // A block: whole multiples of 4 queries, so that every row goes through the kernel.
  const block = Math.min(BLOCK, Math.max(4, Math.ceil(nQ / 4) * 4));
  // Sparse queries (hashing's 4,096 columns hold a short text's few words) skip the workspace
  // too: their lane sums over the non-zero columns alone cost |non-zero| per reference row, where
  // building a workspace copies the whole reference (10 MB for 300 hashing rows) on every call.
  // (`nearestSparse` costs less still, on the reference's sparse columns.)
  const ws = lanes && nQ > FEW && !isSparse(queries, nQ * d) ? GemmWorkspace.create(new Float64Array(block * d), block, d, nTrain) : null;
  if (ws !== null) ws.W.set(train.subarray(0, nTrain * d));
  const train64 = lanes ? null : train instanceof Float64Array ? train : Float64Array.from(train.subarray(0, nTrain * d));
  const stride = ws === null ? nTrain : ws.stride;
  const S = ws === null ? new Float64Array(block * nTrain) : ws.Z;
  for (let q0 = 0; q0 < nQ; q0 += block) {
    const rows = Math.min(block, nQ - q0);
    const Q = queries.subarray(q0 * d, (q0 + rows) * d);
    if (ws !== null) {
      ws.X.set(Q);
      ws.forward(); // rows past `rows` hold stale queries and are ignored
    } else if (lanes) {
      laneProducts(Q, rows, d, train, nTrain, S);
    } else {
      matmulTransB(Q instanceof Float64Array ? Q : Float64Array.from(Q), rows, d, train64!, nTrain, null, 0, S);
    }
    for (let r = 0; r < rows; r++) {
      let start = 0;
      segments.forEach((m, s) => {
        const o = out[s]!;
        if (o.k > 0) topK(S, r * stride + start, m, o.k, o.index, o.sim, (q0 + r) * o.k);
        start += m;
      });
    }
  }
  return out;
}

/** Queries up to this many skip the workspace (see `nearestSegments`). */
const FEW = 4;

/** Whether fewer than one entry in SPARSE of the first `n` values is non-zero. */
function isSparse(a: Float32Array | Float64Array, n: number): boolean {
  let nz = 0;
  for (let i = 0; i < n; i++) if (a[i] !== 0) nz++;
  return nz * SPARSE < n;
}

/**
 * Queries with fewer than one non-zero column in this many are summed over their non-zero columns
 * only (here, and in the kNN novelty scorer's sparse search: one rule for what "sparse" is).
 */
export const SPARSE = 8;

/**
 * S (rows×nW) = Q Wᵀ summed as the wasm kernel sums: even and odd columns apart, then added
 * (d even). A sparse query row is summed over its non-zero columns only, in the same order
 * within each lane: a term 0·w (w finite, as unit rows are) is ±0 and adding it changes no sum
 * (a running sum of such products is never −0), so the bits are those of the dense loop.
 */
function laneProducts(
  Q: Float32Array | Float64Array, rows: number, d: number, W: Float32Array | Float64Array, nW: number, S: Float64Array,
): void {
  const even = new Int32Array(d >> 1);
  const odd = new Int32Array(d >> 1);
  for (let r = 0; r < rows; r++) {
    const qo = r * d;
    let ne = 0, no = 0;
    for (let j = 0; j < d; j += 2) {
      if (Q[qo + j] !== 0) even[ne++] = j;
      if (Q[qo + j + 1] !== 0) odd[no++] = j + 1;
    }
    if ((ne + no) * SPARSE < d) {
      for (let t = 0; t < nW; t++) {
        const wo = t * d;
        let s0 = 0, s1 = 0;
        for (let i = 0; i < ne; i++) s0 += Q[qo + even[i]!]! * W[wo + even[i]!]!;
        for (let i = 0; i < no; i++) s1 += Q[qo + odd[i]!]! * W[wo + odd[i]!]!;
        S[r * nW + t] = s0 + s1;
      }
      continue;
    }
    for (let t = 0; t < nW; t++) {
      const wo = t * d;
      let s0 = 0, s1 = 0;
      for (let j = 0; j < d; j += 2) {
        s0 += Q[qo + j]! * W[wo + j]!;
        s1 += Q[qo + j + 1]! * W[wo + j + 1]!;
      }
      S[r * nW + t] = s0 + s1;
    }
  }
}

/** Scratch of `nearestSparse` (one thread runs one search at a time): lane sums, grown as needed. */
let lanesScratch = new Float64Array(0);
let simsScratch = new Float64Array(0);

/**
 * `nearest` for one sparse query given by its non-zero columns alone — `at[0 .. nnz)`, ascending,
 * holding the values `q[0 .. nnz)` — against the n rows (d columns each) whose non-zero entries
 * `columns` holds: the k most similar rows, written to `index` and `sim` from `out`. The same
 * bits as `nearest` on the dense query (each similarity summed as `nearest` sums it — even and
 * odd columns apart, as the wasm kernel does, or in one run where the kernel cannot be used —
 * over the columns both sides have), at the cost of the query's words and the rows that share
 * them: no pass over the width, and nothing allocated.
 */
export function nearestSparse(
  columns: SparseColumns, n: number, d: number, at: Int32Array, q: Float32Array | Float64Array, nnz: number, k: number,
  index: Int32Array, sim: Float64Array, out: number,
): void {
  if (lanesScratch.length < 2 * n) {
    lanesScratch = new Float64Array(2 * n);
    simsScratch = new Float64Array(n);
  }
  const acc = lanesScratch, S = simsScratch;
  const lanes = GemmWorkspace.fits(BLOCK, d, n);
  acc.fill(0, 0, 2 * n);
  const { start, row, value } = columns;
  for (let i = 0; i < nnz; i++) {
    const j = at[i]!, v = q[i]!;
    const lane = lanes ? (j & 1) * n : 0;
    for (let p = start[j]!, end = start[j + 1]!; p < end; p++) acc[lane + row[p]!]! += v * value[p]!;
  }
  if (lanes) for (let t = 0; t < n; t++) S[t] = acc[t]! + acc[n + t]!;
  else S.set(acc.subarray(0, n));
  topK(S, 0, n, k, index, sim, out);
}

/** Insertion into a sorted window of size k: cheap because most candidates fail the first test. */
function topK(S: Float64Array, off: number, n: number, k: number, index: Int32Array, sim: Float64Array, out: number): void {
  let filled = 0;
  for (let t = 0; t < n; t++) {
    const s = S[off + t]!;
    if (filled === k && !(s > sim[out + k - 1]!)) continue;
    let p = filled < k ? filled++ : k - 1;
    while (p > 0 && s > sim[out + p - 1]!) {
      sim[out + p] = sim[out + p - 1]!;
      index[out + p] = index[out + p - 1]!;
      p--;
    }
    sim[out + p] = s;
    index[out + p] = t;
  }
}

/** Neighbour lists of every row, each searched among the rows of the other folds (see `crossFoldNearest`). */
export interface CrossFoldNeighbours extends Neighbours {
  /** Entries filled in row i's list: min(k, rows outside its fold). `k` is the row stride. */
  filled: Int32Array;
}

/**
 * For each row, its k most similar rows among those in other folds: what `nearest` gives
 * with fold f's rows as queries and the other folds' rows as training rows, for every f
 * (indices here are the original row indices; the order is the same, since `nearest`'s
 * training rows keep their original order). Each pair of rows in different folds is
 * multiplied once and offered to both rows' lists, instead of once per direction: half the
 * products of one `nearest` per fold. Every similarity is the same sum, in the same order
 * (the kernel's per-entry sum does not depend on which side is the query, and a·b = b·a
 * exactly), and lists are ordered by (similarity descending, index ascending) exactly as
 * `nearest` orders them, so the result is bit-for-bit that of `nearest` per fold.
 */
export function crossFoldNearest(U: Float64Array, n: number, d: number, fold: Int32Array, folds: number, k: number): CrossFoldNeighbours {
  const members: Int32Array[] = [];
  for (let f = 0; f < folds; f++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) m++;
    const rows = new Int32Array(m);
    m = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) rows[m++] = i;
    members.push(rows);
  }
  const capOf = members.map((m) => Math.min(k, n - m.length));
  const stride = Math.max(0, ...capOf);
  const index = new Int32Array(n * stride);
  const sim = new Float64Array(n * stride);
  const filled = new Int32Array(n);
  // `nearest` multiplies in wasm when it can get a workspace for a fold's training rows, else
  // in JS (a different summation order). Use the same arithmetic it would use: when the
  // wasm path is available here but might not be for a whole fold's training set, search per fold.
  const wasmFor = (rows: number) => GemmWorkspace.create(new Float64Array(BLOCK * d), BLOCK, d, rows);
  const maxTrain = Math.max(0, ...members.map((m) => n - m.length));
  const probe = wasmFor(2);
  const mayFailLarger = probe !== null && (BLOCK * d + 2 * (maxTrain + 1) * d + BLOCK * (maxTrain + 1)) * 8 + 64 > 2 ** 31;
  if (mayFailLarger) return perFold(U, n, d, members, capOf, stride, index, sim, filled);

  // Lists live in "slots": the rows fold by fold (fold 0's rows, then fold 1's, ...), so that
  // the rows of the fold on the other side of a block are consecutive slots.
  const first: number[] = [];
  for (let f = 0, at = 0; f < folds; f++) { first.push(at); at += members[f]!.length; }
  const lIndex = new Int32Array(n * stride);
  const lSim = new Float64Array(n * stride);
  const lFilled = new Int32Array(n);
  const lCap = new Int32Array(n);
  members.forEach((rows, f) => lCap.fill(capOf[f]!, first[f]!, first[f]! + rows.length));
  // floor[slot]: the similarity a candidate must reach to enter that list (its last, once full).
  const floor = new Float64Array(n).fill(-Infinity);
  /** Offers row j at similarity s to the list in `slot`: ordered by (similarity desc, index asc). */
  const offer = (slot: number, s: number, j: number): void => {
    const off = slot * stride;
    const c = lCap[slot]!;
    let p = lFilled[slot]!;
    if (p === c) {
      if (c === 0) return;
      const last = lSim[off + c - 1]!;
      if (!(s > last || (s === last && j < lIndex[off + c - 1]!))) return;
      p = c - 1;
    } else {
      lFilled[slot] = p + 1;
    }
    while (p > 0) {
      const ps = lSim[off + p - 1]!;
      if (!(s > ps || (s === ps && j < lIndex[off + p - 1]!))) break;
      lSim[off + p] = ps;
      lIndex[off + p] = lIndex[off + p - 1]!;
      p--;
    }
    lSim[off + p] = s;
    lIndex[off + p] = j;
    if (lFilled[slot] === c) floor[slot] = lSim[off + c - 1]!;
  };

  for (let b = 1; b < folds; b++) {
    const cols = members[b]!;
    if (cols.length === 0) continue;
    const W = gatherRows(U, d, cols);
    const ws = probe === null ? null : wasmFor(cols.length);
    if (ws !== null) ws.W.set(W);
    const zs = ws === null ? cols.length : ws.stride;
    const S = ws === null ? new Float64Array(BLOCK * cols.length) : ws.Z;
    const block = new Float64Array(BLOCK * d);
    const colSlot = first[b]!;
    for (let a = 0; a < b; a++) {
      const rowsA = members[a]!;
      for (let q0 = 0; q0 < rowsA.length; q0 += BLOCK) {
        const m = Math.min(BLOCK, rowsA.length - q0);
        for (let r = 0; r < m; r++) block.set(U.subarray(rowsA[q0 + r]! * d, (rowsA[q0 + r]! + 1) * d), r * d);
        if (ws === null) matmulTransB(block, m, d, W, cols.length, null, 0, S);
        else {
          ws.X.set(block);
          ws.forward(); // rows past m hold stale queries and are ignored
        }
        for (let r = 0; r < m; r++) {
          const i = rowsA[q0 + r]!, slot = first[a]! + q0 + r, o = r * zs;
          let fi = floor[slot]!;
          // Most pairs improve neither list: one comparison each against its current last.
          for (let t = 0; t < cols.length; t++) {
            const s = S[o + t]!;
            if (s >= fi) { offer(slot, s, cols[t]!); fi = floor[slot]!; }
            if (s >= floor[colSlot + t]!) offer(colSlot + t, s, i);
          }
        }
      }
    }
  }
  members.forEach((rows, f) => {
    for (let q = 0; q < rows.length; q++) {
      const i = rows[q]!, slot = first[f]! + q;
      filled[i] = lFilled[slot]!;
      index.set(lIndex.subarray(slot * stride, slot * stride + lFilled[slot]!), i * stride);
      sim.set(lSim.subarray(slot * stride, slot * stride + lFilled[slot]!), i * stride);
    }
  });
  return { index, sim, k: stride, filled };
}

/** The plain search, one `nearest` per fold, into the cross-fold layout (original indices). */
function perFold(
  U: Float64Array, n: number, d: number, members: Int32Array[], capOf: number[], stride: number,
  index: Int32Array, sim: Float64Array, filled: Int32Array,
): CrossFoldNeighbours {
  members.forEach((test, f) => {
    const train = new Int32Array(n - test.length);
    let a = 0, b = 0;
    for (let i = 0; i < n; i++) {
      if (b < test.length && test[b] === i) b++;
      else train[a++] = i;
    }
    if (test.length === 0 || train.length === 0) return;
    const nb = nearest(gatherRows(U, d, train), train.length, d, gatherRows(U, d, test), test.length, capOf[f]!);
    for (let q = 0; q < test.length; q++) {
      const i = test[q]!;
      filled[i] = nb.k;
      for (let j = 0; j < nb.k; j++) {
        index[i * stride + j] = train[nb.index[q * nb.k + j]!]!;
        sim[i * stride + j] = nb.sim[q * nb.k + j]!;
      }
    }
  });
  return { index, sim, k: stride, filled };
}
