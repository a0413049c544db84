/**
 * The decision: use graft's best now, label N more examples first (and in which classes),
 * fine-tune, or cannot tell yet — from the measured accuracy, the learning-curve forecast and the fine-tuning
 * estimates, with the constraints given (target accuracy, budget, latency) applied. Pure: the
 * same numbers always give the same answer, and every reason carries the numbers behind it.
 *
 * The rules, in order:
 * - With a target already met: use graft.
 * - A forecast that is not reliable (a curve of fewer than 4 sizes, or a 2× interval wider than
 *   ± `maxForecastHalfWidth`): cannot tell yet, with the labels after which the curve would
 *   (`labelsToTell`) — rather than weighing labels against fine-tuning on a guess.
 * - With a target: measured at or above it → use graft. Else, if more labels are predicted to
 *   reach it within 10× the data (and the labels fit the budget) → label more. Else the
 *   cheapest route that fits budget and latency and is expected to reach it → fine-tune; else one
 *   whose range reaches it → fine-tune as a pilot; else labels if they still help, or use graft
 *   with the target called out of reach.
 * - Without a target: 2× the labels predicted to add at least `minWorthwhileGain` → label more
 *   (double the data). Else the most accurate route within the constraints, expected to add at
 *   least that much with a range above zero → fine-tune. Else use graft.
 */
import { constant } from './constants.js';
import { MIN_RELIABLE_SIZES } from './forecast.js';
import type { Forecast } from './forecast.js';
import type { RouteEstimate, RouteId } from './routes.js';
import type { PrivacyExposure } from './exposure.js';

export type Action = 'use-graft' | 'label-more' | 'fine-tune' | 'cannot-tell';
export const ACTIONS: readonly Action[] = Object.freeze(['use-graft', 'label-more', 'fine-tune', 'cannot-tell']);

export interface Constraints {
  targetAccuracy?: number;
  budgetUsd?: number;
  latencyMs?: number;
  /** Price of one label, to check labelling against the budget. */
  labelCostUsd?: number;
}

export interface DecisionInput {
  graft: { accuracy: number; ci95: [number, number]; latencyMs: number | null; label: string };
  /** Labelled rows now. */
  rows: number;
  forecast: Forecast;
  routes: readonly RouteEstimate[];
  privacy: PrivacyExposure;
  constraints: Constraints;
  /** How a number of new labels would split over the classes. */
  planLabels(total: number): { label: string; labels: number }[];
  /** More labels (per class) after which the curve would have enough sizes to check its forecast; null when it has them already. */
  labelsToTell?: { label: string; labels: number }[] | null;
}

export interface Decision {
  action: Action;
  headline: string;
  reasons: string[];
  /** More labels to collect (label-more, cannot-tell), else null. */
  moreLabels: number | null;
  /** Where they should go, most first. */
  labelClasses: { label: string; labels: number }[];
  /** The route to fine-tune with (fine-tune), else null. */
  route: RouteId | null;
  /** How each given constraint was applied. */
  constraints: string[];
  /** What would change the answer. */
  wouldChange: string[];
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const pts = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} points`;
const usd = (x: number): string => (x < 10 ? `$${x.toFixed(2)}` : `$${Math.round(x).toLocaleString('en-US')}`);
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

function feasible(r: RouteEstimate): boolean {
  return r.applicable && r.withinBudget !== false && r.withinLatency !== false;
}

function routeLine(r: RouteEstimate): string {
  return `${r.name}: expected ${pct(r.expected.accuracy)} (range ${pct(r.expected.range[0])}–${pct(r.expected.range[1])}, ${pts(r.expected.gain)}), ` +
    `${usd(r.money.trainingUsd)} to train, ${r.serving.latencyMs.toFixed(0)} ms per text${r.evidence.thin ? '; evidence thin' : ''}`;
}

function constraintLines(d: DecisionInput): string[] {
  const c = d.constraints, out: string[] = [];
  if (c.targetAccuracy !== undefined) out.push(`target ${pct(c.targetAccuracy)}: graft's best measures ${pct(d.graft.accuracy)} (95% CI ${pct(d.graft.ci95[0])}–${pct(d.graft.ci95[1])})`);
  if (c.budgetUsd !== undefined) {
    const over = d.routes.filter((r) => r.withinBudget === false).map((r) => `${r.id} ${usd(r.money.trainingUsd)}`);
    out.push(`budget ${usd(c.budgetUsd)}: ${over.length ? `over budget: ${over.join(', ')}` : 'every fine-tuning route fits'}`);
  }
  if (c.latencyMs !== undefined) {
    const slow = d.routes.filter((r) => r.withinLatency === false).map((r) => `${r.id} ${r.serving.latencyMs.toFixed(0)} ms`);
    const g = d.graft.latencyMs === null ? 'graft\'s latency was not measured' : `graft measures ${d.graft.latencyMs.toFixed(1)} ms per text${d.graft.latencyMs > c.latencyMs ? ' — over the limit too' : ''}`;
    out.push(`latency ${c.latencyMs} ms: ${g}; ${slow.length ? `too slow: ${slow.join(', ')}` : 'every route fits'}`);
  }
  if (c.labelCostUsd !== undefined) out.push(`labels at ${usd(c.labelCostUsd)} each`);
  return out;
}

