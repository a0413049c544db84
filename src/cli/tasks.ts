import type { Command } from './command.js';
import { parse, flag, printJson } from './args.js';
import { openCliWorkspace } from './workspace.js';

const usage = `Usage: graft tasks [--json]

Lists the saved tasks: backbone(s), labels, live version and its cross-validated accuracy
(micro-F1 and subset accuracy for multi-label tasks; zero-shot tasks say so).`;

export const tasksCommand: Command = {
  name: 'tasks',
  summary: 'list saved tasks and their live versions',
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, { json: { type: 'boolean' } }, usage);
    const ws = openCliWorkspace(ctx);
    try {
      const tasks = await ws.tasks();
      if (flag(p, 'json')) {
        printJson(ctx.stdout, { tasks });
        return 0;
      }
      if (tasks.length === 0) {
        ctx.stdout.write(`No tasks yet in ${ws.home}. Create one with: graft fit FILE --task NAME\n`);
        return 0;
      }
      for (const t of tasks) {
        const m = t.metrics;
        const kind = m?.multiLabel === 1 ? ', multi-label'
          : m?.zeroShot === 1 ? (m.examples ? `, zero-shot + ${m.examples} examples` : ', zero-shot from label names (no examples yet)') : '';
        const acc = typeof m?.accuracy === 'number' ? `, cv accuracy ${(100 * m.accuracy).toFixed(1)}%`
          : typeof m?.microF1 === 'number' ? `, cv micro-F1 ${(100 * m.microF1).toFixed(1)}%` +
            (typeof m.subsetAccuracy === 'number' ? `, subset accuracy ${(100 * m.subsetAccuracy).toFixed(1)}%` : '')
          : '';
        ctx.stdout.write(`${t.name}  v${t.liveVersion ?? '-'} of ${t.versions}  on ${t.backbone}  labels: ${t.labels.join(', ')}${kind}${acc}\n`);
      }
      return 0;
    } finally {
      await ws.close();
    }
  },
};
