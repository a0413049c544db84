/** Tasks: list, read, deploy, roll back, audit, forget, rename and delete. */
import { canSeeTask } from '../auth.js';
import { ConflictError } from '../errors.js';
import {
  AuditSchema, DeleteTaskSchema, DeployBody, DeploySchema, ForgetBody, ForgetSchema, RenameBody, RenameSchema, TaskDetailSchema, TaskListSchema,
  TaskParams, asJsonObject, errors,
} from '../schemas.js';
import type { App, RouteContext } from './context.js';

export function taskRoutes(app: App, ctx: RouteContext): void {
  app.get('/v1/tasks', {
    config: { access: { scope: 'predict', tasks: 'handler' } },
    schema: {
      summary: 'List tasks', description: 'Every task with its live version and metrics (a task-limited key sees its tasks only).',
      tags: ['tasks'], response: { 200: TaskListSchema, ...errors(401, 403, 429) },
    },
  }, async (req) => ({ tasks: (await ctx.ws.tasks()).filter((t) => canSeeTask(req, t.name)) }));

  app.get('/v1/tasks/:task', {
    config: { access: { scope: 'predict', tasks: 'param' } },
    schema: {
      summary: 'Read a task', description: 'Labels, backbone, privacy policy and every version with its metrics.',
      tags: ['tasks'], params: TaskParams, response: { 200: TaskDetailSchema, ...errors(401, 403, 404, 429) },
    },
  }, async (req) => {
    const t = await ctx.ws.task(req.params.task);
    return { ...t, versions: t.versions.map((v) => ({ ...v, strategy: asJsonObject(v.strategy) })) };
  });

  app.post('/v1/tasks/:task/deploy', {
    config: { access: { scope: 'admin', tasks: 'param' } },
    schema: {
      summary: 'Make a saved version live', description: 'Audited; needs an admin key. Requests already reading the old version finish on it.',
      tags: ['tasks'], params: TaskParams, body: DeployBody, response: { 200: DeploySchema, ...errors(400, 401, 403, 404, 429) },
    },
  }, async (req) => ctx.ws.deploy(req.params.task, req.body.version));

  app.post('/v1/tasks/:task/rollback', {
    config: { access: { scope: 'admin', tasks: 'param' } },
    schema: {
      summary: 'Make the next older version live', description: 'Audited; needs an admin key.', tags: ['tasks'], params: TaskParams,
      response: { 200: DeploySchema, ...errors(400, 401, 403, 404, 429) },
    },
  }, async (req) => ctx.ws.rollback(req.params.task));

  app.get('/v1/tasks/:task/audit', {
    config: { access: { scope: 'admin', tasks: 'param' } },
    schema: {
      summary: 'The task\'s audit log', description: 'Fits, deploys, rollbacks and forgets, oldest first (ids, counts and hashes; never texts).',
      tags: ['tasks'], params: TaskParams, response: { 200: AuditSchema, ...errors(401, 403, 404, 429) },
    },
  }, async (req) => ({ entries: await ctx.ws.audit(req.params.task) }));

  app.post('/v1/tasks/:task/forget', {
    config: { access: { scope: 'admin', tasks: 'param' } },
    schema: {
      summary: 'Forget training examples (exact unlearning)',
      description: 'Removes the examples, refits every version trained on them as if they had never been given, deletes the old weights and cached vectors, and audits it.',
      tags: ['tasks'], params: TaskParams, body: ForgetBody, response: { 200: ForgetSchema, ...errors(400, 401, 403, 404, 429) },
    },
  }, async (req) => ctx.ws.forget(req.params.task, req.body));

  app.post('/v1/tasks/:task/rename', {
    // A task-limited key names its tasks: renaming one would move it out of (or into) the key's reach.
    config: { access: { scope: 'admin', tasks: 'all' } },
    schema: {
      summary: 'Rename a task', description: 'Its versions, examples and audit log follow it; audited. Keys limited to the old name do not follow.',
      tags: ['tasks'], params: TaskParams, body: RenameBody, response: { 200: RenameSchema, ...errors(400, 401, 403, 404, 409, 429) },
    },
  }, async (req) => {
    refuseWhileJobs(ctx, req.params.task, 'renamed');
    return ctx.ws.renameTask(req.params.task, req.body.to);
  });

  app.delete('/v1/tasks/:task', {
    config: { access: { scope: 'admin', tasks: 'param' } },
    schema: {
      summary: 'Delete a task',
      description: 'Its versions, examples, novelty detectors and the cached vectors only it held are deleted, freed bytes zeroed; the audit log keeps its entries and a delete record.',
      tags: ['tasks'], params: TaskParams, response: { 200: DeleteTaskSchema, ...errors(400, 401, 403, 404, 409, 429) },
    },
  }, async (req) => {
    refuseWhileJobs(ctx, req.params.task, 'deleted');
    return ctx.ws.deleteTask(req.params.task);
  });
}

/** A fit still queued or running would write the task again (or lose its job record) under a rename or delete. */
function refuseWhileJobs(ctx: RouteContext, task: string, what: string): void {
  const open = ['queued', 'running'] as const;
  const job = open.flatMap((state) => ctx.jobs.list({ task, state, limit: 1 }))[0];
  if (job) throw new ConflictError(`Task "${task}" has a ${job.kind} job ${job.state} (${job.id}); it can be ${what} once the job has ended (DELETE /v1/jobs/${job.id} cancels it).`, 'task_busy');
}
