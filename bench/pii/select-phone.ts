/**
 * Picks the windows of the fresh PHONE set (`phone-fresh.jsonl`, see GUIDELINE.md): mail text
 * that no tuning pass has read, chosen because it holds phone-shaped digit runs, so that both
 * real numbers and phone-like strings that are not numbers (dates, ids, prices, addresses,
 * IP addresses) occur often enough to measure PHONE precision and recall. It runs no detector:
 * the windows are labelled by hand before any detector has seen them.
 *
 *   npx tsx bench/pii/select-phone.ts > scratch/pii-phone-windows.json           # phone-fresh.jsonl's windows
 *   npx tsx bench/pii/select-phone.ts fresh2 > scratch/pii-phone2-windows.json   # phone-fresh2.jsonl's windows
 *   npx tsx bench/pii/select-phone.ts fresh3 > scratch/pii-phone3-windows.json   # phone-fresh3.jsonl's windows
 *   npx tsx bench/pii/select-phone.ts fresh4 > scratch/pii-phone4-windows.json   # phone-fresh4.jsonl's windows
 *
 * Which text is fresh. Every eligible message's first body window (`bodyWindow`) had its PHONE
 * findings read in the 2026-12-06 tuning pass, and the other-region findings of those whole
 * messages too; neither labelled file's messages may be used. So a window here is drawn from
 * a message in neither file, starting after its first body window (stratum `later`), or, for a
 * message without an eligible body window (mostly HTML or encoded bodies), anywhere after its
 * header block (stratum `raw`): the detectors scan such text as it is in real use.
 */
import { readFileSync } from 'node:fs';
import { Rng } from '../../src/core/index.js';
import { bodyWindow, messagesById, type LabelledWindow } from './corpus.js';
import { phoneShaped } from './phone-shaped.js';

/**
 * The sets drawn so far: a seed, how many windows, and the labelled files whose messages are skipped.
 * `fresh` (phone-fresh.jsonl): the first 90 windows held about 30 numbers, short of the 40 wanted, so
 * the next 60 of the same shuffle were added before any detector ran on them. `fresh2`
 * (phone-fresh2.jsonl, 2026-12-06 later): a new seed, and the messages of all three earlier files skipped. `fresh3`
 * (phone-fresh3.jsonl): the same after the fifth pass's rules were frozen, skipping all four files.
 * `fresh4` (phone-fresh4.jsonl, the sixth pass): drawn before the pass changed any rule, skipping all five files.
 */
const SETS: Readonly<Record<string, { seed: number; count: number; skip: readonly string[] }>> = {
  fresh: { seed: 20261206, count: 150, skip: ['./labels.jsonl', './heldout.jsonl'] },
  fresh2: { seed: 20261207, count: 170, skip: ['./labels.jsonl', './heldout.jsonl', './phone-fresh.jsonl'] },
  fresh3: { seed: 20261208, count: 170, skip: ['./labels.jsonl', './heldout.jsonl', './phone-fresh.jsonl', './phone-fresh2.jsonl'] },
  fresh4: {
    seed: 20261209,
    count: 200,
    skip: ['./labels.jsonl', './heldout.jsonl', './phone-fresh.jsonl', './phone-fresh2.jsonl', './phone-fresh3.jsonl'],
  },
};
const setName = process.argv[2] ?? 'fresh';
const set = SETS[setName];
if (!set) throw new Error(`select-phone.ts: no set '${setName}'; expected one of ${Object.keys(SETS).join(', ')}`);
/** The longest window, in characters (cut at line breaks). */
const WINDOW = 600;

const read = (name: string): Set<string> =>
  new Set(
    readFileSync(new URL(name, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as LabelledWindow).id),
  );
const used = new Set(set.skip.flatMap((f) => [...read(f)]));

const candidates = [...messagesById().entries()].flatMap(([id, text]) => {
  if (used.has(id)) return [];
  const h = text.indexOf('\n\n');
  if (h < 0) return [];
  const first = bodyWindow(text);
  const from = first ? first.end : h + 2;
  const cue = phoneShaped(text, from)[0]?.start;
  if (cue === undefined) return [];
  let start = Math.max(from, text.lastIndexOf('\n', Math.max(from, cue - WINDOW / 2)) + 1);
  if (start > cue) start = from;
  let end = Math.min(text.length, start + WINDOW);
  const lastBreak = text.lastIndexOf('\n', end);
  if (end < text.length && lastBreak > cue) end = lastBreak;
  return [{ id, stratum: first ? 'later' : 'raw', start, end, text: text.slice(start, end) }];
});
const rng = new Rng(set.seed);
for (let i = candidates.length - 1; i > 0; i--) {
  const j = Math.floor(rng.next() * (i + 1));
  [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
}
process.stdout.write(JSON.stringify({ eligible: candidates.length, windows: candidates.slice(0, set.count) }, null, 1));
