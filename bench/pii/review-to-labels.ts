/**
 * Turns a hand-written review file into labels with offsets, so that labels are typed as the
 * values a reader sees rather than as numbers. The review file quotes the messages and is not
 * committed (see GUIDELINE.md); only the offsets it produces are.
 *
 *   npx tsx bench/pii/review-to-labels.ts scratch/pii-fresh-windows.json scratch/fresh-review.txt > bench/pii/heldout.jsonl
 *
 * Review lines: `<window index> | <TYPE> | <value> [| @k | @all | @glued]`, where `\n` in the value
 * stands for a line break. A value must occur in its window as a whole token (no letter or
 * digit on either side); if it occurs more than once, `@k` picks the k-th occurrence and
 * `@all` takes every one; `@glued` accepts the one occurrence of a value that touches a letter or
 * digit (a number glued to mis-decoded bytes). Anything else is an error naming the line, so no
 * label is guessed.
 */
import { readFileSync } from 'node:fs';
import type { LabelledWindow, Span } from './corpus.js';

const [windowsFile, reviewFile] = process.argv.slice(2);
if (!windowsFile || !reviewFile) throw new Error('usage: review-to-labels.ts <windows.json> <review.txt>');
const { windows } = JSON.parse(readFileSync(windowsFile, 'utf8')) as { windows: Array<{ id: string; start: number; end: number; text: string }> };
const spans: Span[][] = windows.map(() => []);
const isWord = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

readFileSync(reviewFile, 'utf8').split('\n').forEach((line, n) => {
  if (line.trim() === '' || line.startsWith('#')) return;
  const parts = line.split(' | ');
  const where = `${reviewFile}:${n + 1}`;
  if (parts.length < 3 || parts.length > 4) throw new Error(`${where}: expected "index | TYPE | value [| @k|@all|@glued]"`);
  const index = Number(parts[0]);
  const w = windows[index];
  if (!Number.isInteger(index) || !w) throw new Error(`${where}: no window ${parts[0]}`);
  const type = parts[1]!.trim();
  const value = parts[2]!.replace(/\\n/g, '\n');
  const which = parts[3]?.trim();
  const hits: number[] = [];
  for (let i = w.text.indexOf(value); i >= 0; i = w.text.indexOf(value, i + 1)) {
    if (which === '@glued' || (!isWord(w.text[i - 1]) && !isWord(w.text[i + value.length]))) hits.push(i);
  }
  let chosen: number[];
  if (which === '@all' || (which === '@glued' && hits.length === 1)) chosen = hits;
  else if (which?.startsWith('@')) chosen = [hits[Number(which.slice(1)) - 1]!].filter((x) => x !== undefined);
  else if (which === undefined && hits.length === 1) chosen = hits;
  else throw new Error(`${where}: "${value}" occurs ${hits.length} times in window ${index}; say @k or @all`);
  if (chosen.length === 0) throw new Error(`${where}: "${value}" not found (as a whole token) in window ${index}`);
  for (const s of chosen) spans[index]!.push({ start: w.start + s, end: w.start + s + value.length, type });
});

const out: LabelledWindow[] = windows.map((w, i) => {
  const sorted = spans[i]!.sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.start < sorted[k - 1]!.end) throw new Error(`window ${i} (${w.id}): spans overlap at ${sorted[k]!.start}`);
  }
  return { id: w.id, start: w.start, end: w.end, spans: sorted };
});
process.stdout.write(out.map((o) => JSON.stringify(o)).join('\n') + '\n');
