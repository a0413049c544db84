/** CREDIT_CARD (Luhn + issuer ranges), IBAN (mod-97 + per-country length), US_SSN. */
import type { Detector, Finding } from '../types.js';
import { isDigit } from './chars.js';

/** CARD_MIN–CARD_MAX digits, optionally in groups separated by one space or dash; tried only where digitChains starts one. */
const CARD_AT = /(?<![\dA-Za-z+-])\d(?:[ -]?\d){11,18}(?![\d])/y;
const SSN_AT = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/y;

/**
 * Nine digits joined by single spaces or dashes, not after a digit or '-': every CARD_AT and
 * SSN_AT match starts where this matches, so one scan of the text serves both.
 */
const CHAIN9 = /(?<![\d-])\d(?:[ -]?\d){8}/g;

let chainsText: string | undefined;
let chains: number[] = [];
/**
 * The maximal chains (digits joined by single spaces or dashes) that hold a CHAIN9 match, as
 * start, end pairs; the last text's are kept, as the card and SSN detectors run one after the other.
 * A CARD_AT or SSN_AT match is a chain of 9 or more digits starting where CHAIN9 can, so it lies
 * in one of these chains and starts at its start or after one of its spaces (a digit or a '-'
 * before it fails the lookbehind).
 */
function digitChains(text: string): number[] {
  if (text === chainsText) return chains;
  const out: number[] = [];
  CHAIN9.lastIndex = 0;
  for (let m = CHAIN9.exec(text); m; m = CHAIN9.exec(text)) {
    let end = m.index + m[0].length;
    for (;;) {
      if (end < text.length && isDigit(text.charCodeAt(end))) end++;
      else if (end + 1 < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 45) && isDigit(text.charCodeAt(end + 1))) end += 2;
      else break;
    }
    out.push(m.index, end);
    CHAIN9.lastIndex = end;
  }
  chainsText = text;
  chains = out;
  return out;
}

/**
 * The matches `re` (sticky) would give as a global regex: tried from each chain's start and
 * after each space in it, in order, resuming after a match as a global scan does.
 */
function* chainMatches(text: string, re: RegExp): Generator<RegExpExecArray> {
  const cs = digitChains(text);
  for (let i = 0; i < cs.length; i += 2) {
    const end = cs[i + 1]!;
    let q = cs[i]!;
    while (q < end) {
      re.lastIndex = q;
      const m = re.exec(text);
      if (m) {
        yield m;
        q += m[0].length;
        if (q >= end) break;
      }
      const space = text.indexOf(' ', q);
      if (space < 0 || space >= end) break;
      q = space + 1;
    }
  }
}

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Card issuers: the prefix ranges (inclusive, compared on as many leading digits as the bounds
 * have) and the lengths each issues (ISO/IEC 7812 IIN ranges as the networks publish them).
 * The one table that both `cardIssuer` (the validator) and the detector read, so the detector
 * never refuses a length the validator accepts. Earlier rows win: Discover's 622126–622925
 * before UnionPay's 62, JCB before Diners.
 */
