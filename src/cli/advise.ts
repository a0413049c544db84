import { resolve } from 'node:path';
import type { Command } from './command.js';
import { flag, int, list, parse, printJson, str } from './args.js';
import type { Parsed } from './args.js';
import { UsageError } from '../core/index.js';
import { loadDataset } from '../data/index.js';
import { DEFAULT_BAKEOFF_KINDS, HEAD_KINDS } from '../heads/index.js';
import { DEFAULT_POLICY, parsePolicy } from '../privacy/index.js';
import { formatAdvice, renderAdviceHtml } from '../advisor/index.js';
import { BACKBONE_OPTIONS, BACKBONE_USAGE, backboneList } from './backbone-flags.js';
import { openCliWorkspace } from './workspace.js';
import { progressBar } from './progress.js';
import { writeReport } from './report.js';

const usage = `Usage: graft advise <file> [options]

Should you fine-tune? Measures what frozen backbones with small heads reach on your data (the
bake-off), what more labels would buy (a learning curve that keeps your class balance,
extrapolated to 2×, 5× and 10× the labels), estimates what fine-tuning would likely add and
cost (full fine-tuning and LoRA of RoBERTa-base/-large, a hosted fine-tuning API: compute,
money, wall time, serving), checks the privacy exposure, and decides: use graft now, label N
more first (and which classes), or fine-tune. Saved as a run; an identical run is reused.

Options:
  --target-accuracy A  accuracy you need: 0.9 or 90%
  --budget-usd USD     money you can spend on training (and labels, with --label-cost-usd)
  --latency-ms MS      the most a prediction may take, per text
  --label-cost-usd USD what one more label costs you
  --test FILE          score on this held-out file instead of held-out rows of the data
  --text COL, --label COL   columns of text and label (default: text, label)
${BACKBONE_USAGE}
  --strategies LIST    heads, comma-separated (default: ${DEFAULT_BAKEOFF_KINDS.join(',')})
  --folds N            cross-validation folds of the bake-off without --test, 2-20 (default: 5)
  --ood-label NAME     rows with this label are out of scope: never trained on; OOD AUROC is reported
  --seed N             random seed (default: 42)
  --seeds N            seeds per learning-curve point, 1-20 (default: 3; --quick: 2)
  --quick              fewer curve points and seeds, no probe of the backbone's speed
  --gpu-price USD      price of a GPU-hour for the estimates (default: the table's A100 price)
  --hosted-price USD   hosted fine-tuning price per million training tokens (default: the table's)
  --privacy POLICY     redact (default), pseudonymize, refuse or allow
  --report FILE        write the self-contained HTML report (the advice, then the bake-off)
  --fresh              recompute even if an identical run was saved before
  --json               print one JSON object on stdout`;

/** A fraction from "0.9" or "90%". */
export function parseAccuracy(v: string): number {
  const percent = v.trim().endsWith('%');
  const n = Number(percent ? v.trim().slice(0, -1) : v);
  const x = percent ? n / 100 : n;
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0 || x > 1) {
    throw new UsageError(`--target-accuracy must be a fraction above 0 and at most 1, or a percentage: 0.9 or 90%, got "${v}".`);
  }
  return x;
}

