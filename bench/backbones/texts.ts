/** Deterministic bench texts: short (about 12 tokens) and long (about 120), from a fixed word list. */
import { Rng } from '../../src/core/index.js';

const WORDS = ('the a of to and in is for on with that this my your card refund account transfer money bank payment ' +
  'please help need when will new arrive meeting report review friday market stock rate decision cat kitten mat rug ' +
  'hello world good morning phone number address email send call tomorrow room free win click here now').split(' ');

export function benchTexts(n: number, words: number, seed = 1): string[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: words }, () => WORDS[rng.int(WORDS.length)]!).join(' ') + '.');
}
