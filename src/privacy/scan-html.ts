/**
 * The scan report for people: one self-contained HTML file (no scripts, no external
 * resources) with counts per type, a type × column table shaded by count, and masked
 * samples. Everything shown comes from the ScanReport, which holds no raw values.
 */
import type { ScanReport } from './scan.js';
import type { PiiType } from './types.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Renders a scan report as a standalone HTML page.
 *
 * @example
 * writeFileSync('scan.html', renderScanHtml(await scanFile('tickets.csv')));
 */
export function renderScanHtml(r: ScanReport): string {
  const types = (Object.keys(r.byType) as PiiType[]).sort((a, b) => (r.byType[b] ?? 0) - (r.byType[a] ?? 0));
  const columns = Object.keys(r.byColumn);
  const max = Math.max(1, ...columns.flatMap((c) => types.map((t) => r.byColumn[c]![t] ?? 0)));
  const cell = (n: number): string => {
    const alpha = n === 0 ? 0 : 0.12 + 0.78 * (n / max);
    return `<td class="n" style="background:rgba(200,40,40,${alpha.toFixed(2)})">${n || ''}</td>`;
  };
  const bar = (n: number): string => {
    const top = Math.max(...types.map((t) => r.byType[t] ?? 0));
    return `<span class="bar" style="width:${Math.round((200 * n) / Math.max(1, top))}px"></span>`;
  };
  const byType = types.map((t) => `<tr><td>${t}</td><td class="n">${r.byType[t]}</td><td>${bar(r.byType[t] ?? 0)}</td></tr>`).join('');
  const matrix = columns.map((c) => `<tr><th scope="row">${escapeHtml(c)}</th>${types.map((t) => cell(r.byColumn[c]![t] ?? 0)).join('')}</tr>`).join('');
  const samples = r.samples.map((s) =>
    `<tr><td>${s.type}</td><td>${escapeHtml(s.path)}</td><td>${escapeHtml(s.column)}</td><td><code>${escapeHtml(s.context)}</code></td>` +
    `<td>${escapeHtml(s.rule)}</td><td class="n">${s.confidence.toFixed(2)}</td></tr>`).join('');
  const summary = r.findings === 0
    ? '<p class="ok">No private data found.</p>'
    : `<p><strong>${r.findings}</strong> findings in <strong>${r.textsWithFindings}</strong> of ${r.texts} texts.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>graft scan — ${escapeHtml(r.source)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222;max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.bar{display:inline-block;height:.8rem;background:#c82828}
code{white-space:pre-wrap;word-break:break-word}.ok{color:#1a7f37}.meta{color:#666}
</style></head><body>
<h1>Private data scan: ${escapeHtml(r.source)}</h1>
<p class="meta">${r.texts} texts, ${(r.bytes / 1e6).toFixed(2)} MB scanned in ${r.seconds.toFixed(2)} s. Values are never shown: samples give the shape of each value (letters as x/X, digits as #) with the other findings around it replaced by their type.</p>
${summary}
${types.length ? `<h2>Findings per type</h2><table><tr><th>type</th><th>count</th><th></th></tr>${byType}</table>
<h2>Per column</h2><table><tr><th>column</th>${types.map((t) => `<th>${t}</th>`).join('')}</tr>${matrix}</table>
<h2>Masked samples</h2><table><tr><th>type</th><th>where</th><th>column</th><th>context</th><th>rule</th><th>confidence</th></tr>${samples}</table>` : ''}
${r.truncated ? `<p class="meta">Only the first ${r.issues.length} findings are listed in the JSON report.</p>` : ''}
</body></html>
`;
}
