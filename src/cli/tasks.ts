import type { Command, CommandContext } from './command.js';
import { parse, flag, printJson, str } from './args.js';
import type { Parsed } from './args.js';
import { UsageError } from '../core/index.js';
import type { TaskSummary } from '../store/index.js';
import type { TaskDetail } from '../pipeline/index.js';
import { READ_ONLY_OPTION, READ_ONLY_USAGE, cliHome, openCliWorkspace, readOnlyMode } from './workspace.js';
import { wipePendingMessage } from './forget.js';

const usage = `Usage: graft tasks [--json]                      list the tasks
       graft tasks show NAME [--json]            one task's versions
       graft tasks rename NAME NEW [--json]      rename a task (its audit log follows it)
       graft tasks delete NAME --yes [--json]    delete a task, its versions, examples and
                                                 the cached vectors only it held (audited)

The list shows each task's backbone(s), labels, live version and its cross-validated accuracy
(micro-F1 and subset accuracy for multi-label tasks; zero-shot tasks say so), and where the
state lives. NAME may also be given as --task NAME.

Options:
${READ_ONLY_USAGE} (list and show)`;

export const tasksCommand: Command = {
  name: 'tasks',
  usage,
  examples: ['graft tasks', 'graft tasks show tickets', 'graft tasks rename tickets support-tickets', 'graft tasks delete old-experiment --yes'],
  async run(ctx) {
    const p = parse(ctx.argv, { json: { type: 'boolean' }, yes: { type: 'boolean' }, task: { type: 'string' }, ...READ_ONLY_OPTION }, usage);
    const [sub = 'list', ...args] = p.positionals;
    const named = str(p, 'task') === undefined ? args : [str(p, 'task')!, ...args];
    if (sub === 'list') return list(ctx, p);
    if (sub === 'show' && named.length === 1) return show(ctx, p, named[0]!);
    if (sub === 'rename' && named.length === 2) return rename(ctx, p, named[0]!, named[1]!);
    if (sub === 'delete' && named.length === 1) return remove(ctx, p, named[0]!);
    throw new UsageError(`"graft tasks ${p.positionals.join(' ')}" is not a tasks command.\n\n${usage}`, 'bad_usage');
  },
};

async function list(ctx: CommandContext, p: Parsed): Promise<number> {
  const home = cliHome(ctx);
  const ws = openCliWorkspace(ctx, readOnlyMode(p));
  try {
    const tasks = await ws.tasks();
    if (flag(p, 'json')) {
      printJson(ctx.stdout, { home: home.home, tasks });
      return 0;
    }
    if (tasks.length === 0) {
      ctx.stdout.write(`No tasks yet in ${home.home} (${home.reason}). Create one with: graft fit FILE --task NAME\n`);
      return 0;
    }
    for (const t of tasks) ctx.stdout.write(`${t.name}  v${t.liveVersion ?? '-'} of ${t.versions}  on ${t.backbone}  labels: ${t.labels.join(', ')}${describe(t)}\n`);
    ctx.stdout.write(`(state: ${home.home}, ${home.reason})\n`);
    return 0;
  } finally {
    await ws.close();
  }
}

function describe(t: TaskSummary): string {
  const m = t.metrics;
  const kind = m?.multiLabel === 1 ? ', multi-label'
    : m?.zeroShot === 1 ? (m.examples ? `, zero-shot + ${m.examples} examples` : ', zero-shot from label names (no examples yet)') : '';
  const acc = typeof m?.accuracy === 'number' ? `, cv accuracy ${(100 * m.accuracy).toFixed(1)}%`
    : typeof m?.microF1 === 'number' ? `, cv micro-F1 ${(100 * m.microF1).toFixed(1)}%` +
      (typeof m.subsetAccuracy === 'number' ? `, subset accuracy ${(100 * m.subsetAccuracy).toFixed(1)}%` : '')
    : '';
  return kind + acc;
}

async function show(ctx: CommandContext, p: Parsed, name: string): Promise<number> {
  const ws = openCliWorkspace(ctx, readOnlyMode(p));
  try {
    const t = await ws.task(name);
    if (flag(p, 'json')) printJson(ctx.stdout, t);
    else ctx.stdout.write(formatTask(t));
    return 0;
  } finally {
    await ws.close();
  }
}

export function formatTask(t: TaskDetail): string {
  const lines = [`${t.name} on ${t.backbone}, labels: ${t.labels.join(', ')}; privacy ${t.privacy}`];
  for (const v of t.versions) {
    const acc = typeof v.metrics.accuracy === 'number' ? `cv accuracy ${(100 * v.metrics.accuracy).toFixed(1)}%` : '';
    const state = v.deletedAt !== null ? 'deleted (forgotten)' : v.version === t.liveVersion ? 'LIVE' : '';
    lines.push(`  v${v.version}  ${v.kind.padEnd(12)} ${String(v.rows).padStart(7)} rows  ${v.createdAt}  ${[acc, state].filter(Boolean).join('  ')}`);
  }
  return lines.join('\n') + '\n';
}

async function rename(ctx: CommandContext, p: Parsed, from: string, to: string): Promise<number> {
  const ws = openCliWorkspace(ctx);
  try {
    const r = await ws.renameTask(from, to);
    if (flag(p, 'json')) printJson(ctx.stdout, r);
    else ctx.stdout.write(`Renamed task "${from}" to "${to}" (audit record #${r.auditId}).\n`);
    return 0;
  } finally {
    await ws.close();
  }
}

async function remove(ctx: CommandContext, p: Parsed, name: string): Promise<number> {
  if (!flag(p, 'yes')) {
    throw new UsageError(`deleting task "${name}" removes its versions, training examples and cached vectors for good; ` +
      `add --yes to confirm (graft tasks delete ${name} --yes). Its audit log is kept.`, 'confirm_delete');
  }
  const ws = openCliWorkspace(ctx);
  try {
    const r = await ws.deleteTask(name);
    if (flag(p, 'json')) printJson(ctx.stdout, r);
    else {
      ctx.stdout.write(`Deleted task "${name}": ${r.versions} version(s), ${r.examples} training example(s), ` +
        `${r.embeddings} cached vector(s) no other task held (audit record #${r.auditId}; graft audit ${name} still shows its log).\n`);
    }
    if (!r.wipe.complete) ctx.stderr.write(wipePendingMessage(r.wipe.walBytes, r.auditId, name));
    return r.wipe.complete ? 0 : 1;
  } finally {
    await ws.close();
  }
}
