/**
 * USE-lite embedding throughput against the machine's limit, on 1 worker and on every core.
 *
 *   npx tsx bench/embed-throughput.ts             # short, long, mixed texts and demo e-mails
 *   npx tsx bench/embed-throughput.ts --profile   # also: where a batch's time goes, by kernel
 *   npx tsx bench/embed-throughput.ts --sweep     # also: batch-size sweep on one worker
 *   npx tsx bench/embed-throughput.ts --quick --no-write   # a check that it runs: an eighth of the texts (a batch
 *                                                          # or two a set, too few for every worker); RESULTS.md untouched
 *
 * The limit: FLOPs per text, counted from the shapes of every MatMul/BatchMatMul/Conv2D the
 * graph runs (tf.profile on one batch), against a measured wasm matMul rate (512×512, one
 * thread) × cores. Beside texts/s, the CPU time per text (every thread of the process) for
 * 1 and for all workers: when all workers need more CPU per text than one, they get in each
 * other's way (memory bandwidth, caches); when they need the same, a speed-up short of the
 * core count is the machine's other load. Writes the `## embed-throughput` section of
 * bench/RESULTS.md.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadTf, Rng } from '../src/core/index.js';
import { UseLiteBackbone } from '../src/backbones/index.js';
import { loadDemoCorpus } from '../src/data/index.js';
import { UseLiteGraph } from '../src/backbones/use-lite/graph.js';
import { UseTokenizer } from '../src/backbones/use-lite/tokenizer.js';
import { readVocabulary } from '../src/backbones/use-lite/assets.js';
import { kernelShares, useLiteFlops } from './lib/use-lite-flops.js';
import { writeSection } from './lib/results-section.js';

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

/** The demo's e-mails (what `graft demo` embeds first), or undefined when the optional corpus package is missing. */
async function mails(n: number): Promise<string[] | undefined> {
  try {
    return (await loadDemoCorpus({ limit: n, seed: 42 })).examples.map((e) => e.text);
  } catch {
    return undefined;
  }
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

interface Rate {
  textsPerSecond: number;
  /** CPU milliseconds per text, every thread of the process (workers and the tokenizing main thread). */
  cpuMsPerText: number;
}

async function throughput(workers: number, batchSize: number, sets: Record<string, string[]>): Promise<Record<string, Rate>> {
  const backbone = new UseLiteBackbone({ workers, batchSize });
  try {
    // Warm-up: every worker loads its model and runs once.
    await backbone.embed(Object.values(sets)[0]!.slice(0, workers * batchSize));
    const out: Record<string, Rate> = {};
    for (const [name, list] of Object.entries(sets)) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await backbone.embed(list);
      const cpu = process.cpuUsage(cpu0);
      out[name] = { textsPerSecond: list.length / ((performance.now() - t0) / 1000), cpuMsPerText: (cpu.user + cpu.system) / 1000 / list.length };
    }
    return out;
  } finally {
    await backbone.close();
  }
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

function machine(): string {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? 'unknown CPU';
  const nproc = execSync('nproc').toString().trim();
  return `${cpu}, nproc ${nproc}, load average ${load()} at start`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, 'no-write': { type: 'boolean' }, profile: { type: 'boolean' }, sweep: { type: 'boolean' } },
  });
  const size = (n: number): number => (values.quick ? n / 8 : n);
  const cores = availableParallelism();
  const where = machine();
  const tok = new UseTokenizer(readVocabulary());
  const sets: Record<string, string[]> = { short: texts(size(512), 15, 1), long: texts(size(128), 100, 2), mixed: texts(size(256), 0, 3) };
  const demo = await mails(size(256));
  if (demo) sets.mail = demo;
  const tokensPerText = Object.fromEntries(
    Object.entries(sets).map(([k, v]) => [k, v.reduce((s, t) => s + tok.encodeTruncated(t).ids.length, 0) / v.length]),
  );

  const rate = await matmulRate();
  const graph = await UseLiteGraph.load();
  const flopsPerText: Record<string, number> = {};
  const profile: string[] = [];
  for (const [name, list] of Object.entries(sets)) {
    const batch = list.slice(0, 64);
    flopsPerText[name] = (await useLiteFlops(graph, tok, batch)) / batch.length;
    if (!values.profile) continue;
    const shares = await kernelShares(graph, tok, batch);
    profile.push(`${name}: ` + shares.slice(0, 5).map((k) =>
      `${k.kind} ${(100 * k.timeShare).toFixed(0)}% of the time` + (k.flopShare > 0 ? ` for ${(100 * k.flopShare).toFixed(0)}% of the FLOPs (${k.gflopPerSecond.toFixed(1)} GFLOP/s)` : '')).join(', ') + '.');
  }
  graph.dispose();

  const one = await throughput(1, 64, sets);
  const all = cores > 1 ? await throughput(cores, 64, sets) : one;

  const rows = Object.keys(sets).map((name) => {
    const f = flopsPerText[name]!;
    const [o, a] = [one[name]!, all[name]!];
    const limitAll = (rate * cores) / f;
    return `| ${name} | ${sets[name]!.length} | ${tokensPerText[name]!.toFixed(1)} | ${(f / 1e6).toFixed(0)} | ${o.textsPerSecond.toFixed(1)} | ${a.textsPerSecond.toFixed(1)} | ` +
      `${(a.textsPerSecond / o.textsPerSecond).toFixed(2)}× | ${o.cpuMsPerText.toFixed(2)} | ${a.cpuMsPerText.toFixed(2)} | ${(rate / f).toFixed(1)} | ${limitAll.toFixed(1)} | ` +
      `${((100 * a.textsPerSecond) / limitAll).toFixed(0)}% |`;
  });
  const table = [
    `| texts | n | tokens/text | MFLOP/text | texts/s, 1 worker | texts/s, ${cores} workers | speed-up | CPU ms/text, 1 worker | CPU ms/text, ${cores} workers | limit, 1 core | limit, ${cores} cores | of limit |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
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
  if (values.sweep) {
    const lines = ['| batch size | short texts/s, 1 worker | long texts/s, 1 worker |', '| ---: | ---: | ---: |'];
    for (const bs of [16, 32, 64, 128]) {
      const r = await throughput(1, bs, { short: sets.short!.slice(0, size(256)), long: sets.long! });
      lines.push(`| ${bs} | ${r.short!.textsPerSecond.toFixed(1)} | ${r.long!.textsPerSecond.toFixed(1)} |`);
    }
    sweep = `\nBatch-size sweep (one worker):\n\n${lines.join('\n')}\n`;
  }

  const busy = loadavg()[0]! > cores / 2
    ? `\n**The machine was busy** (load ${loadavg()[0]!.toFixed(1)} on ${cores} cores, shared with other work): rates and the ` +
      'matMul limit were measured under different contention, so treat texts/s as lower bounds and "of limit" as unreliable; ' +
      'CPU ms per text is disturbed far less.\n'
    : '';
  const body = [
    '## embed-throughput',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${where}, ${load()} at end.`,
    `USE-lite on tfjs-backend-wasm (SIMD), batch 64, texts sorted by token count; short = 15 words, long = 100 words, mixed = 5–100 words,`,
    `mail = the demo's e-mails (the first \`graft demo\` embeds 1,500 of them); texts are cut at the graph's 128-token limit.`,
    `Matrix-multiply rate: ${(rate / 1e9).toFixed(1)} GFLOP/s on one thread (512×512 matMul); limit = rate × cores / FLOPs per text.`,
    `Rerun: \`npx tsx bench/embed-throughput.ts --profile\`.`,
    '',
    table,
    '',
    padding,
    ...(profile.length > 0 ? ['', 'Where one batch of 64 spends its time (kernel wall times on one thread, tf.profile):', '', ...profile.map((p) => `- ${p}`)] : []),
    busy,
    sweep,
  ].join('\n');
  process.stdout.write(`${body}\n`);
  if (!values['no-write']) writeSection(body, '## embed-throughput');
}

await main();
