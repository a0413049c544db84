import type { Command } from './command.js';
import { parse, str, flag, int, printJson, taskArg, dataPath } from './args.js';
import { checkTextFile, readTexts } from '../data/index.js';
import { formatExplanation } from '../explain/index.js';
import { UsageError } from '../core/index.js';
import { READ_ONLY_OPTION, READ_ONLY_USAGE, openCliWorkspace, readOnlyMode } from './workspace.js';
import { formatPredictions, printable } from './format.js';
import { progressBar } from './progress.js';
import type { PredictResult } from '../pipeline/index.js';
import { jsonPredictionSink, predictFile, textPredictionSink } from './predict-file.js';

const usage = `Usage: graft predict --task NAME [TEXT...] [--file FILE] [options]
       (the task may also come first: graft predict NAME TEXT...)

Predicts labels with a task's live head (or a named version), with the probability of
every label. A multi-label task gives each text's set of labels: those whose probability
reaches the label's threshold (chosen by cross-validation when it was fitted).

Options:
  --task NAME          the task
  --version N          a saved version instead of the live one
  --file FILE          read texts from a csv/tsv/jsonl file (its --text column); - reads standard input
  --text COL           column holding the text in --file (default: text)
  --explain            explain each prediction: per-label probability and similarity, the
                       words that decided it (occlusion) and the nearest training examples
  --json               print one JSON object on stdout
${READ_ONLY_USAGE}`;

export const predictCommand: Command = {
  name: 'predict',
  usage,
  examples: [
    'graft predict --task tickets "my card has not arrived" "how do I close my account?"',
    'graft predict --task tickets --file new.csv --json > predictions.json',
    'cat new.jsonl | graft predict --task tickets --file -',
    'graft predict --task tickets --explain "my card has not arrived"',
  ],
  async run(ctx) {
    const p = parse(ctx.argv, {
      task: { type: 'string' }, version: { type: 'string' }, file: { type: 'string' },
      text: { type: 'string' }, json: { type: 'boolean' }, explain: { type: 'boolean' }, ...READ_ONLY_OPTION,
    }, usage);
    const { task, rest } = taskArg(p, usage);
    const version = str(p, 'version') === undefined ? undefined : int(p, 'version', 1, 1, 2 ** 31 - 1);
    const texts = [...rest];
    const file = str(p, 'file');
    if (!file && texts.length === 0) throw new UsageError(`give texts to predict as arguments or with --file FILE.\n\n${usage}`);
    const bar = progressBar(ctx.stderr, ctx.interactive);
    const ws = openCliWorkspace(ctx, readOnlyMode(p));
    const json = flag(p, 'json');
    try {
      if (flag(p, 'explain')) {
        if (file) texts.push(...(await fileTexts(dataPath(ctx.cwd, file), str(p, 'text'), ctx.stdin)));
        const e = await ws.explain(task, texts, { version, signal: ctx.signal, onProgress: bar.update });
        bar.done();
        if (json) printJson(ctx.stdout, e);
        else ctx.stdout.write(printable(e.explanations.map((x) => formatExplanation(x)).join('\n')));
        return 0;
      }
      // Texts are the user's: shown with their control characters made visible.
      const format = (r: PredictResult, t: readonly string[]): string =>
        printable(r.predictions.some((x) => x.labels) ? formatLabelSets(r, t) : formatPredictions(r, t));
      if (file) {
        // Streamed: a block of the file at a time, printed as it comes.
        const sink = json ? jsonPredictionSink(ctx.stdout) : textPredictionSink(ctx.stdout, format);
        await predictFile(ws, {
          path: dataPath(ctx.cwd, file), text: str(p, 'text'), stdin: ctx.stdin, first: texts, task, version,
          signal: ctx.signal, onProgress: bar.update,
        }, sink);
        bar.done();
        return 0;
      }
      const r = await ws.predict(task, texts, { version, signal: ctx.signal, onProgress: bar.update });
      bar.done();
      if (json) printJson(ctx.stdout, r);
      else ctx.stdout.write(format(r, texts));
      return 0;
    } finally {
      bar.done();
      await ws.close();
    }
  },
};

/** A file's texts, all of them (explain's input, which is small): checked first, as predict's are. */
async function fileTexts(path: string, text: string | undefined, stdin: NodeJS.ReadableStream | undefined): Promise<string[]> {
  const read = { text, stdin: stdin as AsyncIterable<Uint8Array | string> | undefined };
  if (path !== '-') await checkTextFile(path, read);
  const out: string[] = [];
  for await (const batch of readTexts(path, read)) out.push(...batch.map((t) => t.text));
  return out;
}

/** Multi-label predictions: the label set per text, then each label's probability against its threshold. */
export function formatLabelSets(r: PredictResult, texts: readonly string[]): string {
  const lines = [`Task "${r.task}" version ${r.version} (${r.backbone}), multi-label:`];
  r.predictions.forEach((p, i) => {
    const t = (texts[i] ?? '').replace(/\s+/g, ' ');
    const short = t.length > 60 ? t.slice(0, 57) + '…' : t;
    const set = p.labels && p.labels.length > 0 ? p.labels.join(', ') : '(no label reaches its threshold)';
    lines.push(`  {${set}}   "${short}"${p.outOfDistribution ? '   [out of distribution]' : ''}`);
    const probs = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1])
      .map(([l, v]) => `${p.labels?.includes(l) ? '*' : ' '}${l} ${(100 * v).toFixed(1)}% (≥ ${(100 * (p.thresholds?.[l] ?? 0.5)).toFixed(0)}%)`);
    lines.push(`    ${probs.join('  ')}`);
  });
  return lines.join('\n') + '\n';
}
