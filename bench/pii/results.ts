/** Replaces one `## name` section of bench/RESULTS.md, leaving every other section as it is. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const RESULTS = new URL('../RESULTS.md', import.meta.url);

export function writeSection(name: string, body: string): void {
  const text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const heading = `## ${name}`;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  const section = [heading, '', body.trim(), ''];
  if (start < 0) {
    writeFileSync(RESULTS, `${text.trimEnd()}\n\n${section.join('\n')}`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  writeFileSync(RESULTS, [...lines.slice(0, start), ...section, ...lines.slice(end)].join('\n'));
}
