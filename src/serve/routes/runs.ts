/** Saved evaluations, bake-offs and advice, and the HTML report of a bake-off or an advice. */
import { IdParams, RunListQuery, RunListSchema, RunSchema, TextSchema, asJsonObject, errors } from '../schemas.js';
import type { App, RouteContext } from './context.js';

/** The report is self-contained (inline CSS and SVG, its data as inert JSON): nothing else may load or run. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

export function runRoutes(app: App, ctx: RouteContext): void {
  app.get('/v1/runs', {
    config: { access: { scope: 'train', tasks: 'all' } },
    schema: { summary: 'List saved runs, newest first', tags: ['runs'], querystring: RunListQuery, response: { 200: RunListSchema, ...errors(400, 401, 403, 429) } },
  }, async (req) => ({ runs: (await ctx.ws.runs(req.query)).map((r) => ({ ...r, config: asJsonObject(r.config) })) }));

  app.get('/v1/runs/:id', {
    config: { access: { scope: 'train', tasks: 'all' } },
    schema: { summary: 'Read a run with its result', tags: ['runs'], params: IdParams, response: { 200: RunSchema, ...errors(401, 403, 404, 429) } },
  }, async (req) => {
    const run = await ctx.ws.run(req.params.id);
    return { ...run, config: asJsonObject(run.config) };
  });

  app.get('/v1/runs/:id/report', {
    config: { access: { scope: 'train', tasks: 'all' } },
    schema: {
      summary: 'A bake-off\'s or an advice\'s HTML report', description: 'The same self-contained page as `graft report RUN --html FILE`; a quick leaderboard has none (409 no_report).',
      tags: ['runs'], params: IdParams, produces: ['text/html'], response: { 200: TextSchema, ...errors(401, 403, 404, 409, 429) },
    },
  }, async (req, reply) => {
    const html = await ctx.ws.runReport(req.params.id); // 409 no_report for a quick leaderboard
    return reply.type('text/html; charset=utf-8').header('content-security-policy', REPORT_CSP).send(html);
  });
}
