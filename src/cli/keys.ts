import type { Command } from './command.js';
import { parse, flag, int, printJson, str } from './args.js';
import { openCliWorkspace } from './workspace.js';
import { UsageError } from '../core/index.js';
import { API_SCOPES, ApiKeyStore, openDb } from '../store/index.js';
import type { ApiKey } from '../store/index.js';

const usage = `Usage: graft keys create --scope SCOPE [--task NAME]... [--name TEXT] [--rate N] [--json]
       graft keys list [--json]
       graft keys revoke ID

API keys for \`graft serve\`. A key is printed once, when it is created: only a hash of it is
kept, so store it where it is needed. Clients send it as "Authorization: Bearer KEY".
Once any key exists, every request to the server needs one (on loopback too).

Scopes (each includes the ones before it):
  predict   predictions, embeddings, scan, reading tasks
  train     + fits (a fit's version goes live), evaluations, jobs, runs
  admin     + deploy and rollback of any version, forget, the audit log

Options:
  --scope SCOPE   ${API_SCOPES.join(', ')}
  --task NAME     limit the key to this task (repeat, or comma-separate, for several)
  --name TEXT     a note to tell keys apart in \`graft keys list\`
  --rate N        requests a minute this key may make (default: the server's, 600)
  --json          print JSON`;

export const keysCommand: Command = {
  name: 'keys',
  usage,
  examples: [
    'graft keys create --scope predict --task spam --name billing-app   # prints the key once',
    'graft keys create --scope admin --rate 60',
    'graft keys list',
    'graft keys revoke k_…',
  ],
  async run(ctx) {
    const p = parse(ctx.argv, {
      scope: { type: 'string' }, task: { type: 'string', multiple: true }, name: { type: 'string' }, rate: { type: 'string' }, json: { type: 'boolean' },
    }, usage);
    const [action, ...rest] = p.positionals;
    const ws = openCliWorkspace(ctx);
    const db = openDb(ws.home);
    try {
      const keys = new ApiKeyStore(db);
      if (action === 'create' && rest.length === 0) {
        const scope = str(p, 'scope');
        if (!scope) throw new UsageError(`graft keys create needs --scope (${API_SCOPES.join(', ')}).\n\n${usage}`);
        const tasks = ((p.values.task as string[] | undefined) ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
        const rate = str(p, 'rate') === undefined ? undefined : int(p, 'rate', 0, 1, 1_000_000);
        const { key, secret } = keys.create({ scope, tasks, name: str(p, 'name'), ratePerMinute: rate });
        if (flag(p, 'json')) {
          printJson(ctx.stdout, { ...key, key: secret });
        } else {
          ctx.stdout.write(`${secret}\n`);
          ctx.stderr.write(`Created ${describe(key)}.\nThis is the only time the key is shown: graft keeps only its hash.\n`);
        }
        return 0;
      }
      if (action === 'list' && rest.length === 0) {
        const all = keys.list();
        if (flag(p, 'json')) printJson(ctx.stdout, { keys: all });
        else if (all.length === 0) ctx.stdout.write('No API keys. Create one with: graft keys create --scope predict\n');
        else for (const k of all) ctx.stdout.write(`${describe(k)}${k.revokedAt ? `, revoked ${k.revokedAt}` : ''}\n`);
        return 0;
      }
      if (action === 'revoke' && rest.length === 1) {
        const k = keys.revoke(rest[0]!);
        if (flag(p, 'json')) printJson(ctx.stdout, k);
        else ctx.stdout.write(`Revoked ${k.id}: requests with it get 401 from now on.\n`);
        return 0;
      }
      throw new UsageError(`give one of: create, list, revoke ID.\n\n${usage}`);
    } finally {
      db.close();
      await ws.close();
    }
  },
};

function describe(k: ApiKey): string {
  const tasks = k.tasks ? `tasks ${k.tasks.join(', ')}` : 'every task';
  const rate = k.ratePerMinute ? `, ${k.ratePerMinute}/min` : '';
  return `${k.id}  scope ${k.scope}, ${tasks}${rate}${k.name ? ` (${k.name})` : ''}, created ${k.createdAt}`;
}
