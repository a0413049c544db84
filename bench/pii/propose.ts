/**
 * Step 1 of labelling (see GUIDELINE.md): picks the windows to label and proposes candidate
 * spans for a person to review. The proposals are only a starting point: every window was
 * read and the spans corrected by hand before they became labels.jsonl.
 *
 *   npx tsx bench/pii/propose.ts > scratch/pii-proposals.json
 */
import { Rng } from '../../src/core/index.js';
import { detect } from '../../src/privacy/index.js';
import { bodyWindow, messagesById } from './corpus.js';

const RANDOM = 170;
const ENRICHED = 60;
/** Broad cues, independent of the detectors, for the enriched stratum. */
const CUE = /\d{3}[ .)-]{1,2}\d{3}[ .-]\d{4}|\+\d{1,3}[ .]\d|\b(?:Mr|Mrs|Dr|Dear|tel|phone|fax)\b/i;

const byId = messagesById();
const eligible = [...byId.entries()].flatMap(([id, text]) => {
  const w = bodyWindow(text);
  return w ? [{ id, ...w, text }] : [];
});
const rng = new Rng(20261128);
const shuffled = [...eligible];
for (let i = shuffled.length - 1; i > 0; i--) {
  const j = Math.floor(rng.next() * (i + 1));
  [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
}
const random = shuffled.slice(0, RANDOM);
const enriched = shuffled.slice(RANDOM).filter((m) => CUE.test(m.text.slice(m.start, m.end))).slice(0, ENRICHED);
const out = [...random.map((m) => ({ ...m, stratum: 'random' })), ...enriched.map((m) => ({ ...m, stratum: 'enriched' }))].map((m) => {
  const window = m.text.slice(m.start, m.end);
  const candidates = detect(window, { minConfidence: 0.2, nlp: true }).map((f) => ({ start: f.start + m.start, end: f.end + m.start, type: f.type }));
  return { id: m.id, stratum: m.stratum, start: m.start, end: m.end, candidates };
});
process.stdout.write(JSON.stringify({ eligible: eligible.length, windows: out }, null, 1));
