/**
 * Values for the multi-locale set. Names, streets, cities, postal codes, IBANs and phone
 * numbers come from faker's locale data; card numbers and driving-licence numbers, which
 * faker does not generate correctly by issuer or country, from the public formats (ISO/IEC
 * 7812 issuer ranges and Luhn; DVLA, DNI, US and Ontario layouts) written out here.
 */
import type { Faker } from '@faker-js/faker';
import { parsePhoneNumberFromString, getExampleNumber, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import type { Rng } from '../../../src/core/index.js';

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;
const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(10))).join('');

/**
 * A phone number of the country as people write it: national (as faker formats it), or
 * international with '+'. Faker's numbers that libphonenumber finds invalid for the country
 * (faker draws digits at random, e.g. US area code 893) are replaced by another draw, and
 * after ten by the country's example mobile number: real numbers are valid ones.
 */
export function phone(f: Faker, rng: Rng, country: string): string {
  const intl = rng.next() < 0.3;
  for (let k = 0; k < 10; k++) {
    const s = f.phone.number({ style: 'national' });
    const p = parsePhoneNumberFromString(s, country as CountryCode);
    if (p?.isValid() && p.country === country) return intl ? p.formatInternational() : s;
  }
  const ex = getExampleNumber(country as CountryCode, examples)!;
  return intl ? ex.formatInternational() : ex.formatNational();
}

function luhnCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Issuer prefixes and lengths (ISO/IEC 7812 ranges as the issuers publish them), and how each is grouped when printed. */
const ISSUERS: ReadonlyArray<{ prefixes: readonly string[]; length: number; groups: readonly number[] }> = [
  { prefixes: ['4'], length: 16, groups: [4, 4, 4, 4] },
  { prefixes: ['51', '53', '55', '2221', '2720'], length: 16, groups: [4, 4, 4, 4] },
  { prefixes: ['34', '37'], length: 15, groups: [4, 6, 5] },
  { prefixes: ['6011', '65'], length: 16, groups: [4, 4, 4, 4] },
  { prefixes: ['36', '300'], length: 14, groups: [4, 6, 4] },
  { prefixes: ['3528', '3589'], length: 16, groups: [4, 4, 4, 4] },
  { prefixes: ['1800', '2131'], length: 15, groups: [4, 4, 4, 3] },
  { prefixes: ['6304', '5018', '6759'], length: 12, groups: [4, 4, 4] },
  { prefixes: ['6759', '5020'], length: 19, groups: [4, 4, 4, 4, 3] },
  { prefixes: ['62'], length: 16, groups: [4, 4, 4, 4] },
];

/** A Luhn-valid card number of a random issuer, grouped by spaces, dashes or not at all; `valid` false breaks its check digit. */
export function card(rng: Rng, valid = true): string {
  const iss = pick(rng, ISSUERS);
  const prefix = pick(rng, iss.prefixes);
  const body = prefix + digits(rng, iss.length - 1 - prefix.length);
  const check = luhnCheck(body);
  const d = body + (valid ? check : String((Number(check) + 1 + rng.int(9)) % 10));
  const sep = pick(rng, [' ', '-', '']);
  if (!sep) return d;
  const out: string[] = [];
  let at = 0;
  for (const g of iss.groups) {
    out.push(d.slice(at, at + g));
    at += g;
  }
  return out.join(sep);
}

/** An IBAN of the country when faker knows it (else a German one): compact or in groups of four, one in five in lower case. */
export function iban(f: Faker, rng: Rng, country: string): string {
  let s: string;
  try {
    s = f.finance.iban({ formatted: false, countryCode: country });
  } catch {
    s = f.finance.iban({ formatted: false, countryCode: 'DE' });
  }
  if (rng.next() < 0.5) s = s.replace(/(.{4})(?=.)/g, '$1 ');
  return rng.next() < 0.2 ? s.toLowerCase() : s;
}

/** An IBAN whose check digits are wrong. */
export function badIban(f: Faker): string {
  const s = f.finance.iban({ formatted: false, countryCode: 'DE' });
  const check = Number(s.slice(2, 4));
  return s.slice(0, 2) + String(((check + 37) % 97) + 2).padStart(2, '0') + s.slice(4);
}

