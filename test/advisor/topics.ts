/** A small labelled set of topic sentences (with private values planted when asked), for the advise tests. */
import type { Example } from '../../src/data/index.js';

export const PLANTED = ['zelda.quux@example.org', '+1 415 555 0132', 'Margaret Thompson'];

const WORDS: Record<string, string[]> = {
  weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
  cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
  other: ['zebra', 'violin', 'nebula', 'cactus', 'quantum', 'origami', 'glacier', 'opera'],
};

/** `perTopic` sentences for each of `topics` topics; every tenth row carries a planted private value when `plant`. */
export function topicExamples(perTopic: number, topics = 3, plant = false): Example[] {
  const out: Example[] = [];
  for (const [label, w] of Object.entries(WORDS).slice(0, topics)) {
    for (let i = 0; i < perTopic; i++) {
      const secret = plant && i % 10 < PLANTED.length ? ` (${PLANTED[i % 10]})` : '';
      out.push({ id: `${label}-${i}`, text: `${w[(i * 7) % 8]}, ${w[(i * 3 + 5) % 8]} or ${w[(i + 2) % 8]} #${i}${secret}`, label, line: out.length + 1 });
    }
  }
  return out;
}
