/**
 * Privacy: scan a file for private data (findings by type, each in its surroundings with the
 * value shown by its shape); forget training examples by pattern (exact unlearning), with the
 * task's audit trail.
 */
import { useState } from 'preact/hooks';
import { get, post, upload } from '../api';
import { can } from '../session';
import { ErrorBox } from '../components/error';
import { useConfirm } from '../components/confirm';
import { PiiSummary } from '../components/preview';
import { useLoad } from '../components/use-load';
import { AuditTrail } from './tasks';
import type { AuditEntry, ScanReport, TaskSummary } from '../types';

export default function PrivacyView() {
  return (
    <section aria-labelledby="privacy-title">
      <h1 id="privacy-title">Privacy</h1>
      <Scan />
      {can('POST /v1/tasks/:task/forget') && <Forget />}
    </section>
  );
}

function Scan() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ScanReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true); setError(null); setReport(null);
    try { setReport(await upload<ScanReport>('/v1/uploads/scan', file)); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <>
      <h2>Scan a file</h2>
      <form class="stack" onSubmit={run}>
        <label for="scan-file">CSV, TSV or JSONL file</label>
        <input id="scan-file" type="file" accept=".csv,.tsv,.jsonl" required onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        <div><button type="submit" class="primary" disabled={busy}>{busy ? 'Scanning…' : 'Scan'}</button></div>
      </form>
      <ErrorBox error={error} />
      {report && (
        <div class="scan-report" aria-live="polite">
          <p><strong>{report.source}</strong>: {report.findings} findings in {report.textsWithFindings} of {report.texts} texts (columns {report.columns.join(', ')}).</p>
          <PiiSummary byType={report.byType} samples={report.samples} />
          <details>
            <summary>Every finding's place ({report.issues.length}{report.truncated ? '+' : ''})</summary>
            <ul class="issues">{report.issues.slice(0, 500).map((i, k) => <li key={k}><code>{i.path}</code> {i.message}</li>)}</ul>
          </details>
        </div>
      )}
    </>
  );
}

interface ForgetResult { task: string; removedTexts: number; removedRows: number; refitted: { from: number; to: number; rows: number }[]; deletedVersions: number[]; liveVersion: number | null; auditId: number }

function Forget() {
  const tasks = useLoad((s) => get<{ tasks: TaskSummary[] }>('/v1/tasks', s), []);
  const [task, setTask] = useState('');
  const [pattern, setPattern] = useState('');
  const [result, setResult] = useState<ForgetResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, confirm] = useConfirm();
  const name = task || tasks.data?.tasks[0]?.name || '';
  const audit = useLoad((s) => (name && can('GET /v1/tasks/:task/audit') ? get<{ entries: AuditEntry[] }>(`/v1/tasks/${encodeURIComponent(name)}/audit`, s) : Promise.resolve(null)), [name]);
  const run = async (e: Event) => {
    e.preventDefault();
    if (!name || !pattern) return;
    if (!(await confirm(`Forget every training example of ${name} whose stored text matches /${pattern}/? Each version trained on them is refitted without them and the old weights are deleted. This cannot be undone.`, 'Forget'))) return;
    setError(null); setResult(null);
    try {
      setResult(await post<ForgetResult>(`/v1/tasks/${encodeURIComponent(name)}/forget`, { match: pattern }));
      audit.reload();
    } catch (err) { setError(err); }
  };
  return (
    <>
      <h2>Forget by pattern</h2>
      <form class="stack" onSubmit={run}>
        <label for="forget-task">Task</label>
        <select id="forget-task" value={name} onChange={(e) => setTask((e.target as HTMLSelectElement).value)}>
          {(tasks.data?.tasks ?? []).map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
        </select>
        <label for="forget-pattern">Regular expression, tested against the stored (redacted) texts</label>
        <input id="forget-pattern" required value={pattern} onInput={(e) => setPattern((e.target as HTMLInputElement).value)} />
        <div><button type="submit" class="danger">Forget matching examples</button></div>
      </form>
      <ErrorBox error={error} />
      {result && (
        <p role="status">
          Forgot {result.removedRows} rows ({result.removedTexts} texts) from {result.task};{' '}
          {result.refitted.length ? `refitted ${result.refitted.map((r) => `v${r.from} → v${r.to}`).join(', ')}` : 'no version needed refitting'};
          live version {result.liveVersion === null ? 'none' : `v${result.liveVersion}`}; audit entry #{result.auditId}.
        </p>
      )}
      {audit.data && <AuditTrail entries={audit.data.entries} />}
      {dialog}
    </>
  );
}
