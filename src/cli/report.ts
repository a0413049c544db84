import { writeFileSync, renameSync } from 'node:fs';
import type { Command } from './command.js';
import { flag, parse, printJson, str } from './args.js';
import { READ_ONLY_OPTION, READ_ONLY_USAGE, cliOutputPath, openCliWorkspace, readOnlyMode } from './workspace.js';
import { UsageError } from '../core/index.js';
import { backboneNamesOf, formatBackboneComparison, formatBakeoffSummary } from '../eval/index.js';
import type { BackboneCost, BakeoffResult } from '../eval/index.js';
import { formatAdvice, parseAdvice } from '../advisor/index.js';
import { REPORT_KINDS } from '../pipeline/index.js';

const usage = `Usage: graft report RUN [options]

Re-opens a stored bake-off or advice: prints its summary, writes its HTML report, or prints its JSON.
The numbers are the stored ones; nothing is recomputed.

Options:
  --html FILE   write the self-contained HTML report to FILE
  --json        print the stored result as JSON
${READ_ONLY_USAGE}`;

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
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, { html: { type: 'string' }, json: { type: 'boolean' }, ...READ_ONLY_OPTION }, usage);
    const id = p.positionals[0];
    if (!id || p.positionals.length > 1) throw new UsageError(`graft report: give exactly one run id (see \`graft runs\`).\n\n${usage}`);
    const htmlArg = str(p, 'html');
    const html = htmlArg === undefined ? undefined : cliOutputPath(ctx, htmlArg, '--html');
    const ws = openCliWorkspace(ctx, readOnlyMode(p));
    try {
      const run = await ws.run<BakeoffResult>(id);
      if (!REPORT_KINDS.includes(run.kind)) throw new UsageError(`Run ${id} is a "${run.kind}" run; graft report shows bake-offs and advice (graft runs --kind bakeoff, --kind advise).`);
      const advice = run.kind === 'advise' ? parseAdvice(run.result) : undefined;
      // What a bake-off measured when it embedded (absent in runs saved before it was kept).
      const costs = (run.config as { measured?: { costs?: Record<string, BackboneCost> } }).measured?.costs ?? {};
      if (flag(p, 'json')) printJson(ctx.stdout, { ...run, ...(advice ? { result: advice } : {}) });
      else {
        ctx.stdout.write(advice ? formatAdvice(advice)
          : formatBakeoffSummary(run.result) + formatBackboneComparison(run.result.backbones ?? [], costs, backboneNamesOf(run.versions)));
      }
      if (html) {
        writeReport(html, await ws.runReport(run.id));
        ctx.stderr.write(`HTML report written to ${html}\n`);
      }
      return 0;
    } finally {
      await ws.close();
    }
  },
};
