/**
 * Small inline-SVG charts for the self-contained HTML report: no library, no network.
 * Every function returns a `<figure>` string with an `<svg>` laid out for the page width
 * (the report's CSS scales it to 100%); text is escaped. Ticks come from ticks.ts: round
 * numbers with distinct labels on linear and log axes.
 */
import { formatLogTick, formatTick, logTicks, niceDomain, niceTicks, tickStep } from './ticks.js';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A colour per series, colour-blind friendly (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** Width of the report's content column, in SVG units: full-width charts use all of it. */
export const PAGE_WIDTH = 960;

const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '0');

interface Frame {
  w: number;
  h: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const WIDE: Frame = { w: PAGE_WIDTH, h: 340, left: 56, right: 20, top: 16, bottom: 44 };
/** Half the page, for charts shown side by side (before/after calibration). */
const HALF: Frame = { w: PAGE_WIDTH / 2 - 8, h: 340, left: 56, right: 16, top: 16, bottom: 44 };

interface Axis {
  min: number;
  max: number;
  log?: boolean;
  /** Thousands as k on labels (counts of examples). */
  si?: boolean;
}

function scaler(a: Axis, from: number, to: number): (v: number) => number {
  const t = (v: number): number => (a.log ? Math.log10(Math.max(v, 1e-12)) : v);
  const lo = t(a.min), hi = t(a.max);
  return (v) => from + ((t(v) - lo) / (hi - lo || 1)) * (to - from);
}

/** Tick values and their labels: round, distinct, inside the axis. */
export function axisTicks(a: Axis, count = 5): { value: number; label: string }[] {
  if (a.log) return logTicks(a.min, a.max).map((v) => ({ value: v, label: formatLogTick(v, { si: a.si }) }));
  const step = tickStep(a.min, a.max, count);
  return niceTicks(a.min, a.max, count).map((v) => ({ value: v, label: formatTick(v, step, { si: a.si }) }));
}

/** A linear axis over values, widened to round ticks, within `bounds` when given (accuracy: [0, 1]). */
function linearAxis(values: readonly number[], bounds?: [number, number]): Axis {
  let lo = Math.min(...values), hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = bounds ?? [0, 1];
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  let [min, max] = niceDomain(lo, hi, 5);
  if (bounds) { min = Math.max(min, bounds[0]); max = Math.min(max, bounds[1]); }
  return { min, max };
}

function axes(fr: Frame, x: Axis, y: Axis, xLabel: string, yLabel: string): string {
  const sx = scaler(x, fr.left, fr.w - fr.right), sy = scaler(y, fr.h - fr.bottom, fr.top);
  const parts: string[] = [];
  for (const t of axisTicks(y)) {
    parts.push(`<line class="grid" x1="${fr.left}" x2="${fr.w - fr.right}" y1="${f(sy(t.value))}" y2="${f(sy(t.value))}"/>`);
    parts.push(`<text class="tick ytick" x="${fr.left - 6}" y="${f(sy(t.value) + 4)}" text-anchor="end">${esc(t.label)}</text>`);
  }
  for (const t of axisTicks(x, 8)) {
    parts.push(`<line class="axis" x1="${f(sx(t.value))}" x2="${f(sx(t.value))}" y1="${fr.h - fr.bottom}" y2="${fr.h - fr.bottom + 4}"/>`);
    parts.push(`<text class="tick xtick" x="${f(sx(t.value))}" y="${fr.h - fr.bottom + 16}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  parts.push(`<line class="axis" x1="${fr.left}" x2="${fr.w - fr.right}" y1="${fr.h - fr.bottom}" y2="${fr.h - fr.bottom}"/>`);
  parts.push(`<line class="axis" x1="${fr.left}" x2="${fr.left}" y1="${fr.top}" y2="${fr.h - fr.bottom}"/>`);
  parts.push(`<text class="label" x="${(fr.left + fr.w - fr.right) / 2}" y="${fr.h - 8}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text class="label" transform="translate(14 ${(fr.top + fr.h - fr.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return parts.join('');
}

/** `natural`: drawn at its own width (up to the page's), not stretched to it (a small matrix). */
function figure(title: string, fr: { w: number; h: number }, body: string, o: { legend?: string; cls?: string; natural?: boolean } = {}): string {
  return `<figure${o.cls ? ` class="${o.cls}"` : ''}><figcaption>${esc(title)}</figcaption>${o.legend ? `<div class="legend">${o.legend}</div>` : ''}` +
    `<svg role="img" viewBox="0 0 ${fr.w} ${fr.h}"${o.natural ? ` width="${fr.w}"` : ''} aria-label="${esc(title)}">${body}</svg></figure>`;
}

export interface LineSeries {
  name: string;
  points: { x: number; y: number; lo?: number; hi?: number }[];
  /** Dashed (e.g. an extrapolation). */
  dashed?: boolean;
  colour?: string;
}

/**
 * Lines with optional shaded interval bands, full page width; a legend below the title.
 * `yBounds` keeps the widened y axis inside a range (accuracy: [0, 1]); `xCounts` labels
 * thousands as k.
 */
export function lineChart(series: readonly LineSeries[], o: { xLabel: string; yLabel: string; logX?: boolean; xCounts?: boolean; yBounds?: [number, number]; title: string }): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]));
  const xMin = Math.min(...xs), xMax = Math.max(...xs);
  const x: Axis = o.logX ? { min: xMin, max: xMax === xMin ? xMin * 10 : xMax, log: true, si: o.xCounts } : { ...linearAxis(xs), si: o.xCounts };
  const y = linearAxis(ys, o.yBounds);
  const fr = WIDE;
  const sx = scaler(x, fr.left, fr.w - fr.right), sy = scaler(y, fr.h - fr.bottom, fr.top);
  const body: string[] = [axes(fr, x, y, o.xLabel, o.yLabel)];
  series.forEach((s, i) => {
    const c = s.colour ?? colour(i);
    const band = s.points.filter((p) => p.lo !== undefined && p.hi !== undefined);
    if (band.length > 1) {
      const up = band.map((p) => `${f(sx(p.x))},${f(sy(p.hi!))}`);
      const down = band.slice().reverse().map((p) => `${f(sx(p.x))},${f(sy(p.lo!))}`);
      body.push(`<polygon class="band" fill="${c}" points="${[...up, ...down].join(' ')}"><title>${esc(s.name)} 95% CI</title></polygon>`);
    }
    const pts = s.points.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ');
    body.push(`<polyline class="line${s.dashed ? ' dashed' : ''}" stroke="${c}" points="${pts}"/>`);
    if (!s.dashed) {
      for (const p of s.points) {
        body.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3.5" fill="${c}"><title>${esc(`${s.name}: ${p.x}, ${p.y.toFixed(3)}${p.lo !== undefined ? ` [${p.lo.toFixed(3)}, ${p.hi!.toFixed(3)}]` : ''}`)}</title></circle>`);
      }
    }
  });
  const legend = series.map((s, i) => `<span class="key"><i style="background:${s.colour ?? colour(i)}"></i>${esc(s.name)}</span>`).join('');
  return figure(o.title, fr, body.join(''), { legend });
}

/**
 * Reliability diagram: bars of accuracy per confidence bin against the diagonal, each bar
 * topped by its bin's row count (a bar of 3 rows says less than one of 300). Half page width.
 */
export function reliabilityChart(bins: readonly { lo: number; hi: number; count: number; accuracy: number; confidence: number }[], title: string): string {
  const fr = HALF;
  const ax: Axis = { min: 0, max: 1 };
  const sx = scaler(ax, fr.left, fr.w - fr.right), sy = scaler(ax, fr.h - fr.bottom, fr.top + 12);
  const body = [axes({ ...fr, top: fr.top + 12 }, ax, ax, 'confidence', 'accuracy')];
  body.push(`<line class="diag" x1="${f(sx(0))}" y1="${f(sy(0))}" x2="${f(sx(1))}" y2="${f(sy(1))}"/>`);
  for (const b of bins) {
    if (b.count === 0) continue;
    const x0 = sx(b.lo), x1 = sx(b.hi);
    body.push(`<rect class="bar" x="${f(x0 + 1)}" y="${f(sy(b.accuracy))}" width="${f(Math.max(x1 - x0 - 2, 1))}" height="${f(sy(0) - sy(b.accuracy))}"><title>${esc(`${b.lo.toFixed(2)}–${b.hi.toFixed(2)}: accuracy ${b.accuracy.toFixed(3)}, confidence ${b.confidence.toFixed(3)}, ${b.count} rows`)}</title></rect>`);
    body.push(`<text class="count" x="${f((x0 + x1) / 2)}" y="${f(sy(b.accuracy) - 3)}" text-anchor="middle">${b.count}</text>`);
  }
  return figure(title, fr, body.join(''), { cls: 'half' });
}

/**
 * Confusion-matrix heatmap, rows = true label, columns = predicted; shading by row share.
 * Rows are named (numbered) on the left; columns carry the same numbers, so the header stays
 * one line high whatever the labels, and 77 classes fit the page width.
 */
export function heatmap(matrix: readonly (readonly number[])[], labels: readonly string[], title: string): string {
  const n = labels.length;
  const maxChars = 24;
  const names = labels.map((l, i) => `${i + 1} ${l.length > maxChars ? `${l.slice(0, maxChars - 1)}…` : l}`);
  const longest = Math.max(...names.map((s) => s.length));
  const left = Math.min(240, Math.round(longest * 6.2) + 12);
  const cell = Math.max(8, Math.min(40, Math.floor((PAGE_WIDTH - left - 8) / Math.max(1, n))));
  const font = Math.min(12, Math.max(7, cell - 2));
  // Column numbers stand upright when they fit a cell's width, else turned a quarter (77 classes).
  const upright = cell >= 3 * font * 0.62;
  const top = upright ? font + 8 : Math.ceil(String(n).length * font * 0.62) + 8;
  const w = left + n * cell + 8, h = top + n * cell + 8;
  const body: string[] = [];
  matrix.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0) || 1;
    row.forEach((v, j) => {
      const share = v / total;
      const fill = i === j ? `rgba(0,114,178,${(0.08 + 0.92 * share).toFixed(3)})` : `rgba(213,94,0,${(share === 0 ? 0 : 0.08 + 0.92 * share).toFixed(3)})`;
      body.push(`<rect class="cell" x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}"><title>${esc(`true ${labels[i]} → predicted ${labels[j]}: ${v} (${(100 * share).toFixed(1)}%)`)}</title></rect>`);
      if (cell >= 24 && v > 0) body.push(`<text class="count" x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle">${v}</text>`);
    });
  });
  names.forEach((name, i) => {
    body.push(`<text class="tick" style="font-size:${font}px" x="${left - 4}" y="${f(top + i * cell + cell / 2 + font / 3)}" text-anchor="end">${esc(name)}</text>`);
    const cx = left + i * cell + cell / 2;
    body.push(upright
      ? `<text class="tick colnum" style="font-size:${font}px" x="${f(cx)}" y="${top - 6}" text-anchor="middle">${i + 1}</text>`
      : `<text class="tick colnum" style="font-size:${font}px" transform="translate(${f(cx + font / 3)} ${top - 4}) rotate(-90)">${i + 1}</text>`);
  });
  return figure(title, { w, h }, body.join(''), { cls: 'matrix', natural: true });
}

