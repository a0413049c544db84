/**
 * Hashes of centroid and knn heads (plain and calibrated) fitted on fixed synthetic data,
 * including duplicate rows (tied similarities), uneven folds, tiny classes and odd widths:
 * run before and after a change to the fitting code to show the heads are bit-identical.
 *
 *   npx tsx bench/unlearn/hash-heads.ts
 */
import { createHash } from 'node:crypto';
import { Matrix, Rng } from '../../src/core/index.js';
import { calibrated, createStrategy } from '../../src/heads/index.js';

function data(n: number, d: number, classes: number, seed: number, opts: { dup?: number; round?: boolean; skew?: boolean } = {}) {
  const rng = new Rng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: d }, () => rng.normal()));
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = opts.skew ? (i % 7 === 0 ? 1 : i % 5 === 0 ? 2 : 0) % classes : i % classes;
    rows.push(centres[c]!.map((v) => (opts.round ? Math.round(v + 1.5 * rng.normal()) : v + 1.5 * rng.normal())));
    y.push(c);
  }
  for (let t = 0; t < (opts.dup ?? 0); t++) {
    const i = rng.int(n);
    rows.push([...rows[i]!]);
    y.push(y[i]!);
  }
  return { X: Matrix.fromRows(rows), y: Int32Array.from(y), labels: Array.from({ length: classes }, (_, c) => `c${c}`) };
}

const sets = {
  blobs1001: data(1001, 64, 3, 1),
  ties: data(300, 16, 3, 2, { dup: 80, round: true }),
  tiny: data(40, 8, 4, 3, { skew: true }),
  odd: data(500, 15, 5, 4),
  wide: data(700, 300, 6, 5, { dup: 20 }),
};
const kinds: Array<[string, () => { fit: (X: Matrix, y: Int32Array, o: { seed: number; labels: string[] }) => Promise<{ toJSON(): unknown }> }]> = [
  ['knn', () => createStrategy('knn')],
  ['knn k=7', () => createStrategy('knn', { k: 7 })],
  ['knn ks=1,3,100', () => createStrategy('knn', { ks: [1, 3, 100] })],
  ['calibrated(knn)', () => calibrated(createStrategy('knn'))],
  ['centroid', () => createStrategy('centroid')],
  ['calibrated(centroid)', () => calibrated(createStrategy('centroid'))],
];
for (const [name, s] of Object.entries(sets)) {
  for (const [kind, make] of kinds) {
    for (const seed of [1, 9]) {
      const head = await make().fit(s.X, s.y, { seed, labels: s.labels });
      const h = createHash('sha256').update(JSON.stringify(head.toJSON())).digest('hex').slice(0, 16);
      process.stdout.write(`${name}\t${kind}\tseed ${seed}\t${h}\n`);
    }
  }
}
