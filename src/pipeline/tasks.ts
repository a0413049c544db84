/** Deleting and renaming tasks: each change and its audit record in one transaction. */
import { UnlearningStore, deleteTaskRows, renameTaskRows } from '../store/index.js';
import type { DeletedTask } from '../store/index.js';
import type { WorkspaceContext } from './context.js';

export interface DeleteTaskResult extends DeletedTask {
  auditId: number;
}

/**
 * Deletes a task, its versions, examples, detectors and the cached vectors only it held, with
 * every freed byte zeroed and the write-ahead log truncated (as `forget` does). The audit log
 * keeps the task's entries and gains a `delete` record.
 */
export function deleteTask(ws: WorkspaceContext, name: string): DeleteTaskResult {
  const result = new UnlearningStore(ws.db).secureDelete(() => {
    const r = deleteTaskRows(ws.db, name);
    const entry = ws.audit.append(name, 'delete', { versions: r.versions, examples: r.examples, embeddingsDeleted: r.embeddings });
    return { ...r, auditId: entry.id };
  });
  ws.heads.invalidate(); // written outside ws.write (secureDelete): a long-lived workspace must not predict with the deleted heads
  return result;
}

/** Renames a task; its audit entries follow it, and a `rename` record says from what. */
export function renameTask(ws: WorkspaceContext, from: string, to: string): { from: string; to: string; auditId: number } {
  return ws.write(() => {
    renameTaskRows(ws.db, from, to);
    const entry = ws.audit.append(to, 'rename', { from, to });
    return { from, to, auditId: entry.id };
  });
}
