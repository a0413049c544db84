/**
 * Texts per second of onnx: on the committed tiny BERT and on any model folder given, next to
 * use-lite on the same texts in the same run (short and long texts, each backbone warmed up
 * first with every worker started, no cache); beside it, what the backbone says its weights hold
 * in memory (`weightsBytes`, the comparison's memory column) and the process's RSS growth over
 * that warm-up (every worker thread included; the first onnx: backbone also loads the runtime).
 *
 *   tsx bench/backbones/throughput.ts [--model FOLDER ...] [--n 512]
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createBackbone } from '../../src/backbones/index.js';
import type { BackboneSpec } from '../../src/backbones/index.js';
import { benchTexts } from './texts.js';

export const TINY_BERT = fileURLToPath(new URL('../../test/backbones/fixtures/tiny-bert', import.meta.url));

/** Texts embedded before timing: more than a batch (64 texts) for each worker of use-lite's default pool. */
const WARM_UP = 256;

export interface ThroughputRow {
  backbone: string;
  texts: string;
  textsPerSecond: number;
  dim: number;
  weightsBytes: number | undefined;
  rssGrowthBytes: number;
}

/** One line: texts/s, and the weights the backbone reports beside the RSS growth measured at load. */
export function formatThroughputRow(r: ThroughputRow): string {
  const mb = (b: number | undefined): string => (b === undefined ? '?' : `${(b / 1e6).toFixed(1)} MB`);
  return `${r.backbone.padEnd(40)} ${String(r.dim).padStart(4)}-d ${r.texts.padEnd(18)} ${r.textsPerSecond.toFixed(1).padStart(8)} texts/s` +
    `   weights ${mb(r.weightsBytes)}, RSS +${mb(r.rssGrowthBytes)} at load`;
}

export async function measureThroughput(models: readonly string[], n: number): Promise<ThroughputRow[]> {
  const specs: [string, BackboneSpec][] = [
    ['use-lite', { kind: 'use-lite', options: {} }],
    ['onnx: tiny-bert fixture', { kind: 'onnx', options: { path: TINY_BERT } }],
    ...models.map((m): [string, BackboneSpec] => [`onnx:${m}`, { kind: 'onnx', options: { path: m } }]),
  ];
  const rows: ThroughputRow[] = [];
  for (const [name, spec] of specs) {
    const b = createBackbone(spec);
    try {
      const rss0 = process.memoryUsage().rss;
      await b.open?.();
      // Load the model and start every worker: 16 texts were one batch, so use-lite's pool had
      // started one worker, and the others (each loading its model) inside the short texts' time.
      await b.embed(benchTexts(WARM_UP, 12, 99));
      const rssGrowthBytes = process.memoryUsage().rss - rss0;
      for (const [label, words] of [['short (12 words)', 12], ['long (100 words)', 100]] as const) {
        const texts = benchTexts(n, words);
        const t0 = performance.now();
        await b.embed(texts);
        rows.push({ backbone: name, texts: label, textsPerSecond: n / ((performance.now() - t0) / 1000), dim: b.dim, weightsBytes: b.weightsBytes?.(), rssGrowthBytes });
      }
    } finally {
      await b.close();
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { model: { type: 'string', multiple: true }, n: { type: 'string', default: '512' } } });
  for (const r of await measureThroughput(values.model ?? [], Number(values.n))) {
    console.log(formatThroughputRow(r));
  }
}