const GB_MONTHS = (m: number, female: boolean): string => String(m + (female ? 50 : 0)).padStart(2, '0');

/** A driving-licence number and the country whose layout it has. */
export function licence(rng: Rng, f: Faker, country: string): string {
  switch (country) {
    case 'GB': {
      // DVLA: 5 letters of the surname (padded with 9), decade, month (+50 for women), day, year digit, 2 initials (padded with 9), a digit, 2 check letters.
      // A name in another script is written in Latin letters on a British licence: a fixed stand-in keeps the layout.
  const latin = f.person.lastName().normalize('NFD').toUpperCase().replace(/[^A-Z]/g, '') || 'SATO';
  const sur = (latin + '99999').slice(0, 5);
      const y = 40 + rng.int(60);
      const initials = (f.person.firstName().toUpperCase().replace(/[^A-Z]/g, '').slice(0, 1) + pick(rng, ['9', 'J', 'M', 'A'])).slice(0, 2);
      return `${sur}${String(y).slice(0, 1)}${GB_MONTHS(1 + rng.int(12), rng.next() < 0.5)}${String(1 + rng.int(28)).padStart(2, '0')}${String(y).slice(1)}${initials}9${pick(rng, ['IJ', 'AB', 'XY', 'LM'])}`;
    }
    case 'ES': {
      const n = 10_000_000 + rng.int(89_999_999);
      return `${n}${'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}`;
    }
    case 'CA': {
      // Ontario: a letter (the surname's initial), 14 digits in groups 4-5-5.
      const l = f.person.lastName().toUpperCase().replace(/[^A-Z]/g, 'X')[0] ?? 'X';
      return `${l}${digits(rng, 4)}-${digits(rng, 5)}-${digits(rng, 5)}`;
    }
    default: {
      // US states: California (letter + 7), Florida (letter + 12, dashed), Illinois (letter + 11, dashed), Texas (8), New York (9, spaced).
      const l = 'ABCDEFGHJKLMNPRSTUVWXYZ'[rng.int(23)]!;
      return pick(rng, [
        `${l}${digits(rng, 7)}`,
        `${l}${digits(rng, 3)}-${digits(rng, 3)}-${digits(rng, 2)}-${digits(rng, 3)}-${digits(rng, 1)}`,
        `${l}${digits(rng, 3)}-${digits(rng, 4)}-${digits(rng, 4)}`,
        `${1 + rng.int(9)}${digits(rng, 7)}`,
        `${digits(rng, 3)} ${digits(rng, 3)} ${digits(rng, 3)}`,
      ]);
    }
  }
}

/** A numeric date in the locale's order, or ISO. */
export function numericDate(rng: Rng, order: 'mdy' | 'dmy' | 'ymd', d: Date): string {
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const y = String(d.getUTCFullYear());
  if (order === 'ymd' || rng.next() < 0.2) return `${y}-${mm}-${dd}`;
  const sep = pick(rng, order === 'mdy' ? ['/'] : ['/', '.', '-']);
  return order === 'mdy' ? `${mm}${sep}${dd}${sep}${y}` : `${dd}${sep}${mm}${sep}${y}`;
}

/** The US military addresses faker does not make: "PSC 1234, Box 5678" / "APO AE 09876". */
export function military(rng: Rng): { street: string; city: string; zip: string } {
  const [city, state, zip] = pick(rng, [['APO', 'AE', '09'], ['FPO', 'AP', '96'], ['APO', 'AA', '340'], ['DPO', 'AE', '09']] as const);
  const street = pick(rng, [`PSC ${1000 + rng.int(8999)}, Box ${1000 + rng.int(8999)}`, `Unit ${1000 + rng.int(8999)} Box ${100 + rng.int(899)}`, `USNS ${pick(rng, ['Comfort', 'Mercy', 'Supply'])}`]);
  return { street, city: `${city} ${state}`, zip: zip + digits(rng, 5 - zip.length) };
}
