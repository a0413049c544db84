/**
 * The bake-off path of `graft eval` (`--curves`, `--report FILE`, `--ood-label NAME`):
 * learning curves over sizes × seeds, extrapolation, significance, calibration and OOD,
 * saved as a run that `graft report RUN` re-opens.
 */
import { resolve } from 'node:path';
import { UsageError } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import { formatBakeoffSummary, renderBakeoffHtml } from '../eval/index.js';
import { bakeoffDataset } from '../pipeline/index.js';
import type { CommandContext } from './command.js';
import { flag, int, printJson, str } from './args.js';
import type { Parsed } from './args.js';
import { progressBar } from './progress.js';
import { writeReport } from './report.js';
import { formatPrivacyReport } from '../privacy/index.js';
import { openCliWorkspace } from './workspace.js';

export const BAKEOFF_OPTIONS = {
  curves: { type: 'boolean' }, seeds: { type: 'string' }, sizes: { type: 'string' },
  'ood-label': { type: 'string' }, 'false-alarm-rate': { type: 'string' }, report: { type: 'string' },
} as const;

export const BAKEOFF_USAGE = `
Bake-off (any of these turns it on; the run is saved, see graft runs / graft report RUN):
  --curves             learning curves: n = 8, 16, 32, … per class up to all, each over --seeds
  --seeds N            seeds per curve point, 1-100 (default: 5)
  --sizes LIST         examples per class, comma-separated (default: 8,16,32,… then all)
  --ood-label NAME     rows with this label are out-of-scope: never trained on; AUROC is reported
  --false-alarm-rate R in-distribution false-alarm rate of the OOD threshold (default: 0.05)
  --report FILE        write the self-contained HTML report to FILE`;

export function wantsBakeoff(p: Parsed): boolean {
  return flag(p, 'curves') || str(p, 'report') !== undefined || str(p, 'ood-label') !== undefined;
}

function parseSizes(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const sizes = v.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UsageError(`--sizes must be positive whole numbers separated by commas, got "${v}".`);
  }
  return sizes;
}

export async function runEvalBakeoff(
  ctx: CommandContext, p: Parsed, ds: Dataset, test: Dataset | undefined,
  o: { backbones: string[]; strategies: string[]; folds: number; seed: number; privacy: string },
): Promise<number> {
  const seeds = int(p, 'seeds', 5, 1, 100);
  const rateText = str(p, 'false-alarm-rate');
  const falseAlarmRate = rateText === undefined ? undefined : Number(rateText);
  if (falseAlarmRate !== undefined && !(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new UsageError(`--false-alarm-rate must be a number between 0 and 1 (e.g. 0.05), got "${rateText}".`);
  }
  const bar = progressBar(ctx.stderr, ctx.interactive);
  const ws = openCliWorkspace(ctx);
  try {
    const run = await bakeoffDataset(ws, ds, {
      ...o, seeds, sizes: parseSizes(str(p, 'sizes')), test, oodLabel: str(p, 'ood-label'), falseAlarmRate,
      signal: ctx.signal, onProgress: bar.update,
    });
    bar.done();
    if (!flag(p, 'json')) for (const r of run.privacy) ctx.stderr.write(formatPrivacyReport(r));
    if (flag(p, 'json')) printJson(ctx.stdout, { runId: run.runId, dataHash: run.dataHash, versions: run.versions, privacy: run.privacy, result: run.result });
    else ctx.stdout.write(`${formatBakeoffSummary(run.result)}Saved as run ${run.runId} (graft report ${run.runId} --html FILE).\n`);
    const report = str(p, 'report');
    if (report) {
      const path = resolve(ctx.cwd, report);
      writeReport(path, renderBakeoffHtml(run.result, {
        runId: run.runId, dataHash: run.dataHash, versions: run.versions, title: `graft bake-off ${ds.name}`,
      }));
      ctx.stderr.write(`HTML report written to ${path}\n`);
    }
    return 0;
  } finally {
    bar.done();
    await ws.close();
  }
}