function privacyReason(d: DecisionInput, r: RouteEstimate): string | undefined {
  if (d.privacy.findings === 0) return undefined;
  const types = d.privacy.byType.slice(0, 3).map((t) => t.type).join(', ');
  return `${pct(d.privacy.share)} of the texts hold private data (${types}): remove it before fine-tuning — ${d.privacy.fineTuning}${r.id === 'hosted-api' ? ` ${d.privacy.hosted}` : ''}`;
}

/**
 * Decides. See the module comment for the rules.
 *
 * @example
 * const d = decide({ graft, rows, forecast, routes, privacy, constraints: { targetAccuracy: 0.9 }, planLabels: (n) => plan(n) });
 * d.action; d.reasons;
 */
export function decide(d: DecisionInput): Decision {
  const minGain = constant('minWorthwhileGain');
  const f = d.forecast;
  const base: Helpers['base'] = { constraints: constraintLines(d), moreLabels: null, labelClasses: [], route: null };
  const at = (m: number): Forecast['at'][number] | undefined => f.at.find((p) => p.multiple === m);
  const gainAt = (m: number): number => (f.reliable && at(m) ? at(m)!.mean - f.current.mean : Number.NaN);
  const labelCost = (n: number): number | undefined => (d.constraints.labelCostUsd === undefined ? undefined : n * d.constraints.labelCostUsd);
  const labelsAffordable = (n: number): boolean => {
    const c = labelCost(n);
    return c === undefined || d.constraints.budgetUsd === undefined || c <= d.constraints.budgetUsd;
  };
  const ok = d.routes.filter(feasible);
  const label = (n: number, headline: string, reasons: string[], wouldChange: string[]): Decision => ({
    ...base, action: 'label-more', headline, reasons, moreLabels: n, labelClasses: d.planLabels(n), wouldChange,
  });
  const tune = (r: RouteEstimate, headline: string, reasons: string[]): Decision => ({
    ...base, action: 'fine-tune', headline, route: r.id,
    reasons: [...reasons, routeLine(r), ...[privacyReason(d, r)].filter((s): s is string => !!s)],
    wouldChange: [
      ...(d.constraints.budgetUsd === undefined ? [`A budget below ${usd(r.money.trainingUsd)} rules this route out.`] : []),
      ...(d.constraints.latencyMs === undefined ? [`A latency limit below ${r.serving.latencyMs.toFixed(0)} ms per text rules it out (graft: ${d.graft.latencyMs === null ? 'not measured' : `${d.graft.latencyMs.toFixed(1)} ms`}).`] : []),
      'A published side-by-side result on data like yours would narrow its range; a pilot run on a held-out set settles it.',
    ],
  });
  const T = d.constraints.targetAccuracy;
  if (!f.reliable && !(T !== undefined && d.graft.accuracy >= T)) return cannotTell(d, base);
  if (T !== undefined) return decideForTarget(d, T, { ok, gainAt, labelCost, labelsAffordable, label, tune, base, minGain });
  const g2 = gainAt(2);
  if (Number.isFinite(g2) && g2 >= minGain && labelsAffordable(d.rows)) {
    return label(d.rows, `Label ${count(d.rows)} more examples first (2× the data).`, [
      `2× the labels is predicted to reach ${pct(at(2)!.mean)} (${pts(g2)}, 95% interval ${pct(at(2)!.ci95![0])}–${pct(at(2)!.ci95![1])}); 10×: ${pct(at(10)?.mean ?? Number.NaN)}.`,
      `That beats the smallest gain worth acting on (${pts(minGain)}).`,
    ], [`If the labels cost more than the gain is worth to you, use graft's best now (${pct(d.graft.accuracy)}).`, 'A flatter curve after the new labels (the next advise run shows it) would end the labelling.']);
  }
  const best = [...ok].sort((a, b) => b.expected.accuracy - a.expected.accuracy || a.money.trainingUsd - b.money.trainingUsd)[0];
  if (best && best.expected.gain >= minGain && best.expected.gainRange[0] > 0) {
    return tune(best, `Fine-tuning is likely worth it: ${best.name}.`, [
      `Expected ${pts(best.expected.gain)} over graft's ${pct(d.graft.accuracy)}, with a range above zero; more labels add only ${Number.isFinite(g2) ? pts(g2) : 'an unknown amount'} at 2×.`,
    ]);
  }
  const reasons = [
    `graft's best measures ${pct(d.graft.accuracy)} (95% CI ${pct(d.graft.ci95[0])}–${pct(d.graft.ci95[1])}) with ${d.graft.label}.`,
    Number.isFinite(g2) ? `2× the labels is predicted to add ${pts(g2)} (below the ${pts(minGain)} worth acting on).` : 'The learning curve does not say what more labels would give.',
    best ? `The best fine-tuning route within the constraints is expected to add ${pts(best.expected.gain)} (range ${pts(best.expected.gainRange[0])} to ${pts(best.expected.gainRange[1])}): not clearly worth it.` : 'No fine-tuning route fits the constraints.',
  ];
  return {
    ...base, action: 'use-graft', headline: `Use graft's best now: ${d.graft.label}, ${pct(d.graft.accuracy)}.`, reasons,
    wouldChange: [
      `A target above ${pct(d.graft.ci95[1])} (the top of graft's interval) would call for labels or fine-tuning.`,
      ...(best ? [`Fine-tuning would be worth it if its range lay above ${pts(minGain)}; it is ${pts(best.expected.gainRange[0])} to ${pts(best.expected.gainRange[1])} here.`] : []),
    ],
  };
}

