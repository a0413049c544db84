/**
 * compromise (the English NLP library the name rules read their lexicon from, and the opt-in
 * `nlp` detector parses with), loaded on first use. Importing it costs more than the rest of a
 * `graft` command's start-up together (its ES-module source is hundreds of files), and most
 * commands (`forget --id`, `deploy`, `tasks`, `--version`) never detect a name. Its CommonJS
 * build is one bundled file of the same release and loads in about two thirds of the time.
 */
import { createRequire } from 'node:module';
import type nlpFunction from 'compromise';

export type Nlp = typeof nlpFunction;

let loaded: Nlp | undefined;

/** The `nlp` function of compromise, required on the first call. */
export function compromise(): Nlp {
  loaded ??= createRequire(import.meta.url)('compromise') as Nlp;
  return loaded;
}
