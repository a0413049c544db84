/** Deleting and renaming tasks: each change and its audit record in one transaction. */
import { UnlearningStore, deleteTaskRows, renameTaskRows } from '../store/index.js';
import type { DeletedTask, WalWipe } from '../store/index.js';
import type { WorkspaceContext } from './context.js';

export interface DeleteTaskResult extends DeletedTask {
  auditId: number;
  /** Whether the deleted bytes have left the files (as in ForgetResult.wipe); shells must say so when not. */
  wipe: WalWipe;
}

/**
 * Deletes a task, its versions, examples, detectors and the cached vectors only it held, with
 * every freed byte zeroed and the write-ahead log truncated (as `forget` does). The audit log
 * keeps the task's entries and gains a `delete` record.
 */
export function deleteTask(ws: WorkspaceContext, name: string): DeleteTaskResult {
  const store = new UnlearningStore(ws.db);
  const { value, wipe } = store.secureDelete(() => {
    const r = deleteTaskRows(ws.db, name);
    const entry = ws.audit.append(name, 'delete', {
      versions: r.versions, examples: r.examples, embeddingsDeleted: r.embeddings, wipe: { status: 'pending' },
    });
    store.markWipe(name, entry.id, ws.now().toISOString());
    return { ...r, auditId: entry.id };
  });
  ws.heads.invalidate(); // written outside ws.write (secureDelete): a long-lived workspace must not predict with the deleted heads
  return { ...value, wipe };
}

/** Renames a task; its audit entries follow it, and a `rename` record says from what. */
export function renameTask(ws: WorkspaceContext, from: string, to: string): { from: string; to: string; auditId: number } {
  return ws.write(() => {
    renameTaskRows(ws.db, from, to);
    const entry = ws.audit.append(to, 'rename', { from, to });
    return { from, to, auditId: entry.id };
  });
}
