/** Predictions: one task on texts, or several tasks on the same texts with one embedding pass. */
import type { ExplainTaskResult, PredictResult } from '../../pipeline/index.js';
import { UsageError } from '../../core/index.js';
import { scopeAllows } from '../../store/index.js';
import { allowTask } from '../auth.js';
import { ForbiddenError } from '../errors.js';
import { PredictManySchema, PredictResultSchema, TaskParams, errors, predictBody, predictManyBody } from '../schemas.js';
import type { App, RouteContext } from './context.js';

export function predictRoutes(app: App, ctx: RouteContext): void {
  app.post('/v1/tasks/:task/predict', {
    config: { access: { scope: 'predict', tasks: 'param' } },
    schema: {
      summary: 'Predict labels for texts with a task',
      description: 'Each text gets the task\'s privacy policy, is embedded (cache, then batched with concurrent requests), and read by the live (or given) head version. Out-of-distribution texts are flagged.',
      tags: ['predict'], params: TaskParams, body: predictBody(ctx.limits),
      response: { 200: PredictResultSchema, ...errors(400, 401, 403, 404, 413, 429) },
    },
  }, async (req) => {
    const { task } = req.params;
    const { texts, version, explain, neighbours = 0 } = req.body;
    if (neighbours > 0 && !explain) throw new UsageError('"neighbours" comes with the explanation: add "explain": true.', 'bad_request');
    if (neighbours > 0 && req.apiKey && !scopeAllows(req.apiKey.scope, 'train')) {
      throw new ForbiddenError(`Key ${req.apiKey.id} has the scope "${req.apiKey.scope}"; nearest training examples are training data and need "train". Leave out "neighbours".`);
    }
    const result = await ctx.predictor.predict(task, texts, version);
    ctx.metrics.predicted(task, texts.length);
    // The explanation reads the version the prediction came from, even if another was deployed meanwhile.
    const explained = explain ? await ctx.ws.explain(task, texts, { version: result.version, neighbours }) : undefined;
    return formatPrediction(result, explained);
  });

  app.post('/v1/predict', {
    config: { access: { scope: 'predict', tasks: 'handler' } },
    schema: {
      summary: 'Predict with several tasks on the same texts',
      description: 'Texts are embedded once per backbone and policy, however many tasks read them.',
      tags: ['predict'], body: predictManyBody(ctx.limits),
      response: { 200: PredictManySchema, ...errors(400, 401, 403, 404, 413, 429) },
    },
  }, async (req) => {
    const { tasks, texts } = req.body;
    for (const t of tasks) allowTask(req, t);
    const results = await ctx.ws.predictMany(tasks, texts);
    for (const r of results) ctx.metrics.predicted(r.task, texts.length);
    return { results: results.map((r) => formatPrediction(r)) };
  });
}

function formatPrediction(r: PredictResult, explained?: ExplainTaskResult) {
  return {
    task: r.task, version: r.version, backbone: r.backbone,
    predictions: r.predictions.map((p, i) => {
      const e = explained?.explanations[i];
      if (!e) return p;
      const explanation = {
        text: e.text, attributions: e.attributions, wordsSkipped: e.wordsSkipped, ...(e.labelSimilarity ? { labelSimilarity: e.labelSimilarity } : {}),
        ...(e.neighbours.length > 0 ? { neighbours: e.neighbours.map(({ label, similarity, text }) => ({ label, similarity, text })) } : {}),
      };
      return { ...p, explanation };
    }),
  };
}
