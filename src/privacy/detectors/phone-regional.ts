/**
 * Another region's national number: which of the regions after the home one reads a candidate, and how surely (grouped
 * as that region writes its numbers, or otherwise).
 */
import type { CountryCode } from 'libphonenumber-js';
import { phoneLib } from './phone-lib.js';
import { isDigit } from './chars.js';
import { nationalTest } from './regions.js';

/**
 * Groups of two digits or more, one separator between them (a space, "-", "." or "/", or a
 * bracket and a space): "0192 043 074", "(0820) 523 93 11", "072-879 82 02". Not a column of
 * figures ("131     131    1122"), a list of one-digit heads ("1 468 336 626") or a dotted date or
 * version ("2002.06.00.00").
 */
/** "(212) 555-0187", "(212)555-0187": the North American way of writing a number (an area code never starts with 0 or 1; "(090) 321 9233" is Irish). */
export const NANP_SHAPE = /^\([2-9]\d\d\)[ .-]?\d{3}[.-]\d{4}$/;
/** A US ZIP+4 code. */
const ZIP4 = /^\d{5}-\d{4}$/;
const PHONE_SHAPE = /^(?!(?:19|20)\d\d\D)\(?\d{2,}(?:(?:\) ?|[ ./-])\d{2,})+$/;

/**
 * Five or more two-digit groups in rising order ("03 06 26 39 48"): the numbers of a lottery
 * draw or a list, which France's grouping of national numbers happens to share. A phone number
 * that rises so (about one in 25 French numbers) is still found next to a phone word.
 */
export function drawn(s: string): boolean {
  const g = s.split(/[ .-]/);
  return g.length >= 5 && g.every((x, i) => /^\d\d$/.test(x) && (i === 0 || Number(x) > Number(g[i - 1])));
}

/** The digit groups of a formatted number: "06 12 34 56 78" → "2,2,2,2,2". */
function groupsOf(s: string): string {
  return (s.match(/\d+/g) ?? []).map((g) => g.length).join(',');
}

/**
 * Whether `regional` can answer 0.5 or more for s, which then needs no phone word: three digit groups or more, or two
 * of nine digits or more that are not a ZIP+4 code. Any other answer of it is weak (0.3 or 0.4).
 */
export function mayBeStrong(s: string): boolean {
  let count = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    if (!isDigit(s.charCodeAt(i))) continue;
    digits++;
    if (i === 0 || !isDigit(s.charCodeAt(i - 1))) count++;
  }
  return count >= 3 || (count === 2 && digits >= 9 && !ZIP4.test(s));
}

/**
 * A national number of one of the regions after the home one: the first region whose plan the
 * digits fit (nationalTest, then libphonenumber's isValid). Written in the digit groups the
 * region formats its numbers in ("06 12 34 56 78" in France), it is likely a phone number
 * (0.55); grouped otherwise, it needs a context word (0.4, and the context boost). Candidates
 * with '+' never come here: the home parse reads every country's '+' numbers.
 */
export function regional(s: string, others: readonly CountryCode[]): { confidence: number; rule: string } | undefined {
  const digits = s.replace(/\D/g, '');
  // No national number, trunk prefix included, runs past 13 digits: longer runs are accounts and codes.
  if (digits.length > 13) return undefined;
  const groups = groupsOf(s);
  let valid = false;
  const { parsePhoneNumberFromString } = phoneLib();
  // Several plans may accept the digits: a region that also writes them in these groups wins.
  for (const r of others) {
    if (!nationalTest(r)(digits)) continue;
    const p = parsePhoneNumberFromString(s, r);
    if (!p?.isValid()) continue;
    // Eight digits in two groups ("2002-0989") are as often an id or a year and a number, and five and four after a
    // dash a ZIP+4 code ("07102-2992"): those need a context word.
    const count = groups.split(',').length;
    const strong = count > 1 && (digits.length >= 9 || count >= 3) && !ZIP4.test(s);
    if (groupsOf(p.formatNational()) === groups) return { confidence: strong ? 0.55 : count > 1 ? 0.4 : 0.3, rule: 'phone.national.grouped' };
    // People group numbers otherwise than the library formats them ("0192 043 074" in the Netherlands, "552 328 3089"
    // in Mexico): three groups or more of 8-12 digits after the region's trunk prefix, or of 10-11 digits without one,
    // are still a phone number's shape (twelve digits and more without a prefix are as often a card or an account).
    // Digits that read as an international number without its '+' ("44-870-136-7079") are left to `fallback`, which wants a context word.
    const trunk = digits.length > p.nationalNumber.length && digits.endsWith(p.nationalNumber);
    const size = trunk ? digits.length >= 8 && digits.length <= 12 : digits.length >= 10 && digits.length <= 11;
    if (count >= 3 && size && PHONE_SHAPE.test(s) && !parsePhoneNumberFromString('+' + digits)?.isValid()) return { confidence: 0.5, rule: 'phone.national.grouped' };
    valid = true;
  }
  return valid ? { confidence: groups.includes(',') ? 0.4 : 0.3, rule: 'phone.national' } : undefined;
}
