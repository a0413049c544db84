/**
 * Throughput of the detectors against an older copy of them, in the same process, so that
 * machine load affects both alike: passes over all 6,046 raw messages alternate between the
 * two (cold first passes, then warm), and the best pass of each is compared.
 *
 *   git archive <old-commit> src | tar -x -C scratch/old
 *   npx tsx bench/pii/compare-speed.ts scratch/old/src [rounds]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { detect as detectNew } from '../../src/privacy/index.js';
import { messagesById } from './corpus.js';

const [oldSrc, roundsArg] = process.argv.slice(2);
if (!oldSrc) throw new Error('usage: compare-speed.ts <old src folder, e.g. scratch/old/src> [rounds]');
const old = (await import(pathToFileURL(resolve(oldSrc, 'privacy/index.ts')).href)) as { detect: typeof detectNew };
const rounds = Number(roundsArg ?? 4);
const texts = [...messagesById().values()];
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
