import { writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command, CommandContext } from './command.js';
import { flag, parse, printJson, str } from './args.js';
import { openCliWorkspace } from './workspace.js';
import { UsageError } from '../core/index.js';
import { formatBakeoffSummary, renderBakeoffHtml } from '../eval/index.js';
import type { BakeoffResult } from '../eval/index.js';
import { formatAdvice, parseAdvice, renderAdviceHtml } from '../advisor/index.js';
import type { Workspace } from '../pipeline/index.js';

const usage = `Usage: graft report RUN [options]

Re-opens a stored bake-off or advice: prints its summary, writes its HTML report, or prints its JSON.
The numbers are the stored ones; nothing is recomputed.

Options:
  --html FILE   write the self-contained HTML report to FILE
  --json        print the stored result as JSON`;

/** Writes the report atomically (temp file + rename): never a half-written page. */
export function writeReport(path: string, html: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, html);
  renameSync(tmp, path);
}

export const reportCommand: Command = {
  name: 'report',
  examples: [
    'graft runs --limit 1',
    'graft report RUN --html report.html',
    'graft report RUN --json',
  ],
  summary: 'show a stored bake-off or advice again (summary, --html FILE, --json)',
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, { html: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const id = p.positionals[0];
    if (!id || p.positionals.length > 1) throw new UsageError(`graft report: give exactly one run id (see \`graft runs\`).\n\n${usage}`);
    const ws = openCliWorkspace(ctx);
    try {
      const run = await ws.run<BakeoffResult>(id);
      if (run.kind === 'advise') return await reportAdvice(ctx, ws, run, flag(p, 'json'), str(p, 'html'));
      if (run.kind !== 'bakeoff') throw new UsageError(`Run ${id} is a "${run.kind}" run; graft report shows bake-offs and advice (graft runs --kind bakeoff).`);
      if (flag(p, 'json')) printJson(ctx.stdout, { ...run });
      else ctx.stdout.write(formatBakeoffSummary(run.result));
      const html = str(p, 'html');
      if (html) {
        const path = resolve(ctx.cwd, html);
        writeReport(path, renderBakeoffHtml(run.result, {
          runId: run.id, createdAt: run.createdAt, dataHash: run.dataHash, versions: run.versions,
          title: `graft bake-off ${(run.config as { dataset?: string }).dataset ?? ''}`.trim(),
        }));
        ctx.stderr.write(`HTML report written to ${path}\n`);
      }
      return 0;
    } finally {
      await ws.close();
    }
  },
};

/** An advice run: its summary, or its JSON, and the HTML page with the bake-off it came from. */
async function reportAdvice(ctx: CommandContext, ws: Workspace, run: { id: string; createdAt: string; dataHash: string; versions: Record<string, string>; result: unknown }, json: boolean, html: string | undefined): Promise<number> {
  const advice = parseAdvice(run.result);
  if (json) printJson(ctx.stdout, { ...run, result: advice });
  else ctx.stdout.write(formatAdvice(advice));
  if (html) {
    const path = resolve(ctx.cwd, html);
    const bakeoff = await ws.run<BakeoffResult>(advice.alternatives.bakeoffRunId);
    writeReport(path, renderAdviceHtml(advice, bakeoff.result, { runId: run.id, createdAt: run.createdAt, dataHash: run.dataHash, versions: run.versions }));
    ctx.stderr.write(`HTML report written to ${path}\n`);
  }
  return 0;
}
