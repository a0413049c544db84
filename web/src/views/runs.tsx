/**
 * Runs: saved bake-offs, newest first (paged); one run's leaderboard with intervals and
 * significance, learning curves, reliability before and after calibration, the normalised
 * confusion matrix, per-class precision/recall/F1, the test examples it got wrong or was least
 * sure of (as stored), and the OOD score distribution. Two runs side by side.
 */
import { useMemo, useState } from 'preact/hooks';
import { get } from '../api';
import { can } from '../session';
import { ErrorBox } from '../components/error';
import { Leaderboard } from '../components/leaderboard';
import { usePage, Pager } from '../components/pager';
import { useLoad } from '../components/use-load';
import { Redacted } from '../components/preview';
import { ConfusionMatrix } from '../charts/heatmap';
import { LearningCurves, OodScores, Reliability } from '../charts/run-charts';
import { pct, when } from '../format';
import type { BakeoffResult, Run, RunSummary } from '../types';

export default function RunsView({ ids }: { ids: string[] }) {
  if (ids.length >= 2) {
    return (
      <section aria-labelledby="cmp-title">
        <p><a href="#/runs">← All runs</a></p>
        <h1 id="cmp-title">Two runs side by side</h1>
        <div class="side-by-side">
          <RunDetail id={ids[0]!} compact />
          <RunDetail id={ids[1]!} compact />
        </div>
      </section>
    );
  }
  return ids[0] ? <section><p><a href="#/runs">← All runs</a></p><RunDetail id={ids[0]} /></section> : <RunList />;
}

function RunList() {
  const { data, error, loading } = useLoad((s) => get<{ runs: RunSummary[] }>('/v1/runs?kind=bakeoff&limit=1000', s), []);
  const [picked, setPicked] = useState<string[]>([]);
  const { rows, pager } = usePage(data?.runs ?? [], 25);
  const pick = (id: string, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== id), id].slice(-2) : p.filter((x) => x !== id)));
  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <ErrorBox error={error} />
      {loading && <p aria-busy="true">Loading…</p>}
      {data && data.runs.length === 0 && <p>No bake-off yet. {can('POST /v1/evaluations') && <a href="#/new">Run one from a labelled file.</a>}</p>}
      <div class="row">
        <a class={`button${picked.length === 2 ? '' : ' disabled'}`} aria-disabled={picked.length !== 2}
          href={picked.length === 2 ? `#/runs/${picked[0]}/vs/${picked[1]}` : undefined}>Compare the two chosen runs</a>
        <span class="muted">{picked.length} of 2 chosen</span>
      </div>
      <div class="scroll" tabIndex={0} role="region" aria-label="Run list">
        <table>
          <thead><tr><th scope="col">Compare</th><th scope="col">Run</th><th scope="col">When</th><th scope="col">Data</th><th scope="col">Backbones</th><th scope="col">Strategies</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td><input type="checkbox" checked={picked.includes(r.id)} aria-label={`Compare run ${r.id}`} onChange={(e) => pick(r.id, (e.target as HTMLInputElement).checked)} /></td>
                <th scope="row"><a href={`#/runs/${r.id}`}>{r.id}</a></th>
                <td>{when(r.createdAt)}</td>
                <td>{String(r.config.dataset ?? '–')}</td>
                <td>{list(r.config.backbones)}</td>
                <td>{list(r.config.strategies)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager}
    </section>
  );
}

const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : '–');

function RunDetail({ id, compact = false }: { id: string; compact?: boolean }) {
  const { data: run, error } = useLoad((s) => get<Run<BakeoffResult>>(`/v1/runs/${encodeURIComponent(id)}`, s), [id]);
  const [entry, setEntry] = useState<number | null>(null);
  if (error) return <ErrorBox error={error} />;
  if (!run) return <p aria-busy="true">Loading run {id}…</p>;
  if (run.kind !== 'bakeoff') return <p>Run {id} is a {run.kind} run; this view shows bake-offs.</p>;
  const r = run.result;
  const e = entry ?? r.ranking[0] ?? 0;
  const chosen = r.entries[e]!;
  const H = compact ? 'h3' : 'h2';
  return (
    <article class="run" aria-label={`Run ${id}`}>
      {compact ? <h2>Run {id}</h2> : <h1>Run {id}</h1>}
      <p class="muted">{when(run.createdAt)} · data {String(run.config.dataset ?? '')} ({run.dataHash.slice(0, 12)}) · seed {run.seed} · {r.labels.length} labels</p>
      {r.warnings.length > 0 && <ul class="warnings" aria-label="Warnings">{r.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>}
      <H>Leaderboard</H>
      <Leaderboard r={r} />
      <H>Learning curves</H>
      <LearningCurves r={r} />
      <div class="row">
        <label for={`entry-${id}`}>Entry shown below</label>
        <select id={`entry-${id}`} value={e} onChange={(ev) => setEntry(Number((ev.target as HTMLSelectElement).value))}>
          {r.ranking.map((i) => <option key={i} value={i}>{r.entries[i]!.strategy} · {r.entries[i]!.backbone} ({pct(r.entries[i]!.accuracy.mean)})</option>)}
        </select>
      </div>
      <H>Reliability</H>
      <Reliability r={r} entry={e} />
      <H>Confusion matrix (rows normalised)</H>
      <div class="scroll" tabIndex={0} role="region" aria-label="Confusion matrix">
        <ConfusionMatrix labels={r.labels} counts={chosen.confusion} width={compact ? 560 : 900} />
      </div>
      <TopConfusions labels={r.labels} counts={chosen.confusion} />
      <H>Per class</H>
      <PerClass rows={chosen.perClass} />
      <H>Held-out examples</H>
      <Examples r={r} id={id} />
      <H>Out-of-distribution scores</H>
      <OodScores r={r} />
    </article>
  );
}

function TopConfusions({ labels, counts }: { labels: string[]; counts: number[][] }) {
  const pairs: { i: number; j: number; share: number; n: number }[] = [];
  counts.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((n, j) => { if (i !== j && n > 0) pairs.push({ i, j, n, share: n / total }); });
  });
  pairs.sort((a, b) => b.share - a.share || b.n - a.n);
  if (pairs.length === 0) return <p>No class was taken for another.</p>;
  return (
    <table class="top-confusions">
      <caption>Most confused (share of the true class)</caption>
      <thead><tr><th scope="col">True</th><th scope="col">Predicted as</th><th scope="col">Share</th><th scope="col">Rows</th></tr></thead>
      <tbody>{pairs.slice(0, 8).map((p) => <tr key={`${p.i}-${p.j}`}><td>{labels[p.i]}</td><td>{labels[p.j]}</td><td class="num">{pct(p.share)}</td><td class="num">{p.n}</td></tr>)}</tbody>
    </table>
  );
}

