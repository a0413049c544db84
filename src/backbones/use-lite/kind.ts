import { defineKind, flagsFor, noArgument } from '../kind.js';
import { UseLiteBackbone } from './index.js';

const schema = {
  workers: { type: 'int', min: 1, max: 256 },
  batchSize: { type: 'int', min: 1, max: 4096 },
} as const;

export const useLiteKind = defineKind<'use-lite'>({
  usage: 'use-lite',
  summary: 'Universal Sentence Encoder lite, 512-d, bundled (the default)',
  remote: false,
  cache: 'store',
  schema,
  parse(arg, flags) {
    noArgument('use-lite', arg);
    return flagsFor(schema, flags);
  },
  create: (options) => new UseLiteBackbone(options),
});
