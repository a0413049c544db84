/**
 * The side-by-side bake-off on a datasets folder (NAME/train.jsonl, NAME/test.jsonl): for each
 * dataset, the same 64-per-class training sample (bench/lib's seeded sample, as the fewshot
 * bench's N = 64) and the same test rows (a seeded sample of at most --test-rows, 2,000 by
 * default) go through `graft eval`'s bake-off with every backbone given: logistic head, one
 * seed, no learning curve (the full-set point only), with calibration, logistic's
 * regularization path and the OOD section as `graft eval` runs them; with several backbones,
 * their cross-backbone ensemble is one more row. Per dataset × backbone it prints one table
 * row: the best head, accuracy with its 95% interval, the paired bootstrap against the best
 * backbone, embedding CPU-seconds per 1,000 texts, vector size, weights in memory, and which
 * backbone the leaderboard names as the cheapest not significantly worse than the best.
 *
 * Times are CPU-seconds of this process (all its threads), so they do not depend on how busy
 * the machine is: embedding from the first to the last progress report of each backbone's
 * embedding pass (model loading outside it, warm-up inside), head fits from the first to the
 * last fit of each backbone's share of the bake-off. Progress (dataset, backbone, phase, CPU so
 * far) goes to stderr; the table and the run's total CPU-seconds to stdout.
 *
 *   tsx bench/backbones/bakeoff.ts DATASETS_DIR [--backbone use-lite,hashing,onnx:PATH] [--names sst2,emotion] [--test-rows 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../../src/core/index.js';
import type { Progress } from '../../src/core/index.js';
import { formatBackboneSpec, parseBackboneList } from '../../src/backbones/index.js';
import type { BackboneName } from '../../src/backbones/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';
import { backboneNamesOf, cheapestNotWorse, formatBytes } from '../../src/eval/index.js';
import type { BackboneCost, BackboneRow } from '../../src/eval/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { SEED, loadRows } from '../lib/fewshot-data.js';
import type { Example } from '../lib/fewshot-data.js';

/** Training rows per class: the fewshot bench's larger sample. */
export const PER_CLASS = 64;
/** Test rows scored per dataset at most (a seeded sample of the test file). */
export const TEST_ROWS = 2000;

/** One dataset × backbone row of the side-by-side table. */
export interface SideBySideRow {
  dataset: string;
  trainRows: number;
  testRows: number;
  /** The name the backbone was given (`use-lite+hashing` for the cross-backbone ensemble). */
  backbone: string;
  row: BackboneRow;
  cost: BackboneCost;
  /** Embedding CPU-seconds per 1,000 texts (the parts' sum for the ensemble). */
  embedCpuPer1000: number;
  /** CPU-seconds of this backbone's share of the bake-off's fits. */
  fitCpu: number;
  cheapest: boolean;
}

export interface SideBySide {
  rows: SideBySideRow[];
  /** CPU-seconds of the whole run (embedding, fits, loading), and its wall seconds. */
  cpuSeconds: number;
  wallSeconds: number;
  /** 1-minute load average at the start and the end. */
  load: [number, number];
}

/** Rows with distinct texts (graft's loader refuses a text given two labels; sst2 has a few). */
function dataset(rows: readonly Example[], source: string): Dataset {
  const seen = new Set<string>();
  return datasetFromExamples(rows.filter((e) => !seen.has(e.text) && seen.add(e.text)), { source });
}

const cpuNow = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };

/**
 * CPU-seconds per span of progress reports: a span is one key (an embedding pass, or one
 * backbone's fits), from its first report to its last. Logs every bake-off fit and each tenth
 * of an embedding pass to `log`.
 */
class CpuSpans {
  readonly spans = new Map<string, { from: number; to: number; units: number }>();
  private last = '';
  private tenth = 0;

  constructor(private readonly dataset: string, private readonly log: (line: string) => void) {}

  report(p: Progress): void {
    const t = cpuNow();
    const key = p.phase.startsWith('embed ') ? p.phase : `${p.phase} ${p.detail ?? ''}`.trim();
    const s = this.spans.get(key);
    if (s) { s.to = t; s.units = p.done; } else this.spans.set(key, { from: t, to: t, units: p.done });
    // every fit, and an embedding pass at its start, each tenth of the way and its end
    const tenth = Math.floor((10 * p.done) / Math.max(1, p.total));
    if (key !== this.last || tenth !== this.tenth || p.done === p.total || p.phase === 'bake-off') {
      this.log(`[${this.dataset}] ${p.phase}${p.detail ? ` · ${p.detail}` : ''} ${p.done}/${p.total} ${p.unit ?? ''} · CPU ${t.toFixed(1)} s`);
    }
    this.last = key;
    this.tenth = tenth;
  }

  /** CPU-seconds per 1,000 units of a span (texts the backbone embedded: cache hits and repeated texts are not reported). */
  perThousand(key: string): number {
    const s = this.spans.get(key);
    return s && s.units > 0 ? (1000 * (s.to - s.from)) / s.units : NaN;
  }

  seconds(key: string): number {
    const s = this.spans.get(key);
    return s ? s.to - s.from : NaN;
  }
}

