/** The markdown tables of bench/advise (accuracy only: timings stay in the JSON file). */
import type { LeaveOneOut } from '../../src/advisor/index.js';

export interface BenchRow {
  dataset: string;
  seed: number;
  subRows: number;
  fullRows: number;
  strategy: string;
  predicted: number;
  ci95: [number, number] | null;
  measured: number;
  absError: number;
  inside: boolean;
  /** The run's decision (with --rescore: made again by the current rules from the run's saved advice). */
  decision: string;
  seconds: number;
  /** The curve advise measured on the subsample (rows saved before it was kept have none). */
  points?: { n: number; mean: number; se: number }[];
}

const pc = (x: number): string => (100 * x).toFixed(1);

export function formatRows(rows: readonly BenchRow[]): string {
  const out = [
    '| dataset | seed | advised on (rows) | full set (rows) | head | predicted (95% interval) | measured | abs. error (points) | inside | decision |',
    '| --- | --- | ---: | ---: | --- | --- | ---: | ---: | --- | --- |',
  ];
  for (const r of rows) {
    out.push(`| ${r.dataset} | ${r.seed} | ${r.subRows} | ${r.fullRows} | ${r.strategy} | ${pc(r.predicted)} (${r.ci95 ? `${pc(r.ci95[0])}–${pc(r.ci95[1])}` : 'none'}) | ${pc(r.measured)} | ${pc(r.absError)} | ${r.inside ? 'yes' : '**no**'} | ${r.decision} |`);
  }
  return out.join('\n');
}

/** Per dataset and overall: mean absolute error and coverage, against the goals. */
export function summarise(rows: readonly BenchRow[]): string {
  if (rows.length === 0) return 'No rows.';
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const byDataset = [...new Set(rows.map((r) => r.dataset))].map((d) => {
    const rs = rows.filter((r) => r.dataset === d);
    return `| ${d} | ${rs.length} | ${pc(mean(rs.map((r) => r.absError)))} | ${rs.filter((r) => r.inside).length}/${rs.length} |`;
  });
  const perDataset = [...new Set(rows.map((r) => r.dataset))].map((d) => mean(rows.filter((r) => r.dataset === d).map((r) => r.absError)));
  const mae = mean(perDataset);
  const coverage = rows.filter((r) => r.inside).length / rows.length;
  return [
    '| dataset | runs | mean abs. error (points) | measured inside the 95% interval |', '| --- | ---: | ---: | ---: |', ...byDataset,
    `| **all** | ${rows.length} | **${pc(mae)}** (mean over datasets) | **${(100 * coverage).toFixed(0)}%** |`, '',
    `Goals: mean absolute error ≤ 1.5 points — **${mae <= 0.015 ? 'met' : 'not met'}** (${pc(mae)}); coverage of the 95% intervals ≥ 90% — **${coverage >= 0.9 ? 'met' : 'not met'}** (${(100 * coverage).toFixed(0)}%).`,
  ].join('\n');
}

export function formatLeaveOneOut(l: LeaveOneOut): string {
  const out = [
    '| result | dataset | examples per class | published fine-tuned | predicted from the others (range) | abs. error (points) | inside |',
    '| --- | --- | ---: | ---: | --- | ---: | --- |',
    ...l.rows.map((r) => `| ${r.id} | ${r.dataset} | ${r.perClass} | ${pc(r.published)} | ${pc(r.predicted)} (${pc(r.range[0])}–${pc(r.range[1])}) | ${pc(r.absError)} | ${r.inside ? 'yes' : '**no**'} |`),
  ];
  out.push('', `Mean absolute error ${pc(l.meanAbsError)} points; ${(100 * l.coverage).toFixed(0)}% of published results inside the range predicted from the others.`);
  return out.join('\n');
}
