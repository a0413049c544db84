/**
 * The self-contained HTML page of a saved run: a bake-off's report, or an advice followed by the
 * bake-off it came from. One function for `graft report RUN --html` and the server's
 * `GET /v1/runs/{id}/report`, so both show the same page.
 */
import { GraftError } from '../core/index.js';
import { renderBakeoffHtml } from '../eval/index.js';
import type { BackboneCost, BakeoffResult } from '../eval/index.js';
import { parseAdvice, renderAdviceHtml } from '../advisor/index.js';
import type { WorkspaceContext } from './context.js';
import { REPORT_KINDS } from './report-kinds.js';

/**
 * The page of run `id`. Throws NotFoundError for an unknown id, and a GraftError `no_report`
 * (exit 2, HTTP 409) for a run kind without a page (a quick leaderboard).
 */
export function runReportHtml(ws: WorkspaceContext, id: string): string {
  const run = ws.runs.getRun<unknown>(id);
  const meta = { runId: run.id, createdAt: run.createdAt, dataHash: run.dataHash, versions: run.versions };
  if (run.kind === 'bakeoff') {
    // What the run measured when it embedded, for the backbone comparison (absent in runs saved before it was kept).
    const config = run.config as { dataset?: string; measured?: { costs?: Record<string, BackboneCost> } };
    const costs = config.measured?.costs;
    return renderBakeoffHtml(run.result as BakeoffResult, { ...meta, ...(costs ? { costs } : {}), title: `graft bake-off ${config.dataset ?? ''}`.trim() });
  }
  if (run.kind === 'advise') {
    const advice = parseAdvice(run.result);
    const bakeoff = ws.runs.getRun<BakeoffResult>(advice.alternatives.bakeoffRunId);
    return renderAdviceHtml(advice, bakeoff.result, { ...meta, title: `graft advise ${advice.dataset.name}` });
  }
  throw new GraftError(
    `Run ${run.id} is a "${run.kind}" run; HTML reports are made for ${REPORT_KINDS.join(' and ')} runs (graft eval, graft advise).`,
    { code: 'no_report', exitCode: 2, status: 409 },
  );
}