export async function sideBySide(
  dir: string, backbones: readonly BackboneName[], names: readonly string[], testRows: number, allowRemotePii: boolean,
  log: (line: string) => void = (line) => console.error(line), onDataset: (rows: readonly SideBySideRow[]) => void = () => undefined,
): Promise<SideBySide> {
  const cpu0 = cpuNow(), wall0 = Date.now(), load0 = loadavg()[0]!;
  const home = mkdtempSync(join(tmpdir(), 'graft-bench-backbones-'));
  const ws = openWorkspace({ home });
  const rows: SideBySideRow[] = [];
  try {
    for (const name of names) {
      const d = loadRows(dir, name, 1);
      const train = dataset([...d.samples[0]![PER_CLASS]!].map((i) => d.train[i]!), `${name}/train.jsonl`);
      const test = dataset([...new Rng(SEED).shuffle(Int32Array.from(d.test, (_, i) => i)).slice(0, testRows)].map((i) => d.test[i]!), `${name}/test.jsonl`);
      const spans = new CpuSpans(name, log);
      log(`[${name}] ${train.examples.length} training rows (${PER_CLASS} per class), ${test.examples.length} test rows; backbones ${backbones.join(', ')}`);
      const run = await ws.bakeoff(train, {
        backbones, strategies: ['logistic'], seed: SEED, seeds: 1, sizes: [], test,
        privacy: 'allow', allowRemotePii, reuse: false, onProgress: (p) => spans.report(p),
      });
      const nameOf = backboneNamesOf(run.versions);
      const embedCpu = (b: string): number => b.split('+').reduce((s, part) => s + spans.perThousand(`embed ${part}`), 0);
      const compared = run.result.backbones ?? [];
      const pick = cheapestNotWorse(compared, run.costs);
      const mine: SideBySideRow[] = [];
      for (const row of compared) {
        const backbone = nameOf(row.backbone);
        mine.push({
          dataset: name, trainRows: train.examples.length, testRows: test.examples.length, backbone, row, cost: run.costs[row.backbone]!,
          embedCpuPer1000: embedCpu(backbone), fitCpu: spans.seconds(`bake-off ${row.backbone}`), cheapest: row === pick,
        });
      }
      rows.push(...mine);
      onDataset(mine);
    }
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
  return { rows, cpuSeconds: cpuNow() - cpu0, wallSeconds: (Date.now() - wall0) / 1000, load: [load0, loadavg()[0]!] };
}

const pct = (v: number): string => (100 * v).toFixed(1);

export const TABLE_HEADER = [
  '| dataset (train / test rows) | backbone | best head | accuracy % [95% CI] | vs the best: points, p (paired bootstrap) | embed CPU-s per 1,000 texts | head fits CPU-s | vector | weights in memory | cheapest not worse |',
  '|---|---|---|---|---|---:|---:|---:|---:|---|',
].join('\n');

/** Rows of the side-by-side table in Markdown, best backbone first within a dataset. */
export function formatRows(rows: readonly SideBySideRow[]): string {
  return rows.map((x) => {
    const v = x.row.vsBest;
    const vs = v === null ? 'best' : `${v.diff >= 0 ? '+' : ''}${pct(v.diff)}, p = ${v.p.toFixed(3)}${v.significant ? ' (worse)' : ' (not worse)'}`;
    return `| ${x.dataset} (${x.trainRows} / ${x.testRows}) | ${x.backbone} | ${x.row.strategy} | ${pct(x.row.accuracy.mean)} [${pct(x.row.accuracy.ci95[0])}, ${pct(x.row.accuracy.ci95[1])}] | ${vs} | ${x.embedCpuPer1000.toFixed(2)} | ${x.fitCpu.toFixed(1)} | ${x.cost.dim} | ${x.cost.memoryBytes == null ? '–' : formatBytes(x.cost.memoryBytes)} | ${x.cheapest ? '**yes**' : ''} |`;
  }).join('\n');
}

/** The whole table, one row per dataset × backbone, and the run's total. */
export function formatSideBySide(r: SideBySide): string {
  return `${TABLE_HEADER}\n${formatRows(r.rows)}\n\n${formatTotal(r)}\n`;
}

export function formatTotal(r: SideBySide): string {
  return `Total: ${r.cpuSeconds.toFixed(0)} CPU-seconds, ${r.wallSeconds.toFixed(0)} s wall, 1-minute load average ${r.load[0].toFixed(1)} at the start and ${r.load[1].toFixed(1)} at the end.`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    options: { backbone: { type: 'string', default: 'use-lite,hashing' }, names: { type: 'string', default: 'sst2,ag_news,banking77' }, 'test-rows': { type: 'string', default: String(TEST_ROWS) }, 'allow-remote-pii': { type: 'boolean' } },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!dir) throw new Error('Give the datasets folder (NAME/train.jsonl, NAME/test.jsonl).');
  const testRows = Number(values['test-rows']);
  if (!Number.isInteger(testRows) || testRows < 1) throw new Error(`--test-rows must be a positive integer, got "${values['test-rows']}".`);
  const backbones = parseBackboneList(values.backbone!).map(formatBackboneSpec);
  // each dataset's rows as soon as they are measured, then the run's total
  console.log(TABLE_HEADER);
  const r = await sideBySide(dir, backbones, values.names!.split(','), testRows, values['allow-remote-pii'] === true, undefined, (rows) => console.log(formatRows(rows)));
  console.log(`\n${formatTotal(r)}`);
}
