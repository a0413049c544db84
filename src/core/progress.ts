/** Progress of a long job: `done` of `total` units in the named phase. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
  /** What a unit is, for display: "texts", "folds", ... */
  unit?: string;
}

export type ProgressFn = (p: Progress) => void;

/** Options every long-running library call accepts. */
export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}
