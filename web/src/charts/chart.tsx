/**
 * One uPlot chart (canvas: cheap at thousands of points) in a labelled figure, sized to its
 * container and resized with it. Bands (95% intervals) are drawn under the lines by a hook, so
 * the legend lists only the series a reader follows.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Band {
  /** Lower and upper edge per x (null: no band there). */
  lo: (number | null)[];
  hi: (number | null)[];
  fill: string;
}

export interface ChartProps {
  title: string;
  /** A sentence for readers who cannot see the plot. */
  summary: string;
  data: uPlot.AlignedData;
  series: uPlot.Series[];
  bands?: Band[];
  scales?: uPlot.Scales;
  axes?: uPlot.Axis[];
  height?: number;
}

function drawBands(bands: readonly Band[]) {
  return (u: uPlot) => {
    const ctx = u.ctx;
    const xs = u.data[0];
    for (const b of bands) {
      const idx = xs.map((_, i) => i).filter((i) => b.lo[i] != null && b.hi[i] != null);
      if (idx.length < 2) continue;
      ctx.save();
      ctx.beginPath();
      idx.forEach((i, k) => {
        const x = u.valToPos(xs[i]!, 'x', true);
        const y = u.valToPos(b.hi[i]!, 'y', true);
        if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      for (const i of [...idx].reverse()) ctx.lineTo(u.valToPos(xs[i]!, 'x', true), u.valToPos(b.lo[i]!, 'y', true));
      ctx.closePath();
      ctx.fillStyle = b.fill;
      ctx.fill();
      ctx.restore();
    }
  };
}

export function Chart({ title, summary, data, series, bands = [], scales, axes, height = 280 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    const width = Math.max(280, el.clientWidth);
    const u = new uPlot({
      width, height, series, scales, axes, legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      hooks: { drawAxes: [drawBands(bands)] },
    }, data, el);
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(280, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); u.destroy(); };
  }, [data, series, bands]);
  return (
    <figure class="chart" data-series={series.length - 1}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
      <p class="visually-hidden">{summary}</p>
    </figure>
  );
}

/** Colours that read on white and apart from each other (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'];

export const fade = (hex: string, alpha: number): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};
