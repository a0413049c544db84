/**
 * Picks the windows of the fresh held-out set (`heldout.jsonl`, see GUIDELINE.md): a seeded
 * sample of eligible windows that are not in `labels.jsonl`, drawn before any detector has
 * been run on them. It prints the windows for a person to label by hand and runs no detector
 * (unlike propose.ts, which also proposes candidate spans).
 *
 *   npx tsx bench/pii/select-fresh.ts > scratch/pii-fresh-windows.json
 */
import { readFileSync } from 'node:fs';
import { sampleWindows, type LabelledWindow } from './corpus.js';

const RANDOM = 90;
const ENRICHED = 30;
const SEED = 20261129;

const labelled = new Set(
  readFileSync(new URL('./labels.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as LabelledWindow).id),
);
// The same broad cue as propose.ts (WINDOW_CUE): independent of the detectors.
const { eligible, windows: sampled } = sampleWindows(SEED, RANDOM, ENRICHED, (id) => labelled.has(id));
const windows = sampled.map((m) => ({
  id: m.id,
  stratum: m.stratum,
  start: m.start,
  end: m.end,
  text: m.text.slice(m.start, m.end),
}));
process.stdout.write(JSON.stringify({ eligible, windows }, null, 1));
