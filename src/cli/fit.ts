import { resolve } from 'node:path';
import type { Command } from './command.js';
import { parse, str, flag, int, list, printJson, dataPath } from './args.js';
import { loadDataset, loadLabelSpecs } from '../data/index.js';
import type { LabelSpec } from '../data/index.js';
import { BACKBONE_OPTIONS, BACKBONE_USAGE, backboneList } from './backbone-flags.js';
import { HEAD_KINDS, MAX_SHARDS, headTagsOf, kindsWhere } from '../heads/index.js';
import type { HeadKind } from '../heads/index.js';
import { checkLabelSpecs } from '../pipeline/index.js';
import type { FitTaskResult } from '../pipeline/index.js';
import { UsageError } from '../core/index.js';
import { openCliWorkspace } from './workspace.js';
import { formatFit } from './format.js';
import { PROGRESS_OPTION, PROGRESS_USAGE, progressReporter } from './progress.js';
import { DEFAULT_POLICY, formatPrivacyReport, parsePolicy } from '../privacy/index.js';

const usage = `Usage: graft fit <file> --task NAME [options]
       graft fit --task NAME --labels "a,b,c" | --labels-file FILE   (zero-shot: no examples)

Fits a head on the labelled file and saves it as the task's next version, which goes live at
once (graft predict uses it; graft rollback TASK returns to the previous one). The file may be -
(standard input). The task may also be given after the file: graft fit FILE NAME.

Options:
  --task NAME          task to save into (created on first fit)
  --strategy KIND      head kind: ${HEAD_KINDS.join(', ')} (default: logistic;
                       zero-shot when the task's live head is zero-shot, so examples blend into it)
${BACKBONE_USAGE}
                       (several with --strategy ensemble: one member per backbone, e.g. use-lite,hashing)
  --member KIND        head of each backbone's ensemble member (default: logistic)
  --text COL           column holding the text (default: text)
  --label COL          column holding the label (default: label, else labels)
  --folds N            folds for the cross-validated metrics saved with it (default: 5; 0 skips)
  --seed N             random seed (default: 42)
  --shards S           train S sub-heads on disjoint shards of the examples (1..1000) and average
                       them, so \`graft forget\` refits one shard instead of the whole head
                       (exact unlearning in a fraction of the time, at some cost in accuracy).
                       Default: chosen from the data: one head for small sets (a whole refit is
                       fast) and for heads other than logistic; for large logistic fits, enough
                       shards that a forget refits in about a second. --shards 1: one head
  --privacy POLICY     redact (default), pseudonymize, refuse or allow: what happens to
                       private data (e-mails, phones, names, ...) before anything is embedded or stored
  --json               print one JSON object on stdout
${PROGRESS_USAGE}

Multi-label (a text may carry several labels):
  JSONL label lists (["billing", "urgent"]) are detected; --label-sep SEP splits CSV/TSV cells
  (e.g. --label-sep '|' for "billing|urgent"); --multi-label also reads single labels as lists.
  One binary head per label (--strategy names it), thresholds chosen by cross-validation.

Zero-shot (cold start from label names alone):
  --labels "a,b,c"     the task's labels; predict works at once
  --labels-file FILE   labels with descriptions: JSONL {"label": ..., "description": ...},
                       CSV/TSV (label, description columns) or .txt (one label per line);
                       with a data file: descriptions for a zero-shot head on those examples`;

