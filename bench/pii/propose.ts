/**
 * Step 1 of labelling (see GUIDELINE.md): picks the windows to label and proposes candidate
 * spans for a person to review. The proposals are only a starting point: every window was
 * read and the spans corrected by hand before they became labels.jsonl.
 *
 *   npx tsx bench/pii/propose.ts > scratch/pii-proposals.json
 */
import { detect } from '../../src/privacy/index.js';
import { sampleWindows } from './corpus.js';

const RANDOM = 170;
const ENRICHED = 60;

const { eligible, windows } = sampleWindows(20261128, RANDOM, ENRICHED);
const out = windows.map((m) => {
  const window = m.text.slice(m.start, m.end);
  const candidates = detect(window, { minConfidence: 0.2, nlp: true }).map((f) => ({ start: f.start + m.start, end: f.end + m.start, type: f.type }));
  return { id: m.id, stratum: m.stratum, start: m.start, end: m.end, candidates };
});
process.stdout.write(JSON.stringify({ eligible, windows: out }, null, 1));