/** Two overlaid histograms over shared bin edges, with an optional vertical threshold. */
export function histogramChart(edges: readonly number[], a: readonly number[], b: readonly number[], o: { title: string; aName: string; bName: string; threshold?: number }): string {
  const fr = WIDE;
  const norm = (c: readonly number[]): number[] => { const s = c.reduce((p, q) => p + q, 0) || 1; return c.map((v) => v / s); };
  const na = norm(a), nb = norm(b);
  const x: Axis = { min: edges[0]!, max: edges[edges.length - 1]! };
  const y = linearAxis([0, ...na, ...nb, 0.01], [0, 1]);
  const sx = scaler(x, fr.left, fr.w - fr.right), sy = scaler(y, fr.h - fr.bottom, fr.top);
  const body = [axes(fr, x, y, 'novelty score', 'share of rows')];
  const bars = (vals: number[], c: string, name: string): void => vals.forEach((v, i) => {
    if (v === 0) return;
    const x0 = sx(edges[i]!), x1 = sx(edges[i + 1]!);
    body.push(`<rect class="hbar" fill="${c}" x="${f(x0)}" y="${f(sy(v))}" width="${f(Math.max(x1 - x0, 1))}" height="${f(sy(0) - sy(v))}"><title>${esc(`${name}: ${(100 * v).toFixed(1)}%`)}</title></rect>`);
  });
  bars(na, colour(0), o.aName);
  bars(nb, colour(1), o.bName);
  if (o.threshold !== undefined && Number.isFinite(o.threshold)) {
    const tx = sx(Math.min(Math.max(o.threshold, x.min), x.max));
    body.push(`<line class="threshold" x1="${f(tx)}" x2="${f(tx)}" y1="${fr.top}" y2="${fr.h - fr.bottom}"><title>threshold ${o.threshold.toPrecision(4)}</title></line>`);
  }
  const legend = `<span class="key"><i style="background:${colour(0)}"></i>${esc(o.aName)}</span><span class="key"><i style="background:${colour(1)}"></i>${esc(o.bName)}</span>`;
  return figure(o.title, fr, body.join(''), { legend });
}

