/**
 * Fits and evaluations as jobs: the data is read and validated in the request (bad data is a
 * 400 with line and column at once), then the work is queued and the answer is `202` with the
 * job, to follow at `GET /v1/jobs/{id}` or its event stream.
 */
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { DEFAULT_BACKBONE } from '../../backbones/index.js';
import type { BackboneName } from '../../backbones/index.js';
import { DEFAULT_BAKEOFF_KINDS } from '../../heads/index.js';
import type { StrategyName } from '../../heads/index.js';
import { headlineMetrics } from '../../eval/index.js';
import type { FitTaskResult, LeaderboardRun } from '../../pipeline/index.js';
import { EvaluationOptionsSchema, FitOptionsSchema, JobSchema, TaskParams, errors, evaluationBody, fitBody } from '../schemas.js';
import { readData } from '../upload.js';
import type { App, RouteContext } from './context.js';

/** Multipart bodies are read by the handler: the JSON schema checks JSON bodies only. */
export const jsonOrMultipart: FastifySchemaCompiler<unknown> = (route) => {
  const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  if (route.httpPart !== 'body') return validate;
  return (data: unknown) => (data === undefined || data === null ? { value: data } : validate(data));
};

export const UPLOAD = 'Send JSON rows, or upload a CSV, TSV or JSONL file as multipart/form-data: the file in the field `file`, the options as fields (and `text`, `label`, `labelSep` to name its columns).';

/** A list option: an array, or a comma-separated string (a multipart field). */
export const list = (v: string | string[] | undefined, fallback: readonly string[]): string[] =>
  v === undefined ? [...fallback] : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);

export function trainRoutes(app: App, ctx: RouteContext): void {
  app.post('/v1/tasks/:task/fit', {
    config: { access: { scope: 'train', tasks: 'param' } },
    validatorCompiler: jsonOrMultipart,
    schema: {
      summary: 'Fit a new version of a task (job)',
      description: `Fits a head on labelled data and saves it as the task's next version, which goes live when the job succeeds. ${UPLOAD}`,
      tags: ['train'], consumes: ['application/json', 'multipart/form-data'], params: TaskParams, body: fitBody(ctx.limits),
      response: { 202: JobSchema, ...errors(400, 401, 403, 413, 415, 429, 503) },
    } as FastifySchema,
  }, async (req, reply) => {
    const { task } = req.params as { task: string };
    const { dataset, options: o } = await readData(req, FitOptionsSchema.strict(), ctx.limits, { name: task, folds: (o) => (o.folds ?? 5) || undefined });
    // names from the request: the workspace refuses an unknown kind or backbone with a UsageError
    const job = ctx.jobs.submit({ kind: 'fit', task }, ctx.work({ op: 'fit', dataset, options: {
      task, strategy: o.strategy as StrategyName | undefined, backbone: list(o.backbone, [ctx.backbones[0] ?? DEFAULT_BACKBONE]) as BackboneName[], member: o.member as StrategyName | undefined,
      seed: o.seed ?? 42, folds: o.folds ?? 5, privacy: o.privacy, calibrate: o.calibrate, shards: o.shards,
    } }, summarizeFit));
    return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(job);
  });

  app.post('/v1/evaluations', {
    config: { access: { scope: 'train', tasks: 'all' } },
    validatorCompiler: jsonOrMultipart,
    schema: {
      summary: 'Evaluate strategies on labelled data (job)',
      description: `A bake-off (default) or a quick cross-validated leaderboard, saved as a run (GET /v1/runs/{id}, and its HTML report). ${UPLOAD}`,
      tags: ['train'], consumes: ['application/json', 'multipart/form-data'], body: evaluationBody(ctx.limits),
      response: { 202: JobSchema, ...errors(400, 401, 403, 413, 415, 429, 503) },
    } as FastifySchema,
  }, async (req, reply) => {
    const { dataset, options: o } = await readData(req, EvaluationOptionsSchema.strict(), ctx.limits, { name: 'upload', folds: (o) => o.folds ?? 5 });
    // names from the request: the workspace refuses an unknown kind or backbone with a UsageError
    const backbones = list(o.backbones, [ctx.backbones[0] ?? DEFAULT_BACKBONE]) as BackboneName[];
    const strategies = list(o.strategies, DEFAULT_BAKEOFF_KINDS) as StrategyName[];
    const common = { backbones, strategies, folds: o.folds ?? 5, seed: o.seed ?? 42, privacy: o.privacy, reuse: o.fresh !== true };
    const job = ctx.jobs.submit({ kind: 'evaluation' }, o.mode === 'quick'
      ? ctx.work({ op: 'evaluate', dataset, options: common }, summarizeEvaluation)
      : ctx.work({ op: 'bakeoff', dataset, options: common }, (r) => ({ runId: r.runId, reusedFrom: r.reusedFrom ?? null, report: `/v1/runs/${r.runId}/report` })));
    return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(job);
  });
}

/** A fit's result for the job record: the headline metrics instead of every fold's predictions, privacy counts without the per-row list. */
function summarizeFit(r: FitTaskResult) {
  const { cv, diagnostics, privacy: { byRow: _byRow, ...privacy }, ...rest } = r;
  return { ...rest, privacy, metrics: cv ? headlineMetrics(cv) : null, warnings: diagnostics.warnings };
}

function summarizeEvaluation(r: LeaderboardRun) {
  return {
    runId: r.runId, reusedFrom: r.reusedFrom ?? null, best: r.best, protocol: r.protocol,
    rows: r.rows.map((row) => ({ backbone: row.backbone, strategy: row.strategy, ...headlineMetrics(row.result) })),
  };
}
