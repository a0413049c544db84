export { openDb, openMemoryDb, graftHome } from './db.js';
export { resolveHome, platformDataHome } from './home.js';
export type { HomeChoice } from './home.js';
export type { Db } from './db.js';
export { TaskStore, validateTaskName, TASK_NAME_RULE, DEFAULT_PRIVACY } from './tasks.js';
export type {
  Task, TaskSummary, TrainingExample, NewHeadVersion, VersionSummary, HeadVersion, VersionMetrics, StoreOptions,
} from './tasks.js';
export { RunStore, newRunId } from './runs.js';
export type { NewRun, Run, RunSummary } from './runs.js';
export { AuditLog } from './audit.js';
export type { AuditEntry } from './audit.js';
export { SqliteEmbeddingCache } from './embedding-cache.js';
export { NoveltyStore } from './novelty.js';
export { PartStore, PART_MIN_CHARS } from './parts.js';
export type { PartLinks } from './parts.js';
export { UnlearningStore } from './unlearning.js';
export type { StoredExample } from './unlearning.js';
export { deleteTaskRows, renameTaskRows } from './task-lifecycle.js';
export type { DeletedTask } from './task-lifecycle.js';
export { ApiKeyStore, API_SCOPES, scopeAllows, parseScope } from './api-keys.js';
export type { ApiKey, ApiScope, NewApiKey } from './api-keys.js';
export { JobStore, JOB_STATES, FINISHED_STATES, jobOwner, newJobId } from './jobs.js';
export type { Job, JobState, JobProgress, JobError } from './jobs.js';
