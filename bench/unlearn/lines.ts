/** The bench's 10,000 texts: distinct lines of SpamAssassin message bodies, labelled spam or ham, in a seeded order. */
import { Rng } from '../../src/core/index.js';
import type { ExampleInput } from '../../src/data/index.js';
import { messagesById } from '../pii/corpus.js';

const N = 10_000;

export function unlearnLines(): ExampleInput[] {
  const out: ExampleInput[] = [];
  const seen = new Set<string>();
  for (const [id, text] of messagesById()) {
    const body = text.slice(text.indexOf('\n\n') + 2);
    for (const line of body.split('\n')) {
      const t = line.trim();
      if (t.length < 30 || t.length > 200 || /[<>=]{2}|^[A-Za-z0-9+/]{40,}$/.test(t) || seen.has(t)) continue;
      seen.add(t);
      out.push({ id: `${id}#${out.length}`, text: t, label: id.startsWith('spam') ? 'spam' : 'ham' });
    }
  }
  const rng = new Rng(11);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, N).map((e, i) => ({ ...e, line: i + 1 }));
}

