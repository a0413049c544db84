/**
 * Steady-state throughput of `detect` on one core: what a long scan runs at once V8 has compiled
 * the detectors, measured on texts the warm-up did not see. The 6,046 raw messages are split by
 * position (even / odd); one pass over the even ones warms the code (and the phone parser's cache
 * of recent numbers, as a long scan would), then the odd ones are timed. `run.ts` reports the
 * other figure: one cold pass over all messages in a fresh process, compilation included.
 *
 *   taskset -c 0 node --import tsx bench/pii/steady.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { detect } from '../../src/privacy/index.js';
import { messagesById } from './corpus.js';

const mbOf = (texts: readonly string[]): number => texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1e6;

if (process.argv[2] === '--child') {
  const all = [...messagesById().values()];
  const warm = all.filter((_, i) => i % 2 === 0);
  const timed = all.filter((_, i) => i % 2 === 1);
  const w0 = performance.now();
  for (const t of warm) detect(t);
  const warmS = (performance.now() - w0) / 1000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const t of timed) detect(t);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ warmMbPerS: mbOf(warm) / warmS, wallMbPerS: mbOf(timed) / wall, cpuMbPerS: mbOf(timed) / ((c.user + c.system) / 1e6), mb: mbOf(timed) }) + '\n');
} else {
  // Each run in a fresh process (this one's affinity, e.g. under taskset), so runs do not warm each other.
  const runs = Number(process.argv[2] ?? 5);
  const out: Array<{ warmMbPerS: number; wallMbPerS: number; cpuMbPerS: number; mb: number }> = [];
  for (let r = 0; r < runs; r++) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`steady.ts child failed: ${child.stderr}`);
    out.push(JSON.parse(child.stdout) as (typeof out)[number]);
    process.stderr.write(`run ${r + 1}/${runs}: first half (cold) ${out.at(-1)!.warmMbPerS.toFixed(2)} MB/s, second half ${out.at(-1)!.wallMbPerS.toFixed(2)} MB/s wall, ${out.at(-1)!.cpuMbPerS.toFixed(2)} per CPU-s\n`);
  }
  const range = (k: 'warmMbPerS' | 'wallMbPerS' | 'cpuMbPerS'): string => {
    const v = out.map((o) => o[k]).sort((a, b) => a - b);
    return `${v[0]!.toFixed(2)}–${v.at(-1)!.toFixed(2)} (median ${v[Math.floor(v.length / 2)]!.toFixed(2)})`;
  };
  process.stdout.write(
    `Steady state, ${runs} fresh processes, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores: after one pass over the even-numbered messages, ` +
      `the odd-numbered ones (${out[0]!.mb.toFixed(1)} MB, unseen) ran at ${range('wallMbPerS')} MB per wall-second, ${range('cpuMbPerS')} per CPU-second. ` +
      `The warm-up pass itself (cold, compilation included): ${range('warmMbPerS')} MB per wall-second.\n`,
  );
}
