/**
 * Regular expressions written by users, run where they cannot hang the process. JavaScript's
 * engine backtracks: `(a+)+$` on 34 characters takes longer than anyone waits, at 100% CPU,
 * and a synchronous match cannot be interrupted (not even by Ctrl-C, whose handler never gets
 * to run). Here the match runs in a worker thread with a time limit: the main thread stays
 * free, and on timeout or abort the worker is terminated. Same syntax and meaning as
 * `new RegExp(pattern, 'u')`.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, UsageError } from '../core/index.js';

export interface PatternOptions {
  /** Stop after this long, in ms. Default: 5 s plus 1 s per 20 MB of text. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Names the option in messages, e.g. `--match`. Default `the pattern`. */
  name?: string;
}

/** The worker: plain JavaScript, evaluated (no file to find in src/ or dist/). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const re = new RegExp(workerData.source, 'u');
const hits = [];
for (let i = 0; i < workerData.texts.length; i++) if (re.test(workerData.texts[i])) hits.push(i);
parentPort.postMessage(hits);
`;

/**
 * Checks that `pattern` is a valid regular expression, without quoting it (a pattern may
 * itself be private, e.g. a person's address).
 */
export function checkPattern(pattern: string, name = 'the pattern'): void {
  try {
    new RegExp(pattern, 'u');
  } catch {
    throw new UsageError(`${name} is not a valid regular expression (check brackets, parentheses and escapes).`, 'bad_pattern');
  }
}

/**
 * Indices of the texts that `pattern` matches, in order; run in a worker thread, stopped
 * after `timeoutMs` (UsageError saying why and what to do) or when `signal` aborts
 * (CancelledError).
 *
 * @example
 * const hits = await matchTexts('jane\\.doe@', stored.map((e) => e.text), { name: '--match', signal });
 */
export async function matchTexts(pattern: string, texts: readonly string[], opts: PatternOptions = {}): Promise<number[]> {
  const name = opts.name ?? 'the pattern';
  checkPattern(pattern, name);
  if (opts.signal?.aborted) throw new CancelledError();
  if (texts.length === 0) return [];
  let chars = 0;
  for (const t of texts) chars += t.length;
  const timeout = opts.timeoutMs ?? 5000 + Math.ceil(chars / 20_000);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source: pattern, texts } });
  return new Promise<number[]>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = (): void => finish(() => reject(new CancelledError()));
    const timer = setTimeout(() => finish(() => reject(new UsageError(
      `${name} was stopped after ${(timeout / 1000).toFixed(1)} s over ${texts.length} text(s): patterns with nested repetition ` +
        'such as (a+)+$ can take exponential time. Simplify it (no quantifier inside a repeated group), or select by text or id instead.',
      'pattern_timeout',
    ))), timeout);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (hits: number[]) => finish(() => resolve(hits)));
    worker.once('error', (e) => finish(() => reject(e)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the pattern worker stopped with code ${code}`))));
  });
}
