/** Forecasts from learning curves whose truth is known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtestSlack, forecast, rowsForAccuracy } from '../../src/advisor/index.js';
import { fitPowerLaw, predictAt } from '../../src/eval/index.js';

const truth = { a: 0.95, b: 1.2, c: 0.5 };
const acc = (n: number): number => truth.a - truth.b * Math.pow(n, -truth.c);
const curve = (ns: readonly number[], se = 0.004) => ns.map((n) => ({ n, mean: acc(n), se }));
const NS = [50, 100, 200, 400, 800];

test('an exact power law: predictions at 2×, 5×, 10× match the truth and sit inside their intervals', () => {
  const f = forecast(curve(NS), { available: 800, seed: 1 });
  assert.ok(f.reliable);
  assert.deepEqual(f.at.map((p) => p.multiple), [2, 5, 10]);
  for (const p of [f.current, ...f.at]) {
    assert.ok(Math.abs(p.mean - acc(p.n)) < 0.002, `at ${p.n}: ${p.mean} vs ${acc(p.n)}`);
    assert.ok(p.ci95 && p.ci95[0] <= acc(p.n) && acc(p.n) <= p.ci95[1]);
  }
  const w = (p: (typeof f.at)[number]) => p.ci95![1] - p.ci95![0];
  assert.ok(w(f.at[0]!) < w(f.at[2]!), 'intervals widen with the distance');
  assert.equal(backtestSlack(curve(NS)), backtestSlack(curve(NS)), 'deterministic');
  assert.ok(backtestSlack(curve(NS)) < 0.001, 'the law itself predicts its last point');
});

test('a curve that bends away from the law widens its own intervals (backtest slack)', () => {
  const bent = curve(NS).map((p, i) => (i === NS.length - 1 ? { ...p, mean: p.mean - 0.03 } : p));
  assert.ok(backtestSlack(bent) > 0.02);
  const plain = forecast(curve(NS), { available: 800, seed: 1 }).at[2]!;
  const wide = forecast(bent, { available: 800, seed: 1 }).at[2]!;
  assert.ok(wide.ci95![1] - wide.ci95![0] > plain.ci95![1] - plain.ci95![0] + 0.05);
});

test('the slack is the worst of several backtests, not only the last one (a real curve: ag_news on hashing)', () => {
  const pts = [[63, 0.563], [125, 0.61], [250, 0.656], [500, 0.711], [1000, 0.758], [1998, 0.786]].map(([n, mean]) => ({ n: n!, mean: mean!, se: 0.004 }));
  const miss = (k: number, j: number): number => {
    const f = fitPowerLaw(pts.slice(0, k));
    return Math.abs(predictAt(f, pts[j]!.n).mean - pts[j]!.mean) / Math.log2(pts[j]!.n / pts[k - 1]!.n);
  };
  const pairs = [miss(4, 4), miss(4, 5), miss(5, 5)];
  assert.ok(Math.abs(backtestSlack(pts) - Math.max(...pairs)) < 1e-12, `${backtestSlack(pts)} vs ${pairs}`);
  assert.ok(backtestSlack(pts) > 2 * miss(5, 5), 'the fit without the last point alone would have said far less');
});

test('labels for a target: solved on the curve, reached now, or out of reach', () => {
  const pts = curve(NS, 0.002);
  const T = 0.92;
  const f = forecast(pts, { available: 800, seed: 2, target: T });
  const exact = rowsForAccuracy(truth, T); // (1.2 / 0.03)^2 = 1600
  assert.ok(Math.abs(exact - 1600) < 1e-6);
  assert.equal(f.target!.reach, 'labels');
  assert.ok(Math.abs(f.target!.moreLabels! - (exact - 800)) < 60, `${f.target!.moreLabels} ≈ 800 more`);
  assert.ok(f.target!.totalRange![0] <= 1600 && (f.target!.totalRange![1] ?? Infinity) >= 1600);
  assert.equal(forecast(pts, { available: 800, seed: 2, target: 0.5 }).target!.reach, 'now');
  const far = forecast(pts, { available: 800, seed: 2, target: 0.99 }).target!;
  assert.equal(far.reach, 'out-of-reach', 'above the ceiling 0.95');
  assert.equal(far.moreLabels, null);
  assert.equal(rowsForAccuracy(truth, 0.96), Infinity);
});

test('too few curve sizes: no fit, no interval, the measured point as "now"', () => {
  const f = forecast([{ n: 100, mean: 0.7, se: 0.01 }, { n: 200, mean: 0.75, se: 0.01 }], { available: 200, seed: 1, target: 0.8 });
  assert.equal(f.fit, null);
  assert.equal(f.reliable, false);
  assert.deepEqual(f.at, []);
  assert.equal(f.current.mean, 0.75);
  assert.equal(f.target!.reach, 'out-of-reach');
  assert.match(f.warnings.join(' '), /fewer than 3 curve sizes/);
});
