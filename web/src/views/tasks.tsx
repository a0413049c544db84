/**
 * Tasks: every task with its live version, backbone, labels, cross-validated accuracy and
 * calibration, size and last change (paged, filterable); one task's versions side by side,
 * with deploy and rollback behind a confirmation, and its audit trail.
 */
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { can } from '../session';
import { ErrorBox } from '../components/error';
import { useConfirm } from '../components/confirm';
import { usePage } from '../components/pager';
import { useLoad } from '../components/use-load';
import { metric, num, pct, when } from '../format';
import type { AuditEntry, Deploy, TaskDetail, TaskSummary, Version } from '../types';

const PAGE = 50;

export function TasksView({ name }: { name?: string }) {
  return name ? <TaskPage name={name} /> : <TaskList />;
}

function TaskList() {
  const { data, error, loading } = useLoad((s) => get<{ tasks: TaskSummary[] }>('/v1/tasks', s), []);
  const [filter, setFilter] = useState('');
  const tasks = (data?.tasks ?? []).filter((t) => t.name.includes(filter.trim().toLowerCase()));
  const { rows, pager } = usePage(tasks, PAGE);
  return (
    <section aria-labelledby="tasks-title">
      <h1 id="tasks-title">Tasks</h1>
      <ErrorBox error={error} />
      <div class="row">
        <label for="task-filter">Filter by name</label>
        <input id="task-filter" type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <span class="muted" aria-live="polite">{loading ? 'Loading…' : `${tasks.length} of ${data?.tasks.length ?? 0} tasks`}</span>
      </div>
      <div class="scroll" tabIndex={0} role="region" aria-label="Task list">
        <table class="tasks">
          <thead>
            <tr><th scope="col">Task</th><th scope="col">Live</th><th scope="col">Backbone</th><th scope="col">Labels</th>
              <th scope="col">CV accuracy</th><th scope="col">Calibration (ECE)</th><th scope="col">Size (rows)</th><th scope="col">Last change</th></tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.name}>
                <th scope="row"><a href={`#/tasks/${encodeURIComponent(t.name)}`}>{t.name}</a></th>
                <td>{t.liveVersion === null ? 'none' : `v${t.liveVersion}`} <span class="muted">of {t.versions}</span></td>
                <td><code>{t.backbone}</code></td>
                <td title={t.labels.join(', ')}>{t.labels.length}: {t.labels.slice(0, 3).join(', ')}{t.labels.length > 3 ? ', …' : ''}</td>
                <td class="num">{pct(metric(t.metrics, 'accuracy'))}</td>
                <td class="num">{num(metric(t.metrics, 'ece'))}</td>
                <td class="num">{metric(t.metrics, 'rows') ?? '–'}</td>
                <td>{when(t.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager}
      {!loading && data?.tasks.length === 0 && <p>No task yet. {can('POST /v1/evaluations') && <a href="#/new">Start one from a labelled file.</a>}</p>}
    </section>
  );
}

/** The head's kind, with the one it wraps (`calibrated centroid`). */
function headName(v: Version): string {
  const base = (v.strategy.base as { kind?: unknown } | undefined)?.kind;
  return typeof base === 'string' ? `${v.kind} ${base}` : v.kind;
}

const ROWS: { label: string; value: (v: Version) => string }[] = [
  { label: 'Head', value: headName },
  { label: 'CV accuracy', value: (v) => pct(metric(v.metrics, 'accuracy')) },
  { label: 'Macro F1', value: (v) => pct(metric(v.metrics, 'macroF1')) },
  { label: 'Calibration (ECE)', value: (v) => num(metric(v.metrics, 'ece')) },
  { label: 'Train accuracy', value: (v) => pct(metric(v.metrics, 'trainAccuracy')) },
  { label: 'Overfitting', value: (v) => (metric(v.metrics, 'overfitting') === 1 ? 'yes' : metric(v.metrics, 'overfitting') === 0 ? 'no' : '–') },
  { label: 'Rows', value: (v) => String(v.rows) },
  { label: 'Seed', value: (v) => String(v.seed) },
  { label: 'Data hash', value: (v) => v.dataHash.slice(0, 12) },
  { label: 'Created', value: (v) => when(v.createdAt) },
];

