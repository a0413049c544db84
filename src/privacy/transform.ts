/** Rewriting a text around its findings: typed placeholders, keyed pseudonyms, shape masks, keyed digests. */
import { createHmac } from 'node:crypto';
import { keyedDigest, type PseudonymKey } from '../core/index.js';
import { PII_TYPES, type Finding, type PiiType } from './types.js';

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
 * Keyed digests of the private values a text held, one per distinct value: the finding index
 * stored beside a redacted text, so that a deletion request naming the value (a person's
 * e-mail address) can find the texts it was in. Spellings of one value share a digest, as
 * they share a pseudonym.
 *
 * @example
 * findingDigests(text, detect(text), keys.current()) // ['k1f…:3be1…', …]
 */
export function findingDigests(text: string, findings: readonly Finding[], key: Pick<PseudonymKey, 'id' | 'key'>): string[] {
  return [...new Set(findings.map((f) => valueDigest(f.type, text.slice(f.start, f.end), key)))];
}

/**
 * The digests under which a value given by itself (a deletion request: "jane@example.com",
 * "415-555-2671") may sit in the finding index: as each type it could have been found as, under
 * each key. The value is not detected first, so a value the detectors would miss out of context
 * is still looked up.
 */
export function lookupDigests(value: string, keys: readonly Pick<PseudonymKey, 'id' | 'key'>[], types: readonly PiiType[] = PII_TYPES): string[] {
  const out = new Set<string>();
  for (const k of keys) for (const t of types) out.add(valueDigest(t, value, k));
  return [...out];
}

function valueDigest(type: PiiType, value: string, key: Pick<PseudonymKey, 'id' | 'key'>): string {
  return keyedDigest(key, 'finding', `${type}\u0000${normalize(type, value)}`);
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
