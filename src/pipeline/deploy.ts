/** Changing which version of a task serves: each change and its audit record in one transaction. */
import type { WorkspaceContext } from './context.js';

export interface DeployResult {
  task: string;
  /** The version that was live before (null when none was). */
  from: number | null;
  to: number;
  /** The audit record written with the change. */
  auditId: number;
}

/** Makes a saved version live. */
export function deployVersion(ws: WorkspaceContext, task: string, version: number): DeployResult {
  return ws.write(() => {
    const r = ws.tasks.deploy(task, version);
    const entry = ws.audit.append(task, 'deploy', { from: r.from, to: r.to });
    return { task, ...r, auditId: entry.id };
  });
}

/** Makes the next older saved version live. */
export function rollbackVersion(ws: WorkspaceContext, task: string): DeployResult {
  return ws.write(() => {
    const r = ws.tasks.rollback(task);
    const entry = ws.audit.append(task, 'rollback', { from: r.from, to: r.to });
    return { task, ...r, auditId: entry.id };
  });
}
