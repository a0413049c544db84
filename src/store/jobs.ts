/**
 * Jobs: long work (a fit, an evaluation) run off the request path by a server, recorded so
 * that its state outlives the process. A job whose process died (kill -9, power loss) reads
 * as `interrupted` once a process on the same host sees that its owner is gone.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../core/index.js';
import type { Db } from './db.js';
import type { StoreOptions } from './tasks.js';

export const JOB_STATES = Object.freeze(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const);
export type JobState = (typeof JOB_STATES)[number];

/** States a job never leaves. */
export const FINISHED_STATES: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  unit?: string;
}

export interface JobError {
  code: string;
  message: string;
  issues?: { code: string; path: string; message: string }[];
}

export interface Job {
  id: string;
  /** `fit` or `evaluation`. */
  kind: string;
  /** The task a fit writes to (null for an evaluation). */
  task: string | null;
  state: JobState;
  progress: JobProgress | null;
  /** What the work returned (plain JSON), once succeeded. */
  result: unknown;
  error: JobError | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface JobRow {
  id: string; kind: string; task: string | null; state: string; progress: string | null; result: string | null;
  error: string | null; owner: string; created_at: string; started_at: string | null; finished_at: string | null;
}

/** A token for this process's lifetime: a restarted server with the same pid (pid 1 in a container) is another owner. */
const INSTANCE = randomBytes(4).toString('hex');

/** This process, as a job owner: `host:pid:instance`. */
export function jobOwner(): string {
  return `${hostname()}:${process.pid}:${INSTANCE}`;
}

/** A job id: `job_` and 16 hex digits. */
export function newJobId(): string {
  return `job_${randomBytes(8).toString('hex')}`;
}

/**
 * @example
 * const jobs = new JobStore(openDb());
 * const job = jobs.create({ kind: 'fit', task: 'spam' });
 * jobs.start(job.id); jobs.progress(job.id, { phase: 'embed', done: 10, total: 100 }); jobs.finish(job.id, 'succeeded', { result });
 */
export class JobStore {
  private readonly now: () => Date;

  constructor(private readonly db: Db, opts: StoreOptions & { owner?: string } = {}) {
    this.now = opts.now ?? (() => new Date());
    this.owner = opts.owner ?? jobOwner();
  }

  /** Who this store records as the owner of the jobs it creates. */
  readonly owner: string;

  create(spec: { kind: string; task?: string | null }): Job {
    const id = newJobId();
    this.db.prepare('INSERT INTO jobs (id, kind, task, state, owner, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, spec.kind, spec.task ?? null, 'queued', this.owner, this.now().toISOString());
    return this.get(id);
  }

  get(id: string): Job {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new NotFoundError(`No job "${id}"; job ids look like job_0123456789abcdef (see GET /v1/jobs).`, 'unknown_job');
    return toJob(row);
  }

  /** Newest first. */
  list(filter: { state?: JobState; task?: string; limit?: number } = {}): Job[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) { where.push('state = ?'); args.push(filter.state); }
    if (filter.task) { where.push('task = ?'); args.push(filter.task); }
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit ?? 100) as JobRow[]).map(toJob);
  }

  start(id: string): void {
    this.db.prepare("UPDATE jobs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'").run(this.now().toISOString(), id);
  }

  progress(id: string, p: JobProgress): void {
    this.db.prepare("UPDATE jobs SET progress = ? WHERE id = ? AND state = 'running'").run(JSON.stringify(p), id);
  }

  /** Records how a job ended; a job already finished keeps its first ending. */
  finish(id: string, state: JobState, out: { result?: unknown; error?: JobError } = {}): Job {
    this.db.prepare(`UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'running')`).run(
      state, out.result === undefined ? null : JSON.stringify(out.result), out.error ? JSON.stringify(out.error) : null, this.now().toISOString(), id,
    );
    return this.get(id);
  }

  /**
   * Marks as interrupted the unfinished jobs of owners on this host that are no longer
   * running (their process is gone, or is this one from before a restart). Returns their ids.
   */
  sweepInterrupted(isAlive: (pid: number) => boolean = processAlive): string[] {
    const host = hostname();
    const rows = this.db.prepare("SELECT id, owner FROM jobs WHERE state IN ('queued', 'running')").all() as { id: string; owner: string }[];
    const dead = rows.filter((r) => {
      const [instance, pid, ...rest] = r.owner.split(':').reverse();
      if (r.owner === this.owner || rest.reverse().join(':') !== host) return false;
      return Number(pid) === process.pid ? instance !== INSTANCE : !isAlive(Number(pid));
    });
    const at = this.now().toISOString();
    const mark = this.db.prepare(`UPDATE jobs SET state = 'interrupted', finished_at = ?, error = ? WHERE id = ? AND state IN ('queued', 'running')`);
    const error = JSON.stringify({ code: 'interrupted', message: 'The server running this job stopped before it finished; nothing it would have written was kept. Submit the job again.' });
    this.db.transaction(() => { for (const r of dead) mark.run(at, error, r.id); })();
    return dead.map((r) => r.id);
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

function toJob(r: JobRow): Job {
  return {
    id: r.id, kind: r.kind, task: r.task, state: r.state as JobState,
    progress: r.progress === null ? null : (JSON.parse(r.progress) as JobProgress),
    result: r.result === null ? null : JSON.parse(r.result),
    error: r.error === null ? null : (JSON.parse(r.error) as JobError),
    createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at,
  };
}
