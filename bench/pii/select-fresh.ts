/**
 * Picks the windows of the fresh held-out set (`heldout.jsonl`, see GUIDELINE.md): a seeded
 * sample of eligible windows that are not in `labels.jsonl`, drawn before any detector has
 * been run on them. It prints the windows for a person to label by hand and runs no detector
 * (unlike propose.ts, which also proposes candidate spans).
 *
 *   npx tsx bench/pii/select-fresh.ts > scratch/pii-fresh-windows.json
 */
import { readFileSync } from 'node:fs';
import { Rng } from '../../src/core/index.js';
import { bodyWindow, messagesById, type LabelledWindow } from './corpus.js';

const RANDOM = 90;
const ENRICHED = 30;
const SEED = 20261129;
/** The same broad cue as propose.ts: independent of the detectors. */
const CUE = /\d{3}[ .)-]{1,2}\d{3}[ .-]\d{4}|\+\d{1,3}[ .]\d|\b(?:Mr|Mrs|Dr|Dear|tel|phone|fax)\b/i;

const labelled = new Set(
  readFileSync(new URL('./labels.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as LabelledWindow).id),
);
const byId = messagesById();
const eligible = [...byId.entries()].flatMap(([id, text]) => {
  if (labelled.has(id)) return [];
  const w = bodyWindow(text);
  return w ? [{ id, ...w, text }] : [];
});
const rng = new Rng(SEED);
const shuffled = [...eligible];
for (let i = shuffled.length - 1; i > 0; i--) {
  const j = Math.floor(rng.next() * (i + 1));
  [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
}
const random = shuffled.slice(0, RANDOM);
const enriched = shuffled.slice(RANDOM).filter((m) => CUE.test(m.text.slice(m.start, m.end))).slice(0, ENRICHED);
const windows = [...random.map((m) => ({ ...m, stratum: 'random' })), ...enriched.map((m) => ({ ...m, stratum: 'enriched' }))].map((m) => ({
  id: m.id,
  stratum: m.stratum,
  start: m.start,
  end: m.end,
  text: m.text.slice(m.start, m.end),
}));
process.stdout.write(JSON.stringify({ eligible: eligible.length, windows }, null, 1));
