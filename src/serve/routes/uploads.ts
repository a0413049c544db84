/**
 * Looking at a file before anything is saved: the preview of a labelled file as a fit would
 * read it (validation issues with line and column, labels, the private data its policy would
 * redact), and a privacy scan of any data file. Nothing is stored; the upload is deleted after.
 */
import { applyPrivacy } from '../../privacy/index.js';
import type { FileScanReport } from '../../privacy/index.js';
import { FileScanSchema, PreviewOptionsSchema, PreviewSchema, errors } from '../schemas.js';
import { readData, renamed, withUpload } from '../upload.js';
import type { UploadedFile } from '../upload.js';
import { DataError, UsageError } from '../../core/index.js';
import type { App, RouteContext } from './context.js';

/** Rows shown in the preview: enough to see the columns were read right. */
const HEAD_ROWS = 20;
/** Masked findings shown per PII type. */
const SAMPLES_PER_TYPE = 3;

export function uploadRoutes(app: App, ctx: RouteContext): void {
  app.post('/v1/uploads/preview', {
    config: { access: { scope: 'train', tasks: 'free' } },
    schema: {
      summary: 'Preview a labelled file (nothing is saved)',
      description: 'Reads and validates the upload as a fit or evaluation would (a 400 with `file:line:column` issues when it is not valid), and answers its rows and labels, the private data the policy would redact (counts and masked samples), and its first rows as they would be stored. Multipart: the file in the field `file`; `text`, `label`, `labelSep` name its columns.',
      tags: ['train'], consumes: ['multipart/form-data'],
      response: { 200: PreviewSchema, ...errors(400, 401, 403, 413, 415, 429) },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw new UsageError('Upload the file as multipart/form-data, in the field "file".', 'no_data');
    const { dataset, options } = await readData(req, PreviewOptionsSchema.strict(), ctx.limits, { name: 'upload', folds: (o) => o.folds ?? 5 });
    const counts = new Map<string, number>();
    for (const e of dataset.examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
    const scan = await ctx.ws.scan({ texts: dataset.examples.map((e) => e.text) }, { samplesPerType: SAMPLES_PER_TYPE, maxIssues: 0 });
    const lineOf = (path: string): string => {
      const i = Number(/^input:(\d+)$/.exec(path)?.[1]);
      return `${dataset.source}:${dataset.examples[i - 1]?.line ?? '?'}`;
    };
    const head = applyPrivacy(dataset.examples.slice(0, HEAD_ROWS), { policy: 'redact', source: dataset.source }).examples;
    return {
      file: dataset.source, rows: dataset.examples.length, duplicates: dataset.duplicates, multiLabel: dataset.multiLabel === true,
      labels: [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1)),
      privacy: {
        policy: options.privacy ?? 'redact', textsWithFindings: scan.textsWithFindings, findings: scan.findings,
        byType: scan.byType as Record<string, number>,
        samples: scan.samples.map((s) => ({ ...s, path: lineOf(s.path) })),
      },
      head: head.map((e) => ({ line: e.line, text: e.text, label: e.label })),
    };
  });

  app.post('/v1/uploads/scan', {
    config: { access: { scope: 'predict', tasks: 'free' } },
    schema: {
      summary: 'Find private data in a file (nothing is saved)',
      description: 'The same report as `POST /v1/scan`, for an uploaded CSV, TSV or JSONL file: its text column (or `columns`, comma-separated, or `all`), each finding at `file:line (column)` with its span, masked samples in context, never a raw value.',
      tags: ['privacy'], consumes: ['multipart/form-data'],
      response: { 200: FileScanSchema, ...errors(400, 401, 403, 413, 415, 429) },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw new UsageError('Upload the file as multipart/form-data, in the field "file" (texts in JSON go to POST /v1/scan).', 'no_data');
    return withUpload(req, ctx.limits, async (file, fields) => scanUpload(ctx, file, fields));
  });
}

async function scanUpload(ctx: RouteContext, file: UploadedFile, fields: Record<string, string>) {
  const columns = fields.columns === undefined ? undefined
    : fields.columns === 'all' ? 'all' as const : fields.columns.split(',').map((c) => c.trim()).filter(Boolean);
  let report: FileScanReport;
  try {
    report = await ctx.ws.scan({ file: file.path }, { columns, source: file.name });
  } catch (e) {
    throw e instanceof DataError ? renamed(e, file.path, file.name) : e;
  }
  const { seconds: _seconds, byColumn: _byColumn, skippedColumns: _skipped, rows: _rows, ...rest } = report;
  return rest;
}
