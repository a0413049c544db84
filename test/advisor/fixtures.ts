/** Constructed inputs for the advisor's decision and report tests. */
import { estimateRoutes, forecast, privacyExposure } from '../../src/advisor/index.js';
import type { DecisionInput, Forecast } from '../../src/advisor/index.js';

/** Curve points of acc(n) = a − b·n^(−c) at n = rows/16 … rows, each with a small standard error. */
export function lawPoints(rows: number, a: number, b: number, c: number): { n: number; mean: number; se: number }[] {
  return [16, 8, 4, 2, 1].map((k) => {
    const n = rows / k;
    return { n, mean: a - b * Math.pow(n, -c), se: 0.003 };
  });
}

/** A decision input for `rows` labelled rows whose learning curve follows the given law. */
export function decisionInput(o: { rows: number; law: [number, number, number]; target?: number; budgetUsd?: number; latencyMs?: number; labelCostUsd?: number; classes?: number; piiShare?: number }): DecisionInput {
  const [a, b, c] = o.law;
  const pts = lawPoints(o.rows, a, b, c);
  const fc: Forecast = forecast(pts, { available: o.rows, seed: 7, target: o.target });
  const accuracy = pts.at(-1)!.mean;
  const routes = estimateRoutes({ data: { rows: o.rows, classes: o.classes ?? 4, tokensPerExample: 40 }, graftAccuracy: accuracy, budgetUsd: o.budgetUsd, latencyMs: o.latencyMs });
  const texts = 1000, found = Math.round((o.piiShare ?? 0) * texts);
  return {
    graft: { accuracy, ci95: [accuracy - 0.01, accuracy + 0.01], latencyMs: 5, label: 'logistic on use-lite@1' },
    rows: o.rows, forecast: fc, routes,
    privacy: privacyExposure([{ policy: 'redact', texts, textsWithFindings: found, findings: found, byType: found ? { EMAIL: found } : {}, byRow: [] }]),
    constraints: { targetAccuracy: o.target, budgetUsd: o.budgetUsd, latencyMs: o.latencyMs, labelCostUsd: o.labelCostUsd },
    planLabels: (total) => [{ label: 'a', labels: Math.round(total * 0.7) }, { label: 'b', labels: total - Math.round(total * 0.7) }],
  };
}
