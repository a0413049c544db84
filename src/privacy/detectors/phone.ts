/** PHONE: international and national formats through libphonenumber-js. */
import type { CountryCode } from 'libphonenumber-js';
import { phoneLib } from './phone-lib.js';
import { hasContext, withContext, CONTEXT_WORDS } from '../context.js';
import type { Detector, Finding } from '../types.js';
import { isDigit } from './chars.js';
import { DEFAULT_REGIONS } from './regions.js';
import { internationalPrefix, nationalWindows } from './phone-plan.js';
import { commentedRuns, spacedRuns } from './phone-spaced.js';
import { decodeQp, encodedWindows } from './phone-qp.js';
import { PHONE_NAMING_WORDS, afterFigure, glued, phoneWordNear } from './phone-apart.js';
import { NANP_SHAPE, drawn, mayBeStrong, regional } from './phone-regional.js';

/**
 * Digit runs that could hold a phone number. libphonenumber scans slowly, so only these
 * windows (not the whole text) are handed to it. A run starts at a word boundary, or after the
 * second byte of a mis-decoded two-byte character (see `trailByte`: "\u0721G0937063831").
 */
const CANDIDATE = /(?:\+|\(|\b|(?<=[^\0-\x7f][A-Za-z]))\d(?:[\d().-]|[ \t](?!\/)|\/(?![ \t])|(?<=(?:-|\((?!(?:19|20)\d\d\))\d{2,4}\))[ \t]*)\r?\n[ \t]*(?=\d)){5,24}\d(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?/gi;
/**
 * A number broken over a line after one of its dashes or after a bracketed area code, as HTML mail
 * wraps its source ("1- 888 - 707- \n      4777", "(760) \n      731-7785"): CANDIDATE crosses a
 * line break only there (a bracketed year is no area code), and the number is read with the break and
 * the indentation as one space.
 */
const LINE_BREAK = /[ \t]*\r?\n[ \t]*/g;

/** The candidate s read with its line breaks joined, and where each character of that reading stands in s; undefined without a break. */
function joinLines(s: string): { s: string; at: Int32Array } | undefined {
  if (!s.includes('\n')) return undefined;
  const joined = s.replace(LINE_BREAK, ' ');
  const at = new Int32Array(joined.length + 1);
  let j = 0;
  LINE_BREAK.lastIndex = 0;
  for (let i = 0, m = LINE_BREAK.exec(s); i <= s.length; i++) {
    if (m && i === m.index) {
      at[j++] = i;
      i += m[0].length - 1;
      m = LINE_BREAK.exec(s);
      continue;
    }
    at[j++] = i;
  }
  return { s: joined, at };
}

/**
 * Alternatives written as one number, the last digits replaced ("(04) 7470952/46/43": three
 * lines of one exchange; "(84-4) 747 0952/46/43"): each ending shorter than the group it replaces
 * the end of, a group of 5 or more, or of 4 after a separator (a year's "2002/08/15" starts its
 * candidate). A range of lines after a dash ("Tel: 254 2 313985-9") is one ending of one digit
 * after a group of 5 or more. The number is read without them and its span covers them.
 */
const ALTERNATIVE_ENDINGS = /(?:(?<=\d{5})(?:\/\d{1,4})+|(?<=[ .)-]\d{4})(?:\/\d{1,3})+|(?<=[ .)]\d{5,})-\d)$/;
/**
 * Between two numbers given as alternatives ("01 56 77 01 20 / 06 81 57 85 47"): a spaced
 * slash ends a candidate (CANDIDATE never spans one), and the second number shares the
 * context of the first ("Tel: A / B").
 */
const ALTERNATIVE = /^[ \t]+\/[ \t]+$/;
/**
 * A seven-digit local number ("555-0199", /(?<![\d-])\d{3}-\d{4}(?![\d-])/) has no area code;
 * only count it with context.
 */
function digitOrDash(c: number): boolean {
  return isDigit(c) || c === 45;
}

