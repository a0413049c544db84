/**
 * The advice's section of the self-contained HTML report: the decision, then the learning curve,
 * its extrapolation band, the target line and the fine-tuning range drawn on the same axes,
 * then the tables behind them. No script, no network.
 */
import { esc, lineChart, renderBakeoffHtml } from '../eval/index.js';
import type { BakeoffResult, LineSeries, ReportMeta } from '../eval/index.js';
import { CONSTANTS } from './constants.js';
import { formatBytes } from './format.js';
import type { Advice } from './schema.js';

const pct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const usd = (x: number): string => (x < 10 ? `$${x.toFixed(2)}` : `$${Math.round(x).toLocaleString('en-US')}`);
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Measured points, the extrapolation with its band, the target and the best route's range, on one chart. */
export function adviceChart(a: Advice): string {
  const f = a.curve.forecast;
  const series: LineSeries[] = [{
    name: 'measured (proportional curve)', colour: '#0072B2',
    points: a.curve.points.map((p) => ({ x: p.n, y: p.mean, lo: Math.max(0, p.mean - 1.96 * p.se), hi: Math.min(1, p.mean + 1.96 * p.se) })),
  }];
  const ahead = [f.current, ...f.at].filter((p) => Number.isFinite(p.mean));
  if (f.fit && ahead.length) {
    const last = a.curve.points.at(-1)!;
    series.push({
      name: 'extrapolated (95% band)', dashed: true, colour: '#0072B2',
      points: [{ x: last.n, y: last.mean }, ...ahead.map((p) => ({ x: p.n, y: p.mean, ...(p.ci95 ? { lo: p.ci95[0], hi: p.ci95[1] } : {}) }))],
    });
  }
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const target = a.settings.constraints.targetAccuracy;
  if (target !== undefined) series.push({ name: `target ${pct(target)}`, dashed: true, colour: '#D55E00', points: [{ x: x0, y: target }, { x: x1, y: target }] });
  const route = [...a.fineTuning.routes].filter((r) => r.applicable).sort((p, q) => q.expected.accuracy - p.expected.accuracy)[0];
  if (route) {
    const n = a.dataset.rows;
    series.push({
      name: `${route.name}: expected range at this data size`, dashed: true, colour: '#009E73',
      points: [0.85, 1.15].map((k) => ({ x: n * k, y: route.expected.accuracy, lo: route.expected.range[0], hi: route.expected.range[1] })),
    });
  }
  return lineChart(series, { title: 'More labels or fine-tuning?', xLabel: 'labelled training rows (log scale)', yLabel: 'held-out accuracy', logX: true });
}

function routesTable(a: Advice): string {
  const rows = a.fineTuning.routes.map((r) => `<tr><td class="l">${esc(r.name)}</td><td>${pct(r.expected.accuracy)}</td><td>${pct(r.expected.range[0])} – ${pct(r.expected.range[1])}</td>` +
    `<td>${r.compute ? r.compute.flops.toExponential(2) : '–'}</td><td>${r.compute ? r.compute.gpuHours.toFixed(2) : '–'}</td><td>${usd(r.money.trainingUsd)}</td><td>${r.wallHours.toFixed(1)} h</td>` +
    `<td>${formatBytes(r.serving.memoryPerTaskBytes)}${r.serving.sharedBytes ? ` + ${formatBytes(r.serving.sharedBytes)} shared` : ''}</td><td>${r.serving.latencyMs.toFixed(0)} ms</td>` +
    `<td class="l">${esc([r.withinBudget === false ? 'over budget' : '', r.withinLatency === false ? 'too slow' : '', r.evidence.thin ? 'evidence thin' : '', ...r.notes].filter(Boolean).join('; '))}</td></tr>`);
  const g = a.graft;
  rows.push(`<tr><td class="l"><b>graft: ${esc(g.strategy)} on ${esc(g.backbone)}</b> (measured)</td><td>${pct(g.accuracy)}</td><td>${pct(g.ci95[0])} – ${pct(g.ci95[1])}</td><td>–</td><td>–</td><td>$0.00</td><td>–</td>` +
    `<td>${g.headBytes === null ? '–' : formatBytes(g.headBytes)}</td><td>${g.latencyMs === null ? '–' : `${g.latencyMs.toFixed(1)} ms`}</td><td class="l">one backbone pass per text serves every task</td></tr>`);
  return `<table><thead><tr><th class="l">route</th><th>expected</th><th>range</th><th>training FLOPs</th><th>GPU-hours</th><th>training cost</th><th>wall</th><th>memory per task</th><th>latency</th><th class="l">notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    `<p class="meta">FLOPs ≈ ${CONSTANTS.trainFlopsPerParamToken.value} × parameters × tokens × epochs (LoRA ${CONSTANTS.loraTrainFlopsPerParamToken.value}×), GPU-hours at ${(100 * CONSTANTS.gpuUtilisation.value).toFixed(0)}% of an A100's peak, ${CONSTANTS.trialsPerFineTune.value} runs each. ` +
    `Expected range: share of graft's errors removed in ${a.fineTuning.evidenceRows} published side-by-side results; predicting each from the others misses by ${(100 * a.fineTuning.leaveOneOut.meanAbsError).toFixed(1)} points on average. Sources: ${a.fineTuning.evidenceSources.map(esc).join('; ')}.</p>`;
}