function money(p: Parsed, name: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v.replace(/^\$/, ''));
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be an amount in US dollars (e.g. 50), got "${v}".`);
  return n;
}

export const adviseCommand: Command = {
  name: 'advise',
  examples: [
    'graft advise tickets.csv --target-accuracy 90% --budget-usd 50',
    'graft advise reviews.jsonl --test reviews-test.jsonl --latency-ms 20 --report advice.html',
    'graft advise tickets.csv --quick --json     # a faster, rougher answer, as JSON',
    'graft report RUN --html advice.html         # an advice run again, from `graft runs --kind advise`',
  ],
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, {
      text: { type: 'string' }, label: { type: 'string' }, strategies: { type: 'string' }, folds: { type: 'string' }, test: { type: 'string' },
      seed: { type: 'string' }, seeds: { type: 'string' }, quick: { type: 'boolean' }, json: { type: 'boolean' }, fresh: { type: 'boolean' },
      privacy: { type: 'string' }, report: { type: 'string' }, 'ood-label': { type: 'string' },
      'target-accuracy': { type: 'string' }, 'budget-usd': { type: 'string' }, 'latency-ms': { type: 'string' }, 'label-cost-usd': { type: 'string' },
      'gpu-price': { type: 'string' }, 'hosted-price': { type: 'string' }, ...BACKBONE_OPTIONS,
    }, usage);
    const file = p.positionals[0];
    if (!file || p.positionals.length > 1) throw new UsageError(`graft advise: give exactly one data file.\n\n${usage}`);
    const target = str(p, 'target-accuracy');
    const latency = str(p, 'latency-ms');
    const latencyMs = latency === undefined ? undefined : Number(latency);
    if (latencyMs !== undefined && !(latency!.trim() !== '' && Number.isFinite(latencyMs) && latencyMs > 0)) {
      throw new UsageError(`--latency-ms must be a positive number of milliseconds, got "${latency}".`);
    }
    const testFile = str(p, 'test');
    const folds = int(p, 'folds', 5, 2, 20);
    const columns = { text: str(p, 'text'), label: str(p, 'label') };
    const opts = {
      backbones: backboneList(p), allowRemotePii: flag(p, 'allow-remote-pii'),
      strategies: list(p, 'strategies', [...DEFAULT_BAKEOFF_KINDS], HEAD_KINDS), folds,
      seed: int(p, 'seed', 42, 0, 2 ** 31 - 1), quick: flag(p, 'quick'),
      curveSeeds: str(p, 'seeds') === undefined ? undefined : int(p, 'seeds', 3, 1, 20),
      privacy: parsePolicy(str(p, 'privacy') ?? DEFAULT_POLICY), oodLabel: str(p, 'ood-label'),
      targetAccuracy: target === undefined ? undefined : parseAccuracy(target), budgetUsd: money(p, 'budget-usd'), latencyMs,
      labelCostUsd: money(p, 'label-cost-usd'), gpuUsdPerHour: money(p, 'gpu-price'), hostedTrainUsdPerMTokens: money(p, 'hosted-price'),
      reuse: !flag(p, 'fresh'),
    };
    const ds = await loadDataset(resolve(ctx.cwd, file), { ...columns, folds: testFile ? undefined : folds });
    const test = testFile ? await loadDataset(resolve(ctx.cwd, testFile), columns) : undefined;
    const bar = progressBar(ctx.stderr, ctx.interactive);
    const ws = openCliWorkspace(ctx);
    try {
      const run = await ws.advise(ds, { ...opts, test, signal: ctx.signal, onProgress: bar.update });
      bar.done();
      if (flag(p, 'json')) {
        printJson(ctx.stdout, { runId: run.runId, ...(run.reusedFrom ? { reusedFrom: run.reusedFrom } : {}), bakeoffRunId: run.bakeoff.runId, advice: run.advice });
      } else {
        const saved = run.reusedFrom ? `Reused run ${run.runId}: same data, settings, seed and versions (--fresh recomputes).` : `Saved as run ${run.runId}.`;
        ctx.stdout.write(`${formatAdvice(run.advice)}\n${saved}\n`);
      }
      const report = str(p, 'report');
      if (report) {
        const path = resolve(ctx.cwd, report);
        writeReport(path, renderAdviceHtml(run.advice, run.bakeoff.result, { runId: run.runId, dataHash: run.advice.dataset.dataHash, title: `graft advise ${ds.name}` }));
        ctx.stderr.write(`HTML report written to ${path}\n`);
      }
      return 0;
    } finally {
      bar.done();
      await ws.close();
    }
  },
};
