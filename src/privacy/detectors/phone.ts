/** PHONE: international and national formats through libphonenumber-js. */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { hasContext, CONTEXT_WORDS } from '../context.js';
import type { Detector, Finding } from '../types.js';

/**
 * Digit runs that could hold a phone number. libphonenumber scans slowly, so only these
 * windows (not the whole text) are handed to it.
 */
const CANDIDATE = /(?:\+|\(|\b)\d[\d \t().\/-]{5,24}\d(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?/gi;
/** A seven-digit local number ("555-0199") has no area code; only count it with context. */
const LOCAL = /(?<![\d-])\d{3}-\d{4}(?![\d-])/g;

const DOTTED_QUAD = /^\(?\d{1,3}(?:\.\d{1,3}){3}$/;
const DATE_SHAPE = /^\(?\d{1,4}([/.-])\d{1,2}\1\d{1,4}$/;

/**
 * Cheap filters so that IP addresses, dates, version strings and ids never reach
 * libphonenumber (about 0.4 ms a call): in raw mail, 9 of 10 digit runs are one of those.
 */
function plausible(s: string, text: string, start: number): boolean {
  const digits = s.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  if (DOTTED_QUAD.test(s) || DATE_SHAPE.test(s)) return false;
  if (s.includes('/') && (s.includes('.') || s.indexOf('/') !== s.lastIndexOf('/'))) return false;
  const groups = s.replace(/^[+(]+/, '').split(/[^\d]+/).filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  if (groups.length > 1 && last.length === 1) return false;
  if (/\d\.\d/.test(s)) {
    // Dotted phone numbers look like 212.555.1234 or 1.800.555.1212; dotted versions do not.
    const national = s.replace(/^\+\d{1,3}[ .]/, '').replace(/\s*(?:x|ext\.?|extension)\s*\d{1,5}$/i, '');
    if (!/^\d{1,4}(?:\.\d{2,4}){2,4}$/.test(national) || /^\d\./.test(national) && !national.startsWith('1.')) return false;
  }
  // An unformatted digit run is as often an id or a timestamp: only with a context word.
  if (groups.length === 1 && !s.startsWith('+')) return hasContext(text, start, start + s.length, CONTEXT_WORDS.PHONE!);
  return true;
}

const CACHE_SIZE = 4096;

/** Creates a phone detector that reads national numbers as being from `defaultCountry`. */
export function createPhoneDetector(defaultCountry: CountryCode = 'US'): Detector {
  // Mail repeats the same numbers (signatures, footers): remember recent answers.
  const cache = new Map<string, Array<{ startsAt: number; endsAt: number; valid: boolean }>>();
  const parse = (s: string): Array<{ startsAt: number; endsAt: number; valid: boolean }> => {
    let r = cache.get(s);
    if (!r) {
      r = findPhoneNumbersInText(s, { defaultCountry }).map((n) => ({ startsAt: n.startsAt, endsAt: n.endsAt, valid: n.number.isValid() }));
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(s, r);
    }
    return r;
  };
  return {
    name: 'phone',
    types: ['PHONE'],
    detect(text) {
      const out: Finding[] = [];
      for (const m of text.matchAll(CANDIDATE)) {
        if (!plausible(m[0], text, m.index!)) continue;
        const base = m.index!;
        for (const n of parse(m[0])) {
          const valid = n.valid;
          // An unformatted digit run is as often an id or a timestamp as a phone number.
          const bare = /^\d+$/.test(m[0].slice(n.startsAt, n.endsAt));
          out.push({
            type: 'PHONE', start: base + n.startsAt, end: base + n.endsAt,
            confidence: !valid ? 0.3 : bare ? 0.4 : 0.7,
            rule: valid ? 'phone.libphonenumber.valid' : 'phone.libphonenumber.possible',
          });
        }
      }
      for (const m of text.matchAll(LOCAL)) {
        const start = m.index!;
        if (!hasContext(text, start, start + m[0].length, CONTEXT_WORDS.PHONE!)) continue;
        out.push({ type: 'PHONE', start, end: start + m[0].length, confidence: 0.35, rule: 'phone.local-with-context' });
      }
      return out;
    },
  };
}

export const phoneDetector: Detector = createPhoneDetector('US');
