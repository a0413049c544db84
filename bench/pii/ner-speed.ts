/** The NER stage's speed, apart from the rules': texts per second of `prepare` over a set's texts (one warm-up batch first). */
import { cpus, loadavg } from 'node:os';
import type { NerStage } from '../../src/privacy/index.js';

export async function nerSpeed(ner: NerStage, texts: readonly string[]): Promise<string> {
  await ner.prepare(texts.slice(0, 8));
  const chars = texts.reduce((a, t) => a + t.length, 0);
  const t0 = performance.now();
  await ner.prepare(texts);
  const s = (performance.now() - t0) / 1000;
  return `NER stage (${ner.id}): ${texts.length} texts (${(chars / texts.length).toFixed(0)} characters on average) in ${s.toFixed(1)} s, ` +
    `${(texts.length / s).toFixed(1)} texts/s, ${(chars / 1e3 / s).toFixed(1)} k characters/s (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores).`;
}
