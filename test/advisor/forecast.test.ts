/** Forecasts from learning curves whose truth is known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtestSlack, fitFamily, forecast, rowsForAccuracy, weighFamilies } from '../../src/advisor/index.js';

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
  assert.ok(f.families.find((x) => x.family === 'power-law')!.weight > 0.9, 'the power law backtests best on its own curve and takes the weight');
});

test('a curve that bends away from the law widens its own intervals (backtest slack)', () => {
  const bent = curve(NS).map((p, i) => (i === NS.length - 1 ? { ...p, mean: p.mean - 0.03 } : p));
  assert.ok(backtestSlack(bent) > 0.02);
  const plain = forecast(curve(NS), { available: 800, seed: 1 }).at[2]!;
  const wide = forecast(bent, { available: 800, seed: 1 }).at[2]!;
  assert.ok(wide.ci95![1] - wide.ci95![0] > plain.ci95![1] - plain.ci95![0] + 0.05);
});

test('the slack is the worst of the weighed curve\'s backtests: fits without the last size and without the last two (a real curve: ag_news on hashing)', () => {
  const pts = [[63, 0.563], [125, 0.61], [250, 0.656], [500, 0.711], [1000, 0.758], [1998, 0.786]].map(([n, mean]) => ({ n: n!, mean: mean!, se: 0.004 }));
  const weights = weighFamilies(pts);
  assert.ok(Math.abs(weights.reduce((s, w) => s + w.weight, 0) - 1) < 1e-12);
  const miss = (k: number, j: number): number => {
    const fits = weights.map((w) => ({ w: w.weight, f: fitFamily(w.family, pts.slice(0, k))! }));
    const at = fits.reduce((s, x) => s + x.w * x.f.at(pts[j]!.n), 0);
    return Math.abs(at - pts[j]!.mean) / Math.log2(pts[j]!.n / pts[k - 1]!.n);
  };
  const pairs = [miss(4, 4), miss(4, 5), miss(5, 5)];
  assert.ok(Math.abs(backtestSlack(pts) - Math.max(...pairs)) < 1e-12, `${backtestSlack(pts)} vs ${pairs}`);
  assert.ok(backtestSlack(pts) > 0.005 && backtestSlack(pts) < 0.02, 'about a point per doubling on this curve');
});

test('the error-rate law on the last sizes fits an error that falls as a power of n exactly', () => {
  const err = (n: number): number => 0.5 * Math.pow(n / 50, -0.4);
  const pts = [50, 100, 200, 400, 800].map((n) => ({ n, mean: 1 - err(n), se: 0.003 }));
  for (const family of ['error-law-last-2', 'error-law-last-3'] as const) {
    const f = fitFamily(family, pts)!;
    assert.ok(Math.abs(f.at(8000) - (1 - err(8000))) < 1e-9, family);
  }
  const rising = [[100, 0.8], [200, 0.78], [400, 0.76]].map(([n, mean]) => ({ n: n!, mean: mean! }));
  assert.equal(fitFamily('error-law-last-2', rising)!.at(4000), 0.76, 'a falling curve is held flat, not extrapolated down');
  assert.equal(fitFamily('error-law-last-3', pts.slice(0, 2)), undefined, 'fewer than 3 sizes: no family');
});

test('an accelerating curve (emotion on hashing): the error-rate laws take the weight, and 4× the rows is predicted within 2 points of what was measured', () => {
  // A seeded quarter of emotion (hashing, logistic; bench/advise): its curve per doubling, and the
  // accuracy measured on the test file after fitting all 7,992 rows: 77.1%. The power law alone said 70%.
  const pts = [[63, 0.341, 0.0113], [125, 0.362, 0.009], [249, 0.4055, 0.0048], [501, 0.4565, 0.0034], [1000, 0.5378, 0.0062], [1998, 0.64, 0.0034]]
    .map(([n, mean, se]) => ({ n: n!, mean: mean!, se: se! }));
  const measured = 0.771;
  const power = fitFamily('power-law', pts)!.at(7992);
  assert.ok(measured - power > 0.06, `the power law alone: ${power}`);
  const f = forecast(pts, { available: 7992, seed: 3, multiples: [] });
  const w = Object.fromEntries(f.families.map((x) => [x.family, x.weight]));
  assert.ok(w['power-law']! < 0.2, `power-law weight ${w['power-law']}`);
  assert.ok(Math.abs(f.current.mean - measured) < 0.02, `predicted ${f.current.mean}`);
  assert.ok(f.current.ci95![0] <= measured && measured <= f.current.ci95![1], `${f.current.ci95}`);
  assert.ok(f.slackPerDoubling > 0.02, 'every family missed this curve\'s acceleration in backtests: a wide interval');
});

test('a curve whose backtests miss widely, or that has 3 sizes, is not a reliable forecast, and says why', () => {
  const zigzag = [[50, 0.5], [100, 0.7], [200, 0.55], [400, 0.8], [800, 0.6]].map(([n, mean]) => ({ n: n!, mean: mean!, se: 0.005 }));
  const z = forecast(zigzag, { available: 800, seed: 1 });
  assert.equal(z.reliable, false);
  assert.match(z.warnings.join(' '), /spans ± \d+\.\d points/);
  const three = forecast(curve([100, 200, 400]), { available: 400, seed: 1 });
  assert.equal(three.reliable, false);
  assert.match(three.warnings.join(' '), /3 sizes: at least 4/);
  assert.ok(forecast(curve(NS), { available: 800, seed: 1 }).reliable);
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
