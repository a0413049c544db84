import type { Command } from './command.js';
import { parse, str, flag, list, printJson, taskArg } from './args.js';
import { UsageError } from '../core/index.js';
import type { ForgetResult } from '../pipeline/index.js';
import { openCliWorkspace } from './workspace.js';

const usage = `Usage: graft forget --task NAME (--text TEXT | --match REGEX | --id ID | --value VALUE) [--novelty refit|drop] [--json]

Forgets training examples exactly: removes every example with a matching text from the
task's stored training set and its vector from the embedding cache (kept while another task
still holds the same text), refits every live version that was trained on them (same strategy and seed: the result is the head a fresh fit without them
would give), deletes the old versions' weights, and appends an audit record (hashes only).
The deleted bytes are overwritten and the write-ahead log emptied before it says "Forgot";
if another process keeps reading the store for longer than 5 s, it says the wipe is pending
(finished when the store is next opened) and exits 1.

Options:
  --task NAME      the task
  --text TEXT      an example's text as it was given (matched raw and as the task's privacy policy stored it)
  --match REGEX    a regular expression tested against the texts as stored, after the task's privacy policy
                   (under the default redact policy an e-mail address reads <EMAIL>: use --value for it)
  --id ID          an example's id: the data file's id column, or NAME:LINE (the file's name without its
                   extension, and the line: tickets:12 is line 12 of tickets.csv)
  --value VALUE    a private value (an e-mail address, phone number, ...): every example whose text held it,
                   also when the task stored texts redacted or pseudonymized
  --novelty MODE   refit (default) the versions' novelty detectors, or drop them (much faster on large tasks)
  --json           print one JSON object on stdout

See the record with: graft audit NAME`;

export const forgetCommand: Command = {
  examples: [
    'graft forget --task tickets --id tickets:12               # line 12 of tickets.csv',
    "graft forget --task tickets --match 'charged (twice|two times)'",
    'graft forget --task tickets --value jane.doe@example.com  # every text that held it, stored as <EMAIL>',
    'graft forget --task tickets --text "the online store billed me twice" --json',
  ],
  name: 'forget',
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, {
      task: { type: 'string' }, text: { type: 'string' }, match: { type: 'string' }, id: { type: 'string' }, value: { type: 'string' },
      novelty: { type: 'string' }, json: { type: 'boolean' },
    }, usage);
    const [novelty] = list(p, 'novelty', ['refit'], ['refit', 'drop']) as Array<'refit' | 'drop'>;
    const { task, rest } = taskArg(p, usage);
    if (rest.length > 0) throw new UsageError(`unexpected argument; give the text with --text.\n\n${usage}`);
    const selector = { text: str(p, 'text'), match: str(p, 'match'), id: str(p, 'id'), value: str(p, 'value') };
    const ws = openCliWorkspace(ctx);
    try {
      const r = await ws.forget(task, selector, { signal: ctx.signal, novelty });
      if (flag(p, 'json')) printJson(ctx.stdout, r);
      else ctx.stdout.write(formatForget(r));
      if (!r.wipe.complete) ctx.stderr.write(wipePendingMessage(r.wipe.walBytes, r.auditId, task));
      return r.wipe.complete ? 0 : 1;
    } finally {
      await ws.close();
    }
  },
};

/** Head refits slower than this get a word on sharding. */
const SLOW_REFIT_SECONDS = 2;

/** What a shell says when deleted rows were committed but their old bytes could not yet be overwritten. */
export function wipePendingMessage(walBytes: number, auditId: number, task: string): string {
  return `The deletion is committed, but ${walBytes} bytes of the store's write-ahead log (graft.db-wal), which may hold the ` +
    'deleted text, could not be emptied: another process kept reading the store. They are wiped when the store is next ' +
    `opened with no reader holding it (audit record #${auditId} says wipe "pending" until then; graft audit ${task}).\n`;
}

export function formatForget(r: ForgetResult): string {
  const lines = [
    `${r.wipe.complete ? 'Forgot' : 'Removed (wipe pending)'} ${r.removedTexts} text(s) (${r.removedRows} training row(s)) from task "${r.task}" in ${r.seconds.toFixed(2)} s.`,
    ...r.refitted.map((v) =>
      `  version ${v.from} → refitted as version ${v.to} on ${v.rows} examples (data ${v.dataHash.slice(0, 12)}…)` +
      (v.shards ? `, shard${v.shards.refitted.length === 1 ? '' : 's'} ${v.shards.refitted.join(', ') || '(none)'} of ${v.shards.total} refitted, the rest reused` : '') +
      `; version ${v.from} deleted`),
    `  ${r.embeddingsDeleted} cached embedding(s) deleted` +
      (r.embeddingsKept > 0 ? ` (${r.embeddingsKept} kept: another task holds the same text)` : '') +
      `; live version: ${r.liveVersion ?? 'none'}; audit record #${r.auditId}.`,
  ];
  // A whole-head refit that took long: say what sharding would change, with its price.
  if (r.timings.refit > SLOW_REFIT_SECONDS && r.refitted.some((v) => !v.shards)) {
    lines.push(
      `  The head was refitted whole (${r.timings.refit.toFixed(1)} s): it is one head (fitted with --shards 1, or a kind or label count`,
      '  graft fit does not split by default). Fitted with --shards S (e.g. 20), a forget refits only the shard that held the example',
      '  (about 1 s on 10,000 examples), at some accuracy and calibration (bench/RESULTS.md, unlearn).',
    );
  }
  return lines.join('\n') + '\n';
}