interface Helpers {
  ok: RouteEstimate[];
  gainAt(m: number): number;
  labelCost(n: number): number | undefined;
  labelsAffordable(n: number): boolean;
  label(n: number, headline: string, reasons: string[], wouldChange: string[]): Decision;
  tune(r: RouteEstimate, headline: string, reasons: string[]): Decision;
  base: Pick<Decision, 'constraints' | 'moreLabels' | 'labelClasses' | 'route'>;
  minGain: number;
}

function decideForTarget(d: DecisionInput, T: number, h: Helpers): Decision {
  if (d.graft.accuracy >= T) {
    const reasons = [`graft's best measures ${pct(d.graft.accuracy)}, at or above the target ${pct(T)}.`];
    if (d.graft.ci95[0] < T) reasons.push(`The lower end of its interval (${pct(d.graft.ci95[0])}) is below the target: more labels would make it safer.`);
    return {
      ...h.base, action: 'use-graft', headline: `Use graft's best now: ${d.graft.label} meets the target (${pct(d.graft.accuracy)} ≥ ${pct(T)}).`, reasons,
      wouldChange: [`A target above ${pct(d.graft.accuracy)} would call for labels or fine-tuning.`],
    };
  }
  const t = d.forecast.target;
  const cheapestReaching = (upper: boolean): RouteEstimate | undefined => [...h.ok]
    .filter((r) => (upper ? r.expected.range[1] : r.expected.accuracy) >= T)
    .sort((a, b) => a.money.trainingUsd - b.money.trainingUsd || b.expected.accuracy - a.expected.accuracy)[0];
  if (t?.reach === 'labels' && t.moreLabels !== null) {
    const n = t.moreLabels;
    const affordable = h.labelsAffordable(n);
    const near = n <= 9 * d.rows;
    const route = cheapestReaching(false);
    if (affordable && (near || !route)) {
      const range = t.totalRange ? ` (95% range of the total: ${count(t.totalRange[0])}–${t.totalRange[1] === null ? 'possibly out of reach' : count(t.totalRange[1])})` : '';
      const cost = h.labelCost(n);
      return h.label(n, `Label ${count(n)} more examples first: the target ${pct(T)} is predicted at ${count(d.rows + n)} labels.`, [
        `graft's best measures ${pct(d.graft.accuracy)}, below the target ${pct(T)}.`,
        `The learning curve reaches ${pct(T)} at about ${count(d.rows + n)} labelled rows${range}${cost === undefined ? '' : `, ${count(n)} labels cost ${usd(cost)}`}.`,
        ...(route ? [`Fine-tuning (${route.name}) is expected to reach ${pct(route.expected.accuracy)}, but labels keep graft's serving, privacy and unlearning.`] : []),
      ], [
        route
          ? `Labels dearer than ${usd(route.money.trainingUsd / n)} each would make ${route.name} (${usd(route.money.trainingUsd)}) the cheaper way to the target.`
          : `If ${count(n)} labels cost more than ${pct(T - d.graft.accuracy).replace('%', ' points')} of accuracy is worth, use graft's best now (${pct(d.graft.accuracy)})${d.constraints.labelCostUsd === undefined ? '; a price per label checks them against the budget' : ''}.`,
        'A curve that flattens after the first new labels (rerun advise) would move the target out of reach.',
      ]);
    }
    if (route) return h.tune(route, `Fine-tuning is likely worth it: ${route.name} is expected to reach the target ${pct(T)}.`, [
      `graft's best measures ${pct(d.graft.accuracy)}; the target needs about ${count(n)} more labels${affordable ? ` (${(n / d.rows).toFixed(1)}× the data)` : `, which the budget does not cover`}.`,
    ]);
  }
  const route = cheapestReaching(false);
  if (route) return h.tune(route, `Fine-tuning is likely worth it: ${route.name} is expected to reach the target ${pct(T)}.`, [
    `More labels are not predicted to reach ${pct(T)} with this backbone within ${constant('maxExtrapolation')}× the data (ceiling ${d.forecast.ceiling ? pct(d.forecast.ceiling.mean) : 'unknown'}).`,
  ]);
  const pilot = cheapestReaching(true);
  if (pilot) return h.tune(pilot, `Fine-tuning may reach the target ${pct(T)}: run ${pilot.name} as a pilot first.`, [
    `Neither more labels nor the expected value of any route reaches ${pct(T)}; only the top of ${pilot.name}'s range does.`,
  ]);
  const g10 = h.gainAt(10);
  if (Number.isFinite(g10) && g10 >= h.minGain && h.labelsAffordable(9 * d.rows)) {
    return h.label(9 * d.rows, `The target ${pct(T)} looks out of reach; labels still help most: 10× the data is predicted at ${pct(d.forecast.at.find((p) => p.multiple === 10)!.mean)}.`, [
      `No route is expected to reach ${pct(T)}; 10× the labels adds ${pts(g10)}.`,
    ], ['A lower target, or another backbone, would change the answer.']);
  }
  return {
    ...h.base, action: 'use-graft', headline: `Use graft's best now (${pct(d.graft.accuracy)}): the target ${pct(T)} is out of reach by every route estimated.`,
    reasons: [`Neither more labels nor any fine-tuning route within the constraints is predicted to reach ${pct(T)}.`],
    wouldChange: ['A lower target, a larger budget or latency limit, or another backbone would change the answer.'],
  };
}

