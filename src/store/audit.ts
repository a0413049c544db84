/**
 * The audit log: who-did-what entries per task (trained, deployed, rolled back,
 * unlearned, ...). Entries outlive the task they name, so that a deletion stays on record.
 * Details must never hold private text: ids, counts and hashes only.
 */
import { UsageError } from '../core/index.js';
import type { Db } from './db.js';
import type { StoreOptions } from './tasks.js';

export interface AuditEntry {
  id: number;
  task: string;
  at: string;
  action: string;
  detail: Record<string, unknown>;
}

/**
 * @example
 * const audit = new AuditLog(openDb());
 * audit.append('spam', 'train', { version: 3, rows: 1200 });
 * audit.list('spam'); // oldest first
 */
export class AuditLog {
  private readonly now: () => Date;

  constructor(private readonly db: Db, opts: StoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Appends an entry and returns it. */
  append(task: string, action: string, detail: Record<string, unknown> = {}): AuditEntry {
    if (!action) throw new UsageError('An audit entry needs an action, e.g. "train" or "deploy".', 'bad_audit_action');
    const at = this.now().toISOString();
    const json = JSON.stringify(detail);
    const r = this.db.prepare('INSERT INTO audit (task, at, action, detail) VALUES (?, ?, ?, ?)').run(task, at, action, json);
    return { id: Number(r.lastInsertRowid), task, at, action, detail: JSON.parse(json) as Record<string, unknown> };
  }

  /** The task's entries, oldest first. */
  list(task: string): AuditEntry[] {
    const rows = this.db.prepare('SELECT id, task, at, action, detail FROM audit WHERE task = ? ORDER BY id').all(task) as
      { id: number; task: string; at: string; action: string; detail: string }[];
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
