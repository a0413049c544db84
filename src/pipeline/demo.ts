/**
 * The main job on the bundled corpus: SpamAssassin mail, every head on `use-lite` and on
 * `hashing`, a leaderboard, the best saved as task `spam`, and two predictions.
 */
import type { JobOptions } from '../core/index.js';
import { loadDemoCorpus, DEMO_DEFAULT_LIMIT } from '../data/index.js';
import { DEFAULT_BAKEOFF_KINDS } from '../heads/index.js';
import type { Workspace } from './workspace.js';
import type { LeaderboardRun } from './evaluate.js';
import type { FitTaskResult } from './fit.js';
import type { PredictResult } from './predict.js';
import type { AdviseRun } from './advise.js';

/**
 * How many messages the demo uses by default: a stratified sample, so that the first run
 * (embedding every message with use-lite on 2 cores) finishes within 3 minutes.
 */
export const DEMO_SAMPLE = DEMO_DEFAULT_LIMIT;

/** Messages in the SpamAssassin public corpus as the package ships it. */
export const DEMO_CORPUS_MESSAGES = 6046;

/** Two messages the demo predicts: one ham-like, one spam-like (written for the demo). */
export const DEMO_EXAMPLES: readonly string[] = [
  'Re: meeting notes\n\nHi Tom, thanks for sending the notes from Tuesday. I have pushed the fix for the build script; can you check it before Friday\'s release?',
  'LIMITED TIME OFFER!!!\n\nCongratulations! You have been selected to receive a FREE vacation. Click here now to claim your prize, no purchase necessary. Unsubscribe at any time.',
];

export interface DemoOptions extends JobOptions {
  sample?: number;
  seed?: number;
  folds?: number;
  /** Reuse an identical saved evaluation (default true); see EvaluateOptions.reuse. */
  reuse?: boolean;
  /** Called with a line to show before the long work starts. */
  onNote?: (line: string) => void;
}

export interface DemoResult {
  corpus: { total: number; used: number; subsampled: boolean };
  bakeoff: LeaderboardRun;
  fit: FitTaskResult;
  predictions: PredictResult;
  examples: readonly string[];
  /** Should the spam task be fine-tuned? A quick advice on the winning backbone and head. */
  advice: AdviseRun;
}

export async function runDemo(ws: Workspace, opts: DemoOptions = {}): Promise<DemoResult> {
  const seed = opts.seed ?? 42;
  const sample = opts.sample ?? DEMO_SAMPLE;
  const corpus = await loadDemoCorpus({ limit: sample, seed, onProgress: opts.onProgress });
  const used = corpus.examples.length;
  const subsampled = sample < DEMO_CORPUS_MESSAGES;
  opts.onNote?.(
    subsampled
      ? `SpamAssassin corpus: using a stratified sample of ${used} of its ${DEMO_CORPUS_MESSAGES} messages (seed ${seed}) so the first run stays within 3 minutes on 2 cores; --sample 0 uses all.`
      : `SpamAssassin corpus: all ${used} messages with text (${corpus.dropped} without text left out).`,
  );
  const bakeoff = await ws.evaluate(corpus, {
    backbones: ['use-lite', 'hashing'],
    strategies: [...DEFAULT_BAKEOFF_KINDS],
    folds: opts.folds ?? 5,
    seed,
    reuse: opts.reuse,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  const fit = await ws.fit(corpus, {
    task: 'spam',
    strategy: bakeoff.best.strategy,
    backbone: bakeoff.best.backbone,
    seed,
    folds: 0,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  const predictions = await ws.predict('spam', DEMO_EXAMPLES, { signal: opts.signal });
  // Only the winner, quickly: its vectors are cached, and the leaderboard above already compared the rest.
  const advice = await ws.advise(corpus, {
    backbones: [bakeoff.best.backbone], strategies: [bakeoff.best.strategy], folds: opts.folds ?? 5, seed, quick: true,
    reuse: opts.reuse, signal: opts.signal, onProgress: opts.onProgress,
  });
  return { corpus: { total: DEMO_CORPUS_MESSAGES, used, subsampled }, bakeoff, fit, predictions, examples: DEMO_EXAMPLES, advice };
}