function TaskPage({ name }: { name: string }) {
  const task = useLoad((s) => get<TaskDetail>(`/v1/tasks/${encodeURIComponent(name)}`, s), [name]);
  const audit = useLoad((s) => (can('GET /v1/tasks/:task/audit') ? get<{ entries: AuditEntry[] }>(`/v1/tasks/${encodeURIComponent(name)}/audit`, s) : Promise.resolve(null)), [name]);
  const [dialog, confirm] = useConfirm();
  const [done, setDone] = useState<string | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const t = task.data;
  const versions = (t?.versions ?? []).filter((v) => v.deletedAt === null);
  const mayDeploy = can('POST /v1/tasks/:task/deploy');
  const mayRollback = can('POST /v1/tasks/:task/rollback');

  const act = async (question: string, action: string, call: () => Promise<Deploy>) => {
    if (!(await confirm(question, action))) return;
    setFailed(null);
    try {
      const d = await call();
      setDone(`${d.task}: v${d.to} is live${d.from !== null ? ` (was v${d.from})` : ''}; audit entry #${d.auditId}.`);
      task.reload();
      audit.reload();
    } catch (e) {
      setFailed(e);
    }
  };
  const path = `/v1/tasks/${encodeURIComponent(name)}`;
  return (
    <section aria-labelledby="task-title">
      <p><a href="#/tasks">← All tasks</a></p>
      <h1 id="task-title">Task {name}</h1>
      <ErrorBox error={task.error} />
      {t && (
        <>
          <p>
            Backbone <code>{t.backbone}</code>, privacy <strong>{t.privacy}</strong>, live version <strong>{t.liveVersion === null ? 'none' : `v${t.liveVersion}`}</strong>,{' '}
            {t.labels.length} labels: {t.labels.join(', ')}.
          </p>
          <div class="row">
            {can('POST /v1/tasks/:task/predict') && <a class="button" href={`#/try/${encodeURIComponent(name)}`}>Try it</a>}
            {mayRollback && versions.some((v) => t.liveVersion !== null && v.version < t.liveVersion) && (
              <button type="button" onClick={() => void act(`Roll ${name} back from v${t.liveVersion} to the next older version? Predictions switch at once.`, 'Roll back', () => post<Deploy>(`${path}/rollback`))}>
                Roll back
              </button>
            )}
          </div>
          <p role="status" aria-live="polite">{done}</p>
          <ErrorBox error={failed} />
          <h2>Versions side by side</h2>
          <div class="scroll" tabIndex={0} role="region" aria-label="Versions">
            <table class="versions">
              <thead>
                <tr><th scope="col">Version</th>{versions.map((v) => <th scope="col" key={v.version}>v{v.version}{v.live ? ' (live)' : ''}</th>)}</tr>
              </thead>
              <tbody>
                {ROWS.map((r) => (
                  <tr key={r.label}><th scope="row">{r.label}</th>{versions.map((v) => <td key={v.version}>{r.value(v)}</td>)}</tr>
                ))}
                {mayDeploy && (
                  <tr>
                    <th scope="row">Deploy</th>
                    {versions.map((v) => (
                      <td key={v.version}>
                        {v.live ? <span class="badge ok">live</span> : (
                          <button type="button" onClick={() => void act(`Make v${v.version} of ${name} live (now v${t.liveVersion ?? 'none'})? Predictions switch at once.`, `Deploy v${v.version}`, () => post<Deploy>(`${path}/deploy`, { version: v.version }))}>
                            Deploy v{v.version}
                          </button>
                        )}
                      </td>
                    ))}
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
      {audit.data && <AuditTrail entries={audit.data.entries} />}
      {dialog}
    </section>
  );
}

export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  const newest = [...entries].reverse();
  const { rows, pager } = usePage(newest, 20);
  return (
    <>
      <h2>Audit trail</h2>
      <div class="scroll" tabIndex={0} role="region" aria-label="Audit trail">
        <table class="audit">
          <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Action</th><th scope="col">Detail</th></tr></thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}><td>{e.id}</td><td>{when(e.at)}</td><td>{e.action}</td><td><code class="detail">{JSON.stringify(e.detail)}</code></td></tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager}
    </>
  );
}
