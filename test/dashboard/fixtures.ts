/**
 * A workspace for the dashboard's view tests, made through the library before the server
 * starts: the task `tickets` (two versions) from the committed file, two bake-off runs of it,
 * and an advice run shaped as docs/advise.md gives it (so the view can be checked before
 * `graft advise` runs on this branch's server).
 */
import { join } from 'node:path';
import { loadDataset } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { RunStore, openDb } from '../../src/store/index.js';
import { DATA } from './harness.js';

export async function prepareWorkspace(home: string): Promise<{ runs: string[]; advice: string }> {
  const ws = openWorkspace({ home });
  try {
    const ds = await loadDataset(join(DATA, 'tickets.csv'));
    await ws.fit(ds, { task: 'tickets', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 3 });
    await ws.fit(ds, { task: 'tickets', strategy: 'knn', backbone: 'hashing', seed: 1, folds: 3 });
    // knn and centroid: the quick strategies (logistic's inner search takes minutes on a busy machine)
    const a = await ws.bakeoff(ds, { backbones: ['hashing'], strategies: ['knn', 'centroid'], seed: 1, seeds: 3 });
    const b = await ws.bakeoff(ds, { backbones: ['hashing'], strategies: ['knn', 'centroid'], seed: 2, seeds: 3 });
    const db = openDb(home);
    const advice = new RunStore(db).saveRun({
      kind: 'advise', seed: 1, dataHash: a.dataHash, versions: { graft: 'test' }, config: { bakeoffRunId: a.runId }, result: ADVICE,
    });
    db.close();
    return { runs: [a.runId, b.runId], advice };
  } finally {
    await ws.close();
  }
}

/** The fields of an advice the view reads, with plausible values (docs/advise.md, "The result"). */
const ADVICE = {
  format: 1,
  dataset: { name: 'tickets.csv', rows: 60 },
  settings: { constraints: { targetAccuracy: 0.9 } },
  decision: {
    action: 'label-more', headline: 'Label about 120 more rows before deciding: the curve still rises.',
    reasons: ['Accuracy rose 6 points per doubling of the data.', 'Fine-tuning is expected to add 2 points (0 to 5).'],
    wouldChange: ['A budget under $5 rules out the hosted route.'],
  },
  alternatives: { rows: [
    { backbone: 'hashing@1', strategy: 'logistic', accuracy: 0.86, ci95: [0.78, 0.93] },
    { backbone: 'hashing@1', strategy: 'centroid', accuracy: 0.8, ci95: [0.7, 0.88] },
  ] },
  curve: {
    points: [{ n: 12, mean: 0.55, se: 0.05 }, { n: 24, mean: 0.68, se: 0.04 }, { n: 48, mean: 0.8, se: 0.03 }],
    forecast: { at: [
      { multiple: 2, n: 96, mean: 0.86, ci95: [0.81, 0.9] },
      { multiple: 5, n: 240, mean: 0.9, ci95: [0.84, 0.95] },
      { multiple: 10, n: 480, mean: 0.92, ci95: [0.85, 0.97] },
    ] },
  },
  fineTuning: { routes: [
    { id: 'small-encoder', name: 'Fine-tune a small encoder', expected: { accuracy: 0.88, range: [0.84, 0.92] }, applicable: true },
    { id: 'hosted', name: 'Hosted fine-tuning', expected: { accuracy: 0.9, range: [0.85, 0.94] }, applicable: false },
  ] },
  warnings: ['Only 60 rows: the forecast is rough.'],
};