const DOTTED_QUAD = /^\(?\d{1,3}(?:\.\d{1,3}){3}$/;
const DATE_SHAPE = /^\(?\d{1,4}([/.-])\d{1,2}\1\d{1,4}$/;
/** "2022-04-01 17:30": an ISO date and the hour after it. */
const ISO_DATE_START = /^(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d)/;
/** "25-04-2017 18:00": a numeric date with a four-digit year, and the hour after it. */
const DMY_DATE_START = /^\d{1,2}([/.-])\d{1,2}\1(?:19|20)\d\d(?!\d)/;
/**
 * A date that starts at a space inside a candidate or right after it, read from the text
 * (a candidate stops after 26 characters, so the date may run past it): "+44 131 564 7224
 * 03/12/2025", "+33 5 27 91 92 31 17-12-2020", "06 30 588 7511 7 September 2027", "+55
 * 3769660864 1 de abril de 2017". A day, a word and a four-digit year need no month list:
 * a number followed by a word and a year is not a phone number's last group.
 */
const DATE_AHEAD = /[ \t]+(?:\d{1,2}([/.-])\d{1,2}\1(?:19|20)?\d\d(?![\d/.-]\d)|(?:19|20)\d\d([/.-])\d{1,2}\2\d{1,2}(?!\d)|\d{1,2}(?:\.|er|st|nd|rd|th)?[ \t]+(?:(?:de|of)[ \t]+)?\p{L}{3,}\.?,?[ \t]+(?:de[ \t]+)?(?:19|20)\d\d(?!\d))/uy;

/** Where in the candidate s (found at text[base]) a date starts at one of its runs of spaces, or -1. */
function dateInside(s: string, base: number, text: string): number {
  for (let k = 1; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if ((c !== 32 && c !== 9) || !isDigit(s.charCodeAt(k - 1))) continue;
    DATE_AHEAD.lastIndex = base + k;
    if (DATE_AHEAD.test(text)) return k;
  }
  return -1;
}

/** An extension after a number, as CANDIDATE takes it: "ext. 213", "x1377". */
const EXTENSION = /\s*(?:x|ext\.?|extension)\s*\d{1,5}$/i;

/**
 * Cheap filters (on the candidate s, found at text[at]) so that IP addresses, dates, version strings and ids never reach
 * libphonenumber (about 0.4 ms a call): in raw mail, 9 of 10 digit runs are one of those.
 */
function plausible(s: string, at: number, text: string, ctxStart: number, ctxEnd: number): boolean {
  // Counted by char code, reading the text where s stands (faster in V8 than reading s): two in three candidates stop here.
  // The same pass counts the digit groups (the runs of digits) and the length of the last one.
  let digits = 0;
  let groups = 0;
  let last = 0;
  let ones = 0;
  let inGroup = false;
  // An extension at the end ("ext. 0") is not one of the number's groups.
  const ext = s.includes('x') || s.includes('X') ? EXTENSION.exec(s) : null;
  const stop = at + (ext ? ext.index : s.length);
  for (let k = at; k < stop; k++) {
    const c = text.charCodeAt(k);
    const digit = isDigit(c);
    if (digit) {
      digits++;
      if (!inGroup) {
        groups++;
        last = 0;
      }
      last++;
    } else if (inGroup && last === 1) ones++;
    inGroup = digit;
  }
  if (digits < 7 || digits > 15) return false;
  // Five groups of one digit are a list ("2 3 4 5 6 7 8 9 10") or a number spelled digit by digit, which phone-spaced.ts reads.
  if (ones + (last === 1 ? 1 : 0) >= 5) return false;
  if (DOTTED_QUAD.test(s) || DATE_SHAPE.test(s) || ISO_DATE_START.test(s) || DMY_DATE_START.test(s)) return false;
  if (s.includes('/') && (s.includes('.') || s.indexOf('/') !== s.lastIndexOf('/'))) return false;
  if (groups > 1 && last === 1) return false;
  if (/\d\.\d/.test(s)) {
    // Dotted phone numbers look like 212.555.1234 or 1.800.555.1212; dotted versions do not.
    const national = s.replace(/^\+\d{1,3}[ .]/, '').replace(/\s*(?:x|ext\.?|extension)\s*\d{1,5}$/i, '');
    // After an area code in brackets, one dot is enough: "(214) 740.0923"; no version starts with a bracketed group.
    if (/^\(\d{2,4}\) ?\d{3,4}\.\d{4}$/.test(national)) return true;
    if (!/^\d{1,4}(?:\.\d{2,4}){2,4}$/.test(national) || /^\d\./.test(national) && !national.startsWith('1.')) return false;
  }
  // An unformatted digit run is as often an id or a timestamp: only with a context word.
  if (groups === 1 && !s.startsWith('+')) return hasContext(text, ctxStart, ctxEnd, CONTEXT_WORDS.PHONE!);
  return true;
}

const CACHE_SIZE = 4096;

/**
 * Calling codes of no country: the non-geographic ones in use (global freephone and shared-cost,
 * Inmarsat, satellite and international networks) and Inmarsat's four ocean regions, retired in
 * 2008 but still in old mail ("Tel No: +873-762-692484", Indian Ocean).
 */
const NON_GEOGRAPHIC = ['800', '808', '870', '871', '872', '873', '874', '878', '881', '882', '883', '888', '979'];
let callingCodes: ReadonlySet<string> | undefined;
/** Every country calling code libphonenumber knows ("1", "44", "353", …), and those (made on first use). */
function isCallingCode(code: string): boolean {
  const { getCountries, getCountryCallingCode } = phoneLib();
  callingCodes ??= new Set([...getCountries().map((c) => getCountryCallingCode(c) as string), ...NON_GEOGRAPHIC]);
  return callingCodes.has(code);
}
/**
 * A '+' written before an international prefix ("+001 407 323 1668", "+0044 20 …"): the prefix
 * is read as part of the '+' (blanked, so offsets stand) and the span keeps it.
 */
const PLUS_IDD = /^\+(?:00|011)(?=[ .-]?[1-9])/;
/** True when the digits after '+' start with a calling code and the rest is grouped like a phone number: "+234-1-4567890". */
function internationalShape(s: string): boolean {
  const m = /^\+(\d{1,3})[ .-]?\(?\d/.exec(s);
  if (!m) return false;
  const digits = s.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  const head = digits.slice(0, 3);
  if (![1, 2, 3].some((n) => isCallingCode(head.slice(0, n)))) return false;
  return s.split(/[ .()-]+/).filter((g) => g !== '').length >= 2;
}

/**
 * A number dialled from the home region to another country: the home plan's international
 * prefix and a calling code, each a group of its own, then groups ("011-506-267-7139",
 * "00 353 1 6761234"). That shape is a phone number's without a phone word, even when the
 * country's plan has changed since (Costa Rica's seven-digit numbers before 2008).
 */
function dialledAbroad(s: string, idd: string): boolean {
  if (!s.startsWith(idd)) return false;
  const rest = s.slice(idd.length);
  const m = /^[ .-](\d{1,3})[ .-]\(?\d/.exec(rest);
  return m !== null && isCallingCode(m[1]!) && internationalShape('+' + rest.slice(1));
}

/**
 * Numbers libphonenumber does not read with the default country, tried only next to a word that
 * names a phone ("Tel:", "fax", "call"; not "number"): an international prefix 00/011 ("00 353 1 6761234"),
 * a calling code without '+' ("44-870-136-7079"), and '+' numbers in a plausible international
 * shape whose plan has since changed ("+234-1-4567890"). National numbers of the other regions
 * are read before this, by `regional`. Returns the base confidence (context adds to it) and rule.
 */
function fallback(s: string, defaultCountry: CountryCode): { confidence: number; rule: string } | undefined {
  const digits = s.replace(/^\D+/, '');
  // One run of digits is as often an id or a timestamp ("200208280108"): only grouped numbers.
  if (s.split(/[ .()\/-]+/).filter((g) => g !== '').length < 2) return undefined;
  if (s.startsWith('+')) return internationalShape(s) ? { confidence: 0.45, rule: 'phone.international-shape' } : undefined;
  const idd = /^(?:00|011)[ .-]?(?=[1-9])/.exec(digits);
  if (idd) {
    const p = phoneLib().parsePhoneNumberFromString('+' + digits.slice(idd[0].length));
    return p?.isValid() ? { confidence: 0.5, rule: 'phone.international-prefix' } : undefined;
  }
  if (digits.startsWith('0')) return undefined;
  const p = phoneLib().parsePhoneNumberFromString('+' + digits);
  if (p?.isValid() && p.country !== defaultCountry) return { confidence: 0.4, rule: 'phone.calling-code-without-plus' };
  // "234-1-776-2397": a calling code other than 1 in front of grouped digits, in a plan that has since changed.
  return !digits.startsWith('1') && internationalShape('+' + digits) ? { confidence: 0.3, rule: 'phone.calling-code-shape' } : undefined;
}

/** Letters on a phone keypad. */
const KEYPAD: Readonly<Record<string, string>> = Object.fromEntries(
  ['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'].flatMap((ls, i) => [...ls].map((l) => [l, String(i + 2)])),
);
/**
 * Vanity numbers: "1-877-451-TEEN", "1-800-FLOWERS", "(212) 555-JAZZ", "1-888-8-COM-PRO". The
 * area code is marked as one (a leading 1, parentheses, or a toll-free code) and the letters are
 * joined by - or ., so "#263 SANDTON" and "$500 DOLLARS" are not numbers; groups of figures and
 * capitals mixed need three capitals or more and must make a valid number.
 */
const VANITY = /(?<![\w$#-])(?:1[-. ]\(?[2-9]\d\d\)?|\([2-9]\d\d\)|8(?:00|33|44|55|66|77|88))[-. ](?:\d{3}[-.]?[A-Z]{4}|[A-Z]{3}[-.]?[A-Z]{4}|[A-Z]{7}|[\dA-Z]{1,4}[-.][\dA-Z]{1,4}(?:[-.][\dA-Z]{1,4})?)(?![\w-])/g;
/**
 * What every VANITY match holds, tested before the full scan: its area code ends in a digit or
 * ")" and a separator, then three capitals ("1 800 FLOWERS", "(212) JAZ-ZMAN"), or its letters
 * follow the exchange's digits ("555-JAZZ", "555JAZZ"). The hint that stood here before, "-" or
 * "." then three capitals, missed the numbers spaced or run together.
 */
const VANITY_HINT = /[\d)][-. ][A-Z]{3}|\d[-.]?[A-Z]{4}/;

const NOTHING: ReadonlyArray<{ startsAt: number; endsAt: number; valid: boolean }> = Object.freeze([]);

/**
 * Creates a phone detector for the regions (a list of ISO 3166 alpha-2 codes, checked by
 * `parseRegions`, or one code): '+' numbers of every country are read; national numbers are
 * read as the first region's (the home one) and, when they are not, as each other region's in
 * turn.
 *
 * @example
 * createPhoneDetector(['DE', 'AT', 'CH']).detect('Tel. 030 1234567')
 */
export function createPhoneDetector(regions: CountryCode | readonly CountryCode[] = DEFAULT_REGIONS): Detector {
  const list: readonly CountryCode[] = typeof regions === 'string' ? [regions] : regions;
  const defaultCountry: CountryCode = list[0] ?? 'US';
  const others = list.slice(1);
  // Mail repeats the same numbers (signatures, footers): remember recent answers.
  const cache = new Map<string, ReadonlyArray<{ startsAt: number; endsAt: number; valid: boolean }>>();
  // The home plan's tests, made on the first scan: they read libphonenumber's metadata, which loads on first use.
  let home: { mayHold: ((s: string) => boolean) | undefined; nanp: boolean; idd: string | undefined } | undefined;
  const homePlan = (): NonNullable<typeof home> =>
    (home ??= { mayHold: nationalWindows(defaultCountry), nanp: phoneLib().getCountryCallingCode(defaultCountry) === '1', idd: internationalPrefix(defaultCountry) });
  const parse = (s: string): ReadonlyArray<{ startsAt: number; endsAt: number; valid: boolean }> => {
    const mayHold = homePlan().mayHold;
    if (mayHold && s.indexOf('+') < 0 && !mayHold(s)) return NOTHING;
    let r = cache.get(s);
    if (!r) {
      // With no leniency given, findPhoneNumbersInText uses 'VALID': every number it returns has
      // passed number.isValid() already, so asking again (a dozen more regexes) would only cost time.
      r = phoneLib().findPhoneNumbersInText(s, { defaultCountry }).map((n) => ({ startsAt: n.startsAt, endsAt: n.endsAt, valid: true }));
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(s, r);
    }
    return r;
  };
  const regionals = new Map<string, ReturnType<typeof regional>>();
  const cachedRegional = (s: string): ReturnType<typeof regional> => {
    if (regionals.has(s)) return regionals.get(s);
    const r = regional(s, others);
    if (regionals.size >= CACHE_SIZE) regionals.clear();
    regionals.set(s, r);
    return r;
  };
  const fallbacks = new Map<string, ReturnType<typeof fallback>>();
  const cachedFallback = (s: string): ReturnType<typeof fallback> => {
    if (fallbacks.has(s)) return fallbacks.get(s);
    const r = fallback(s, defaultCountry);
    if (fallbacks.size >= CACHE_SIZE) fallbacks.clear();
    fallbacks.set(s, r);
    return r;
  };
  const scan = (text: string): Finding[] => {
    const out: Finding[] = [];
    const { nanp: nanpHome, idd: homeIdd } = homePlan();
    // The span a candidate's context is looked for in: from the first of a run of alternatives to its end.
    let ctxStart = -1;
    let ctxEnd = -1;
    // An exec loop on the global regex, not matchAll (which copies the regex and iterates through a generic path): 136k candidates in raw mail.
    CANDIDATE.lastIndex = 0;
    for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
      const base = m.index;
      const date = dateInside(m[0], base, text);
      if (date > 0) {
        // Read the number without the date; the date is left to the date rules.
        m[0] = m[0].slice(0, date);
        CANDIDATE.lastIndex = base + date;
      }
      // "(04) 7470952/46/43": the endings are left out of the reading and added to the span.
      let endings = 0;
      const alt = m[0].includes('/') || m[0].charCodeAt(m[0].length - 2) === 45 ? ALTERNATIVE_ENDINGS.exec(m[0]) : null;
      if (alt) {
        endings = alt[0].length;
        m[0] = m[0].slice(0, alt.index);
      }
      // The gap can be an alternative's only if it starts with a space or tab.
      const gap = ctxEnd >= 0 && ctxEnd < text.length ? text.charCodeAt(ctxEnd) : NaN;
      ctxStart = (gap === 32 || gap === 9) && ALTERNATIVE.test(text.slice(ctxEnd, base)) ? ctxStart : base;
      ctxEnd = base + m[0].length + endings;
      if (!plausible(m[0], base, text, ctxStart, ctxEnd)) continue;
      // Offsets in the reading (joined over a line break) → offsets in the text; an end is one past its last character.
      const joined = joinLines(m[0]);
      const read = joined ? joined.s : m[0];
      const startAt = (i: number): number => base + (joined ? joined.at[i]! : i);
      const endAt = (i: number): number => (i === 0 ? base : startAt(i - 1) + 1) + (i === read.length ? endings : 0);
      // "+001 407 …" is read as "  +1 407 …"; a number found right after the blanks starts at the '+'.
      const idd = read.charCodeAt(0) === 43 ? PLUS_IDD.exec(read) : null;
      const lead = idd ? idd[0].length - 1 : -1;
      const found = parse(idd ? ' '.repeat(lead) + '+' + read.slice(idd[0].length) : read);
      if (!found.some((n) => n.valid)) {
        const s = read.replace(/[\s(.-]+$/, '');
        // Another region's national number, or a number in a shape the home region does not read: only standing apart.
        if (glued(text, base, endAt(s.length))) continue;
        // Another region's national number needs a word that names a phone unless it is grouped as a phone number.
        // A number in the North American shape that the home plan rejects ("(334) 123-4567") is a placeholder, not another country's.
        // When regional's answer could only be weak, the phone word it would need is looked for first: a one-group run
        // next to no such word ("please reply 100000123", valid in 14 plans) never reaches the library.
        const word = mayBeStrong(s) ? undefined : phoneWordNear(text, ctxStart, ctxEnd);
        let reg = word !== false && others.length && s.charCodeAt(0) !== 43 && !(nanpHome && NANP_SHAPE.test(s)) ? cachedRegional(s) : undefined;
        if (reg && (reg.confidence < 0.5 || drawn(s)) && !(word ?? phoneWordNear(text, ctxStart, ctxEnd))) reg = undefined;
        if (reg) {
          out.push({ type: 'PHONE', start: base, end: endAt(s.length), confidence: ctxStart === base ? reg.confidence : Math.min(1, reg.confidence + 0.25), rule: reg.rule });
          continue;
        }
        const fb = homeIdd !== undefined && dialledAbroad(s, homeIdd)
          ? { confidence: 0.5, rule: 'phone.international-prefix' }
          : hasContext(text, ctxStart, ctxEnd, PHONE_NAMING_WORDS) ? cachedFallback(s) : undefined;
        if (fb) {
          // The context word sits before the first alternative, out of the later boost's reach: give it here.
          const confidence = ctxStart === base ? fb.confidence : Math.min(1, fb.confidence + 0.25);
          out.push({ type: 'PHONE', start: base, end: endAt(s.length), confidence, rule: fb.rule });
          continue;
        }
      }
      for (const n of found) {
        const valid = n.valid;
        // An unformatted digit run is as often an id or a timestamp as a phone number,
        // and one joined to the words around it is a piece of an id ("--==_Exmh_-2079003886P").
        const bare = /^\d+$/.test(read.slice(n.startsAt, n.endsAt));
        if (bare ? glued(text, startAt(n.startsAt), endAt(n.endsAt)) : afterFigure(text, startAt(n.startsAt))) continue;
        out.push({
          type: 'PHONE', start: startAt(n.startsAt === lead ? 0 : n.startsAt), end: endAt(n.endsAt),
          confidence: !valid ? 0.3 : bare ? 0.4 : 0.7,
          rule: valid ? 'phone.libphonenumber.valid' : 'phone.libphonenumber.possible',
        });
      }
    }
    // Digits spelled one by one or cut by comments: a valid number of the home region, grouped as written or next to a phone word.
    for (const r of [...spacedRuns(text), ...commentedRuns(text)]) {
      if (r.groups < 2 && !hasContext(text, r.start, r.end, CONTEXT_WORDS.PHONE!)) continue;
      const digits = r.reading.replace(/\D/g, '').length;
      if (!parse(r.reading).some((n) => n.valid && r.reading.slice(n.startsAt, n.endsAt).replace(/\D/g, '').length === digits)) continue;
      out.push({ type: 'PHONE', start: r.start, end: r.end, confidence: 0.6, rule: r.rule });
    }
    if (VANITY_HINT.test(text)) {
      for (const m of text.matchAll(VANITY)) {
        if ((m[0].match(/[A-Z]/g)?.length ?? 0) < 3) continue;
        const digits = m[0].replace(/[A-Z]/g, (l) => KEYPAD[l]!);
        if (!phoneLib().parsePhoneNumberFromString(digits, defaultCountry)?.isValid()) continue;
        out.push({ type: 'PHONE', start: m.index!, end: m.index! + m[0].length, confidence: 0.6, rule: 'phone.vanity' });
      }
    }
    // Local numbers, found from each '-' by char code rather than by a regex tried at every position
    // (matches cannot overlap: one starting inside another would follow a digit or its '-').
    for (let k = text.indexOf('-', 3); k >= 0 && k + 4 < text.length; k = text.indexOf('-', k + 1)) {
      const start = k - 3;
      if (!isDigit(text.charCodeAt(k - 1)) || !isDigit(text.charCodeAt(k - 2)) || !isDigit(text.charCodeAt(start))) continue;
      if (!isDigit(text.charCodeAt(k + 1)) || !isDigit(text.charCodeAt(k + 2)) || !isDigit(text.charCodeAt(k + 3)) || !isDigit(text.charCodeAt(k + 4))) continue;
      if ((start > 0 && digitOrDash(text.charCodeAt(start - 1))) || (k + 5 < text.length && digitOrDash(text.charCodeAt(k + 5)))) continue;
      if (!hasContext(text, start, k + 5, CONTEXT_WORDS.PHONE!)) continue;
      out.push({ type: 'PHONE', start, end: k + 5, confidence: 0.35, rule: 'phone.local-with-context' });
    }
    return out;
  };
  return {
    name: 'phone',
    types: ['PHONE'],
    detect(text) {
      const out = scan(text);
      // Numbers inside undecoded quoted-printable text: read in the decoded lines around them (phone-qp.ts).
      for (const [start, end] of encodedWindows(text)) {
        const r = decodeQp(text, start, end);
        for (const f of scan(r.s)) {
          // The context boost detect() gives from the raw text, given here from the decoded one when only it shows the word.
          const raw = { ...f, start: r.from[f.start]!, end: r.to[f.end - 1]! };
          const at = withContext(text, raw) === raw ? { ...withContext(r.s, f), start: raw.start, end: raw.end } : raw;
          if (out.some((o) => o.start <= at.start && o.end >= at.end)) continue;
          // A raw finding inside this one is the same number read without what a soft break cut off: it gives way.
          for (let k = out.length - 1; k >= 0; k--) if (out[k]!.start >= at.start && out[k]!.end <= at.end) out.splice(k, 1);
          out.push(at);
        }
      }
      return out;
    },
  };
}

export const phoneDetector: Detector = createPhoneDetector(DEFAULT_REGIONS);
