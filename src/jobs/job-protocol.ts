/** Messages between the server's thread and a job thread (threads.ts, job-worker.ts). */
import type { ErrorJSON, Progress } from '../core/index.js';
import type { EmbedStats } from '../backbones/index.js';
import type { WorkspaceCall } from './calls.js';

/** What a job thread opens its workspace on: the server's store, and how it cleans texts. */
export interface JobThreadWorkspace {
  /** The store's folder (the server's `Workspace.home`). */
  home: string;
  /** The privacy stage's detection settings, as the server's workspace has them (default: the rules, every region). */
  detection?: { regions?: string | readonly string[]; ner?: string };
}

/**
 * The gate word shared by both threads (an Int32Array over a SharedArrayBuffer), one per job:
 * RUNNING until either the server cancels (CANCELLED: the thread is then terminated) or the job
 * reaches its first write (WRITING: past that point a cancel waits for the job to end), whichever
 * comes first. The exchange is atomic, so a job is never stopped half-way through a write.
 */
export const GATE = { RUNNING: 0, CANCELLED: 1, WRITING: 2 } as const;

export type ToJobThread =
  /**
   * First message: the store to open, and the ids of the backbones the server's thread embeds
   * for the job thread (its loaded model, so the thread loads no copy of its own).
   */
  | { type: 'init'; workspace: JobThreadWorkspace; shared: readonly string[] }
  | { type: 'run'; call: WorkspaceCall; gate: SharedArrayBuffer }
  /** Answers to an `embed-request`: the vectors (row-major, `rows` × the backbone's dim), progress, or the error. */
  | { type: 'embedded'; id: number; vectors: Float32Array }
  | { type: 'embed-progress'; id: number; progress: Progress }
  | { type: 'embed-failed'; id: number; error: ErrorJSON };

export type FromJobThread =
  | { type: 'progress'; progress: Progress }
  | { type: 'log'; level: 'debug' | 'info' | 'warn'; fields: object; message: string }
  /** An embedding pass through the cache (WorkspaceDeps.onEmbed), for the server's metrics. */
  | { type: 'embed'; backbone: string; stats: EmbedStats }
  /** Texts the job's cache missed, for a shared backbone (by id) of the server's thread to embed. */
  | { type: 'embed-request'; id: number; backbone: string; texts: readonly string[] }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ErrorJSON };
