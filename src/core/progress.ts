/** Progress of a long job: `done` of `total` units in the named phase. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
  /** What a unit is, for display: "texts", "folds", ... */
  unit?: string;
  /** What the units are of, when a phase spans several things: e.g. the backbone a bake-off fit is on. */
  detail?: string;
}

export type ProgressFn = (p: Progress) => void;

/** Options every long-running library call accepts. */
export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}
