/** Tasks: list, read, deploy, roll back, audit and forget. */
import { canSeeTask } from '../auth.js';
import {
  AuditSchema, DeployBody, DeploySchema, ForgetBody, ForgetSchema, TaskDetailSchema, TaskListSchema, TaskParams, asJsonObject, errors,
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
}
