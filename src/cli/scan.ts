import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from './command.js';
import { parse, str, flag, printJson } from './args.js';
import { cliDetection } from './workspace.js';
import { UsageError } from '../core/index.js';
import { PII_TYPES, checkTypes, loadNer, parseRegions, renderScanHtml, scanFile } from '../privacy/index.js';
import type { FileScanReport, PiiType } from '../privacy/index.js';
import { cliOutputPath } from './workspace.js';

const usage = `Usage: graft scan <file> [options]

Scans a file for private data (PII and secrets) and reports counts per type and per
column, with masked samples. CSV/TSV and JSONL are scanned field by field (by default the
text column, when the file has one; else every column), other files line by line. Values
are never printed.

Options:
  --columns LIST       columns (JSONL: top-level keys) to scan, comma-separated, or all
  --json               print the report as one JSON object on stdout
  --html FILE          also write an HTML report to FILE
  --fail-on TYPES      exit 1 when any of these types is found (comma-separated, or ALL)
  --types TYPES        only look for these types (default: all)
  --min-confidence X   report findings at or above X, 0..1 (default: 0.5)
  --nlp                also run compromise's full parser for names (slower)
  --regions LIST       countries whose national phone numbers and postal codes to read,
                       ISO codes, the first the home one (default: $GRAFT_PII_REGIONS,
                       else a broad list from US)
  --ner onnx:DIR       also run a token-classification model (a local Hugging Face ONNX
                       folder) for names, places and organizations, merged with the rules
                       (default: $GRAFT_NER)

Every command's privacy stage (fit, eval, predict, serve, ...) reads the same two settings
from GRAFT_PII_REGIONS and GRAFT_NER, so training texts and later inputs are cleaned alike.

Types: ${PII_TYPES.join(', ')}`;

export const scanCommand: Command = {
  name: 'scan',
  examples: [
    'graft scan tickets.csv',
    'graft scan tickets.csv --html pii.html --fail-on EMAIL,CREDIT_CARD',
    'graft scan mail.jsonl --types PERSON,PHONE --json',
  ],
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, {
      json: { type: 'boolean' }, html: { type: 'string' }, 'fail-on': { type: 'string' },
      types: { type: 'string' }, 'min-confidence': { type: 'string' }, nlp: { type: 'boolean' },
      regions: { type: 'string' }, ner: { type: 'string' }, columns: { type: 'string' },
    }, usage);
    const file = p.positionals[0];
    if (!file || p.positionals.length > 1) throw new UsageError(`give exactly one file to scan.\n\n${usage}`);
    const htmlArg = str(p, 'html');
    // Checked before the scan: a folder that is missing fails now, not after the work, and the store's files are never replaced.
    const html = htmlArg === undefined ? undefined : cliOutputPath(ctx, htmlArg, '--html');
    const types = typeList(str(p, 'types'));
    const failOn = typeList(str(p, 'fail-on'));
    const min = str(p, 'min-confidence');
    const minConfidence = min === undefined ? undefined : Number(min);
    if (minConfidence !== undefined && !(minConfidence >= 0 && minConfidence <= 1)) {
      throw new UsageError(`--min-confidence must be a number from 0 to 1, got "${min}".`);
    }
    // The flags override the workspace's settings from the environment (GRAFT_PII_REGIONS, GRAFT_NER).
    const env = cliDetection(ctx);
    const regions = str(p, 'regions') ?? env.regions;
    const nerFlag = str(p, 'ner');
    const nerSpec = nerFlag !== undefined ? (nerFlag.startsWith('onnx:') ? `onnx:${resolve(ctx.cwd, nerFlag.slice(5))}` : nerFlag) : env.ner;
    const ner = typeof nerSpec === 'string' ? await loadNer(nerSpec) : undefined;
    let report: FileScanReport;
    try {
      report = await scanFile(resolve(ctx.cwd, file), {
        ...(types ? { types } : {}), ...columnList(str(p, 'columns')), ...(minConfidence !== undefined ? { minConfidence } : {}), nlp: flag(p, 'nlp'), source: file,
        ...(regions !== undefined ? { regions: parseRegions(regions) } : {}), ...(ner ? { ner } : {}),
      });
    } finally {
      await ner?.dispose();
    }
    if (html) await writeFile(html, renderScanHtml(report));
    if (flag(p, 'json')) printJson(ctx.stdout, report);
    else ctx.stdout.write(formatScan(report) + (html ? `HTML report: ${htmlArg}\n` : ''));
    const failed = (failOn ?? []).filter((t) => (report.byType[t] ?? 0) > 0);
    if (failed.length > 0) {
      ctx.stderr.write(`graft scan: found ${failed.map((t) => `${t} (${report.byType[t]})`).join(', ')}; failing because of --fail-on.\n`);
      return 1;
    }
    return 0;
  },
};

function columnList(v: string | undefined): { columns?: string[] | 'all' } {
  if (v === undefined) return {};
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError('--columns needs at least one column name (or all).');
  return { columns: items.length === 1 && items[0] === 'all' ? 'all' : items };
}

function typeList(v: string | undefined): PiiType[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (items.length === 0) throw new UsageError('a type list needs at least one type.');
  return items.includes('ALL') ? [...PII_TYPES] : checkTypes(items);
}

/** The terminal summary: totals, per type, per column, masked samples. */
export function formatScan(r: FileScanReport): string {
  const skipped = r.skippedColumns.length ? ` (not scanned: ${r.skippedColumns.join(', ')}; --columns chooses)` : '';
  const what = r.columns.length === 1 && r.columns[0] === 'line'
    ? `${r.rows} lines`
    : `${r.rows} rows, column${r.columns.length === 1 ? '' : 's'} ${r.columns.join(', ')}${skipped}`;
  const lines = [`Scanned ${r.source}: ${what}; ${r.texts} texts, ${(r.bytes / 1e6).toFixed(2)} MB in ${r.seconds.toFixed(2)} s.`];
  if (r.findings === 0) return `${lines[0]}\nNo private data found.\n`;
  lines.push(`${r.findings} findings in ${r.textsWithFindings} texts.`, '', 'Per type:');
  const types = (Object.keys(r.byType) as PiiType[]).sort((a, b) => (r.byType[b] ?? 0) - (r.byType[a] ?? 0));
  const w = Math.max(...types.map((t) => t.length));
  for (const t of types) lines.push(`  ${t.padEnd(w)}  ${String(r.byType[t]).padStart(7)}`);
  lines.push('', 'Per column:');
  for (const [col, counts] of Object.entries(r.byColumn)) {
    lines.push(`  ${col}: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  }
  lines.push('', 'Masked samples:');
  for (const s of r.samples) lines.push(`  ${s.type.padEnd(w)}  ${s.path} (${s.column}): ${s.context}`);
  return lines.join('\n') + '\n';
}
