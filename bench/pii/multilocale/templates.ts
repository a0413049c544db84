/**
 * Templates of the multi-locale set: short messages, forms and signatures in the locale's
 * language (English for languages without their own words in locales.ts), with values from
 * faker. A part is plain text or a [type, value] span, so the gold spans are exact by
 * construction. About one text in six holds near-misses only (no span).
 */
import type { Faker } from '@faker-js/faker';
import type { Rng } from '../../../src/core/index.js';
import type { LocaleSpec, Words } from './locales.js';
import { badIban, card, iban, licence, military, numericDate, phone, pick } from './values.js';

export type Part = string | [string, string];

export interface Ctx {
  f: Faker;
  rng: Rng;
  loc: LocaleSpec;
  w: Words;
}

const fill = (pattern: string, type: string, value: string): Part[] => {
  const [a, b] = pattern.split('{}') as [string, string];
  return [a, [type, value], b];
};

/** A person's name, first name first (family name first in Hungarian and Japanese, as written there), sometimes in lower case. */
function name(c: Ctx, lower = false): [string, string] {
  const sex = pick(c.rng, ['female', 'male'] as const);
  const first = c.f.person.firstName(sex);
  const last = c.f.person.lastName(sex);
  const n = c.loc.country === 'HU' || c.loc.country === 'JP' ? `${last} ${first}` : `${first} ${last}`;
  return ['PERSON', lower ? n.toLowerCase() : n];
}

function birthDate(c: Ctx): Date {
  // Ages counted from a fixed day, so that the script does not depend on when it runs.
  return c.f.date.birthdate({ mode: 'age', min: 18, max: 80, refDate: '2026-12-01T00:00:00Z' });
}

/** A date as people write it: numeric, long with the month's name, or a weekday / bare year with its context word. */
function date(c: Ctx): Part[] {
  const d = c.f.date.between({ from: '2015-01-01', to: '2027-12-31' });
  const k = c.rng.int(5);
  if (k <= 1) return [['DATE_TIME', numericDate(c.rng, c.loc.dates, d)]];
  if (k === 2) return [['DATE_TIME', c.w.dateLong(d.getUTCDate(), c.w.months[d.getUTCMonth()]!, d.getUTCFullYear())]];
  if (k === 3) return [`${c.w.on} `, ['DATE_TIME', c.f.date.weekday()]];
  // A date and its time are one span, as a full timestamp is in GUIDELINE.md.
  return [`${c.w.on} `, ['DATE_TIME', `${numericDate(c.rng, c.loc.dates, d)} ${10 + c.rng.int(9)}:${pick(c.rng, ['00', '15', '30', '45'])}`]];
}

/** A postal address in the locale's layout, on one line or several; the street part may span two lines. */
function address(c: Ctx): Part[] {
  const { f, rng, loc } = c;
  if (loc.country === 'US' && rng.next() < 0.25) {
    const m = military(rng);
    return [['STREET_ADDRESS', m.street], '\n', ['LOCATION', m.city], ' ', ['POSTAL_CODE', m.zip]];
  }
  const multi = rng.next() < 0.6;
  const br = multi ? '\n' : ', ';
  const secondary = rng.next() < 0.3 && loc.address !== 'jp' ? f.location.secondaryAddress() : '';
  const streetLine = f.location.streetAddress(false);
  const street: Part[] = secondary ? [['STREET_ADDRESS', `${streetLine}${multi ? '\n' : ', '}${secondary}`]] : [['STREET_ADDRESS', streetLine]];
  const city = f.location.city();
  const zip = f.location.zipCode();
  switch (loc.address) {
    case 'us': {
      const state = f.location.state({ abbreviated: true });
      return [...street, br, ['LOCATION', city], ', ', ['LOCATION', state], ' ', ['POSTAL_CODE', zip]];
    }
    case 'uk': return [...street, br, ['LOCATION', city], multi ? '\n' : ' ', ['POSTAL_CODE', zip]];
    case 'jp': return ['〒', ['POSTAL_CODE', zip], ' ', ['LOCATION', city], ' ', ...street];
    default: return [...street, br, ['POSTAL_CODE', zip], ' ', ['LOCATION', city], ...(rng.next() < 0.3 ? [br, ['LOCATION', f.location.country()] as Part] : [])];
  }
}

