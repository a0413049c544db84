import type { Command } from './command.js';
import { parse, flag, printJson, str } from './args.js';
import { openCliWorkspace } from './workspace.js';
import { UsageError } from '../core/index.js';

const usage = `Usage: graft deploy TASK VERSION [--json]
       graft deploy --task TASK VERSION

Makes a saved version of a task's head the live one: \`graft predict\` uses it from now on.
See the versions with \`graft tasks show TASK\` (\`graft fit\` makes each new version live
itself); undo with \`graft rollback TASK\` or another deploy.`;

export const deployCommand: Command = {
  name: 'deploy',
  usage,
  examples: ['graft tasks show tickets       # the versions and which is live', 'graft deploy tickets 2', 'graft deploy --task tickets 3 --json'],
  async run(ctx) {
    const p = parse(ctx.argv, { json: { type: 'boolean' }, task: { type: 'string' } }, usage);
    const given = str(p, 'task');
    const [task, v, ...extra] = given === undefined ? p.positionals : [given, ...p.positionals];
    const version = Number(v);
    if (!task || v === undefined || extra.length > 0 || !Number.isInteger(version) || version < 1) {
      throw new UsageError(`give a task and a version number, e.g. graft deploy spam 2 (got ${JSON.stringify(p.positionals)}).\n\n${usage}`);
    }
    const ws = openCliWorkspace(ctx);
    try {
      const r = await ws.deploy(task, version);
      if (flag(p, 'json')) printJson(ctx.stdout, r);
      else if (r.from === r.to) ctx.stdout.write(`${task}: version ${r.to} is already live (graft fit makes each new version live).\n`);
      else ctx.stdout.write(`${task}: live version ${r.from ?? '-'} → ${r.to}\n`);
      return 0;
    } finally {
      await ws.close();
    }
  },
};
