import type { Command } from './command.js';
import { parse, flag, printJson, taskArg } from './args.js';
import { UsageError } from '../core/index.js';
import type { AuditEntry } from '../store/index.js';
import { READ_ONLY_OPTION, READ_ONLY_USAGE, openCliWorkspace, readOnlyMode } from './workspace.js';

const usage = `Usage: graft audit TASK [--json] [--read-only]

Lists the task's audit log, oldest first: fits (version, head kind, rows, data hash),
deployments, rollbacks, renames, deletion and forget requests (what was removed, as hashes;
which versions were refitted; the new data hashes). A deleted task's log stays readable.
The task may also be given as --task TASK.

Options:
  --json               print one JSON object on stdout
${READ_ONLY_USAGE}`;

export const auditCommand: Command = {
  name: 'audit',
  usage,
  examples: ['graft audit tickets', 'graft audit --task tickets --json'],
  async run(ctx) {
    const p = parse(ctx.argv, { json: { type: 'boolean' }, task: { type: 'string' }, ...READ_ONLY_OPTION }, usage);
    const { task, rest } = taskArg(p, usage);
    if (rest.length > 0) throw new UsageError(`give exactly one task name.\n\n${usage}`);
    const ws = openCliWorkspace(ctx, readOnlyMode(p));
    try {
      // Entries outlive their task, so a deleted task's record can still be read.
      const entries = await ws.audit(task);
      if (flag(p, 'json')) printJson(ctx.stdout, { task, entries });
      else ctx.stdout.write(formatAudit(task, entries));
      return 0;
    } finally {
      await ws.close();
    }
  },
};

export function formatAudit(task: string, entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return `Task "${task}" has no audit records yet.\n`;
  const lines = [`Audit log of task "${task}" (${entries.length} records):`];
  for (const e of entries) lines.push(`  #${e.id}  ${e.at}  ${e.action.padEnd(8)}  ${summarize(e)}`);
  return lines.join('\n') + '\n';
}

function summarize(e: AuditEntry): string {
  const d = e.detail;
  if (e.action === 'forget') {
    const refitted = (d.refitted as Array<{ from: number; to: number; dataHash: string }> | undefined) ?? [];
    const hashes = (d.removedHashes as string[] | undefined) ?? [];
    return `by ${String(d.selector)}: ${hashes.length} text(s) [${hashes.map((h) => h.slice(0, 12)).join(', ')}]; ` +
      `${refitted.map((r) => `v${r.from}→v${r.to} (data ${r.dataHash.slice(0, 12)})`).join(', ')}; ${String(d.embeddingsDeleted)} cached embedding(s) deleted`;
  }
  return Object.entries(d).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
}
