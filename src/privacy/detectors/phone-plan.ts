/**
 * Whether a candidate can hold a national number of the home region, from libphonenumber's own
 * metadata: the test that lets most digit runs skip the library (bench/RESULTS.md, "## pii").
 */
import type { CountryCode } from 'libphonenumber-js';
import { phoneLib } from './phone-lib.js';
import { isDigit } from './chars.js';

/** The parts of libphonenumber's Metadata (typed there only as `numberingPlan?`) that nationalWindows reads. */
interface PlanReader {
  selectNumberingPlan(countryOrCallingCode: string): void;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  numberingPlan: {
    callingCode(): string;
    IDDPrefix(): string;
    nationalPrefixForParsing(): string | undefined;
    nationalPrefixTransformRule(): string | undefined;
    nationalNumberPattern(): string;
    possibleLengths(): number[] | undefined;
    hasTypes(): boolean;
    type(name: string): { pattern(): string } | undefined;
  };
}

/** The types getNumberType tries (FIXED_LINE, then its NON_FIXED_LINE_PHONE_TYPES): a valid number matches one of them. */
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/**
 * A test that a candidate without '+' holds no number findPhoneNumbersInText(s, { defaultCountry })
 * can return, or undefined when the metadata does not allow the argument below. In raw mail, 7 in 10
 * plausible candidates ("2002/08/28-123", "12 3456 78", "67-119-24-188") fail it, each saving a
 * call of about 0.3 ms while cold.
 *
 * Why it is exact (libphonenumber-js 1.13, es6/): findPhoneNumbersInText returns only what
 * PhoneNumberMatcher.parseAndVerify accepts, for a substring c of s, with leniency VALID, so the
 * parsed number passed isPossible() and isValid(). parse() keeps from c the digits (parseDigit)
 * of a substring (extractFormattedPhoneNumber), minus an extension at its end (extractExtension):
 * a run of s's digit string D. With no '+' (CANDIDATE puts one only first), extractCountryCallingCode
 * reads an international number only after the default country's IDD prefix (stripIddPrefix; we
 * require a literal such as "011" and pass every D holding it to the library); otherwise the
 * calling code is the default country's, perhaps dropped from the front ("1 212 …",
 * …WithoutPlusSign). extractNationalNumber then drops a national prefix from the front under the
 * default country's plan or the calling code's main plan; with no nationalPrefixTransformRule in
 * either (US: none; AG's "268$1" is never selected for this) it rewrites nothing, so the national
 * number N is a run of D. The number's country is one of that calling code's countries
 * (getCountryByCallingCode, or the default), isPossible() needs N's length among that country's
 * possibleLengths (checkNumberLength), and isValid() needs N to match entirely, when the plan
 * has types (all NANPA plans do), the pattern of one of NUMBER_TYPES (getNumberType returns a
 * type only through isNumberTypeEqualTo), else its nationalNumberPattern (isValidNumber).
 * Moreover N ends where a digit group of s ends, as c's last digit does: PATTERN's digit blocks
 * are greedy (at most 17 digits, more than plausible() lets through) and nothing after them can
 * fail; parsePreCandidate cuts before a slash, each of INNER_MATCHES starts at a separator and
 * its group runs to a separator or the end, the trimming drops only non-digits, and every
 * extension pattern starts at a separator or a label (the one that starts at digits needs a '#',
 * which CANDIDATE never holds). And c's first digit starts a group: the first number the matcher
 * returns comes from a PATTERN match found scanning from 0, each scan resuming where the last
 * match ended (a group end), and a match starts at or before the first digit it reaches (all of
 * PATTERN after its first digit block is optional); an inner candidate starts where that match
 * does or after a separator, and extractFormattedPhoneNumber starts at a digit. The front of the
 * digits loses at most the calling code (…WithoutPlusSign) and then a national prefix, which we
 * require to be digit literals (US: "1" and "1"). So when no run of D of such a length, from a
 * group's start after one of those heads to a group's end, matches any of those patterns, the
 * library returns nothing.
 */
export function nationalWindows(defaultCountry: CountryCode): ((candidate: string) => boolean) | undefined {
  const m = new (phoneLib().Metadata)() as unknown as PlanReader;
  m.selectNumberingPlan(defaultCountry);
  const idd = m.numberingPlan.IDDPrefix();
  const callingCode = m.numberingPlan.callingCode();
  const prefix = m.numberingPlan.nationalPrefixForParsing() ?? '';
  if (!/^\d+$/.test(idd) || !/^\d*$/.test(prefix) || m.numberingPlan.nationalPrefixTransformRule()) return undefined;
  m.selectNumberingPlan(callingCode);
  const codePrefix = m.numberingPlan.nationalPrefixForParsing() ?? '';
  if (!/^\d*$/.test(codePrefix) || m.numberingPlan.nationalPrefixTransformRule()) return undefined;
  // What the front of the digits may lose before the national number: nothing, the national prefix, the calling code, or both.
  const heads = [...new Set(['', prefix, callingCode, callingCode + codePrefix])];
  const lengths = new Set<number>();
  const patterns: string[] = [];
  for (const c of m.getCountryCodesForCallingCode(callingCode) ?? []) {
    m.selectNumberingPlan(c);
    const possible = m.numberingPlan.possibleLengths();
    if (!possible) return undefined;
    for (const n of possible) lengths.add(n);
    if (!m.numberingPlan.hasTypes()) patterns.push(`(?:${m.numberingPlan.nationalNumberPattern()})`);
    else for (const t of NUMBER_TYPES) {
      const pattern = m.numberingPlan.type(t)?.pattern();
      if (pattern) patterns.push(`(?:${pattern})`);
    }
  }
  if (!patterns.length) return undefined;
  const national = new RegExp(`^(?:${[...new Set(patterns)].join('|')})$`);
  const sizes = [...lengths].sort((a, b) => a - b);
  return (s) => {
    // D, and the offsets in D where the digit groups of s start and end.
    let digits = '';
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < s.length; i++) {
      if (!isDigit(s.charCodeAt(i))) continue;
      if (i === 0 || !isDigit(s.charCodeAt(i - 1))) starts.push(digits.length);
      digits += s[i];
      if (i + 1 === s.length || !isDigit(s.charCodeAt(i + 1))) ends.push(digits.length);
    }
    if (digits.includes(idd)) return true;
    for (const start of starts) {
      for (const head of heads) {
        if (!digits.startsWith(head, start)) continue;
        const from = start + head.length;
        for (const n of sizes) if (ends.includes(from + n) && national.test(digits.slice(from, from + n))) return true;
      }
    }
    return false;
  };
}

/** The home plan's international prefix when it is one literal ("011" in North America, "00" in most of Europe), else undefined. */
export function internationalPrefix(country: CountryCode): string | undefined {
  const m = new (phoneLib().Metadata)() as unknown as PlanReader;
  m.selectNumberingPlan(country);
  const idd = m.numberingPlan.IDDPrefix();
  return /^\d+$/.test(idd) ? idd : undefined;
}
