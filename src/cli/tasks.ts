import type { Command } from './command.js';
import { parse, flag, printJson } from './args.js';
import { openCliWorkspace } from './workspace.js';

const usage = `Usage: graft tasks [--json]

Lists the saved tasks: backbone, labels, live version and its cross-validated accuracy.`;

export const tasksCommand: Command = {
  name: 'tasks',
  summary: 'list saved tasks and their live versions',
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, { json: { type: 'boolean' } }, usage);
    const ws = openCliWorkspace(ctx);
    try {
      const tasks = ws.tasks.listTasks();
      if (flag(p, 'json')) {
        printJson(ctx.stdout, { tasks });
        return 0;
      }
      if (tasks.length === 0) {
        ctx.stdout.write(`No tasks yet in ${ws.home}. Create one with: graft fit FILE --task NAME\n`);
        return 0;
      }
      for (const t of tasks) {
        const acc = typeof t.metrics?.accuracy === 'number' ? `, cv accuracy ${(100 * t.metrics.accuracy).toFixed(1)}%` : '';
        ctx.stdout.write(`${t.name}  v${t.liveVersion ?? '-'} of ${t.versions}  on ${t.backbone}  labels: ${t.labels.join(', ')}${acc}\n`);
      }
      return 0;
    } finally {
      await ws.close();
    }
  },
};
