/** Runs every detector over a text and resolves overlapping findings to one. */
import { UsageError } from '../core/index.js';
import { withContext } from './context.js';
import { addressDetector } from './detectors/address.js';
import { creditCardDetector, ibanDetector, ssnDetector } from './detectors/financial.js';
import { cryptoDetector } from './detectors/crypto.js';
import { dateTimeDetector } from './detectors/date-time.js';
import { emailDetector, ipDetector, macDetector, urlDetector } from './detectors/network.js';
import { addressLines, organizationMentions } from './detectors/mentions.js';
import { namesDetector, nlpDetector } from './detectors/names.js';
import { organizationDetector } from './detectors/organizations.js';
import { phoneDetector } from './detectors/phone.js';
import { secretDetector } from './detectors/secret.js';
import { resolveOverlaps } from './resolve.js';
import { PII_TYPES, isPiiType, type Detector, type Finding, type PiiType } from './types.js';

/** The built-in detectors by name. Frozen: add detectors through `DetectOptions.detectors`. */
export const DETECTORS: Readonly<Record<string, Detector>> = Object.freeze({
  email: emailDetector,
  url: urlDetector,
  ip: ipDetector,
  mac: macDetector,
  'credit-card': creditCardDetector,
  iban: ibanDetector,
  'us-ssn': ssnDetector,
  phone: phoneDetector,
  crypto: cryptoDetector,
  'date-time': dateTimeDetector,
  secret: secretDetector,
  names: namesDetector,
  address: addressDetector,
  organizations: organizationDetector,
});

export interface DetectOptions {
  /** Only report these types (default: all). */
  types?: readonly PiiType[];
  /** Drop findings below this confidence, after context boosts (default 0.5). */
  minConfidence?: number;
  /** Also run compromise's full parser for PERSON/LOCATION/ORGANIZATION (slow, ~0.07 MB/s). */
  nlp?: boolean;
  /** Extra detectors to run beside the built-in ones. */
  detectors?: readonly Detector[];
}

/** Default confidence threshold: a finding must be more likely than not. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

/**
 * Finds private data in a text. Findings do not overlap and are sorted by start.
 *
 * @example
 * detect('Call me at (415) 555-2671')
 * // → [{ type: 'PHONE', start: 11, end: 25, confidence: 0.95, rule: 'phone.libphonenumber.valid' }]
 */
export function detect(text: string, opts: DetectOptions = {}): Finding[] {
  const wanted = opts.types ? new Set(checkTypes(opts.types)) : undefined;
  const min = opts.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const detectors = [...Object.values(DETECTORS), ...(opts.nlp ? [nlpDetector] : []), ...(opts.detectors ?? [])];
  const all: Finding[] = [];
  for (const d of detectors) {
    if (wanted && !d.types.some((t) => wanted.has(t))) continue;
    for (const f of d.detect(text)) {
      if (wanted && !wanted.has(f.type)) continue;
      // Names apply their own context; for the rest, boost here.
      all.push(d === namesDetector || d === nlpDetector ? f : withContext(text, f));
    }
  }
  const kept = all.filter((f) => f.confidence >= min);
  // Passes over every detector's findings: organizations' acronyms and later mentions, address lines of places.
  if (!wanted || wanted.has('ORGANIZATION')) kept.push(...organizationMentions(text, kept).filter((f) => f.confidence >= min));
  if (!wanted || wanted.has('LOCATION')) kept.push(...addressLines(text, kept).filter((f) => f.confidence >= min));
  return resolveOverlaps(kept);
}

/** Validates user-given type names, naming the allowed set on error. */
export function checkTypes(types: readonly string[]): PiiType[] {
  const bad = types.filter((t) => !isPiiType(t));
  if (bad.length) throw new UsageError(`Unknown PII type ${bad.map((b) => `'${b}'`).join(', ')}; expected one of ${PII_TYPES.join(', ')}.`);
  return types as PiiType[];
}