/** The forecast does not tell what more labels buy: say so, and how many labels would let it. */
function cannotTell(d: DecisionInput, base: Pick<Decision, 'constraints' | 'moreLabels' | 'labelClasses' | 'route'>): Decision {
  const f = d.forecast;
  const perClass = d.labelsToTell ?? [];
  const total = perClass.length ? perClass.reduce((s, c) => s + c.labels, 0) : d.rows;
  const classes = perClass.length ? perClass.filter((c) => c.labels > 0).sort((a, b) => b.labels - a.labels || a.label.localeCompare(b.label)) : d.planLabels(total);
  const why = f.sizes < MIN_RELIABLE_SIZES
    ? `The learning curve has ${f.sizes} size${f.sizes === 1 ? '' : 's'}, too few to check its own extrapolation (${MIN_RELIABLE_SIZES} are needed, with at least 2 rows of every class at the smallest): ${perClass.length ? `${count(total)} more labels (${(1 + total / d.rows).toFixed(1)}× the data, in the same class proportions) give it ${MIN_RELIABLE_SIZES}` : `doubling the data (${count(total)} more labels) adds a size`}.`
    : `The curve's forecast at 2× the labels spans ${f.at.find((p) => p.multiple === 2)?.ci95 ? `${pct(f.at.find((p) => p.multiple === 2)!.ci95![0])}–${pct(f.at.find((p) => p.multiple === 2)!.ci95![1])}` : 'an unknown range'}: fitted on its smaller sizes, it missed its larger ones by up to ${pts(f.slackPerDoubling).replace('+', '')} per doubling. Doubling the data (${count(total)} more labels) adds a size to check it on.`;
  const best = d.routes.filter(feasible).sort((a, b) => b.expected.accuracy - a.expected.accuracy)[0];
  return {
    ...base, action: 'cannot-tell', moreLabels: Math.round(total), labelClasses: classes,
    headline: `Cannot tell yet whether more labels or fine-tuning would pay: label about ${count(total)} more examples and run advise again. Until then, use graft's best (${pct(d.graft.accuracy)}).`,
    reasons: [
      `graft's best measures ${pct(d.graft.accuracy)} (95% CI ${pct(d.graft.ci95[0])}–${pct(d.graft.ci95[1])}) with ${d.graft.label}.`,
      why,
      ...(best ? [`Fine-tuning, for comparison: ${routeLine(best)}.`] : []),
    ],
    wouldChange: [
      'A learning curve of 4 sizes or more whose backtests agree (the next advise run checks it) gives a forecast and an answer.',
      ...(d.constraints.targetAccuracy === undefined ? [`A target at or below ${pct(d.graft.accuracy)} is met now.`] : []),
    ],
  };
}
