import type { EvalResult } from './result.js';

/** One line of a bake-off: which backbone and strategy produced which result. */
export interface LeaderboardRow {
  backbone: string;
  /** How to show the strategy, e.g. `logistic C=1`. */
  strategy: string;
  result: EvalResult;
}

/** Widest table formatLeaderboard draws; name columns are shortened to fit. */
export const LEADERBOARD_WIDTH = 100;

const GAP = '  ';
const MIN_NAME = 8;

/**
 * A plain aligned text table, best first (held-out accuracy, then macro-F1, then lower
 * log-loss). Accuracy, macro-F1 and the train–held-out gap are in percent; `!` marks a result
 * whose verdict is overfitting (capacity shown to hurt held-out accuracy, not a gap alone) and
 * a line under the table gives the evidence. Fit time is the mean seconds to fit one head.
 *
 * @example
 * process.stdout.write(formatLeaderboard([{ backbone: 'use-lite@1', strategy: 'logistic', result }]));
 */
export function formatLeaderboard(rows: readonly LeaderboardRow[]): string {
  if (rows.length === 0) return 'No results to show.\n';
  const sorted = [...rows].sort(compareRows);
  const header = ['#', 'backbone', 'strategy', 'accuracy %', 'macro-F1 %', 'log-loss', 'ECE', 'train-gap', 'fit'];
  const body = sorted.map((r, i) => {
    const m = r.result.metrics;
    return [
      String(i + 1),
      r.backbone,
      r.strategy,
      `${pct(m.accuracy.mean)} ± ${pct(m.accuracy.std)}`,
      `${pct(m.macroF1.mean)} ± ${pct(m.macroF1.std)}`,
      m.logLoss.mean.toFixed(3),
      m.ece.mean.toFixed(3),
      `${signed(r.result.gap.accuracy)}${r.result.overfitting ? ' !' : '  '}`,
      seconds(r.result.timing.fitSecondsMean),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => cells[c]!.length)));
  fitNames(widths);
  const numeric = new Set([0, 3, 4, 5, 6, 7, 8]);
  const line = (cells: string[]): string =>
    cells.map((cell, c) => {
      const w = widths[c]!;
      const v = cell.length > w ? `${cell.slice(0, w - 1)}…` : cell;
      return numeric.has(c) ? v.padStart(w) : v.padEnd(w);
    }).join(GAP).trimEnd();
  const out = [line(header), ...body.map(line)];
  const holdout = sorted.some((r) => r.result.metrics.accuracy.ci95 !== undefined);
  out.push('', holdout
    ? '± is the bootstrap standard error over the test rows (one fit per row of the table; from Wilson\'s interval when every row is right).'
    : '± is the standard deviation over the cross-validation folds.');
  const loo = sorted.filter((r) => r.result.trainScoring === 'leave-one-out').map((r) => r.strategy);
  if (loo.length > 0) out.push(`train-gap: train accuracy of ${[...new Set(loo)].join(', ')} scored leave-one-out (no row is its own neighbour).`);
  for (const r of sorted.filter((x) => x.result.overfitting)) out.push(`! ${r.result.overfittingVerdict.sentence}`);
  return `${out.join('\n')}\n`;
}

function compareRows(a: LeaderboardRow, b: LeaderboardRow): number {
  const x = a.result.metrics, y = b.result.metrics;
  return y.accuracy.mean - x.accuracy.mean || y.macroF1.mean - x.macroF1.mean || x.logLoss.mean - y.logLoss.mean;
}

/** Shrinks the backbone and strategy columns (the wider first) until the table fits. */
function fitNames(widths: number[]): void {
  const total = (): number => widths.reduce((s, w) => s + w, 0) + GAP.length * (widths.length - 1);
  while (total() > LEADERBOARD_WIDTH) {
    const c = widths[1]! >= widths[2]! ? 1 : 2;
    if (widths[c]! <= MIN_NAME) break;
    widths[c]!--;
  }
}

function pct(v: number): string {
  return (v * 100).toFixed(1);
}

function signed(v: number): string {
  const s = pct(v);
  return v >= 0 ? `+${s}` : s;
}

function seconds(s: number): string {
  if (s < 1) return `${s.toFixed(2)}s`;
  if (s < 10) return `${s.toFixed(1)}s`;
  return `${Math.round(s)}s`;
}
