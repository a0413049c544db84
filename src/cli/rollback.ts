import type { Command } from './command.js';
import { parse, flag, printJson, str } from './args.js';
import { openCliWorkspace } from './workspace.js';
import { UsageError } from '../core/index.js';

const usage = `Usage: graft rollback TASK [--json]

Makes the next older saved version of a task's head live (undoes a retrain or a deploy of a
newer version). Deleted versions are skipped.`;

export const rollbackCommand: Command = {
  name: 'rollback',
  examples: ['graft rollback tickets', 'graft rollback --task tickets --json'],
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, { json: { type: 'boolean' }, task: { type: 'string' } }, usage);
    const given = str(p, 'task');
    const [task, ...extra] = given === undefined ? p.positionals : [given, ...p.positionals];
    if (!task || extra.length > 0) throw new UsageError(`give one task name, e.g. graft rollback spam.\n\n${usage}`);
    const ws = openCliWorkspace(ctx);
    try {
      const r = await ws.rollback(task);
      if (flag(p, 'json')) printJson(ctx.stdout, r);
      else ctx.stdout.write(`${task}: live version ${r.from} → ${r.to}\n`);
      return 0;
    } finally {
      await ws.close();
    }
  },
};
