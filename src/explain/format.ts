/** A readable terminal rendering of a TextExplanation. */
import type { TextExplanation } from './index.js';

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
const signed = (d: number): string => `${d >= 0 ? '+' : '−'}${(Math.abs(d) * 100).toFixed(1)}`;

/**
 * @example
 * process.stdout.write(formatExplanation(e));
 */
export function formatExplanation(e: TextExplanation, opts: { topLabels?: number; topWords?: number } = {}): string {
  const lines: string[] = [];
  lines.push(`"${e.text}"`);
  lines.push(`→ ${e.label} (${pct(e.probability)})`, '');
  const labels = Object.entries(e.probabilities).sort((a, b) => b[1] - a[1]).slice(0, opts.topLabels ?? 5);
  const w = Math.max(5, ...labels.map(([l]) => l.length));
  lines.push(`${'label'.padEnd(w)}  probability  similarity`);
  for (const [l, p] of labels) {
    const s = e.labelSimilarity?.[l];
    lines.push(`${l.padEnd(w)}  ${pct(p).padStart(11)}  ${s === undefined || Number.isNaN(s) ? '—'.padStart(10) : s.toFixed(3).padStart(10)}`);
  }
  const words = [...e.attributions].sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, opts.topWords ?? 8);
  if (words.length) {
    lines.push('', `words (points of ${e.label} lost when the word is removed)`);
    const ww = Math.max(4, ...words.map((a) => a.word.length));
    for (const a of words) lines.push(`  ${a.word.padEnd(ww)}  ${signed(a.delta).padStart(6)}`);
    if (e.wordsSkipped) lines.push(`  (${e.wordsSkipped} later words not occluded)`);
  }
  if (e.neighbours.length) {
    lines.push('', 'nearest training examples');
    for (const n of e.neighbours) lines.push(`  ${n.similarity.toFixed(3)}  ${n.label.padEnd(w)}  ${n.text ?? `#${n.index}`}`);
  }
  return lines.join('\n') + '\n';
}