export const CARD_ISSUERS: ReadonlyArray<{ name: string; ranges: ReadonlyArray<readonly [string, string]>; lengths: readonly number[] }> = [
  { name: 'visa', ranges: [['4', '4']], lengths: [13, 16, 19] },
  { name: 'mastercard', ranges: [['51', '55'], ['2221', '2720']], lengths: [16] },
  { name: 'amex', ranges: [['34', '34'], ['37', '37']], lengths: [15] },
  { name: 'discover', ranges: [['6011', '6011'], ['644', '649'], ['65', '65'], ['622126', '622925']], lengths: [16, 17, 18, 19] },
  // Legacy JCB: 15 digits starting 1800 or 2131.
  { name: 'jcb', ranges: [['3528', '3589']], lengths: [16, 17, 18, 19] },
  { name: 'jcb', ranges: [['1800', '1800'], ['2131', '2131']], lengths: [15] },
  { name: 'diners', ranges: [['300', '305'], ['36', '36'], ['38', '39']], lengths: [14, 15, 16, 17, 18, 19] },
  { name: 'mir', ranges: [['2200', '2204']], lengths: [16, 17, 18, 19] },
  { name: 'unionpay', ranges: [['62', '62']], lengths: [16, 17, 18, 19] },
  { name: 'maestro', ranges: [['50', '50'], ['56', '69']], lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];

/** The shortest and longest card number any issuer gives. */
export const CARD_MIN = Math.min(...CARD_ISSUERS.flatMap((i) => i.lengths));
export const CARD_MAX = Math.max(...CARD_ISSUERS.flatMap((i) => i.lengths));

/** Issuer whose number range and length contain `digits`, or undefined. */
export function cardIssuer(digits: string): string | undefined {
  for (const issuer of CARD_ISSUERS) {
    if (!issuer.lengths.includes(digits.length)) continue;
    for (const [lo, hi] of issuer.ranges) {
      const p = digits.slice(0, lo.length);
      if (p >= lo && p <= hi) return issuer.name;
    }
  }
  return undefined;
}

/** The grouping of a 12-digit number as cards print it (4-4-4); other 12-digit runs are ids and need a context word. */
const TWELVE_GROUPED = /^\d{4}([ -])\d{4}\1\d{4}$/;

export const creditCardDetector: Detector = {
  name: 'credit-card',
  types: ['CREDIT_CARD'],
  detect(text) {
    const out: Finding[] = [];
    for (const m of chainMatches(text, CARD_AT)) {
      const raw = m[0];
      const seps = raw.match(/[ -]/g);
      // Mixed separators ("1234-5678 9012-3456") are rarely a card; a card uses one kind.
      if (seps && new Set(seps).size > 1) continue;
      const digits = raw.replace(/[ -]/g, '');
      if (digits.length < CARD_MIN || digits.length > CARD_MAX || /^(\d)\1+$/.test(digits)) continue;
      if (!luhnValid(digits)) continue;
      const issuer = cardIssuer(digits);
      if (!issuer) continue;
      // Twelve digits pass Luhn one time in ten: ungrouped, a Maestro-range id is likelier than a card (context lifts it).
      const confidence = digits.length > 12 ? 0.85 : TWELVE_GROUPED.test(raw) ? 0.6 : 0.35;
      out.push({ type: 'CREDIT_CARD', start: m.index!, end: m.index! + raw.length, confidence, rule: `card.luhn.${issuer}` });
    }
    return out;
  },
};

/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTH: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
});

/** Upper or lower case ("de89 3704 …"): the case is checked to be one of the two, and mod 97 decides. */
const IBAN = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b/g;

/** ISO 7064 mod-97-10 check of a compact IBAN. */
export function ibanValid(compact: string): boolean {
  const len = IBAN_LENGTH[compact.slice(0, 2)];
  if (len === undefined || compact.length !== len) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? String(code - 55) : ch;
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

export const ibanDetector: Detector = {
  name: 'iban',
  types: ['IBAN'],
  detect(text) {
    const out: Finding[] = [];
    // An exec loop on the global regex, not matchAll (which copies the regex and iterates through a generic path).
    IBAN.lastIndex = 0;
    for (let m = IBAN.exec(text); m; m = IBAN.exec(text)) {
      // The greedy match may run into the next word; try the longest valid prefix.
      let raw = m[0];
      const lower = raw.charCodeAt(0) >= 97;
      if (lower !== raw.charCodeAt(1) >= 97) continue;
      if (lower) raw = raw.toUpperCase();
      const len = IBAN_LENGTH[raw.slice(0, 2)];
      if (len === undefined) continue;
      let compact = '';
      let end = -1;
      for (let i = 0; i < raw.length && compact.length < len; i++) {
        if (raw[i] !== ' ') compact += raw[i];
        if (compact.length === len) end = i + 1;
      }
      if (end < 0 || !ibanValid(compact)) continue;
      // A lower-case IBAN is all lower case: "de89370400440532013000", not a word run into one.
      if (lower && m[0].slice(0, end) !== m[0].slice(0, end).toLowerCase()) continue;
      out.push({ type: 'IBAN', start: m.index!, end: m.index! + end, confidence: 0.95, rule: 'iban.mod97' });
    }
    return out;
  },
};

/** Numbers the SSA never issued or that appear in advertising and are known not to be real. */
const SSN_BLOCKLIST = new Set(['078051120', '219099999', '123456789', '111111111', '333333333', '987654320']);

export const ssnDetector: Detector = {
  name: 'us-ssn',
  types: ['US_SSN'],
  detect(text) {
    const out: Finding[] = [];
    for (const m of chainMatches(text, SSN_AT)) {
      const [, area, sep, group, serial] = m as unknown as [string, string, string, string, string];
      const a = Number(area);
      if (a === 0 || a === 666 || a >= 900 || group === '00' || serial === '0000') continue;
      if (SSN_BLOCKLIST.has(area + group + serial)) continue;
      // Nine bare digits are usually some other number; dashes make an SSN likely.
      const confidence = sep === '-' ? 0.6 : sep === ' ' ? 0.45 : 0.3;
      out.push({ type: 'US_SSN', start: m.index!, end: m.index! + m[0].length, confidence, rule: 'ssn.pattern' });
    }
    return out;
  },
};