type Template = (c: Ctx) => Part[];

export const TEMPLATES: readonly Template[] = [
  (c) => [`${c.w.hello} `, name(c), ',\n', ...fill(pick(c.rng, c.w.phone), 'PHONE', phone(c.f, c.rng, c.loc.country)), '.\n', `${c.w.regards},\n`, name(c)],
  (c) => [name(c), '\n', ['EMAIL', c.f.internet.email()], '\n', ['PHONE', phone(c.f, c.rng, c.loc.country)]],
  (c) => [`${c.w.address}\n`, name(c), '\n', ...address(c)],
  (c) => [`${c.w.meet} `, ...date(c), '. ', ...fill(pick(c.rng, c.w.phone), 'PHONE', phone(c.f, c.rng, c.loc.country))],
  (c) => [`${c.w.card}: `, ['CREDIT_CARD', card(c.rng)], ', ', name(c), ', exp. ', `${String(1 + c.rng.int(12)).padStart(2, '0')}/${28 + c.rng.int(5)}`],
  (c) => [`${c.w.iban}: `, ['IBAN', iban(c.f, c.rng, c.loc.country)], ' (', name(c), ')'],
  (c) => [name(c), `, ${c.w.born} `, ['DATE_TIME', String(birthDate(c).getUTCFullYear())], ', ', ...fill(pick(c.rng, c.w.age), 'AGE', String(18 + c.rng.int(70)))],
  (c) => [name(c), ' — ', ...fill(pick(c.rng, c.w.licence), 'DRIVER_LICENSE', licence(c.rng, c.f, pick(c.rng, ['US', 'GB', 'ES', 'CA'])))],
  (c) => [`${c.w.present}: `, ['PERSON', c.f.person.lastName()], ', ', ['PERSON', c.f.person.lastName()], ` ${c.w.and} `, ['PERSON', c.f.person.lastName()], '.'],
  (c) => ['hey ', name(c, true), ' here, text me ', ['PHONE', phone(c.f, c.rng, c.loc.country)], ' ', ...date(c)],
  (c) => ['DOB: ', ['DATE_TIME', numericDate(c.rng, c.loc.dates, birthDate(c))], '\n', 'Name: ', name(c), '\n', ...fill(pick(c.rng, c.w.phone), 'PHONE', phone(c.f, c.rng, c.loc.country))],
  (c) => ['Ship to ', name(c), ', ', ...address(c), '. ', ...fill(pick(c.rng, c.w.phone), 'PHONE', phone(c.f, c.rng, c.loc.country))],
  (c) => [['ORGANIZATION', c.f.company.name()], ' hired ', name(c), ' ', ...date(c), '.'],
  (c) => ['Refund to ', ['CREDIT_CARD', card(c.rng)], ' or ', ['IBAN', iban(c.f, c.rng, c.loc.country)], '.'],
  (c) => ['Patient ', name(c), ', ', ...fill(pick(c.rng, c.w.age), 'AGE', String(1 + c.rng.int(95))), ', seen ', ...date(c), '.'],
  // Near-misses only: numbers and words that look like PII and are not.
  (c) => [`Order ${c.rng.int(10) + 1}${String(c.rng.int(1e8)).padStart(8, '0')} shipped, ${pick(c.rng, c.w.ageNot).replace('{}', String(2 + c.rng.int(30)))}; ref ${card(c.rng, false)}.`],
  (c) => [`Version ${c.rng.int(9)}.${c.rng.int(20)}.${c.rng.int(99)} fixed build ${c.rng.int(1e6)}; checksum ${badIban(c.f)}, total ${c.rng.int(9999)}.${String(c.rng.int(100)).padStart(2, '0')} EUR, ${10 + c.rng.int(80)} items.`],
];

/** Builds one item from parts. */
export function build(parts: readonly Part[]): { text: string; spans: Array<{ start: number; end: number; type: string }> } {
  let text = '';
  const spans: Array<{ start: number; end: number; type: string }> = [];
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      spans.push({ start: text.length, end: text.length + p[1].length, type: p[0] });
      text += p[1];
    }
  }
  return { text, spans };
}
