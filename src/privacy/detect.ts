/** Runs every detector over a text and resolves overlapping findings to one. */
import { UsageError } from '../core/index.js';
import { withContext } from './context.js';
import { addressDetector, createAddressDetector } from './detectors/address.js';
import { ageDetector } from './detectors/age.js';
import { dateWordsDetector } from './detectors/date-words.js';
import { licenceDetector } from './detectors/licence.js';
import { DEFAULT_REGIONS, parseRegions } from './detectors/regions.js';
import { creditCardDetector, ibanDetector, ssnDetector } from './detectors/financial.js';
import { cryptoDetector } from './detectors/crypto.js';
import { dateTimeDetector } from './detectors/date-time.js';
import { emailDetector, ipDetector, macDetector, urlDetector } from './detectors/network.js';
import { addressLines, organizationMentions } from './detectors/mentions.js';
import { namesDetector, nlpDetector } from './detectors/names.js';
import { organizationDetector } from './detectors/organizations.js';
import { personCuesDetector } from './detectors/person-cues.js';
import { createPhoneDetector, phoneDetector } from './detectors/phone.js';
import { mergeModelFindings, type NerStage } from './ner/index.js';
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
  'date-words': dateWordsDetector,
  age: ageDetector,
  'driver-license': licenceDetector,
  secret: secretDetector,
  names: namesDetector,
  'person-cues': personCuesDetector,
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
  /**
   * Countries (ISO 3166 alpha-2) whose national phone numbers and postal codes the rules read,
   * the first one the home region (default `DEFAULT_REGIONS`, a broad list starting with US).
   */
  regions?: readonly string[];
  /**
   * A loaded NER stage (`loadNer('onnx:DIR')`) whose `prepare` has seen this text: its PERSON,
   * LOCATION and ORGANIZATION findings join the rules' by the policy of `mergeModelFindings`.
   */
  ner?: NerStage;
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
  const detectors = [...builtIn(opts.regions), ...(opts.nlp ? [nlpDetector] : []), ...(opts.detectors ?? [])];
  const all: Finding[] = [];
  for (const d of detectors) {
    if (wanted && !d.types.some((t) => wanted.has(t))) continue;
    for (const f of d.detect(text)) {
      if (wanted && !wanted.has(f.type)) continue;
      // Names apply their own context (the cues are context); for the rest, boost here.
      all.push(d === namesDetector || d === nlpDetector || d === personCuesDetector ? f : withContext(text, f));
    }
  }
  const merged = opts.ner ? mergeModelFindings(all, opts.ner.findings(text).filter((f) => !wanted || wanted.has(f.type))) : all;
  const kept = merged.filter((f) => f.confidence >= min);
  // Passes over every detector's findings: organizations' acronyms and later mentions, address lines of places.
  if (!wanted || wanted.has('ORGANIZATION')) kept.push(...organizationMentions(text, kept).filter((f) => f.confidence >= min));
  if (!wanted || wanted.has('LOCATION')) kept.push(...addressLines(text, kept).filter((f) => f.confidence >= min));
  return resolveOverlaps(kept);
}

const DEFAULT_KEY = DEFAULT_REGIONS.join(',');
const byRegions = new Map<string, Detector[]>();

/** The built-in detectors, with the phone and address ones for these regions (made once per list). */
function builtIn(regions: readonly string[] | undefined): Detector[] {
  const key = regions ? regions.join(',') : DEFAULT_KEY;
  let ds = byRegions.get(key);
  if (!ds) {
    const list = regions ? parseRegions(regions) : DEFAULT_REGIONS;
    const phone = key === DEFAULT_KEY ? phoneDetector : createPhoneDetector(list);
    const address = key === DEFAULT_KEY ? addressDetector : createAddressDetector(list);
    ds = Object.values(DETECTORS).map((d) => (d === phoneDetector ? phone : d === addressDetector ? address : d));
    if (byRegions.size > 16) byRegions.clear();
    byRegions.set(key, ds);
  }
  return ds;
}

/** Validates user-given type names, naming the allowed set on error. */
export function checkTypes(types: readonly string[]): PiiType[] {
  const bad = types.filter((t) => !isPiiType(t));
  if (bad.length) throw new UsageError(`Unknown PII type ${bad.map((b) => `'${b}'`).join(', ')}; expected one of ${PII_TYPES.join(', ')}.`);
  return types as PiiType[];
}
