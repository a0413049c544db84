/**
 * Labelled data sent to the server, as a file upload (multipart/form-data: a CSV, TSV or JSONL
 * file in the field `file`, options in other fields) or as JSON rows. Either way it is loaded
 * and validated before a job is queued, so bad data is answered at once with the same
 * `file:line:column` issues the CLI gives (the file named as uploaded).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { DataError, UsageError } from '../core/index.js';
import { FORMAT_BY_EXTENSION, datasetFromExamples, loadDataset } from '../data/index.js';
import type { Dataset } from '../data/index.js';
import { LimitError, requestIssue } from './errors.js';
import type { ServeLimits } from './options.js';
import { ColumnsSchema, RowSchema } from './schemas.js';

type Row = z.infer<typeof RowSchema>;

export interface DataInput<O> {
  dataset: Dataset;
  options: O;
}

/**
 * The dataset and options of a fit or evaluation request. `optionsSchema` parses the options
 * (JSON fields, or multipart fields given as strings); `folds` (from the options) makes every
 * class need that many examples, as the CLI checks.
 */
export async function readData<S extends z.ZodType>(
  req: FastifyRequest, optionsSchema: S, limits: ServeLimits, opts: { name: string; folds: (o: z.infer<S>) => number | undefined },
): Promise<DataInput<z.infer<S>>> {
  if (req.isMultipart()) return readUpload(req, optionsSchema, limits, opts);
  const body = req.body as ({ rows: Row[]; name?: string } & Record<string, unknown>) | undefined;
  if (body === undefined || body === null) {
    throw new UsageError('Send the data: JSON `{ "rows": [{ "text": …, "label": … }, …] }`, or a CSV/TSV/JSONL file as multipart/form-data in the field "file".', 'no_data');
  }
  const { rows, name, ...rest } = body;
  const options = parseFields(optionsSchema, rest, 'body');
  const multiLabel = rows.some((r) => r.labels !== undefined);
  const dataset = datasetFromExamples(
    rows.map((r, i) => ({ id: r.id ?? `rows:${i + 1}`, text: r.text, label: r.label ?? null, ...(multiLabel ? { labels: r.labels ?? null } : {}), line: i + 1 })),
    { source: 'rows', name: name ?? opts.name, folds: opts.folds(options), multiLabel },
  );
  return { dataset, options };
}

async function readUpload<S extends z.ZodType>(
  req: FastifyRequest, optionsSchema: S, limits: ServeLimits, opts: { name: string; folds: (o: z.infer<S>) => number | undefined },
): Promise<DataInput<z.infer<S>>> {
  return withUpload(req, limits, async (file, fields) => {
    const { text, label, labelSep, ...rest } = parseFields(ColumnsSchema.loose(), fields, 'field');
    const options = parseFields(optionsSchema, rest, 'field');
    let dataset: Dataset;
    try {
      dataset = await loadDataset(file.path, { text, label, labelSeparator: labelSep, multiLabel: 'auto', folds: opts.folds(options) });
    } catch (e) {
      throw e instanceof DataError ? renamed(e, file.path, file.name) : e;
    }
    if (dataset.examples.length > limits.rows) {
      throw new LimitError(`The data has ${dataset.examples.length} rows; this server takes at most ${limits.rows} per request.`, 'too_many_rows', 400);
    }
    return { dataset: { ...dataset, source: file.name }, options };
  });
}

/** An uploaded file as the server keeps it while it reads it: a temporary path, and the name it was sent as. */
export interface UploadedFile {
  path: string;
  name: string;
}

/**
 * Receives a multipart upload (one data file in the field `file`, the options as other fields),
 * keeps the file in a temporary folder while `use` reads it, and removes it after, whatever happens.
 */
export async function withUpload<T>(req: FastifyRequest, limits: ServeLimits, use: (file: UploadedFile, fields: Record<string, string>) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'graft-upload-'));
  try {
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    for await (const part of req.parts({ limits: { fileSize: limits.uploadBytes } })) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new UsageError(`Upload one data file, in the field "file" (got a file in "${part.fieldname}").`, 'bad_upload');
      }
      const name = basename(part.filename || 'data');
      if (!Object.hasOwn(FORMAT_BY_EXTENSION, extname(name).toLowerCase())) {
        part.file.resume();
        throw new DataError([{ code: 'unknown_format', path: name, message: `has an unknown extension; upload a file named .csv, .tsv or .jsonl (${Object.keys(FORMAT_BY_EXTENSION).join(', ')}).` }]);
      }
      const path = join(dir, name);
      await pipeline(part.file, createWriteStream(path));
      if (part.file.truncated) throw new LimitError(`The uploaded file is larger than this server's limit of ${limits.uploadBytes} bytes.`, 'upload_too_large');
      file = { path, name };
    }
    if (!file) throw new UsageError('The upload has no file: send the data file in the multipart field "file".', 'no_data');
    return await use(file, fields);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Options parsed with their schema; a bad one is a 400 naming the field. */
export function parseFields<S extends z.ZodType>(schema: S, fields: unknown, where: 'body' | 'field'): z.infer<S> {
  const r = schema.safeParse(fields);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => requestIssue({ code: i.code, message: i.message, keys: (i as { keys?: unknown }).keys }, `${where}.${i.path.join('.')}`));
  throw new DataError(issues, 'bad_request');
}

/** The same issues with the server's temporary path replaced by the name the file was uploaded as. */
export function renamed(e: DataError, path: string, name: string): DataError {
  return new DataError(e.issues.map((i) => ({ ...i, path: i.path.startsWith(path) ? name + i.path.slice(path.length) : i.path })), e.code);
}