function forecastTable(a: Advice): string {
  const f = a.curve.forecast;
  const rows = [f.current, ...f.at].map((p) => `<tr><td>${p.multiple === 1 ? 'now' : `${p.multiple}×`}</td><td>${count(p.n)}</td><td>${pct(p.mean)}</td><td>${p.ci95 ? `${pct(p.ci95[0])} – ${pct(p.ci95[1])}` : 'no interval'}</td></tr>`);
  const classes = a.curve.classes.slice(0, 10).map((c) => `<tr><td class="l">${esc(c.label)}</td><td>${pct(c.share)}</td><td>${count(c.rows)}</td><td>${pct(c.recall)}</td><td>${(100 * c.slopePerDoubling).toFixed(1)}</td><td>${(100 * c.gainPer100).toFixed(2)}</td></tr>`);
  return `<table><thead><tr><th>labels</th><th>rows</th><th>predicted accuracy</th><th>95% interval</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    `<details><summary>Which classes labels help most</summary><table><thead><tr><th class="l">class</th><th>share</th><th>rows</th><th>recall</th><th>recall points per doubling</th><th>accuracy points per 100 labels</th></tr></thead><tbody>${classes.join('')}</tbody></table></details>`;
}

/**
 * The advice as a `<section>` of a report page.
 *
 * @example
 * page.replace('</header>', `</header>${renderAdviceSection(advice)}`);
 */
export function renderAdviceSection(a: Advice): string {
  const d = a.decision;
  const alt = a.alternatives, cheap = alt.rows[alt.cheapest]!;
  const p = a.privacy;
  return `<section id="advice"><h2>Should you fine-tune?</h2>
<p><b>${esc(d.headline)}</b></p><ul>${d.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>
${d.labelClasses.length ? `<p>Label first: ${d.labelClasses.map((c) => `${esc(c.label)} ${count(c.labels)}`).join(', ')}.</p>` : ''}
${d.constraints.length ? `<p class="meta">Constraints: ${d.constraints.map(esc).join('; ')}.</p>` : ''}
${adviceChart(a)}
<h3>More labels</h3>${forecastTable(a)}
<h3>Fine-tuning, estimated</h3>${routesTable(a)}
<h3>Measured alternatives</h3><p>Best: ${esc(alt.rows[alt.best]!.strategy)} on ${esc(alt.rows[alt.best]!.backbone)}, ${pct(alt.rows[alt.best]!.accuracy)}. Cheapest not significantly worse: ${esc(cheap.strategy)} on ${esc(cheap.backbone)}, ${pct(cheap.accuracy)} (${esc(alt.cheapestWhy)}).</p>
<h3>Privacy</h3><p>${p.findings === 0 ? 'No private data found.' : `${pct(p.share)} of ${count(p.texts)} texts hold private data: ${p.byType.map((t) => `${esc(t.type)} ${t.count}`).join(', ')}.`} ${esc(p.graft)} ${esc(p.fineTuning)} ${esc(p.hosted)}</p>
${d.wouldChange.length ? `<h3>What would change the answer</h3><ul>${d.wouldChange.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
${a.warnings.length ? `<p class="meta">Warnings: ${a.warnings.map(esc).join('; ')}</p>` : ''}
</section>`;
}

/**
 * The whole report page: the bake-off report with the advice as its first section, and the advice
 * JSON embedded beside the bake-off's.
 *
 * @example
 * writeFileSync('advice.html', renderAdviceHtml(advice, bakeoff.result, { runId }));
 */
export function renderAdviceHtml(a: Advice, bakeoff: BakeoffResult, meta: ReportMeta = {}): string {
  const page = renderBakeoffHtml(bakeoff, { ...meta, title: meta.title ?? `graft advise ${a.dataset.name}` });
  const json = JSON.stringify(a).replace(/</g, '\\u003c');
  const at = page.indexOf('</header>');
  const section = `${renderAdviceSection(a)}\n<script type="application/json" id="graft-advice">${json}</script>`;
  return at < 0 ? page.replace('<body>', `<body>${section}`) : `${page.slice(0, at + 9)}\n${section}${page.slice(at + 9)}`;
}
