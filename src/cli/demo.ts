import type { Command } from './command.js';
import { parse, flag, int, printJson } from './args.js';
import { runDemo, DEMO_SAMPLE } from '../pipeline/index.js';
import { openCliWorkspace } from './workspace.js';
import { formatEvaluation, formatFit, formatPredictions } from './format.js';
import { progressBar } from './progress.js';
import { formatPrivacyReport } from '../privacy/index.js';
import { formatAdviceBrief } from '../advisor/index.js';

const usage = `Usage: graft demo [--sample N] [--seed N] [--fresh] [--json]

The main job on the bundled SpamAssassin corpus: evaluates logistic, knn and centroid heads
on the use-lite and hashing backbones (5-fold, the quick leaderboard of graft eval --quick),
prints a leaderboard, saves the best as task "spam", predicts two example messages and
ends with a quick graft advise on the winner: should the spam task be fine-tuned?
For learning curves, calibration and OOD on your own data, run graft eval FILE. A second run reuses the cached embeddings
and the saved evaluation (same data, settings and versions give the same numbers).

Options:
  --sample N   messages to use, stratified (default: ${DEMO_SAMPLE}; 0 = all)
  --seed N     random seed (default: 42)
  --fresh      recompute the evaluation even if an identical one was saved before
  --json       print one JSON object on stdout`;

export const demoCommand: Command = {
  name: 'demo',
  examples: [
    'graft demo',
    'graft demo --sample 0     # the whole corpus',
    'graft demo --json',
  ],
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, { sample: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, fresh: { type: 'boolean' } }, usage);
    const sample = int(p, 'sample', DEMO_SAMPLE, 0, 1_000_000);
    const seed = int(p, 'seed', 42, 0, 2 ** 31 - 1);
    const json = flag(p, 'json');
    const bar = progressBar(ctx.stderr, ctx.interactive);
    const ws = openCliWorkspace(ctx);
    const t0 = performance.now();
    try {
      const r = await runDemo(ws, {
        sample: sample === 0 ? Number.MAX_SAFE_INTEGER : sample,
        seed,
        reuse: !flag(p, 'fresh'),
        signal: ctx.signal,
        onProgress: bar.update,
        onNote: (line) => { bar.done(); ctx.stderr.write(line + '\n'); },
      });
      bar.done();
      if (json) {
        printJson(ctx.stdout, r);
        return 0;
      }
      ctx.stdout.write(r.bakeoff.privacy.map(formatPrivacyReport).join('') + formatEvaluation(r.bakeoff) + '\n' + formatFit(r.fit) + '\n' + formatPredictions(r.predictions, r.examples));
      ctx.stdout.write(`\n${formatAdviceBrief(r.advice.advice)}  (graft report ${r.advice.runId} for the full advice)\n`);
      ctx.stdout.write(`\nDone in ${((performance.now() - t0) / 1000).toFixed(1)}s. Try: graft predict --task spam "your message"\n`);
      return 0;
    } finally {
      bar.done();
      await ws.close();
    }
  },
};
