/**
 * A job followed live: its progress from the server-sent events (read through fetch, with the
 * key), a Cancel button that stops it on the server, and its ending.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { del, follow } from '../api';
import { ErrorBox } from './error';
import type { Job } from '../types';

const ENDED = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export function JobProgress({ job: first, title, onEnd }: { job: Job; title: string; onEnd: (job: Job) => void }) {
  const [job, setJob] = useState(first);
  const [error, setError] = useState<unknown>(null);
  const ended = useRef(false);
  useEffect(() => {
    const ctl = new AbortController();
    const seen = (j: Job) => {
      setJob(j);
      if (ENDED.has(j.state) && !ended.current) {
        ended.current = true;
        onEnd(j);
      }
    };
    follow<Job>(`/v1/jobs/${first.id}/events`, seen, ctl.signal).catch((e: unknown) => { if (!ctl.signal.aborted) setError(e); });
    return () => ctl.abort();
  }, [first.id]);
  const cancel = async () => {
    try {
      const j = await del<Job>(`/v1/jobs/${job.id}`);
      setJob(j);
    } catch (e) {
      setError(e);
    }
  };
  const p = job.progress;
  return (
    <div class="job" aria-label={title}>
      <h3>{title}: <span class={`state ${job.state}`}>{job.state}</span></h3>
      {p && !ENDED.has(job.state) && (
        <p>
          <label for={`progress-${job.id}`}>{p.phase}: {p.done} of {p.total}{p.unit ? ` ${p.unit}` : ''}</label>
          <progress id={`progress-${job.id}`} max={Math.max(1, p.total)} value={p.done} />
        </p>
      )}
      {!ENDED.has(job.state) && <button type="button" onClick={() => void cancel()}>Cancel</button>}
      {job.error && <div class="error" role="alert"><p>{job.error.message}</p></div>}
      <ErrorBox error={error} />
    </div>
  );
}
