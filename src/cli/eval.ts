import type { Command } from './command.js';
import { parse, str, flag, int, list, printJson, dataPath } from './args.js';
import { loadDataset } from '../data/index.js';
import { BACKBONE_OPTIONS, BACKBONE_USAGE, backboneList } from './backbone-flags.js';
import { DEFAULT_BAKEOFF_KINDS, HEAD_KINDS } from '../heads/index.js';
import type { HeadKind } from '../heads/index.js';
import { openCliWorkspace } from './workspace.js';
import { formatEvaluation } from './format.js';
import { PROGRESS_OPTION, PROGRESS_USAGE, progressReporter } from './progress.js';
import { DEFAULT_POLICY, formatPrivacyReport, parsePolicy } from '../privacy/index.js';
import { BAKEOFF_OPTIONS, BAKEOFF_USAGE, runEvalBakeoff, wantsBakeoff } from './eval-bakeoff.js';

const usage = `Usage: graft eval <file> [options]

Runs the bake-off: every strategy on every backbone, with learning curves (8, 16, 32, …
examples per class up to half the rows, then all; each over 5 seeds), extrapolation to 2×
and 10× the data, a paired significance test between the top two, the train vs held-out
gap and logistic's regularization path, calibration (ECE before/after), and
out-of-distribution detection. Prints a summary and saves the run (graft runs, graft report
RUN); an identical run is reused. --quick prints a plain cross-validated leaderboard instead.

Options:
  --text COL           column holding the text (default: text)
  --label COL          column holding the label (default: label)
${BACKBONE_USAGE}
  --strategies LIST    heads, comma-separated (default: logistic,knn,centroid)
  --folds N            cross-validation folds when there is no --test file, 2-20 (default: 5)
  --test FILE          score on this held-out file instead of cross-validating
  --seed N             random seed (default: 42)
  --privacy POLICY     redact (default), pseudonymize, refuse or allow: what happens to
                       private data (e-mails, phones, names, ...) before anything is embedded or stored
  --fresh              recompute even if an identical run was saved before
  --json               print one JSON object on stdout
${PROGRESS_USAGE}
${BAKEOFF_USAGE}`;

export const evalCommand: Command = {
  name: 'eval',
  examples: [
    'graft eval tickets.csv --report bakeoff.html',
    'graft eval tickets.csv --test holdout.csv --backbone use-lite,hashing',
    'graft eval tickets.csv --quick --strategies logistic,knn --json',
    'cat tickets.jsonl | graft eval - --quick',
  ],
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, {
      ...PROGRESS_OPTION,
      text: { type: 'string' }, label: { type: 'string' }, backbone: { type: 'string' },
      strategies: { type: 'string' }, folds: { type: 'string' }, test: { type: 'string' },
      seed: { type: 'string' }, json: { type: 'boolean' }, privacy: { type: 'string' }, fresh: { type: 'boolean' }, ...BAKEOFF_OPTIONS, ...BACKBONE_OPTIONS,
    }, usage);
    const file = p.positionals[0];
    if (!file || p.positionals.length > 1) {
      ctx.stderr.write(`graft eval: give exactly one data file.\n\n${usage}\n`);
      return 2;
    }
    const backbones = backboneList(p);
    const allowRemotePii = flag(p, 'allow-remote-pii');
    const strategies = list(p, 'strategies', [...DEFAULT_BAKEOFF_KINDS], HEAD_KINDS) as HeadKind[]; // each checked against HEAD_KINDS
    const folds = int(p, 'folds', 5, 2, 20);
    const seed = int(p, 'seed', 42, 0, 2 ** 31 - 1);
    const columns = { text: str(p, 'text'), label: str(p, 'label') };
    const testFile = str(p, 'test');
    const privacy = parsePolicy(str(p, 'privacy') ?? DEFAULT_POLICY);
    const ds = await loadDataset(dataPath(ctx.cwd, file), { stdin: ctx.stdin, ...columns, folds: testFile ? undefined : folds });
    const test = testFile ? await loadDataset(dataPath(ctx.cwd, testFile), { ...columns, stdin: ctx.stdin }) : undefined;
    if (wantsBakeoff(p)) return runEvalBakeoff(ctx, p, ds, test, { backbones, strategies, folds, seed, privacy, allowRemotePii });
    const bar = progressReporter(ctx.stderr, ctx.interactive, str(p, 'progress'));
    const ws = openCliWorkspace(ctx);
    try {
      const result = await ws.evaluate(ds, { backbones, strategies, folds, seed, test, privacy, allowRemotePii, reuse: !flag(p, 'fresh'), signal: ctx.signal, onProgress: bar.update });
      bar.done();
      if (!flag(p, 'json')) for (const r of result.privacy) ctx.stderr.write(formatPrivacyReport(r));
      if (flag(p, 'json')) printJson(ctx.stdout, result);
      else ctx.stdout.write(formatEvaluation(result));
      return 0;
    } finally {
      bar.done();
      await ws.close();
    }
  },
};
