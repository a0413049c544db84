/** The plots of one bake-off: learning curves with bands and the extrapolation, reliability before/after, OOD scores. */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart, PALETTE, fade } from './chart';
import type { Band } from './chart';
import type { BakeoffResult } from '../types';

/** At most this many entries on the learning-curve plot (the best ones): more lines cannot be told apart. */
const MAX_CURVES = 6;

export function LearningCurves({ r }: { r: BakeoffResult }) {
  const { data, series, bands, summary } = useMemo(() => {
    const shown = r.ranking.slice(0, MAX_CURVES).map((i) => r.entries[i]!);
    const xs = new Set<number>();
    for (const e of shown) {
      for (const p of e.points) xs.add(p.n);
      const x = e.extrapolation;
      if (x) for (const q of [x.current, x.at2x, x.at10x]) xs.add(q.n);
    }
    const x = [...xs].sort((a, b) => a - b);
    const at = new Map(x.map((v, i) => [v, i]));
    const empty = () => x.map(() => null as number | null);
    const ys: (number | null)[][] = [];
    const series: uPlot.Series[] = [{ label: 'training rows' }];
    const bands: Band[] = [];
    shown.forEach((e, k) => {
      const colour = PALETTE[k % PALETTE.length]!;
      const y = empty(), lo = empty(), hi = empty();
      for (const p of e.points) {
        const i = at.get(p.n)!;
        y[i] = p.accuracy.mean; lo[i] = p.accuracy.ci95[0]; hi[i] = p.accuracy.ci95[1];
      }
      ys.push(y);
      series.push({ label: `${e.strategy} · ${e.backbone}`, stroke: colour, width: 2, spanGaps: true, points: { show: true } });
      bands.push({ lo, hi, fill: fade(colour, 0.15) });
      const xp = e.extrapolation;
      if (xp) {
        const ey = empty(), elo = empty(), ehi = empty();
        for (const q of [xp.current, xp.at2x, xp.at10x]) {
          const i = at.get(q.n)!;
          ey[i] = q.mean;
          if (q.ci95) { elo[i] = q.ci95[0]; ehi[i] = q.ci95[1]; }
        }
        ys.push(ey);
        series.push({ label: `${e.strategy} extrapolated${xp.reliable === false ? ' (unreliable)' : ''}`, stroke: colour, width: 1.5, dash: [6, 4], spanGaps: true, points: { show: true } });
        bands.push({ lo: elo, hi: ehi, fill: fade(colour, 0.07) });
      }
    });
    const best = r.entries[r.ranking[0]!];
    const summary = best?.extrapolation?.sentence ?? `Held-out accuracy against training rows for ${shown.length} entries.`;
    return { data: [x, ...ys] as uPlot.AlignedData, series, bands, summary };
  }, [r]);
  return (
    <Chart title="Learning curves (held-out accuracy, 95% bands; dashed: extrapolated to 2× and 10× the data)" summary={summary}
      data={data} series={series} bands={bands} scales={{ x: { time: false, distr: 3 }, y: { range: [0, 1] } }}
      axes={[{ label: 'training rows' }, { label: 'accuracy', values: (_u, v) => v.map((t) => `${Math.round(t * 100)}%`) }]} />
  );
}

export function Reliability({ r, entry }: { r: BakeoffResult; entry: number }) {
  const cal = r.entries[entry]?.calibration;
  const chart = useMemo(() => {
    if (!cal) return null;
    const x = cal.binsBefore.map((b) => (b.lo + b.hi) / 2);
    const y = (bins: typeof cal.binsBefore) => bins.map((b) => (b.count > 0 ? b.accuracy : null));
    return {
      data: [x, y(cal.binsBefore), y(cal.binsAfter), x] as uPlot.AlignedData,
      series: [
        { label: 'confidence' },
        { label: `before (ECE ${cal.eceBefore.toFixed(3)})`, stroke: PALETTE[1], width: 2, points: { show: true }, spanGaps: true },
        { label: `after (ECE ${cal.eceAfter.toFixed(3)})`, stroke: PALETTE[0], width: 2, points: { show: true }, spanGaps: true },
        { label: 'perfectly calibrated', stroke: '#767676', dash: [4, 4], width: 1 },
      ] as uPlot.Series[],
    };
  }, [cal]);
  if (!cal || !chart) return <p>This entry has no calibration measurement.</p>;
  return (
    <Chart title="Reliability: accuracy per confidence bin, before and after calibration"
      summary={`Expected calibration error ${cal.eceBefore.toFixed(3)} before, ${cal.eceAfter.toFixed(3)} after temperature scaling.`}
      data={chart.data} series={chart.series} scales={{ x: { time: false, range: [0, 1] }, y: { range: [0, 1] } }}
      axes={[{ label: 'confidence' }, { label: 'accuracy' }]} />
  );
}

export function OodScores({ r }: { r: BakeoffResult }) {
  return (
    <>
      {r.ood.map((o) => <OodChart key={o.backbone} o={o} />)}
    </>
  );
}

function OodChart({ o }: { o: BakeoffResult['ood'][number] }) {
  const chart = useMemo(() => {
    const e = o.histogram.edges;
    const x = e.slice(0, -1).map((v, i) => (v + e[i + 1]!) / 2);
    const hasOut = o.histogram.outOfDistribution.some((v) => v > 0);
    const series: uPlot.Series[] = [
      { label: 'novelty score' },
      { label: 'in-distribution rows', stroke: PALETTE[0], fill: fade(PALETTE[0]!, 0.35), width: 1 },
    ];
    const data: (number | null)[][] = [x, o.histogram.inDistribution];
    if (hasOut) {
      series.push({ label: 'out-of-scope rows', stroke: PALETTE[1], fill: fade(PALETTE[1]!, 0.35), width: 1 });
      data.push(o.histogram.outOfDistribution);
    }
    return { data: data as uPlot.AlignedData, series };
  }, [o]);
  return (
    <Chart title={`Out-of-distribution scores (${o.method}, ${o.backbone}); flagged above ${o.threshold.toPrecision(3)}`}
      summary={`At the threshold, ${(o.heldOutFalseAlarms * 100).toFixed(1)}% of held-out in-distribution rows are flagged (target ${(o.falseAlarmRate * 100).toFixed(0)}%).`}
      data={chart.data} series={chart.series} scales={{ x: { time: false } }} axes={[{ label: 'novelty score' }, { label: 'rows' }]} height={220} />
  );
}
