/**
 * Try it: texts in, the live version's label, probabilities and out-of-distribution flag out,
 * with the explanation: the words that moved the decision highlighted, and (for a key that may
 * read training data) the nearest training examples as stored.
 */
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { getMe } from '../session';
import { ErrorBox } from '../components/error';
import { useLoad } from '../components/use-load';
import { num, pct } from '../format';
import type { Explanation, PredictResult, TaskSummary } from '../types';

/** Nearest examples are training data: the server gives them to keys of the train scope and up. */
const mayReadExamples = (): boolean => { const k = getMe()?.key; return !k || k.scope !== 'predict'; };

export default function TryView({ task }: { task?: string }) {
  const tasks = useLoad((s) => get<{ tasks: TaskSummary[] }>('/v1/tasks', s), []);
  const [chosen, setChosen] = useState(task ?? '');
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ texts: string[]; r: PredictResult } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const live = (tasks.data?.tasks ?? []).filter((t) => t.liveVersion !== null);
  const name = chosen || live[0]?.name || '';

  const run = async (e: Event) => {
    e.preventDefault();
    const texts = text.split('\n').map((t) => t.trim()).filter(Boolean);
    if (!name || texts.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const body = { texts, explain: true, ...(mayReadExamples() ? { neighbours: 5 } : {}) };
      setResult({ texts, r: await post<PredictResult>(`/v1/tasks/${encodeURIComponent(name)}/predict`, body) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="try-title">
      <h1 id="try-title">Try it</h1>
      <ErrorBox error={tasks.error} />
      <form onSubmit={run} class="stack">
        <label for="try-task">Task</label>
        <select id="try-task" value={name} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
          {live.map((t) => <option key={t.name} value={t.name}>{t.name} (v{t.liveVersion})</option>)}
        </select>
        <label for="try-texts">Texts, one per line</label>
        <textarea id="try-texts" rows={4} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        <div><button type="submit" class="primary" disabled={busy || !name}>{busy ? 'Reading…' : 'Predict'}</button></div>
      </form>
      <ErrorBox error={error} />
      {result && (
        <div aria-live="polite">
          <p class="muted">Task {result.r.task}, version v{result.r.version}, backbone <code>{result.r.backbone}</code>.</p>
          {result.r.predictions.map((p, i) => (
            <article class="prediction" key={i} aria-label={`Prediction ${i + 1}`}>
              <h2>
                <span class="label-name">{p.label}</span> <span class="muted">{pct(p.confidence)}</span>{' '}
                {p.outOfDistribution === true && <span class="badge warn">unlike the training data (novelty {num(p.novelty, 2)})</span>}
                {p.outOfDistribution === false && <span class="badge ok">in distribution</span>}
              </h2>
              {p.explanation ? <Highlighted e={p.explanation} /> : <p>{result.texts[i]}</p>}
              <Probabilities probabilities={p.probabilities} />
              {p.explanation?.neighbours && <Neighbours items={p.explanation.neighbours} />}
            </article>
          ))}
        </div>
      )}
    </section>
  );
}

function Probabilities({ probabilities }: { probabilities: Record<string, number> }) {
  const sorted = Object.entries(probabilities).sort((a, b) => b[1] - a[1]).slice(0, 10);
  return (
    <table class="probs">
      <caption>Probabilities{Object.keys(probabilities).length > 10 ? ' (top 10)' : ''}</caption>
      <tbody>
        {sorted.map(([label, p]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td><span class="bar" style={{ width: `${Math.max(1, p * 100)}%` }} /></td>
            <td class="num">{pct(p)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The text as the head read it, each word shaded by how much removing it lowers (green) or raises (red) the label's probability. */
function Highlighted({ e }: { e: Explanation }) {
  const max = Math.max(1e-9, ...e.attributions.map((a) => Math.abs(a.delta)));
  const parts: preact.JSX.Element[] = [];
  let at = 0;
  for (const [k, a] of [...e.attributions].sort((x, y) => x.start - y.start).entries()) {
    if (a.start < at) continue;
    parts.push(<span key={`t${k}`}>{e.text.slice(at, a.start)}</span>);
    const strength = Math.abs(a.delta) / max;
    const cls = strength < 0.15 ? '' : a.delta > 0 ? 'for' : 'against';
    parts.push(
      <mark key={`w${k}`} class={cls} style={cls ? { '--w': String(0.25 + 0.75 * strength) } : undefined}
        title={`${a.delta >= 0 ? '+' : ''}${(a.delta * 100).toFixed(1)} points`}>
        {e.text.slice(a.start, a.end)}
      </mark>,
    );
    at = a.end;
  }
  parts.push(<span key="end">{e.text.slice(at)}</span>);
  const top = [...e.attributions].sort((x, y) => y.delta - x.delta).slice(0, 3).filter((a) => a.delta > 0);
  return (
    <>
      <p class="explained">{parts}</p>
      <p class="muted">
        Words that moved the decision most: {top.length ? top.map((a) => `${a.word} (+${(a.delta * 100).toFixed(1)})`).join(', ') : 'none stood out'}.
        {e.wordsSkipped > 0 && ` ${e.wordsSkipped} words not read for the explanation.`}
      </p>
    </>
  );
}

function Neighbours({ items }: { items: NonNullable<Explanation['neighbours']> }) {
  return (
    <table class="neighbours">
      <caption>Nearest training examples (as stored)</caption>
      <thead><tr><th scope="col">Similarity</th><th scope="col">Label</th><th scope="col">Text</th></tr></thead>
      <tbody>
        {items.map((n, i) => <tr key={i}><td class="num">{num(n.similarity, 3)}</td><td>{n.label}</td><td>{n.text ?? '–'}</td></tr>)}
      </tbody>
    </table>
  );
}