export const fitCommand: Command = {
  name: 'fit',
  usage,
  examples: [
    'graft fit tickets.csv --task tickets',
    'graft fit tickets.csv --task tickets --strategy knn --backbone hashing --json',
    'graft fit tags.jsonl --task tags                      # multi-label lists are detected',
    'graft fit --task intents --labels "refund,card arrival,lost card"   # zero-shot',
    'graft fit tickets.csv --task both --backbone use-lite,hashing --strategy ensemble',
    'graft fit tickets.csv --task tickets --shards 4      # forget refits one shard of four',
  ],
  async run(ctx) {
    const p = parse(ctx.argv, {
      ...PROGRESS_OPTION,
      task: { type: 'string' }, strategy: { type: 'string' }, backbone: { type: 'string' }, member: { type: 'string' },
      text: { type: 'string' }, label: { type: 'string' }, folds: { type: 'string' },
      seed: { type: 'string' }, json: { type: 'boolean' }, privacy: { type: 'string' }, shards: { type: 'string' }, ...BACKBONE_OPTIONS,
      'multi-label': { type: 'boolean' }, 'label-sep': { type: 'string' }, labels: { type: 'string' }, 'labels-file': { type: 'string' },
    }, usage);
    const file = p.positionals[0];
    const task = str(p, 'task') ?? p.positionals[1];
    const labelNames = str(p, 'labels');
    const labelsFile = str(p, 'labels-file');
    if (p.positionals.length > (str(p, 'task') === undefined ? 2 : 1)) throw new UsageError(`give exactly one data file.\n\n${usage}`);
    if (!task) throw new UsageError(`--task NAME is required.\n\n${usage}`);
    if (labelNames !== undefined && labelsFile !== undefined) throw new UsageError('give --labels or --labels-file, not both.');
    if (file && labelNames !== undefined) {
      throw new UsageError('--labels starts a task from label names alone (no data file); with a data file the labels come from the file. ' +
        'To give descriptions for a zero-shot head on the examples, use --labels-file FILE.');
    }
    if (!file && labelNames === undefined && labelsFile === undefined) {
      throw new UsageError(`give a data file, or --labels / --labels-file to start a zero-shot task.\n\n${usage}`);
    }
    const strategyGiven = str(p, 'strategy');
    // --strategy and --member are checked against HEAD_KINDS
    const strategy = strategyGiven === undefined ? undefined : list(p, 'strategy', [], HEAD_KINDS)[0] as HeadKind;
    const backbones = backboneList(p);
    const allowRemotePii = flag(p, 'allow-remote-pii');
    const member = str(p, 'member') === undefined ? undefined : list(p, 'member', [], HEAD_KINDS)[0] as HeadKind;
    const folds = int(p, 'folds', 5, 0, 20);
    if (folds === 1) throw new UsageError('--folds must be 0 (skip) or at least 2.');
    const seed = int(p, 'seed', 42, 0, 2 ** 31 - 1);
    const shards = str(p, 'shards') === undefined ? undefined : int(p, 'shards', 0, 1, MAX_SHARDS);
    if (shards !== undefined && !file) throw new UsageError('--shards needs a data file: a task started from label names alone has no examples to shard.');
    const privacy = parsePolicy(str(p, 'privacy') ?? DEFAULT_POLICY);
    const json = flag(p, 'json');
    let specs: LabelSpec[] | undefined;
    if (labelNames !== undefined) specs = checkLabelSpecs(labelNames.split(','));
    if (labelsFile !== undefined) specs = await loadLabelSpecs(resolve(ctx.cwd, labelsFile));

    if (!file && strategy !== undefined && !headTagsOf(strategy).needsLabelNames) {
      throw new UsageError(`A task started from label names alone is zero-shot; --strategy ${strategy} needs examples (give a data file).`);
    }
    // bad data is refused before the workspace (and its database) is opened
    const ds = file === undefined ? undefined : await loadDataset(dataPath(ctx.cwd, file), { stdin: ctx.stdin,
      text: str(p, 'text'), label: str(p, 'label'), folds: folds || undefined,
      multiLabel: flag(p, 'multi-label') ? true : 'auto', labelSeparator: str(p, 'label-sep'),
    });
    const bar = progressReporter(ctx.stderr, ctx.interactive, str(p, 'progress'));
    const ws = openCliWorkspace(ctx);
    try {
      let r: FitTaskResult;
      if (!ds) {
        r = await ws.fitZeroShot({ task, labels: specs!, backbone: backbones, seed, privacy, allowRemotePii, signal: ctx.signal, onProgress: bar.update });
      } else {
        const descriptions = specs && Object.fromEntries(specs.filter((s) => s.description).map((s) => [s.label, s.description!]));
        r = await ws.fit(ds, {
          task, strategy: specs && strategy === undefined ? kindsWhere((t) => t.needsLabelNames)[0] as HeadKind : strategy, backbone: backbones, member, seed, folds, privacy, allowRemotePii,
          descriptions, shards, signal: ctx.signal, onProgress: bar.update,
        });
      }
      bar.done();
      if (json) {
        printJson(ctx.stdout, r);
      } else {
        if (r.examples > 0) ctx.stderr.write(formatPrivacyReport(r.privacy));
        // the extras go before formatFit's closing "took …" line
        const base = formatFit(r).trimEnd().split('\n');
        const took = base.pop()!;
        ctx.stdout.write([...base, ...formatExtras(r).split('\n').filter(Boolean), took].join('\n') + '\n');
      }
      return 0;
    } finally {
      bar.done();
      await ws.close();
    }
  },
};

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** What formatFit does not know: sharding, multi-label scores, the ensemble's verdict, the zero-shot prior's weight. */
export function formatExtras(r: FitTaskResult): string {
  const lines: string[] = [];
  const s = r.sharding;
  if (s && s.shards > 1) {
    lines.push(`  split into ${s.shards} sub-heads of about ${Math.ceil(r.examples / s.shards)} examples each${s.by === 'default' ? ' (the default for this size)' : ''}, ` +
      `so graft forget refits one of them, not the whole head; the score above is the split head's.` +
      (s.by === 'default' ? ' --shards 1 fits one head instead (forget then refits all of it).' : ''));
  }
  const cv = r.multiLabelCv;
  if (cv) {
    lines.push(`  cross-validated (${cv.folds} folds, thresholds chosen by inner CV): micro-F1 ${pct(cv.microF1.mean)} ± ${pct(cv.microF1.std)}, ` +
      `macro-F1 ${pct(cv.macroF1.mean)} ± ${pct(cv.macroF1.std)}, subset accuracy ${pct(cv.subsetAccuracy.mean)} ± ${pct(cv.subsetAccuracy.std)}`);
    lines.push(`  per-label F1: ${Object.entries(cv.perLabelF1).map(([l, f]) => `${l} ${pct(f)}`).join(', ')}`);
  }
  const e = r.ensemble;
  if (e) {
    const acc = e.members.map((m, i) => `${m} ${e.memberAccuracy[i] === undefined ? '?' : pct(e.memberAccuracy[i]!)}`).join(', ');
    if (e.chosen === 'member') {
      lines.push(`  ensemble not kept: ${e.member} predicts alone — the ensemble did not beat it significantly ` +
        `(one-sided McNemar p = ${e.p.toPrecision(2)}, needs < ${e.alpha}; out-of-fold accuracy: ${acc}${e.voteAccuracy === null ? '' : `, vote ${pct(e.voteAccuracy)}`}).`);
    } else {
      const ens = e.chosen === 'stack' ? e.stackAccuracy! : e.voteAccuracy!;
      lines.push(`  ensemble kept (${e.chosen}, out-of-fold accuracy ${pct(ens)}): it beats its best member significantly ` +
        `(one-sided McNemar p = ${e.p.toPrecision(2)} < ${e.alpha}; members: ${acc}).`);
    }
  }
  const z = r.zeroShot;
  if (z) {
    lines.push(z.examples === 0
      ? '  zero-shot: label names alone, no examples; predict works now. Fit examples into this task later to blend them in.'
      : `  zero-shot: ${z.examples} examples blended into the label prior (prior weight now ${pct(z.meanPriorShare)} on average).`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
