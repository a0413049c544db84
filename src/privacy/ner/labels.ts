/**
 * A token-classification model's labels read as graft's types: "B-PER", "I-ORG", "S-LOC",
 * "PERSON", "LABEL_3"... Only PERSON, LOCATION and ORGANIZATION are kept; MISC, dates and
 * numbers are left to the rules.
 */
import type { PiiType } from '../types.js';

export interface TagReading {
  /** 'B' begins an entity, 'I' continues one (also 'E' ends and 'S' is a single-word one), 'O' is none. */
  tag: 'B' | 'I' | 'E' | 'S' | 'O';
  type: PiiType | undefined;
}

const TYPES: Readonly<Record<string, PiiType>> = {
  PER: 'PERSON', PERSON: 'PERSON', PERS: 'PERSON', NAME: 'PERSON', FIRSTNAME: 'PERSON', LASTNAME: 'PERSON', GIVENNAME: 'PERSON', SURNAME: 'PERSON',
  LOC: 'LOCATION', LOCATION: 'LOCATION', GPE: 'LOCATION', CITY: 'LOCATION', COUNTRY: 'LOCATION',
  ORG: 'ORGANIZATION', ORGANIZATION: 'ORGANIZATION', ORGANISATION: 'ORGANIZATION', COMPANY: 'ORGANIZATION', CORP: 'ORGANIZATION',
};

/** Reads one label of the model's `id2label`. */
export function readLabel(label: string): TagReading {
  const m = /^([BIESLU])[-_](.+)$/.exec(label);
  const prefix = m ? m[1]! : label === 'O' ? 'O' : 'I';
  const name = (m ? m[2]! : label).toUpperCase().replace(/[^A-Z]/g, '');
  if (prefix === 'O' || label === 'O') return { tag: 'O', type: undefined };
  // BILOU's L(ast) and U(nit) are BIOES's E and S.
  const tag = prefix === 'L' ? 'E' : prefix === 'U' ? 'S' : (prefix as TagReading['tag']);
  return { tag, type: TYPES[name] };
}
