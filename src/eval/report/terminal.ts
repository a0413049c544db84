/** The bake-off as a short plain-text summary for the terminal. */
import type { BakeoffResult } from '../bakeoff-result.js';
import { extrapolationText } from './extrapolation.js';
import { isOverfitting } from './verdict.js';

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/**
 * Leaderboard with CIs, the winner-vs-runner-up verdict, extrapolation sentences,
 * overfitting flags and OOD numbers, in at most ~30 lines.
 *
 * @example
 * process.stdout.write(formatBakeoffSummary(result));
 */
export function formatBakeoffSummary(r: BakeoffResult): string {
  const out: string[] = [];
  const how = r.method === 'holdout' ? `${r.testRows} test rows` : `${r.folds}-fold CV on ${r.trainRows} rows`;
  const boot = r.entries.some((e) => e.points.at(-1)?.interval === 'bootstrap');
  out.push(`Bake-off: ${r.entries.length} entries, ${r.seeds} seeds per curve point, ${how}`);
  out.push('');
  out.push(`${pad('#', 3)}${pad('strategy', 14)}${pad('backbone', 22)}${lpad('accuracy', 16)}${lpad('95% CI', 17)}${lpad('ECE→cal', 14)}${lpad('gap', 8)}`);
  r.ranking.forEach((i, rank) => {
    const e = r.entries[i]!;
    const c = e.calibration;
    out.push(
      `${pad(String(rank + 1), 3)}${pad(e.strategy, 14)}${pad(e.backbone, 22)}` +
      `${lpad(`${pct(e.accuracy.mean)} ±${(100 * e.accuracy.std).toFixed(1)}`, 16)}` +
      `${lpad(`${pct(e.accuracy.ci95[0])}–${pct(e.accuracy.ci95[1])}`, 17)}` +
      `${lpad(c ? `${c.eceBefore.toFixed(3)}→${c.eceAfter.toFixed(3)}` : '–', 14)}` +
      `${lpad(`${(100 * e.gap).toFixed(1)}pt`, 8)}${isOverfitting(e) ? '  OVERFITTING' : ''}`,
    );
  });
  if (boot) out.push('(accuracy at the full training set: one fit, as every seed would draw the same rows; ± and CI by bootstrap over held-out rows, Wilson\'s interval when every row is right)');
  const loo = r.entries.filter((e) => e.trainScoring === 'leave-one-out').map((e) => e.strategy);
  if (loo.length) out.push(`(gap: train − held-out accuracy; ${[...new Set(loo)].join(', ')} train accuracy leave-one-out)`);
  for (const e of r.entries) {
    const v = e.overfittingVerdict;
    if (v && v.level !== 'unmeasured') out.push(`${v.level === 'overfitting' ? 'OVERFITTING' : 'overfitting'} — ${e.backbone}: ${v.sentence}`);
  }
  out.push('');
  const c = r.comparison;
  if (c) {
    const a = r.entries[c.a]!, b = r.entries[c.b]!;
    out.push(c.significant
      ? `Winner: ${a.strategy} on ${a.backbone} beats ${b.strategy} on ${b.backbone} by ${(100 * c.diff).toFixed(1)} pt (p = ${c.p.toPrecision(2)}).`
      : `No clear winner: ${a.strategy} on ${a.backbone} vs ${b.strategy} on ${b.backbone} differ by ${(100 * c.diff).toFixed(1)} pt, within noise (p = ${c.p.toPrecision(2)}).`);
  }
  for (const i of r.ranking.slice(0, 3)) {
    const e = r.entries[i]!;
    if (!e.extrapolation) continue;
    const t = extrapolationText(e.extrapolation);
    out.push(`${e.strategy}/${e.backbone}: ${t.sentence}${t.warnings.length ? ` (${t.warnings.join('; ')})` : ''}`);
  }
  for (const e of r.entries) {
    const p = e.regularizationPath;
    if (!p) continue;
    const pts = p.points.map((q) => `${q.value} ${(100 * q.trainAccuracy).toFixed(0)}/${(100 * q.heldOutAccuracy).toFixed(0)}`).join(', ');
    out.push(`${e.strategy}/${e.backbone} ${p.param} path (train/held-out %): ${pts}`);
  }
  for (const o of r.ood) {
    const det = o.detection ? Object.entries(o.detection).map(([m, d]) => `${m} AUROC ${d.auroc.toFixed(3)}, FPR@95TPR ${pct(d.fprAt95Tpr)}`).join('; ') : 'no out-of-scope examples to measure';
    out.push(`OOD (${o.backbone}): ${o.method}, threshold at ${pct(o.falseAlarmRate)} false alarms (held out: ${pct(o.heldOutFalseAlarms)}); ${det}`);
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}
