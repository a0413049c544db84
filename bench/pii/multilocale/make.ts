/**
 * Writes the multi-locale set: dev.jsonl (tune on it) and test.jsonl (score it, never tune on
 * it), each `{ id, locale, text, spans }`. The two halves come from different seeds, so no text
 * is in both. Both files are committed: the set is fixed by them, not by this script, which
 * only says how they were made (faker 10.6.0, libphonenumber-js 1.13.16).
 *
 *   npx tsx bench/pii/multilocale/make.ts
 */
import { writeFileSync } from 'node:fs';
import { allFakers, type Faker } from '@faker-js/faker';
import { Rng } from '../../../src/core/index.js';
import { LOCALES, WORDS } from './locales.js';
import { TEMPLATES, build } from './templates.js';

/** Texts per template and locale in each half. */
const PER_TEMPLATE = 2;

function half(seed: number): string[] {
  const lines: string[] = [];
  LOCALES.forEach((loc, li) => {
    const f = (allFakers as unknown as Record<string, Faker>)[loc.faker]!;
    f.seed(seed * 1000 + li);
    const rng = new Rng(seed * 1000 + li);
    const ctx = { f, rng, loc, w: WORDS[loc.lang] };
    TEMPLATES.forEach((t, ti) => {
      for (let k = 0; k < PER_TEMPLATE; k++) {
        const { text, spans } = build(t(ctx));
        lines.push(JSON.stringify({ id: `${loc.faker}/${ti}/${k}`, locale: loc.faker, text, spans }));
      }
    });
  });
  return lines;
}

const dir = new URL('./', import.meta.url);
writeFileSync(new URL('dev.jsonl', dir), half(1).join('\n') + '\n');
writeFileSync(new URL('test.jsonl', dir), half(2).join('\n') + '\n');
