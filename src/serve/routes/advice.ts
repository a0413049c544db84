/**
 * Should we fine-tune? `POST /v1/advice` runs `Workspace.advise` as a job on labelled data (JSON
 * rows or an uploaded file, as evaluations take it); the advice is saved as a run of kind
 * `advise` (`GET /v1/runs?kind=advise`, `GET /v1/runs/{id}`, its page at `/v1/runs/{id}/report`).
 */
import type { FastifySchema } from 'fastify';
import { AdviceOptionsSchema, JobSchema, adviceBody, errors } from '../schemas.js';
import { readData } from '../upload.js';
import type { App, RouteContext } from './context.js';
import { UPLOAD, jsonOrMultipart, list } from './train.js';
import { DEFAULT_BACKBONE } from '../../backbones/index.js';
import { DEFAULT_BAKEOFF_KINDS } from '../../heads/index.js';

export function adviceRoutes(app: App, ctx: RouteContext): void {
  app.post('/v1/advice', {
    config: { access: { scope: 'train', tasks: 'all' } },
    validatorCompiler: jsonOrMultipart,
    schema: {
      summary: 'Should we fine-tune? (job)',
      description: 'Measures frozen backbones with small heads on the data (a bake-off), what more labels would buy, what fine-tuning would likely add and cost, '
        + `and decides: use graft now, label N more first, or fine-tune; saved as a run of kind \`advise\` (GET /v1/runs/{id}, and its HTML report). ${UPLOAD}`,
      tags: ['train'], consumes: ['application/json', 'multipart/form-data'], body: adviceBody(ctx.limits),
      response: { 202: JobSchema, ...errors(400, 401, 403, 413, 415, 429, 503) },
    } as FastifySchema,
  }, async (req, reply) => {
    const { dataset, options: o } = await readData(req, AdviceOptionsSchema.strict(), ctx.limits, { name: 'upload', folds: (o) => o.folds ?? 5 });
    const job = ctx.jobs.submit({ kind: 'advice' }, ctx.work({ op: 'advise', dataset, options: {
      backbones: list(o.backbones, [ctx.backbones[0] ?? DEFAULT_BACKBONE]), strategies: list(o.strategies, DEFAULT_BAKEOFF_KINDS),
      folds: o.folds ?? 5, seed: o.seed ?? 42, privacy: o.privacy, quick: o.quick, reuse: o.fresh !== true,
      targetAccuracy: o.targetAccuracy, budgetUsd: o.budgetUsd, latencyMs: o.latencyMs, labelCostUsd: o.labelCostUsd,
      gpuUsdPerHour: o.gpuUsdPerHour, hostedTrainUsdPerMTokens: o.hostedTrainUsdPerMTokens,
    } }, (r) => {
      const d = r.advice.decision;
      return {
        runId: r.runId, reusedFrom: r.reusedFrom ?? null, bakeoffRunId: r.bakeoff.runId,
        decision: { action: d.action, headline: d.headline }, report: `/v1/runs/${r.runId}/report`,
      };
    }));
    return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(job);
  });
}