/** Horizontal bars, one per label (e.g. per-class F1), values in [0, 1], full page width. */
export function barChart(items: readonly { label: string; value: number }[], title: string): string {
  const rowH = 16, w = PAGE_WIDTH;
  const short = (l: string): string => (l.length > 32 ? `${l.slice(0, 31)}…` : l);
  const pad = Math.min(240, Math.round(Math.max(...items.map((it) => short(it.label).length), 4) * 6.2) + 12);
  const h = items.length * rowH + 24;
  const body = items.map((it, i) => {
    const bw = Math.max(0, Math.min(1, it.value)) * (w - pad - 50);
    return `<text class="tick" x="${pad - 4}" y="${i * rowH + 12}" text-anchor="end">${esc(short(it.label))}</text>` +
      `<rect class="fbar" x="${pad}" y="${i * rowH + 2}" width="${f(bw)}" height="${rowH - 4}"><title>${esc(`${it.label}: ${it.value.toFixed(3)}`)}</title></rect>` +
      `<text class="tick" x="${f(pad + bw + 4)}" y="${i * rowH + 12}">${it.value.toFixed(2)}</text>`;
  });
  return figure(title, { w, h }, body.join(''));
}

/**
 * Labelled points with vertical interval bars (e.g. each backbone's accuracy and 95% CI against
 * what it costs per 1,000 texts), full page width; `logX` for costs that span orders of magnitude.
 */
