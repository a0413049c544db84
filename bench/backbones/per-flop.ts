/**
 * Is onnxruntime faster per FLOP than use-lite's tfjs-wasm path? Issue 16 asks before anyone
 * converts use-lite's graph. No real weights can be fetched here, and FLOPs do not need them:
 * the committed fixture script (test/backbones/fixtures/make-tiny-bert.py --shape-only) builds
 * BERT graphs with random weights in the shape of all-MiniLM-L6-v2 and of use-lite's size into
 * a temporary folder (deleted afterwards), when Debian's python3-onnx and python3-numpy are
 * there; otherwise the run says so and measures only use-lite and the folders given.
 *
 * Same texts, same run: use-lite on 1 and on every worker thread, each onnx: graph on 1 and on
 * every intra-op thread. Per row: tokens and MFLOP per text (matrix products of the padded
 * batches each backbone runs), texts/s, GFLOP/s of wall time, and GFLOP per CPU-second (all
 * threads of this process), which a busy machine disturbs far less than wall time.
 *
 *   tsx bench/backbones/per-flop.ts [--n 256] [--model FOLDER ...]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OnnxBackbone, UseLiteBackbone } from '../../src/backbones/index.js';
import type { Backbone } from '../../src/backbones/index.js';
import { UseLiteGraph } from '../../src/backbones/use-lite/graph.js';
import { UseTokenizer } from '../../src/backbones/use-lite/tokenizer.js';
import { readVocabulary } from '../../src/backbones/use-lite/assets.js';
import { loadTokenizer } from '../../src/runtime/index.js';
import { useLiteFlops } from '../lib/use-lite-flops.js';
import { benchTexts } from './texts.js';

const SCRIPT = fileURLToPath(new URL('../../test/backbones/fixtures/make-tiny-bert.py', import.meta.url));

export interface Shape {
  name: string;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxTokens: number;
}

export const SHAPES: readonly Shape[] = [
  // all-MiniLM-L6-v2's config.json and sentence_bert_config.json (max_seq_length 256).
  { name: 'MiniLM-L6 shape', hidden: 384, layers: 6, heads: 12, intermediate: 1536, maxTokens: 256 },
  // use-lite: 2 transformer layers, 512 wide (the first reads 256-d embeddings), 1536 in the
  // feed-forward layer, 128 tokens; ~10 MFLOP per token against this graph's ~10.5.
  { name: 'use-lite size', hidden: 512, layers: 2, heads: 8, intermediate: 1536, maxTokens: 128 },
];

export type Built = { folders: { name: string; dir: string }[]; cleanup(): void } | { skipped: string };

/** A Python that can import onnx and numpy: $GRAFT_PYTHON, Debian's, then the one on PATH. */
function python(): string | undefined {
  const candidates = [process.env.GRAFT_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  return candidates.find((p) => spawnSync(p, ['-c', 'import onnx, numpy'], { stdio: 'ignore' }).status === 0);
}

/** Writes each shape's model folder into a fresh temporary folder with the committed fixture script. */
export function buildShapes(shapes: readonly Shape[] = SHAPES): Built {
  const py = python();
  if (py === undefined) {
    return { skipped: 'no Python with onnx and numpy (apt-get install python3-onnx python3-numpy, or set GRAFT_PYTHON)' };
  }
  const root = mkdtempSync(join(tmpdir(), 'graft-per-flop-'));
  const cleanup = (): void => rmSync(root, { recursive: true, force: true });
  const folders: { name: string; dir: string }[] = [];
  for (const s of shapes) {
    const dir = join(root, s.name.replace(/[^a-z0-9]+/gi, '-'));
    const r = spawnSync(py, [SCRIPT, '--out', dir, '--shape-only', '--hidden', `${s.hidden}`, '--layers', `${s.layers}`, '--heads', `${s.heads}`,
      '--intermediate', `${s.intermediate}`, '--max-positions', `${Math.max(512, s.maxTokens)}`, '--max-seq-length', `${s.maxTokens}`], { encoding: 'utf8' });
    if (r.status !== 0) {
      cleanup();
      return { skipped: `${SCRIPT} failed for ${s.name}: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}` };
    }
    folders.push({ name: s.name, dir });
  }
  return { folders, cleanup };
}

/**
 * FLOPs of a BERT encoder's matrix products on one sequence of `len` tokens: per layer the
 * Q, K, V and output projections (4·H²) and the feed-forward pair (2·H·I) on every token, and
 * attention's Q·Kᵀ and P·V (2·len²·H).
 */
export function bertFlops(cfg: { hidden: number; layers: number; intermediate: number }, len: number): number {
  const { hidden: h, layers, intermediate: i } = cfg;
  return layers * (2 * len * (4 * h * h + 2 * h * i) + 4 * len * len * h);
}

/** Sum over the padded batches a backbone runs: texts sorted by length, `batch` at a time, each padded to its longest. */
export function paddedFlops(lengths: readonly number[], batch: number, perSequence: (len: number) => number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let flops = 0;
  for (let i = 0; i < sorted.length; i += batch) {
    const rows = sorted.slice(i, i + batch);
    flops += rows.length * perSequence(rows.at(-1)!);
  }
  return flops;
}

export interface PerFlopRow {
  backbone: string;
  setup: string;
  texts: string;
  tokensPerText: number;
  mflopPerText: number;
  textsPerSecond: number;
  gflopPerSecond: number;
  gflopPerCpuSecond: number;
}

type Work = { tokensPerText: number; flops: number };

interface Candidate {
  backbone: string;
  setup: string;
  make(): Backbone;
  /** Texts that start every worker and load the model before timing. */
  warmup: number;
  /** Token counts and FLOPs of each set as this backbone runs it. */
  work: Map<string, Work>;
}

async function useLiteCandidates(sets: Record<string, string[]>, cores: number): Promise<Candidate[]> {
  const tok = new UseTokenizer(readVocabulary());
  const length = (t: string): number => tok.encodeTruncated(t).ids.length;
  const graph = await UseLiteGraph.load();
  const work = new Map<string, Work>();
  try {
    for (const [label, texts] of Object.entries(sets)) {
      const sorted = [...texts].sort((a, b) => length(a) - length(b));
      let flops = 0;
      for (let i = 0; i < sorted.length; i += 64) flops += await useLiteFlops(graph, tok, sorted.slice(i, i + 64));
      work.set(label, { tokensPerText: texts.reduce((s, t) => s + length(t), 0) / texts.length, flops });
    }
  } finally {
    graph.dispose();
  }
  return [...new Set([1, cores])].map((workers) => ({
    backbone: 'use-lite (tfjs-wasm)',
    setup: `${workers} worker${workers > 1 ? 's' : ''}`,
    make: () => new UseLiteBackbone({ workers }),
    warmup: workers * 64,
    work,
  }));
}

async function onnxCandidates(name: string, dir: string, sets: Record<string, string[]>, cores: number): Promise<Candidate[]> {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, number>;
  const shape = { hidden: config.hidden_size!, layers: config.num_hidden_layers!, intermediate: config.intermediate_size! };
  if (![shape.hidden, shape.layers, shape.intermediate].every((v) => Number.isInteger(v) && v > 0)) {
    throw new Error(`${join(dir, 'config.json')} lacks hidden_size, num_hidden_layers or intermediate_size: not a BERT-like encoder, FLOPs unknown.`);
  }
  const tok = await loadTokenizer(dir);
  const { maxTokens, batchSize } = new OnnxBackbone(dir);
  const work = new Map<string, Work>();
  for (const [label, texts] of Object.entries(sets)) {
    const lengths = texts.map((t) => tok.encode(t, maxTokens).ids.length);
    work.set(label, { tokensPerText: lengths.reduce((a, b) => a + b, 0) / texts.length, flops: paddedFlops(lengths, batchSize, (len) => bertFlops(shape, len)) });
  }
  return [...new Set([1, cores])].map((threads) => ({
    backbone: `onnx: ${name} (onnxruntime)`,
    setup: `${threads} intra-op thread${threads > 1 ? 's' : ''}`,
    make: () => new OnnxBackbone(dir, { threads }),
    warmup: 8,
    work,
  }));
}

export async function measurePerFlop(folders: readonly { name: string; dir: string }[], n: number): Promise<PerFlopRow[]> {
  const cores = availableParallelism();
  const sets = { 'short (12 words)': benchTexts(n, 12), 'long (100 words)': benchTexts(n, 100) };
  const candidates = await useLiteCandidates(sets, cores);
  for (const f of folders) candidates.push(...(await onnxCandidates(f.name, f.dir, sets, cores)));
  const rows: PerFlopRow[] = [];
  for (const c of candidates) {
    const b = c.make();
    try {
      await b.embed(benchTexts(c.warmup, 12, 99));
      for (const [label, texts] of Object.entries(sets)) {
        const { tokensPerText, flops } = c.work.get(label)!;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await b.embed(texts);
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const cpuSeconds = (cpu.user + cpu.system) / 1e6;
        rows.push({
          backbone: c.backbone, setup: c.setup, texts: label, tokensPerText, mflopPerText: flops / texts.length / 1e6,
          textsPerSecond: texts.length / seconds, gflopPerSecond: flops / seconds / 1e9, gflopPerCpuSecond: flops / cpuSeconds / 1e9,
        });
      }
    } finally {
      await b.close();
    }
  }
  return rows;
}

export function formatPerFlop(rows: readonly PerFlopRow[]): string {
  const lines = [
    '| backbone | setup | texts | tokens/text | MFLOP/text | texts/s | GFLOP/s | GFLOP per CPU-s |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.backbone} | ${r.setup} | ${r.texts} | ${r.tokensPerText.toFixed(1)} | ${r.mflopPerText.toFixed(0)} | ` +
      `${r.textsPerSecond.toFixed(1)} | ${r.gflopPerSecond.toFixed(2)} | ${r.gflopPerCpuSecond.toFixed(2)} |`),
  ];
  // Per-FLOP speed of each onnx: row against use-lite's row with the same parallelism and texts.
  const base = (r: PerFlopRow): PerFlopRow | undefined =>
    rows.find((u) => u.backbone.startsWith('use-lite') && u.texts === r.texts && parseInt(u.setup, 10) === parseInt(r.setup, 10));
  const ratios = rows.filter((r) => r.backbone.startsWith('onnx')).map((r) => {
    const u = base(r);
    return u ? `- ${r.backbone}, ${r.setup}, ${r.texts}: ${(r.gflopPerSecond / u.gflopPerSecond).toFixed(2)}× use-lite's GFLOP/s ` +
      `(${u.setup}), ${(r.gflopPerCpuSecond / u.gflopPerCpuSecond).toFixed(2)}× per CPU-second` : '';
  }).filter(Boolean);
  return [...lines, '', ...ratios].join('\n');
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Builds the shapes (when it can), measures them and any folders given beside use-lite, and prints the table. */
export async function perFlopReport(models: readonly string[], n: number): Promise<string> {
  const built = buildShapes();
  const folders = [...('folders' in built ? built.folders : []), ...models.map((m) => ({ name: m, dir: m }))];
  const note = 'skipped' in built ? `Shapes not built: ${built.skipped}.\n` : '';
  const before = load();
  try {
    const rows = await measurePerFlop(folders, n);
    return `${note}${n} texts per set; ${availableParallelism()} cores; load average ${before} at start, ${load()} at end.\n\n${formatPerFlop(rows)}`;
  } finally {
    if ('cleanup' in built) built.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { model: { type: 'string', multiple: true }, n: { type: 'string', default: '256' } } });
  console.log(await perFlopReport(values.model ?? [], Number(values.n)));
}
