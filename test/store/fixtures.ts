import type { HeadJSON } from '../../src/heads/index.js';
import type { NewHeadVersion } from '../../src/store/index.js';

export const labels = ['ham', 'spam'];

export function headJson(seed = 1): HeadJSON {
  return {
    kind: 'logistic', format: 1, params: { C: 1 }, labels: [...labels], dim: 3,
    diagnostics: { iterations: 12, converged: true, chosen: { C: 0.3 }, warnings: ['a warning'] },
    state: { weights: 'AACAPwAAAEA=', bias: [0.5, -0.25], seed },
  };
}

export function version(task: string, n = 3, over: Partial<NewHeadVersion> = {}): NewHeadVersion {
  return {
    task, kind: 'logistic', strategy: { C: 1, maxIter: 100 }, seed: 7, head: headJson(), dataHash: 'abc123',
    metrics: { accuracy: 0.9, macroF1: 0.88, overfitting: 0 },
    examples: Array.from({ length: n }, (_, i) => ({ id: `row-${i}`, text: `text number ${i} ✓`, label: labels[i % 2]! })),
    ...over,
  };
}

/** A clock that ticks one second per call, from a fixed start. */
export function clock(start = Date.UTC(2026, 10, 28, 11, 0, 0)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}
