/**
 * USE-lite embedding throughput against the machine's limit.
 *
 *   npx tsx bench/embed-throughput.ts            # short + long texts, 1 worker and all cores
 *   npx tsx bench/embed-throughput.ts --sweep    # also: batch-size sweep on one worker
 *
 * The limit: FLOPs per text, counted from the shapes of every MatMul/BatchMatMul/Conv2D the
 * graph runs (tf.profile on one batch), against a measured wasm matMul rate (512×512, one
 * thread) × cores. Appends a `## embed-throughput` section to bench/RESULTS.md.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { loadTf, Rng } from '../src/core/index.js';
import { UseLiteBackbone } from '../src/backbones/index.js';
import { UseLiteGraph } from '../src/backbones/use-lite/graph.js';
import { UseTokenizer } from '../src/backbones/use-lite/tokenizer.js';
import { readVocabulary } from '../src/backbones/use-lite/assets.js';
import { useLiteFlops } from './lib/use-lite-flops.js';

const WORDS = (
  'the a of to and in is it you that he was for on are with as his they be at one have this from or had by ' +
  'word but what some we can out other were all there when up use your how said an each she which do their time ' +
  'if will way about many then them write would like so these her long make thing see him two has look more day ' +
  'could go come did number sound no most people my over know water than call first who may down side been now ' +
  'find meeting report invoice account password offer free money click deadline project review schedule budget ' +
  'customer order shipping delivery refund discount urgent please thanks regards tomorrow friday quarterly'
).split(' ');

/** n texts of `words` words each, or of a uniform 5..100 words when `words` is 0. */
function texts(n: number, words: number, seed: number): string[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    const w = Array.from({ length: words || 5 + rng.int(96) }, () => WORDS[rng.int(WORDS.length)]!);
    w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
    return w.join(' ') + '.';
  });
}

async function matmulRate(): Promise<number> {
  const tf = await loadTf();
  const a = tf.randomNormal([512, 512]);
  const b = tf.randomNormal([512, 512]);
  const once = async (): Promise<void> => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  };
  await once();
  const reps = 20;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await once();
  const s = (performance.now() - t0) / 1000;
  a.dispose();
  b.dispose();
  return (reps * 2 * 512 ** 3) / s;
}

async function throughput(workers: number, batchSize: number, sets: Record<string, string[]>): Promise<Record<string, number>> {
  const backbone = new UseLiteBackbone({ workers, batchSize });
  try {
    // Warm-up: every worker loads its model and runs once.
    await backbone.embed(Object.values(sets)[0]!.slice(0, workers * batchSize));
    const out: Record<string, number> = {};
    for (const [name, list] of Object.entries(sets)) {
      const t0 = performance.now();
      await backbone.embed(list);
      out[name] = list.length / ((performance.now() - t0) / 1000);
    }
    return out;
  } finally {
    await backbone.close();
  }
}

function machine(): string {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? 'unknown CPU';
  const nproc = execSync('nproc').toString().trim();
  return `${cpu}, nproc ${nproc}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start`;
}

function writeSection(body: string): void {
  const path = new URL('./RESULTS.md', import.meta.url);
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const start = old.search(/^## embed-throughput$/m);
  let next: string;
  if (start < 0) {
    next = `${old.trimEnd()}\n\n${body}`;
  } else {
    const rest = old.slice(start + 1);
    const end = rest.search(/^## /m);
    next = old.slice(0, start) + body + (end < 0 ? '' : `\n${rest.slice(end)}`);
  }
  writeFileSync(path, next.trimEnd() + '\n');
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const where = machine();
  const tok = new UseTokenizer(readVocabulary());
  const sets: Record<string, string[]> = { short: texts(512, 15, 1), long: texts(128, 100, 2), mixed: texts(256, 0, 3) };
  const tokensPerText = Object.fromEntries(
    Object.entries(sets).map(([k, v]) => [k, v.reduce((s, t) => s + tok.encodeTruncated(t).ids.length, 0) / v.length]),
  );

  const rate = await matmulRate();
  const graph = await UseLiteGraph.load();
  const flopsPerText: Record<string, number> = {};
  for (const [name, list] of Object.entries(sets)) flopsPerText[name] = (await useLiteFlops(graph, tok, list.slice(0, 64))) / 64;
  graph.dispose();

  const one = await throughput(1, 64, sets);
  const all = cores > 1 ? await throughput(cores, 64, sets) : one;

  const rows = Object.keys(sets).map((name) => {
    const f = flopsPerText[name]!;
    const limit1 = rate / f;
    const limitAll = (rate * cores) / f;
    return `| ${name} | ${tokensPerText[name]!.toFixed(1)} | ${(f / 1e6).toFixed(0)} | ${one[name]!.toFixed(1)} | ${all[name]!.toFixed(1)} | ${limit1.toFixed(1)} | ${limitAll.toFixed(1)} | ${((100 * all[name]!) / limitAll).toFixed(0)}% |`;
  });
  const table = [
    `| texts | tokens/text | MFLOP/text | texts/s, 1 worker | texts/s, ${cores} workers | limit, 1 core | limit, ${cores} cores | of limit |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');

  // Padding the graph computes on mixed lengths, in input order vs sorted by token count.
  const lengths = sets.mixed!.map((t) => tok.encodeTruncated(t).ids.length);
  const paddedTokens = (order: number[]): number => {
    let sum = 0;
    for (let i = 0; i < order.length; i += 64) {
      const b = order.slice(i, i + 64);
      sum += b.length * Math.max(...b.map((k) => lengths[k]!));
    }
    return sum;
  };
  const inputOrder = Array.from(lengths.keys());
  const sortedOrder = [...inputOrder].sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const realTokens = lengths.reduce((a, b) => a + b, 0);
  const padding =
    `Mixed set: ${realTokens} real tokens; batches of 64 pad them to ${paddedTokens(inputOrder)} in input order, ` +
    `${paddedTokens(sortedOrder)} sorted by token count (the backbone sorts).`;

  let sweep = '';
  if (process.argv.includes('--sweep')) {
    const lines = ['| batch size | short texts/s, 1 worker |', '| ---: | ---: |'];
    for (const bs of [16, 32, 64, 128]) lines.push(`| ${bs} | ${(await throughput(1, bs, { short: sets.short!.slice(0, 256) })).short!.toFixed(1)} |`);
    sweep = `\nBatch-size sweep (one worker):\n\n${lines.join('\n')}\n`;
  }

  const busy = loadavg()[0]! > cores / 2
    ? `\n**The machine was busy** (load ${loadavg()[0]!.toFixed(1)} on ${cores} cores, shared with other work): rates and the ` +
      'matMul limit were measured under different contention, so treat texts/s as lower bounds and "of limit" as unreliable.\n'
    : '';
  const body = [
    '## embed-throughput',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${where}.`,
    `USE-lite on tfjs-backend-wasm (SIMD), batch 64, texts sorted by token count; short = 15 words, long = 100 words, mixed = 5–100 words`,
    `(long texts are cut at the graph's 128-token limit). Matrix-multiply rate: ${(rate / 1e9).toFixed(1)} GFLOP/s on one thread`,
    '(512×512 matMul); limit = rate × cores / FLOPs per text.',
    '',
    table,
    '',
    padding,
    busy,
    sweep,
  ].join('\n');
  process.stdout.write(`${body}\n`);
  writeSection(body);
}

await main();
