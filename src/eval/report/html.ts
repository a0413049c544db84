/**
 * The bake-off report as one self-contained HTML file: inline CSS and SVG, the result
 * JSON embedded for machines, no scripts or fonts fetched from anywhere.
 */
import type { BakeoffEntry, BakeoffResult, ExtrapolationResult } from '../bakeoff-result.js';
import type { BackboneCost } from '../backbone-comparison.js';
import { validInterval } from '../extrapolate.js';
import { backboneSection } from './backbones.js';
import { extrapolationText } from './extrapolation.js';
import { isOverfitting, verdictText } from './verdict.js';
import { barChart, colour, esc, heatmap, histogramChart, lineChart, reliabilityChart } from './svg.js';
import type { LineSeries } from './svg.js';

/** Facts about the run shown in the header (all optional). */
export interface ReportMeta {
  title?: string;
  runId?: string;
  createdAt?: string;
  dataHash?: string;
  versions?: Record<string, string>;
  /** What each backbone cost when the run embedded, by backbone id (for the backbone comparison). */
  costs?: Record<string, BackboneCost>;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
const name = (e: BakeoffEntry): string => `${e.strategy} · ${e.backbone}`;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:16px 24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child,td.l,th.l{text-align:left}
.meta{color:#555}.flag{color:#b00;font-weight:600}.ok{color:#070}.muted{color:#777}
figure{display:block;margin:12px 0}figure svg{display:block;width:100%;height:auto}figure.matrix svg{max-width:100%}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}.pair figure{margin:0}
figcaption{font-weight:600;margin-bottom:2px}.legend{font-size:12px}.key{margin-right:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.grid{stroke:#eee}.axis{stroke:#888}.tick{font-size:12px;fill:#444}.label{font-size:13px;fill:#222}
.line{fill:none;stroke-width:2}.dashed{stroke-dasharray:5 4}.band{opacity:.15;stroke:none}.diag{stroke:#999;stroke-dasharray:3 3}
.bar{fill:#0072B2;opacity:.8}.hbar{opacity:.55}.fbar{fill:#009E73}.threshold{stroke:#b00;stroke-width:2;stroke-dasharray:4 3}.count{font-size:11px;fill:#111}
details{margin:6px 0}summary{cursor:pointer}
`;

/** Whether the full-set points carry a bootstrap interval (runs saved before that: over seeds). */
function bootstrapped(r: BakeoffResult): boolean {
  return r.entries.some((e) => e.points.at(-1)?.interval === 'bootstrap');
}

function fullNote(r: BakeoffResult): string {
  return bootstrapped(r)
    ? ' (± bootstrap standard error; one fit, as every seed draws the same rows at the full set, with the interval from resampling the held-out rows, or Wilson\'s when every row is right)'
    : `, mean ± std over ${r.seeds} seed(s)`;
}

function leaderboard(r: BakeoffResult): string {
  const rows = r.ranking.map((idx, rank) => {
    const e = r.entries[idx]!;
    const cal = e.calibration;
    return `<tr><td>${rank + 1}</td><td class="l">${esc(e.strategy)}</td><td class="l">${esc(e.backbone)}</td>` +
      `<td>${pct(e.accuracy.mean)} ± ${pct(e.accuracy.std)}</td><td>${pct(e.accuracy.ci95[0])} – ${pct(e.accuracy.ci95[1])}</td>` +
      `<td>${pct(e.macroF1.mean)}</td><td>${cal ? `${cal.eceBefore.toFixed(3)} → ${cal.eceAfter.toFixed(3)}` : '–'}</td>` +
      `<td>${pct(e.trainAccuracy.mean)}</td><td class="${isOverfitting(e) ? 'flag' : ''}">${(100 * e.gap).toFixed(1)} pt${isOverfitting(e) ? ' overfitting' : ''}</td></tr>`;
  });
  return `<section id="leaderboard"><h2>Leaderboard</h2>
<p class="meta">Held-out accuracy at the full training set with a 95% confidence interval${fullNote(r)}; ${r.method === 'holdout' ? `scored on ${r.testRows} test rows` : `${r.folds}-fold cross-validation of ${r.trainRows} rows`}.</p>
<table><thead><tr><th>#</th><th class="l">strategy</th><th class="l">backbone</th><th>accuracy</th><th>95% CI</th><th>macro-F1</th><th>ECE before → after calibration</th><th>train accuracy</th><th>train − held-out</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></section>`;
}

function significance(r: BakeoffResult): string {
  const c = r.comparison;
  if (!c) return `<section id="significance"><h2>Is the winner really better?</h2><p>Only one entry: nothing to compare.</p></section>`;
  const a = r.entries[c.a]!, b = r.entries[c.b]!;
  const verdict = c.significant
    ? `<span class="ok">Yes</span>: ${esc(name(a))} beats ${esc(name(b))}`
    : `<span class="flag">Not shown</span>: the gap between ${esc(name(a))} and ${esc(name(b))} is within noise`;
  return `<section id="significance"><h2>Is the winner really better?</h2>
<p>${verdict} by ${(100 * c.diff).toFixed(1)} points (95% CI ${(100 * c.ci95[0]).toFixed(1)} to ${(100 * c.ci95[1]).toFixed(1)}; paired bootstrap over the same held-out rows, p = ${c.p.toPrecision(2)}).</p></section>`;
}

function extrapolationHtml(x: ExtrapolationResult): string {
  const t = extrapolationText(x);
  const warn = t.warnings.length ? ` <span class="muted">(${esc(t.warnings.join('; '))})</span>` : '';
  return `${esc(t.sentence)}${t.at2x ? ` ${esc(t.at2x)}` : ''}${warn}`;
}

function curves(r: BakeoffResult): string {
  const parts: string[] = [];
  for (const backbone of [...new Set(r.entries.map((e) => e.backbone))]) {
    const es = r.entries.filter((e) => e.backbone === backbone);
    const series: LineSeries[] = [];
    es.forEach((e, i) => {
      series.push({ name: e.strategy, colour: colour(i), points: e.points.map((p) => ({ x: p.n, y: p.accuracy.mean, lo: p.accuracy.ci95[0], hi: p.accuracy.ci95[1] })) });
      const x = e.extrapolation;
      if (x && extrapolationText(x).reliable) {
        series.push({
          name: `${e.strategy} (extrapolated)`, dashed: true, colour: colour(i),
          points: [x.current, x.at2x, x.at10x].map((p) => ({ x: p.n, y: p.mean, ...(validInterval(p.mean, p.ci95) ? { lo: p.ci95[0], hi: p.ci95[1] } : {}) })),
        });
      }
    });
    // Entries measured at the full set only (the cross-backbone ensemble) have no curve to draw.
    if (es.some((e) => e.points.length > 1)) {
      parts.push(lineChart(series, { title: `Learning curves — ${backbone}`, xLabel: 'training examples (log scale)', yLabel: 'held-out accuracy', logX: true, xCounts: true, yBounds: [0, 1] }));
    }
    const sentences = es.map((e) => `<li><b>${esc(e.strategy)}</b>: ${e.extrapolation ? extrapolationHtml(e.extrapolation) : '<span class="muted">no extrapolation (too few curve points)</span>'}</li>`);
    parts.push(`<ul class="extrapolation">${sentences.join('')}</ul>`);
    const table = es.map((e) => e.points.map((p) => `<tr><td class="l">${esc(e.strategy)}</td><td>${p.perClass ?? 'all'}</td><td>${p.n}</td><td>${pct(p.accuracy.mean)} ± ${pct(p.accuracy.std)}</td><td>${pct(p.accuracy.ci95[0])} – ${pct(p.accuracy.ci95[1])}</td><td>${pct(p.macroF1.mean)}</td><td>${pct(p.trainAccuracy.mean)}</td></tr>`).join('')).join('');
    parts.push(`<details><summary>Curve points — ${esc(backbone)}</summary><table><thead><tr><th class="l">strategy</th><th>per class</th><th>rows</th><th>accuracy</th><th>95% CI</th><th>macro-F1</th><th>train acc.</th></tr></thead><tbody>${table}</tbody></table></details>`);
  }
  return `<section id="learning-curves"><h2>Learning curves and extrapolation</h2>
<p class="meta">Each point: n examples per class sampled with each of ${r.seeds} seed(s); band = 95% CI over seeds${bootstrapped(r) ? ' (at the full set, where every seed draws the same rows: one fit, bootstrap interval over the held-out rows)' : ''}. Dashed: inverse-power-law fit a − b·n<sup>−c</sup> at the available data, 2× and 10×, with its 95% interval.</p>${parts.join('')}</section>`;
}

function overfitting(r: BakeoffResult): string {
  const rows = r.entries.map((e) => `<tr><td class="l">${esc(name(e))}</td><td>${pct(e.trainAccuracy.mean)}${e.trainScoring === 'leave-one-out' ? ' (leave-one-out)' : ''}</td><td>${pct(e.accuracy.mean)}</td>` +
    `<td>${(100 * e.gap).toFixed(1)} pt</td><td class="l ${isOverfitting(e) ? 'flag' : ''}">${esc(verdictText(e))}</td></tr>`);
  const paths = r.entries.filter((e) => e.regularizationPath).map((e) => {
    const p = e.regularizationPath!;
    return lineChart([
      { name: 'train', points: p.points.map((q) => ({ x: q.value, y: q.trainAccuracy })) },
      { name: 'held-out', points: p.points.map((q) => ({ x: q.value, y: q.heldOutAccuracy })) },
    ], { title: `Regularization path of ${e.strategy} (${e.backbone})`, xLabel: `${p.param} (log scale)`, yLabel: 'accuracy', logX: true, yBounds: [0, 1] });
  });
  const trainNote = r.trainAccuracyRows !== undefined && r.trainRows > r.trainAccuracyRows
    ? `<p class="meta">Train accuracy is scored on a seeded sample of ${r.trainAccuracyRows} training rows.</p>` : '';
  const pathNote = r.entries.some((e) => e.regularizationPath?.heldOut === 'fold 1') ? '<p class="meta">Regularization path: held-out accuracy on the first fold.</p>' : '';
  return `<section id="overfitting"><h2>Overfitting</h2>${trainNote}${pathNote}<p class="meta">A gap between train and held-out accuracy is not overfitting by itself; the verdict reads whether held-out accuracy falls as the head's capacity grows (its regularization path).</p><table><thead><tr><th class="l">entry</th><th>train accuracy</th><th>held-out accuracy</th><th>gap</th><th class="l">verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>${paths.join('')}</section>`;
}

function calibration(r: BakeoffResult): string {
  const figs = r.entries.filter((e) => e.calibration).map((e) => {
    const c = e.calibration!;
    return `<div class="calibration-entry"><h3>${esc(name(e))}${c.temperature !== null ? ` — temperature ${c.temperature.toFixed(2)}` : ''}</h3><div class="pair">` +
      reliabilityChart(c.binsBefore, `before: ECE ${c.eceBefore.toFixed(3)}`) + reliabilityChart(c.binsAfter, `after: ECE ${c.eceAfter.toFixed(3)}`) + '</div></div>';
  });
  return `<section id="calibration"><h2>Calibration</h2><p class="meta">Reliability diagrams (bar = accuracy per confidence bin, with the bin's number of rows above it; diagonal = perfect calibration). Calibrated heads use temperature scaling fitted on out-of-fold predictions.</p>${figs.join('') || '<p>Calibration was not run.</p>'}</section>`;
}

function winner(r: BakeoffResult): BakeoffEntry | undefined {
  return r.ranking.length ? r.entries[r.ranking[0]!] : undefined;
}

function confusion(r: BakeoffResult): string {
  const figs = r.ranking.map((i, rank) => {
    const e = r.entries[i]!;
    const fig = heatmap(e.confusion, r.labels, `Confusion matrix — ${name(e)} (rows: true label; columns: predicted, numbered as the rows)`);
    return rank === 0 ? fig : `<details><summary>${esc(name(e))}</summary>${fig}</details>`;
  });
  return `<section id="confusion"><h2>Confusion matrix</h2>${figs.join('')}</section>`;
}

function perClass(r: BakeoffResult): string {
  const w = winner(r);
  if (!w) return '<section id="per-class"><h2>Per-class F1</h2></section>';
  const rows = w.perClass.map((c) => `<tr><td class="l">${esc(c.label)}</td><td>${c.precision.toFixed(3)}</td><td>${c.recall.toFixed(3)}</td><td>${c.f1.toFixed(3)}</td><td>${c.support}</td></tr>`);
  return `<section id="per-class"><h2>Per-class F1 — ${esc(name(w))}</h2>${barChart(w.perClass.map((c) => ({ label: c.label, value: c.f1 })), `F1 per class — ${name(w)}`)}
<details><summary>Precision, recall, F1, support</summary><table><thead><tr><th class="l">label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>${rows.join('')}</tbody></table></details></section>`;
}

function ood(r: BakeoffResult): string {
  const parts = r.ood.map((o) => {
    const det = o.detection
      ? `<table><thead><tr><th class="l">scorer</th><th>AUROC</th><th>FPR at 95% TPR</th></tr></thead><tbody>${Object.entries(o.detection).map(([m, d]) => `<tr><td class="l">${esc(m)}${m === o.best ? ' (best)' : ''}</td><td>${d.auroc.toFixed(3)}</td><td>${pct(d.fprAt95Tpr)}</td></tr>`).join('')}</tbody></table>`
      : `<p class="muted">No out-of-scope examples in the data (use --ood-label NAME to measure detection).</p>`;
    return `<div class="ood-backbone"><h3>${esc(o.backbone)}</h3><p>Scorer <b>${esc(o.method)}</b>; threshold ${o.threshold.toPrecision(4)} set at a ${pct(o.falseAlarmRate)} in-distribution false-alarm rate; on held-out in-scope rows it flags ${pct(o.heldOutFalseAlarms)}.</p>${det}` +
      histogramChart(o.histogram.edges, o.histogram.inDistribution, o.histogram.outOfDistribution, { title: `Novelty scores — ${o.backbone}`, aName: 'in-scope (held out)', bName: r.oodLabel ? `out-of-scope (${r.oodLabel})` : 'out-of-scope', threshold: o.threshold }) + '</div>';
  });
  return `<section id="ood"><h2>Out-of-distribution detection</h2>${parts.join('')}</section>`;
}

/**
 * Renders a bake-off result as a self-contained HTML page.
 *
 * @example
 * writeFileSync('report.html', renderBakeoffHtml(result, { runId }));
 */
export function renderBakeoffHtml(r: BakeoffResult, meta: ReportMeta = {}): string {
  const title = meta.title ?? 'graft bake-off report';
  const facts = [
    meta.runId ? `run <code>${esc(meta.runId)}</code>` : '',
    meta.createdAt ? esc(meta.createdAt) : '',
    `seed ${r.seed}`, `${r.seeds} seed(s) per point`, `${r.labels.length} labels`,
    meta.dataHash ? `data <code>${esc(meta.dataHash.slice(0, 12))}</code>` : '',
    ...Object.entries(meta.versions ?? {}).map(([k, v]) => `${esc(k)} ${esc(v)}`),
  ].filter(Boolean).join(' · ');
  const warnings = [...r.warnings, ...r.entries.flatMap((e) => e.warnings.map((w) => `${name(e)}: ${w}`))];
  const json = JSON.stringify({ meta, result: r }).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head><body>
<header><h1>${esc(title)}</h1><p class="meta">${facts}</p></header>
${leaderboard(r)}
${significance(r)}
${backboneSection(r, meta.costs, meta.versions)}
${curves(r)}
${overfitting(r)}
${calibration(r)}
${confusion(r)}
${perClass(r)}
${ood(r)}
<section id="warnings"><h2>Warnings</h2>${warnings.length ? `<ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '<p>None.</p>'}</section>
<script type="application/json" id="graft-result">${json}</script>
</body></html>
`;
}
