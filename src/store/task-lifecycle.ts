/**
 * Deleting and renaming a task across every table that names it. The tables are found from the
 * schema (every table with a `task` column), so a table added by a later migration is covered
 * without a change here. The audit log keeps its entries: a deletion stays on record.
 */
import { NotFoundError, UsageError } from '../core/index.js';
import type { Db } from './db.js';
import { validateTaskName } from './tasks.js';
import { SqliteEmbeddingCache } from './embedding-cache.js';

/** Tables holding rows of a task, by their `task` column; `audit` is handled on its own. */
function taskTables(db: Db): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return tables.map((t) => t.name).filter((name) => name !== 'audit' && name !== 'tasks' &&
    (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]).some((c) => c.name === 'task'));
}

function requireTask(db: Db, name: string): void {
  if (!db.prepare('SELECT 1 FROM tasks WHERE name = ?').get(name)) {
    const names = (db.prepare('SELECT name FROM tasks ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    throw new NotFoundError(`No task named "${name}". ${names.length ? `Tasks: ${names.join(', ')}.` : 'There are no tasks yet.'}`, 'no_task');
  }
}

export interface DeletedTask {
  task: string;
  versions: number;
  examples: number;
  /** Cached vectors of texts no other task holds. */
  embeddings: number;
}

/**
 * Deletes a task with its head versions, training examples, novelty detectors and the cached
 * vectors of its texts that no other task holds. Run it inside a transaction with
 * `secure_delete` on (UnlearningStore.secureDelete) so that no copy survives in the file.
 */
export function deleteTaskRows(db: Db, name: string): DeletedTask {
  requireTask(db, name);
  const versions = (db.prepare('SELECT COUNT(*) AS n FROM head_versions WHERE task = ?').get(name) as { n: number }).n;
  const examples = (db.prepare('SELECT COUNT(*) AS n FROM training_examples WHERE task = ?').get(name) as { n: number }).n;
  const own = (db.prepare(
    `SELECT text_hash AS h FROM training_examples WHERE task = ?
     EXCEPT SELECT text_hash FROM training_examples WHERE task <> ?`,
  ).all(name, name) as { h: string }[]).map((r) => r.h);
  const embeddings = new SqliteEmbeddingCache(db).deleteTexts(own);
  // Rows referencing each other (detectors → versions → task) go in one transaction: checked at commit.
  db.pragma('defer_foreign_keys = ON');
  for (const table of taskTables(db)) db.prepare(`DELETE FROM "${table}" WHERE task = ?`).run(name);
  db.prepare('DELETE FROM tasks WHERE name = ?').run(name);
  return { task: name, versions, examples, embeddings };
}

/** Renames a task everywhere, its audit entries included (they follow the task). */
export function renameTaskRows(db: Db, from: string, to: string): void {
  requireTask(db, from);
  validateTaskName(to);
  if (db.prepare('SELECT 1 FROM tasks WHERE name = ?').get(to)) {
    throw new UsageError(`A task named "${to}" already exists; delete it first (graft tasks delete ${to} --yes) or choose another name.`, 'task_exists');
  }
  db.pragma('defer_foreign_keys = ON');
  db.prepare('UPDATE tasks SET name = ? WHERE name = ?').run(to, from);
  for (const table of [...taskTables(db), 'audit']) db.prepare(`UPDATE "${table}" SET task = ? WHERE task = ?`).run(to, from);
}
