/**
 * Runs: one evaluation or bake-off each, stored with everything needed to reproduce it
 * (seed, data hash, versions, config) and what it found (the result, as JSON).
 */
import { randomBytes } from 'node:crypto';
import { GraftError, NotFoundError } from '../core/index.js';
import type { Db } from './db.js';
import type { StoreOptions } from './tasks.js';

export interface NewRun<R = unknown> {
  /** What kind of run: `eval`, `bakeoff`, `curve`, ... */
  kind: string;
  seed: number;
  dataHash: string;
  /** Versions of everything that shaped the result: graft, backbone ids, head kinds. */
  versions: Record<string, string>;
  /** The options the run was started with (plain JSON). */
  config: object;
  /** What it found (plain JSON, e.g. an EvalResult). */
  result: R;
}

export interface RunSummary {
  id: string;
  kind: string;
  createdAt: string;
  seed: number;
  dataHash: string;
  versions: Record<string, string>;
  config: object;
}

export interface Run<R = unknown> extends RunSummary {
  result: R;
}

interface RunRow { id: string; kind: string; created_at: string; seed: number; data_hash: string; versions: string; config: string; result: string }

/**
 * A new run id: UTC time to the second plus 6 random hex digits, e.g.
 * `20261128-112033-7f3a9c`. Ids sort by time (to the second), read as a date, and the
 * 24 random bits make a clash within one second unlikely (and saveRun retries if one happens).
 */
export function newRunId(now: Date = new Date()): string {
  const iso = now.toISOString(); // 2026-11-28T11:20:33.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * Stored runs.
 *
 * @example
 * const runs = new RunStore(openDb());
 * const id = runs.saveRun({ kind: 'eval', seed: 1, dataHash, versions: { graft: '0.1.0' }, config: {}, result });
 * runs.getRun(id).result;
 */
export class RunStore {
  private readonly now: () => Date;

  constructor(private readonly db: Db, opts: StoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Stores a run and returns its new id. */
  saveRun<R>(run: NewRun<R>): string {
    const at = this.now();
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO runs (id, kind, created_at, seed, data_hash, versions, config, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const values = [run.kind, at.toISOString(), run.seed, run.dataHash, JSON.stringify(run.versions), JSON.stringify(run.config), JSON.stringify(run.result)];
    for (let attempt = 0; attempt < 8; attempt++) {
      const id = newRunId(at);
      if (insert.run(id, ...values).changes === 1) return id;
    }
    throw new GraftError(
      `Could not find a free run id for ${at.toISOString()} after 8 attempts; nothing was saved. Run again.`,
      { code: 'store_write_failed' },
    );
  }

  /** The run with this id, or NotFoundError naming the most recent ones. */
  getRun<R = unknown>(id: string): Run<R> {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) {
      const recent = this.listRuns({ limit: 5 }).map((r) => r.id);
      const hint = recent.length === 0 ? 'There are no stored runs yet.' : `Recent runs: ${recent.join(', ')}.`;
      throw new NotFoundError(`No run with id "${id}". ${hint} \`graft runs\` lists them all.`, 'no_run');
    }
    return { ...toSummary(row), result: JSON.parse(row.result) as R };
  }

  /** Runs without their results, newest first; optionally only one kind, at most `limit`. */
  listRuns(opts: { kind?: string; limit?: number } = {}): RunSummary[] {
    const rows = this.db.prepare(
      `SELECT id, kind, created_at, seed, data_hash, versions, config FROM runs
       WHERE (@kind IS NULL OR kind = @kind) ORDER BY created_at DESC, id DESC LIMIT @limit`,
    ).all({ kind: opts.kind ?? null, limit: opts.limit ?? -1 }) as Omit<RunRow, 'result'>[];
    return rows.map(toSummary);
  }
}

function toSummary(r: Omit<RunRow, 'result'>): RunSummary {
  return {
    id: r.id, kind: r.kind, createdAt: r.created_at, seed: r.seed, dataHash: r.data_hash,
    versions: JSON.parse(r.versions) as Record<string, string>, config: JSON.parse(r.config) as object,
  };
}