export function intervalScatter(
  points: readonly { label: string; x: number; y: number; lo: number; hi: number }[],
  o: { title: string; xLabel: string; yLabel: string; logX?: boolean; yBounds?: [number, number] },
): string {
  const fr = WIDE;
  const xs = points.map((p) => p.x);
  const xMin = Math.min(...xs), xMax = Math.max(...xs);
  const x: Axis = o.logX
    ? { min: xMin / 1.5, max: xMax * 1.5, log: true }
    : linearAxis([0, ...xs.map((v) => v * 1.1)]);
  const y = linearAxis(points.flatMap((p) => [p.lo, p.hi]), o.yBounds);
  const sx = scaler(x, fr.left, fr.w - fr.right), sy = scaler(y, fr.h - fr.bottom, fr.top);
  const body = [axes(fr, x, y, o.xLabel, o.yLabel)];
  points.forEach((p, i) => {
    const c = colour(i), cx = sx(p.x);
    const tip = esc(`${p.label}: ${p.y.toFixed(3)} [${p.lo.toFixed(3)}, ${p.hi.toFixed(3)}] at ${p.x.toPrecision(3)}`);
    body.push(`<line class="ci" stroke="${c}" stroke-width="2" x1="${f(cx)}" x2="${f(cx)}" y1="${f(sy(p.lo))}" y2="${f(sy(p.hi))}"/>`);
    body.push(`<circle cx="${f(cx)}" cy="${f(sy(p.y))}" r="5" fill="${c}"><title>${tip}</title></circle>`);
    const right = cx < fr.w - fr.right - 160;
    body.push(`<text class="tick point-label" x="${f(cx + (right ? 9 : -9))}" y="${f(sy(p.y) + 4)}" text-anchor="${right ? 'start' : 'end'}">${esc(p.label)}</text>`);
  });
  return figure(o.title, fr, body.join(''));
}
