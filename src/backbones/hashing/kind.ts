import { defineKind, flagsFor, noArgument } from '../kind.js';
import { HashingBackbone } from './index.js';

const schema = { dim: { type: 'int', min: 64, max: 1 << 20 } } as const;

export const hashingKind = defineKind<'hashing'>({
  usage: 'hashing',
  summary: 'hashed word and character n-grams, no pretraining (a from-scratch baseline)',
  remote: false,
  // Computing a hashing vector (~20 CPU-µs for a short text) costs less than a cache of it: a
  // SQLite read costs more, and even a memory cache took ~20 µs more per new text (the key's
  // SHA-256, a 16 kB copy kept, LRU eviction) and, under a server's stream of new texts, made
  // the old generation churn: 10 mark-compacts per 20,000 texts against 0-1 without it.
  cache: 'none',
  schema,
  parse(arg, flags) {
    noArgument('hashing', arg);
    return flagsFor(schema, flags);
  },
  create: (options) => new HashingBackbone(options),
});
