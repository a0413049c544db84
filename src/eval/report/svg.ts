/**
 * Small inline-SVG charts for the self-contained HTML report: no library, no network.
 * Every function returns an `<svg>` string; text is escaped.
 */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A colour per series, colour-blind friendly (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '0');

interface Frame {
  w: number;
  h: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { w: 560, h: 320, left: 52, right: 16, top: 16, bottom: 40 };

interface Axis {
  min: number;
  max: number;
  log?: boolean;
}

function scaler(a: Axis, from: number, to: number): (v: number) => number {
  const t = (v: number): number => (a.log ? Math.log10(Math.max(v, 1e-12)) : v);
  const lo = t(a.min), hi = t(a.max);
  return (v) => from + ((t(v) - lo) / (hi - lo || 1)) * (to - from);
}

function ticks(a: Axis, count = 5): number[] {
  if (a.log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(a.min)); e <= Math.ceil(Math.log10(a.max)); e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e;
        if (v >= a.min && v <= a.max) out.push(v);
      }
    }
    return out;
  }
  return Array.from({ length: count + 1 }, (_, i) => a.min + ((a.max - a.min) * i) / count);
}

function axes(fr: Frame, x: Axis, y: Axis, xLabel: string, yLabel: string, fmtX: (v: number) => string, fmtY: (v: number) => string): string {
  const sx = scaler(x, fr.left, fr.w - fr.right), sy = scaler(y, fr.h - fr.bottom, fr.top);
  const parts: string[] = [];
  for (const v of ticks(y)) {
    parts.push(`<line class="grid" x1="${fr.left}" x2="${fr.w - fr.right}" y1="${f(sy(v))}" y2="${f(sy(v))}"/>`);
    parts.push(`<text class="tick" x="${fr.left - 4}" y="${f(sy(v) + 4)}" text-anchor="end">${esc(fmtY(v))}</text>`);
  }
  for (const v of ticks(x)) {
    parts.push(`<text class="tick" x="${f(sx(v))}" y="${fr.h - fr.bottom + 14}" text-anchor="middle">${esc(fmtX(v))}</text>`);
  }
  parts.push(`<line class="axis" x1="${fr.left}" x2="${fr.w - fr.right}" y1="${fr.h - fr.bottom}" y2="${fr.h - fr.bottom}"/>`);
  parts.push(`<line class="axis" x1="${fr.left}" x2="${fr.left}" y1="${fr.top}" y2="${fr.h - fr.bottom}"/>`);
  parts.push(`<text class="label" x="${(fr.left + fr.w - fr.right) / 2}" y="${fr.h - 6}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(`<text class="label" transform="translate(12 ${(fr.top + fr.h - fr.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return parts.join('');
}

export interface LineSeries {
  name: string;
  points: { x: number; y: number; lo?: number; hi?: number }[];
  /** Dashed (e.g. an extrapolation). */
  dashed?: boolean;
  colour?: string;
}

/** Lines with optional shaded interval bands; a legend below the title. */
export function lineChart(series: readonly LineSeries[], o: { xLabel: string; yLabel: string; logX?: boolean; yMin?: number; yMax?: number; title: string }): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]));
  const x: Axis = { min: Math.min(...xs), max: Math.max(...xs), log: o.logX };
  const y: Axis = { min: o.yMin ?? Math.min(...ys), max: o.yMax ?? Math.max(...ys) };
  if (y.max === y.min) y.max = y.min + 1;
  const fr = FRAME;
  const sx = scaler(x, fr.left, fr.w - fr.right), sy = scaler(y, fr.h - fr.bottom, fr.top);
  const body: string[] = [axes(fr, x, y, o.xLabel, o.yLabel, (v) => (v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(0)}`), (v) => v.toFixed(2))];
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
        body.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3" fill="${c}"><title>${esc(`${s.name}: n=${p.x}, ${p.y.toFixed(3)}${p.lo !== undefined ? ` [${p.lo.toFixed(3)}, ${p.hi!.toFixed(3)}]` : ''}`)}</title></circle>`);
      }
    }
  });
  const legend = series.map((s, i) => `<span class="key"><i style="background:${s.colour ?? colour(i)}"></i>${esc(s.name)}</span>`).join('');
  return `<figure><figcaption>${esc(o.title)}</figcaption><div class="legend">${legend}</div><svg role="img" viewBox="0 0 ${fr.w} ${fr.h}" aria-label="${esc(o.title)}">${body.join('')}</svg></figure>`;
}

