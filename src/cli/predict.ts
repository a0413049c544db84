import { resolve } from 'node:path';
import type { Command } from './command.js';
import { parse, str, flag, int, printJson } from './args.js';
import { loadDataset } from '../data/index.js';
import { predictTask, explainTask } from '../pipeline/index.js';
import { formatExplanation } from '../explain/index.js';
import { UsageError } from '../core/index.js';
import { openCliWorkspace } from './workspace.js';
import { formatPredictions } from './format.js';
import { progressBar } from './progress.js';

const usage = `Usage: graft predict --task NAME [TEXT...] [--file FILE] [options]

Predicts labels with a task's live head (or a named version), with the probability of
every label.

Options:
  --task NAME          the task
  --version N          a saved version instead of the live one
  --file FILE          read texts from a csv/tsv/jsonl file (its --text column)
  --text COL           column holding the text in --file (default: text)
  --explain            explain each prediction: per-label probability and similarity, the
                       words that decided it (occlusion) and the nearest training examples
  --json               print one JSON object on stdout`;

export const predictCommand: Command = {
  name: 'predict',
  summary: "predict labels for texts with a task's head",
  usage,
  async run(ctx) {
    const p = parse(ctx.argv, {
      task: { type: 'string' }, version: { type: 'string' }, file: { type: 'string' },
      text: { type: 'string' }, json: { type: 'boolean' }, explain: { type: 'boolean' },
    }, usage);
    const task = str(p, 'task');
    if (!task) throw new UsageError(`--task NAME is required.\n\n${usage}`);
    const version = str(p, 'version') === undefined ? undefined : int(p, 'version', 1, 1, 2 ** 31 - 1);
    const texts = [...p.positionals];
    const file = str(p, 'file');
    if (file) {
      const ds = await loadDataset(resolve(ctx.cwd, file), { text: str(p, 'text'), requireLabels: false });
      texts.push(...ds.examples.map((e) => e.text));
    }
    if (texts.length === 0) throw new UsageError(`give texts to predict as arguments or with --file FILE.\n\n${usage}`);
    const bar = progressBar(ctx.stderr, ctx.interactive);
    const ws = openCliWorkspace(ctx);
    try {
      if (flag(p, 'explain')) {
        const e = await explainTask(ws, task, texts, { version, signal: ctx.signal, onProgress: bar.update });
        bar.done();
        if (flag(p, 'json')) printJson(ctx.stdout, e);
        else ctx.stdout.write(e.explanations.map((x) => formatExplanation(x)).join('\n'));
        return 0;
      }
      const r = await predictTask(ws, task, texts, { version, signal: ctx.signal, onProgress: bar.update });
      bar.done();
      if (flag(p, 'json')) printJson(ctx.stdout, r);
      else ctx.stdout.write(formatPredictions(r, texts));
      return 0;
    } finally {
      bar.done();
      await ws.close();
    }
  },
};
