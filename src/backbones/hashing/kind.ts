import { defineKind, flagsFor, noArgument } from '../kind.js';
import { HashingBackbone } from './index.js';

const schema = { dim: { type: 'int', min: 64, max: 1 << 20 } } as const;

export const hashingKind = defineKind<'hashing'>({
  usage: 'hashing',
  summary: 'hashed word and character n-grams, no pretraining (a from-scratch baseline)',
  remote: false,
  // Computing a hashing vector costs about as much as hashing the text for the key, and a
  // SQLite read costs more: keep it out of the file.
  cache: 'memory',
  schema,
  parse(arg, flags) {
    noArgument('hashing', arg);
    return flagsFor(schema, flags);
  },
  create: (options) => new HashingBackbone(options),
});
