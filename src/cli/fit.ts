import { resolve } from 'node:path';
import type { Command } from './command.js';
import { parse, str, flag, int, list, printJson } from './args.js';
import { loadDataset } from '../data/index.js';
import { BACKBONE_NAMES } from '../backbones/index.js';
import { HEAD_KINDS } from '../heads/index.js';
import { fitTask } from '../pipeline/index.js';
import { UsageError } from '../core/index.js';
import { openCliWorkspace } from './workspace.js';
import { formatFit } from './format.js';
import { progressBar } from './progress.js';
import { DEFAULT_POLICY, formatPrivacyReport, parsePolicy } from '../privacy/index.js';

const usage = `Usage: graft fit <file> --task NAME [options]

Fits a head on the labelled file and saves it as the task's next version.

Options:
  --task NAME          task to save into (created on first fit)
  --strategy KIND      head kind: ${HEAD_KINDS.join(', ')} (default: logistic)
  --backbone NAME      ${BACKBONE_NAMES.join(', ')} (default: use-lite)
  --text COL           column holding the text (default: text)
  --label COL          column holding the label (default: label)
  --folds N            folds for the cross-validated metrics saved with it (default: 5; 0 skips)
  --seed N             random seed (default: 42)
  --privacy POLICY     redact (default), pseudonymize, refuse or allow: what happens to
                       private data (e-mails, phones, names, ...) before anything is embedded or stored
  --json               print one JSON object on stdout`;

export const fitCommand: Command = {
  name: 'fit',
  summary: 'fit a head on a labelled file and save it as a new task version',
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, {
      task: { type: 'string' }, strategy: { type: 'string' }, backbone: { type: 'string' },
      text: { type: 'string' }, label: { type: 'string' }, folds: { type: 'string' },
      seed: { type: 'string' }, json: { type: 'boolean' }, privacy: { type: 'string' },
    }, usage);
    const file = p.positionals[0];
    const task = str(p, 'task');
    if (!file || p.positionals.length > 1) throw new UsageError(`give exactly one data file.\n\n${usage}`);
    if (!task) throw new UsageError(`--task NAME is required.\n\n${usage}`);
    const [strategy] = list(p, 'strategy', ['logistic'], HEAD_KINDS);
    const [backbone] = list(p, 'backbone', ['use-lite'], BACKBONE_NAMES);
    const folds = int(p, 'folds', 5, 0, 20);
    if (folds === 1) throw new UsageError('--folds must be 0 (skip) or at least 2.');
    const seed = int(p, 'seed', 42, 0, 2 ** 31 - 1);
    const privacy = parsePolicy(str(p, 'privacy') ?? DEFAULT_POLICY);
    const ds = await loadDataset(resolve(ctx.cwd, file), { text: str(p, 'text'), label: str(p, 'label'), folds: folds || undefined });
    const bar = progressBar(ctx.stderr, ctx.interactive);
    const ws = openCliWorkspace(ctx);
    try {
      const r = await fitTask(ws, ds, { task, strategy: strategy!, backbone: backbone!, seed, folds, privacy, signal: ctx.signal, onProgress: bar.update });
      bar.done();
      if (!flag(p, 'json')) ctx.stderr.write(formatPrivacyReport(r.privacy));
      if (flag(p, 'json')) printJson(ctx.stdout, r);
      else ctx.stdout.write(formatFit(r));
      return 0;
    } finally {
      bar.done();
      await ws.close();
    }
  },
};
