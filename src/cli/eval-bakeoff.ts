/**
 * The bake-off path of `graft eval` (the default; `--quick` takes the plain CV leaderboard):
 * learning curves over sizes × seeds, extrapolation, significance, overfitting, calibration
 * and OOD, saved as a run that `graft report RUN` re-opens; an identical run is reused.
 */
import { UsageError } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { BackboneName } from '../backbones/index.js';
import type { HeadKind } from '../heads/index.js';
import { backboneNamesOf, formatBackboneComparison, formatBakeoffSummary, renderBakeoffHtml } from '../eval/index.js';
import type { CommandContext } from './command.js';
import { flag, int, printJson, str } from './args.js';
import type { Parsed } from './args.js';
import { progressReporter } from './progress.js';
import { writeReport } from './report.js';
import { formatPrivacyReport } from '../privacy/index.js';
import { cliOutputPath, openCliWorkspace } from './workspace.js';

export const BAKEOFF_OPTIONS = {
  quick: { type: 'boolean' }, 'no-curves': { type: 'boolean' }, curves: { type: 'boolean' },
  seeds: { type: 'string' }, sizes: { type: 'string' },
  'ood-label': { type: 'string' }, 'false-alarm-rate': { type: 'string' }, report: { type: 'string' },
} as const;

export const BAKEOFF_USAGE = `
Bake-off (the default; the run is saved, see graft runs / graft report RUN):
  --seeds N            seeds per learning-curve point, 1-100 (default: 5)
  --sizes LIST         examples per class, comma-separated (default: 8,16,32,… to half the rows, then all)
  --ood-label NAME     rows with this label are out-of-scope: never trained on; AUROC is reported
  --false-alarm-rate R in-distribution false-alarm rate of the OOD threshold (default: 0.05)
  --report FILE        write the self-contained HTML report to FILE
  --quick              skip the bake-off: one cross-validation (or --test score) per
                       strategy × backbone, as a leaderboard (alias: --no-curves)`;

const BAKEOFF_ONLY = ['seeds', 'sizes', 'ood-label', 'false-alarm-rate', 'report'] as const;

/** True unless --quick / --no-curves; those refuse the bake-off-only options. */
export function wantsBakeoff(p: Parsed): boolean {
  const quick = flag(p, 'quick') || flag(p, 'no-curves');
  if (!quick) return true;
  if (flag(p, 'curves')) throw new UsageError('--curves and --quick contradict each other; the bake-off (curves) is the default, so drop --quick to get it.');
  const clash = BAKEOFF_ONLY.filter((o) => str(p, o) !== undefined);
  if (clash.length > 0) {
    throw new UsageError(`--${clash[0]} belongs to the bake-off, which --quick skips; drop --quick, or drop --${clash.join(', --')}.`);
  }
  return false;
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
  o: { backbones: BackboneName[]; strategies: HeadKind[]; folds: number; seed: number; privacy: string; allowRemotePii: boolean },
): Promise<number> {
  const seeds = int(p, 'seeds', 5, 1, 100);
  const rateText = str(p, 'false-alarm-rate');
  const falseAlarmRate = rateText === undefined ? undefined : Number(rateText);
  if (falseAlarmRate !== undefined && !(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new UsageError(`--false-alarm-rate must be a number between 0 and 1 (e.g. 0.05), got "${rateText}".`);
  }
  const sizes = parseSizes(str(p, 'sizes'));
  const reportArg = str(p, 'report');
  // Checked before the bake-off, so a bad path fails before the work, and never over the store.
  const report = reportArg === undefined ? undefined : cliOutputPath(ctx, reportArg, '--report');
  const bar = progressReporter(ctx.stderr, ctx.interactive, str(p, 'progress'));
  const ws = openCliWorkspace(ctx);
  try {
    const run = await ws.bakeoff(ds, {
      ...o, seeds, sizes, test, oodLabel: str(p, 'ood-label'), falseAlarmRate,
      reuse: !flag(p, 'fresh'), signal: ctx.signal, onProgress: bar.update,
    });
    bar.done();
    if (!flag(p, 'json')) for (const r of run.privacy) ctx.stderr.write(formatPrivacyReport(r));
    if (flag(p, 'json')) {
      printJson(ctx.stdout, {
        runId: run.runId, ...(run.reusedFrom ? { reusedFrom: run.reusedFrom } : {}), dataHash: run.dataHash,
        versions: run.versions, embedding: run.embedding, costs: run.costs, privacy: run.privacy, result: run.result,
      });
    } else {
      const saved = run.reusedFrom
        ? `Reused run ${run.runId}: same data, settings, seed and versions give the same numbers (--fresh recomputes).`
        : `Saved as run ${run.runId}`;
      const names = backboneNamesOf(run.versions);
      ctx.stdout.write(`${formatBakeoffSummary(run.result)}${formatBackboneComparison(run.result.backbones ?? [], run.costs, names)}` +
        `${saved} (graft report ${run.runId} --html FILE).\n`);
    }
    if (report) {
      writeReport(report, renderBakeoffHtml(run.result, {
        runId: run.runId, dataHash: run.dataHash, versions: run.versions, costs: run.costs, title: `graft bake-off ${ds.name}`,
      }));
      ctx.stderr.write(`HTML report written to ${report}\n`);
    }
    return 0;
  } finally {
    bar.done();
    await ws.close();
  }
}
