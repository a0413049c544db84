/** The API's answers as the dashboard reads them (the server's OpenAPI document at /docs is the contract). */
export type Metrics = Record<string, number | string | boolean | null>;

export interface TaskSummary {
  name: string; backbone: string; labels: string[]; privacy: string; liveVersion: number | null;
  createdAt: string; versions: number; updatedAt: string; metrics: Metrics | null;
}

export interface Version {
  task: string; version: number; kind: string; strategy: Record<string, unknown>; seed: number; dataHash: string;
  metrics: Metrics; rows: number; createdAt: string; deletedAt: string | null; live: boolean;
}

export interface TaskDetail {
  name: string; backbone: string; labels: string[]; privacy: string; liveVersion: number | null; createdAt: string; versions: Version[];
}

export interface Deploy { task: string; from: number | null; to: number; auditId: number }

export interface AuditEntry { id: number; task: string; at: string; action: string; detail: Record<string, unknown> }

export interface Job {
  id: string; kind: string; task: string | null; state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
  progress: { phase: string; done: number; total: number; unit?: string } | null;
  result: unknown; error: { code: string; message: string; issues?: { code: string; path: string; message: string }[] } | null;
  createdAt: string; startedAt: string | null; finishedAt: string | null;
}

export interface RunSummary {
  id: string; kind: string; createdAt: string; seed: number; dataHash: string; versions: Record<string, string>; config: Record<string, unknown>;
}

export interface Run<R = unknown> extends RunSummary { result: R }

export interface Summary { n: number; mean: number; std: number; se: number; ci95: [number, number] }

export interface Paired { diff: number; ci95: [number, number]; p: number; significant: boolean; test: string }

export interface Bin { lo: number; hi: number; count: number; confidence: number; accuracy: number }

export interface Estimate { n: number; mean: number; ci95: [number, number] | null }

export interface BakeoffEntry {
  backbone: string; strategy: string;
  points: { perClass: number | null; n: number; accuracy: Summary; macroF1: Summary; trainAccuracy: Summary }[];
  extrapolation?: { current: Estimate; at2x: Estimate; at10x: Estimate; reliable?: boolean; moreDataHelps: boolean; sentence: string };
  accuracy: Summary; macroF1: Summary; trainAccuracy: Summary; gap: number; overfitting: boolean;
  confusion: number[][];
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[];
  calibration?: { temperature: number | null; eceBefore: number; eceAfter: number; binsBefore: Bin[]; binsAfter: Bin[] };
  warnings: string[];
}

/** The best entry's held-out predictions (labels as indices into `labels`). */
export interface HeldOut {
  entry: number; split: 'test' | 'train'; rows: number[]; truth: number[]; predicted: number[]; confidence: number[]; texts?: string[];
}

export interface BakeoffResult {
  method: 'holdout' | 'cv'; labels: string[]; seed: number; seeds: number; folds?: number; trainRows: number; testRows: number;
  entries: BakeoffEntry[]; ranking: number[];
  comparison?: { a: number; b: number } & Paired;
  backbones?: { backbone: string; entry: number; strategy: string; accuracy: Summary; vsBest: Paired | null }[];
  ood: { backbone: string; method: string; threshold: number; falseAlarmRate: number; heldOutFalseAlarms: number;
    histogram: { edges: number[]; inDistribution: number[]; outOfDistribution: number[] } }[];
  warnings: string[];
  predictions?: HeldOut;
}

export interface Explanation {
  text: string; attributions: { word: string; start: number; end: number; delta: number }[]; wordsSkipped: number;
  labelSimilarity?: Record<string, number | null>;
  neighbours?: { label: string; similarity: number; text?: string }[];
}

export interface PredictResult {
  task: string; version: number; backbone: string;
  predictions: { label: string; confidence: number; probabilities: Record<string, number>; outOfDistribution: boolean | null; novelty: number | null; explanation?: Explanation }[];
}

export interface Sample { path: string; column: string; type: string; rule: string; confidence: number; mask: string; context: string }

export interface Preview {
  file: string; rows: number; duplicates: number; multiLabel: boolean; labels: { label: string; count: number }[];
  privacy: { policy: string; textsWithFindings: number; findings: number; byType: Record<string, number>; samples: Sample[] };
  head: { line: number; text: string; label: string }[];
}

export interface ScanReport {
  source: string; columns: string[]; texts: number; bytes: number; findings: number; textsWithFindings: number;
  byType: Record<string, number>; samples: Sample[]; issues: { code: string; path: string; message: string }[]; truncated: boolean;
}

export interface Info { version: string; backbones: { name: string; id: string; dim: number }[] }
