/**
 * Should we fine-tune? The advice runs `graft advise` saved (issue 18's answer): the decision
 * and its reasons, the measured alternatives, the proportional learning curve with its
 * forecast, and the fine-tuning routes it was weighed against.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { get } from '../api';
import { ErrorBox } from '../components/error';
import { useLoad } from '../components/use-load';
import { Chart, PALETTE, fade } from '../charts/chart';
import { interval, pct, when } from '../format';
import type { Run, RunSummary } from '../types';

interface Advice {
  dataset?: { name?: string; rows?: number };
  decision?: { action?: string; headline?: string; reasons?: string[]; wouldChange?: string[] };
  alternatives?: { rows?: { backbone: string; strategy: string; accuracy: number; ci95?: [number, number] | null }[] };
  curve?: {
    points?: { n: number; mean: number; se?: number }[];
    forecast?: { at?: { multiple: number; n: number; mean: number; ci95?: [number, number] | null }[] };
  };
  fineTuning?: { routes?: { id: string; name: string; expected?: { accuracy?: number; range?: [number, number] }; money?: unknown; wallHours?: unknown; applicable?: boolean }[] };
  settings?: { constraints?: { targetAccuracy?: number } };
  warnings?: string[];
}

/** At most this many fine-tuning routes on the plot (the table lists them all). */
const MAX_ROUTES = 3;

export default function AdviceView({ id }: { id?: string }) {
  const runs = useLoad((s) => get<{ runs: RunSummary[] }>('/v1/runs?kind=advise&limit=100', s), []);
  const chosen = id ?? runs.data?.runs[0]?.id;
  return (
    <section aria-labelledby="advice-title">
      <h1 id="advice-title">Should we fine-tune?</h1>
      <ErrorBox error={runs.error} />
      {runs.data && runs.data.runs.length === 0 && (
        <p>No advice yet. Run <code>graft advise DATA.csv</code> on the server's workspace: the answer is saved as a run and shows here.</p>
      )}
      {runs.data && runs.data.runs.length > 1 && (
        <nav aria-label="Advice runs"><ul class="inline">{runs.data.runs.map((r) => <li key={r.id}><a href={`#/advice/${r.id}`} aria-current={r.id === chosen ? 'page' : undefined}>{when(r.createdAt)}</a></li>)}</ul></nav>
      )}
      {chosen && <AdviceRun id={chosen} />}
    </section>
  );
}

function AdviceRun({ id }: { id: string }) {
  const { data, error } = useLoad((s) => get<Run<Advice>>(`/v1/runs/${encodeURIComponent(id)}`, s), [id]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p aria-busy="true">Loading…</p>;
  const a = data.result;
  return (
    <article>
      <h2>{a.decision?.headline ?? a.decision?.action ?? 'Advice'}</h2>
      {a.decision?.reasons && <ul>{a.decision.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>}
      <AdviceCurve a={a} />
      {a.alternatives?.rows && (
        <table>
          <caption>Measured alternatives</caption>
          <thead><tr><th scope="col">Backbone</th><th scope="col">Strategy</th><th scope="col">Accuracy</th><th scope="col">95% interval</th></tr></thead>
          <tbody>{a.alternatives.rows.map((r, i) => <tr key={i}><td><code>{r.backbone}</code></td><td>{r.strategy}</td><td class="num">{pct(r.accuracy)}</td><td class="num">{interval(r.ci95 ?? null)}</td></tr>)}</tbody>
        </table>
      )}
      {a.fineTuning?.routes && (
        <table>
          <caption>Fine-tuning, estimated</caption>
          <thead><tr><th scope="col">Route</th><th scope="col">Expected accuracy</th><th scope="col">Range</th></tr></thead>
          <tbody>{a.fineTuning.routes.map((r) => <tr key={r.id}><td>{r.name}</td><td class="num">{pct(r.expected?.accuracy)}</td><td class="num">{interval(r.expected?.range ?? null)}</td></tr>)}</tbody>
        </table>
      )}
      {a.decision?.wouldChange && <><h3>What would change the answer</h3><ul>{a.decision.wouldChange.map((w, i) => <li key={i}>{w}</li>)}</ul></>}
      {a.warnings && a.warnings.length > 0 && <ul class="warnings">{a.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>}
    </article>
  );
}

/**
 * One plot, as the advice reads: measured accuracy against labelled rows, the forecast with its
 * 95% band, the target (when one was given) and each fine-tuning route's expected accuracy at
 * today's rows, its range in the legend.
 */
function AdviceCurve({ a }: { a: Advice }) {
  const chart = useMemo(() => {
    const pts = a.curve?.points ?? [];
    const at = a.curve?.forecast?.at ?? [];
    if (pts.length === 0) return null;
    const rows = a.dataset?.rows ?? pts[pts.length - 1]!.n;
    const routes = (a.fineTuning?.routes ?? []).filter((r) => r.applicable !== false && typeof r.expected?.accuracy === 'number').slice(0, MAX_ROUTES);
    const target = a.settings?.constraints?.targetAccuracy;
    const x = [...new Set([...pts.map((p) => p.n), ...at.map((p) => p.n), ...(routes.length ? [rows] : [])])].sort((p, q) => p - q);
    const idx = new Map(x.map((v, i) => [v, i]));
    const empty = () => x.map(() => null as number | null);
    const measured = empty(), forecast = empty(), lo = empty(), hi = empty();
    for (const p of pts) measured[idx.get(p.n)!] = p.mean;
    const last = pts[pts.length - 1]!;
    forecast[idx.get(last.n)!] = last.mean;
    for (const p of at) {
      const i = idx.get(p.n)!;
      forecast[i] = p.mean;
      if (p.ci95) { lo[i] = p.ci95[0]; hi[i] = p.ci95[1]; }
    }
    const data: (number | null)[][] = [x, measured, forecast];
    const series: uPlot.Series[] = [{ label: 'labelled rows' },
      { label: 'measured', stroke: PALETTE[0], width: 2, points: { show: true }, spanGaps: true },
      { label: 'forecast (95% band)', stroke: PALETTE[1], dash: [6, 4], width: 2, points: { show: true }, spanGaps: true }];
    if (typeof target === 'number') {
      data.push(x.map(() => target));
      series.push({ label: `target ${pct(target)}`, stroke: '#595959', dash: [2, 4], width: 1.5, points: { show: false } });
    }
    routes.forEach((r, k) => {
      const y = empty();
      y[idx.get(rows)!] = r.expected!.accuracy!;
      data.push(y);
      const range = r.expected?.range ? ` (${interval(r.expected.range)})` : '';
      series.push({ label: `${r.name}: ${pct(r.expected!.accuracy!)}${range}`, stroke: PALETTE[2 + (k % 4)], width: 0, points: { show: true, size: 9 } });
    });
    return { data: data as uPlot.AlignedData, series, bands: [{ lo, hi, fill: fade(PALETTE[1]!, 0.15) }] };
  }, [a]);
  if (!chart) return null;
  return <Chart title="Accuracy against labelled rows: measured, forecast with its 95% interval, the target and fine-tuning's expected accuracy" summary={a.decision?.headline ?? ''}
    data={chart.data} series={chart.series} bands={chart.bands} scales={{ x: { time: false, distr: 3 }, y: { range: [0, 1] } }}
    axes={[{ label: 'labelled rows' }, { label: 'accuracy' }]} />;
}
