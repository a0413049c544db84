/** Rewriting a text around its findings: typed placeholders, keyed pseudonyms, shape masks. */
import { createHmac } from 'node:crypto';
import type { Finding, PiiType } from './types.js';

/**
 * Replaces each finding with `<TYPE>`. Findings must not overlap (as `detect` returns them).
 *
 * @example
 * redactText('mail bob@example.com', detect('mail bob@example.com')) // 'mail <EMAIL>'
 */
export function redactText(text: string, findings: readonly Finding[]): string {
  return replaceSpans(text, findings, (f) => `<${f.type}>`);
}

/**
 * Replaces each finding with `<TYPE_xxxxxxxxxx>`, where the suffix is a keyed HMAC-SHA256 of
 * the normalized value: the same value gives the same pseudonym in every text (so a head can
 * still learn "same sender"), and nobody without the key can reverse or confirm it.
 */
export function pseudonymizeText(text: string, findings: readonly Finding[], key: Uint8Array): string {
  return replaceSpans(text, findings, (f) => pseudonym(f.type, text.slice(f.start, f.end), key));
}

/** The pseudonym of one value of a type under `key`. */
export function pseudonym(type: PiiType, value: string, key: Uint8Array): string {
  const mac = createHmac('sha256', key).update(type).update('\u0000').update(normalize(type, value)).digest('hex');
  return `<${type}_${mac.slice(0, 10)}>`;
}

/**
 * The shape of a value with its content removed: letters become x/X, digits #, the rest
 * stays. Safe to show in reports ("###-###-####", "Xxxx Xxxxx").
 */
export function shapeMask(value: string): string {
  return value.replace(/[A-Z]/g, 'X').replace(/[a-z]/g, 'x').replace(/\d/g, '#').replace(/[^\sX x#@.:/\-+()_,]/g, '*');
}

/** Spellings of one value that should share a pseudonym ("+1 (415) 555-2671" = "415.555.2671"). */
function normalize(type: PiiType, value: string): string {
  switch (type) {
    case 'PHONE': {
      const d = value.replace(/\D/g, '');
      return d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
    }
    case 'CREDIT_CARD':
    case 'US_SSN':
      return value.replace(/\D/g, '');
    case 'IBAN':
      return value.replace(/\s/g, '').toUpperCase();
    case 'EMAIL':
    case 'URL':
    case 'MAC_ADDRESS':
    case 'IP_ADDRESS':
      return value.toLowerCase();
    default:
      return value.replace(/\s+/g, ' ').trim().toLowerCase();
  }
}

function replaceSpans(text: string, findings: readonly Finding[], by: (f: Finding) => string): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const f of sorted) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + by(f);
    at = f.end;
  }
  return out + text.slice(at);
}
