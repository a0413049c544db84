/**
 * Throughput of the detectors against an older copy of them, in the same process, so that
 * machine load affects both alike: passes over all 6,046 raw messages alternate between the
 * two (cold first passes, then warm), and the best pass of each is compared.
 *
 *   git archive <old-commit> src | tar -x -C scratch/old
 *   npx tsx bench/pii/compare-speed.ts scratch/old/src [rounds]
 *   npx tsx bench/pii/compare-speed.ts scratch/old/src --check
 *
 * --check times nothing: it asserts that both copies return the same findings (type, start,
 * end, confidence, rule) on every raw message, on a seeded cut of each message (a window
 * starting and ending mid-text, so detectors meet odd edges), on the synthetic set, on the
 * multi-locale texts, on 20,000 short request-like texts with digit runs, and on the raw
 * messages again with only some types asked for; it exits non-zero on the first
 * difference, printing where.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { Rng } from '../../src/core/index.js';
import { detect as detectNew, type DetectOptions } from '../../src/privacy/index.js';
import type { Finding } from '../../src/privacy/types.js';
import { messagesById } from './corpus.js';
import { syntheticItems } from './synthetic.js';

const args = process.argv.slice(2);
const [oldSrc, roundsArg] = args.filter((a) => !a.startsWith('--'));
if (!oldSrc) throw new Error('usage: compare-speed.ts <old src folder, e.g. scratch/old/src> [rounds] [--check]');
const old = (await import(pathToFileURL(resolve(oldSrc, 'privacy/index.ts')).href)) as { detect: typeof detectNew };
const texts = [...messagesById().values()];

if (args.includes('--check')) {
  const key = (f: Finding): string => `${f.type} ${f.start} ${f.end} ${f.confidence} ${f.rule}`;
  const rng = new Rng(11);
  const cuts = texts.map((t) => {
    const a = rng.int(Math.max(1, t.length));
    return t.slice(a, a + 1 + rng.int(Math.max(1, t.length - a)));
  });
  const multilocale = ['dev', 'test'].flatMap((half) =>
    readFileSync(new URL(`./multilocale/${half}.jsonl`, import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text));
  // Short texts as a server's requests carry them: a few words (phone words among them) and a digit run of 1-12 digits.
  const words = 'meeting invoice free call offer phone reply order fax refund toll number text customer'.split(' ');
  const requests = Array.from({ length: 20000 }, (_, i) => `${words[i % words.length]} ${words[(i * 7 + 3) % words.length]} please reply ${String(rng.int(1e12)).slice(0, 1 + (i % 12))}`);
  const sets: Array<[string, readonly string[], DetectOptions]> = [
    ['raw messages', texts, {}],
    ['cut messages', cuts, {}],
    ['synthetic', syntheticItems().map((i) => i.text), {}],
    ['multi-locale dev and test', multilocale, {}],
    ['request-like short texts', requests, {}],
    ['raw messages, PERSON+PHONE+DATE_TIME only', texts, { types: ['PERSON', 'PHONE', 'DATE_TIME'] }],
    ['raw messages, ORGANIZATION+LOCATION only', texts, { types: ['ORGANIZATION', 'LOCATION'] }],
  ];
  let total = 0;
  for (const [name, set, opts] of sets) {
    let n = 0;
    set.forEach((t, i) => {
      const a = old.detect(t, opts).map(key);
      const b = detectNew(t, opts).map(key);
      if (a.length !== b.length || a.some((k, j) => k !== b[j])) {
        process.stderr.write(`${name} #${i}: findings differ\n  old: ${a.filter((k) => !b.includes(k)).join(' | ')}\n  new: ${b.filter((k) => !a.includes(k)).join(' | ')}\n`);
        process.exit(1);
      }
      n += a.length;
    });
    total += n;
    process.stdout.write(`${name}: ${set.length} texts, ${n} findings identical\n`);
  }
  process.stdout.write(`all identical: ${total} findings\n`);
  process.exit(0);
}

const rounds = Number(roundsArg ?? 4);
const mb = texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1e6;

function pass(detect: typeof detectNew): number {
  const c0 = process.cpuUsage();
  for (const t of texts) detect(t);
  const c = process.cpuUsage(c0);
  return mb / ((c.user + c.system) / 1e6);
}

const res = { old: [] as number[], new: [] as number[] };
for (let r = 0; r < rounds; r++) {
  // Alternate which goes first, so neither always runs on a warmer machine.
  const order: Array<['old' | 'new', typeof detectNew]> = r % 2 ? [['new', detectNew], ['old', old.detect]] : [['old', old.detect], ['new', detectNew]];
  for (const [k, d] of order) {
    res[k].push(pass(d));
    process.stderr.write(`round ${r + 1}/${rounds} ${k}: ${res[k].at(-1)!.toFixed(2)} MB per CPU-s\n`);
  }
}
const best = (a: number[]): number => Math.max(...a);
const f = (a: number[]): string => a.map((x) => x.toFixed(2)).join(', ');
process.stdout.write(
  `${mb.toFixed(1)} MB, ${rounds} alternating rounds, load ${loadavg()[0]!.toFixed(1)}\n` +
    `old: ${f(res.old)} MB per CPU-s (cold first)\nnew: ${f(res.new)} MB per CPU-s (cold first)\n` +
    `best warm: new ${best(res.new.slice(1)).toFixed(2)} vs old ${best(res.old.slice(1)).toFixed(2)} = ${(best(res.new.slice(1)) / best(res.old.slice(1))).toFixed(2)}x; cold: ${(res.new[0]! / res.old[0]!).toFixed(2)}x\n`,
);
