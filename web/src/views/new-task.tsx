/**
 * New task: upload a labelled file → its preview (validation issues at line and column, the
 * private data that will be redacted) → backbones and strategies → a bake-off followed live and
 * cancellable → results → fit the chosen entry → the new version is live.
 */
import { useState } from 'preact/hooks';
import { get, post, upload } from '../api';
import { can } from '../session';
import { ErrorBox } from '../components/error';
import { JobProgress } from '../components/job';
import { Leaderboard } from '../components/leaderboard';
import { PreviewPanel } from '../components/preview';
import { useLoad } from '../components/use-load';
import { pct } from '../format';
import type { BakeoffResult, Info, Job, Preview, Run } from '../types';

const STRATEGIES = ['logistic', 'knn', 'centroid', 'mlp'] as const;
const DEFAULT_STRATEGIES = ['logistic', 'knn', 'centroid'];
const POLICIES = ['redact', 'pseudonymize', 'refuse', 'allow'] as const;

export default function NewTaskView() {
  const info = useLoad((s) => get<Info>('/v1/info', s), []);
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [privacy, setPrivacy] = useState('redact');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [backbones, setBackbones] = useState<string[] | null>(null);
  const [strategies, setStrategies] = useState<string[]>(DEFAULT_STRATEGIES);
  const [bakeoff, setBakeoff] = useState<Job | null>(null);
  const [run, setRun] = useState<Run<BakeoffResult> | null>(null);
  const [entry, setEntry] = useState<number | undefined>(undefined);
  const [fit, setFit] = useState<Job | null>(null);
  const [fitted, setFitted] = useState<{ task: string; version: number; metrics: Record<string, number> | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const offered = info.data?.backbones.map((b) => b.name) ?? [];
  const chosenBackbones = backbones ?? offered.slice(0, 1);

  const step = async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
    setError(null);
    try {
      return await f();
    } catch (e) {
      setError(e);
      return undefined;
    }
  };
  const doPreview = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setPreview(null); setBakeoff(null); setRun(null); setFit(null); setFitted(null);
    const p = await step(() => upload<Preview>('/v1/uploads/preview', file, { privacy }));
    if (p) setPreview(p);
  };
  const startBakeoff = async () => {
    if (!file) return;
    setRun(null); setFit(null); setFitted(null);
    const job = await step(() => upload<Job>('/v1/evaluations', file, { mode: 'bakeoff', backbones: chosenBackbones.join(','), strategies: strategies.join(','), privacy }));
    if (job) setBakeoff(job);
  };
  const bakeoffEnded = async (job: Job) => {
    if (job.state !== 'succeeded') return;
    const runId = (job.result as { runId: string }).runId;
    const r = await step(() => get<Run<BakeoffResult>>(`/v1/runs/${runId}`));
    if (r) { setRun(r); setEntry(r.result.ranking[0]); }
  };
  const startFit = async () => {
    if (!file || !run || entry === undefined) return;
    const e = run.result.entries[entry]!;
    // The entry names its backbone by id; the run's versions map each backbone name to its id.
    const backbone = Object.keys(run.versions).find((k) => k.startsWith('backbone:') && run.versions[k] === e.backbone)?.slice('backbone:'.length) ?? e.backbone;
    setFitted(null);
    const job = await step(() => upload<Job>(`/v1/tasks/${encodeURIComponent(name)}/fit`, file, { strategy: e.strategy, backbone, privacy }));
    if (job) setFit(job);
  };
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">New task</h1>
      <form class="stack" onSubmit={doPreview}>
        <h2>1. Upload labelled data</h2>
        <label for="new-name">Task name</label>
        <input id="new-name" required pattern="[a-z0-9][a-z0-9._\-]{0,63}" value={name} aria-describedby="new-name-help"
          onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <span id="new-name-help" class="muted">a-z, 0-9, “.”, “_”, “-”; starts with a letter or digit.</span>
        <label for="new-file">CSV, TSV or JSONL file (columns text and label)</label>
        <input id="new-file" type="file" accept=".csv,.tsv,.jsonl" required onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        <label for="new-privacy">Privacy policy</label>
        <select id="new-privacy" value={privacy} onChange={(e) => setPrivacy((e.target as HTMLSelectElement).value)}>
          {POLICIES.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
        <div><button type="submit" class="primary">Preview</button></div>
      </form>
      <ErrorBox error={error} />
      {preview && (
        <>
          <h2>2. Preview</h2>
          <PreviewPanel p={preview} />
          <h2>3. Backbones and strategies</h2>
          <fieldset>
            <legend>Backbones</legend>
            {offered.map((b) => (
              <label key={b} class="check"><input type="checkbox" checked={chosenBackbones.includes(b)}
                onChange={(e) => setBackbones(toggle(chosenBackbones, b, (e.target as HTMLInputElement).checked))} /> {b}</label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Strategies</legend>
            {STRATEGIES.map((s) => (
              <label key={s} class="check"><input type="checkbox" checked={strategies.includes(s)}
                onChange={(e) => setStrategies(toggle(strategies, s, (e.target as HTMLInputElement).checked))} /> {s}</label>
            ))}
          </fieldset>
          <button type="button" class="primary" disabled={!chosenBackbones.length || !strategies.length || (bakeoff !== null && !run && bakeoff.state === 'running')}
            onClick={() => void startBakeoff()}>Run the bake-off</button>
        </>
      )}
      {bakeoff && <JobProgress key={bakeoff.id} job={bakeoff} title="Bake-off" onEnd={(j) => void bakeoffEnded(j)} />}
      {run && (
        <>
          <h2>4. Results</h2>
          <Leaderboard r={run.result} choose={setEntry} chosen={entry} />
          <p><a href={`#/runs/${run.id}`}>Curves, calibration and confusion matrix of this run</a></p>
          <h2>5. Fit</h2>
          {can('POST /v1/tasks/:task/fit') ? (
            <button type="button" class="primary" disabled={!name || entry === undefined} onClick={() => void startFit()}>
              Fit {entry !== undefined ? `${run.result.entries[entry]!.strategy} on ${run.result.entries[entry]!.backbone}` : ''} as task {name || '…'}
            </button>
          ) : <p>This key may not fit tasks.</p>}
        </>
      )}
      {fit && <JobProgress key={fit.id} job={fit} title="Fit" onEnd={(j) => { if (j.state === 'succeeded') setFitted(j.result as typeof fitted); }} />}
      {fitted && (
        <div role="status">
          <h2>6. Deployed</h2>
          <p>
            Version v{fitted.version} of <strong>{fitted.task}</strong> is live
            {fitted.metrics && typeof fitted.metrics.accuracy === 'number' ? ` (cross-validated accuracy ${pct(fitted.metrics.accuracy)})` : ''}.{' '}
            <a href={`#/try/${encodeURIComponent(fitted.task)}`}>Try it</a> · <a href={`#/tasks/${encodeURIComponent(fitted.task)}`}>versions, deploy and roll back</a>
          </p>
        </div>
      )}
    </section>
  );
}
