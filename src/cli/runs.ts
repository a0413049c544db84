import type { Command } from './command.js';
import { flag, int, parse, printJson, str } from './args.js';
import { READ_ONLY_OPTION, READ_ONLY_USAGE, openCliWorkspace, readOnlyMode } from './workspace.js';

const usage = `Usage: graft runs [options]

Lists stored runs (bake-offs and evaluations), newest first.

Options:
  --kind KIND   only runs of this kind (e.g. bakeoff)
  --limit N     at most N runs (default 20)
  --json        print one JSON array on stdout
${READ_ONLY_USAGE}`;

export const runsCommand: Command = {
  name: 'runs',
  examples: [
    'graft runs',
    'graft runs --kind bakeoff --limit 5 --json',
  ],
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, { kind: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, ...READ_ONLY_OPTION }, usage);
    const limit = int(p, 'limit', 20, 1, 100000);
    const ws = openCliWorkspace(ctx, readOnlyMode(p));
    try {
      const runs = await ws.runs({ kind: str(p, 'kind'), limit });
      if (flag(p, 'json')) {
        printJson(ctx.stdout, runs);
        return 0;
      }
      if (runs.length === 0) {
        ctx.stdout.write('No stored runs yet. `graft eval FILE` runs a bake-off and stores it.\n');
        return 0;
      }
      for (const r of runs) {
        const c = r.config as { dataset?: string; strategies?: string[]; backbones?: string[] };
        const what = [c.dataset, c.strategies?.join(','), c.backbones?.join(',')].filter(Boolean).join('  ');
        ctx.stdout.write(`${r.id}  ${r.kind.padEnd(8)} ${r.createdAt.slice(0, 19).replace('T', ' ')}  seed ${r.seed}  data ${r.dataHash.slice(0, 12)}  ${what}\n`);
      }
      return 0;
    } finally {
      await ws.close();
    }
  },
};
