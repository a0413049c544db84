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
