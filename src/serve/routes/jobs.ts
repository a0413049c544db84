/** Jobs: state, progress as server-sent events, cancellation. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { FINISHED_STATES } from '../../store/index.js';
import type { Job } from '../../store/index.js';
import { allowTask, canSeeTask } from '../auth.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import { IdParams, JobListQuery, JobListSchema, JobSchema, errors } from '../schemas.js';
import type { App, RouteContext } from './context.js';

type ApiJob = z.infer<typeof JobSchema>;

/** A job as the API shows it: its result is what routes/train.ts recorded (a FitResult or an EvaluationResult). */
const asApiJob = (job: Job): ApiJob => job as ApiJob;

/** Seconds between keep-alive comments on an idle event stream (proxies close silent ones). */
const KEEPALIVE_MS = 15_000;

export function jobRoutes(app: App, ctx: RouteContext): void {
  const readJob = (req: FastifyRequest, id: string): ApiJob => {
    const job = ctx.jobs.get(id);
    if (job.task !== null) allowTask(req, job.task);
    else if (req.apiKey?.tasks) throw new ForbiddenError(`Key ${req.apiKey.id} is limited to the tasks ${req.apiKey.tasks.join(', ')}; job ${job.id} is an ${job.kind}, which needs a key without task limits.`);
    return asApiJob(job);
  };

  app.get('/v1/jobs', {
    config: { access: { scope: 'train', tasks: 'handler' } },
    schema: { summary: 'List jobs, newest first', tags: ['jobs'], querystring: JobListQuery, response: { 200: JobListSchema, ...errors(400, 401, 403, 429) } },
  }, async (req) => ({ jobs: ctx.jobs.list(req.query).filter((j) => canSeeTask(req, j.task)).map(asApiJob) }));

  app.get('/v1/jobs/:id', {
    config: { access: { scope: 'train', tasks: 'handler' } },
    schema: {
      summary: 'Read a job', description: 'State, progress, and the result or error once it has ended.',
      tags: ['jobs'], params: IdParams, response: { 200: JobSchema, ...errors(401, 403, 404, 429) },
    },
  }, async (req) => readJob(req, req.params.id));

  app.delete('/v1/jobs/:id', {
    config: { access: { scope: 'train', tasks: 'handler' } },
    schema: {
      summary: 'Cancel a job',
      description: 'Answers once the job has stopped: nothing it did is kept (the store is as before it started). A job that ended first gives 409.',
      tags: ['jobs'], params: IdParams, response: { 200: JobSchema, ...errors(401, 403, 404, 409, 429) },
    },
  }, async (req) => {
    const before = readJob(req, req.params.id);
    if (FINISHED_STATES.has(before.state)) throw new ConflictError(`Job ${before.id} has already ended (${before.state}); there is nothing to cancel.`, 'job_ended');
    const job = await ctx.jobs.cancel(before.id);
    if (job.state !== 'cancelled') throw new ConflictError(`Job ${job.id} ended (${job.state}) before the cancel reached it; its result stands.`, 'job_ended');
    return asApiJob(job);
  });

  app.get('/v1/jobs/:id/events', {
    config: { access: { scope: 'train', tasks: 'handler' } },
    schema: {
      summary: 'Follow a job (server-sent events)',
      description: 'A `text/event-stream`: one `job` event with the job now, then one per change (progress, state), and the stream ends when the job does. Each event\'s data is the Job as JSON.',
      tags: ['jobs'], params: IdParams, produces: ['text/event-stream'],
      response: { ...errors(401, 403, 404, 429) },
    },
  }, async (req, reply) => {
    const job = readJob(req, req.params.id);
    stream(ctx, req, reply, job);
  });
}

function stream(ctx: RouteContext, req: FastifyRequest, reply: FastifyReply, first: ApiJob): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive',
    'x-request-id': String(req.id), 'x-accel-buffering': 'no',
  });
  let seq = 0;
  const send = (job: Job | ApiJob): void => {
    res.write(`id: ${++seq}\nevent: job\ndata: ${JSON.stringify(job)}\n\n`);
  };
  const handle = { end: () => finish() };
  let unsubscribe = (): void => {};
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
  function finish(): void {
    clearInterval(keepAlive);
    unsubscribe();
    ctx.streams.delete(handle);
    if (!res.writableEnded) res.end();
  }
  ctx.streams.add(handle);
  res.on('close', finish);
  send(first);
  if (FINISHED_STATES.has(first.state)) return finish();
  unsubscribe = ctx.jobs.subscribe(first.id, (job) => {
    send(job);
    if (FINISHED_STATES.has(job.state)) finish();
  });
  // The job may have ended between the read above and the subscription.
  const now = ctx.jobs.get(first.id);
  if (FINISHED_STATES.has(now.state)) {
    send(now);
    finish();
  }
}
