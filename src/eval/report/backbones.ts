/**
 * The report's "Which backbone?" section: per backbone, its best head's accuracy with interval,
 * the paired test against the best backbone on the same rows, what embedding with it cost in
 * the run (time or money per 1,000 texts), vector size and weights in memory; a plot of
 * accuracy against time per 1,000 texts; and the cheapest backbone not significantly worse.
 */
import type { BakeoffResult } from '../bakeoff-result.js';
import { backboneNamesOf, cheapestNotWorse, formatBytes } from '../backbone-comparison.js';
import type { BackboneCost, BackboneRow } from '../backbone-comparison.js';
import { esc, intervalScatter } from './svg.js';

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
const pts = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;

function testCell(r: BackboneRow): string {
  const t = r.vsBest;
  if (t === null) return '<td class="l">best</td><td>–</td><td>–</td>';
  const verdict = t.significant && t.diff < 0 ? '<span class="flag">significantly worse</span>' : '<span class="ok">not significantly worse</span>';
  return `<td class="l">${verdict}</td><td>${pts(t.diff)} pts [${pts(t.ci95[0])}, ${pts(t.ci95[1])}]</td><td>${t.p.toFixed(3)}</td>`;
}

function costCells(c: BackboneCost | undefined): string {
  if (c === undefined) return '<td>–</td><td>–</td><td>–</td><td>–</td>';
  const time = c.secondsPer1000 === null ? '<span class="muted">all cached</span>' : `${c.secondsPer1000.toFixed(2)} s`;
  const money = c.latency === null && c.moneyPer1000 === 0
    ? 'free (local)'
    : c.moneyPer1000 === null ? '<span class="muted">no price given</span>' : `$${c.moneyPer1000.toFixed(5)}`;
  const latency = c.latency === null ? '' : ` <span class="muted">(${(1000 * c.latency).toFixed(0)} ms/request)</span>`;
  const memory = c.memoryBytes === undefined || c.memoryBytes === null ? '–' : formatBytes(c.memoryBytes);
  return `<td>${time}${latency}</td><td>${money}</td><td>${c.dim} (${(c.dim * 4 / 1024).toFixed(1)} kB)</td><td>${memory}</td>`;
}

/**
 * The section, or '' when the run compared fewer than two backbones. `costs`: what the run
 * measured, by backbone id (dashes without them: runs saved before they were recorded);
 * `versions`: the run's, which name each backbone id as the user gave it.
 *
 * @example
 * const html = backboneSection(run.result, run.costs, run.versions);
 */
export function backboneSection(r: BakeoffResult, costs: Readonly<Record<string, BackboneCost>> = {}, versions: Readonly<Record<string, string>> = {}): string {
  const rows = r.backbones ?? [];
  if (rows.length < 2) return '';
  const name = backboneNamesOf(versions);
  const body = rows.map((row) => `<tr><td class="l">${esc(name(row.backbone))}<br><span class="muted">${esc(row.backbone)}</span></td>` +
    `<td class="l">${esc(row.strategy)}</td><td>${pct(row.accuracy.mean)}</td><td>${pct(row.accuracy.ci95[0])} – ${pct(row.accuracy.ci95[1])}</td>` +
    `${testCell(row)}${costCells(costs[row.backbone])}</tr>`);
  const pick = cheapestNotWorse(rows, costs);
  const verdict = pick
    ? `<p>Cheapest backbone not significantly worse than the best: <b>${esc(name(pick.backbone))}</b> (least money per 1,000 texts, then least time, then the shortest vector).</p>`
    : '<p class="muted">No costs were recorded for this run, so no cheapest backbone is named.</p>';
  const timed = rows.filter((row) => (costs[row.backbone]?.secondsPer1000 ?? 0) > 0);
  const plot = timed.length >= 2
    ? intervalScatter(timed.map((row) => ({
      label: name(row.backbone), x: costs[row.backbone]!.secondsPer1000!, y: row.accuracy.mean, lo: row.accuracy.ci95[0], hi: row.accuracy.ci95[1],
    })), { title: 'Accuracy against embedding time', xLabel: 'seconds per 1,000 texts embedded in this run (log scale)', yLabel: 'held-out accuracy (best head)', logX: true, yBounds: [0, 1] }) +
      (timed.length < rows.length ? '<p class="meta">Backbones whose every vector came from the cache in this run have no time and are left out of the plot.</p>' : '')
    : '';
  return `<section id="backbones"><h2>Which backbone?</h2>
<p class="meta">Each backbone's best head on the same rows, folds and seeds; the test is a paired bootstrap of its per-row correctness against the best backbone's (difference in points with its 95% interval). Time and money per 1,000 texts are what this run spent embedding the texts it did not find in the cache; memory is the model weights held in memory once loaded (file size × copies: use-lite loads one per worker thread; hashing and remote models hold none here), a floor under the process's growth.</p>
<table><thead><tr><th class="l">backbone</th><th class="l">best head</th><th>accuracy</th><th>95% CI</th><th class="l">against the best</th><th>difference</th><th>p</th><th>time / 1,000 texts</th><th>money / 1,000 texts</th><th>vector size</th><th>weights in memory</th></tr></thead>
<tbody>${body.join('')}</tbody></table>
${verdict}${plot}</section>`;
}