/** Reliability diagram: bars of accuracy per confidence bin against the diagonal. */
export function reliabilityChart(bins: readonly { lo: number; hi: number; count: number; accuracy: number; confidence: number }[], title: string): string {
  const fr = { ...FRAME, w: 300, h: 280 };
  const ax: Axis = { min: 0, max: 1 };
  const sx = scaler(ax, fr.left, fr.w - fr.right), sy = scaler(ax, fr.h - fr.bottom, fr.top);
  const body = [axes(fr, ax, ax, 'confidence', 'accuracy', (v) => v.toFixed(1), (v) => v.toFixed(1))];
  body.push(`<line class="diag" x1="${f(sx(0))}" y1="${f(sy(0))}" x2="${f(sx(1))}" y2="${f(sy(1))}"/>`);
  for (const b of bins) {
    if (b.count === 0) continue;
    const x0 = sx(b.lo), x1 = sx(b.hi);
    body.push(`<rect class="bar" x="${f(x0 + 1)}" y="${f(sy(b.accuracy))}" width="${f(Math.max(x1 - x0 - 2, 1))}" height="${f(sy(0) - sy(b.accuracy))}"><title>${esc(`${b.lo.toFixed(2)}–${b.hi.toFixed(2)}: accuracy ${b.accuracy.toFixed(3)}, confidence ${b.confidence.toFixed(3)}, ${b.count} rows`)}</title></rect>`);
  }
  return `<figure class="small"><figcaption>${esc(title)}</figcaption><svg role="img" viewBox="0 0 ${fr.w} ${fr.h}" aria-label="${esc(title)}">${body.join('')}</svg></figure>`;
}

/** Confusion-matrix heatmap, rows = true label, columns = predicted; shading by row share. */
export function heatmap(matrix: readonly (readonly number[])[], labels: readonly string[], title: string): string {
  const n = labels.length;
  const cell = Math.max(6, Math.min(36, Math.floor(480 / Math.max(1, n))));
  const pad = n <= 20 ? 110 : 8;
  const w = pad + n * cell + 8, h = pad + n * cell + 8;
  const body: string[] = [];
  matrix.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0) || 1;
    row.forEach((v, j) => {
      const share = v / total;
      const fill = i === j ? `rgba(0,114,178,${(0.08 + 0.92 * share).toFixed(3)})` : `rgba(213,94,0,${(share === 0 ? 0 : 0.08 + 0.92 * share).toFixed(3)})`;
      body.push(`<rect class="cell" x="${pad + j * cell}" y="${pad + i * cell}" width="${cell}" height="${cell}" fill="${fill}"><title>${esc(`true ${labels[i]} → predicted ${labels[j]}: ${v} (${(100 * share).toFixed(1)}%)`)}</title></rect>`);
      if (n <= 12 && v > 0) body.push(`<text class="count" x="${pad + j * cell + cell / 2}" y="${pad + i * cell + cell / 2 + 4}" text-anchor="middle">${v}</text>`);
    });
  });
  if (n <= 20) {
    labels.forEach((l, i) => {
      const short = l.length > 16 ? `${l.slice(0, 15)}…` : l;
      body.push(`<text class="tick" x="${pad - 4}" y="${pad + i * cell + cell / 2 + 4}" text-anchor="end">${esc(short)}</text>`);
      body.push(`<text class="tick" transform="translate(${pad + i * cell + cell / 2} ${pad - 4}) rotate(-60)">${esc(short)}</text>`);
    });
  }
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" viewBox="0 0 ${w} ${h}" aria-label="${esc(title)}">${body.join('')}</svg></figure>`;
}

/** Two overlaid histograms over shared bin edges, with an optional vertical threshold. */
export function histogramChart(edges: readonly number[], a: readonly number[], b: readonly number[], o: { title: string; aName: string; bName: string; threshold?: number }): string {
  const fr = FRAME;
  const norm = (c: readonly number[]): number[] => { const s = c.reduce((p, q) => p + q, 0) || 1; return c.map((v) => v / s); };
  const na = norm(a), nb = norm(b);
  const x: Axis = { min: edges[0]!, max: edges[edges.length - 1]! };
  const y: Axis = { min: 0, max: Math.max(...na, ...nb, 0.01) };
  const sx = scaler(x, fr.left, fr.w - fr.right), sy = scaler(y, fr.h - fr.bottom, fr.top);
  const body = [axes(fr, x, y, 'novelty score', 'share of rows', (v) => v.toPrecision(3), (v) => v.toFixed(2))];
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
  return `<figure><figcaption>${esc(o.title)}</figcaption><div class="legend">${legend}</div><svg role="img" viewBox="0 0 ${fr.w} ${fr.h}" aria-label="${esc(o.title)}">${body.join('')}</svg></figure>`;
}

/** Horizontal bars, one per label (e.g. per-class F1), values in [0, 1]. */
export function barChart(items: readonly { label: string; value: number }[], title: string): string {
  const rowH = 16, pad = 130, w = 560;
  const h = items.length * rowH + 24;
  const body = items.map((it, i) => {
    const bw = Math.max(0, Math.min(1, it.value)) * (w - pad - 50);
    const short = it.label.length > 20 ? `${it.label.slice(0, 19)}…` : it.label;
    return `<text class="tick" x="${pad - 4}" y="${i * rowH + 12}" text-anchor="end">${esc(short)}</text>` +
      `<rect class="fbar" x="${pad}" y="${i * rowH + 2}" width="${f(bw)}" height="${rowH - 4}"><title>${esc(`${it.label}: ${it.value.toFixed(3)}`)}</title></rect>` +
      `<text class="tick" x="${f(pad + bw + 4)}" y="${i * rowH + 12}">${it.value.toFixed(2)}</text>`;
  });
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" viewBox="0 0 ${w} ${h}" aria-label="${esc(title)}">${body.join('')}</svg></figure>`;
}
