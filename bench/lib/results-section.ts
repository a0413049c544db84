/**
 * Adds or replaces one benchmark's section of bench/RESULTS.md (every copy of it, should
 * there be several), leaving other sections as they are: several benchmarks write the file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeSection(section: string, heading: string): void {
  const path = new URL('../RESULTS.md', import.meta.url);
  const lines = (existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n').split('\n');
  const kept: string[] = [];
  let at = -1;
  let inOurs = false;
  for (const line of lines) {
    if (line.trim() === heading) {
      inOurs = true;
      if (at < 0) at = kept.length;
      continue;
    }
    if (inOurs && /^#{1,2} /.test(line)) inOurs = false;
    if (!inOurs) kept.push(line);
  }
  const block = ['', ...section.trimEnd().split('\n'), ''];
  if (at < 0) kept.push(...block);
  else kept.splice(at, 0, ...block);
  writeFileSync(path, kept.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
}

/**
 * Replaces one generated block of bench/RESULTS.md: the lines between `<!-- generated: NAME -->`
 * and `<!-- end: NAME -->`, so the hand-written text around and between a benchmark's tables
 * stays. Without the markers, the block (with them) goes at the end of section `heading` (or the
 * file's end when that section is missing).
 */
export function writeGenerated(heading: string, name: string, block: string): void {
  const path = new URL('../RESULTS.md', import.meta.url);
  const lines = (existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n').split('\n');
  const open = `<!-- generated: ${name} -->`;
  const close = `<!-- end: ${name} -->`;
  const ours = [open, ...block.trim().split('\n'), close];
  const start = lines.findIndex((l) => l.trim() === open);
  const end = start < 0 ? -1 : lines.findIndex((l, i) => i > start && l.trim() === close);
  if (start >= 0 && end > start) {
    lines.splice(start, end - start + 1, ...ours);
  } else {
    const at = lines.findIndex((l) => l.trim() === heading);
    let next = at < 0 ? -1 : lines.findIndex((l, i) => i > at && /^## /.test(l));
    if (at < 0) lines.push('', heading);
    if (next < 0) next = lines.length;
    lines.splice(next, 0, '', ...ours, '');
  }
  writeFileSync(path, lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
}
