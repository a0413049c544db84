/**
 * `graft predict --file`: predictions streamed a block at a time (read a block of texts,
 * predict it, write its lines, next), so memory stays one block's embeddings whatever the
 * file's length (issue 13: 20,000 rows took 2.6 GB read whole). What is printed is exactly
 * what predicting every text in one call prints: the same header once, the same lines, and
 * for --json the same JSON document, written as it grows.
 *
 * A file is checked whole first (`checkTextFile`, which keeps nothing), so a bad record is
 * an error before anything is printed. Standard input can be read once only: its good texts
 * are predicted and printed as they come (the JSON document closed), then the error lists
 * the records that were skipped, with a non-zero exit.
 */
import { checkTextFile, readTexts } from '../data/index.js';
import { DataError } from '../core/index.js';
import type { ProgressFn } from '../core/index.js';
import type { PredictResult, Workspace } from '../pipeline/index.js';

/** Texts per block: a block of 4096-d embeddings is then 16 MB. */
export const PREDICT_BLOCK = 1000;

export interface PredictFileOptions {
  /** The file, or `-` for standard input. */
  path: string;
  /** Its text column (CSV/TSV) or key (JSONL). */
  text?: string;
  stdin?: NodeJS.ReadableStream;
  /** Texts given as arguments, predicted before the file's. */
  first: readonly string[];
  task: string;
  version?: number;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** Texts per block (default PREDICT_BLOCK). */
  block?: number;
}

/** Where the blocks' predictions go, in the form printed for all texts at once. */
export interface PredictionSink {
  block(r: PredictResult, texts: readonly string[]): void;
  /** After the last block, and after a failure once something was written. */
  end(): void;
}

/**
 * Predicts `first`, then the file's texts block by block, each block's predictions handed
 * to `sink` before the next block is read. Every block uses the version the first one did,
 * so a deploy meanwhile does not mix two versions in one output.
 */
export async function predictFile(ws: Workspace, opts: PredictFileOptions, sink: PredictionSink): Promise<void> {
  const read = { text: opts.text, stdin: opts.stdin as AsyncIterable<Uint8Array | string> | undefined };
  const inFile = opts.path === '-' ? undefined : await checkTextFile(opts.path, read);
  if (inFile === 0) throw noTexts(opts.path);
  const total = inFile === undefined ? undefined : opts.first.length + inFile;
  let version = opts.version;
  let done = 0;
  let started = false;
  const predict = async (texts: readonly string[]): Promise<void> => {
    const before = done;
    const onProgress: ProgressFn | undefined = opts.onProgress && ((p) => opts.onProgress!(
      p.unit === 'texts' ? { ...p, done: before + p.done, total: total ?? before + p.total } : p,
    ));
    const r = await ws.predict(opts.task, texts, { version, signal: opts.signal, onProgress });
    version = r.version;
    done += texts.length;
    started = true;
    sink.block(r, texts);
  };
  try {
    if (opts.first.length > 0) await predict(opts.first);
    let fromFile = 0;
    for await (const batch of readTexts(opts.path, { ...read, batchSize: opts.block ?? PREDICT_BLOCK })) {
      await predict(batch.map((t) => t.text));
      fromFile += batch.length;
    }
    if (fromFile === 0) throw noTexts(opts.path);
  } finally {
    if (started) sink.end();
  }
}

function noTexts(path: string): DataError {
  return new DataError([{ code: 'no_texts', path: path === '-' ? 'stdin' : path, message: 'has no texts to predict; give at least one record with a text.' }]);
}

/**
 * The JSON document `printJson` writes for one PredictResult holding every block's
 * predictions, written block by block: the result's other fields (task, version, backbone)
 * are the same in every block.
 */
export function jsonPredictionSink(out: NodeJS.WritableStream): PredictionSink {
  const MARK = '\u0000predictions\u0000';
  let tail: string | undefined;
  let items = 0;
  return {
    block(r) {
      if (tail === undefined) {
        // The document with one placeholder prediction, cut where the predictions go.
        const doc = JSON.stringify({ ...r, predictions: [MARK] }, null, 2) + '\n';
        const at = doc.indexOf(JSON.stringify(MARK));
        out.write(doc.slice(0, at));
        tail = doc.slice(at + JSON.stringify(MARK).length);
      }
      const parts = r.predictions.map((p) => JSON.stringify(p, null, 2).replace(/\n/g, '\n    '));
      if (parts.length > 0) out.write((items > 0 ? ',\n    ' : '') + parts.join(',\n    '));
      items += parts.length;
    },
    end() {
      if (tail !== undefined) out.write(tail);
    },
  };
}

/**
 * The text predict prints for all texts at once, block by block: `format` gives a block's
 * text with the header as its first line, which only the first block keeps.
 */
export function textPredictionSink(
  out: NodeJS.WritableStream, format: (r: PredictResult, texts: readonly string[]) => string,
): PredictionSink {
  let first = true;
  return {
    block(r, texts) {
      const s = format(r, texts);
      out.write(first ? s : s.slice(s.indexOf('\n') + 1));
      first = false;
    },
    end() {},
  };
}