function PerClass({ rows: all }: { rows: BakeoffResult['entries'][number]['perClass'] }) {
  const { rows, pager } = usePage(all, 25);
  return (
    <>
      <div class="scroll" tabIndex={0} role="region" aria-label="Per-class metrics">
        <table class="per-class">
          <thead><tr><th scope="col">Label</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">F1</th><th scope="col">Support</th></tr></thead>
          <tbody>{rows.map((c) => <tr key={c.label}><th scope="row">{c.label}</th><td class="num">{pct(c.precision)}</td><td class="num">{pct(c.recall)}</td><td class="num">{pct(c.f1)}</td><td class="num">{c.support}</td></tr>)}</tbody>
        </table>
      </div>
      {pager}
    </>
  );
}

const EXAMPLES_PAGE = 20;

type Which = 'misclassified' | 'least-confident';

/** The best entry's held-out predictions as the run stored them (texts redacted): misclassified (surest mistakes first) or least confident first, a page at a time. */
function Examples({ r, id }: { r: BakeoffResult; id: string }) {
  const [which, setWhich] = useState<Which>('misclassified');
  const [page, setPage] = useState(0);
  const order = useMemo(() => {
    const p = r.predictions;
    if (!p) return null;
    const idx = p.rows.map((_, i) => i);
    const shown = which === 'misclassified' ? idx.filter((i) => p.truth[i] !== p.predicted[i]) : idx;
    return which === 'misclassified'
      ? shown.sort((a, b) => p.confidence[b]! - p.confidence[a]! || a - b)
      : shown.sort((a, b) => p.confidence[a]! - p.confidence[b]! || a - b);
  }, [r, which]);
  const p = r.predictions;
  if (!p || !order) return <p>This run did not keep its test predictions (it was saved by an older graft).</p>;
  const rows = order.slice(page * EXAMPLES_PAGE, (page + 1) * EXAMPLES_PAGE);
  return (
    <>
      <p class="muted">{r.entries[p.entry]!.strategy} · {r.entries[p.entry]!.backbone}, on the {p.split === 'test' ? 'test set' : 'training rows, each predicted out of fold'}.</p>
      <div class="row" role="radiogroup" aria-label="Which examples">
        {(['misclassified', 'least-confident'] as const).map((w) => (
          <label key={w} class="check"><input type="radio" name={`which-${id}`} checked={which === w} onChange={() => { setWhich(w); setPage(0); }} /> {w.replace('-', ' ')}</label>
        ))}
      </div>
      {order.length === 0 && <p>None: every held-out example was predicted right.</p>}
      {order.length > 0 && (
        <>
          <div class="scroll" tabIndex={0} role="region" aria-label="Held-out examples">
            <table class="examples">
              <thead><tr><th scope="col">Row</th><th scope="col">Text (as stored)</th><th scope="col">True</th><th scope="col">Predicted</th><th scope="col">Confidence</th></tr></thead>
              <tbody>{rows.map((i) => (
                <tr key={i}><td class="num">{p.rows[i]! + 1}</td><td>{p.texts ? <Redacted text={p.texts[i]!} /> : '–'}</td><td>{r.labels[p.truth[i]!]}</td><td>{r.labels[p.predicted[i]!]}</td><td class="num">{pct(p.confidence[i]!)}</td></tr>
              ))}</tbody>
            </table>
          </div>
          <Pager page={page} pages={Math.ceil(order.length / EXAMPLES_PAGE)} total={order.length} onPage={setPage} />
        </>
      )}
    </>
  );
}
